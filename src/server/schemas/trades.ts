import { symbolSchema } from "@server/boundary/symbol-schema";
import { z } from "zod";

const time = z.number({ error: "a time in epoch milliseconds" }).int().min(0).max(8.64e15);

/** The Trades page's filters: all optional. */
export const tradesInput = z
  .object({
    symbol: symbolSchema.optional(),
    strategy: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[\w:.-]+$/, { error: "strategy must be a strategy id" })
      .optional(),
    from: time.optional(),
    to: time.optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .optional();
