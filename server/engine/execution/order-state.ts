import type { Order, OrderRequest, OrderStatus } from "../model/trading";
import { QTY_EPSILON } from "../portfolio/numbers";

/** A fresh order from a request; only the request's own fields are copied, never extra properties. */
export function newOrder(request: OrderRequest, now: number, venueOrderId: string | null): Order {
  return {
    clientOrderId: request.clientOrderId,
    symbol: request.symbol,
    side: request.side,
    type: request.type,
    qty: request.qty,
    ...(request.price !== undefined ? { price: request.price } : {}),
    reduceOnly: request.reduceOnly,
    strategyId: request.strategyId,
    decisionId: request.decisionId,
    ...(request.stopLoss !== undefined ? { stopLoss: request.stopLoss } : {}),
    ...(request.takeProfit !== undefined ? { takeProfit: request.takeProfit } : {}),
    status: "NEW",
    filledQty: 0,
    avgFillPrice: null,
    createdAt: now,
    updatedAt: now,
    rejectReason: null,
    venueOrderId,
  };
}

export function isFinal(status: OrderStatus): boolean {
  return status === "FILLED" || status === "CANCELLED" || status === "REJECTED";
}

export function remainingQty(order: Order): number {
  return order.qty - order.filledQty;
}

/**
 * The quantity to fill when `available` is on offer: all that remains, or `available` when less, except
 * that a remainder within QTY_EPSILON of complete is filled whole (no dust order left open).
 */
export function fillableQty(order: Order, available: number): number {
  const remaining = remainingQty(order);
  if (available >= remaining || remaining - available <= QTY_EPSILON * order.qty) return remaining;
  return available;
}

/** The order after a fill of qty at price; filledQty lands exactly on qty when it completes. */
export function orderAfterFill(order: Order, qty: number, price: number, now: number): Order {
  const complete = qty >= remainingQty(order);
  const filledQty = complete ? order.qty : order.filledQty + qty;
  const notional = (order.avgFillPrice ?? 0) * order.filledQty + price * qty;
  return {
    ...order,
    status: complete ? "FILLED" : "PARTIALLY_FILLED",
    filledQty,
    avgFillPrice: notional / filledQty,
    updatedAt: now,
  };
}

export function endedOrder(order: Order, status: "CANCELLED" | "REJECTED", reason: string, now: number): Order {
  return { ...order, status, rejectReason: status === "REJECTED" ? reason : null, updatedAt: now };
}
