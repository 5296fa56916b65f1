import { clearBody } from "../../schemas/risk";
import { clearRiskGovernor, riskGovernorStatus } from "../../services/risk-governor";
import type { RiskUpdatePayload } from "../../services/risk-payloads";
import { topicStream } from "../topic-stream";
import { publicProcedure, router } from "../trpc";

export const riskRouter = router({
  status: publicProcedure.query(({ ctx }) => riskGovernorStatus(ctx.runtime)),
  /** Answers {status, ...}; a refused clear is an answer (status "error"), not an exception. */
  clear: publicProcedure
    .input(clearBody)
    .mutation(async ({ ctx, input }) => (await clearRiskGovernor(ctx.runtime, input, ctx.actor)).answer),
  /** RISK_STATE_UPDATE messages, starting from the latest one. */
  onUpdate: publicProcedure.subscription(({ ctx, signal }) =>
    topicStream<RiskUpdatePayload>(ctx.runtime.topics, ["risk_governor"], signal),
  ),
});
