import { describe, expect, it } from "vitest";
import type { Candle } from "../model/market";
import { ImpulseEngine, impulseEngineParams } from "./impulse-engine";
import type { StrategyContext } from "./strategy";
import { choppyBars, Driver, makeBar } from "./test-harness";

const defaults = impulseEngineParams.parse({});
const newEngine = (overrides: Partial<typeof defaults> = {}) =>
  new ImpulseEngine("BTCUSDT", { ...defaults, ...overrides });

/** A wide bullish bar closing well above a ~100 ± 0.5 range, on five times the usual volume. */
const breakoutUp = (index: number, volume = 5000): Candle =>
  makeBar(index, { open: 100.2, high: 103.1, low: 100.1, close: 103, volume });
const breakoutDown = (index: number, volume = 5000): Candle =>
  makeBar(index, { open: 99.8, high: 99.9, low: 96.9, close: 97, volume });

describe("impulse_engine entries", () => {
  it("goes long on a breakout above the channel with an ATR-sized impulse and a volume surge", () => {
    const driver = new Driver(newEngine());
    expect(driver.feedAll(choppyBars(40))).toEqual([]);
    const signal = driver.feed(breakoutUp(40));
    expect(signal).toMatchObject({
      symbol: "BTCUSDT",
      strategyId: "impulse_engine",
      side: "BUY",
      intent: "entry",
      ts: breakoutUp(40).openTime + 60_000,
    });
    expect(signal?.score).toBeGreaterThanOrEqual(0.5);
    expect(signal?.score).toBeLessThanOrEqual(1);
    expect(signal?.confidence).toBeGreaterThan(0);
    expect(signal?.confidence).toBeLessThanOrEqual(1);
    expect(signal?.stopLoss).toBeLessThan(103);
    expect(signal?.takeProfit).toBeGreaterThan(103);
    // Suggested stop and target are the configured ATR multiples: target twice as far as the stop.
    const stop = 103 - (signal?.stopLoss ?? 0);
    const target = (signal?.takeProfit ?? 0) - 103;
    expect(target / stop).toBeCloseTo(defaults.takeProfitAtrMult / defaults.stopAtrMult, 9);
    expect(signal?.reason).toMatch(/broke the 20-bar high/);
  });

  it("goes short on a breakdown below the channel", () => {
    const driver = new Driver(newEngine());
    driver.feedAll(choppyBars(40));
    const signal = driver.feed(breakoutDown(40));
    expect(signal).toMatchObject({ side: "SELL", intent: "entry" });
    expect(signal?.stopLoss).toBeGreaterThan(97);
    expect(signal?.takeProfit).toBeLessThan(97);
  });

  it("stays silent in a flat, choppy market", () => {
    const driver = new Driver(newEngine());
    expect(driver.feedAll(choppyBars(500))).toEqual([]);
  });

  it("needs the volume surge", () => {
    const driver = new Driver(newEngine());
    driver.feedAll(choppyBars(40));
    expect(driver.feed(breakoutUp(40, 1500))).toBeNull();
  });

  it("with volumeSurgeMult 0, trades the same breakout without a surge", () => {
    const driver = new Driver(newEngine({ volumeSurgeMult: 0 }));
    driver.feedAll(choppyBars(40));
    expect(driver.feed(breakoutUp(40, 1000))).toMatchObject({ side: "BUY", intent: "entry" });
  });

  it("needs an impulse: a close just over the high on a small bar is not a breakout", () => {
    const driver = new Driver(newEngine());
    const bars = choppyBars(40);
    driver.feedAll(bars);
    const top = Math.max(...bars.slice(-20).map((b) => b.high));
    const small = makeBar(40, { open: top - 0.1, high: top + 0.15, low: top - 0.15, close: top + 0.1, volume: 5000 });
    expect(driver.feed(small)).toBeNull();
  });

  it.each(["LOW_LIQ", "STALE_DATA"] as const)("emits nothing in a %s regime", (regime) => {
    const driver = new Driver(newEngine());
    driver.feedAll(choppyBars(40));
    driver.regime = regime;
    expect(driver.feed(breakoutUp(40))).toBeNull();
    expect(driver.feed(makeBar(41, { open: 103, high: 106, low: 103, close: 106, volume: 9000 }))).toBeNull();
  });

  it("trusts a TREND regime more than RANGE, and RANGE more than an unclassified market", () => {
    const confidence = (regime: "TREND" | "RANGE" | null) => {
      const driver = new Driver(newEngine());
      driver.feedAll(choppyBars(40));
      driver.regime = regime;
      return driver.feed(breakoutUp(40))?.confidence ?? Number.NaN;
    };
    const trend = confidence("TREND");
    const range = confidence("RANGE");
    const unknown = confidence(null);
    expect(trend).toBeGreaterThan(range);
    expect(range).toBeGreaterThan(unknown);
  });

  it("scores a stronger breakout higher", () => {
    const score = (bar: Candle) => {
      const driver = new Driver(newEngine());
      driver.feedAll(choppyBars(40));
      return driver.feed(bar)?.score ?? Number.NaN;
    };
    const modest = score(makeBar(40, { open: 100.3, high: 101.9, low: 100.2, close: 101.8, volume: 2600 }));
    const strong = score(breakoutUp(40, 9000));
    expect(modest).toBeGreaterThanOrEqual(0.5);
    expect(strong).toBeGreaterThan(modest);
    expect(strong).toBeLessThanOrEqual(1);
  });

  it("does not enter while any position is open on the symbol", () => {
    const driver = new Driver(newEngine());
    driver.feedAll(choppyBars(40));
    driver.position = { side: "SHORT", qty: 1, entryPrice: 100 };
    expect(driver.feed(breakoutUp(40))).toBeNull();
  });
});

