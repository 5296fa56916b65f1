import { z } from "zod";
import { type Parsed, parseWith } from "./envelope";

/** Every v5 REST answer: retCode 0 and a result, or a retCode that says what went wrong. */
const envelope = z.object({
  retCode: z.number().int(),
  retMsg: z.string(),
  result: z.unknown(),
  retExtInfo: z.unknown().optional(),
  time: z.number().optional(),
});

export type RestAnswer<T> =
  | { readonly ok: true; readonly value: T; readonly time: number | null }
  | { readonly ok: false; readonly retCode: number | null; readonly error: string };

/** Validates a REST answer's envelope, then its result with `schema`. */
export function parseRest<S extends z.ZodType>(schema: S, input: unknown): RestAnswer<z.output<S>> {
  const outer = parseWith(envelope, input);
  if (!outer.ok) return { ok: false, retCode: null, error: `not a Bybit v5 answer: ${outer.error}` };
  const { retCode, retMsg, result, time } = outer.value;
  if (retCode !== 0) return { ok: false, retCode, error: `Bybit retCode ${retCode}: ${retMsg.slice(0, 200)}` };
  const inner: Parsed<z.output<S>> = parseWith(schema, result);
  if (!inner.ok) return { ok: false, retCode, error: `unexpected result: ${inner.error}` };
  return { ok: true, value: inner.value, time: time ?? null };
}
