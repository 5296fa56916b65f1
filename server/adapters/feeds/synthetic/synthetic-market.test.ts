import { describe, expect, it } from "vitest";
import type { Tick } from "../../../engine/model/market";
import { DEFAULT_SYMBOLS, profileFor } from "./symbol-profiles";
import { SyntheticMarket } from "./synthetic-market";

const T0 = Date.UTC(2025, 0, 1);

function run(market: SyntheticMarket, steps: number, stepMs: number): Tick[] {
  const out: Tick[] = [];
  for (let i = 0; i < steps; i++) for (const t of market.step(T0 + i * stepMs)) out.push(t);
  return out;
}

function bySymbol(ticks: readonly Tick[]): Map<string, Tick[]> {
  const map = new Map<string, Tick[]>();
  for (const t of ticks) {
    const list = map.get(t.symbol);
    if (list === undefined) map.set(t.symbol, [t]);
    else list.push(t);
  }
  return map;
}

const mid = (t: Tick) => (t.bid + t.ask) / 2;

function absReturns(ticks: readonly Tick[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < ticks.length; i++) {
    const a = ticks[i - 1];
    const b = ticks[i];
    if (a !== undefined && b !== undefined) out.push(Math.abs(Math.log(mid(b) / mid(a))));
  }
  return out;
}

function correlation(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] ?? 0;
    my += y[i] ?? 0;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const autocorrelation = (x: readonly number[], lag: number) => correlation(x.slice(0, -lag), x.slice(lag));

/** Decimal places in the shortest representation of a number. */
function decimals(x: number): number {
  const s = String(x);
  if (s.includes("e")) return 99;
  return s.includes(".") ? (s.split(".")[1]?.length ?? 0) : 0;
}

describe("SyntheticMarket determinism", () => {
  it("produces identical ticks for the same seed", () => {
    const a = run(new SyntheticMarket({ seed: 42 }), 3000, 250);
    const b = run(new SyntheticMarket({ seed: 42 }), 3000, 250);
    expect(a.length).toBeGreaterThan(29_000);
    expect(b).toEqual(a);
  });

  it("produces different ticks for a different seed", () => {
    const a = run(new SyntheticMarket({ seed: 42 }), 200, 250);
    const b = run(new SyntheticMarket({ seed: 43 }), 200, 250);
    const btcA = a.filter((t) => t.symbol === "BTCUSDT").map(mid);
    const btcB = b.filter((t) => t.symbol === "BTCUSDT").map(mid);
    expect(btcA).not.toEqual(btcB);
  });

  it("gives a symbol the same path whatever other symbols are simulated", () => {
    const alone = run(new SyntheticMarket({ seed: 5, symbols: ["ETHUSDT"] }), 2000, 250);
    const withOthers = run(new SyntheticMarket({ seed: 5, symbols: ["BTCUSDT", "ETHUSDT", "FOOUSDT"] }), 2000, 250);
    expect(withOthers.filter((t) => t.symbol === "ETHUSDT")).toEqual(alone);
  });

  it("nextTick advances one symbol only", () => {
    const m = new SyntheticMarket({ seed: 9 });
    const ref = new SyntheticMarket({ seed: 9 });
    for (let i = 0; i < 50; i++) m.nextTick("SOLUSDT", T0 + i * 250);
    const solOnly = run(new SyntheticMarket({ seed: 9, symbols: ["SOLUSDT"] }), 50, 250);
    expect(m.nextTick("BTCUSDT", T0)).toEqual(ref.nextTick("BTCUSDT", T0));
    expect(solOnly.length).toBeGreaterThan(40);
    expect(() => m.nextTick("NOPEUSDT", T0)).toThrow(/unknown synthetic symbol/);
  });
});

