import type { Tick } from "../model/market";
import type { Fill } from "../model/trading";

/** How many recent fills the comparison keeps. */
const KEEP = 1000;

/** One fill against the book at the moment it happened: what the top level offered. */
export interface BookComparison {
  readonly symbol: string;
  readonly side: Fill["side"];
  readonly qty: number;
  readonly price: number;
  /** The ask for a buy, the bid for a sell. */
  readonly touch: number;
  readonly touchSize: number;
  /** > 0: the fill was worse than the touch; < 0: better than the book offered (an optimistic fill). */
  readonly deviationBps: number;
  /** The fill took more than the top level showed: a real order would have gone deeper. */
  readonly beyondTop: boolean;
  readonly at: number;
}

export interface FillsVsBookRow {
  readonly key: string;
  readonly fills: number;
  readonly meanBps: number;
  readonly worstBps: number;
  readonly bestBps: number;
  /** Share of fills priced better than the touch. */
  readonly betterThanBookShare: number;
  /** Share of fills larger than the top level's size. */
  readonly beyondTopShare: number;
}

/**
 * The honesty check of paper trading on a live market: every fill compared with the top of the book
 * at the same moment (the tick the fill happened on). Paper fills better than the touch, or bigger
 * than the top level, are fills the exchange would not have given.
 */
export class FillsVsBook {
  private readonly recent: BookComparison[] = [];

  onFill(fill: Fill, tick: Tick | undefined): BookComparison | null {
    if (tick === undefined || tick.symbol !== fill.symbol) return null;
    const buy = fill.side === "BUY";
    const touch = buy ? tick.ask : tick.bid;
    if (!(touch > 0)) return null;
    const c: BookComparison = {
      symbol: fill.symbol,
      side: fill.side,
      qty: fill.qty,
      price: fill.price,
      touch,
      touchSize: buy ? tick.askSize : tick.bidSize,
      deviationBps: ((buy ? 1 : -1) * (fill.price - touch) * 10_000) / touch,
      beyondTop: fill.qty > (buy ? tick.askSize : tick.bidSize),
      at: fill.ts,
    };
    this.recent.push(c);
    if (this.recent.length > KEEP) this.recent.splice(0, this.recent.length - KEEP);
    return c;
  }

  /** All recent fills, then one row per symbol. */
  report(): { readonly total: FillsVsBookRow | null; readonly bySymbol: readonly FillsVsBookRow[] } {
    const symbols = [...new Set(this.recent.map((c) => c.symbol))].sort();
    return {
      total: row("all", this.recent),
      bySymbol: symbols.flatMap(
        (s) =>
          row(
            s,
            this.recent.filter((c) => c.symbol === s),
          ) ?? [],
      ),
    };
  }
}

function row(key: string, list: readonly BookComparison[]): FillsVsBookRow | null {
  if (list.length === 0) return null;
  let sum = 0;
  let worst = Number.NEGATIVE_INFINITY;
  let best = Number.POSITIVE_INFINITY;
  let better = 0;
  let beyond = 0;
  for (const c of list) {
    sum += c.deviationBps;
    worst = Math.max(worst, c.deviationBps);
    best = Math.min(best, c.deviationBps);
    if (c.deviationBps < 0) better++;
    if (c.beyondTop) beyond++;
  }
  return {
    key,
    fills: list.length,
    meanBps: sum / list.length,
    worstBps: worst,
    bestBps: best,
    betterThanBookShare: better / list.length,
    beyondTopShare: beyond / list.length,
  };
}
