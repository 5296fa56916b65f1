/** The engine's only source of time. Live code uses LiveClock; replays and tests drive a ManualClock. */
export type TimerId = number;

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs fn once after delayMs (clock time). */
  setTimer(fn: () => void, delayMs: number): TimerId;
  /** Runs fn every periodMs (clock time) until cleared. */
  setRepeating(fn: () => void, periodMs: number): TimerId;
  clearTimer(id: TimerId): void;
}

export class LiveClock implements Clock {
  private readonly handles = new Map<TimerId, NodeJS.Timeout>();
  private nextId = 1;

  now(): number {
    return Date.now();
  }

  setTimer(fn: () => void, delayMs: number): TimerId {
    const id = this.nextId++;
    this.handles.set(
      id,
      setTimeout(() => {
        this.handles.delete(id);
        fn();
      }, delayMs),
    );
    return id;
  }

  setRepeating(fn: () => void, periodMs: number): TimerId {
    const id = this.nextId++;
    this.handles.set(id, setInterval(fn, periodMs));
    return id;
  }

  clearTimer(id: TimerId): void {
    const handle = this.handles.get(id);
    if (handle === undefined) return;
    clearTimeout(handle);
    clearInterval(handle);
    this.handles.delete(id);
  }
}

interface ManualTimer {
  id: TimerId;
  due: number;
  periodMs: number | null;
  fn: () => void;
}

/**
 * A clock that moves only when told to: advanceTo(t) fires every timer due up to t, in time order,
 * with now() equal to each timer's due time while it runs. A replay advances it to each event's
 * timestamp before delivering the event, so the engine sees recorded time, not wall time.
 */
export class ManualClock implements Clock {
  private current: number;
  private timers: ManualTimer[] = [];
  private nextId = 1;

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(fn: () => void, delayMs: number): TimerId {
    return this.add(fn, delayMs, null);
  }

  setRepeating(fn: () => void, periodMs: number): TimerId {
    if (periodMs <= 0) throw new RangeError("periodMs must be positive");
    return this.add(fn, periodMs, periodMs);
  }

  clearTimer(id: TimerId): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  advanceTo(targetMs: number): void {
    if (targetMs < this.current) return;
    for (;;) {
      const next = this.earliestDue(targetMs);
      if (next === undefined) break;
      this.current = next.due;
      if (next.periodMs === null) this.clearTimer(next.id);
      else next.due += next.periodMs;
      next.fn();
    }
    this.current = targetMs;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  private earliestDue(limit: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.timers) if (t.due <= limit && (best === undefined || t.due < best.due)) best = t;
    return best;
  }

  private add(fn: () => void, delayMs: number, periodMs: number | null): TimerId {
    const id = this.nextId++;
    this.timers.push({ id, due: this.current + Math.max(0, delayMs), periodMs, fn });
    return id;
  }
}
