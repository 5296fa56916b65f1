import { BollingerBands } from "trading-signals";
import { describe, expect, it } from "vitest";
import type { Candle } from "../model/market";
import { MeanReversion, meanReversionParams } from "./mean-reversion";
import { choppyBars, Driver, makeBar } from "./test-harness";

const defaults = meanReversionParams.parse({});
const newStrategy = (overrides: Partial<typeof defaults> = {}) =>
  new MeanReversion("BTCUSDT", { ...defaults, ...overrides });

/** Four falling bars after a ~100 ± 0.5 range: close well below the lower band, RSI deeply oversold. */
function dip(start: number): Candle[] {
  const closes = [99.4, 98.8, 98.1, 97.3];
  let open = 100;
  return closes.map((close, i) => {
    const bar = makeBar(start + i, { open, close, high: open + 0.05, low: close - 0.1 });
    open = close;
    return bar;
  });
}

function spike(start: number): Candle[] {
  const closes = [100.6, 101.2, 101.9, 102.7];
  let open = 100;
  return closes.map((close, i) => {
    const bar = makeBar(start + i, { open, close, high: close + 0.1, low: open - 0.05 });
    open = close;
    return bar;
  });
}

/** Feeds bars until the first signal; returns it with the index of the bar that produced it. */
function firstSignal(driver: Driver, bars: readonly Candle[]) {
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i];
    if (bar === undefined) continue;
    const s = driver.feed(bar);
    if (s !== null) return { signal: s, index: i, bar };
  }
  return undefined;
}

