import type { PositionSide } from "../model/trading";
import { direction } from "./position-math";

export type { FundingPayment } from "../model/records";

/** Bybit's linear perpetuals settle funding every 8 hours, at 00:00, 08:00 and 16:00 UTC. */
export const DEFAULT_FUNDING_INTERVAL_MS = 8 * 3_600_000;

/** Longs pay shorts when the rate is positive: amount = direction × qty × mark × rate. */
export function fundingAmount(side: PositionSide, qty: number, markPrice: number, rate: number): number {
  return direction(side) * qty * markPrice * rate;
}

/** The first funding time strictly after `t` (funding times are multiples of the interval since the epoch). */
export function nextFundingAt(t: number, intervalMs: number): number {
  return (Math.floor(t / intervalMs) + 1) * intervalMs;
}
