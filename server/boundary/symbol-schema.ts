import { z } from "zod";
import { SYMBOL_PATTERN, SYMBOL_RULE } from "../engine/model/symbols";

/** The one symbol schema of every entry point: trimmed, upper-cased, then SYMBOL_PATTERN. */
export const symbolSchema = z
  .string({ error: "symbol is required, e.g. BTCUSDT" })
  .trim()
  .toUpperCase()
  .regex(SYMBOL_PATTERN, { error: `symbol must be ${SYMBOL_RULE}` });
