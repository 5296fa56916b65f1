import { DEFAULT_FUNDING_INTERVAL_MS, nextFundingAt } from "../portfolio/funding";

/** Bybit's interest component: 0.01 % per 8 h when the premium is small. */
const INTEREST_RATE = 0.0001;
/** How far the premium's pull toward the interest rate reaches (Bybit: ± 0.05 %). */
const INTEREST_CLAMP = 0.0005;
/** The cap on one settlement's rate (Bybit's widest for majors is ± 0.75 %). */
const RATE_CAP = 0.0075;
/** The modelled index: an exponential average of the mid with this time constant. */
const INDEX_TAU_MS = 3_600_000;

export interface FundingSettlementOptions {
  readonly intervalMs?: number;
  /** The exchange's announced rate for the next settlement (Bybit's tickers), when the feed has one. */
  readonly exchangeRate?: (symbol: string) => number | null;
}

export interface FundingRate {
  readonly rate: number;
  readonly source: "exchange" | "model";
}

/**
 * When paper positions settle funding, and at which rate: the exchange's announced rate when the
 * feed knows it, otherwise a modelled one built as Bybit builds its own: a premium (here, how far
 * the mid trades above its one-hour exponential average) pulled toward the 0.01 % interest rate
 * by at most 0.05 %, capped at ± 0.75 %. Time comes only from the ticks, so replay settles alike.
 */
export class FundingSettlement {
  readonly intervalMs: number;
  private next: number | null = null;
  private readonly index = new Map<string, { value: number; at: number; mid: number }>();

  constructor(private readonly o: FundingSettlementOptions = {}) {
    this.intervalMs = o.intervalMs ?? DEFAULT_FUNDING_INTERVAL_MS;
    if (!(this.intervalMs > 0)) throw new RangeError(`funding interval must be positive, got ${this.intervalMs}`);
  }

  /** Follows a symbol's mid for the modelled rate. */
  observe(symbol: string, mid: number, at: number): void {
    const prev = this.index.get(symbol);
    if (prev === undefined || at <= prev.at) {
      if (prev === undefined) this.index.set(symbol, { value: mid, at, mid });
      else prev.mid = mid;
      return;
    }
    const w = 1 - Math.exp(-(at - prev.at) / INDEX_TAU_MS);
    prev.value += w * (mid - prev.value);
    prev.at = at;
    prev.mid = mid;
  }

  /** True once per funding time reached; the first call only sets the next one. */
  due(now: number): boolean {
    if (this.next === null) {
      this.next = nextFundingAt(now, this.intervalMs);
      return false;
    }
    if (now < this.next) return false;
    this.next = nextFundingAt(now, this.intervalMs);
    return true;
  }

  nextAt(): number | null {
    return this.next;
  }

  rate(symbol: string): FundingRate | null {
    const announced = this.o.exchangeRate?.(symbol) ?? null;
    if (announced !== null && Number.isFinite(announced)) return { rate: announced, source: "exchange" };
    const i = this.index.get(symbol);
    if (i === undefined || !(i.value > 0)) return null;
    const premium = (i.mid - i.value) / i.value;
    const pull = Math.min(INTEREST_CLAMP, Math.max(-INTEREST_CLAMP, INTEREST_RATE - premium));
    return { rate: Math.min(RATE_CAP, Math.max(-RATE_CAP, premium + pull)), source: "model" };
  }
}
