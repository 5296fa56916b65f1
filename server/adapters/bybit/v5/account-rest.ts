import { z } from "zod";
import { executionItem, orderItem, positionItem, walletItem } from "./account-items";
import { decimal, epochMs } from "./decimal";

/** GET /v5/account/info: unifiedMarginStatus 1 is a classic account, 3-6 unified ones. */
export const accountInfoResult = z.object({
  marginMode: z.string(),
  unifiedMarginStatus: z.number().int(),
  updatedTime: epochMs.optional(),
});

/** GET /v5/account/fee-rate. */
export const feeRateResult = z.object({
  list: z.array(z.object({ symbol: z.string(), takerFeeRate: decimal, makerFeeRate: decimal })),
});

/** GET /v5/account/wallet-balance. */
export const walletBalanceResult = z.object({ list: z.array(walletItem) });

const page = <T extends z.ZodType>(item: T) =>
  z.object({ category: z.string().optional(), nextPageCursor: z.string().nullable().optional(), list: z.array(item) });

/** GET /v5/position/list. */
export const positionsResult = page(positionItem);
/** GET /v5/order/realtime and /v5/order/history. */
export const ordersResult = page(orderItem);
/** GET /v5/execution/list. */
export const executionsResult = page(executionItem);

/** GET /v5/user/query-api: what the key in use may do (permission group → granted actions). */
export const apiKeyInfoResult = z.object({
  readOnly: z.union([z.literal(0), z.literal(1)]),
  permissions: z.record(z.string(), z.array(z.string()).nullish()),
  ips: z.array(z.string()).optional(),
  expiredAt: z.string().optional(),
});
