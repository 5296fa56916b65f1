import type { ReasonCode } from "./reason-codes";
import type { PositionSide, Side } from "./trading";

export const DECISIONS = ["CREATE", "SKIP", "BLOCK"] as const;
export type DecisionKind = (typeof DECISIONS)[number];

/** ORDER_DECISION as persisted. gatingFlags and marketMetrics use the seed's snake_case keys. */
export interface DecisionRecord {
  readonly id: string;
  readonly at: number;
  readonly symbol: string;
  readonly strategyId: string;
  readonly decision: DecisionKind;
  readonly reasonCodes: readonly ReasonCode[];
  readonly gatingFlags: Readonly<Record<string, boolean>>;
  readonly marketRegime: string;
  readonly marketMetrics: Readonly<Record<string, number>>;
  readonly side: Side | null;
  readonly score: number;
  readonly confidence: number;
  readonly orderId: string | null;
}

/** The account's cash state; equity adds unrealized PnL from positions. */
export interface AccountRecord {
  /** "paper", "testnet" or "live". */
  readonly id: string;
  readonly balance: number;
  readonly realizedPnl: number;
  readonly feesPaid: number;
  /** Σ funding settled on positions (paid − received); 0 where funding is not modelled. */
  readonly fundingPaid: number;
  readonly startEquity: number;
  readonly peakEquity: number;
  readonly updatedAt: number;
}

export interface EquitySnapshotRecord {
  readonly at: number;
  readonly balance: number;
  readonly equity: number;
  readonly unrealizedPnl: number;
  readonly realizedPnl: number;
  readonly marginUsed: number;
  readonly feesPaid: number;
}

/** One funding settlement on one position: amount > 0 is paid by the account, < 0 received. */
export interface FundingPayment {
  readonly symbol: string;
  readonly at: number;
  readonly side: PositionSide;
  readonly qty: number;
  readonly markPrice: number;
  readonly rate: number;
  readonly amount: number;
}

/** An entry of the day's changelog that HEAN itself records (configuration at start, adaptations, promotions). */
export interface ChangelogRecord {
  readonly at: number;
  /** What happened: "config_change", "adaptation", "promotion", ... */
  readonly type: string;
  /** Which area: "config", "ai_catalyst", "ai_factory", ... */
  readonly category: string;
  readonly message: string;
  readonly author: string | null;
  /** What it refers to (an experiment id, a setting), when there is one. */
  readonly ref: string | null;
}

/** One operator action (a control, a risk clear, a manual close or cancel, an acknowledgement, an adaptation). */
export interface AuditRecord {
  readonly at: number;
  /** "engine.pause", "risk.clear", "trading.close_position", ... */
  readonly action: string;
  /** Who, as the access gate named them ("api:local", "trpc:session:9f8e7d6c"). */
  readonly actor: string;
  /** Through which interface: "rest", "trpc", "dashboard", or "system" (HEAN itself). */
  readonly via: string;
  /** The client's address, when the request came over the network. */
  readonly address: string | null;
  readonly outcome: "ok" | "refused" | "error";
  readonly detail: string;
  readonly before: object | null;
  readonly after: object | null;
}
