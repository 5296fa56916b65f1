import { configChanges, configSnapshot } from "../config/config-changes";
import type { Settings } from "../config/settings-schema";
import type { Clock } from "../engine/clock";
import type { EngineStore } from "../engine/ports";

const STATE_ID = "startup_config";

/** At start: the settings compared with the previous start's; a change goes to the day's changelog. */
export function recordConfigChange(
  store: EngineStore,
  settings: Settings,
  savedStates: Readonly<Record<string, unknown>>,
  clock: Clock,
) {
  const now = clock.now();
  const previous = savedStates[STATE_ID];
  const current = configSnapshot(settings);
  const change = configChanges(previous, current);
  if (change !== null)
    store.enqueue({
      kind: "changelog",
      entry: { at: now, type: "config_change", category: "config", message: change, author: "startup", ref: null },
    });
  store.enqueue({ kind: "risk_state", id: STATE_ID, at: now, snapshot: current });
  return change;
}
