import fc from "fast-check";
import { describe, it } from "vitest";
import { ManualClock } from "../clock";
import type { Fill } from "../model/trading";
import { type FillEffect, Portfolio } from "./portfolio";
import { direction } from "./position-math";
import { checkAccounting } from "./testing/accounting-checks";

const SYMBOLS = ["BTCUSDT", "ETHUSDT", "SOLUSDT"] as const;

type Step =
  | { kind: "fill"; symbol: number; buy: boolean; qty: number; price: number; feeRate: number }
  | { kind: "mark"; symbol: number; price: number };

const price = fc.double({ min: 0.01, max: 100_000, noNaN: true });
// Quantities that often sum exactly to an open position's size, to exercise closes and flips.
const qty = fc.oneof(fc.double({ min: 1e-6, max: 50, noNaN: true }), fc.constantFrom(0.1, 0.2, 0.3, 1, 2, 3));
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("fill" as const),
    symbol: fc.nat(SYMBOLS.length - 1),
    buy: fc.boolean(),
    qty,
    price,
    feeRate: fc.constantFrom(-0.0001, 0, 0.0002, 0.00055),
  }),
  fc.record({ kind: fc.constant("mark" as const), symbol: fc.nat(SYMBOLS.length - 1), price }),
);

describe("Portfolio properties", () => {
  it("reconciles after every fill and mark of any sequence", () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 120, size: "max" }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        (steps, initial) => {
          const clock = new ManualClock(0);
          const portfolio = new Portfolio({ accountId: "paper", initialBalance: initial, leverage: 10, clock });
          const fills: Fill[] = [];
          const effects: FillEffect[] = [];
          for (const [i, s] of steps.entries()) {
            clock.advanceBy(1);
            const symbol = SYMBOLS[s.symbol] ?? "BTCUSDT";
            if (s.kind === "mark") {
              portfolio.mark(symbol, s.price);
            } else {
              const fill: Fill = {
                id: `f${i}`,
                orderId: `o${i}`,
                symbol,
                side: s.buy ? "BUY" : "SELL",
                qty: s.qty,
                price: s.price,
                fee: s.qty * s.price * s.feeRate,
                liquidity: "TAKER",
                ts: clock.now(),
                latencyMs: 0,
                slippage: 0,
              };
              const effect = portfolio.applyFill(fill);
              checkEffect(effect);
              fills.push(fill);
              effects.push(effect);
            }
            checkAccounting(portfolio, initial, fills, effects);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A fill's realized PnL is exactly its closed quantity's PnL against the previous average entry. */
function checkEffect(e: FillEffect): void {
  const expected =
    e.previous === null ? 0 : direction(e.previous.side) * (e.fill.price - e.previous.entryPrice) * e.closedQty;
  if (e.realizedPnl !== expected) throw new Error(`effect realized ${e.realizedPnl}, expected ${expected}`);
  const closedPlusOpened = e.closedQty + e.openedQty;
  if (Math.abs(closedPlusOpened - e.fill.qty) > 1e-9 * e.fill.qty) {
    throw new Error(`closed ${e.closedQty} + opened ${e.openedQty} != fill qty ${e.fill.qty}`);
  }
  if (e.closedQty > 0 && e.previous !== null && e.closedQty > e.previous.qty) {
    throw new Error(`closed ${e.closedQty} more than the position's ${e.previous.qty}`);
  }
}
