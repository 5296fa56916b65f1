import type { HeanRuntime } from "../../runtime";
import { Refusal } from "../refusal";
import { orderPayload } from "../views/portfolio";
import { requireTrading } from "../views/trading-why";
import { confirmDurable, type Durability, notYetSaved } from "./durability";

/** A manual close or cancel: the order it made or changed; durable false while the database has not confirmed it. */
export interface TradeActionAnswer {
  readonly ok: boolean;
  readonly order: ReturnType<typeof orderPayload>;
  readonly durable: boolean;
  readonly message: string | null;
}

function durability(saved: Durability): { durable: boolean; message: string | null } {
  return saved.durable ? { durable: true, message: null } : { durable: false, message: notYetSaved(saved) };
}

/** Closes a position with a reduce-only market order; answers once the request is durable. */
export async function closePosition(rt: HeanRuntime, symbol: string, actor: string): Promise<TradeActionAnswer> {
  const trading = requireTrading(rt);
  if (!rt.engine.symbols.includes(symbol)) throw new Refusal("UNKNOWN_SYMBOL", `Unknown symbol ${symbol}`);
  const order = trading.closePosition(symbol, actor);
  if (order === null) throw new Refusal("NOT_FOUND", `No open position on ${symbol}`);
  const saved = await confirmDurable(rt);
  return { ok: order.status !== "REJECTED", order: orderPayload(order), ...durability(saved) };
}

export async function cancelOrder(rt: HeanRuntime, clientOrderId: string, actor: string): Promise<TradeActionAnswer> {
  const trading = requireTrading(rt);
  const order = trading.broker.order(clientOrderId);
  if (order === undefined) throw new Refusal("NOT_FOUND", `Unknown order ${clientOrderId}`);
  if (!trading.cancelOrder(clientOrderId, actor))
    throw new Refusal("STATE_CONFLICT", `Order ${clientOrderId} is already ${order.status} and cannot be cancelled`);
  const saved = await confirmDurable(rt);
  const after = trading.broker.order(clientOrderId) ?? order;
  return { ok: true, order: orderPayload(after), ...durability(saved) };
}
