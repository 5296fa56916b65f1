import type { HeanRuntime } from "../../runtime";
import { iso, round } from "./time";

export function telemetryPing(rt: HeanRuntime) {
  return { status: "ok" as const, engine_state: rt.engine.state, timestamp: iso(Date.now()) };
}

/** GET /telemetry/summary: counts of everything the engine has published since start. */
export function telemetrySummary(rt: HeanRuntime) {
  const bus = rt.engine.bus.stats();
  const status = rt.engine.status();
  const uptimeSec = (Date.now() - rt.startedAt) / 1000;
  return {
    status: "ok" as const,
    total: bus.total,
    by_type: bus.byType,
    handler_errors: bus.handlerErrors,
    events_per_sec: uptimeSec > 0 ? round(bus.total / uptimeSec, 2) : 0,
    ticks_received: status.ticksReceived,
    ticks_ignored: status.ticksIgnored,
    symbols_count: status.symbols.length,
    pending_writes: rt.store.pendingCount(),
    ws: rt.transport.wsStats(),
    latency: rt.latency.summary(),
    uptime_sec: round(uptimeSec, 1),
    timestamp: iso(Date.now()),
  };
}
