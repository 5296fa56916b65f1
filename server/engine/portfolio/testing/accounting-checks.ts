import type { Fill, Order } from "../../model/trading";
import type { FillEffect, Portfolio } from "../portfolio";

/**
 * An independent re-computation of the account from the raw fills, in signed quantities (long > 0),
 * written differently from Portfolio on purpose so that a shared mistake is unlikely.
 */
export class ReferenceLedger {
  realized = 0;
  fees = 0;
  /** Σ over fills of −signedQty × price: cash that trading moved, before fees. */
  cashFlow = 0;
  readonly net = new Map<string, { qty: number; avg: number }>();

  apply(fill: Fill): void {
    const s = fill.side === "BUY" ? fill.qty : -fill.qty;
    this.fees += fill.fee;
    this.cashFlow -= s * fill.price;
    const cur = this.net.get(fill.symbol) ?? { qty: 0, avg: 0 };
    if (cur.qty === 0 || Math.sign(cur.qty) === Math.sign(s)) {
      const qty = cur.qty + s;
      this.net.set(fill.symbol, { qty, avg: (Math.abs(cur.qty) * cur.avg + fill.qty * fill.price) / Math.abs(qty) });
      return;
    }
    const closed = Math.min(Math.abs(cur.qty), fill.qty);
    this.realized += closed * (fill.price - cur.avg) * Math.sign(cur.qty);
    const qty = cur.qty + s;
    const scale = Math.max(Math.abs(cur.qty), fill.qty);
    if (Math.abs(qty) <= 1e-9 * scale) this.net.set(fill.symbol, { qty: 0, avg: 0 });
    else if (Math.sign(qty) === Math.sign(cur.qty)) this.net.set(fill.symbol, { qty, avg: cur.avg });
    else this.net.set(fill.symbol, { qty, avg: fill.price });
  }
}

function close(actual: number, expected: number, scale: number, what: string): void {
  const tolerance = 1e-9 * Math.max(1, Math.abs(expected), scale);
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`${what}: ${actual} != ${expected} (tolerance ${tolerance})`);
  }
}

/**
 * Throws unless the portfolio reconciles with the fills: equity = balance + unrealized, balance =
 * initial + realized − fees, realized = the reference's and the effects' sum, fees = Σ fill fees,
 * realized + unrealized = cash flow + Σ net qty × mark, positions match net quantities and are > 0.
 */
export function checkAccounting(
  portfolio: Portfolio,
  initialBalance: number,
  fills: readonly Fill[],
  effects: readonly FillEffect[],
): void {
  const ref = new ReferenceLedger();
  let notional = 0;
  for (const f of fills) {
    ref.apply(f);
    notional += f.qty * f.price;
  }
  const s = portfolio.snapshot();
  const scale = notional + Math.abs(initialBalance);
  close(s.equity, s.balance + s.unrealizedPnl, scale, "equity = balance + unrealized");
  close(s.balance, initialBalance + s.realizedPnl - s.feesPaid, scale, "balance = initial + realized - fees");
  close(s.feesPaid, ref.fees, scale, "fees = sum of fill fees");
  close(s.realizedPnl, ref.realized, scale, "realized = reference average-cost realized");
  close(
    s.realizedPnl,
    effects.reduce((sum, e) => sum + e.realizedPnl, 0),
    scale,
    "realized = sum of fill effects",
  );
  let markValue = 0;
  for (const [symbol, { qty }] of ref.net) {
    const position = portfolio.position(symbol);
    const signed = position === undefined ? 0 : position.side === "LONG" ? position.qty : -position.qty;
    close(signed, qty, Math.abs(qty), `net qty of ${symbol}`);
    if (qty !== 0) markValue += qty * (portfolio.markPrice(symbol) ?? Number.NaN);
  }
  close(s.realizedPnl + s.unrealizedPnl, ref.cashFlow + markValue, scale, "realized + unrealized = cash flow + marks");
  close(s.marginUsed, s.exposure / s.leverage, scale, "marginUsed = exposure / leverage");
  close(s.marginFree, s.equity - s.marginUsed, scale, "marginFree = equity - marginUsed");
  for (const p of s.positions) {
    if (!(p.qty > 0)) throw new Error(`position ${p.symbol} has qty ${p.qty}`);
  }
}

/** Throws unless no order filled more than its quantity and each order's filledQty = Σ its fills. */
export function checkOrderFills(orders: readonly Order[], fills: readonly Fill[]): void {
  const byOrder = new Map<string, number>();
  for (const f of fills) {
    if (!(f.qty > 0)) throw new Error(`fill ${f.id} has qty ${f.qty}`);
    byOrder.set(f.orderId, (byOrder.get(f.orderId) ?? 0) + f.qty);
  }
  for (const o of orders) {
    const filled = byOrder.get(o.clientOrderId) ?? 0;
    if (o.filledQty > o.qty) throw new Error(`order ${o.clientOrderId} filled ${o.filledQty} of ${o.qty}`);
    if (filled > o.qty * (1 + 1e-12)) throw new Error(`order ${o.clientOrderId} fills sum to ${filled} of ${o.qty}`);
    close(filled, o.filledQty, o.qty, `fills of ${o.clientOrderId}`);
  }
}
