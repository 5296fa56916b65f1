import type { PrismaClient } from "../../../src/generated/prisma/client";
import type { TradeFill } from "../../engine/analytics";

/** The most fills one read takes: the trades of a long-running account, not an unbounded scan. */
export const MAX_TRADE_FILLS = 100_000;

/**
 * Every recorded fill, oldest first, with the strategy of its order: what closed trades are built
 * from. A reducing fill's exit reason is its order's strategy ("protective_exit", "manual:owner",
 * "liquidation", or the strategy's own exit).
 */
export async function readTradeFills(prisma: PrismaClient, limit = MAX_TRADE_FILLS): Promise<TradeFill[]> {
  const rows = await prisma.$queryRaw<
    {
      order_id: string;
      symbol: string;
      side: string;
      qty: number;
      price: number;
      fee: number;
      at: Date;
      strategy_id: string | null;
    }[]
  >`
    SELECT f.order_id, f.symbol, f.side, f.qty, f.price, f.fee, f.at, o.strategy_id
      FROM (SELECT * FROM fills ORDER BY at DESC, id DESC LIMIT ${limit}) f
      LEFT JOIN orders o ON o.id = f.order_id
     ORDER BY f.at, f.id`;
  return rows.map((r) => ({
    orderId: r.order_id,
    symbol: r.symbol,
    side: r.side === "SELL" ? "SELL" : "BUY",
    qty: r.qty,
    price: r.price,
    fee: r.fee,
    ts: r.at.getTime(),
    strategyId: r.strategy_id,
    exitReason: r.strategy_id,
  }));
}
