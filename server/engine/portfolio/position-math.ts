import type { Fill, Position, PositionSide, Side } from "../model/trading";
import { QTY_EPSILON } from "./numbers";

export type PositionChange = "OPENED" | "INCREASED" | "REDUCED" | "CLOSED" | "FLIPPED";

/** Stop-loss / take-profit an order attaches to the position it opens or adds to (undefined: keep). */
export interface AttachedProtection {
  readonly stopLoss?: number;
  readonly takeProfit?: number;
}

/** What one fill does to one symbol's position. */
export interface PositionStep {
  /** The position after the fill, or null when it is flat. */
  readonly position: Position | null;
  readonly change: PositionChange;
  /** PnL of the part of the previous position this fill closed, before fees. */
  readonly realizedPnl: number;
  /** Quantity of the previous position that was closed. */
  readonly closedQty: number;
  /** Quantity opened or added (on a flip: the new side's quantity). */
  readonly openedQty: number;
}

/** +1 for a long, -1 for a short: PnL = direction × (exit − entry) × qty. */
export function direction(side: PositionSide): 1 | -1 {
  return side === "LONG" ? 1 : -1;
}

export function sideOpenedBy(side: Side): PositionSide {
  return side === "BUY" ? "LONG" : "SHORT";
}

/** True when an order on `side` adds to (or opens) `position` rather than reducing it. */
export function increases(position: Position | null | undefined, side: Side): boolean {
  return position == null || position.side === sideOpenedBy(side);
}

/**
 * One fill applied to a net (one-way mode) position with average-cost accounting: adds average the
 * entry price, the closing part realizes (exit − entry) × qty (reversed for shorts), and a fill larger
 * than the position closes it and opens the remainder on the other side at the fill price.
 */
export function applyFillToPosition(
  current: Position | null,
  fill: Fill,
  protection: AttachedProtection = {},
): PositionStep {
  if (current === null) {
    return {
      position: open(fill, fill.qty, protection),
      change: "OPENED",
      realizedPnl: 0,
      closedQty: 0,
      openedQty: fill.qty,
    };
  }
  if (increases(current, fill.side)) {
    const qty = current.qty + fill.qty;
    const entryPrice = (current.entryPrice * current.qty + fill.price * fill.qty) / qty;
    const position: Position = {
      ...current,
      qty,
      entryPrice,
      stopLoss: protection.stopLoss ?? current.stopLoss,
      takeProfit: protection.takeProfit ?? current.takeProfit,
      updatedAt: fill.ts,
    };
    return { position, change: "INCREASED", realizedPnl: 0, closedQty: 0, openedQty: fill.qty };
  }

  const closedQty = Math.min(current.qty, fill.qty);
  const realizedPnl = direction(current.side) * (fill.price - current.entryPrice) * closedQty;
  const remainder = current.qty - fill.qty;
  const tolerance = QTY_EPSILON * Math.max(current.qty, fill.qty);
  if (Math.abs(remainder) <= tolerance) {
    return { position: null, change: "CLOSED", realizedPnl, closedQty, openedQty: 0 };
  }
  if (remainder > 0) {
    const position: Position = {
      ...current,
      qty: remainder,
      realizedPnl: current.realizedPnl + realizedPnl,
      updatedAt: fill.ts,
    };
    return { position, change: "REDUCED", realizedPnl, closedQty, openedQty: 0 };
  }
  const openedQty = -remainder;
  return { position: open(fill, openedQty, protection), change: "FLIPPED", realizedPnl, closedQty, openedQty };
}

function open(fill: Fill, qty: number, protection: AttachedProtection): Position {
  return {
    symbol: fill.symbol,
    side: sideOpenedBy(fill.side),
    qty,
    entryPrice: fill.price,
    realizedPnl: 0,
    stopLoss: protection.stopLoss ?? null,
    takeProfit: protection.takeProfit ?? null,
    openedAt: fill.ts,
    updatedAt: fill.ts,
  };
}
