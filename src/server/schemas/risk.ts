import { z } from "zod";

/** POST /risk/governor/clear: `confirm` is required in live mode; anything else is a 400. */
export const clearBody = z
  .object({
    confirm: z.boolean().optional(),
    reason: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
