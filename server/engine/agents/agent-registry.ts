/** The seed's eight agents, each bound to the component that does its work. */
export const AGENTS = [
  { name: "Scout", role: "market_scanner" },
  { name: "RegimeBrain", role: "regime_detection" },
  { name: "SignalSynth", role: "signal_generation" },
  { name: "ExecutionMind", role: "order_execution" },
  { name: "RiskGovernor", role: "risk_monitoring" },
  { name: "Allocator", role: "portfolio_allocation" },
  { name: "Critic", role: "performance_analysis" },
  { name: "Engineer", role: "strategy_improvement" },
] as const;

export type AgentName = (typeof AGENTS)[number]["name"];
export type AgentStatus = "working" | "idle" | "error" | "disabled";

export interface AgentStep {
  readonly action: string;
  readonly result: Readonly<Record<string, unknown>>;
  readonly at: number;
}

export interface AgentView {
  readonly name: AgentName;
  readonly role: string;
  readonly status: AgentStatus;
  readonly currentTask: string;
  /** When the component last did work (epoch ms); null before it has. */
  readonly lastHeartbeat: number | null;
  /** The most recent steps, newest first. */
  readonly steps: readonly AgentStep[];
}

export type AgentEvent =
  | {
      readonly type: "AGENT_STATUS";
      readonly agent: AgentName;
      readonly status: AgentStatus;
      readonly currentTask: string;
      readonly at: number;
    }
  | ({ readonly type: "AGENT_STEP"; readonly agent: AgentName } & AgentStep);

/** How many steps each agent keeps. */
const HISTORY = 20;

interface AgentState {
  status: AgentStatus;
  task: string;
  heartbeat: number | null;
  steps: AgentStep[];
}

/**
 * What each agent is doing, as its component reports it: a report is made only when the component
 * did something (a scan, a classification, a signal, an order...), never on a timer of its own. A
 * change of status or task is published as AGENT_STATUS, each step as AGENT_STEP.
 */
export class AgentRegistry {
  private readonly agents = new Map<AgentName, AgentState>();

  constructor(private readonly publish: (event: AgentEvent) => void = () => {}) {
    for (const a of AGENTS)
      this.agents.set(a.name, { status: "idle", task: "Waiting for its first work", heartbeat: null, steps: [] });
  }

  /** The component worked at `at`: its status and task now, and the step it took (if one worth telling). */
  report(agent: AgentName, at: number, status: AgentStatus, task: string, step?: Omit<AgentStep, "at">): void {
    const s = this.agents.get(agent) as AgentState;
    s.heartbeat = at;
    if (s.status !== status || s.task !== task) {
      s.status = status;
      s.task = task;
      this.publish({ type: "AGENT_STATUS", agent, status, currentTask: task, at });
    }
    if (step !== undefined) {
      const full: AgentStep = { ...step, at };
      s.steps.unshift(full);
      if (s.steps.length > HISTORY) s.steps.length = HISTORY;
      this.publish({ type: "AGENT_STEP", agent, ...full });
    }
  }

  get(agent: AgentName): AgentView {
    const role = AGENTS.find((a) => a.name === agent)?.role ?? "";
    const s = this.agents.get(agent) as AgentState;
    return {
      name: agent,
      role,
      status: s.status,
      currentTask: s.task,
      lastHeartbeat: s.heartbeat,
      steps: [...s.steps],
    };
  }

  list(): AgentView[] {
    return AGENTS.map((a) => this.get(a.name));
  }
}
