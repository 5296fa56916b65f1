import { describe, expect, it } from "vitest";
import type { Tick } from "../model/market";
import type { Fill } from "../model/trading";
import { FillsVsBook } from "./fills-vs-book";

const tick = (symbol: string, bid: number, ask: number, size = 2): Tick => ({
  symbol,
  ts: 1,
  bid,
  ask,
  last: bid,
  bidSize: size,
  askSize: size,
  volume: 0,
});
const fill = (symbol: string, side: Fill["side"], qty: number, price: number): Fill => ({
  id: `${symbol}-${side}-${price}`,
  orderId: "o",
  symbol,
  side,
  qty,
  price,
  fee: 0,
  liquidity: "TAKER",
  ts: 1,
  latencyMs: 0,
  slippage: 0,
});

describe("fills against the book at the same moment", () => {
  it("measures each fill from the touch, in basis points, worse positive", () => {
    const f = new FillsVsBook();
    // A buy at 100.05 with the ask at 100.10: 5 bp better than the book offered.
    expect(f.onFill(fill("BTCUSDT", "BUY", 1, 100.05), tick("BTCUSDT", 100, 100.1))?.deviationBps).toBeCloseTo(
      (-0.05 / 100.1) * 10_000,
      9,
    );
    // A sell at 99.9 with the bid at 100: 10 bp worse; 3 is beyond the top level's 2.
    const sell = f.onFill(fill("BTCUSDT", "SELL", 3, 99.9), tick("BTCUSDT", 100, 100.1));
    expect(sell?.deviationBps).toBeCloseTo(10, 9);
    expect(sell?.beyondTop).toBe(true);
    f.onFill(fill("ETHUSDT", "BUY", 1, 10.01), tick("ETHUSDT", 9.99, 10.01));
    const r = f.report();
    expect(r.total).toMatchObject({ key: "all", fills: 3, betterThanBookShare: 1 / 3, beyondTopShare: 1 / 3 });
    expect(r.total?.worstBps).toBeCloseTo(10, 9);
    expect(r.total?.meanBps).toBeCloseTo(((-0.05 / 100.1) * 10_000 + 10 + 0) / 3, 9);
    expect(r.bySymbol.map((x) => [x.key, x.fills])).toEqual([
      ["BTCUSDT", 2],
      ["ETHUSDT", 1],
    ]);
  });

  it("a fill without the book of its moment is not compared", () => {
    const f = new FillsVsBook();
    expect(f.onFill(fill("BTCUSDT", "BUY", 1, 100), undefined)).toBeNull();
    expect(f.onFill(fill("BTCUSDT", "BUY", 1, 100), tick("ETHUSDT", 1, 2))).toBeNull();
    expect(f.report()).toEqual({ total: null, bySymbol: [] });
  });
});
