import type { KillswitchState } from "../../engine/model/engine-state";
import type { FeedConnection } from "../../engine/ports";
import type { HeanRuntime } from "../../runtime";
import { exchangeProblems, exchangeStatus } from "./exchange";
import { iso, isoOrNull, round } from "./time";

/** system_status topic and tRPC system.status: what the engine is doing right now. */
export function systemStatus(rt: HeanRuntime) {
  const now = rt.engine.clock.now();
  const status = rt.engine.status();
  const store = rt.store.health();
  // What /health reports too, but for the database ping (this is built every second).
  const connection = status.feed.connection;
  const silentSec = connection?.lastMessageAt == null ? null : (now - connection.lastMessageAt) / 1000;
  const problems = [
    ...store.problems.map((p) => `database: ${p}`),
    ...(status.feed.status === "error" ? [`feed: ${status.feed.error}`] : []),
    ...streamProblems(status.feed.status, status.feed.name, connection, silentSec),
    ...exchangeProblems(rt),
    ...(status.state === "ERROR" ? ["engine: ERROR"] : []),
  ];
  return {
    type: "status_update" as const,
    engine: status.state.toLowerCase(),
    engine_state: status.state,
    mode: rt.mode,
    killswitch_state: killswitchState(status.killswitch),
    feed: {
      name: status.feed.name,
      status: status.feed.status,
      error: status.feed.error,
      symbols_count: status.symbols.length,
      last_tick_age_sec: status.lastTickAt === null ? null : round((now - status.lastTickAt) / 1000, 3),
      connection:
        connection === null
          ? null
          : {
              state: connection.state,
              last_message_age_sec: silentSec === null ? null : round(silentSec, 3),
              reconnects: connection.reconnects,
              resyncs: connection.resyncs,
              book_gaps: connection.bookGaps,
              rejected_messages: connection.rejectedMessages,
              last_error: connection.lastError,
            },
    },
    exchange: exchangeStatus(rt, now),
    database: { kind: rt.database.kind, pending_writes: store.pending },
    health: { status: problems.length === 0 ? ("ok" as const) : ("degraded" as const), problems },
    redis: { enabled: false, status: "not_configured" as const },
    ws_clients: rt.transport.wsClients(),
    uptime_sec: round((Date.now() - rt.startedAt) / 1000, 1),
    shutting_down: rt.isShuttingDown(),
    timestamp: iso(now),
  };
}

export type SystemStatus = ReturnType<typeof systemStatus>;

/** An exchange stream that is down or silent while the feed runs is a problem /health reports. */
const SILENT_AFTER_SEC = 10;

function streamProblems(
  feedStatus: string,
  name: string,
  connection: FeedConnection | null,
  silentSec: number | null,
): string[] {
  if (connection === null || feedStatus !== "running") return [];
  if (connection.state !== "connected") return [`feed: ${name} stream ${connection.state}`];
  if (silentSec !== null && silentSec > SILENT_AFTER_SEC)
    return [`feed: no message from ${name} for ${Math.round(silentSec)} s`];
  return [];
}

/** system_heartbeat topic: a liveness beat with the seed's fields. */
export function systemHeartbeat(rt: HeanRuntime) {
  return {
    engine_state: rt.engine.state,
    mode: rt.mode,
    ws_clients: rt.transport.wsClients(),
    uptime_sec: round((Date.now() - rt.startedAt) / 1000, 1),
    timestamp: iso(rt.engine.clock.now()),
  };
}

export type SystemHeartbeat = ReturnType<typeof systemHeartbeat>;

/** The seed's killswitch_state: the killswitch itself (POST /engine/kill until a clear), as the governor holds it. */
function killswitchState(k: KillswitchState) {
  return { triggered: k.triggered, reasons: [...k.reasons], triggered_at: isoOrNull(k.triggeredAt) };
}
