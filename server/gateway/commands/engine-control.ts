import type { ControlErrorCode, ControlResult, EngineCommand } from "../../engine/model/engine-state";
import type { HeanRuntime } from "../../runtime";
import { confirmDurable, notYetSaved } from "./durability";

/**
 * The seed's control answer. error_code NOT_DURABLE (HTTP 202): the command took effect (ok: true)
 * but the database has not confirmed it yet; it is written when the database takes it.
 */
export interface ControlAnswer extends Omit<ControlResult, "error_code"> {
  readonly error_code: ControlErrorCode | "NOT_DURABLE" | null;
}

/**
 * Applies a control command and answers once it, and everything the engine recorded before it, is
 * in the database (an acknowledged command survives a crash), or says that it is not saved yet.
 */
export async function controlEngine(
  rt: HeanRuntime,
  command: EngineCommand,
  actor: string,
  reason?: string,
): Promise<ControlAnswer> {
  const result = await rt.engine.control({ command, actor, reason });
  const saved = await confirmDurable(rt);
  if (saved.durable || !result.ok) return result;
  return { ...result, error_code: "NOT_DURABLE", message: `${result.message}. ${notYetSaved(saved)}` };
}
