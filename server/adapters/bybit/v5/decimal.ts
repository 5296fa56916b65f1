import { z } from "zod";

/**
 * Bybit sends numbers as decimal strings ("27450.00"), sometimes as JSON numbers, and "" for
 * "not applicable". `decimal` takes a finite number in either form; `optionalDecimal` also takes
 * "" (and absence) as null. Anything else (NaN, "abc", Infinity) is refused, never guessed.
 */
const finite = (v: number, ctx: z.RefinementCtx) => {
  if (!Number.isFinite(v)) ctx.addIssue({ code: "custom", message: "not a finite number" });
};

export const decimal = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, "not a decimal number"),
  ])
  .transform((v) => Number(v))
  .superRefine(finite);

export const optionalDecimal = z
  .union([z.literal(""), z.null(), decimal])
  .optional()
  .transform((v) => (v === "" || v === null || v === undefined ? null : v));

/** Epoch milliseconds, as a string or a number. */
export const epochMs = decimal.refine((v) => Number.isInteger(v) && v >= 0, "not an epoch time in ms");

/** Epoch ms where Bybit writes "" or "0" for "never". */
export const optionalEpochMs = z
  .union([z.literal(""), z.null(), epochMs])
  .optional()
  .transform((v) => (v === "" || v === null || v === undefined || v === 0 ? null : v));

export const side = z.enum(["Buy", "Sell"]);
