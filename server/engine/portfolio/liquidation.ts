import type { PositionSide } from "../model/trading";
import { direction } from "./position-math";

/** Bybit's lowest maintenance margin rate on linear perpetuals (risk limit tier 1): 0.5 %. */
export const DEFAULT_MAINTENANCE_RATE = 0.005;

export interface HeldPosition {
  readonly symbol: string;
  readonly side: PositionSide;
  readonly qty: number;
  readonly entryPrice: number;
  readonly markPrice: number;
}

/**
 * The price of each position at which the cross-margin account would be liquidated, the other
 * marks unchanged: where equity falls to the maintenance margin of everything held. For a long,
 * E + q·(p − m) = M_others + r·q·p; for a short, E − q·(p − m) = M_others + r·q·p. null when no
 * positive price would do it (a long the account could hold to zero).
 */
export function liquidationPrices(
  positions: readonly HeldPosition[],
  equity: number,
  maintenanceRate: number,
): Map<string, number | null> {
  const maintenance = positions.reduce((sum, p) => sum + p.qty * p.markPrice * maintenanceRate, 0);
  const out = new Map<string, number | null>();
  for (const p of positions) {
    const others = maintenance - p.qty * p.markPrice * maintenanceRate;
    const d = direction(p.side);
    // Solving the line above for p: q·(d − r)·p = M_others − E + d·q·m.
    const price = (others - equity + d * p.qty * p.markPrice) / (p.qty * (d - maintenanceRate));
    out.set(p.symbol, Number.isFinite(price) && price > 0 ? price : null);
  }
  return out;
}

/** Σ |qty| × mark × rate: the equity below which the exchange liquidates. */
export function maintenanceMargin(positions: readonly HeldPosition[], maintenanceRate: number): number {
  return positions.reduce((sum, p) => sum + p.qty * p.markPrice * maintenanceRate, 0);
}
