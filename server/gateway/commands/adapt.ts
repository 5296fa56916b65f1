import type { HeanRuntime } from "../../runtime";
import { Refusal } from "../refusal";
import { adaptPayload } from "../views/adaptations";
import type { Origin } from "./audit";
import { confirmDurable } from "./durability";

export interface AdaptInput {
  readonly key: string;
  readonly value: number;
  readonly reason: string;
}

/** An adaptation through the gate: its verdict (accepted, clipped, refused), stored and published. */
export async function adapt(rt: HeanRuntime, input: AdaptInput, actor: string, origin?: Origin) {
  if (rt.adaptations === null) throw new Refusal("ENGINE_UNAVAILABLE", "Trading is off: no live setting to adapt");
  const a = rt.adaptations.propose({ ...input, actor, ...(origin === undefined ? {} : { origin }) });
  await confirmDurable(rt);
  return adaptPayload(a);
}

/** Puts back the value an adaptation replaced (refused when the setting has changed since). */
export async function revertAdaptation(rt: HeanRuntime, id: string, actor: string, origin?: Origin) {
  if (rt.adaptations === null) throw new Refusal("ENGINE_UNAVAILABLE", "Trading is off: nothing to revert");
  const a = rt.adaptations.revert(id, actor, origin);
  if (a.reasonCode === "NOT_FOUND") throw new Refusal("NOT_FOUND", `No adaptation ${id} to revert`);
  await confirmDurable(rt);
  return adaptPayload(a);
}
