import { ClearRefused, type RiskStatus } from "../../../server/engine/risk/risk-governor";
import type { HeanRuntime } from "../../../server/runtime";
import { AppError } from "../errors";
import type { ClearBody } from "../schemas/risk";
import { confirmDurable, notYetSaved } from "./durability";
import { isoOrNull, round } from "./time";

function requireRisk(rt: HeanRuntime) {
  const risk = rt.engine.risk;
  if (risk === null)
    throw new AppError("ENGINE_UNAVAILABLE", "Trading (and with it the risk governor) is not configured");
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

/** GET /risk/governor/status: the seed's schema, plus every active finding and whether rules are on. */
export function riskGovernorStatus(rt: HeanRuntime) {
  const s = requireRisk(rt).status();
  return {
    ...riskStatusPayload(s),
    enabled: s.enabled,
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

/** error_code NOT_DURABLE (HTTP 202): cleared, but the database has not confirmed it yet. */
export type ClearAnswer =
  | {
      readonly status: "cleared";
      readonly risk_state: string;
      readonly message: string;
      readonly error_code?: "NOT_DURABLE";
    }
  | { readonly status: "error"; readonly message: string };

/**
 * POST /risk/governor/clear. Paper mode clears; live mode needs confirm=true. Conditions that
 * persist stay active and the answer names them; when nothing could be lifted it is a 409.
 */
export async function clearRiskGovernor(rt: HeanRuntime, body: ClearBody, actor: string) {
  requireRisk(rt);
  if (rt.mode !== "paper" && body.confirm !== true)
    return { answer: { status: "error", message: "Live mode requires confirm=true" } satisfies ClearAnswer, code: 400 };
  try {
    await rt.engine.clearRisk(actor, body.reason ?? "manual clear");
  } catch (error) {
    if (error instanceof ClearRefused)
      return { answer: { status: "error", message: error.message } satisfies ClearAnswer, code: 409 };
    throw error;
  }
  const saved = await confirmDurable(rt);
  const status = rt.engine.risk?.status();
  const remaining = status?.findings.filter((f) => !f.manualClearOk) ?? [];
  const still =
    remaining.length === 0
      ? ""
      : `; still active until their own rules clear: ${remaining.map((f) => `${f.code}${f.symbol ? ` on ${f.symbol}` : ""}`).join(", ")}`;
  const message = `Risk governor cleared (${rt.mode} mode)${still}`;
  if (!saved.durable)
    return {
      answer: {
        status: "cleared",
        risk_state: status?.state ?? "NORMAL",
        message: `${message}. ${notYetSaved(saved)}`,
        error_code: "NOT_DURABLE",
      } satisfies ClearAnswer,
      code: 202,
    };
  return {
    answer: { status: "cleared", risk_state: status?.state ?? "NORMAL", message } satisfies ClearAnswer,
    code: 200,
  };
}
