"use client";

import { useSyncExternalStore } from "react";
import { connection } from "@/trpc/connection-state";

const STYLE = {
  open: "bg-emerald-500/15 text-emerald-300 border-emerald-500/30",
  connecting: "bg-amber-500/15 text-amber-300 border-amber-500/30",
  reconnecting: "bg-amber-500/15 text-amber-300 border-amber-500/30 animate-pulse",
} as const;

const LABEL = { open: "Live", connecting: "Connecting…", reconnecting: "Reconnecting…" } as const;

export function ConnectionBadge() {
  const state = useSyncExternalStore(connection.subscribe, connection.get, () => "connecting" as const);
  return (
    <span
      data-testid="connection-state"
      data-state={state}
      className={`rounded border px-2 py-0.5 text-xs ${STYLE[state]}`}
    >
      {LABEL[state]}
    </span>
  );
}
