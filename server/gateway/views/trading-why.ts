import type { EntryBlockers } from "../../engine/decision/decision-pipeline";
import { REASON_CODES, type ReasonCode } from "../../engine/model/reason-codes";
import type { HeanRuntime } from "../../runtime";
import { Refusal } from "../refusal";
import { exchangeProblems } from "./exchange";
import { multiSymbolState } from "./scanner";
import { systemStatus } from "./system-status";
import { iso, isoOrNull, round } from "./time";

export function requireTrading(rt: HeanRuntime) {
  const trading = rt.engine.trading;
  if (trading === null) throw new Refusal("ENGINE_UNAVAILABLE", "Trading is not configured in this engine");
  return trading;
}

/** Current blockers in plain words, each with how to lift it. Empty while the engine can trade. */
function notTradingBecause(rt: HeanRuntime, blockers: readonly SymbolBlockers[]): string[] {
  const status = systemStatus(rt);
  const out: string[] = [];
  const risk = rt.engine.risk;
  const governor = risk?.status();
  const killswitch = status.killswitch_state;
  if (killswitch.triggered)
    out.push(`Killswitch triggered (${killswitch.reasons.join(", ")}): clear it with POST /risk/governor/clear`);
  // The killswitch is said above; the governor's other findings here.
  const codes = governor?.reasonCodes.filter((c) => c !== "KILLSWITCH") ?? [];
  if (governor !== undefined && governor.state !== "NORMAL" && codes.length > 0) {
    const lead = governor.findings.find((f) => f.code !== "KILLSWITCH");
    const quarantined =
      governor.quarantinedSymbols.length > 0 ? `; quarantined: ${governor.quarantinedSymbols.join(", ")}` : "";
    out.push(
      `Risk governor ${governor.state} (${codes.join(", ")}${quarantined}): ${lead?.recommendedAction ?? ""} Clears when: ${lead?.clearRule ?? ""}`,
    );
  }
  const capture = risk?.profit.snapshot();
  if (status.engine_state === "STOPPED") out.push("Engine is STOPPED: start it with POST /engine/start");
  if (status.engine_state === "PAUSED" && capture?.locked === true)
    out.push(`Profit capture paused the engine: ${capture.lastReason}. Resume trading with POST /engine/resume`);
  else if (status.engine_state === "PAUSED") out.push("Engine is PAUSED: resume with POST /engine/resume");
  if (status.engine_state === "ERROR") out.push("Engine is in ERROR: restart it with POST /engine/restart");
  if (status.feed.status !== "running") out.push(`Market data feed is ${status.feed.status}`);
  out.push(...exchangeProblems(rt));
  // Nothing above, yet a gate shuts every symbol: say which, in the decisions' own words.
  if (out.length === 0 && blockers.length > 0 && blockers.every((b) => b.blocked.length > 0))
    out.push(
      `No symbol can take a new entry now: ${blockers.map((b) => `${b.symbol} ${b.blocked[0]} (${REASON_CODES[b.blocked[0] as ReasonCode]})`).join("; ")}`,
    );
  return out;
}

interface SymbolBlockers extends EntryBlockers {
  readonly symbol: string;
}

/** GET /trading/why: every field of the seed's schema, from the engine's own records. */
export function tradingWhy(rt: HeanRuntime) {
  const trading = requireTrading(rt);
  const now = rt.engine.clock.now();
  const status = systemStatus(rt);
  const p = trading.portfolio.snapshot();
  const q = trading.activity.executionQuality(now);
  const blockers: SymbolBlockers[] = rt.engine.symbols.map((symbol) => ({ symbol, ...trading.entryBlockers(symbol) }));
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
    profit_capture_state: profitCaptureState(rt),
    execution_quality: {
      // A local feed (synthetic, replay) has no stream or REST to fail: only its running counts.
      // On Bybit: the public stream (prices) and, when trading there, the private one (orders, fills).
      ws_ok:
        status.feed.status === "running" &&
        (status.feed.connection?.state ?? "connected") === "connected" &&
        (rt.exchange?.status().privateStream ?? "up") === "up",
      rest_ok: rt.engine.status().feed.connection?.restOk ?? true,
      avg_latency_ms: q.avgLatencyMs === null ? null : round(q.avgLatencyMs, 3),
      reject_rate_5m: round(q.rejectRate5m, 6),
      slippage_est_5m: q.slippageEst5m === null ? null : round(q.slippageEst5m, 8),
    },
    multi_symbol: multiSymbolState(rt),
    cooldowns: trading.cooldowns(now).map((c) => ({ symbol: c.symbol, until: iso(c.until) })),
    /** Per symbol, what would decline a new entry now: the decision gates' own reason codes. */
    entry_blockers: blockers,
    not_trading_because: notTradingBecause(rt, blockers),
    timestamp: isoOrNull(now),
  };
}

/** The seed's profit_capture_state, live from the profit watch. */
function profitCaptureState(rt: HeanRuntime) {
  const s = rt.settings;
  const capture = rt.engine.risk?.profit;
  const snap = capture?.snapshot();
  return {
    enabled: s.PROFIT_CAPTURE_ENABLED,
    armed: capture?.armed ?? false,
    triggered: snap?.triggered ?? false,
    mode: s.PROFIT_CAPTURE_MODE,
    start_equity: round(snap?.startEquity ?? 0, 8),
    peak_equity: round(snap?.peakEquity ?? 0, 8),
    target_pct: s.PROFIT_CAPTURE_TARGET_PCT,
    trail_pct: s.PROFIT_CAPTURE_TRAIL_PCT,
    after_action: s.PROFIT_CAPTURE_AFTER_ACTION,
    continue_risk_mult: s.PROFIT_CAPTURE_CONTINUE_RISK_MULT,
    last_action: snap?.lastAction ?? null,
    last_reason: snap?.lastReason ?? null,
    partial_pct: s.PROFIT_CAPTURE_PARTIAL_PCT,
    locked: snap?.locked ?? false,
    risk_multiplier: snap?.riskMultiplier ?? 1,
    resume_hint: snap?.locked === true ? "POST /engine/resume" : null,
  };
}
