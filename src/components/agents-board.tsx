"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { type CallFailure, failureToast } from "@/lib/control-outcome";
import { showToast } from "@/lib/toast";
import { useTRPC, useTRPCClient } from "@/trpc/client";
import { CONTROL_TIMEOUT_MS } from "./engine-panel";
import { When } from "./when";

export const AGENT_STATUS_STYLE: Record<string, string> = {
  working: "bg-emerald-500/15 text-emerald-300",
  idle: "bg-gray-500/20 text-gray-300",
  error: "bg-red-500/20 text-red-300",
  disabled: "bg-gray-700/40 text-gray-500",
};

/** The agents from GET /system/agents, refreshed as their ai_catalyst events arrive. */
export function useAgents() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const agents = useQuery(trpc.system.agents.queryOptions());
  useSubscription(
    trpc.system.onAgents.subscriptionOptions(undefined, {
      onData: () => void queryClient.invalidateQueries({ queryKey: trpc.system.agents.queryKey() }),
    }),
  );
  return agents;
}

/** The eight agents: what each is doing, when it last worked, its recent steps. */
export function AgentsBoard() {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const trpc = useTRPC();
  const agents = useAgents().data;
  const [reviewing, setReviewing] = useState(false);
  if (agents === undefined) return <p className="text-sm text-gray-500">Loading the agents…</p>;
  if (!agents.enabled)
    return (
      <p data-testid="agents-off" className="text-sm text-gray-400">
        The agents' reporting is off (AI_CATALYST_ENABLED=false); trading is unchanged.
      </p>
    );
  const review = async () => {
    setReviewing(true);
    try {
      await client.system.review.mutate(undefined, { signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS) });
      void queryClient.invalidateQueries({ queryKey: trpc.system.agents.queryKey() });
      showToast({
        kind: "success",
        title: "Critic: reviewed",
        description: "The review of the closed trades is below",
      });
    } catch (error) {
      showToast(failureToast("Review", error as CallFailure, CONTROL_TIMEOUT_MS));
    } finally {
      setReviewing(false);
    }
  };
  return (
    <div className="grid gap-3 md:grid-cols-2" data-testid="agents-board">
      {agents.agents.map((a) => (
        <article
          key={a.name}
          data-testid={`agent-${a.name}`}
          className="rounded border border-panel-border p-3 text-sm"
        >
          <header className="flex flex-wrap items-center gap-2">
            <span className="font-semibold">{a.name}</span>
            <span className="text-xs text-gray-500">{a.role}</span>
            <span
              data-testid={`agent-${a.name}-status`}
              className={`rounded px-2 py-0.5 text-xs ${AGENT_STATUS_STYLE[a.status] ?? ""}`}
            >
              {a.status}
            </span>
            <span className="ml-auto text-xs text-gray-500">
              <When iso={a.last_heartbeat} />
            </span>
          </header>
          <p data-testid={`agent-${a.name}-task`} className="mt-1 text-gray-200">
            {a.current_task}
          </p>
          {a.name === "Critic" && (
            <button
              type="button"
              data-testid="critic-review"
              disabled={reviewing}
              onClick={() => void review()}
              className="mt-1 rounded border border-gray-600 px-2 py-0.5 text-xs hover:bg-white/5 disabled:opacity-40"
            >
              Review now
            </button>
          )}
          {a.recent_steps.length > 0 && (
            <ol className="mt-2 max-h-32 space-y-0.5 overflow-y-auto font-mono text-xs text-gray-400">
              {a.recent_steps.slice(0, 8).map((s) => (
                <li key={`${s.timestamp}-${s.action}`} title={JSON.stringify(s.result)}>
                  <span className="text-gray-500">{s.timestamp.slice(11, 19)}</span> {s.action} {summary(s.result)}
                </li>
              ))}
            </ol>
          )}
        </article>
      ))}
    </div>
  );
}

/** A step's result in one short line: its plain fields. */
function summary(result: Readonly<Record<string, unknown>>): string {
  return Object.entries(result)
    .filter(([, v]) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")
    .slice(0, 5)
    .map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(6)) : String(v)}`)
    .join(" ");
}

/** The overview's strip: each agent's name and status, its task on hover. */
export function AgentsStrip() {
  const agents = useAgents().data;
  if (agents === undefined || !agents.enabled) return null;
  return (
    <div data-testid="agents-strip" className="flex flex-wrap gap-1 text-xs">
      {agents.agents.map((a) => (
        <a
          key={a.name}
          href="/ai"
          title={`${a.name}: ${a.current_task}`}
          className={`rounded px-2 py-0.5 ${AGENT_STATUS_STYLE[a.status] ?? ""}`}
        >
          {a.name}
        </a>
      ))}
    </div>
  );
}
