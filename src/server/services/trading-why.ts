import type { HeanRuntime } from "../../../server/runtime";
import { AppError } from "../errors";
import { multiSymbolState } from "./scanner";
import { systemStatus } from "./system-status";
import { iso, isoOrNull, round } from "./time";

export function requireTrading(rt: HeanRuntime) {
  const trading = rt.engine.trading;
  if (trading === null) throw new AppError("ENGINE_UNAVAILABLE", "Trading is not configured in this engine");
  return trading;
}

/** Current blockers in plain words, each with how to lift it. Empty while the engine can trade. */
function notTradingBecause(rt: HeanRuntime): string[] {
  const status = systemStatus(rt);
  const out: string[] = [];
  if (status.killswitch_state.triggered)
    out.push(
      `Killswitch triggered (${status.killswitch_state.reasons.join(", ")}): clear it with POST /risk/governor/clear`,
    );
  if (status.engine_state === "STOPPED") out.push("Engine is STOPPED: start it with POST /engine/start");
  if (status.engine_state === "PAUSED") out.push("Engine is PAUSED: resume with POST /engine/resume");
  if (status.engine_state === "ERROR") out.push("Engine is in ERROR: restart it with POST /engine/restart");
  if (status.feed.status !== "running") out.push(`Market data feed is ${status.feed.status}`);
  return out;
}

/** GET /trading/why: every field of the seed's schema, from the engine's own records. */
export function tradingWhy(rt: HeanRuntime) {
  const trading = requireTrading(rt);
  const now = rt.engine.clock.now();
  const status = systemStatus(rt);
  const p = trading.portfolio.snapshot();
  const account = trading.portfolio.account();
  const q = trading.activity.executionQuality(now);
  const s = rt.settings;
  return {
    engine_state: status.engine_state,
    killswitch_state: status.killswitch_state,
    last_tick_age_sec: status.feed.last_tick_age_sec,
    last_signal_ts: isoOrNull(trading.activity.lastSignalAt),
    last_decision_ts: isoOrNull(trading.activity.lastDecisionAt),
    last_order_ts: isoOrNull(trading.activity.lastOrderAt),
    last_fill_ts: isoOrNull(trading.activity.lastFillAt),
    active_orders_count: trading.broker.openOrders().length,
    active_positions_count: p.positions.length,
    top_reason_codes_last_5m: trading.activity.topReasonCodes(now),
    equity: round(p.equity, 8),
    balance: round(p.balance, 8),
    unreal_pnl: round(p.unrealizedPnl, 8),
    real_pnl: round(p.realizedPnl, 8),
    margin_used: round(p.marginUsed, 8),
    margin_free: round(p.marginFree, 8),
    profit_capture_state: {
      enabled: s.PROFIT_CAPTURE_ENABLED,
      armed: s.PROFIT_CAPTURE_ENABLED,
      triggered: false,
      mode: s.PROFIT_CAPTURE_MODE,
      start_equity: round(account.startEquity, 8),
      peak_equity: round(account.peakEquity, 8),
      target_pct: s.PROFIT_CAPTURE_TARGET_PCT,
      trail_pct: s.PROFIT_CAPTURE_TRAIL_PCT,
      after_action: s.PROFIT_CAPTURE_AFTER_ACTION,
      continue_risk_mult: s.PROFIT_CAPTURE_CONTINUE_RISK_MULT,
      last_action: null,
      last_reason: null,
    },
    execution_quality: {
      ws_ok: status.feed.status === "running",
      rest_ok: true,
      avg_latency_ms: q.avgLatencyMs === null ? null : round(q.avgLatencyMs, 3),
      reject_rate_5m: round(q.rejectRate5m, 6),
      slippage_est_5m: q.slippageEst5m === null ? null : round(q.slippageEst5m, 8),
    },
    multi_symbol: multiSymbolState(rt),
    cooldowns: trading.cooldowns(now).map((c) => ({ symbol: c.symbol, until: iso(c.until) })),
    not_trading_because: notTradingBecause(rt),
    timestamp: isoOrNull(now),
  };
}
