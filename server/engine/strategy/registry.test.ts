import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import type { Candle } from "../model/market";
import { ImpulseEngine } from "./impulse-engine";
import {
  createStrategy,
  DEFAULT_STRATEGIES,
  isStrategyEnabled,
  parseStrategySelection,
  STRATEGY_IDS,
  StrategyConfigError,
  strategiesFor,
  warmUpStrategy,
} from "./registry";
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

describe("parseStrategySelection", () => {
  const ids = (raw: Record<string, string | undefined>) => parseStrategySelection(raw).strategies.map((s) => s.id);

  it("enables impulse_engine and mean_reversion on all symbols by default", () => {
    const selection = parseStrategySelection({});
    expect(selection.strategies.map((s) => s.id)).toEqual(["impulse_engine", "mean_reversion"]);
    expect(selection.strategies.every((s) => s.symbols === null)).toBe(true);
    expect(ids({ STRATEGIES: "  " })).toEqual(["impulse_engine", "mean_reversion"]);
  });

  it("reads STRATEGIES: order kept, case and spaces ignored, duplicates dropped, none for nothing", () => {
    expect(ids({ STRATEGIES: "ema_cross" })).toEqual(["ema_cross"]);
    expect(ids({ STRATEGIES: " Mean_Reversion , impulse_engine,mean_reversion" })).toEqual([
      "mean_reversion",
      "impulse_engine",
    ]);
    expect(ids({ STRATEGIES: "none" })).toEqual([]);
  });

  it("rejects an unknown strategy in STRATEGIES, naming the variable and the allowed values", () => {
    expect(() => parseStrategySelection({ STRATEGIES: "impulse_engine,scalper" })).toThrow(
      'STRATEGIES: unknown strategy "scalper" (allowed: impulse_engine, mean_reversion, ema_cross, or none)',
    );
    expect(() => parseStrategySelection({ STRATEGIES: ",," })).toThrow(/STRATEGIES: lists no strategy/);
    expect(() => parseStrategySelection({ STRATEGIES: "none,ema_cross" })).toThrow(/STRATEGIES: "none"/);
  });

  it("enables a strategy per symbol with STRATEGY_SYMBOLS_<ID>", () => {
    const selection = parseStrategySelection({
      STRATEGIES: "impulse_engine,mean_reversion",
      STRATEGY_SYMBOLS_IMPULSE_ENGINE: "btcusdt, ETHUSDT",
    });
    expect(strategiesFor("BTCUSDT", selection).map((s) => s.id)).toEqual(["impulse_engine", "mean_reversion"]);
    expect(strategiesFor("ETHUSDT", selection).map((s) => s.id)).toEqual(["impulse_engine", "mean_reversion"]);
    expect(strategiesFor("SOLUSDT", selection).map((s) => s.id)).toEqual(["mean_reversion"]);
    expect(isStrategyEnabled(selection, "impulse_engine", "SOLUSDT")).toBe(false);
    expect(isStrategyEnabled(selection, "impulse_engine", "ETHUSDT")).toBe(true);
    expect(isStrategyEnabled(selection, "ema_cross", "BTCUSDT")).toBe(false);
    // "*" (or blank) means every symbol.
    const all = parseStrategySelection({ STRATEGY_SYMBOLS_MEAN_REVERSION: "*" });
    expect(strategiesFor("ANYUSDT", all)).toHaveLength(2);
  });

  it("returns new instances per call, each bound to its symbol", () => {
    const selection = parseStrategySelection({});
    const [a] = strategiesFor("BTCUSDT", selection);
    const [b] = strategiesFor("BTCUSDT", selection);
    expect(a).not.toBe(b);
    expect((a as ImpulseEngine).symbol).toBe("BTCUSDT");
    expect((strategiesFor("ETHUSDT", selection)[0] as ImpulseEngine).symbol).toBe("ETHUSDT");
  });

  it("rejects bad symbol lists, naming the variable", () => {
    expect(() => parseStrategySelection({ STRATEGY_SYMBOLS_IMPULSE_ENGINE: "BTC-USDT" })).toThrow(
      /^STRATEGY_SYMBOLS_IMPULSE_ENGINE: "BTC-USDT" is not a symbol/,
    );
    expect(() => parseStrategySelection({ STRATEGY_SYMBOLS_EMA_CROSS: " , " })).toThrow(
      /^STRATEGY_SYMBOLS_EMA_CROSS: lists no symbol/,
    );
    expect(() =>
      parseStrategySelection(
        { STRATEGY_SYMBOLS_MEAN_REVERSION: "BTCUSDT,XRPUSDT" },
        { symbols: ["BTCUSDT", "ETHUSDT"] },
      ),
    ).toThrow("STRATEGY_SYMBOLS_MEAN_REVERSION: XRPUSDT is not one of the scanned SYMBOLS (BTCUSDT,ETHUSDT)");
  });

  it("reads params as JSON with STRATEGY_PARAMS_<ID>", () => {
    const selection = parseStrategySelection({
      STRATEGIES: "impulse_engine,ema_cross",
      STRATEGY_PARAMS_IMPULSE_ENGINE: '{"lookback":30}',
      STRATEGY_PARAMS_EMA_CROSS: ' {"fastPeriod": 5, "slowPeriod": 13} ',
    });
    const [impulse, ema] = selection.strategies;
    expect(impulse?.params).toMatchObject({ lookback: 30, atrPeriod: 14, volumeSurgeMult: 2 });
    expect(ema?.params).toMatchObject({ fastPeriod: 5, slowPeriod: 13, timeframe: "1m" });
    expect((strategiesFor("BTCUSDT", selection)[0] as ImpulseEngine).params.lookback).toBe(30);
  });

  it("rejects bad JSON, a non-object, and a bad param, naming the variable", () => {
    expect(() => parseStrategySelection({ STRATEGY_PARAMS_IMPULSE_ENGINE: "{lookback:30}" })).toThrow(
      /^STRATEGY_PARAMS_IMPULSE_ENGINE: not valid JSON \(.*\); expected an object such as \{"lookback":30\}$/,
    );
    expect(() => parseStrategySelection({ STRATEGY_PARAMS_MEAN_REVERSION: "[1,2]" })).toThrow(
      "STRATEGY_PARAMS_MEAN_REVERSION: must be a JSON object",
    );
    expect(() => parseStrategySelection({ STRATEGY_PARAMS_IMPULSE_ENGINE: '{"lookback":"30"}' })).toThrow(
      "STRATEGY_PARAMS_IMPULSE_ENGINE: lookback must be a number",
    );
    expect(() => parseStrategySelection({ STRATEGY_PARAMS_MEAN_REVERSION: '{"rsiOversold":80}' })).toThrow(
      "STRATEGY_PARAMS_MEAN_REVERSION: rsiOversold must be at most 49",
    );
    // Checked even when the strategy is not enabled, so a broken value never lies in wait.
    expect(() =>
      parseStrategySelection({ STRATEGIES: "impulse_engine", STRATEGY_PARAMS_EMA_CROSS: '{"slowPeriod":0}' }),
    ).toThrow(/^STRATEGY_PARAMS_EMA_CROSS: slowPeriod must be at least 2/);
  });

  it("rejects STRATEGY_SYMBOLS_* / STRATEGY_PARAMS_* naming no strategy", () => {
    expect(() => parseStrategySelection({ STRATEGY_PARAMS_IMPULSE: "{}" })).toThrow(
      "STRATEGY_PARAMS_IMPULSE: names no strategy (allowed: STRATEGY_PARAMS_IMPULSE_ENGINE, STRATEGY_PARAMS_MEAN_REVERSION, STRATEGY_PARAMS_EMA_CROSS)",
    );
    expect(() => parseStrategySelection({ STRATEGY_SYMBOLS_MEANREV: "BTCUSDT" })).toThrow(
      /^STRATEGY_SYMBOLS_MEANREV: names no strategy/,
    );
    // Other variables of the environment are none of its business.
    expect(ids({ PATH: "/usr/bin", STRATEGY_X: "1" })).toEqual(["impulse_engine", "mean_reversion"]);
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
