import { describe, expect, it } from "vitest";
import { type HeldPosition, liquidationPrices, maintenanceMargin } from "./liquidation";

/** Equity and maintenance margin with one mark moved: what the liquidation price must balance. */
function accountAt(positions: readonly HeldPosition[], cash: number, symbol: string, price: number, rate: number) {
  let equity = cash;
  let maintenance = 0;
  for (const p of positions) {
    const mark = p.symbol === symbol ? price : p.markPrice;
    equity += (p.side === "LONG" ? 1 : -1) * (mark - p.entryPrice) * p.qty;
    maintenance += p.qty * mark * rate;
  }
  return { equity, maintenance };
}

const cashOf = (positions: readonly HeldPosition[], equity: number) =>
  equity - positions.reduce((s, p) => s + (p.side === "LONG" ? 1 : -1) * (p.markPrice - p.entryPrice) * p.qty, 0);

describe("liquidation prices of a cross-margin account", () => {
  const book: HeldPosition[] = [
    { symbol: "BTCUSDT", side: "LONG", qty: 0.5, entryPrice: 40_000, markPrice: 41_000 },
    { symbol: "ETHUSDT", side: "SHORT", qty: 10, entryPrice: 2_000, markPrice: 2_100 },
  ];
  const equity = 5_000;
  const rate = 0.005;

  it("at each position's price, equity equals the maintenance margin (the others unchanged)", () => {
    const prices = liquidationPrices(book, equity, rate);
    const cash = cashOf(book, equity);
    for (const p of book) {
      const at = prices.get(p.symbol);
      expect(at, p.symbol).toBeTypeOf("number");
      const { equity: e, maintenance: m } = accountAt(book, cash, p.symbol, at as number, rate);
      expect(e - m, p.symbol).toBeCloseTo(0, 6);
      // A long is liquidated below its mark, a short above it.
      if (p.side === "LONG") expect(at).toBeLessThan(p.markPrice);
      else expect(at).toBeGreaterThan(p.markPrice);
    }
  });

  it("one long at 5× leverage: liquidated about 19.5 % below entry with 0.5 % maintenance", () => {
    const one: HeldPosition[] = [{ symbol: "BTCUSDT", side: "LONG", qty: 1, entryPrice: 100, markPrice: 100 }];
    const price = liquidationPrices(one, 20, rate).get("BTCUSDT") as number;
    expect(price).toBeCloseTo(80 / 0.995, 9);
    expect(maintenanceMargin(one, rate)).toBeCloseTo(0.5, 12);
  });

  it("a long the account can hold down to zero has no liquidation price", () => {
    const small: HeldPosition[] = [{ symbol: "BTCUSDT", side: "LONG", qty: 0.001, entryPrice: 100, markPrice: 100 }];
    expect(liquidationPrices(small, 10_000, rate).get("BTCUSDT")).toBeNull();
  });

  it("an account already under its maintenance margin: the price is at the wrong side of the mark", () => {
    const deep: HeldPosition[] = [{ symbol: "BTCUSDT", side: "SHORT", qty: 1, entryPrice: 100, markPrice: 150 }];
    const price = liquidationPrices(deep, 0.1, rate).get("BTCUSDT") as number;
    expect(price).toBeLessThan(150);
  });
});
