import type { ControlResult, EngineCommand } from "../../../server/engine/lifecycle/engine-state";
import type { HeanRuntime } from "../../../server/runtime";

/** The HTTP status for a control answer: 200 accepted, 409 refused now, 500 a component failed. */
export function controlStatus(result: ControlResult): number {
  if (result.ok) return 200;
  return result.error_code === "TRANSITION_FAILED" ? 500 : 409;
}

export function controlEngine(
  rt: HeanRuntime,
  command: EngineCommand,
  actor: string,
  reason?: string,
): Promise<ControlResult> {
  return rt.engine.control({ command, actor, reason });
}
