import { describe, expect, it } from "vitest";
import type { Tick } from "../model/market";
import { classifyRegime, SEED_THRESHOLDS } from "./regime";
import { SymbolMetricsTracker } from "./symbol-metrics";

const T0 = Date.UTC(2026, 0, 1);

function tick(ts: number, last: number, volume = 100, spread = 0.01): Tick {
  return {
    symbol: "BTCUSDT",
    ts,
    bid: last - spread / 2,
    ask: last + spread / 2,
    last,
    bidSize: 1,
    askSize: 1,
    volume,
  };
}

function feed(
  tracker: SymbolMetricsTracker,
  from: number,
  seconds: number,
  price: (s: number) => number,
  volume = 100,
) {
  for (let s = 0; s <= seconds; s++) tracker.onTick(tick(from + s * 1000, price(s), volume));
}

describe("SymbolMetricsTracker", () => {
  it("measures the 1-minute change against the price a minute ago, and the 1-minute volume", () => {
    const tr = new SymbolMetricsTracker();
    feed(tr, T0, 120, (s) => 100 + s * 0.01); // +0.01 per second
    const m = tr.get("BTCUSDT", T0 + 120_000);
    expect(m?.lastPrice).toBeCloseTo(101.2, 9);
    expect(m?.priceChange1mPct).toBeCloseTo(((101.2 - 100.6) / 100.6) * 100, 6);
    expect(m?.volume1m).toBe(60 * 100);
    expect(m?.coverageSec).toBe(60);
    expect(m?.lastTickAgeSec).toBe(0);
  });

  it("folds ticks of one second into one bucket and keeps state bounded", () => {
    const tr = new SymbolMetricsTracker();
    for (let i = 0; i < 10_000; i++) tr.onTick(tick(T0 + i * 50, 100, 1)); // 20 ticks/s for 500 s
    const m = tr.get("BTCUSDT", T0 + 9_999 * 50);
    expect(m?.volume1m).toBe(60 * 20);
    expect(m?.priceChange1mPct).toBe(0);
  });

  it("reports 0 change until a minute of history exists, with partial coverage", () => {
    const tr = new SymbolMetricsTracker();
    feed(tr, T0, 10, (s) => 100 + s);
    const m = tr.get("BTCUSDT", T0 + 10_000);
    expect(m?.priceChange1mPct).toBe(0);
    expect(m?.coverageSec).toBe(10);
  });

  it("ages the last tick by the clock, and lets volume fall out of the window when ticks stop", () => {
    const tr = new SymbolMetricsTracker();
    feed(tr, T0, 60, () => 100);
    const m = tr.get("BTCUSDT", T0 + 60_000 + 45_000);
    expect(m?.lastTickAgeSec).toBe(45);
    expect(m?.volume1m).toBe(15 * 100);
  });

  it("measures the spread in percent of mid, and ignores ticks older than the last", () => {
    const tr = new SymbolMetricsTracker();
    tr.onTick(tick(T0, 1000, 1, 2));
    tr.onTick(tick(T0 - 5000, 5, 1, 4));
    expect(tr.get("BTCUSDT", T0)?.spreadPct).toBeCloseTo(0.2, 9);
    expect(tr.get("ETHUSDT", T0)).toBeUndefined();
  });
});

describe("classifyRegime (seed rules)", () => {
  const base = {
    symbol: "X",
    lastPrice: 100,
    priceChange1mPct: 0.1,
    spreadPct: 0.02,
    volume1m: 50_000,
    lastTickAgeSec: 1,
    coverageSec: 60,
  };
  it.each([
    ["STALE_DATA", { lastTickAgeSec: 31, priceChange1mPct: 5 }],
    ["TREND", { priceChange1mPct: -1.5, spreadPct: 0.5 }],
    ["LOW_LIQ", { spreadPct: 0.15 }],
    ["LOW_LIQ", { volume1m: 10 }],
    ["RANGE", { volume1m: 10, coverageSec: 20 }],
    ["RANGE", {}],
  ] as const)("%s for %o", (regime, over) => {
    expect(classifyRegime({ ...base, ...over }, SEED_THRESHOLDS)).toBe(regime);
  });
});
