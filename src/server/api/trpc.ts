import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError } from "zod";
import { describeViolation, findTextViolation } from "../../../server/boundary/storable-text";
import type { EngineGateway, Origin, Principal } from "../../../server/gateway/contract";
import { AppError, type AppErrorCode } from "../errors";

/** One context for every transport: the running engine's gateway and who is asking. */
export interface TrpcContext {
  readonly gateway: EngineGateway;
  /** Who asked, as the audit records it ("trpc:token:ci(1a2b3c4d)", "trpc:local"). */
  readonly actor: string;
  /** Set by the access gate; null in server-side calls (tests) that make no claim. */
  readonly principal?: Principal | null;
  readonly address?: string | null;
  /** The session cookie, to keep it when its owner changes the password. */
  readonly session?: string | null;
  /** For the audit: the interface (the dashboard says so) and the client's address. */
  readonly origin?: Origin;
}

const TRPC_CODE: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  UNKNOWN_SYMBOL: "NOT_FOUND",
  NOT_FOUND: "NOT_FOUND",
  NO_DATA_YET: "SERVICE_UNAVAILABLE",
  STATE_CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  ENGINE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        appCode: cause instanceof AppError ? cause.code : null,
        field: cause instanceof AppError ? (cause.field ?? null) : null,
        zodIssues: cause instanceof ZodError ? cause.issues : null,
      },
    };
  },
});

/** Services throw AppError; this is the one place it becomes a tRPC error. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  return result;
});

/** The boundary rule (server/boundary/storable-text.ts) on every string of every input, before zod. */
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  const violation = findTextViolation(await getRawInput());
  if (violation !== null)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: describeViolation(violation),
      cause: new AppError("BAD_REQUEST", describeViolation(violation), { field: violation.field || null }),
    });
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(storableInput).use(appErrors);
