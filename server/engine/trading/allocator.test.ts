import { describe, expect, it } from "vitest";
import type { Candle } from "../model/market";
import { Allocator, capped } from "./allocator";

const bar = (symbol: string, i: number, close: number): Candle => ({
  symbol,
  timeframe: "1m",
  openTime: i * 60_000,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
  trades: 1,
});

/** Closes alternating ±step around 100: one-minute log returns of about ±2·step %. */
function feed(a: Allocator, symbol: string, step: number, bars = 61) {
  let changed = false;
  for (let i = 0; i < bars; i++) changed = a.onBar(bar(symbol, i, 100 * (1 + (i % 2 === 0 ? step : -step)))) || changed;
  return changed;
}

const stdev = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

describe("the allocation rule: inverse-volatility weights with caps", () => {
  it("equal shares until the volatility is known; then a calmer symbol takes more, by 1/σ", () => {
    const a = new Allocator(["A", "B"]);
    expect(a.current().map((w) => w.scale)).toEqual([1, 1]);
    expect(feed(a, "A", 0.001, 10)).toBe(false); // fewer than 20 returns: still unknown
    // Only A known: B counts as the average, so the shares stay equal.
    expect(feed(a, "A", 0.001)).toBe(false);
    expect(feed(a, "B", 0.0015)).toBe(true);
    const [wa, wb] = a.current();
    // Independently: σ of the returns each series makes, weights ∝ 1/σ.
    const series = (step: number) => {
      const closes = Array.from({ length: 61 }, (_, i) => 100 * (1 + (i % 2 === 0 ? step : -step)));
      return stdev(closes.slice(1).map((c, i) => Math.log(c / (closes[i] as number))));
    };
    const [sa, sb] = [series(0.001), series(0.0015)];
    expect(wa?.volatility).toBeCloseTo(sa, 12);
    expect(wa?.weight).toBeCloseTo(1 / sa / (1 / sa + 1 / sb), 12);
    expect((wa?.weight ?? 0) + (wb?.weight ?? 0)).toBeCloseTo(1, 12);
    expect(wa?.scale).toBeCloseTo(2 * (wa?.weight ?? 0), 12);
  });

  it("caps each share at 0.5 to 2 times the equal share, the rest shared by 1/σ", () => {
    const w = capped([100, 1, 1, 1], 0.5 / 4, 2 / 4);
    expect(w[0]).toBeCloseTo(0.5, 12);
    expect(w.slice(1).every((x) => Math.abs(x - 0.5 / 3) < 1e-12)).toBe(true);
    const low = capped([1, 1, 1, 0.001], 0.5 / 4, 2 / 4);
    expect(low[3]).toBeCloseTo(0.125, 12);
    expect(low.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("ALLOCATION_MODE=equal: every scale stays 1; symbols outside the rule scale 1", () => {
    const a = new Allocator(["A", "B"], "equal");
    expect(feed(a, "A", 0.001)).toBe(false);
    expect(a.scale("A")).toBe(1);
    expect(new Allocator(["A"]).scale("Z")).toBe(1);
  });
});