describe("impulse_engine warm-up", () => {
  const warmUp = Math.max(defaults.lookback, defaults.atrPeriod, defaults.volumePeriod);

  it(`emits nothing before ${warmUp} bars of history, even on a textbook breakout`, () => {
    for (let n = 0; n < warmUp; n++) {
      const driver = new Driver(newEngine());
      driver.feedAll(choppyBars(n));
      expect(driver.feed(breakoutUp(n, 50_000)), `after ${n} bars`).toBeNull();
    }
  });

  it(`signals on the first bar after ${warmUp} bars of history`, () => {
    const driver = new Driver(newEngine());
    driver.feedAll(choppyBars(warmUp));
    expect(driver.feed(breakoutUp(warmUp))).toMatchObject({ intent: "entry", side: "BUY" });
  });
});

describe("impulse_engine exits", () => {
  function enteredLong(overrides: Partial<typeof defaults> = {}): Driver {
    const driver = new Driver(newEngine(overrides));
    driver.feedAll(choppyBars(40));
    expect(driver.feed(breakoutUp(40))).toMatchObject({ intent: "entry", side: "BUY" });
    expect(driver.position?.side).toBe("LONG");
    return driver;
  }

  it("holds while momentum lasts, exits when the close falls back inside the channel it broke", () => {
    const driver = enteredLong();
    expect(driver.feed(makeBar(41, { open: 103, high: 104.2, low: 102.9, close: 104 }))).toBeNull();
    expect(driver.feed(makeBar(42, { open: 104, high: 104.5, low: 103.5, close: 104.3 }))).toBeNull();
    const exit = driver.feed(makeBar(43, { open: 104.3, high: 104.3, low: 100.2, close: 100.5 }));
    expect(exit).toMatchObject({ intent: "exit", side: "SELL", strategyId: "impulse_engine" });
    expect(exit?.reason).toMatch(/back inside the channel/);
    expect(driver.position).toBeNull();
  });

  it("exits on the trailing ATR stop after a run-up retraces", () => {
    const driver = enteredLong();
    let close = 103;
    for (let i = 41; i < 46; i++) {
      close += 1;
      expect(driver.feed(makeBar(i, { open: close - 1, high: close + 0.1, low: close - 1.1, close }))).toBeNull();
    }
    // Best close 108; a drop to 104 is far more than 2 ATRs but still above the breakout level.
    const exit = driver.feed(makeBar(46, { open: 108, high: 108, low: 103.9, close: 104 }));
    expect(exit).toMatchObject({ intent: "exit", side: "SELL" });
    expect(exit?.reason).toMatch(/retreated/);
  });

  it("exits after maxHoldBars", () => {
    const driver = enteredLong({ maxHoldBars: 3, trailAtrMult: 0 });
    expect(driver.feed(makeBar(41, { open: 103, high: 103.6, low: 102.9, close: 103.5 }))).toBeNull();
    expect(driver.feed(makeBar(42, { open: 103.5, high: 103.6, low: 103.2, close: 103.4 }))).toBeNull();
    expect(driver.feed(makeBar(43, { open: 103.4, high: 103.6, low: 103.2, close: 103.5 }))).toMatchObject({
      intent: "exit",
      reason: "momentum spent: held 3 bars",
    });
  });

  it("repeats the exit on every bar until the position is gone", () => {
    const strategy = newEngine();
    const driver = new Driver(strategy);
    driver.feedAll(choppyBars(40));
    driver.feed(breakoutUp(40));
    const held = { side: "LONG" as const, qty: 1, entryPrice: 103 };
    const ctx = (): StrategyContext => ({
      symbol: "BTCUSDT",
      clock: driver.clock,
      regime: "RANGE",
      metrics: undefined,
      position: held,
    });
    expect(strategy.onBar(makeBar(41, { open: 103, high: 103, low: 100, close: 100.5 }), ctx())?.intent).toBe("exit");
    // The exit did not go through (the position is still there): the wish stands, even on a recovery bar.
    expect(strategy.onBar(makeBar(42, { open: 100.5, high: 104, low: 100.5, close: 104 }), ctx())?.intent).toBe("exit");
  });

  it("manages only the position it opened: an entry the pipeline skipped is forgotten", () => {
    const strategy = newEngine();
    const driver = new Driver(strategy);
    driver.feedAll(choppyBars(40));
    driver.feed(breakoutUp(40));
    driver.position = null; // the pipeline declined the entry
    driver.feed(makeBar(41, { open: 103, high: 103.2, low: 102.8, close: 103 }));
    driver.position = { side: "LONG", qty: 1, entryPrice: 100 }; // another strategy's long
    expect(driver.feed(makeBar(42, { open: 103, high: 103, low: 99.5, close: 99.6 }))).toBeNull();
  });
});

