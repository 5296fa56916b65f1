import { z } from "zod";
import { recentEngineTransitions } from "../../repositories/engine-transitions";
import { controlBody, engineCommand } from "../../schemas/engine";
import { controlEngine } from "../../services/engine-control";
import { publicProcedure, router } from "../trpc";

export const engineRouter = router({
  /** Answers {ok, engine_state, message, error_code}; a refusal is an answer (ok: false), not an error. */
  control: publicProcedure
    .input(controlBody.extend({ command: engineCommand }))
    .mutation(({ ctx, input }) => controlEngine(ctx.runtime, input.command, ctx.actor, input.reason)),
  state: publicProcedure.query(({ ctx }) => ({ engine_state: ctx.runtime.engine.state })),
  transitions: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).optional())
    .query(({ ctx, input }) => recentEngineTransitions(ctx.runtime.database.prisma, input?.limit ?? 50)),
});
