import { RestClientV5, WebsocketClient } from "bybit-api";
import type { z } from "zod";
import type { Clock, TimerId } from "../../engine/clock";
import type { Tick } from "../../engine/model/market";
import type { FeedConnection, MarketDataFeed } from "../../engine/ports";
import { barToTicks } from "../feeds/replay/record-ticks";
import type { InstrumentRules } from "./broker/order-rules";
import type { BybitEndpoints } from "./endpoints";
import { restCall } from "./rest-call";
import { TopOfBook } from "./top-of-book";
import { parsePublicMessage, type TradeMessage } from "./v5/market-messages";
import { instrumentsResult, klinesResult, tickersResult } from "./v5/market-rest";

export interface BybitFeedLogger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

export interface BybitMarketFeedOptions {
  readonly symbols: readonly string[];
  readonly endpoints: BybitEndpoints;
  readonly clock: Clock;
  readonly logger?: BybitFeedLogger;
  /** The SDK's heartbeat: a ping every pingMs, a reconnect when no pong within pongTimeoutMs. */
  readonly pingMs?: number;
  readonly pongTimeoutMs?: number;
  readonly reconnectDelayMs?: number;
}

const KLINE_PAGE = 1000;
const MAX_INSTRUMENT_PAGES = 10;
/** History has no quotes: its ticks get a nominal spread around each price. */
const BACKFILL_SPREAD_BPS = 1;
const MINUTE = 60_000;
/** How often the announced funding rates are read (one tickers request; the rate changes slowly). */
const FUNDING_REFRESH_MS = 300_000;

interface SymbolState {
  readonly book: TopOfBook;
  last: number | null;
  /** Quote volume traded since the last tick. */
  volume: number;
}

/**
 * Bybit v5 linear market data (`MARKET_FEED=bybit`): the public WebSocket's top of book
 * (`orderbook.1`) and trades (`publicTrade`) become the engine's ticks; instrument rules and
 * history come over REST. The SDK (bybit-api) pings, reconnects and resubscribes; what it does not
 * do is ours: after a reconnect the books wait for fresh snapshots and a REST re-sync of the
 * tickers fills the silence; an order-book gap resubscribes that book for a new snapshot.
 */
export class BybitMarketFeed implements MarketDataFeed {
  readonly name = "bybit";
  /** An exchange's stream never ends by itself. */
  readonly done = new Promise<void>(() => undefined);
  private readonly rest: RestClientV5;
  private ws: WebsocketClient | null = null;
  private sink: ((tick: Tick) => void) | null = null;
  private readonly state = new Map<string, SymbolState>();
  private readonly rules = new Map<string, InstrumentRules>();
  private readonly fundingRates = new Map<string, number>();
  private fundingTimer: TimerId | null = null;
  private status: { -readonly [K in keyof FeedConnection]: FeedConnection[K] } = {
    state: "idle",
    lastMessageAt: null,
    reconnects: 0,
    resyncs: 0,
    bookGaps: 0,
    rejectedMessages: 0,
    lastError: null,
    restOk: true,
  };

  constructor(private readonly o: BybitMarketFeedOptions) {
    this.rest = new RestClientV5({ baseUrl: o.endpoints.rest, parse_exceptions: true });
    for (const symbol of o.symbols) this.state.set(symbol, { book: new TopOfBook(), last: null, volume: 0 });
  }

  get symbols(): readonly string[] {
    return this.o.symbols;
  }

