import type { z } from "zod";
import { parseRest, type RestAnswer } from "./v5/rest-envelope";

export type RestFailure = Extract<RestAnswer<unknown>, { ok: false }> & { readonly httpStatus: number | null };
export type RestResult<T> = Extract<RestAnswer<T>, { ok: true }> | RestFailure;

/**
 * Runs one SDK REST call and validates its answer. The SDK throws plain objects that carry its
 * options (API keys included) on HTTP errors: only the status and a message are kept from them.
 */
export async function restCall<S extends z.ZodType>(
  call: () => Promise<unknown>,
  schema: S,
): Promise<RestResult<z.output<S>>> {
  try {
    const answer = parseRest(schema, await call());
    return answer.ok ? answer : { ...answer, httpStatus: 200 };
  } catch (error) {
    const status = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
    const httpStatus = typeof status === "number" ? status : null;
    const message =
      error instanceof Error
        ? error.message
        : typeof error === "string"
          ? error
          : `HTTP ${httpStatus ?? "error"} ${String((error as { message?: unknown })?.message ?? "")}`;
    return { ok: false, retCode: null, httpStatus, error: message.slice(0, 200) };
  }
}
