import type { ClearAnswer, ControlAnswer } from "../../../server/gateway/contract";

/** The HTTP status of a control answer: 200 done, 202 done but not saved yet, 409 refused now, 500 a component failed. */
export function controlStatus(answer: ControlAnswer): number {
  if (answer.ok) return answer.error_code === "NOT_DURABLE" ? 202 : 200;
  return answer.error_code === "TRANSITION_FAILED" ? 500 : 409;
}

/** The HTTP status of a clear: 200 cleared, 202 cleared but not saved yet, 400 confirm required, 409 nothing to clear. */
export function clearStatus(answer: ClearAnswer): number {
  if (answer.status === "cleared") return answer.error_code === "NOT_DURABLE" ? 202 : 200;
  return answer.error_code === "CONFIRM_REQUIRED" ? 400 : 409;
}
