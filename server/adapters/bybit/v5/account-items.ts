import { z } from "zod";
import { decimal, epochMs, optionalDecimal, optionalEpochMs, side } from "./decimal";

/** An order, as the order stream and GET /v5/order/realtime and /history give it. */
export const orderItem = z.object({
  category: z.string().optional(),
  symbol: z.string(),
  orderId: z.string(),
  orderLinkId: z.string(),
  side,
  orderType: z.enum(["Market", "Limit"]),
  orderStatus: z.string(),
  price: optionalDecimal,
  qty: decimal,
  leavesQty: optionalDecimal,
  cumExecQty: decimal,
  cumExecValue: optionalDecimal,
  cumExecFee: optionalDecimal,
  avgPrice: optionalDecimal,
  timeInForce: z.string().optional(),
  reduceOnly: z.boolean().optional(),
  closeOnTrigger: z.boolean().optional(),
  positionIdx: z.number().int().optional(),
  rejectReason: z.string().optional(),
  cancelType: z.string().optional(),
  stopOrderType: z.string().optional(),
  triggerPrice: optionalDecimal,
  takeProfit: optionalDecimal,
  stopLoss: optionalDecimal,
  createdTime: epochMs,
  updatedTime: epochMs,
});

/** A fill, as the execution stream and GET /v5/execution/list give it; `execId` identifies it once. */
export const executionItem = z.object({
  category: z.string().optional(),
  symbol: z.string(),
  execId: z.string(),
  orderId: z.string(),
  orderLinkId: z.string(),
  side,
  execPrice: decimal,
  execQty: decimal,
  execValue: optionalDecimal,
  execFee: optionalDecimal,
  feeRate: optionalDecimal,
  /** Trade, Funding, AdlTrade, BustTrade, Settle... */
  execType: z.string().optional(),
  isMaker: z.boolean(),
  leavesQty: optionalDecimal,
  closedSize: optionalDecimal,
  execTime: epochMs,
  seq: z.number().optional(),
});

/** The fast execution stream's shorter fill (no fee: the full stream brings it). */
export const fastExecutionItem = executionItem.pick({
  category: true,
  symbol: true,
  execId: true,
  orderId: true,
  orderLinkId: true,
  side: true,
  execPrice: true,
  execQty: true,
  isMaker: true,
  execTime: true,
  seq: true,
});

/** A position (one-way mode: positionIdx 0); side "" and size 0 mean flat. */
export const positionItem = z.object({
  category: z.string().optional(),
  symbol: z.string(),
  side: z.enum(["Buy", "Sell", ""]),
  size: decimal,
  positionIdx: z.number().int(),
  /** The stream calls it entryPrice, REST avgPrice. */
  entryPrice: optionalDecimal,
  avgPrice: optionalDecimal,
  markPrice: optionalDecimal,
  leverage: optionalDecimal,
  positionValue: optionalDecimal,
  liqPrice: optionalDecimal,
  unrealisedPnl: optionalDecimal,
  cumRealisedPnl: optionalDecimal,
  takeProfit: optionalDecimal,
  stopLoss: optionalDecimal,
  positionStatus: z.string().optional(),
  createdTime: optionalEpochMs,
  updatedTime: optionalEpochMs,
  seq: z.number().optional(),
});

/** A wallet (UNIFIED or CONTRACT) with its coins. */
export const walletItem = z.object({
  accountType: z.string().optional(),
  totalEquity: optionalDecimal,
  totalWalletBalance: optionalDecimal,
  totalAvailableBalance: optionalDecimal,
  totalInitialMargin: optionalDecimal,
  totalMaintenanceMargin: optionalDecimal,
  coin: z.array(
    z.object({
      coin: z.string(),
      equity: optionalDecimal,
      walletBalance: optionalDecimal,
      availableToWithdraw: optionalDecimal,
      locked: optionalDecimal,
      unrealisedPnl: optionalDecimal,
      cumRealisedPnl: optionalDecimal,
      totalPositionIM: optionalDecimal,
      totalOrderIM: optionalDecimal,
    }),
  ),
});
export type OrderItem = z.output<typeof orderItem>;
export type ExecutionItem = z.output<typeof executionItem>;
export type PositionItem = z.output<typeof positionItem>;
