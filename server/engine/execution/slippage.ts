import type { Side } from "../model/trading";

/**
 * Price impact of a taker fill beyond the quote it hits: baseBps always, plus impactBps scaled by the
 * share of the top-of-book level the fill consumes (a fill of the whole level pays base + impact).
 */
export interface SlippageModel {
  readonly baseBps: number;
  readonly impactBps: number;
}

export const NO_SLIPPAGE: SlippageModel = { baseBps: 0, impactBps: 0 };

export function validateSlippageModel(model: SlippageModel): SlippageModel {
  const { baseBps, impactBps } = model;
  if (!(Number.isFinite(baseBps) && baseBps >= 0 && Number.isFinite(impactBps) && impactBps >= 0)) {
    throw new RangeError(`slippage bps must be non-negative finite numbers, got ${baseBps} / ${impactBps}`);
  }
  // Above 100% a sell would fill at a price <= 0.
  if (baseBps + impactBps >= 10_000) throw new RangeError("slippage baseBps + impactBps must stay below 10000");
  return model;
}

/** Adverse move as a fraction of the quote price (0.0005 = 5 bp). */
export function takerSlippage(model: SlippageModel, qty: number, topSize: number): number {
  const share = topSize > 0 ? Math.min(1, qty / topSize) : 1;
  return (model.baseBps + model.impactBps * share) / 10_000;
}

/** The quote price moved against the taker by `fraction`: up for a buy, down for a sell. */
export function slipped(side: Side, quotePrice: number, fraction: number): number {
  return side === "BUY" ? quotePrice * (1 + fraction) : quotePrice * (1 - fraction);
}

/** How much worse than `reference` a fill at `price` is for `side`, as a fraction (negative: better). */
export function adverseMove(side: Side, price: number, reference: number): number {
  return side === "BUY" ? (price - reference) / reference : (reference - price) / reference;
}
