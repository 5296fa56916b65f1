import { z } from "zod";
import { TIMEFRAMES } from "../../../server/engine/market/types";

const symbol = z
  .string({ error: "symbol is required, e.g. symbol=BTCUSDT" })
  .trim()
  .min(1, { error: "symbol is required, e.g. symbol=BTCUSDT" })
  .max(20, { error: "symbol must be at most 20 characters" })
  .regex(/^[A-Za-z0-9]+$/, { error: "symbol must be letters and digits only, e.g. BTCUSDT" })
  .transform((s) => s.toUpperCase());

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

export type TickerInput = z.output<typeof tickerInput>;
export type CandlesInput = z.output<typeof candlesInput>;
