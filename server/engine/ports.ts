import type { EngineTransitionRecord } from "./lifecycle/engine-state";
import type { Candle, Tick, Timeframe } from "./market/types";

/** A source of ticks: the synthetic market, a recorded file, or an exchange. */
export interface MarketDataFeed {
  readonly name: string;
  readonly symbols: readonly string[];
  /** Starts delivering ticks to sink. Calling start twice without stop is an error. */
  start(sink: (tick: Tick) => void): void;
  stop(): void;
  /** Resolves when a finite feed (a replay) has delivered its last tick; never for endless feeds. */
  readonly done: Promise<void>;
}

/** What the engine hands to persistence. Writes are queued and batched: the engine never awaits them. */
export type StoreRecord =
  | { readonly kind: "candle"; readonly candle: Candle }
  | { readonly kind: "engine_transition"; readonly transition: EngineTransitionRecord };

export interface EngineStore {
  /** Queues a record; never blocks, never throws. */
  enqueue(record: StoreRecord): void;
  /** Writes everything queued so far; resolves when it is durable. */
  flush(): Promise<void>;
  /** Most recent candles, oldest first, for a warm start after a restart. */
  loadCandles(symbol: string, timeframe: Timeframe, limit: number): Promise<Candle[]>;
  /** Records queued but not yet written (for telemetry). */
  pendingCount(): number;
}
