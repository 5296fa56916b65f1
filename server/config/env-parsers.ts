import { z } from "zod";
import { SYMBOL_PATTERN, SYMBOL_RULE } from "../engine/model/symbols";

/** "true"/"false"/"1"/"0"/"yes"/"no" (any case) → boolean; anything else is rejected by name. */
export const envBoolean = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: "must be true or false" }))
    .transform((v) => v === "true" || v === "1" || v === "yes" || v === "on")
    .optional()
    .transform((v) => v ?? fallback);

export const envNumber = (fallback: number, bounds: { min?: number; max?: number; int?: boolean } = {}) => {
  let n = z.coerce.number<string>({ error: "must be a number" });
  if (bounds.int) n = n.int({ error: "must be a whole number" });
  if (bounds.min !== undefined) n = n.min(bounds.min, { error: `must be at least ${bounds.min}` });
  if (bounds.max !== undefined) n = n.max(bounds.max, { error: `must be at most ${bounds.max}` });
  return z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? String(fallback) : v))
    .pipe(n);
};

export const envEnum = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v))
    .pipe(z.enum(values, { error: `must be one of: ${values.join(", ")}` }));

export const envString = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v));

export const envOptionalString = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v));

/** Comma-separated exchange symbols, e.g. "BTCUSDT,ETHUSDT"; upper-cased, de-duplicated, order kept. */
export const envSymbols = (fallback: readonly string[]) =>
  envString(fallback.join(","))
    .transform((v) => [
      ...new Set(
        v
          .split(",")
          .map((s) => s.trim().toUpperCase())
          .filter((s) => s !== ""),
      ),
    ])
    .pipe(
      z
        .array(z.string().regex(SYMBOL_PATTERN, { error: `each symbol must be ${SYMBOL_RULE}` }))
        .min(1, { error: "must list at least one symbol" })
        .max(500, { error: "must list at most 500 symbols" }),
    );

/** A comma-separated list of names (hosts, origins); empty when unset. */
export const envList = () =>
  envString("").transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  );

/** An optional URL whose scheme is one of `schemes` (e.g. ["http", "https"]); unset stays undefined. */
export const envOptionalUrl = (schemes: readonly string[]) =>
  envOptionalString().pipe(
    z
      .string()
      .refine(
        (v) => {
          try {
            return schemes.includes(new URL(v).protocol.replace(/:$/, ""));
          } catch {
            return false;
          }
        },
        { error: `must be a ${schemes.map((x) => `${x}://`).join(" or ")} URL` },
      )
      .optional(),
  );