  /** Loads every symbol's instrument rules; throws, saying which, when a symbol is not traded. */
  async prepare(): Promise<void> {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_INSTRUMENT_PAGES; page++) {
      const answer = await this.restAnswer(
        () => this.rest.getInstrumentsInfo({ category: "linear", limit: 1000, ...(cursor ? { cursor } : {}) }),
        instrumentsResult,
      );
      if (!answer.ok) throw new Error(`Bybit instruments-info at ${this.o.endpoints.rest}: ${answer.error}`);
      for (const instrument of answer.value.list)
        if (instrument.status === "Trading") this.rules.set(instrument.symbol, rulesOf(instrument));
      cursor = answer.value.nextPageCursor || undefined;
      if (cursor === undefined) break;
    }
    const missing = this.o.symbols.filter((s) => !this.rules.has(s));
    if (missing.length > 0)
      throw new Error(`Bybit does not trade ${missing.join(", ")} as linear perpetuals; remove them from SYMBOLS`);
  }

  tickSize(symbol: string): number | undefined {
    return this.rules.get(symbol)?.tickSize;
  }

  /** The symbol's order rules (tick, lot, minimum notional), known after prepare(). */
  instrumentRules(symbol: string): InstrumentRules | undefined {
    return this.rules.get(symbol);
  }

  connection(): FeedConnection {
    return { ...this.status };
  }

  /** The rate Bybit announces for the symbol's next funding settlement (its tickers, every 5 min). */
  fundingRate(symbol: string): number | null {
    return this.fundingRates.get(symbol) ?? null;
  }

  start(sink: (tick: Tick) => void): void {
    if (this.ws !== null) throw new Error("BybitMarketFeed.start called twice without stop");
    this.sink = sink;
    const ws = new WebsocketClient(
      {
        wsUrl: this.o.endpoints.wsPublic,
        pingInterval: this.o.pingMs ?? 8_000,
        pongTimeout: this.o.pongTimeoutMs ?? 1_000,
        reconnectTimeout: this.o.reconnectDelayMs ?? 500,
      },
      silentSdkLogger,
    );
    this.ws = ws;
    this.status.state = "connecting";
    ws.on("update", (event: unknown) => this.onMessage(event));
    ws.on("open", () => {
      this.status.state = "connected";
    });
    ws.on("reconnect", () => {
      this.status.state = "reconnecting";
      for (const s of this.state.values()) s.book.reset();
    });
    ws.on("reconnected", () => {
      this.status.state = "connected";
      this.status.reconnects++;
      this.o.logger?.info({ reconnects: this.status.reconnects }, "bybit: public stream reconnected");
      void this.resync();
    });
    ws.on("exception", (event: unknown) => {
      this.status.lastError = describeEvent(event);
      this.o.logger?.warn({ error: this.status.lastError }, "bybit: public stream error");
    });
    // The SDK's subscribe promises settle on its own; a refused topic shows as an exception event.
    void Promise.allSettled(ws.subscribeV5(this.topics(), "linear"));
    void this.refreshFunding();
    this.fundingTimer = this.o.clock.setRepeating(() => void this.refreshFunding(), FUNDING_REFRESH_MS);
  }

  private async refreshFunding(): Promise<void> {
    const answer = await this.restAnswer(() => this.rest.getTickers({ category: "linear" }), tickersResult);
    if (answer.ok) this.noteFunding(answer.value.list);
  }

  private noteFunding(list: readonly { symbol: string; fundingRate: number | null }[]): void {
    for (const t of list)
      if (this.state.has(t.symbol) && t.fundingRate !== null && Number.isFinite(t.fundingRate))
        this.fundingRates.set(t.symbol, t.fundingRate);
  }

  stop(): void {
    if (this.fundingTimer !== null) this.o.clock.clearTimer(this.fundingTimer);
    this.fundingTimer = null;
    const ws = this.ws;
    this.ws = null;
    this.sink = null;
    this.status.state = "stopped";
    ws?.closeAll(true);
  }

  /** History over REST: one-minute klines per symbol, oldest first, as four ticks per bar. */
  async *backfill(fromTs: number, toTs: number): AsyncIterable<Tick> {
    for (const symbol of this.o.symbols) {
      const bars: number[][] = [];
      for (let end = toTs; end > fromTs; ) {
        const answer = await this.restAnswer(
          () =>
            this.rest.getKline({ category: "linear", symbol, interval: "1", start: fromTs, end, limit: KLINE_PAGE }),
          klinesResult,
        );
        if (!answer.ok) {
          this.o.logger?.warn({ symbol, error: answer.error }, "bybit: kline backfill failed; starting without it");
          break;
        }
        const page = answer.value.list.filter((bar) => bar[0] >= fromTs && bar[0] + MINUTE <= toTs);
        if (page.length === 0) break;
        bars.push(...page);
        const oldest = Math.min(...page.map((bar) => bar[0]));
        if (oldest <= fromTs || answer.value.list.length < KLINE_PAGE) break;
        end = oldest - 1;
      }
      bars.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
      for (const [ts = 0, open = 0, high = 0, low = 0, close = 0, volume = 0, turnover = 0] of bars)
        yield* barToTicks(
          { kind: "bar", ts, open, high, low, close, volume: turnover || volume * close },
          symbol,
          BACKFILL_SPREAD_BPS,
        );
    }
  }

  /** A REST call whose outcome is the feed's rest_ok. */
  private async restAnswer<S extends Parameters<typeof restCall>[1]>(call: () => Promise<unknown>, schema: S) {
    const answer = await restCall(call, schema);
    this.status.restOk = answer.ok;
    if (!answer.ok) this.status.lastError = answer.error;
    return answer;
  }

  private topics(): string[] {
    return this.o.symbols.flatMap((s) => [`orderbook.1.${s}`, `publicTrade.${s}`]);
  }

  private onMessage(event: unknown): void {
    const { wsKey: _key, ...message } = (event ?? {}) as Record<string, unknown>;
    this.status.lastMessageAt = this.o.clock.now();
    const parsed = parsePublicMessage(message);
    if (!parsed.ok) {
      this.status.rejectedMessages++;
      if (this.status.rejectedMessages % 1000 === 1)
        this.o.logger?.warn({ error: parsed.error, count: this.status.rejectedMessages }, "bybit: dropped a message");
      return;
    }
    const { value } = parsed;
    if (value.kind === "trade") this.onTrades(value.message);
    else if (value.kind === "orderbook") {
      const symbol = value.message.data.s;
      const state = this.state.get(symbol);
      if (state === undefined) return;
      const update = state.book.apply(value.message);
      if (update.kind === "gap") this.rebuild(symbol, update.expected, update.got);
      else if (update.kind === "top") this.emit(symbol, state);
    }
  }

  private onTrades(message: TradeMessage): void {
    for (const trade of message.data) {
      const state = this.state.get(trade.s);
      if (state === undefined) continue;
      state.last = trade.p;
      state.volume += trade.p * trade.v;
    }
  }

  private emit(symbol: string, state: SymbolState): void {
    const top = state.book.top();
    if (top === null || this.sink === null) return;
    const tick: Tick = {
      symbol,
      ts: this.o.clock.now(),
      bid: top.bid,
      ask: top.ask,
      last: state.last ?? (top.bid + top.ask) / 2,
      bidSize: top.bidSize,
      askSize: top.askSize,
      volume: state.volume,
    };
    state.volume = 0;
    this.sink(tick);
  }

  /** A delta that skipped updates: drop the book and ask for a fresh snapshot of it. */
  private rebuild(symbol: string, expected: number | null, got: number): void {
    if (expected === null) return; // deltas before the first snapshot after a (re)subscribe
    this.status.bookGaps++;
    this.o.logger?.warn({ symbol, expected, got }, "bybit: order book gap; resubscribing for a snapshot");
    const ws = this.ws;
    if (ws === null) return;
    const topic = `orderbook.1.${symbol}`;
    void Promise.allSettled(ws.unsubscribeV5(topic, "linear")).then(() => {
      if (this.ws === ws) void Promise.allSettled(ws.subscribeV5(topic, "linear"));
    });
  }

  /** After a reconnect: the tickers' REST snapshot, so prices move on before the books refill. */
  private async resync(): Promise<void> {
    const answer = await this.restAnswer(() => this.rest.getTickers({ category: "linear" }), tickersResult);
    if (!answer.ok) {
      this.status.lastError = answer.error;
      this.o.logger?.warn({ error: answer.error }, "bybit: re-sync after reconnect failed");
      return;
    }
    this.status.resyncs++;
    this.noteFunding(answer.value.list);
    for (const t of answer.value.list) {
      const state = this.state.get(t.symbol);
      if (state === undefined || this.sink === null || t.bid1Price === null || t.ask1Price === null) continue;
      state.last = t.lastPrice;
      this.sink({
        symbol: t.symbol,
        ts: this.o.clock.now(),
        bid: t.bid1Price,
        ask: t.ask1Price,
        last: t.lastPrice,
        bidSize: t.bid1Size ?? 0,
        askSize: t.ask1Size ?? 0,
        volume: 0,
      });
    }
  }
}

function describeEvent(event: unknown): string {
  if (event instanceof Error) return event.message;
  if (typeof event === "object" && event !== null) {
    const e = event as { ret_msg?: unknown; message?: unknown; type?: unknown };
    return String(e.ret_msg ?? e.message ?? e.type ?? "error").slice(0, 200);
  }
  return String(event).slice(0, 200);
}

/** The SDK logs to the console by default; HEAN logs what matters itself. */
const silentSdkLogger = { trace: () => undefined, info: () => undefined, error: () => undefined };

/** instruments-info's filters as the broker's order rules. */
function rulesOf(i: z.output<typeof instrumentsResult>["list"][number]): InstrumentRules {
  const lot = i.lotSizeFilter;
  return {
    symbol: i.symbol,
    tickSize: i.priceFilter.tickSize,
    qtyStep: lot.qtyStep ?? lot.basePrecision ?? lot.minOrderQty,
    minOrderQty: lot.minOrderQty,
    maxOrderQty: lot.maxOrderQty,
    maxMarketQty: lot.maxMktOrderQty ?? lot.maxOrderQty,
    minNotional: lot.minNotionalValue ?? 0,
  };
}