describe("mean_reversion", () => {
  it("buys an oversold dip below the lower band in a RANGE, then exits at the middle band", () => {
    const driver = new Driver(newStrategy());
    expect(driver.feedAll(choppyBars(40))).toEqual([]);
    const entry = firstSignal(driver, dip(40));
    expect(entry?.signal).toMatchObject({ side: "BUY", intent: "entry", strategyId: "mean_reversion" });
    expect(entry?.signal.reason).toMatch(/below the lower Bollinger band .* RSI\(14\)/);
    const signal = entry?.signal;
    const close = entry?.bar.close ?? Number.NaN;
    expect(signal?.score).toBeGreaterThanOrEqual(0.5);
    expect(signal?.score).toBeLessThanOrEqual(1);
    expect(signal?.confidence).toBeGreaterThan(0);
    expect(signal?.confidence).toBeLessThanOrEqual(1);
    expect(signal?.stopLoss).toBeLessThan(close);
    // The target is the middle band: above the entry, near the range's centre.
    expect(signal?.takeProfit).toBeGreaterThan(close);
    expect(signal?.takeProfit).toBeLessThan(100.5);
    expect(driver.position?.side).toBe("LONG");

    // Recovery: no exit while below the middle band, an exit on the first close at or above it.
    const base = 40 + (entry?.index ?? 0) + 1;
    const recovery = [97.6, 98.0, 98.5, 99.0, 99.5, 100.0, 100.3].map((c, i) =>
      makeBar(base + i, { open: c - 0.3, close: c }),
    );
    const reference = new BollingerBands(defaults.bbPeriod, defaults.bbStdDev);
    for (const bar of [...choppyBars(40), ...dip(40)].slice(0, base)) reference.add(bar.close);
    const firstAtMiddle = recovery.findIndex((bar) => bar.close >= (reference.add(bar.close)?.middle ?? Infinity));
    const signals = recovery.map((bar) => driver.feed(bar));
    const exitAt = signals.findIndex((s) => s !== null);
    expect(exitAt).toBeGreaterThan(0);
    expect(exitAt).toBe(firstAtMiddle);
    expect(signals[exitAt]).toMatchObject({ intent: "exit", side: "SELL" });
    expect(signals[exitAt]?.reason).toMatch(/reached the middle band/);
    expect(driver.position).toBeNull();
  });

  it("sells an overbought spike above the upper band, then exits at the middle band", () => {
    const driver = new Driver(newStrategy());
    driver.feedAll(choppyBars(40));
    const entry = firstSignal(driver, spike(40));
    expect(entry?.signal).toMatchObject({ side: "SELL", intent: "entry" });
    expect(entry?.signal.stopLoss).toBeGreaterThan(entry?.bar.close ?? Number.NaN);
    expect(entry?.signal.takeProfit).toBeLessThan(entry?.bar.close ?? Number.NaN);
    const base = 40 + (entry?.index ?? 0) + 1;
    const back = [102.2, 101.5, 100.8, 100.1, 99.7];
    const exit = back.map((c, i) => driver.feed(makeBar(base + i, { open: c + 0.3, close: c }))).find((s) => s);
    expect(exit).toMatchObject({ intent: "exit", side: "BUY" });
  });

  it("stays silent in a flat, choppy market", () => {
    expect(new Driver(newStrategy()).feedAll(choppyBars(500))).toEqual([]);
  });

  it.each(["TREND", "LOW_LIQ", "STALE_DATA"] as const)("does not fade moves in a %s regime", (regime) => {
    const driver = new Driver(newStrategy());
    driver.feedAll(choppyBars(40));
    driver.regime = regime;
    expect(driver.feedAll(dip(40))).toEqual([]);
  });

  it("trades an unclassified market, with less confidence than a confirmed RANGE", () => {
    const confidence = (regime: "RANGE" | null) => {
      const driver = new Driver(newStrategy());
      driver.feedAll(choppyBars(40));
      driver.regime = regime;
      return firstSignal(driver, dip(40))?.signal.confidence ?? Number.NaN;
    };
    expect(confidence(null)).toBeGreaterThan(0);
    expect(confidence("RANGE")).toBeGreaterThan(confidence(null));
  });

  it("needs RSI agreement: below the band with RSI above the oversold level is no entry", () => {
    const driver = new Driver(newStrategy({ rsiOversold: 2 }));
    driver.feedAll(choppyBars(40));
    expect(driver.feedAll(dip(40))).toEqual([]);
  });

  it("exits after maxHoldBars when no reversion comes", () => {
    const driver = new Driver(newStrategy({ maxHoldBars: 2 }));
    driver.feedAll(choppyBars(40));
    const entry = firstSignal(driver, dip(40));
    expect(entry?.signal.intent).toBe("entry");
    const base = 40 + (entry?.index ?? 0) + 1;
    expect(driver.feed(makeBar(base, { open: 97.3, close: 97.2 }))).toBeNull();
    expect(driver.feed(makeBar(base + 1, { open: 97.2, close: 97.1 }))).toMatchObject({
      intent: "exit",
      reason: "no reversion after 2 bars",
    });
  });

  it("does not enter while a position is open, nor manage one it did not open", () => {
    const driver = new Driver(newStrategy());
    driver.feedAll(choppyBars(40));
    driver.position = { side: "LONG", qty: 1, entryPrice: 95 };
    expect(driver.feedAll(dip(40))).toEqual([]);
    // Back above the middle band: the foreign long is not "exited at the middle band".
    expect(driver.feedAll([99, 100, 100.4].map((c, i) => makeBar(44 + i, { open: c - 0.5, close: c })))).toEqual([]);
  });

  it(`emits nothing before ${defaults.bbPeriod} bars (the Bollinger window) are in`, () => {
    // The dip's last bar is bar n + 3: the window is full from n = bbPeriod - 4 on.
    const first = defaults.bbPeriod - 4;
    for (let n = 0; n < first; n++) {
      const driver = new Driver(newStrategy());
      driver.feedAll(choppyBars(n));
      expect(driver.feedAll(dip(n)), `after ${n} bars`).toEqual([]);
    }
    const driver = new Driver(newStrategy());
    driver.feedAll(choppyBars(first));
    expect(driver.feedAll(dip(first))).toMatchObject([{ intent: "entry", side: "BUY" }]);
  });

  it("gives identical signals for identical bars", () => {
    const bars = [
      ...choppyBars(40),
      ...dip(40),
      ...[98, 99, 100, 100.4].map((c, i) => makeBar(44 + i, { open: c - 0.5, close: c })),
      ...choppyBars(40, 100, 0.5, 48),
      ...spike(88),
      ...[101.5, 100.5, 99.8].map((c, i) => makeBar(92 + i, { open: c + 0.5, close: c })),
    ];
    const a = new Driver(newStrategy()).feedAll(bars);
    const b = new Driver(newStrategy()).feedAll(bars);
    expect(a.map((s) => `${s.intent}:${s.side}`)).toEqual(["entry:BUY", "exit:SELL", "entry:SELL", "exit:BUY"]);
    expect(b).toEqual(a);
  });
});
