import type { EngineStoreStats } from "./prisma-engine-store";

/** What /health and the dashboard say about persistence: plain data, problems in words. */
export interface StoreHealth {
  /** Records waiting to be written (queued, being written, or in the fallback journal). */
  readonly pending: number;
  /** Of those, the ones in the local fallback journal. */
  readonly spilled: number;
  /** Records the database refused, set aside in dead_letters, in the last 24 hours. */
  readonly deadLetters24h: number;
  readonly failingSince: number | null;
  readonly lastError: string | null;
  /** How long the oldest pending record has waited, in seconds; null when nothing waits. */
  readonly oldestPendingSec: number | null;
  /** Empty while persistence is healthy. */
  readonly problems: readonly string[];
}

export interface StoreHealthLimits {
  /** A record waiting longer than this means the queue is stuck. */
  readonly stuckAfterSec: number;
  /** More records than this waiting means writes are not keeping up. */
  readonly maxPending: number;
}

export const DEFAULT_STORE_HEALTH_LIMITS: StoreHealthLimits = { stuckAfterSec: 30, maxPending: 10_000 };

const iso = (ms: number) => new Date(ms).toISOString();

export function storeHealth(s: EngineStoreStats, now: number, limits = DEFAULT_STORE_HEALTH_LIMITS): StoreHealth {
  const oldestPendingSec = s.oldestPendingAt === null ? null : Math.max(0, (now - s.oldestPendingAt) / 1000);
  const problems: string[] = [];
  if (s.failingSince !== null)
    problems.push(
      `database writes failing since ${iso(s.failingSince)} (${s.consecutiveFailures} attempts): ${s.lastError ?? "unknown error"}`,
    );
  if (oldestPendingSec !== null && oldestPendingSec > limits.stuckAfterSec)
    problems.push(`write queue stuck: the oldest unwritten record has waited ${Math.round(oldestPendingSec)} s`);
  if (s.pending > limits.maxPending)
    problems.push(`${s.pending} records waiting to be written (more than ${limits.maxPending})`);
  if (s.spilled > 0)
    problems.push(`${s.spilled} records kept in the local fallback journal until the database takes them`);
  if (s.recentDeadLetters > 0)
    problems.push(
      `${s.recentDeadLetters} records refused by the database in the last 24 h, set aside in dead_letters` +
        (s.lastDeadLetter === null ? "" : ` (last at ${iso(s.lastDeadLetter.at)}: ${s.lastDeadLetter.error})`),
    );
  if (s.dropped > 0) problems.push(`${s.dropped} records lost since start (no fallback journal)`);
  return {
    pending: s.pending,
    spilled: s.spilled,
    deadLetters24h: s.recentDeadLetters,
    failingSince: s.failingSince,
    lastError: s.lastError,
    oldestPendingSec: oldestPendingSec === null ? null : Math.round(oldestPendingSec * 10) / 10,
    problems,
  };
}
