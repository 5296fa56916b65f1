import type { EngineTransitionRecord } from "../../engine/lifecycle/engine-state";
import type { Candle, Timeframe } from "../../engine/market/types";
import type { EngineStore, StoreRecord } from "../../engine/ports";

/**
 * EngineStore kept in process memory, for tests and benchmarks (persistence off). Records are
 * applied on enqueue, so nothing is ever pending; candles are upserted by (symbol, timeframe, openTime).
 */
export class MemoryEngineStore implements EngineStore {
  private readonly series = new Map<string, Map<number, Candle>>();
  private readonly transitionLog: EngineTransitionRecord[] = [];
  private recordCount = 0;

  enqueue(record: StoreRecord): void {
    this.recordCount++;
    if (record.kind === "engine_transition") {
      this.transitionLog.push(record.transition);
      return;
    }
    const c = record.candle;
    const key = seriesKey(c.symbol, c.timeframe);
    let bars = this.series.get(key);
    if (!bars) {
      bars = new Map();
      this.series.set(key, bars);
    }
    bars.set(c.openTime, c);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  async loadCandles(symbol: string, timeframe: Timeframe, limit: number): Promise<Candle[]> {
    if (limit <= 0) return [];
    const bars = [...(this.series.get(seriesKey(symbol, timeframe))?.values() ?? [])];
    bars.sort((a, b) => a.openTime - b.openTime);
    return bars.slice(-Math.floor(limit));
  }

  pendingCount(): number {
    return 0;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Every transition enqueued, in order. */
  transitions(): readonly EngineTransitionRecord[] {
    return this.transitionLog;
  }

  /** Number of bars stored across all series. */
  candleCount(): number {
    let n = 0;
    for (const bars of this.series.values()) n += bars.size;
    return n;
  }

  /** Records enqueued so far, including candle updates. */
  enqueuedCount(): number {
    return this.recordCount;
  }
}

function seriesKey(symbol: string, timeframe: string): string {
  return `${symbol}\u0000${timeframe}`;
}
