import type { EngineCommand, EngineState, KillswitchState } from "./model/engine-state";
import type { Candle, Tick } from "./model/market";
import type { DecisionRecord, EquitySnapshotRecord, FundingPayment } from "./model/records";
import type { RiskState } from "./model/risk";
import type { OrderUpdate, Position } from "./model/trading";
import type { CaptureTrigger, ProfitCaptureSnapshot } from "./risk/profit-capture";
import type { RiskTransition, RiskWatch } from "./risk/risk-governor";
import type { RegimeChange, SymbolScan } from "./scanner/multi-symbol-scanner";
import type { Signal } from "./strategy/strategy";
import type { Allocation } from "./trading/allocator";

/** Every event the engine publishes on its bus. Immutable once published. */
export type EngineEvent =
  | { readonly type: "TICK"; readonly tick: Tick }
  | { readonly type: "CANDLE_CLOSED"; readonly candle: Candle }
  | {
      readonly type: "ENGINE_STATE";
      readonly at: number;
      readonly from: EngineState;
      readonly to: EngineState;
      readonly command: EngineCommand;
      readonly actor: string;
      readonly reason: string | null;
    }
  | RegimeChangedEvent
  | ReconciliationEvent
  | ScanCycleEvent
  | RiskEvaluatedEvent
  | AllocationEvent
  | { readonly type: "SIGNAL"; readonly signal: Signal }
  | { readonly type: "ORDER_DECISION"; readonly decision: DecisionRecord }
  | { readonly type: "ORDER_UPDATE"; readonly at: number; readonly update: OrderUpdate }
  | {
      readonly type: "POSITION_CHANGED";
      readonly at: number;
      readonly symbol: string;
      /** null: the position is closed. */
      readonly position: Position | null;
      /** PnL this fill realized (before fees). */
      readonly realizedPnl: number;
    }
  | { readonly type: "EQUITY"; readonly snapshot: EquitySnapshotRecord }
  | { readonly type: "FUNDING_SETTLED"; readonly payment: FundingPayment; readonly source: "exchange" | "model" }
  | {
      readonly type: "STRATEGY_STATE";
      readonly at: number;
      readonly strategyId: string;
      readonly symbol: string;
      readonly state: "active" | "idle";
    }
  | { readonly type: "KILLSWITCH"; readonly at: number; readonly state: KillswitchState }
  | { readonly type: "RISK_STATE_UPDATE"; readonly transition: RiskTransition }
  | {
      readonly type: "PROFIT_CAPTURE_EXECUTED";
      readonly at: number;
      readonly trigger: CaptureTrigger;
      readonly state: ProfitCaptureSnapshot;
    }
  | {
      readonly type: "FEED_STATUS";
      readonly at: number;
      readonly feed: string;
      readonly status: "started" | "stopped" | "finished" | "error";
      readonly detail: string | null;
    };

/** What one reconciliation with the exchange found and did (the exchange's word wins). */
export interface ReconciliationEvent {
  readonly type: "RECONCILIATION";
  readonly at: number;
  /** "start", "reconnect" or "retry". */
  readonly trigger: string;
  readonly ok: boolean;
  /** Each difference in words, with the symbol it concerns. */
  readonly differences: readonly { readonly kind: string; readonly symbol: string; readonly detail: string }[];
  /** Symbols held back until a person reviews them. */
  readonly blockedSymbols: readonly string[];
  /** Why it could not finish (the exchange did not answer), or null. */
  readonly error: string | null;
}

/** A symbol's market regime changed (first classification included). */
/** The allocation rule's weights moved (a closed bar changed a symbol's volatility). */
export interface AllocationEvent {
  readonly type: "ALLOCATION";
  readonly at: number;
  readonly mode: "volatility" | "equal";
  readonly weights: readonly Allocation[];
}

/** A full pass of the scanner over every symbol. */
export interface ScanCycleEvent {
  readonly type: "SCAN_CYCLE";
  readonly at: number;
  readonly scans: readonly SymbolScan[];
}

/** The governor measured everything: its state and the rule nearest its threshold. */
export interface RiskEvaluatedEvent {
  readonly type: "RISK_EVALUATED";
  readonly at: number;
  readonly state: RiskState;
  readonly nearest: RiskWatch | null;
}

export type RegimeChangedEvent = { readonly type: "REGIME_CHANGED" } & RegimeChange;
