import { symbolSchema } from "@server/boundary/symbol-schema";
import { tracked } from "@trpc/server";
import { z } from "zod";
import type { DecisionPayload } from "../../../../server/gateway/contract";
import { unwrap } from "../../engine-gateway";
import { decisionsInput } from "../../schemas/decisions";
import { tradesInput } from "../../schemas/trades";
import { mappedTopicStream, topicStream } from "../topic-stream";
import { publicProcedure, router } from "../trpc";

const TRADING_TOPICS = ["trading_events", "signals", "order_filled", "order_cancelled", "strategy_events"] as const;

/** How many missed decisions a resuming subscription catches up on at most. */
const RESUME_LIMIT = 500;

export const tradingRouter = router({
  /** Equity snapshots (every EQUITY_SNAPSHOT_SEC), oldest first. */
  equityCurve: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(5000).default(720) }).optional())
    .query(({ ctx, input }) => ctx.gateway.equityCurve(input?.limit ?? 720)),
  /** The decision log from the database, in the live ORDER_DECISION shape: filtered, paged, newest first. */
  // What is stored: the newest decisions may be up to one write batch (0.5 s) behind.
  decisions: publicProcedure.input(decisionsInput).query(({ ctx, input }) => ctx.gateway.decisions(input)),
  why: publicProcedure.query(({ ctx }) => unwrap(ctx.gateway.why())),
  portfolio: publicProcedure.query(({ ctx }) => unwrap(ctx.gateway.portfolio())),
  fillsVsBook: publicProcedure.query(({ ctx }) => unwrap(ctx.gateway.fillsVsBook())),
  /** Every closed trade (from the recorded fills), filtered, with per-strategy and per-symbol reviews. */
  trades: publicProcedure.input(tradesInput).query(({ ctx, input }) => ctx.gateway.trades(input ?? {})),
  scan: publicProcedure.query(({ ctx }) => ctx.gateway.scan()),
  closePosition: publicProcedure
    .input(z.object({ symbol: symbolSchema }))
    .mutation(async ({ ctx, input }) => unwrap(await ctx.gateway.closePosition(input.symbol, ctx.actor, ctx.origin))),
  cancelOrder: publicProcedure
    .input(z.object({ clientOrderId: z.string().trim().min(1).max(100) }))
    .mutation(async ({ ctx, input }) =>
      unwrap(await ctx.gateway.cancelOrder(input.clientOrderId, ctx.actor, ctx.origin)),
    ),
  /** After reviewing at Bybit what the reconciliation could not explain on a symbol: trade it again. */
  acknowledgeVenue: publicProcedure
    .input(z.object({ symbol: symbolSchema }))
    .mutation(async ({ ctx, input }) =>
      unwrap(await ctx.gateway.acknowledgeVenue(input.symbol, ctx.actor, ctx.origin)),
    ),
  /** The live funnel: decisions, order updates, fills, position changes, signals. */
  onEvents: publicProcedure.subscription(({ ctx, signal }) =>
    mappedTopicStream(ctx.gateway.topics, TRADING_TOPICS, signal, (topic, data) => ({ topic, data }), false),
  ),
  /**
   * Every new ORDER_DECISION, tracked by its id: a client that reconnects with lastEventId first
   * gets the decisions it missed, from the database, then the live ones; none twice.
   */
  onDecisions: publicProcedure
    .input(z.object({ lastEventId: z.string().trim().min(1).max(64).nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const seen = new Set<string>();
      const live = mappedTopicStream(
        ctx.gateway.topics,
        ["trading_events"],
        signal,
        (_, e) => (e.type === "ORDER_DECISION" ? e : undefined),
        false,
      );
      // Listening starts before the catch-up is read, so nothing falls between the two.
      const first = live.next();
      const lastEventId = input?.lastEventId;
      if (lastEventId !== undefined && lastEventId !== null)
        for (const d of await ctx.gateway.decisionsAfter(lastEventId, RESUME_LIMIT)) {
          seen.add(d.decision_id);
          yield tracked(d.decision_id, d);
        }
      const emit = (d: DecisionPayload) => (seen.delete(d.decision_id) ? null : tracked(d.decision_id, d));
      let next = await first;
      while (next.done !== true) {
        const out = emit(next.value);
        if (out !== null) yield out;
        next = await live.next();
      }
    }),
  onMetrics: publicProcedure.subscription(({ ctx, signal }) => topicStream(ctx.gateway.topics, ["metrics"], signal)),
  /** One row per symbol (regime, last decision, holdings, block reason), pushed every 2 s. */
  onSymbols: publicProcedure.subscription(async function* ({ ctx, signal }) {
    yield unwrap(ctx.gateway.symbolRows());
    yield* topicStream(ctx.gateway.topics, ["trading_symbols"], signal, false);
  }),
  /** /trading/why, pushed every 2 s (and at once on subscribe). */
  onWhy: publicProcedure.subscription(async function* ({ ctx, signal }) {
    yield unwrap(ctx.gateway.why());
    yield* topicStream(ctx.gateway.topics, ["trading_why"], signal, false);
  }),
});
