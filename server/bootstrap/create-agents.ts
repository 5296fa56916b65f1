import type { Settings } from "../config/settings-schema";
import type { AdaptationGate } from "../engine/agents/adaptation-gate";
import { bindEngineAgents, reportAllocation } from "../engine/agents/agent-bindings";
import { type AgentEvent, AgentRegistry, type AgentView } from "../engine/agents/agent-registry";
import { Critic } from "../engine/agents/critic";
import type { TradeFill, TradeReview } from "../engine/analytics";
import type { Clock } from "../engine/clock";
import type { Engine } from "../engine/engine";
import { analysisOptions } from "./analysis-options";

/** What the gateway reads of the agents: plain views and one command. */
export interface AgentsRuntime {
  list(): AgentView[];
  /** The Critic's review now (on demand). */
  review(): Promise<TradeReview | null>;
  stop(): void;
}

/**
 * The eight agents bound to the components that do their work. AI_CATALYST_ENABLED=false: none
 * (trading is the same either way: agents only report).
 */
export function createAgents(o: {
  readonly settings: Settings;
  readonly engine: Engine;
  readonly clock: Clock;
  readonly readFills: () => Promise<readonly TradeFill[]>;
  readonly publish: (event: AgentEvent) => void;
  /** The gate the Critic's proposals pass (AI_ADAPTATIONS_ENABLED); none: it only reviews. */
  readonly adaptations?: AdaptationGate | null;
}): AgentsRuntime | null {
  if (!o.settings.AI_CATALYST_ENABLED) return null;
  const registry = new AgentRegistry(o.publish);
  const s = o.settings;
  const unbind = bindEngineAgents({
    bus: o.engine.bus,
    registry,
    thresholds: analysisOptions(s).thresholds,
    openOrders: () => o.engine.trading?.broker.openOrders() ?? [],
  });
  const now = o.clock.now();
  registry.report(
    "Engineer",
    now,
    s.AI_FACTORY_ENABLED ? "idle" : "disabled",
    s.AI_FACTORY_ENABLED
      ? "The strategy factory has no candidate to evaluate yet"
      : "The strategy factory is off (AI_FACTORY_ENABLED=false)",
  );
  const allocation = o.engine.trading?.allocation();
  if (allocation != null) reportAllocation(registry, now, allocation.mode, allocation.weights, false);
  else
    registry.report("Allocator", now, "disabled", "No allocation rule configured: every symbol gets the equal share");
  const gate = s.AI_ADAPTATIONS_ENABLED ? (o.adaptations ?? null) : null;
  const critic = new Critic({
    registry,
    clock: o.clock,
    readFills: o.readFills,
    ...(gate === null ? {} : { onReview: (review: TradeReview) => proposeFromReview(gate, review, o.engine) }),
  });
  critic.start(s.CRITIC_REVIEW_MIN * 60_000);
  return {
    list: () => registry.list(),
    review: () => critic.review("demand"),
    stop: () => {
      critic.stop();
      unbind();
    },
  };
}

/** Trades a review needs before the Critic asks for a change. */
const MIN_TRADES_TO_ADAPT = 20;

/**
 * The Critic's one rule: losing on average over enough trades, ask the gate to raise the
 * confidence a signal needs by a step (the gate decides, within its limits and its rate).
 */
function proposeFromReview(gate: AdaptationGate, review: TradeReview, engine: Engine): void {
  const t = review.totals;
  const current = engine.trading?.decisionSettings().minConfidence;
  if (current === undefined || t.trades < MIN_TRADES_TO_ADAPT || t.expectancy === null || t.expectancy >= 0) return;
  gate.propose({
    key: "min_signal_confidence",
    value: current + 0.05,
    reason: `negative expectancy (${t.expectancy.toFixed(2)} per trade) over ${t.trades} trades`,
    actor: "agent:Critic",
  });
}
