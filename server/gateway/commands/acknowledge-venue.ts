import type { HeanRuntime } from "../../runtime";
import { Refusal } from "../refusal";
import { confirmDurable, notYetSaved } from "./durability";

/** A person reviewed what Bybit shows on a held symbol: HEAN may open there again. */
export interface AcknowledgeAnswer {
  readonly ok: true;
  readonly symbol: string;
  readonly durable: boolean;
  readonly message: string;
}

export async function acknowledgeVenue(rt: HeanRuntime, symbol: string, actor: string): Promise<AcknowledgeAnswer> {
  if (rt.exchange === null)
    throw new Refusal("STATE_CONFLICT", "Paper trading: no exchange session, nothing is held back by Bybit");
  if (!rt.engine.symbols.includes(symbol)) throw new Refusal("UNKNOWN_SYMBOL", `Unknown symbol ${symbol}`);
  if (!rt.exchange.acknowledge(symbol, actor))
    throw new Refusal("NOT_FOUND", `${symbol} is not held back by the reconciliation with Bybit`);
  const saved = await confirmDurable(rt);
  const message = `${symbol} acknowledged by ${actor}: HEAN may open positions there again`;
  return saved.durable
    ? { ok: true, symbol, durable: true, message }
    : { ok: true, symbol, durable: false, message: `${message}. ${notYetSaved(saved)}` };
}
