import type { ReconciliationEvent } from "../../engine/events";
import type { DecisionRecord, FundingPayment } from "../../engine/model/records";
import type { Fill, OrderUpdate, Position } from "../../engine/model/trading";
import type { Signal } from "../../engine/strategy/strategy";
import { orderPayload, positionPayload } from "./portfolio";
import { iso, round } from "./time";

/** ORDER_DECISION with the seed's fields. */
export const decisionPayload = (d: DecisionRecord) => ({
  type: "ORDER_DECISION" as const,
  decision_id: d.id,
  decision: d.decision,
  reason_codes: [...d.reasonCodes],
  gating_flags: { ...d.gatingFlags },
  market_regime: d.marketRegime,
  market_metrics_short: { ...d.marketMetrics },
  symbol: d.symbol,
  strategy_id: d.strategyId,
  side: d.side,
  score: d.score,
  confidence: d.confidence,
  order_id: d.orderId,
  timestamp: iso(d.at),
});

export const signalPayload = (s: Signal) => ({
  symbol: s.symbol,
  strategy_id: s.strategyId,
  side: s.side,
  intent: s.intent,
  score: s.score,
  confidence: s.confidence,
  reason: s.reason,
  stop_loss: s.stopLoss ?? null,
  take_profit: s.takeProfit ?? null,
  timestamp: iso(s.ts),
});

export const fillPayload = (f: Fill) => ({
  fill_id: f.id,
  order_id: f.orderId,
  symbol: f.symbol,
  side: f.side,
  qty: f.qty,
  price: f.price,
  fee: f.fee,
  liquidity: f.liquidity,
  latency_ms: f.latencyMs,
  slippage: f.slippage,
  timestamp: iso(f.ts),
});

export function orderUpdatePayload(u: OrderUpdate, at: number) {
  const base = { type: u.type, order: orderPayload(u.order), timestamp: iso(at) };
  switch (u.type) {
    case "ORDER_FILLED":
      return { ...base, fill: fillPayload(u.fill) };
    case "ORDER_CANCELLED":
    case "ORDER_REJECTED":
      return { ...base, reason: u.reason };
    case "ORDER_ACCEPTED":
      return base;
  }
}

export const positionChangePayload = (symbol: string, p: Position | null, realizedPnl: number, at: number) => ({
  type: p === null ? ("POSITION_CLOSED" as const) : ("POSITION_CHANGED" as const),
  symbol,
  position: p === null ? null : positionPayload(p, undefined),
  realized_pnl: realizedPnl,
  timestamp: iso(at),
});

/** strategy_events: a strategy became active or idle with the engine. */
export const strategyStatePayload = (strategyId: string, symbol: string, state: "active" | "idle", at: number) => ({
  type: "STRATEGY_STATE" as const,
  strategy_id: strategyId,
  symbol,
  state,
  timestamp: iso(at),
});

/** trading_events: what a reconciliation with the exchange found and did. */
export const fundingPayload = (payment: FundingPayment, source: "exchange" | "model") => ({
  type: "FUNDING_SETTLED" as const,
  symbol: payment.symbol,
  side: payment.side,
  qty: payment.qty,
  mark_price: payment.markPrice,
  rate: payment.rate,
  rate_source: source,
  /** > 0 paid by the account, < 0 received. */
  amount: round(payment.amount, 8),
  timestamp: iso(payment.at),
});

export const reconciliationPayload = (e: ReconciliationEvent) => ({
  type: "RECONCILIATION" as const,
  trigger: e.trigger,
  ok: e.ok,
  differences: e.differences.map((d) => ({ kind: d.kind, symbol: d.symbol, detail: d.detail })),
  blocked_symbols: [...e.blockedSymbols],
  error: e.error,
  timestamp: iso(e.at),
});
