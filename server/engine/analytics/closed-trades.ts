/**
 * Fills → closed round-trip trades, with one-way netting per symbol (as the portfolio nets them): a fill
 * on the position's side adds to the open trade (average-cost entry), a fill on the other side reduces
 * it, and the trade closes when the position returns to zero. A fill larger than the position closes
 * the trade and opens a new one, on the other side, with the remainder (its fee split by quantity).
 */
import type { Fill, PositionSide } from "../model/trading";
import { direction, sideOpenedBy } from "../portfolio/position-math";

/** The fields of the engine's Fill that trades are built from, plus attribution when a caller has it. */
export interface TradeFill extends Pick<Fill, "orderId" | "symbol" | "side" | "qty" | "price" | "fee" | "ts"> {
  readonly strategyId?: string | null;
  /** Why the order was placed (an exit reason on a reducing fill: "stop_loss", "take_profit", …). */
  readonly reason?: string | null;
  readonly exitReason?: string | null;
}

export interface ClosedTrade {
  readonly symbol: string;
  readonly side: PositionSide;
  /** The first strategy id seen on the trade's fills; null when none carried one. */
  readonly strategyId: string | null;
  readonly entryAt: number;
  readonly exitAt: number;
  /** Volume-weighted average price of the entries. */
  readonly entryPrice: number;
  /** Volume-weighted average price of the exits. */
  readonly exitPrice: number;
  /** Total quantity entered (= total quantity exited). */
  readonly qty: number;
  /** The largest the position was during the trade. */
  readonly maxQty: number;
  /** Entry fees plus exit fees (a flipping fill's fee is split by quantity). */
  readonly fees: number;
  /** PnL before fees: Σ over the exits of direction × (exit price − average entry) × quantity. */
  readonly grossPnl: number;
  readonly netPnl: number;
  /** netPnl / entry notional (entryPrice × qty) × 100. */
  readonly returnPct: number;
  readonly durationMs: number;
  /** The closing fill's reason, else the latest reason on an exit; null when no exit carried one. */
  readonly exitReason: string | null;
  readonly entryOrderIds: readonly string[];
  readonly exitOrderIds: readonly string[];
  readonly fillCount: number;
}

/** A trade still open after the last fill. */
export interface OpenLot {
  readonly symbol: string;
  readonly side: PositionSide;
  readonly strategyId: string | null;
  readonly openedAt: number;
  readonly lastFillAt: number;
  /** Quantity open now. */
  readonly qty: number;
  /** Average cost of the open quantity (the portfolio's entry price). */
  readonly entryPrice: number;
  /** Quantity already closed by partial exits. */
  readonly closedQty: number;
  /** PnL of the partial exits so far, before fees. */
  readonly realizedPnl: number;
  /** Fees paid so far. */
  readonly fees: number;
  readonly entryOrderIds: readonly string[];
  readonly exitOrderIds: readonly string[];
  readonly fillCount: number;
}

export interface ClosedTradesResult {
  /** In the order they closed. */
  readonly trades: ClosedTrade[];
  /** Oldest first. */
  readonly open: OpenLot[];
}

export interface ClosedTradesOptions {
  /** A leftover quantity within this fraction of the larger of position and fill counts as zero. */
  readonly relativeTolerance?: number;
}

const DEFAULT_TOLERANCE = 1e-12;

/** Builds the closed trades and the open lots from fills in time order (a fill earlier than its predecessor is a RangeError). */
export function closedTrades(fills: readonly TradeFill[], options: ClosedTradesOptions = {}): ClosedTradesResult {
  const tolerance = options.relativeTolerance ?? DEFAULT_TOLERANCE;
  const lots = new Map<string, Lot>();
  const trades: ClosedTrade[] = [];
  let lastTs = Number.NEGATIVE_INFINITY;
  for (const fill of fills) {
    validate(fill, lastTs);
    lastTs = fill.ts;
    const lot = lots.get(fill.symbol);
    if (lot === undefined) {
      lots.set(fill.symbol, openLot(fill, fill.qty, fill.fee));
    } else if (lot.side === sideOpenedBy(fill.side)) {
      addToLot(lot, fill);
    } else {
      const remainder = lot.qty - fill.qty;
      if (Math.abs(remainder) <= tolerance * Math.max(lot.qty, fill.qty)) {
        exitFromLot(lot, fill, lot.qty, fill.fee);
        trades.push(closeLot(lot, fill));
        lots.delete(fill.symbol);
      } else if (remainder > 0) {
        exitFromLot(lot, fill, fill.qty, fill.fee);
      } else {
        const closingFee = (fill.fee * lot.qty) / fill.qty;
        exitFromLot(lot, fill, lot.qty, closingFee);
        trades.push(closeLot(lot, fill));
        lots.set(fill.symbol, openLot(fill, -remainder, fill.fee - closingFee));
      }
    }
  }
  const open = [...lots.values()].map(toOpenLot).sort((a, b) => a.openedAt - b.openedAt);
  return { trades, open };
}

