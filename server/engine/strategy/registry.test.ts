import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import type { Candle } from "../model/market";
import { ImpulseEngine } from "./impulse-engine";
import { createStrategy, DEFAULT_STRATEGIES, STRATEGY_IDS, StrategyConfigError, warmUpStrategy } from "./registry";
import { choppyBars, Driver, makeBar } from "./test-harness";

describe("createStrategy", () => {
  it("knows the three strategies", () => {
    expect(STRATEGY_IDS).toEqual(["impulse_engine", "mean_reversion", "ema_cross"]);
    expect(DEFAULT_STRATEGIES).toEqual(["impulse_engine", "mean_reversion"]);
    for (const id of STRATEGY_IDS) {
      const s = createStrategy(id, "BTCUSDT");
      expect(s.id).toBe(id);
      expect(s.version).toBe(1);
      expect(typeof s.onBar).toBe("function");
    }
  });

  it("fills defaults and applies the given params", () => {
    const s = createStrategy("impulse_engine", "BTCUSDT", { lookback: 30 });
    expect(s).toBeInstanceOf(ImpulseEngine);
    expect((s as ImpulseEngine).params).toMatchObject({ lookback: 30, atrPeriod: 14, timeframe: "1m" });
  });

  it("rejects an unknown strategy, naming the allowed ones", () => {
    expect(() => createStrategy("grid_bot", "BTCUSDT")).toThrow(StrategyConfigError);
    expect(() => createStrategy("grid_bot", "BTCUSDT")).toThrow(
      'strategy: unknown strategy "grid_bot" (allowed: impulse_engine, mean_reversion, ema_cross)',
    );
  });

  it("rejects a bad param, naming the field and the rule", () => {
    expect(() => createStrategy("impulse_engine", "BTCUSDT", { lookback: 1 })).toThrow(
      "impulse_engine params: lookback must be at least 2",
    );
    expect(() => createStrategy("mean_reversion", "BTCUSDT", { bbPeriod: 2.5 })).toThrow(
      "mean_reversion params: bbPeriod must be a whole number",
    );
    expect(() => createStrategy("ema_cross", "BTCUSDT", { fastPeriod: 30, slowPeriod: 20 })).toThrow(
      "ema_cross params: fastPeriod must be below slowPeriod",
    );
    expect(() => createStrategy("ema_cross", "BTCUSDT", { timeframe: "2m" } as never)).toThrow(
      /timeframe must be one of: 1m, 5m, 15m, 1h/,
    );
  });

  it("rejects unknown param keys (a typo must not fall back to a default)", () => {
    expect(() => createStrategy("impulse_engine", "BTCUSDT", { lookbak: 30 } as never)).toThrow(/lookbak/);
  });

  it("gives every call its own instance and indicator state", () => {
    const a = createStrategy("impulse_engine", "BTCUSDT");
    const b = createStrategy("impulse_engine", "BTCUSDT");
    expect(a).not.toBe(b);
    const driverA = new Driver(a);
    driverA.feedAll(choppyBars(40));
    const breakout = makeBar(40, { open: 100.2, high: 103.1, low: 100.1, close: 103, volume: 5000 });
    expect(driverA.feed(breakout)?.intent).toBe("entry");
    // b saw no history: the same bar is still warm-up for it.
    expect(new Driver(b).feed(breakout)).toBeNull();
  });
});

describe("warmUpStrategy", () => {
  it("warms indicators from history without opening or managing anything", () => {
    const strategy = createStrategy("impulse_engine", "BTCUSDT");
    const history: Candle[] = [
      ...choppyBars(40),
      // A breakout inside the history: not traded, and not remembered as an open trade.
      makeBar(40, { open: 100.2, high: 103.1, low: 100.1, close: 103, volume: 5000 }),
      ...choppyBars(30, 101.5, 0.5, 41),
    ];
    warmUpStrategy(strategy, "BTCUSDT", history, new ManualClock(0));
    const driver = new Driver(strategy);
    // A restored long (not this strategy's) falling back is left alone...
    driver.position = { side: "LONG", qty: 1, entryPrice: 103 };
    expect(driver.feed(makeBar(71, { open: 101.5, high: 101.6, low: 99.9, close: 100 }))).toBeNull();
    // ...and the first live bar can already signal.
    driver.position = null;
    expect(driver.feed(makeBar(72, { open: 101.9, high: 105.1, low: 101.8, close: 105, volume: 9000 }))).toMatchObject({
      intent: "entry",
      side: "BUY",
    });
  });
});
