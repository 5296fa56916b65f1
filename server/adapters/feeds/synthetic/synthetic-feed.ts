import type { Clock, TimerId } from "../../../engine/clock";
import type { Tick } from "../../../engine/market/types";
import type { MarketDataFeed } from "../../../engine/ports";
import { DEFAULT_SYMBOLS } from "./symbol-profiles";
import { SyntheticMarket } from "./synthetic-market";

export interface SyntheticFeedOptions {
  readonly clock: Clock;
  readonly symbols?: readonly string[];
  readonly seed?: number;
  readonly tickIntervalMs?: number;
  /** Called when the sink throws; the feed keeps running. Defaults to console.error. */
  readonly onSinkError?: (error: unknown, tick: Tick) => void;
}

/** The synthetic market on a timer: every tickIntervalMs, one tick per (non-quiet) symbol, stamped clock.now(). */
export class SyntheticFeed implements MarketDataFeed {
  readonly name = "synthetic";
  readonly symbols: readonly string[];
  /** An endless feed: never settles. */
  readonly done: Promise<void> = new Promise<void>(() => {});
  private readonly market: SyntheticMarket;
  private readonly clock: Clock;
  private readonly tickIntervalMs: number;
  private readonly onSinkError: (error: unknown, tick: Tick) => void;
  private timer: TimerId | undefined;

  constructor({ clock, symbols = DEFAULT_SYMBOLS, seed = 1, tickIntervalMs = 250, onSinkError }: SyntheticFeedOptions) {
    if (!(tickIntervalMs > 0)) throw new RangeError("tickIntervalMs must be positive");
    this.clock = clock;
    this.tickIntervalMs = tickIntervalMs;
    this.market = new SyntheticMarket({ symbols, seed, tickIntervalMs });
    this.symbols = this.market.symbols;
    this.onSinkError =
      onSinkError ?? ((error, tick) => console.error(`synthetic feed: sink failed on ${tick.symbol}`, error));
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(sink: (tick: Tick) => void): void {
    if (this.timer !== undefined) throw new Error("synthetic feed already started");
    this.timer = this.clock.setRepeating(() => {
      for (const tick of this.market.step(this.clock.now())) {
        try {
          sink(tick);
        } catch (error) {
          this.onSinkError(error, tick);
        }
      }
    }, this.tickIntervalMs);
  }

  /** Stops the timer; a later start() continues the same market where it left off. */
  stop(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }
}
