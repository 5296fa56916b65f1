"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { answerToast, type CallFailure, failureToast } from "@/lib/control-outcome";
import { formatAge, formatUptime } from "@/lib/format";
import { showToast } from "@/lib/toast";
import { useTRPC, useTRPCClient } from "@/trpc/client";

const STATE_STYLE: Record<string, string> = {
  RUNNING: "text-emerald-300",
  PAUSED: "text-amber-300",
  STOPPED: "text-gray-300",
  ERROR: "text-red-400",
};

const COMMANDS = ["start", "pause", "resume", "stop", "restart", "kill"] as const;
type Command = (typeof COMMANDS)[number];

export const CONTROL_TIMEOUT_MS = 10_000;

export function EnginePanel() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const status = useSubscription(trpc.system.onStatus.subscriptionOptions());
  const [inFlight, setInFlight] = useState<ReadonlySet<Command>>(new Set());
  const s = status.data;

  const run = async (command: Command) => {
    if (command === "kill" && !window.confirm("Emergency kill: halt trading and trigger the killswitch?")) return;
    setInFlight((prev) => new Set(prev).add(command));
    try {
      const answer = await client.engine.control.mutate(
        { command },
        { signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS) },
      );
      showToast(answerToast(command, answer));
    } catch (error) {
      showToast(failureToast(command, error as CallFailure, CONTROL_TIMEOUT_MS));
    } finally {
      setInFlight((prev) => {
        const next = new Set(prev);
        next.delete(command);
        return next;
      });
    }
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-1">
        <div>
          <div className="text-xs text-gray-500">Engine</div>
          <div
            data-testid="engine-state"
            className={`text-2xl font-semibold ${STATE_STYLE[s?.engine_state ?? ""] ?? ""}`}
          >
            {s?.engine_state ?? "…"}
          </div>
        </div>
        <Field label="Mode" value={s?.mode ?? "…"} testId="engine-mode" />
        <Field label="Feed" value={s ? `${s.feed.name} (${s.feed.status})` : "…"} />
        <Field label="Last tick" value={s ? formatAge(s.feed.last_tick_age_sec) : "…"} />
        {s?.feed.connection && (
          <Field
            label="Exchange stream"
            testId="exchange-stream"
            value={`${s.feed.connection.state}, last message ${formatAge(s.feed.connection.last_message_age_sec)}, ${s.feed.connection.reconnects} reconnect${s.feed.connection.reconnects === 1 ? "" : "s"}`}
          />
        )}
        <Field label="Database" value={s ? `${s.database.kind}, ${s.database.pending_writes} pending` : "…"} />
        <Field label="Uptime" value={s ? formatUptime(s.uptime_sec) : "…"} testId="engine-uptime" />
        {s?.killswitch_state.triggered && (
          <span data-testid="killswitch" className="rounded bg-red-500/20 px-2 py-0.5 text-xs text-red-300">
            KILLSWITCH: {s.killswitch_state.reasons.join(", ")}
          </span>
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        {COMMANDS.map((command) => (
          <button
            key={command}
            type="button"
            data-testid={`control-${command}`}
            disabled={inFlight.has(command)}
            aria-busy={inFlight.has(command)}
            onClick={() => void run(command)}
            className={`rounded border px-3 py-1 text-sm capitalize disabled:opacity-40 ${
              command === "kill"
                ? "border-red-500/50 text-red-300 hover:bg-red-500/10"
                : "border-gray-600 hover:bg-white/5"
            }`}
          >
            {command}
          </button>
        ))}
      </div>
    </div>
  );
}

function Field({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <div className="text-xs text-gray-500">{label}</div>
      <div data-testid={testId} className="font-mono text-sm">
        {value}
      </div>
    </div>
  );
}
