/** Orders, fills and positions as the engine sees them (linear USDT perpetuals, one-way mode). */
export type Side = "BUY" | "SELL";
export type PositionSide = "LONG" | "SHORT";
export type OrderType = "MARKET" | "LIMIT";
export type OrderStatus = "NEW" | "PARTIALLY_FILLED" | "FILLED" | "CANCELLED" | "REJECTED";
export type Liquidity = "MAKER" | "TAKER";

export interface OrderRequest {
  /** Idempotency key: submitting the same id twice returns the first order, never a second one. */
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  /** Base-currency quantity, > 0. */
  readonly qty: number;
  /** Limit price; required for LIMIT, ignored for MARKET. */
  readonly price?: number;
  /** Only reduces an existing position (exits, stop-loss, take-profit, flattening). */
  readonly reduceOnly: boolean;
  readonly strategyId: string | null;
  readonly decisionId: string | null;
  /** Attached to the position this order opens or adds to. */
  readonly stopLoss?: number;
  readonly takeProfit?: number;
}

export interface Order extends OrderRequest {
  readonly status: OrderStatus;
  readonly filledQty: number;
  readonly avgFillPrice: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly rejectReason: string | null;
  readonly venueOrderId: string | null;
}

export interface Fill {
  readonly id: string;
  /** The client order id. */
  readonly orderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  readonly price: number;
  /** Quote currency, >= 0 (a maker rebate would be negative). */
  readonly fee: number;
  readonly liquidity: Liquidity;
  readonly ts: number;
  /** Submit-to-fill time. */
  readonly latencyMs: number;
  /** Adverse price move vs the reference (mid at submit for market orders), as a fraction: 0.0005 = 5 bp. */
  readonly slippage: number;
}

export interface Position {
  readonly symbol: string;
  readonly side: PositionSide;
  /** Base quantity, > 0. */
  readonly qty: number;
  /** Average entry price (averaged on adds). */
  readonly entryPrice: number;
  /** Realized PnL of this position so far (partial closes), before fees. */
  readonly realizedPnl: number;
  readonly stopLoss: number | null;
  readonly takeProfit: number | null;
  readonly openedAt: number;
  readonly updatedAt: number;
}

/** What the broker tells the engine about its orders. */
export type OrderUpdate =
  | { readonly type: "ORDER_ACCEPTED"; readonly order: Order }
  | { readonly type: "ORDER_FILLED"; readonly order: Order; readonly fill: Fill }
  | { readonly type: "ORDER_CANCELLED"; readonly order: Order; readonly reason: string }
  | { readonly type: "ORDER_REJECTED"; readonly order: Order; readonly reason: string };
