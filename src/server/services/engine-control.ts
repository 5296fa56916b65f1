import type { ControlResult, EngineCommand } from "../../../server/engine/lifecycle/engine-state";
import type { HeanRuntime } from "../../../server/runtime";
import { AppError } from "../errors";

/** The HTTP status for a control answer: 200 accepted, 409 refused now, 500 a component failed. */
export function controlStatus(result: ControlResult): number {
  if (result.ok) return 200;
  return result.error_code === "TRANSITION_FAILED" ? 500 : 409;
}

/**
 * Applies a control command and answers once it, and everything the engine recorded before it, is
 * in the database: an acknowledged command survives a crash.
 */
export async function controlEngine(
  rt: HeanRuntime,
  command: EngineCommand,
  actor: string,
  reason?: string,
): Promise<ControlResult> {
  const result = await rt.engine.control({ command, actor, reason });
  try {
    await rt.store.flush();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new AppError(
      "INTERNAL",
      `Engine is ${result.engine_state} after "${command}", but the database did not confirm it: ${why}`,
    );
  }
  return result;
}