interface Lot {
  readonly symbol: string;
  readonly side: PositionSide;
  strategyId: string | null;
  readonly openedAt: number;
  lastFillAt: number;
  qty: number;
  avgCost: number;
  maxQty: number;
  entryQty: number;
  entryNotional: number;
  exitQty: number;
  exitNotional: number;
  realized: number;
  fees: number;
  exitReason: string | null;
  readonly entryOrderIds: string[];
  readonly exitOrderIds: string[];
  fillCount: number;
}

function openLot(fill: TradeFill, qty: number, fee: number): Lot {
  return {
    symbol: fill.symbol,
    side: sideOpenedBy(fill.side),
    strategyId: fill.strategyId ?? null,
    openedAt: fill.ts,
    lastFillAt: fill.ts,
    qty,
    avgCost: fill.price,
    maxQty: qty,
    entryQty: qty,
    entryNotional: qty * fill.price,
    exitQty: 0,
    exitNotional: 0,
    realized: 0,
    fees: fee,
    exitReason: null,
    entryOrderIds: [fill.orderId],
    exitOrderIds: [],
    fillCount: 1,
  };
}

function addToLot(lot: Lot, fill: TradeFill): void {
  const qty = lot.qty + fill.qty;
  lot.avgCost = (lot.avgCost * lot.qty + fill.price * fill.qty) / qty;
  lot.qty = qty;
  lot.maxQty = Math.max(lot.maxQty, qty);
  lot.entryQty += fill.qty;
  lot.entryNotional += fill.qty * fill.price;
  lot.fees += fill.fee;
  touch(lot, fill, lot.entryOrderIds);
}

function exitFromLot(lot: Lot, fill: TradeFill, qty: number, fee: number): void {
  lot.realized += direction(lot.side) * (fill.price - lot.avgCost) * qty;
  lot.qty -= qty;
  lot.exitQty += qty;
  lot.exitNotional += qty * fill.price;
  lot.fees += fee;
  lot.exitReason = fill.exitReason ?? fill.reason ?? lot.exitReason;
  touch(lot, fill, lot.exitOrderIds);
}

function touch(lot: Lot, fill: TradeFill, orderIds: string[]): void {
  lot.strategyId ??= fill.strategyId ?? null;
  lot.lastFillAt = fill.ts;
  lot.fillCount++;
  if (!orderIds.includes(fill.orderId)) orderIds.push(fill.orderId);
}

function closeLot(lot: Lot, fill: TradeFill): ClosedTrade {
  const netPnl = lot.realized - lot.fees;
  return {
    symbol: lot.symbol,
    side: lot.side,
    strategyId: lot.strategyId,
    entryAt: lot.openedAt,
    exitAt: fill.ts,
    entryPrice: lot.entryNotional / lot.entryQty,
    exitPrice: lot.exitNotional / lot.exitQty,
    qty: lot.entryQty,
    maxQty: lot.maxQty,
    fees: lot.fees,
    grossPnl: lot.realized,
    netPnl,
    returnPct: (netPnl / lot.entryNotional) * 100,
    durationMs: fill.ts - lot.openedAt,
    exitReason: lot.exitReason,
    entryOrderIds: [...lot.entryOrderIds],
    exitOrderIds: [...lot.exitOrderIds],
    fillCount: lot.fillCount,
  };
}

function toOpenLot(lot: Lot): OpenLot {
  return {
    symbol: lot.symbol,
    side: lot.side,
    strategyId: lot.strategyId,
    openedAt: lot.openedAt,
    lastFillAt: lot.lastFillAt,
    qty: lot.qty,
    entryPrice: lot.avgCost,
    closedQty: lot.exitQty,
    realizedPnl: lot.realized,
    fees: lot.fees,
    entryOrderIds: [...lot.entryOrderIds],
    exitOrderIds: [...lot.exitOrderIds],
    fillCount: lot.fillCount,
  };
}

function validate(fill: TradeFill, lastTs: number): void {
  const at = `fill of order ${fill.orderId}`;
  if (fill.side !== "BUY" && fill.side !== "SELL") throw new RangeError(`${at}: side must be BUY or SELL`);
  if (!(fill.qty > 0) || !Number.isFinite(fill.qty))
    throw new RangeError(`${at}: qty must be positive, got ${fill.qty}`);
  if (!(fill.price > 0) || !Number.isFinite(fill.price))
    throw new RangeError(`${at}: price must be positive, got ${fill.price}`);
  if (!Number.isFinite(fill.fee)) throw new RangeError(`${at}: fee must be finite, got ${fill.fee}`);
  if (!Number.isFinite(fill.ts)) throw new RangeError(`${at}: ts must be finite, got ${fill.ts}`);
  if (fill.ts < lastTs) throw new RangeError(`${at}: fills must be in time order (${fill.ts} < ${lastTs})`);
}
