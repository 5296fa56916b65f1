/**
 * Instrumentation of the hot path, injected by the composition root. The engine's logic never reads
 * it: it only reports how long its own synchronous work took, on a monotonic stopwatch that is not
 * the engine clock (a replay clock stands still while the CPU works).
 */
export interface LatencyProbe {
  /** A monotonic time in milliseconds with sub-millisecond resolution (performance.now). */
  now(): number;
  /** Feed hand-off to the end of the tick's synchronous handling, for every tick. */
  tick(ms: number): void;
  /** The same, for ticks that closed a bar (and so ran the strategies and the decision pipeline). */
  bar(ms: number): void;
  /** Feed hand-off of the tick that caused it to the publication of an ORDER_DECISION. */
  decision(ms: number): void;
}
