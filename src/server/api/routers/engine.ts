import { z } from "zod";
import { controlBody, engineCommand } from "../../schemas/engine";
import { publicProcedure, router } from "../trpc";

export const engineRouter = router({
  /** Answers {ok, engine_state, message, error_code}; a refusal is an answer (ok: false), not an error. */
  control: publicProcedure
    .input(controlBody.extend({ command: engineCommand }))
    .mutation(({ ctx, input }) => ctx.gateway.control(input.command, ctx.actor, input.reason, ctx.origin)),
  state: publicProcedure.query(({ ctx }) => ctx.gateway.engineState()),
  transitions: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).optional())
    .query(({ ctx, input }) => ctx.gateway.transitions(input?.limit ?? 50)),
});
