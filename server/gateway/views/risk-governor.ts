import type { RiskStatus } from "../../engine/risk/risk-governor";
import type { HeanRuntime } from "../../runtime";
import { Refusal } from "../refusal";
import { dailyPnl } from "./metrics";
import { isoOrNull, round } from "./time";

export function requireRisk(rt: HeanRuntime) {
  const risk = rt.engine.risk;
  if (risk === null)
    throw new Refusal("ENGINE_UNAVAILABLE", "Trading (and with it the risk governor) is not configured");
  return risk;
}

const num = (x: number | null) => (x === null ? null : round(x, 6));

/** The seed's RISK_STATE_UPDATE / status fields, from a governor status. */
export function riskStatusPayload(s: RiskStatus) {
  return {
    risk_state: s.state,
    level: s.level,
    reason_codes: s.reasonCodes,
    metric: s.metric,
    value: num(s.value),
    threshold: num(s.threshold),
    recommended_action: s.recommendedAction,
    clear_rule: s.clearRule,
    quarantined_symbols: s.quarantinedSymbols,
    blocked_at: isoOrNull(s.blockedAt),
    can_clear: s.canClear,
  };
}

/**
 * GET /risk/governor/status: the seed's schema, plus every active finding, whether rules are on,
 * and the day's PnL from the baseline the daily loss rule uses (the dashboard shows the same).
 */
export function riskGovernorStatus(rt: HeanRuntime) {
  const s = requireRisk(rt).status();
  const equity = rt.engine.trading?.portfolio.equity();
  return {
    ...riskStatusPayload(s),
    enabled: s.enabled,
    daily: equity === undefined ? null : dailyPnl(rt, equity),
    findings: s.findings.map((f) => ({
      code: f.code,
      level: f.level,
      symbol: f.symbol,
      metric: f.metric,
      value: round(f.value, 6),
      threshold: round(f.threshold, 6),
      recommended_action: f.recommendedAction,
      clear_rule: f.clearRule,
      since: isoOrNull(f.since),
      clearing_since: isoOrNull(f.clearingSince),
      can_clear: f.manualClearOk,
    })),
    timestamp: isoOrNull(rt.engine.clock.now()),
  };
}
