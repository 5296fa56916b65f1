import type { OrderRequest } from "../model/trading";

/** Why the broker refuses a request before it reaches the account checks. */
export const ORDER_REJECT_REASONS = {
  /** qty is not a positive finite number. */
  INVALID_QTY: "INVALID_QTY",
  LIMIT_WITHOUT_PRICE: "LIMIT_WITHOUT_PRICE",
  /** A limit price that is not a positive finite number. */
  INVALID_PRICE: "INVALID_PRICE",
  /** A stopLoss or takeProfit that is not a positive finite number. */
  INVALID_PROTECTION: "INVALID_PROTECTION",
  /** No quote has been seen for the symbol, so there is nothing to fill against. */
  NO_MARKET_DATA: "NO_MARKET_DATA",
} as const;

export type OrderRejectReason = (typeof ORDER_REJECT_REASONS)[keyof typeof ORDER_REJECT_REASONS];

const positive = (v: number | undefined): boolean => v !== undefined && Number.isFinite(v) && v > 0;

/** The request's own defects (market data and the account are checked after this). */
export function requestRejectReason(request: OrderRequest): OrderRejectReason | null {
  if (!positive(request.qty)) return ORDER_REJECT_REASONS.INVALID_QTY;
  if (request.type === "LIMIT") {
    if (request.price === undefined) return ORDER_REJECT_REASONS.LIMIT_WITHOUT_PRICE;
    if (!positive(request.price)) return ORDER_REJECT_REASONS.INVALID_PRICE;
  }
  if (request.stopLoss !== undefined && !positive(request.stopLoss)) return ORDER_REJECT_REASONS.INVALID_PROTECTION;
  if (request.takeProfit !== undefined && !positive(request.takeProfit)) return ORDER_REJECT_REASONS.INVALID_PROTECTION;
  return null;
}
