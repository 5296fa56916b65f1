import { z } from "zod";
import type { AccessAnswer } from "../../../../server/gateway/contract";
import { AppError, type AppErrorCode } from "../../errors";
import { setPasswordInput, tokenIdInput, tokenNameInput } from "../../schemas/access";
import { publicProcedure, router } from "../trpc";

const CODE: Record<Extract<AccessAnswer<unknown>, { ok: false }>["code"], AppErrorCode> = {
  FORBIDDEN: "FORBIDDEN",
  BAD_PASSWORD: "BAD_REQUEST",
  WRONG_PASSWORD: "BAD_REQUEST",
  NOT_FOUND: "NOT_FOUND",
};

function answered<T>(a: AccessAnswer<T>): T {
  if (a.ok) return a.value;
  throw new AppError(CODE[a.code], a.message);
}

/** Who may do what: the owner manages the password and the API tokens, and reads the access log. */
export const accessRouter = router({
  status: publicProcedure.query(({ ctx }) => ctx.gateway.access.statusOf(ctx.principal ?? null)),
  tokens: publicProcedure.query(async ({ ctx }) => answered(await ctx.gateway.access.tokens(ctx.principal ?? null))),
  /** The token's secret is in this answer only: it is never shown again. */
  createToken: publicProcedure
    .input(tokenNameInput)
    .mutation(async ({ ctx, input }) =>
      answered(await ctx.gateway.access.createToken(ctx.principal ?? null, input.name, ctx.address ?? null)),
    ),
  revokeToken: publicProcedure
    .input(tokenIdInput)
    .mutation(async ({ ctx, input }) =>
      answered(await ctx.gateway.access.revokeToken(ctx.principal ?? null, input.id, ctx.address ?? null)),
    ),
  /** Sets the first password (loopback, unprotected) or changes it (logged in, with the current one). */
  setPassword: publicProcedure.input(setPasswordInput).mutation(async ({ ctx, input }) =>
    answered(
      await ctx.gateway.access.setPassword(ctx.principal ?? null, input, {
        session: ctx.session ?? null,
        address: ctx.address ?? null,
      }),
    ),
  ),
  events: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100) }).optional())
    .query(async ({ ctx, input }) =>
      answered(await ctx.gateway.access.events(ctx.principal ?? null, input?.limit ?? 100)),
    ),
});
