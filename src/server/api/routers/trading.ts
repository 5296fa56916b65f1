import { symbolSchema } from "@server/boundary/symbol-schema";
import { z } from "zod";
import { decisionHistory } from "../../repositories/decisions";
import { equityCurve } from "../../repositories/equity-curve";
import { decisionsInput } from "../../schemas/decisions";
import { portfolioSummary } from "../../services/portfolio";
import { marketScan } from "../../services/scanner";
import { symbolsOverview } from "../../services/symbols-overview";
import { cancelOrder, closePosition } from "../../services/trading-actions";
import { tradingWhy } from "../../services/trading-why";
import { topicStream } from "../topic-stream";
import { publicProcedure, router } from "../trpc";

const TRADING_TOPICS = ["trading_events", "signals", "order_filled", "order_cancelled", "strategy_events"] as const;

export const tradingRouter = router({
  /** Equity snapshots (every EQUITY_SNAPSHOT_SEC), oldest first. */
  equityCurve: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(5000).default(720) }).optional())
    .query(({ ctx, input }) => equityCurve(ctx.runtime.database.prisma, input?.limit ?? 720)),
  /** The decision log from the database: filter by symbol, decision, reason code, strategy; paged. */
  // What is stored: the newest decisions may be up to one write batch (0.5 s) behind.
  decisions: publicProcedure
    .input(decisionsInput)
    .query(({ ctx, input }) => decisionHistory(ctx.runtime.database.prisma, input)),
  why: publicProcedure.query(({ ctx }) => tradingWhy(ctx.runtime)),
  portfolio: publicProcedure.query(({ ctx }) => portfolioSummary(ctx.runtime)),
  scan: publicProcedure.query(({ ctx }) => marketScan(ctx.runtime)),
  closePosition: publicProcedure
    .input(z.object({ symbol: symbolSchema }))
    .mutation(({ ctx, input }) => closePosition(ctx.runtime, input.symbol, ctx.actor)),
  cancelOrder: publicProcedure
    .input(z.object({ clientOrderId: z.string().trim().min(1).max(100) }))
    .mutation(({ ctx, input }) => cancelOrder(ctx.runtime, input.clientOrderId, ctx.actor)),
  /** The live funnel: decisions, order updates, fills, position changes, signals. */
  onEvents: publicProcedure.subscription(({ ctx, signal }) =>
    topicStream<{ topic: string; data: unknown }>(
      ctx.runtime.topics,
      TRADING_TOPICS,
      signal,
      (topic, data) => ({
        topic,
        data,
      }),
      false,
    ),
  ),
  onMetrics: publicProcedure.subscription(({ ctx, signal }) =>
    topicStream<unknown>(ctx.runtime.topics, ["metrics"], signal),
  ),
  /** One row per symbol (regime, last decision, holdings, block reason), pushed every 2 s. */
  onSymbols: publicProcedure.subscription(async function* ({ ctx, signal }) {
    yield symbolsOverview(ctx.runtime);
    yield* topicStream<ReturnType<typeof symbolsOverview>>(
      ctx.runtime.topics,
      ["trading_symbols"],
      signal,
      undefined,
      false,
    );
  }),
  /** /trading/why, pushed every 2 s (and at once on subscribe). */
  onWhy: publicProcedure.subscription(async function* ({ ctx, signal }) {
    yield tradingWhy(ctx.runtime);
    yield* topicStream<ReturnType<typeof tradingWhy>>(ctx.runtime.topics, ["trading_why"], signal, undefined, false);
  }),
});
