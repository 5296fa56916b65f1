"use client";

import { type ReactNode, useSyncExternalStore } from "react";
import { formatAgo, formatClock } from "@/lib/format";
import { useNow } from "@/lib/use-now";
import { connection } from "@/trpc/connection-state";

const useLostAt = () => useSyncExternalStore(connection.subscribe, connection.lostAt, () => null);

/** While the live link is down, says since when and that the figures are from before. */
export function ConnectionBanner() {
  const lostAt = useLostAt();
  const now = useNow();
  if (lostAt === null) return null;
  const iso = new Date(lostAt).toISOString();
  return (
    <div
      role="status"
      data-testid="connection-lost"
      className="border-b border-amber-500/30 bg-amber-500/10 px-4 py-2 text-center text-sm text-amber-200"
    >
      Connection to the server lost at {formatClock(iso, now)} ({formatAgo(iso, now)}). Reconnecting… The figures below
      are from before and refresh as soon as the server answers.
    </div>
  );
}

/** Dims the page's figures while they may be stale, so nobody trades on numbers from before a restart. */
export function StaleWhenDisconnected({ children }: { children: ReactNode }) {
  const stale = useLostAt() !== null;
  return (
    <div data-testid="live-content" data-stale={stale} className={stale ? "opacity-50 transition-opacity" : ""}>
      {children}
    </div>
  );
}
