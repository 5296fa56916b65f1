import type { Adaptation } from "../../engine/agents/adaptation-gate";
import { adaptationText } from "../../engine/agents/adaptation-text";
import type { HeanRuntime } from "../../runtime";
import { iso } from "./time";

/** ADAPT_UPDATE on ai_catalyst: the seed's fields (component, change, reason), then the gate's verdict. */
export const adaptPayload = (a: Adaptation) => ({
  type: "ADAPT_UPDATE" as const,
  component: a.component,
  change: adaptationText(a),
  reason: a.reason,
  timestamp: iso(a.at),
  id: a.id,
  key: a.key,
  before: a.before,
  requested: a.requested,
  after: a.after,
  verdict: a.verdict,
  reason_code: a.reasonCode,
  actor: a.actor,
  revert_of: a.revertOf,
});

/** The adaptable settings with their limits and values, and the gate's recent verdicts. */
export function adaptationsView(rt: HeanRuntime) {
  const gate = rt.adaptations;
  return {
    settings: (gate?.keys() ?? []).map((s) => ({
      key: s.key,
      component: s.component,
      value: s.read(),
      min: s.min,
      max: s.max,
      max_step: s.maxStep,
      min_interval_sec: s.minIntervalMs / 1000,
    })),
    history: (gate?.list() ?? []).map(adaptPayload),
  };
}
