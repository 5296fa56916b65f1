// The order in which every EngineStore returns positions and open orders, so the memory store and
// the database store give identical TradingState (the database's collation is not used for this).
import type { Order, Position } from "../../engine/model/trading";

/** The order both stores return positions in: by symbol, compared as JavaScript strings. */
export function sortPositions(positions: Position[]): Position[] {
  return positions.sort((a, b) => compare(a.symbol, b.symbol));
}

/** The order both stores return open orders in: oldest first, then by client order id. */
export function sortOrders(orders: Order[]): Order[] {
  return orders.sort((a, b) => a.createdAt - b.createdAt || compare(a.clientOrderId, b.clientOrderId));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