describe("impulse_engine input hygiene and determinism", () => {
  it("ignores bars of other timeframes, other symbols, and repeated or older bars", () => {
    const driver = new Driver(newEngine());
    driver.feedAll(choppyBars(40));
    expect(
      driver.feed(makeBar(40, { open: 100.2, high: 103.1, low: 100.1, close: 103, volume: 5000 }, "ETHUSDT")),
    ).toBe(null);
    expect(
      driver.feed(makeBar(8, { open: 100.2, high: 103.1, low: 100.1, close: 103, volume: 5000 }, "BTCUSDT", "5m")),
    ).toBeNull();
    expect(driver.feed(makeBar(39, { open: 100.2, high: 103.1, low: 100.1, close: 103, volume: 5000 }))).toBeNull();
    // None of those advanced the indicators: the real breakout still fires.
    expect(driver.feed(breakoutUp(40))).toMatchObject({ intent: "entry" });
  });

  it("gives identical signals for identical bars", () => {
    const bars = [
      ...choppyBars(60),
      breakoutUp(60),
      makeBar(61, { open: 103, high: 103, low: 100, close: 100.3 }),
      ...choppyBars(60, 100, 0.5, 62),
      breakoutDown(122),
      makeBar(123, { open: 97, high: 100.5, low: 97, close: 100.2 }),
    ];
    const a = new Driver(newEngine()).feedAll(bars);
    const b = new Driver(newEngine()).feedAll(bars);
    expect(a.map((s) => `${s.intent}:${s.side}`)).toEqual(["entry:BUY", "exit:SELL", "entry:SELL", "exit:BUY"]);
    expect(b).toEqual(a);
  });
});
