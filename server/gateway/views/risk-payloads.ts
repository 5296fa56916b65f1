import type { CaptureTrigger, ProfitCaptureSnapshot } from "../../engine/risk/profit-capture";
import type { RiskStatus, RiskTransition } from "../../engine/risk/risk-governor";
import { riskStatusPayload } from "./risk-governor";
import { iso, isoOrNull, round } from "./time";

/** The risk_governor topic's RISK_STATE_UPDATE (the seed's fields, plus the status and who changed it). */
export function riskUpdatePayload(status: RiskStatus, transition: RiskTransition | null) {
  const s = riskStatusPayload(status);
  return {
    type: "RISK_STATE_UPDATE" as const,
    state: s.risk_state,
    ...s,
    from: transition?.from ?? null,
    actor: transition?.actor ?? null,
    reason: transition?.reason ?? null,
    at: isoOrNull(transition?.at ?? null),
  };
}

export type RiskUpdatePayload = ReturnType<typeof riskUpdatePayload>;

/** PROFIT_CAPTURE_EXECUTED on the trading_events topic. */
export function profitCaptureExecutedPayload(at: number, t: CaptureTrigger, state: ProfitCaptureSnapshot) {
  return {
    type: "PROFIT_CAPTURE_EXECUTED" as const,
    trigger: t.reason,
    equity: round(t.equity, 8),
    start_equity: round(t.startEquity, 8),
    peak_equity: round(t.peakEquity, 8),
    gain_pct: round(t.gainPct, 4),
    action: state.lastAction,
    reason: state.lastReason,
    locked: state.locked,
    timestamp: iso(at),
  };
}
