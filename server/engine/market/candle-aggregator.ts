import { type Candle, TIMEFRAME_MS, TIMEFRAMES, type Tick, type Timeframe } from "../model/market";
import { CandleRing } from "./candle-ring";

export interface CandleAggregatorOptions {
  readonly timeframes?: readonly Timeframe[];
  /** Closed bars kept per symbol and timeframe. */
  readonly historyLimit?: number;
}

export interface CandleAggregatorStats {
  readonly ticks: number;
  /** Ticks older than a forming (or already closed) bar: ignored so they cannot rewrite history. */
  readonly ignoredOutOfOrder: number;
  /** Ticks with a non-finite or non-positive price, or a negative or non-finite volume. */
  readonly ignoredInvalid: number;
}

export interface SeedResult {
  readonly loaded: number;
  /** Candles for an unconfigured timeframe, misaligned to their timeframe, or not older than the forming bar. */
  readonly skipped: number;
}

const NO_CANDLES: readonly Candle[] = Object.freeze([]);

/** One symbol and timeframe: the forming bar as plain fields (mutated in place per tick) and the closed bars. */
class Series {
  readonly tfMs: number;
  readonly ring: CandleRing;
  hasForming = false;
  openTime = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  trades = 0;
  /** The earliest tick time this series still accepts. */
  minTs = Number.NEGATIVE_INFINITY;

  constructor(
    readonly symbol: string,
    readonly timeframe: Timeframe,
    historyLimit: number,
  ) {
    this.tfMs = TIMEFRAME_MS[timeframe];
    this.ring = new CandleRing(historyLimit);
  }

  start(openTime: number, price: number, volume: number): void {
    this.hasForming = true;
    this.openTime = openTime;
    this.open = price;
    this.high = price;
    this.low = price;
    this.close = price;
    this.volume = volume;
    this.trades = 1;
    this.minTs = openTime;
  }

  update(price: number, volume: number): void {
    if (price > this.high) this.high = price;
    if (price < this.low) this.low = price;
    this.close = price;
    this.volume += volume;
    this.trades++;
  }

  snapshot(): Candle {
    return {
      symbol: this.symbol,
      timeframe: this.timeframe,
      openTime: this.openTime,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: this.volume,
      trades: this.trades,
    };
  }

  closeForming(): Candle {
    const candle = this.snapshot();
    this.ring.push(candle);
    this.hasForming = false;
    this.minTs = this.openTime + this.tfMs;
    return candle;
  }
}

/**
 * Builds OHLCV candles per symbol and timeframe from ticks. A bar closes when a tick of a later bucket
 * arrives (or when closeUpTo passes its end); gaps with no ticks produce no bars.
 */
export class CandleAggregator {
  private readonly timeframes: readonly Timeframe[];
  private readonly historyLimit: number;
  private readonly bySymbol = new Map<string, Series[]>();
  private ticks = 0;
  private ignoredOutOfOrder = 0;
  private ignoredInvalid = 0;

  constructor({ timeframes = TIMEFRAMES, historyLimit = 1000 }: CandleAggregatorOptions = {}) {
    if (timeframes.length === 0) throw new RangeError("at least one timeframe is required");
    if (!Number.isInteger(historyLimit) || historyLimit < 1) {
      throw new RangeError("historyLimit must be a positive integer");
    }
    this.timeframes = [...new Set(timeframes)];
    this.historyLimit = historyLimit;
  }

