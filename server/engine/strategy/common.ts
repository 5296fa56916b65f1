import { z } from "zod";
import { type Candle, TIMEFRAMES, type Timeframe } from "../model/market";
import type { MarketRegime } from "../model/regime";
import type { PositionSide, Side } from "../model/trading";
import type { StrategyContext } from "./strategy";

/** Clamps to [0, 1]; NaN becomes 0, so a degenerate input never leaks into a score. */
export function clamp01(x: number): number {
  if (!(x > 0)) return 0;
  return Math.min(x, 1);
}

/** The order side that opens a position on `side`. */
export function openingSide(side: PositionSide): Side {
  return side === "LONG" ? "BUY" : "SELL";
}

/** The order side that closes a position on `side` (an exit signal carries this side). */
export function closingSide(side: PositionSide): Side {
  return side === "LONG" ? "SELL" : "BUY";
}

/** No strategy opens a position when the scanner says the book is thin or the data is stale. */
export function entryBlockedByRegime(regime: MarketRegime | null): boolean {
  return regime === "LOW_LIQ" || regime === "STALE_DATA";
}

/** Shared zod fields. */
export const timeframeParam = z.enum(TIMEFRAMES, { error: `must be one of: ${TIMEFRAMES.join(", ")}` }).default("1m");

export function intParam(fallback: number, min: number, max: number) {
  return z
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` })
    .default(fallback);
}

export function numParam(fallback: number, min: number, max: number) {
  return z
    .number({ error: "must be a number" })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` })
    .default(fallback);
}

/**
 * Lets through only the bars an instance is meant to see: its symbol, its timeframe, and strictly
 * newer than the last one it accepted (a replayed or duplicated bar must not advance indicators twice).
 */
export class BarFilter {
  private lastOpenTime = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly symbol: string,
    private readonly timeframe: Timeframe,
  ) {}

  accept(bar: Candle): boolean {
    if (bar.timeframe !== this.timeframe || bar.symbol !== this.symbol || !(bar.openTime > this.lastOpenTime)) {
      return false;
    }
    this.lastOpenTime = bar.openTime;
    return true;
  }
}

/**
 * The position a strategy instance believes it opened. A strategy manages (exits) only the positions
 * it opened, and only while the context confirms them: when the context shows no position, or one on
 * the other side (the entry was skipped, or a stop-loss / take-profit closed it), the memory is dropped.
 */
export class OwnedTrade {
  side: PositionSide | null = null;
  /** Bars seen since the entry signal (1 on the first bar after it). */
  barsHeld = 0;
  /** Set once an exit is wanted; the exit is repeated on every bar until the position is gone. */
  exitReason: string | null = null;

  open(side: PositionSide): void {
    this.side = side;
    this.barsHeld = 0;
    this.exitReason = null;
  }

  /** Call once per accepted bar, before deciding; returns the side still held, or null. */
  reconcile(ctx: StrategyContext): PositionSide | null {
    if (this.side === null) return null;
    const pos = ctx.position;
    if (pos === null || pos.side !== this.side) {
      this.side = null;
      this.exitReason = null;
      return null;
    }
    this.barsHeld++;
    return this.side;
  }
}
