import { EXTRA_TOPICS, SEED_TOPICS, tickerTopic } from "../../gateway/topic-catalog";

// The topic names come from the catalog (server/gateway/topic-catalog.ts), which types their payloads.

/** Topic names are matched case-insensitively; the lower-case form is the canonical one. */
export function canonicalTopic(name: string): string {
  return name.toLowerCase();
}

/** The fixed set of topics a legacy `/ws` client may subscribe to. */
export class LegacyTopicSet {
  private readonly names: readonly string[];
  private readonly lookup: ReadonlySet<string>;
  private readonly tickerSymbols: readonly string[];

  constructor(symbols: readonly string[]) {
    const tickers = new Set<string>();
    for (const raw of symbols) {
      const symbol = raw.trim();
      if (symbol === "") throw new RangeError("legacy ws topics: a symbol must not be empty");
      tickers.add(canonicalTopic(symbol));
    }
    this.tickerSymbols = [...tickers];
    this.names = [...SEED_TOPICS, ...EXTRA_TOPICS, ...this.tickerSymbols.map(tickerTopic)];
    this.lookup = new Set(this.names);
  }

  /** The canonical name of `name`, or undefined when it is not a topic of this set. */
  resolve(name: string): string | undefined {
    const canonical = canonicalTopic(name);
    return this.lookup.has(canonical) ? canonical : undefined;
  }

  get size(): number {
    return this.names.length;
  }

  list(): readonly string[] {
    return this.names;
  }

  /** A short human description of what is allowed, for error messages (does not list every ticker topic verbatim). */
  describe(): string {
    const tickers =
      this.tickerSymbols.length === 0
        ? "no ticker_{symbol} topics (no symbols configured)"
        : `ticker_{symbol} for symbols ${this.tickerSymbols.join(", ")}`;
    return `${[...SEED_TOPICS, ...EXTRA_TOPICS].join(", ")}; and ${tickers}`;
  }
}

/** All seed topics plus `ticker_{symbol}` for each configured symbol. */
export function legacyTopicsFor(symbols: readonly string[]): LegacyTopicSet {
  return new LegacyTopicSet(symbols);
}
