import type { Settings } from "../config/settings-schema";
import type { TradeFill } from "../engine/analytics";
import type { Clock } from "../engine/clock";
import type { Engine } from "../engine/engine";
import type { EngineStore } from "../engine/ports";
import type { TopicHub } from "../gateway/topic-hub";
import { adaptPayload } from "../gateway/views/adaptations";
import { agentEventPayload } from "../gateway/views/agents";
import { BacktestJobs } from "../research/backtest-jobs";
import { createAdaptations } from "./create-adaptations";
import { createAgents } from "./create-agents";

/**
 * The adaptation gate, the agents and the backtest jobs over one engine, publishing on ai_catalyst:
 * composed alike for the server and the test runtime.
 */
export function createAiServices(o: {
  readonly settings: Settings;
  readonly engine: Engine;
  readonly store: EngineStore;
  readonly clock: Clock;
  readonly topics: TopicHub;
  readonly readFills: () => Promise<readonly TradeFill[]>;
}) {
  const { settings, engine, store, clock, topics } = o;
  const adaptations =
    engine.trading === null
      ? null
      : createAdaptations({ engine, store, clock, publish: (a) => topics.publish("ai_catalyst", adaptPayload(a)) });
  const agents = createAgents({
    settings,
    engine,
    clock,
    readFills: o.readFills,
    publish: (event) => topics.publish("ai_catalyst", agentEventPayload(event)),
    adaptations,
  });
  const research = new BacktestJobs({
    dataDir: settings.BACKTEST_DATA_DIR,
    resultsDir: settings.BACKTEST_DIR,
    env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
    now: () => Date.now(),
  });
  return { adaptations, agents, research };
}
