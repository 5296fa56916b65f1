import type { EngineTransitionRecord } from "./model/engine-state";
import type { Candle, Tick, Timeframe } from "./model/market";
import type {
  AccountRecord,
  AuditRecord,
  ChangelogRecord,
  DecisionRecord,
  EquitySnapshotRecord,
  FundingPayment,
} from "./model/records";
import type { Fill, Order, Position } from "./model/trading";
import type { RiskTransition } from "./risk/risk-governor";

/** How an exchange feed's connection is doing (a local feed has none). */
export interface FeedConnection {
  readonly state: "idle" | "connecting" | "connected" | "reconnecting" | "stopped";
  /** Engine-clock time of the last message received. */
  readonly lastMessageAt: number | null;
  readonly reconnects: number;
  /** REST re-syncs after reconnects. */
  readonly resyncs: number;
  /** Order-book gaps seen (each rebuilt from a fresh snapshot). */
  readonly bookGaps: number;
  /** Messages that failed validation and were dropped. */
  readonly rejectedMessages: number;
  readonly lastError: string | null;
  /** Whether the last REST call (instruments, history, re-sync) was answered. */
  readonly restOk: boolean;
}

/** A source of ticks: the synthetic market, a recorded file, or an exchange. */
export interface MarketDataFeed {
  readonly name: string;
  readonly symbols: readonly string[];
  /**
   * Loads what the feed needs before it starts (an exchange's instrument rules). The composition
   * calls it once; a failure stops start-up with its message.
   */
  prepare?(): Promise<void>;
  /** Starts delivering ticks to sink. Calling start twice without stop is an error. */
  start(sink: (tick: Tick) => void): void;
  stop(): void;
  /** Resolves when a finite feed (a replay) has delivered its last tick; never for endless feeds. */
  readonly done: Promise<void>;
  /**
   * Recent history from before start, oldest first, as an exchange serves recent klines: the engine
   * builds candles from it on a fresh install so strategies need not wait for live bars.
   */
  backfill?(fromTs: number, toTs: number): Iterable<Tick> | AsyncIterable<Tick>;
  /**
   * For a feed that makes its own prices (the synthetic market): continue from these last known
   * prices, so a restart does not jump back to where the feed starts (and trip every stop).
   */
  resumeFrom?(lastPrices: ReadonlyMap<string, number>): void;
  /** The symbol's price increment (Bybit: instruments-info priceFilter.tickSize), when the feed knows it. */
  tickSize?(symbol: string): number | undefined;
  /** An exchange feed's connection, for /health and the dashboard. */
  connection?(): FeedConnection;
  /** The exchange's announced funding rate for the symbol's next settlement; null when not known yet. */
  fundingRate?(symbol: string): number | null;
}

/** What the engine hands to persistence. Writes are queued and batched: the engine never awaits them. */
export type StoreRecord =
  | { readonly kind: "candle"; readonly candle: Candle }
  | { readonly kind: "engine_transition"; readonly transition: EngineTransitionRecord }
  | { readonly kind: "decision"; readonly decision: DecisionRecord }
  /** The order's latest state (upsert by client order id). */
  | { readonly kind: "order"; readonly order: Order }
  | { readonly kind: "fill"; readonly fill: Fill }
  | { readonly kind: "funding"; readonly payment: FundingPayment }
  | { readonly kind: "changelog"; readonly entry: ChangelogRecord }
  | { readonly kind: "audit"; readonly entry: AuditRecord }
  /** The symbol's position now; null when it is closed (the row is deleted). */
  | { readonly kind: "position"; readonly symbol: string; readonly position: Position | null }
  | { readonly kind: "account"; readonly account: AccountRecord }
  | { readonly kind: "equity"; readonly snapshot: EquitySnapshotRecord }
  /** A risk governor transition or clear (appended). */
  | { readonly kind: "risk_event"; readonly event: RiskTransition }
  /** The latest state of a risk component (upsert by id): the governor, profit capture. */
  | { readonly kind: "risk_state"; readonly id: string; readonly at: number; readonly snapshot: object };

/** What a restart restores: a consistent prefix of what was written, in write order. */
export interface TradingState {
  readonly account: AccountRecord | null;
  readonly positions: readonly Position[];
  /** Orders not yet final (NEW, PARTIALLY_FILLED). */
  readonly openOrders: readonly Order[];
  /** Decisions since `since`, oldest first (cooldowns and the 5-minute reason counts need them). */
  readonly recentDecisions: readonly DecisionRecord[];
  /** The newest fill's time, for last_fill_ts. */
  readonly lastFillAt: number | null;
  /**
   * Ids of the fills of the day before the newest one (at most RECENT_FILL_IDS_LIMIT, newest kept):
   * an exchange's executions already recorded, so a reconciliation counts each one once.
   */
  readonly recentFillIds: readonly string[];
  /** The latest risk_state snapshots by id. */
  readonly riskStates: Readonly<Record<string, unknown>>;
}

/** How far before the newest fill recentFillIds reaches, and how many it holds at most. */
export const RECENT_FILL_IDS_WINDOW_MS = 24 * 3_600_000;
export const RECENT_FILL_IDS_LIMIT = 20_000;

export interface EngineStore {
  /** Queues a record; never blocks, never throws. */
  enqueue(record: StoreRecord): void;
  /** Writes everything queued so far; resolves when it is durable. */
  flush(): Promise<void>;
  /** Most recent candles, oldest first, for a warm start after a restart. */
  loadCandles(symbol: string, timeframe: Timeframe, limit: number): Promise<Candle[]>;
  /** Account, positions, open orders and decisions since `since` (epoch ms), for recovery. */
  loadTradingState(accountId: string, since: number): Promise<TradingState>;
  /** Records queued but not yet written (for telemetry). */
  pendingCount(): number;
}
