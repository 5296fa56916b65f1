import type { Tick } from "../model/market";

const WINDOW_MS = 60_000;
const BUCKET_MS = 1_000;

/** The seed's market_metrics_short, plus the 1-minute change the regime needs. */
export interface SymbolMetrics {
  readonly symbol: string;
  readonly lastPrice: number;
  /** Percent change of the last price over the trailing minute (0 until a minute of data exists). */
  readonly priceChange1mPct: number;
  /** (ask - bid) / mid, in percent, at the last tick. */
  readonly spreadPct: number;
  /** Quote volume over the trailing minute. */
  readonly volume1m: number;
  /** Seconds since the last tick, by the engine clock; Infinity when none arrived yet. */
  readonly lastTickAgeSec: number;
  /** How much of the trailing minute the metrics cover, in seconds (< 60 right after start). */
  readonly coverageSec: number;
}

interface Bucket {
  second: number;
  lastPrice: number;
  volume: number;
}

interface SymbolWindow {
  readonly buckets: Bucket[];
  lastTs: number;
  bid: number;
  ask: number;
  last: number;
}

/**
 * Rolling one-minute metrics per symbol. Ticks are folded into one-second buckets, so the state per
 * symbol is at most ~61 small objects whatever the tick rate.
 */
export class SymbolMetricsTracker {
  private readonly windows = new Map<string, SymbolWindow>();

  onTick(tick: Tick): void {
    let w = this.windows.get(tick.symbol);
    if (w === undefined) {
      w = { buckets: [], lastTs: tick.ts, bid: tick.bid, ask: tick.ask, last: tick.last };
      this.windows.set(tick.symbol, w);
    }
    if (tick.ts < w.lastTs) return;
    w.lastTs = tick.ts;
    w.bid = tick.bid;
    w.ask = tick.ask;
    w.last = tick.last;
    const second = Math.floor(tick.ts / BUCKET_MS);
    const top = w.buckets[w.buckets.length - 1];
    if (top !== undefined && top.second === second) {
      top.lastPrice = tick.last;
      top.volume += tick.volume;
    } else {
      w.buckets.push({ second, lastPrice: tick.last, volume: tick.volume });
    }
    this.trim(w, tick.ts);
  }

  get(symbol: string, now: number): SymbolMetrics | undefined {
    const w = this.windows.get(symbol);
    if (w === undefined) return undefined;
    this.trim(w, now);
    const windowStart = Math.floor((now - WINDOW_MS) / BUCKET_MS);
    // The reference price is the last one at or before the window's start; the bucket kept by trim.
    const first = w.buckets[0];
    const reference = first !== undefined && first.second <= windowStart ? first.lastPrice : undefined;
    let volume = 0;
    for (const b of w.buckets) if (b.second > windowStart) volume += b.volume;
    const mid = (w.bid + w.ask) / 2;
    const oldest = first === undefined ? now : first.second * BUCKET_MS;
    return {
      symbol,
      lastPrice: w.last,
      priceChange1mPct: reference === undefined || reference === 0 ? 0 : ((w.last - reference) / reference) * 100,
      spreadPct: mid > 0 ? ((w.ask - w.bid) / mid) * 100 : 0,
      volume1m: volume,
      lastTickAgeSec: Math.max(0, (now - w.lastTs) / 1000),
      coverageSec: Math.min(60, Math.max(0, (now - oldest) / 1000)),
    };
  }

  symbols(): string[] {
    return [...this.windows.keys()];
  }

  /** Drops buckets older than the window, keeping the newest one at or before its start as reference. */
  private trim(w: SymbolWindow, now: number): void {
    const windowStart = Math.floor((now - WINDOW_MS) / BUCKET_MS);
    let drop = 0;
    while (drop + 1 < w.buckets.length && (w.buckets[drop + 1]?.second ?? Number.POSITIVE_INFINITY) <= windowStart)
      drop++;
    if (drop > 0) w.buckets.splice(0, drop);
  }
}
