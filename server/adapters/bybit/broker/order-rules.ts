/** What Bybit requires of an order on one instrument (instruments-info). */
export interface InstrumentRules {
  readonly symbol: string;
  readonly tickSize: number;
  readonly qtyStep: number;
  readonly minOrderQty: number;
  readonly maxOrderQty: number;
  /** A market order's own cap (maxMktOrderQty); maxOrderQty when Bybit gives none. */
  readonly maxMarketQty: number;
  /** Smallest order value in quote currency (minNotionalValue); 0 when none. */
  readonly minNotional: number;
}

export type RuleRefusal = "UNKNOWN_INSTRUMENT" | "QTY_BELOW_MIN" | "QTY_ABOVE_MAX" | "NOTIONAL_BELOW_MIN" | "BAD_PRICE";

export type RuleCheck =
  | { readonly ok: true; readonly qty: string; readonly price: string | null }
  | { readonly ok: false; readonly reason: RuleRefusal; readonly message: string };

/** Decimals a step like 0.001 has (3), so amounts print exactly as Bybit expects them. */
function decimalsOf(step: number): number {
  const text = step.toString();
  if (text.includes("e-")) return Number(text.split("e-")[1]);
  return text.includes(".") ? (text.split(".")[1]?.length ?? 0) : 0;
}

/** Rounds down to the step, in decimal text (never 0.30000000000000004). */
export function floorToStep(value: number, step: number): string {
  const decimals = decimalsOf(step);
  const steps = Math.floor(value / step + 1e-9);
  return (steps * step).toFixed(decimals);
}

/**
 * Fits an order to the instrument before it is sent: the quantity rounded down to the step (never
 * up: an order is never larger than the engine sized it), the limit price rounded to the tick
 * toward the passive side (a buy down, a sell up), and refused with a reason when it cannot meet
 * the minimum quantity, the maximum, or the minimum order value.
 */
export function checkOrder(
  rules: InstrumentRules | undefined,
  order: {
    readonly side: "BUY" | "SELL";
    readonly type: "MARKET" | "LIMIT";
    readonly qty: number;
    readonly price?: number | undefined;
  },
  referencePrice: number,
): RuleCheck {
  if (rules === undefined)
    return { ok: false, reason: "UNKNOWN_INSTRUMENT", message: "no instrument rules for this symbol" };
  let price: string | null = null;
  if (order.type === "LIMIT") {
    if (order.price === undefined || !(order.price > 0))
      return { ok: false, reason: "BAD_PRICE", message: "a limit order needs a positive price" };
    const decimals = decimalsOf(rules.tickSize);
    const ticks =
      order.side === "BUY"
        ? Math.floor(order.price / rules.tickSize + 1e-9)
        : Math.ceil(order.price / rules.tickSize - 1e-9);
    price = (ticks * rules.tickSize).toFixed(decimals);
  }
  const qty = floorToStep(order.qty, rules.qtyStep);
  const q = Number(qty);
  if (q < rules.minOrderQty)
    return {
      ok: false,
      reason: "QTY_BELOW_MIN",
      message: `${order.qty} ${rules.symbol} rounds to ${qty}, below the minimum ${rules.minOrderQty}`,
    };
  const max = order.type === "MARKET" ? rules.maxMarketQty : rules.maxOrderQty;
  if (q > max)
    return { ok: false, reason: "QTY_ABOVE_MAX", message: `${qty} ${rules.symbol} is above the maximum ${max}` };
  const value = q * (price === null ? referencePrice : Number(price));
  if (value < rules.minNotional)
    return {
      ok: false,
      reason: "NOTIONAL_BELOW_MIN",
      message: `order value ${value.toFixed(2)} is below ${rules.symbol}'s minimum ${rules.minNotional}`,
    };
  return { ok: true, qty, price };
}
