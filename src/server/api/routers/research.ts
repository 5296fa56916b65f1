import { z } from "zod";
import { unwrap } from "../../engine-gateway";
import { publicProcedure, router } from "../trpc";

const time = z.number().int().min(0).max(8.64e15);

export const researchRouter = router({
  /** The data files a backtest can replay and the recent backtests, newest first. */
  overview: publicProcedure.query(({ ctx }) => ctx.gateway.research()),
  /** One backtest; its whole report once done. */
  backtest: publicProcedure
    .input(z.object({ id: z.string().trim().min(1).max(64) }))
    .query(({ ctx, input }) => ctx.gateway.backtest(input.id)),
  /** Starts a backtest on the live kernel in a worker thread. */
  start: publicProcedure
    .input(
      z.object({
        file: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .regex(/^[\w.-]+\.csv$/i, { error: "file must be one of the listed CSV files" }),
        symbol: z
          .string()
          .regex(/^[A-Z0-9]{2,20}$/)
          .optional(),
        strategies: z
          .array(z.string().regex(/^[a-z_]{1,40}$/))
          .max(10)
          .optional(),
        from: time.optional(),
        to: time.optional(),
        takerFeePct: z.number().min(0).max(1).optional(),
        governor: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => unwrap(await ctx.gateway.startBacktest(input, ctx.actor, ctx.origin))),
});
