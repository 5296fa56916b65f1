import { type AdaptableSetting, type Adaptation, AdaptationGate } from "../engine/agents/adaptation-gate";
import { adaptationText } from "../engine/agents/adaptation-text";
import type { Clock } from "../engine/clock";
import type { Engine } from "../engine/engine";
import type { EngineStore } from "../engine/ports";

const STATE_ID = "adaptations";
const TEN_MIN = 600_000;

/** The live settings agents may adapt, each with its hard limits. */
function adaptableSettings(engine: Engine): AdaptableSetting[] {
  const trading = engine.trading;
  if (trading === null) return [];
  const out: AdaptableSetting[] = [
    {
      key: "min_signal_confidence",
      component: "SignalSynth",
      min: 0.3,
      max: 0.95,
      maxStep: 0.05,
      minIntervalMs: TEN_MIN,
      read: () => trading.decisionSettings().minConfidence,
      write: (v) => trading.tuneDecisions({ minConfidence: v }),
    },
    {
      key: "risk_per_trade_pct",
      component: "RiskGovernor",
      min: 0.05,
      max: 2,
      maxStep: 0.1,
      minIntervalMs: TEN_MIN,
      read: () => trading.decisionSettings().riskPerTradePct,
      write: (v) => trading.tuneDecisions({ riskPerTradePct: v }),
    },
  ];
  const allocator = trading.allocator;
  if (allocator !== undefined)
    out.push({
      key: "allocation_max_scale",
      component: "Allocator",
      min: 1,
      max: 3,
      maxStep: 0.25,
      minIntervalMs: TEN_MIN,
      read: () => allocator.maxScale,
      write: (v) => allocator.setMaxScale(v),
    });
  for (const symbol of engine.symbols)
    out.push({
      key: `symbol_enabled:${symbol}`,
      component: "Scout",
      min: 0,
      max: 1,
      maxStep: 1,
      minIntervalMs: TEN_MIN,
      read: () => (trading.symbolSwitchedOn(symbol) ? 1 : 0),
      write: (v) => trading.switchSymbol(symbol, v >= 0.5),
    });
  return out;
}

/**
 * The adaptation gate over the engine's live settings: every verdict stored (audit trail, and the
 * changelog when something changed) and published; the adapted values persisted and restored, still
 * within their limits, at the next start.
 */
export function createAdaptations(o: {
  readonly engine: Engine;
  readonly store: EngineStore;
  readonly clock: Clock;
  readonly publish: (a: Adaptation) => void;
}): AdaptationGate {
  const settings = adaptableSettings(o.engine);
  const gate: AdaptationGate = new AdaptationGate(settings, o.clock, (a) => {
    const changed = a.verdict !== "REFUSED";
    o.store.enqueue({
      kind: "audit",
      entry: {
        at: a.at,
        action: a.revertOf === null ? "ai.adapt" : "ai.revert",
        actor: a.actor,
        via: a.origin.via,
        address: a.origin.address,
        outcome: changed ? "ok" : "refused",
        detail: `${adaptationText(a)} — ${a.reason}`.slice(0, 1000),
        before: a.before === null ? null : { [a.key]: a.before },
        after: { [a.key]: changed ? a.after : a.before },
      },
    });
    if (changed) {
      o.store.enqueue({
        kind: "changelog",
        entry: {
          at: a.at,
          type: a.revertOf === null ? "adaptation" : "adaptation_revert",
          category: "ai_catalyst",
          message: `${a.component}: ${adaptationText(a)} (${a.reason})`,
          author: a.actor,
          ref: a.id,
        },
      });
      o.store.enqueue({ kind: "risk_state", id: STATE_ID, at: a.at, snapshot: { values: gate.values() } });
    }
    o.publish(a);
  });
  return gate;
}

/** At start: the values adapted before the restart (from the saved component states), each still within its limits. */
export function restoreAdaptations(gate: AdaptationGate, savedStates: Readonly<Record<string, unknown>>): void {
  const saved = savedStates[STATE_ID] as { values?: Record<string, unknown> } | undefined;
  for (const s of gate.keys()) {
    const v = saved?.values?.[s.key];
    if (typeof v === "number" && Number.isFinite(v)) s.write(Math.min(s.max, Math.max(s.min, v)));
  }
}
