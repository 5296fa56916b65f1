import { basename } from "node:path";
import { type Clock, ManualClock, type TimerId } from "../../../engine/clock";
import type { Tick } from "../../../engine/model/market";
import type { MarketDataFeed } from "../../../engine/ports";
import { ReplayReader } from "./replay-reader";

export interface ReplayFeedOptions {
  readonly file: string;
  readonly clock: Clock;
  /** Symbol of a bar file (bar files have no symbol column); ignored for quote files. */
  readonly symbol?: string;
  /** Symbols a quote file is known to hold, announced before they are seen; others are added as they appear. */
  readonly symbols?: readonly string[];
  /** 1 = recorded pace, 60 = sixty times faster, Infinity = as fast as possible. */
  readonly speed?: number;
  /** Shift every timestamp so that the first event happens at clock.now() when start() is called. */
  readonly rebaseToNow?: boolean;
  /** Start over at the end, continuing time forward; done then settles only on stop() or an error. */
  readonly loop?: boolean;
  /** Spread put around bar prices, in basis points. */
  readonly spreadBps?: number;
  /** Ticks delivered back to back before yielding to the event loop. */
  readonly batchSize?: number;
  /**
   * Advance the clock to each tick's time before delivering it, so timers fire in recorded time.
   * Defaults to true for a ManualClock at Infinity speed (a backtest), false otherwise.
   */
  readonly driveClock?: boolean;
}

interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve: () => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Marks the promise handled, so a failure nobody awaits cannot crash the process; awaiting it still throws.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** One start()..finish/stop: a restarted feed begins a fresh run and a stale run can never deliver. */
interface Run {
  readonly sink: (tick: Tick) => void;
  readonly done: Deferred;
  readonly startClock: number;
  reader: ReplayReader;
  batch: Tick[];
  index: number;
  timer: TimerId | undefined;
  stopped: boolean;
  /** Time of the file's first event; undefined until it has been read. */
  firstTs: number | undefined;
  rebase: number;
  /** Added to recorded times on each pass of a looping replay. */
  loopOffset: number;
  lastRecordedTs: number;
  lastStep: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Plays a recorded CSV (one-minute bars or quote ticks) as a market data feed, paced by the clock.
 * Tick timestamps keep the recorded spacing whatever the speed (shifted when rebasing or looping);
 * speed only changes how fast they are delivered. A malformed line stops the feed and rejects done.
 */
export class ReplayFeed implements MarketDataFeed {
  readonly name: string;
  private readonly options: ReplayFeedOptions;
  private readonly speed: number;
  private readonly batchSize: number;
  private readonly drivesClock: boolean;
  private readonly seen = new Set<string>();
  private readonly symbolList: string[] = [];
  private current: Deferred = deferred();
  private run: Run | undefined;
  private deliveredCount = 0;

  constructor(options: ReplayFeedOptions) {
    const speed = options.speed ?? 1;
    if (!(speed > 0)) throw new RangeError("speed must be positive (Infinity for as fast as possible)");
    const batchSize = options.batchSize ?? 2000;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a positive integer");
    if ((options.spreadBps ?? 1) < 0) throw new RangeError("spreadBps must not be negative");
    this.options = options;
    this.speed = speed;
    this.batchSize = batchSize;
    this.drivesClock =
      options.driveClock ?? (speed === Number.POSITIVE_INFINITY && options.clock instanceof ManualClock);
    this.name = `replay:${basename(options.file)}`;
    for (const s of [...(options.symbol === undefined ? [] : [options.symbol]), ...(options.symbols ?? [])]) {
      this.noteSymbol(s);
    }
  }

  get symbols(): readonly string[] {
    return this.symbolList;
  }

  /** Settles when the current (or next) run ends: after the last tick, on stop(), or rejected on an error. */
  get done(): Promise<void> {
    return this.current.promise;
  }

  /** Ticks delivered since construction. */
  get delivered(): number {
    return this.deliveredCount;
  }

  start(sink: (tick: Tick) => void): void {
    if (this.run !== undefined && !this.run.stopped) throw new Error(`${this.name} already started`);
    if (this.run !== undefined) this.current = deferred();
    const run: Run = {
      sink,
      done: this.current,
      startClock: this.options.clock.now(),
      reader: this.newReader(),
      batch: [],
      index: 0,
      timer: undefined,
      stopped: false,
      firstTs: undefined,
      rebase: 0,
      loopOffset: 0,
      lastRecordedTs: Number.NaN,
      lastStep: 1,
    };
    this.run = run;
    void this.pump(run);
  }

  /** Stops delivering and resolves done; a later start() replays the file from the beginning. */
  stop(): void {
    const run = this.run;
    if (run === undefined || run.stopped) return;
    this.end(run);
    run.done.resolve();
  }

  private async pump(run: Run): Promise<void> {
    const clock = this.options.clock;
    try {
      let backToBack = 0;
      for (;;) {
        if (run.stopped) return;
        const tick = run.batch[run.index];
        if (tick === undefined) {
          const next = await run.reader.nextBatch();
          if (run.stopped) return;
          if (next !== undefined) {
            run.batch = next;
            run.index = 0;
          } else if (this.options.loop === true && run.firstTs !== undefined) {
            run.loopOffset = run.lastRecordedTs + run.lastStep - run.firstTs;
            run.reader = this.newReader();
          } else {
            this.end(run);
            run.done.resolve();
            return;
          }
          continue;
        }
        if (run.firstTs === undefined) {
          run.firstTs = tick.ts;
          run.rebase = this.options.rebaseToNow === true ? run.startClock - tick.ts : 0;
        }
        const recorded = tick.ts + run.loopOffset;
        if (this.speed !== Number.POSITIVE_INFINITY) {
          const wait = run.startClock + (recorded - run.firstTs) / this.speed - clock.now();
          if (wait > 0) {
            run.timer = clock.setTimer(() => {
              run.timer = undefined;
              void this.pump(run);
            }, wait);
            return;
          }
        }
        run.index++;
        if (!Number.isNaN(run.lastRecordedTs) && recorded > run.lastRecordedTs) {
          run.lastStep = recorded - run.lastRecordedTs;
        }
        run.lastRecordedTs = recorded;
        const ts = recorded + run.rebase;
        if (!this.seen.has(tick.symbol)) this.noteSymbol(tick.symbol);
        if (this.drivesClock) (clock as ManualClock).advanceTo(ts);
        run.sink(ts === tick.ts ? tick : { ...tick, ts });
        this.deliveredCount++;
        if (++backToBack >= this.batchSize) {
          backToBack = 0;
          await yieldToEventLoop();
        }
      }
    } catch (error) {
      if (run.stopped) return;
      this.end(run);
      run.done.reject(error);
    }
  }

  private end(run: Run): void {
    run.stopped = true;
    if (run.timer !== undefined) this.options.clock.clearTimer(run.timer);
    run.timer = undefined;
    void run.reader.close().catch(() => {});
  }

  private newReader(): ReplayReader {
    return new ReplayReader(this.options.file, { symbol: this.options.symbol, spreadBps: this.options.spreadBps });
  }

  private noteSymbol(symbol: string): void {
    if (this.seen.has(symbol)) return;
    this.seen.add(symbol);
    this.symbolList.push(symbol);
  }
}
