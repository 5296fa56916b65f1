/**
 * What a Bybit error means for an order. "rejected": Bybit says it did not take it, so it is final;
 * "unknown": the request may or may not have reached the book (a timeout, a 5xx, a rate limit
 * answered after the fact), so the order's state is read back before anything is concluded. Never
 * infer a final state from one ambiguous error.
 */
export interface OrderErrorMeaning {
  readonly reason: string;
  readonly certainty: "rejected" | "unknown";
  /** The client must slow down (rate limit, ban). */
  readonly backOff: boolean;
}

const REJECTED: Readonly<Record<number, string>> = {
  10001: "INVALID_REQUEST",
  10003: "INVALID_API_KEY",
  10004: "BAD_SIGNATURE",
  10005: "PERMISSION_DENIED",
  10010: "IP_NOT_ALLOWED",
  110001: "ORDER_NOT_FOUND",
  110003: "PRICE_OUT_OF_RANGE",
  110004: "INSUFFICIENT_BALANCE",
  110007: "INSUFFICIENT_BALANCE",
  110012: "INSUFFICIENT_BALANCE",
  110017: "REDUCE_ONLY_WOULD_INCREASE",
  110020: "TOO_MANY_OPEN_ORDERS",
  110094: "NOTIONAL_BELOW_MIN",
  170136: "QTY_BELOW_MIN",
  170137: "QTY_PRECISION",
  170140: "NOTIONAL_BELOW_MIN",
};

export function orderErrorMeaning(retCode: number | null, httpStatus: number | null): OrderErrorMeaning {
  if (httpStatus === 403) return { reason: "IP_BANNED", certainty: "rejected", backOff: true };
  if (retCode === 10006 || retCode === 10018 || httpStatus === 429)
    return { reason: "RATE_LIMITED", certainty: "rejected", backOff: true };
  // A reused orderLinkId: the order already exists; its state is read back, never assumed.
  if (retCode === 110072) return { reason: "DUPLICATE_ORDER_LINK_ID", certainty: "unknown", backOff: false };
  if (retCode !== null && REJECTED[retCode] !== undefined)
    return { reason: REJECTED[retCode] ?? "REJECTED", certainty: "rejected", backOff: false };
  if (retCode === 10002) return { reason: "CLOCK_SKEW", certainty: "rejected", backOff: false };
  // Timeouts, connection resets, 5xx, and codes this table does not know.
  return { reason: retCode === null ? "NO_ANSWER" : `BYBIT_${retCode}`, certainty: "unknown", backOff: false };
}
