import type { AgentEvent, AgentView } from "../../engine/agents/agent-registry";
import type { HeanRuntime } from "../../runtime";
import type { adaptPayload } from "./adaptations";
import { iso, isoOrNull } from "./time";

const agentPayload = (a: AgentView) => ({
  name: a.name,
  role: a.role,
  status: a.status,
  current_task: a.currentTask,
  last_heartbeat: isoOrNull(a.lastHeartbeat),
  recent_steps: a.steps.map((s) => ({ action: s.action, result: s.result, timestamp: iso(s.at) })),
});

/** GET /system/agents in the seed's shape; no agents when AI_CATALYST_ENABLED=false. */
export function systemAgents(rt: HeanRuntime) {
  const agents = rt.agents?.list() ?? [];
  return {
    status: "ok" as const,
    enabled: rt.agents !== null,
    agents_count: agents.length,
    agents: agents.map(agentPayload),
  };
}

/** The ai_catalyst topic's AGENT_STATUS and AGENT_STEP, in the seed's shapes. */
export function agentEventPayload(e: AgentEvent) {
  return e.type === "AGENT_STATUS"
    ? {
        type: "AGENT_STATUS" as const,
        agent: e.agent,
        status: e.status,
        current_task: e.currentTask,
        timestamp: iso(e.at),
      }
    : { type: "AGENT_STEP" as const, agent: e.agent, action: e.action, result: e.result, timestamp: iso(e.at) };
}

export type AiCatalystPayload = ReturnType<typeof agentEventPayload> | ReturnType<typeof adaptPayload>;
