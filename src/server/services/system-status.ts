import type { KillswitchState } from "../../../server/engine/model/engine-state";
import type { HeanRuntime } from "../../../server/runtime";
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
    killswitch_state: killswitchState(rt, status.killswitch),
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

/**
 * The legacy killswitch_state maps onto HARD_STOP: triggered while any level-3 rule holds (the
 * killswitch itself, a hard drawdown, the daily loss limit, a failed feed), with their codes.
 */
function killswitchState(rt: HeanRuntime, lifecycle: KillswitchState) {
  const risk = rt.engine.risk;
  if (risk === null)
    return {
      triggered: lifecycle.triggered,
      reasons: [...lifecycle.reasons],
      triggered_at: isoOrNull(lifecycle.triggeredAt),
    };
  const hard = risk.status().findings.filter((f) => f.level === 3);
  return {
    triggered: hard.length > 0,
    reasons: hard.map((f) =>
      f.code === "KILLSWITCH" ? `KILLSWITCH: ${lifecycle.reasons.join(", ") || "manual"}` : f.code,
    ),
    triggered_at: isoOrNull(hard.length === 0 ? null : Math.min(...hard.map((f) => f.since))),
  };
}
