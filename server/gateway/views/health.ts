import type { HeanRuntime } from "../../runtime";
import { systemStatus } from "./system-status";
import { iso, round } from "./time";

const DB_PING_TIMEOUT_MS = 2000;

/**
 * GET /health: 200 while the process can serve; "degraded" with every problem in words whenever
 * the database does not answer, writes fail, the write queue is stuck or behind, records were set
 * aside, the feed failed or the engine is in ERROR.
 */
export async function health(rt: HeanRuntime) {
  const status = systemStatus(rt);
  const database = await pingDatabase(rt);
  const store = rt.store.health();
  const problems = [...(database.ok ? [] : [`database: ${database.error}`]), ...status.health.problems];
  return {
    status: problems.length === 0 ? ("ok" as const) : ("degraded" as const),
    problems,
    version: rt.version,
    engine_state: status.engine_state,
    mode: status.mode,
    uptime_sec: status.uptime_sec,
    database: {
      kind: rt.database.kind,
      ok: database.ok && store.failingSince === null,
      pending_writes: store.pending,
      spilled_writes: store.spilled,
      dead_letters_24h: store.deadLetters24h,
      writes_failing_since: store.failingSince === null ? null : iso(store.failingSince),
      last_write_error: store.lastError,
      oldest_pending_sec: store.oldestPendingSec === null ? null : round(store.oldestPendingSec, 1),
    },
    feed: status.feed,
    ws_clients: status.ws_clients,
    timestamp: iso(Date.now()),
  };
}

async function pingDatabase(rt: HeanRuntime): Promise<{ ok: boolean; error: string | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DB_PING_TIMEOUT_MS} ms`)), DB_PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([rt.database.ping(), timeout]);
    return { ok: true, error: null };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
