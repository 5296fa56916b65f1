import type { HeanRuntime } from "../../runtime";
import { requireRisk } from "../views/risk-governor";
import { confirmDurable, notYetSaved } from "./durability";

export interface ClearRequest {
  readonly confirm?: boolean | undefined;
  readonly reason?: string | undefined;
}

/**
 * The seed's clear answer. "cleared" (HTTP 200), or 202 with error_code NOT_DURABLE when the
 * database has not confirmed it yet; "error" with CONFIRM_REQUIRED (400: live mode needs
 * confirm=true) or NOTHING_TO_CLEAR (409: every condition persists, named in the message).
 */
export type ClearAnswer =
  | {
      readonly status: "cleared";
      readonly risk_state: string;
      readonly message: string;
      readonly error_code: "NOT_DURABLE" | null;
    }
  | {
      readonly status: "error";
      readonly message: string;
      readonly error_code: "CONFIRM_REQUIRED" | "NOTHING_TO_CLEAR";
    };

/** POST /risk/governor/clear: lifts what a clear may lift; conditions that persist stay, named. */
export async function clearRisk(rt: HeanRuntime, request: ClearRequest, actor: string): Promise<ClearAnswer> {
  requireRisk(rt);
  if (rt.mode !== "paper" && request.confirm !== true)
    return { status: "error", message: "Live mode requires confirm=true", error_code: "CONFIRM_REQUIRED" };
  const outcome = rt.engine.clearRisk(actor, request.reason ?? "manual clear");
  if (outcome !== null && !outcome.ok)
    return { status: "error", message: outcome.reason, error_code: "NOTHING_TO_CLEAR" };
  const saved = await confirmDurable(rt);
  const status = rt.engine.risk?.status();
  const remaining = status?.findings.filter((f) => !f.manualClearOk) ?? [];
  const still =
    remaining.length === 0
      ? ""
      : `; still active until their own rules clear: ${remaining.map((f) => `${f.code}${f.symbol ? ` on ${f.symbol}` : ""}`).join(", ")}`;
  const message = `Risk governor cleared (${rt.mode} mode)${still}`;
  const risk_state = status?.state ?? "NORMAL";
  return saved.durable
    ? { status: "cleared", risk_state, message, error_code: null }
    : { status: "cleared", risk_state, message: `${message}. ${notYetSaved(saved)}`, error_code: "NOT_DURABLE" };
}
