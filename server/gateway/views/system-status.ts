import type { KillswitchState } from "../../engine/model/engine-state";
import type { HeanRuntime } from "../../runtime";
import { iso, isoOrNull, round } from "./time";

/** system_status topic and tRPC system.status: what the engine is doing right now. */
export function systemStatus(rt: HeanRuntime) {
  const now = rt.engine.clock.now();
  const status = rt.engine.status();
  const store = rt.store.health();
  // What /health reports too, but for the database ping (this is built every second).
  const problems = [
    ...store.problems.map((p) => `database: ${p}`),
    ...(status.feed.status === "error" ? [`feed: ${status.feed.error}`] : []),
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
    },
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
