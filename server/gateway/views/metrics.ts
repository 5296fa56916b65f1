import type { HeanRuntime } from "../../runtime";
import { iso, isoOrNull, round } from "./time";
import { requireTrading } from "./trading-why";

/**
 * The day's PnL, one figure for the dashboard and the risk governor: the day starts from the
 * governor's baseline, the one its daily loss rule measures from (persisted, so a restart keeps it).
 */
export function dailyPnl(rt: HeanRuntime, equity: number) {
  const dayStart = rt.engine.risk?.dailyBaseline(equity) ?? requireTrading(rt).portfolio.account().startEquity;
  const pnl = equity - dayStart;
  return {
    day_start_equity: round(dayStart, 8),
    daily_pnl: round(pnl, 8),
    daily_return_pct: dayStart > 0 ? round((pnl / dayStart) * 100, 6) : 0,
  };
}

/** metrics topic (1 s): equity, daily PnL and return, open positions. */
export function accountMetrics(rt: HeanRuntime) {
  const trading = requireTrading(rt);
  const p = trading.portfolio.snapshot();
  const start = trading.portfolio.account().startEquity;
  const daily = dailyPnl(rt, p.equity);
  return {
    equity: round(p.equity, 8),
    balance: round(p.balance, 8),
    daily_pnl: daily.daily_pnl,
    daily_return_pct: daily.daily_return_pct,
    return_pct: start > 0 ? round(((p.equity - start) / start) * 100, 6) : 0,
    unrealized_pnl: round(p.unrealizedPnl, 8),
    realized_pnl: round(p.realizedPnl, 8),
    fees_paid: round(p.feesPaid, 8),
    funding_paid: round(p.fundingPaid, 8),
    margin_used: round(p.marginUsed, 8),
    open_positions: p.positions.length,
    open_orders: trading.broker.openOrders().length,
    timestamp: iso(rt.engine.clock.now()),
  };
}

/** trading_metrics topic (2 s): the funnel's recent activity. */
export function tradingMetrics(rt: HeanRuntime) {
  const trading = requireTrading(rt);
  const now = rt.engine.clock.now();
  const q = trading.activity.executionQuality(now);
  const a = trading.activity;
  return {
    engine_state: rt.engine.state,
    orders_5m: q.orders5m,
    fills_5m: q.fills5m,
    reject_rate_5m: round(q.rejectRate5m, 6),
    avg_latency_ms: q.avgLatencyMs === null ? null : round(q.avgLatencyMs, 3),
    slippage_est_5m: q.slippageEst5m === null ? null : round(q.slippageEst5m, 8),
    top_reason_codes_last_5m: a.topReasonCodes(now),
    last_signal_ts: isoOrNull(a.lastSignalAt),
    last_decision_ts: isoOrNull(a.lastDecisionAt),
    last_order_ts: isoOrNull(a.lastOrderAt),
    last_fill_ts: isoOrNull(a.lastFillAt),
    timestamp: iso(now),
  };
}
