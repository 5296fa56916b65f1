"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useNow } from "@/lib/use-now";
import { useTRPC } from "@/trpc/client";
import { RISK_STYLE } from "./risk-panel";

const ENGINE_STYLE: Record<string, string> = {
  RUNNING: "bg-emerald-500/15 text-emerald-300",
  PAUSED: "bg-amber-500/15 text-amber-300",
  STOPPED: "bg-gray-500/20 text-gray-300",
  ERROR: "bg-red-500/20 text-red-300",
};
const MODE_STYLE: Record<string, string> = {
  paper: "bg-sky-500/15 text-sky-300",
  testnet: "bg-amber-500/15 text-amber-300",
  live: "bg-red-500/20 text-red-300",
};
const HEARTBEAT_LATE_MS = 5_000;

/** Engine state, mode, risk state and heartbeat age, on every page. */
export function StatusStrip() {
  const trpc = useTRPC();
  const status = useSubscription(trpc.system.onStatus.subscriptionOptions()).data;
  const risk = useSubscription(trpc.risk.onUpdate.subscriptionOptions()).data;
  const [beatAt, setBeatAt] = useState<number | null>(null);
  useSubscription(trpc.system.onHeartbeat.subscriptionOptions(undefined, { onData: () => setBeatAt(Date.now()) }));
  const now = useNow();
  const beatAge = beatAt === null ? null : Math.max(0, now - beatAt);

  return (
    <div className="flex flex-wrap items-center gap-2 text-xs">
      <Pill testId="status-engine" label="Engine" value={status?.engine_state} style={ENGINE_STYLE} />
      <Pill testId="status-mode" label="Mode" value={status?.mode} style={MODE_STYLE} />
      <Pill testId="status-risk" label="Risk" value={risk?.risk_state} style={RISK_STYLE} />
      <HealthPill health={status?.health} />
      <span
        data-testid="status-heartbeat"
        title="Time since the server's last heartbeat (one a second)"
        className={`rounded px-2 py-0.5 ${beatAge !== null && beatAge > HEARTBEAT_LATE_MS ? "bg-amber-500/15 text-amber-300" : "text-gray-400"}`}
      >
        ♥ {beatAge === null ? "—" : beatAge < 1500 ? "<1 s" : `${Math.round(beatAge / 1000)} s`}
      </span>
    </div>
  );
}

/** "Degraded" (with every problem on hover and for screen readers) whenever /health would say so. */
function HealthPill({ health }: { health: { status: string; problems: readonly string[] } | undefined }) {
  if (health === undefined) return null;
  const degraded = health.status !== "ok";
  return (
    <span
      data-testid="status-health"
      role={degraded ? "alert" : undefined}
      title={degraded ? health.problems.join("\n") : "Persistence, feed and engine are healthy"}
      className={`rounded px-2 py-0.5 font-semibold ${degraded ? "bg-red-500/20 text-red-300" : "text-gray-400"}`}
    >
      {degraded ? `Degraded (${health.problems.length})` : "Healthy"}
      {degraded && <span className="sr-only">: {health.problems.join("; ")}</span>}
    </span>
  );
}

function Pill({
  testId,
  label,
  value,
  style,
}: {
  testId: string;
  label: string;
  value: string | undefined;
  style: Record<string, string>;
}) {
  return (
    <span
      data-testid={testId}
      title={label}
      className={`rounded px-2 py-0.5 font-semibold ${value === undefined ? "text-gray-500" : (style[value] ?? "bg-red-500/20 text-red-300")}`}
    >
      {value ?? "…"}
    </span>
  );
}