  /** Returns the candles this tick closed (usually none; the shared empty array is returned then). */
  onTick(tick: Tick): readonly Candle[] {
    const { ts, last: price, volume } = tick;
    if (!Number.isFinite(ts) || !Number.isFinite(price) || price <= 0 || !(volume >= 0) || volume === Infinity) {
      this.ignoredInvalid++;
      return NO_CANDLES;
    }
    const series = this.bySymbol.get(tick.symbol) ?? this.addSymbol(tick.symbol);
    // Checked for every timeframe before touching any, so a late tick leaves all bars consistent.
    for (const s of series) {
      if (ts < s.minTs) {
        this.ignoredOutOfOrder++;
        return NO_CANDLES;
      }
    }
    this.ticks++;
    let closed: Candle[] | undefined;
    for (const s of series) {
      if (s.hasForming && ts < s.openTime + s.tfMs) {
        s.update(price, volume);
        continue;
      }
      if (s.hasForming) {
        if (closed === undefined) closed = [];
        closed.push(s.closeForming());
      }
      s.start(Math.floor(ts / s.tfMs) * s.tfMs, price, volume);
    }
    return closed ?? NO_CANDLES;
  }

  /** Closes every forming bar whose period has ended by `now`, for symbols that have gone quiet. */
  closeUpTo(now: number): Candle[] {
    const closed: Candle[] = [];
    for (const series of this.bySymbol.values()) {
      for (const s of series) if (s.hasForming && s.openTime + s.tfMs <= now) closed.push(s.closeForming());
    }
    return closed;
  }

  forming(symbol: string, timeframe: Timeframe): Candle | undefined {
    const s = this.find(symbol, timeframe);
    return s?.hasForming ? s.snapshot() : undefined;
  }

  /** Closed bars oldest first, then the forming bar; at most `limit` candles, the most recent ones. */
  history(symbol: string, timeframe: Timeframe, limit = this.historyLimit + 1): Candle[] {
    const s = this.find(symbol, timeframe);
    if (s === undefined || limit <= 0) return [];
    const closed = s.ring.toArray(s.hasForming ? limit - 1 : limit);
    if (s.hasForming) closed.push(s.snapshot());
    return closed;
  }

  /** Loads persisted closed candles (e.g. at start-up); merges with what is held, oldest first, last copy wins. */
  seed(candles: readonly Candle[]): SeedResult {
    const groups = new Map<Series, Candle[]>();
    let skipped = 0;
    for (const c of candles) {
      const s = this.timeframes.includes(c.timeframe)
        ? (this.find(c.symbol, c.timeframe) ?? this.findAfterAdd(c.symbol, c.timeframe))
        : undefined;
      if (s === undefined || c.openTime % s.tfMs !== 0 || (s.hasForming && c.openTime >= s.openTime)) {
        skipped++;
        continue;
      }
      const group = groups.get(s);
      if (group === undefined) groups.set(s, [c]);
      else group.push(c);
    }
    let loaded = 0;
    for (const [s, group] of groups) {
      const byOpenTime = new Map<number, Candle>();
      for (const c of s.ring.toArray()) byOpenTime.set(c.openTime, c);
      for (const c of group) byOpenTime.set(c.openTime, c);
      const merged = [...byOpenTime.values()].sort((a, b) => a.openTime - b.openTime);
      s.ring.clear();
      for (const c of merged.slice(-this.historyLimit)) s.ring.push(c);
      loaded += group.length;
      const newest = s.ring.last();
      if (!s.hasForming && newest !== undefined) s.minTs = Math.max(s.minTs, newest.openTime + s.tfMs);
    }
    return { loaded, skipped };
  }

  symbols(): string[] {
    return [...this.bySymbol.keys()];
  }

  stats(): CandleAggregatorStats {
    return { ticks: this.ticks, ignoredOutOfOrder: this.ignoredOutOfOrder, ignoredInvalid: this.ignoredInvalid };
  }

  private find(symbol: string, timeframe: Timeframe): Series | undefined {
    const series = this.bySymbol.get(symbol);
    if (series === undefined) return undefined;
    for (const s of series) if (s.timeframe === timeframe) return s;
    return undefined;
  }

  private findAfterAdd(symbol: string, timeframe: Timeframe): Series | undefined {
    this.addSymbol(symbol);
    return this.find(symbol, timeframe);
  }

  private addSymbol(symbol: string): Series[] {
    const series = this.timeframes.map((tf) => new Series(symbol, tf, this.historyLimit));
    this.bySymbol.set(symbol, series);
    return series;
  }
}
