import type { Tick } from "../model/market";
import type { Order, OrderRequest, Position } from "../model/trading";

export type ExitTrigger = "STOP_LOSS" | "TAKE_PROFIT";

/** strategyId of the orders this component produces. */
export const PROTECTIVE_EXIT_STRATEGY_ID = "protective_exit";

/** What fired the latest exit of a symbol. */
export interface ProtectiveExit {
  readonly trigger: ExitTrigger;
  /** The position's stopLoss or takeProfit. */
  readonly level: number;
  /** The quote price that reached it: bid for a long, ask for a short. */
  readonly observed: number;
  readonly at: number;
  readonly clientOrderId: string;
}

/** Where to see whether an exit is already working (the broker). */
export interface OpenOrderSource {
  openOrders(): readonly Order[];
}

export interface ProtectiveExitsOptions {
  /** Prefix of exit orders' client ids. */
  readonly idPrefix?: string;
}

/**
 * Stop-loss and take-profit per position. A long exits when bid <= stopLoss or bid >= takeProfit, a
 * short when ask >= stopLoss or ask <= takeProfit (the price it would close at). A trigger yields one
 * reduce-only MARKET order for the whole position, and nothing more while a reduce-only MARKET order of
 * the symbol is open at the broker — that covers the exit just sent, a strategy's exit, and exits
 * restored after a restart, with no state of its own to lose. A resting reduce-only LIMIT (a take-profit
 * ladder, say) does not hold a stop-loss back.
 */
export class ProtectiveExits {
  private readonly prefix: string;
  private readonly latest = new Map<string, ProtectiveExit>();
  private seq = 0;

  constructor(options: ProtectiveExitsOptions = {}) {
    this.prefix = options.idPrefix ?? "exit";
  }

  /** The exit order to submit now for `position` (the symbol's current position), or null. */
  check(tick: Tick, position: Position, orders: OpenOrderSource): OrderRequest | null {
    if (position.symbol !== tick.symbol) throw new Error(`tick of ${tick.symbol} checked against ${position.symbol}`);
    const hit = triggered(position, tick);
    if (hit === null) return null;
    if (orders.openOrders().some((o) => o.symbol === tick.symbol && o.reduceOnly && o.type === "MARKET")) return null;
    const tag = hit.trigger === "STOP_LOSS" ? "sl" : "tp";
    const clientOrderId = `${this.prefix}-${tag}-${tick.symbol}-${tick.ts}-${++this.seq}`;
    this.latest.set(tick.symbol, { ...hit, at: tick.ts, clientOrderId });
    return {
      clientOrderId,
      symbol: tick.symbol,
      side: position.side === "LONG" ? "SELL" : "BUY",
      type: "MARKET",
      qty: position.qty,
      reduceOnly: true,
      strategyId: PROTECTIVE_EXIT_STRATEGY_ID,
      decisionId: null,
    };
  }

  /** The latest exit produced for a symbol (for exit events and diagnostics). */
  lastExit(symbol: string): ProtectiveExit | undefined {
    return this.latest.get(symbol);
  }
}

function triggered(position: Position, tick: Tick): Pick<ProtectiveExit, "trigger" | "level" | "observed"> | null {
  const { stopLoss, takeProfit } = position;
  const long = position.side === "LONG";
  const price = long ? tick.bid : tick.ask;
  if (stopLoss !== null && (long ? price <= stopLoss : price >= stopLoss)) {
    return { trigger: "STOP_LOSS", level: stopLoss, observed: price };
  }
  if (takeProfit !== null && (long ? price >= takeProfit : price <= takeProfit)) {
    return { trigger: "TAKE_PROFIT", level: takeProfit, observed: price };
  }
  return null;
}
