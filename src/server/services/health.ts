import type { HeanRuntime } from "../../../server/runtime";
import { systemStatus } from "./system-status";
import { iso } from "./time";

const DB_PING_TIMEOUT_MS = 2000;

/** GET /health: 200 while the process can serve; "degraded" names what is wrong. */
export async function health(rt: HeanRuntime) {
  const status = systemStatus(rt);
  const database = await pingDatabase(rt);
  const problems: string[] = [];
  if (!database.ok) problems.push(`database: ${database.error}`);
  if (status.feed.status === "error") problems.push(`feed: ${status.feed.error}`);
  if (status.engine_state === "ERROR") problems.push("engine: ERROR");
  return {
    status: problems.length === 0 ? ("ok" as const) : ("degraded" as const),
    problems,
    version: rt.version,
    engine_state: status.engine_state,
    mode: status.mode,
    uptime_sec: status.uptime_sec,
    database: { kind: rt.database.kind, ok: database.ok, pending_writes: status.database.pending_writes },
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
