import { symbolSchema } from "@server/boundary/symbol-schema";
import { z } from "zod";
import { TIMEFRAMES } from "../../../server/engine/model/market";

const symbol = symbolSchema;

export const tickerInput = z.object({ symbol });

export const candlesInput = z.object({
  symbol,
  timeframe: z.enum(TIMEFRAMES, { error: `timeframe must be one of: ${TIMEFRAMES.join(", ")}` }).default("1m"),
  limit: z.coerce
    .number({ error: "limit must be a number" })
    .int({ error: "limit must be a whole number" })
    .min(1, { error: "limit must be at least 1" })
    .max(1000, { error: "limit must be at most 1000" })
    .default(100),
});

export const ticksInput = z.object({ symbols: z.array(symbol).max(500).optional() }).optional();
