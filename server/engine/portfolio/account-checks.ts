import type { OrderRequest, Position } from "../model/trading";
import { QTY_EPSILON } from "./numbers";
import { increases } from "./position-math";

/** Why the account refuses an order (the broker reports these as the order's reject reason). */
export const ACCOUNT_REJECT_REASONS = {
  INSUFFICIENT_MARGIN: "INSUFFICIENT_MARGIN",
  /** A reduce-only order with no position, on the position's own side, or larger than the position. */
  REDUCE_ONLY_WOULD_INCREASE: "REDUCE_ONLY_WOULD_INCREASE",
} as const;

export type AccountRejectReason = (typeof ACCOUNT_REJECT_REASONS)[keyof typeof ACCOUNT_REJECT_REASONS];

export interface AccountState {
  readonly position: Position | undefined;
  readonly marginFree: number;
  readonly leverage: number;
}

/**
 * Pre-trade checks of one order against the account. A reduce-only order needs no margin but must
 * shrink the position without crossing zero (crossing would open the other side). Any other order may
 * use at most marginFree for the quantity by which it grows the absolute position; the part that
 * offsets an opposite position frees margin rather than using it.
 */
export function accountRejectReason(
  request: OrderRequest,
  referencePrice: number,
  account: AccountState,
): AccountRejectReason | null {
  const { position } = account;
  if (request.reduceOnly) {
    if (position === undefined || increases(position, request.side)) {
      return ACCOUNT_REJECT_REASONS.REDUCE_ONLY_WOULD_INCREASE;
    }
    return request.qty > position.qty * (1 + QTY_EPSILON) ? ACCOUNT_REJECT_REASONS.REDUCE_ONLY_WOULD_INCREASE : null;
  }
  const current = position?.qty ?? 0;
  const after = increases(position, request.side) ? current + request.qty : Math.abs(current - request.qty);
  const addedMargin = (Math.max(0, after - current) * referencePrice) / account.leverage;
  return addedMargin > 0 && addedMargin > account.marginFree ? ACCOUNT_REJECT_REASONS.INSUFFICIENT_MARGIN : null;
}
