import { unwrap } from "../../engine-gateway";
import { clearBody } from "../../schemas/risk";
import { topicStream } from "../topic-stream";
import { publicProcedure, router } from "../trpc";

export const riskRouter = router({
  status: publicProcedure.query(({ ctx }) => unwrap(ctx.gateway.riskStatus())),
  /** Answers {status, ...}; a refused clear is an answer (status "error"), not an exception. */
  clear: publicProcedure
    .input(clearBody)
    .mutation(async ({ ctx, input }) => unwrap(await ctx.gateway.clearRisk(input, ctx.actor, ctx.origin))),
  /** RISK_STATE_UPDATE messages, starting from the latest one. */
  onUpdate: publicProcedure.subscription(({ ctx, signal }) =>
    topicStream(ctx.gateway.topics, ["risk_governor"], signal),
  ),
});