describe("SyntheticMarket realism over a simulated day", () => {
  const market = new SyntheticMarket({ seed: 2024 });
  const ticks = run(market, 86_400, 1000);
  const perSymbol = bySymbol(ticks);

  it("starts each default symbol at its reference price", () => {
    expect(DEFAULT_SYMBOLS).toEqual([
      "BTCUSDT",
      "ETHUSDT",
      "SOLUSDT",
      "BNBUSDT",
      "XRPUSDT",
      "ADAUSDT",
      "DOGEUSDT",
      "AVAXUSDT",
      "LINKUSDT",
      "TRXUSDT",
    ]);
    const expected = [90_000, 3000, 140, 900, 2.2, 0.45, 0.16, 14, 13, 0.28];
    DEFAULT_SYMBOLS.forEach((s, i) => {
      const first = perSymbol.get(s)?.[0];
      expect(first, s).toBeDefined();
      if (first !== undefined) expect(mid(first) / (expected[i] ?? 0), s).toBeCloseTo(1, 2);
    });
  });

  it("keeps prices positive and within a sane band of the reference", () => {
    for (const [symbol, list] of perSymbol) {
      const ref = profileFor(symbol).referencePrice;
      const lowest = list.reduce((m, t) => Math.min(m, t.bid), Number.POSITIVE_INFINITY);
      const highest = list.reduce((m, t) => Math.max(m, t.ask), 0);
      expect(lowest, symbol).toBeGreaterThan(0);
      expect(lowest / ref, symbol).toBeGreaterThan(0.6);
      expect(highest / ref, symbol).toBeLessThan(1.6);
    }
  });

  it("always quotes bid < ask with the last trade at one of them, on the tick size, with positive sizes", () => {
    for (const [symbol, list] of perSymbol) {
      const { tickDecimals } = profileFor(symbol);
      const tickSize = market.tickSize(symbol);
      for (const t of list) {
        if (!(t.bid < t.ask) || (t.last !== t.bid && t.last !== t.ask))
          throw new Error(`bad quote ${JSON.stringify(t)}`);
        for (const p of [t.bid, t.ask]) {
          const units = p / tickSize;
          if (Math.abs(units - Math.round(units)) > 1e-6 || decimals(p) > tickDecimals) {
            throw new Error(`${symbol} price ${p} is not on tick size ${tickSize}`);
          }
        }
        if (!(t.volume > 0 && t.bidSize > 0 && t.askSize > 0)) throw new Error(`bad size ${JSON.stringify(t)}`);
      }
    }
  });

  it("spreads vary by symbol and widen with volatility", () => {
    const avgSpreadBps = DEFAULT_SYMBOLS.map((s) => {
      const list = perSymbol.get(s) ?? [];
      return list.reduce((acc, t) => acc + ((t.ask - t.bid) / mid(t)) * 1e4, 0) / list.length;
    });
    expect(new Set(avgSpreadBps.map((x) => x.toFixed(2))).size).toBeGreaterThan(5);
    const btc = perSymbol.get("BTCUSDT") ?? [];
    const spreads = btc.slice(1).map((t) => t.ask - t.bid);
    expect(correlation(spreads, absReturns(btc))).toBeGreaterThan(0.1);
  });

  it("volumes cluster with volatility", () => {
    const eth = perSymbol.get("ETHUSDT") ?? [];
    expect(
      correlation(
        eth.slice(1).map((t) => t.volume),
        absReturns(eth),
      ),
    ).toBeGreaterThan(0.1);
    const total = eth.reduce((acc, t) => acc + t.volume, 0);
    expect(total).toBeGreaterThan(profileFor("ETHUSDT").dailyQuoteVolume * 0.5);
    expect(total).toBeLessThan(profileFor("ETHUSDT").dailyQuoteVolume * 2);
  });

  it("has rare quiet spells of a few seconds and no other gaps", () => {
    let spells = 0;
    for (const list of perSymbol.values()) {
      for (let i = 1; i < list.length; i++) {
        const gap = (list[i]?.ts ?? 0) - (list[i - 1]?.ts ?? 0);
        if (gap === 1000) continue;
        spells++;
        expect(gap).toBeGreaterThanOrEqual(2000);
        expect(gap).toBeLessThanOrEqual(9000);
      }
    }
    expect(spells).toBeGreaterThan(100);
    expect(spells).toBeLessThan(1000);
  });

  it("has occasional price gaps far larger than ordinary moves", () => {
    let jumps = 0;
    for (const list of perSymbol.values()) {
      const r = absReturns(list);
      const rms = Math.sqrt(r.reduce((acc, x) => acc + x * x, 0) / r.length);
      jumps += r.filter((x) => x > 12 * rms).length;
    }
    expect(jumps).toBeGreaterThan(5);
    expect(jumps).toBeLessThan(500);
  });

  it("works for 100 symbols, unknown names included, with hash-derived but stable prices", () => {
    const symbols = Array.from({ length: 100 }, (_, i) => (i < 10 ? (DEFAULT_SYMBOLS[i] ?? "") : `COIN${i}USDT`));
    const m = new SyntheticMarket({ seed: 1, symbols });
    const out = run(m, 600, 1000);
    expect(new Set(out.map((t) => t.symbol)).size).toBe(100);
    expect(out.every((t) => t.bid > 0 && t.bid < t.ask)).toBe(true);
    expect(profileFor("COIN42USDT")).toEqual(profileFor("COIN42USDT"));
    const refs = new Set(symbols.map((s) => profileFor(s).referencePrice));
    expect(refs.size).toBeGreaterThan(90);
  });
});

describe("SyntheticMarket dynamics", () => {
  it("clusters volatility: absolute returns are autocorrelated", () => {
    const m = new SyntheticMarket({ seed: 77, symbols: ["BTCUSDT"] });
    const r = absReturns(run(m, 100_000, 250));
    expect(autocorrelation(r, 1)).toBeGreaterThan(0.05);
    expect(autocorrelation(r, 20)).toBeGreaterThan(0.05);
  });

  it("goes through trend-up, trend-down and range phases that move the price as labelled", () => {
    const m = new SyntheticMarket({ seed: 3 });
    const time: Record<string, number> = { trend_up: 0, trend_down: 0, range: 0 };
    const drift: Record<string, number> = { trend_up: 0, trend_down: 0, range: 0 };
    const prev = new Map<string, number>();
    for (let i = 0; i < 86_400; i++) {
      for (const t of m.step(T0 + i * 1000)) {
        const regime = m.regime(t.symbol);
        time[regime] = (time[regime] ?? 0) + 1;
        const p = prev.get(t.symbol);
        if (p !== undefined) drift[regime] = (drift[regime] ?? 0) + Math.log(mid(t) / p);
        prev.set(t.symbol, mid(t));
      }
    }
    const total = (time.trend_up ?? 0) + (time.trend_down ?? 0) + (time.range ?? 0);
    for (const k of ["trend_up", "trend_down", "range"]) expect((time[k] ?? 0) / total, k).toBeGreaterThan(0.1);
    expect(drift.trend_up).toBeGreaterThan(0.05);
    expect(drift.trend_down).toBeLessThan(-0.05);
  });

  it("rejects duplicate symbols", () => {
    expect(() => new SyntheticMarket({ symbols: ["BTCUSDT", "BTCUSDT"] })).toThrow(RangeError);
  });
});
