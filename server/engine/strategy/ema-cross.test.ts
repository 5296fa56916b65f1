import { EMA } from "trading-signals";
import { describe, expect, it } from "vitest";
import type { Candle } from "../model/market";
import { EmaCross, emaCrossParams } from "./ema-cross";
import type { StrategyContext } from "./strategy";
import { Driver, makeBar } from "./test-harness";

const defaults = emaCrossParams.parse({});
const newStrategy = (overrides: Partial<typeof defaults> = {}) =>
  new EmaCross("BTCUSDT", emaCrossParams.parse({ ...defaults, ...overrides }));

/** Bars from closes, each opening at the previous close. */
function barsFrom(closes: readonly number[], start = 0): Candle[] {
  let open = closes[0] ?? 100;
  return closes.map((close, i) => {
    const bar = makeBar(start + i, {
      open,
      close,
      high: Math.max(open, close) + 0.2,
      low: Math.min(open, close) - 0.2,
    });
    open = close;
    return bar;
  });
}

const ramp = (from: number, step: number, n: number) => Array.from({ length: n }, (_, i) => from + step * i);

/** The index of the first close where EMA(fast) - EMA(slow) changes sign after both are warm. */
function expectedCrosses(closes: readonly number[], fast: number, slow: number): number[] {
  const f = new EMA(fast);
  const s = new EMA(slow);
  const out: number[] = [];
  let last = 0;
  closes.forEach((c, i) => {
    const d = f.update(c, false) - s.update(c, false);
    if (i + 1 < slow) return;
    const dir = d > 0 ? 1 : d < 0 ? -1 : 0;
    if (dir !== 0 && last !== 0 && dir !== last) out.push(i);
    if (dir !== 0) last = dir;
  });
  return out;
}

