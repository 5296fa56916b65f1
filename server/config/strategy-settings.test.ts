import { describe, expect, it } from "vitest";
import type { ImpulseEngine } from "../engine/strategy/impulse-engine";
import { isStrategyEnabled, strategiesFor } from "../engine/strategy/registry";
import { parseStrategySelection } from "./strategy-settings";

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
