import {
  createHistogram,
  type IntervalHistogram,
  monitorEventLoopDelay,
  type RecordableHistogram,
} from "node:perf_hooks";
import type { LatencyProbe } from "../engine/latency-probe";

export interface LatencyFigures {
  readonly count: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly max_ms: number;
}

export interface LatencySummary {
  /** The figures cover the last complete window, or the time since start before one completed. */
  readonly window: "last_60s" | "since_start";
  readonly tick_handling: LatencyFigures;
  readonly bar_close: LatencyFigures;
  readonly tick_to_decision: LatencyFigures;
  readonly event_loop_delay: LatencyFigures;
}

const WINDOW_MS = 60_000;
const LOOP_RESOLUTION_MS = 10;
const KEYS = ["tick_handling", "bar_close", "tick_to_decision", "event_loop_delay"] as const;
type Key = (typeof KEYS)[number];

/** `offsetNs` is subtracted from every value (the event loop monitor's samples include its interval). */
function figures(h: RecordableHistogram | IntervalHistogram, offsetNs = 0): LatencyFigures {
  const n = h.count;
  const ms = (ns: number) => Math.round(Math.max(0, ns - offsetNs) / 1e3) / 1e3;
  return n === 0
    ? { count: 0, p50_ms: 0, p99_ms: 0, max_ms: 0 }
    : { count: n, p50_ms: ms(h.percentile(50)), p99_ms: ms(h.percentile(99)), max_ms: ms(h.max) };
}

/**
 * The engine's latency probe on Node's HDR histograms (nanosecond resolution), plus the event loop's
 * delay, which is the part of a tick's latency spent waiting before the engine sees it. Figures roll
 * over every minute so they describe the server now, not its cold start.
 */
export class LatencyMonitor implements LatencyProbe {
  private readonly recordable: Record<Exclude<Key, "event_loop_delay">, RecordableHistogram> = {
    tick_handling: createHistogram(),
    bar_close: createHistogram(),
    tick_to_decision: createHistogram(),
  };
  private readonly loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  private last: LatencySummary | null = null;
  private timer: NodeJS.Timeout | null = null;

  start(): void {
    if (this.timer !== null) return;
    this.loop.enable();
    this.timer = setInterval(() => this.rotate(), WINDOW_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.loop.disable();
  }

  now(): number {
    return performance.now();
  }

  tick(ms: number): void {
    this.recordable.tick_handling.record(toNs(ms));
  }

  bar(ms: number): void {
    this.recordable.bar_close.record(toNs(ms));
  }

  decision(ms: number): void {
    this.recordable.tick_to_decision.record(toNs(ms));
  }

  summary(): LatencySummary {
    return this.last ?? this.current("since_start");
  }

  private current(window: LatencySummary["window"]): LatencySummary {
    return {
      window,
      tick_handling: figures(this.recordable.tick_handling),
      bar_close: figures(this.recordable.bar_close),
      tick_to_decision: figures(this.recordable.tick_to_decision),
      event_loop_delay: figures(this.loop, LOOP_RESOLUTION_MS * 1e6),
    };
  }

  private rotate(): void {
    this.last = this.current("last_60s");
    for (const h of Object.values(this.recordable)) h.reset();
    this.loop.reset();
  }
}

function toNs(ms: number): number {
  return Math.max(1, Math.round(ms * 1e6));
}