describe("ema_cross", () => {
  const down = ramp(100, -0.2, 40);
  const up = ramp(92.4, 0.3, 30);
  const closes = [...down, ...up];

  it("goes long on the golden cross, at the bar where the EMAs cross", () => {
    const driver = new Driver(newStrategy());
    const bars = barsFrom(closes);
    const crosses = expectedCrosses(closes, defaults.fastPeriod, defaults.slowPeriod);
    expect(crosses).toHaveLength(1);
    const signals = bars.map((b) => driver.feed(b));
    const at = signals.findIndex((s) => s !== null);
    expect(at).toBe(crosses[0]);
    const signal = signals[at];
    expect(signal).toMatchObject({ side: "BUY", intent: "entry", strategyId: "ema_cross" });
    expect(signal?.reason).toMatch(/EMA\(9\) .* above EMA\(21\) .* golden cross/);
    expect(signal?.score).toBeGreaterThanOrEqual(0.5);
    expect(signal?.score).toBeLessThanOrEqual(1);
    expect(signal?.confidence).toBeGreaterThan(0);
    expect(signal?.confidence).toBeLessThanOrEqual(1);
    // A stop two ATRs below by default, no take-profit: the opposite cross is the exit.
    expect(signal?.stopLoss).toBeLessThan(bars[at]?.close ?? 0);
    expect(signal?.takeProfit).toBeUndefined();
    expect(signals.filter((s) => s !== null)).toHaveLength(1);
  });

  it("on the death cross, exits its long on the cross bar and goes short on the next bar", () => {
    const path = [...closes, ...ramp(101, -0.35, 30)];
    const driver = new Driver(newStrategy());
    const signals = barsFrom(path).map((b) => driver.feed(b));
    const crosses = expectedCrosses(path, defaults.fastPeriod, defaults.slowPeriod);
    expect(crosses).toHaveLength(2);
    const death = crosses[1] ?? -1;
    expect(signals[death]).toMatchObject({ intent: "exit", side: "SELL", reason: "EMA(9) crossed below EMA(21)" });
    expect(signals[death + 1]).toMatchObject({ intent: "entry", side: "SELL" });
    expect(signals[death + 1]?.stopLoss).toBeGreaterThan(path[death + 1] ?? Infinity);
    expect(signals.filter((s) => s !== null).map((s) => `${s?.intent}:${s?.side}`)).toEqual([
      "entry:BUY",
      "exit:SELL",
      "entry:SELL",
    ]);
    expect(driver.position?.side).toBe("SHORT");
  });

  it("goes short on a death cross when flat", () => {
    const path = [...ramp(90, 0.2, 40), ...ramp(97.6, -0.3, 30)];
    const driver = new Driver(newStrategy());
    const signals = driver.feedAll(barsFrom(path));
    expect(signals.map((s) => `${s.intent}:${s.side}`)).toEqual(["entry:SELL"]);
  });

  it("repeats the exit until the position is gone, then enters if the EMAs still agree", () => {
    const path = [...closes, ...ramp(101, -0.35, 30)];
    const strategy = newStrategy();
    const driver = new Driver(strategy);
    const bars = barsFrom(path);
    const death = expectedCrosses(path, defaults.fastPeriod, defaults.slowPeriod)[1] ?? -1;
    driver.feedAll(bars.slice(0, death));
    const long = { side: "LONG" as const, qty: 1, entryPrice: 95 };
    const ctx = (position: StrategyContext["position"]): StrategyContext => ({
      symbol: "BTCUSDT",
      clock: driver.clock,
      regime: "RANGE",
      metrics: undefined,
      position,
    });
    const at = (i: number) => bars[i] as Candle;
    expect(strategy.onBar(at(death), ctx(long))?.intent).toBe("exit");
    expect(strategy.onBar(at(death + 1), ctx(long))?.intent).toBe("exit");
    expect(strategy.onBar(at(death + 2), ctx(null))).toMatchObject({ intent: "entry", side: "SELL" });
  });

  it("emits nothing during warm-up: a cross before slowPeriod bars is not traded", () => {
    // Fast above slow from the start, then a dip and recovery inside the first 21 bars.
    const early = [...ramp(100, 0.5, 8), ...ramp(103.5, -1, 6), ...ramp(97.5, 1, 6)];
    const driver = new Driver(newStrategy());
    expect(driver.feedAll(barsFrom(early))).toEqual([]);
    expect(early.length).toBeLessThan(defaults.slowPeriod);
    // The first warm bar only records which side the EMAs are on; it is not a cross.
    expect(driver.feed(barsFrom([103], early.length)[0] as Candle)).toBeNull();
  });

  it("opens nothing in LOW_LIQ or STALE_DATA", () => {
    for (const regime of ["LOW_LIQ", "STALE_DATA"] as const) {
      const driver = new Driver(newStrategy());
      driver.regime = regime;
      expect(driver.feedAll(barsFrom(closes))).toEqual([]);
    }
  });

  it("trusts a cross more in TREND than in RANGE", () => {
    const confidence = (regime: "TREND" | "RANGE") => {
      const driver = new Driver(newStrategy());
      driver.regime = regime;
      return driver.feedAll(barsFrom(closes))[0]?.confidence ?? Number.NaN;
    };
    expect(confidence("TREND")).toBeGreaterThan(confidence("RANGE"));
  });

  it("does not enter over a position it did not open, nor exit it", () => {
    const driver = new Driver(newStrategy());
    driver.position = { side: "SHORT", qty: 1, entryPrice: 100 };
    expect(driver.feedAll(barsFrom([...closes, ...ramp(101, -0.35, 30)]))).toEqual([]);
  });

  it("suggests a take-profit only when configured, and no stop with stopAtrMult 0", () => {
    const driver = new Driver(newStrategy({ stopAtrMult: 0, takeProfitAtrMult: 3 }));
    const signal = driver.feedAll(barsFrom(closes))[0];
    expect(signal?.stopLoss).toBeUndefined();
    expect(signal?.takeProfit).toBeGreaterThan(driver.position?.entryPrice ?? Infinity);
  });

  it("rejects fastPeriod >= slowPeriod", () => {
    expect(() => emaCrossParams.parse({ fastPeriod: 21, slowPeriod: 21 })).toThrow(/slowPeriod/);
  });

  it("gives identical signals for identical bars", () => {
    const path = [...closes, ...ramp(101, -0.35, 30), ...ramp(90.9, 0.4, 30)];
    const a = new Driver(newStrategy()).feedAll(barsFrom(path));
    const b = new Driver(newStrategy()).feedAll(barsFrom(path));
    expect(a.length).toBe(5);
    expect(b).toEqual(a);
  });
});
