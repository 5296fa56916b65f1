import { describe, expect, it } from "vitest";
import { type Candle, TIMEFRAME_MS, TIMEFRAMES, type Tick, type Timeframe } from "../model/market";
import { CandleAggregator } from "./candle-aggregator";

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

function tick(ts: number, last: number, volume = 1, symbol = "BTCUSDT"): Tick {
  return { symbol, ts, bid: last - 0.5, ask: last + 0.5, last, bidSize: 1, askSize: 1, volume };
}

function candle(openTime: number, close: number, timeframe: Timeframe = "1m", symbol = "BTCUSDT"): Candle {
  return { symbol, timeframe, openTime, open: close, high: close, low: close, close, volume: 1, trades: 1 };
}

describe("CandleAggregator bucket boundaries", () => {
  for (const tf of TIMEFRAMES) {
    it(`closes the ${tf} bar exactly at the bucket boundary`, () => {
      const agg = new CandleAggregator({ timeframes: [tf], historyLimit: 10 });
      const ms = TIMEFRAME_MS[tf];
      expect(agg.onTick(tick(T0, 100))).toEqual([]);
      expect(agg.onTick(tick(T0 + ms - 1, 101))).toEqual([]);
      expect(agg.forming("BTCUSDT", tf)?.openTime).toBe(T0);

      const closed = agg.onTick(tick(T0 + ms, 102));
      expect(closed).toHaveLength(1);
      expect(closed[0]).toMatchObject({ timeframe: tf, openTime: T0, open: 100, close: 101, trades: 2 });
      expect(agg.forming("BTCUSDT", tf)).toMatchObject({ openTime: T0 + ms, open: 102, trades: 1 });
    });

    it(`aligns a ${tf} bar that starts mid-bucket to the bucket start`, () => {
      const agg = new CandleAggregator({ timeframes: [tf], historyLimit: 10 });
      const ms = TIMEFRAME_MS[tf];
      agg.onTick(tick(T0 + ms + Math.floor(ms / 2) + 7, 100));
      expect(agg.forming("BTCUSDT", tf)?.openTime).toBe(T0 + ms);
    });
  }

  it("closes all timeframes whose buckets end together, in timeframe order", () => {
    const agg = new CandleAggregator({ historyLimit: 10 });
    agg.onTick(tick(T0, 100));
    const closed = agg.onTick(tick(T0 + TIMEFRAME_MS["1h"], 101));
    expect(closed.map((c) => c.timeframe)).toEqual(["1m", "5m", "15m", "1h"]);
    expect(closed.every((c) => c.openTime === T0)).toBe(true);
  });

  it("closes only the 1m bar at a minute that is not a 5m boundary", () => {
    const agg = new CandleAggregator({ historyLimit: 10 });
    agg.onTick(tick(T0, 100));
    expect(agg.onTick(tick(T0 + 60_000, 101)).map((c) => c.timeframe)).toEqual(["1m"]);
  });

  it("does not invent bars for buckets with no ticks", () => {
    const agg = new CandleAggregator({ timeframes: ["1m"], historyLimit: 10 });
    agg.onTick(tick(T0, 100));
    const closed = agg.onTick(tick(T0 + 5 * 60_000 + 1, 101));
    expect(closed.map((c) => c.openTime)).toEqual([T0]);
    expect(agg.forming("BTCUSDT", "1m")?.openTime).toBe(T0 + 5 * 60_000);
  });
});

describe("CandleAggregator OHLCV", () => {
  it("builds open, high, low, close, volume and trade count from tick.last and tick.volume", () => {
    const agg = new CandleAggregator({ timeframes: ["1m"], historyLimit: 10 });
    const prices = [100, 104, 97, 99, 101];
    prices.forEach((p, i) => {
      agg.onTick(tick(T0 + i * 1000, p, i + 1));
    });
    const [bar] = agg.onTick(tick(T0 + 60_000, 50));
    expect(bar).toEqual({
      symbol: "BTCUSDT",
      timeframe: "1m",
      openTime: T0,
      open: 100,
      high: 104,
      low: 97,
      close: 101,
      volume: 15,
      trades: 5,
    });
  });

  it("keeps symbols apart", () => {
    const agg = new CandleAggregator({ timeframes: ["1m"], historyLimit: 10 });
    agg.onTick(tick(T0, 100, 1, "BTCUSDT"));
    agg.onTick(tick(T0 + 1, 5, 1, "ETHUSDT"));
    agg.onTick(tick(T0 + 2, 110, 1, "BTCUSDT"));
    expect(agg.forming("ETHUSDT", "1m")).toMatchObject({ open: 5, high: 5, trades: 1 });
    expect(agg.forming("BTCUSDT", "1m")).toMatchObject({ open: 100, high: 110, trades: 2 });
    expect(agg.symbols().sort()).toEqual(["BTCUSDT", "ETHUSDT"]);
  });

  it("returns a snapshot from forming(), not the live bar", () => {
    const agg = new CandleAggregator({ timeframes: ["1m"], historyLimit: 10 });
    agg.onTick(tick(T0, 100));
    const before = agg.forming("BTCUSDT", "1m");
    agg.onTick(tick(T0 + 1, 120));
    expect(before?.high).toBe(100);
    expect(agg.forming("BTCUSDT", "1m")?.high).toBe(120);
  });

  it("matches a brute-force rebuild on a random tick stream", () => {
    const agg = new CandleAggregator({ historyLimit: 5000 });
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const ticks: Tick[] = [];
    let ts = T0 + 17;
    let price = 1000;
    for (let i = 0; i < 5000; i++) {
      ts += Math.floor(rand() * 4000);
      price = Math.max(1, price + (rand() - 0.5) * 10);
      ticks.push(tick(ts, price, rand() * 3));
    }
    for (const t of ticks) agg.onTick(t);
    for (const tf of TIMEFRAMES) {
      const ms = TIMEFRAME_MS[tf];
      const expected = new Map<number, { o: number; h: number; l: number; c: number; v: number; n: number }>();
      for (const t of ticks) {
        const b = Math.floor(t.ts / ms) * ms;
        const e = expected.get(b);
        if (e === undefined) expected.set(b, { o: t.last, h: t.last, l: t.last, c: t.last, v: t.volume, n: 1 });
        else
          Object.assign(e, {
            h: Math.max(e.h, t.last),
            l: Math.min(e.l, t.last),
            c: t.last,
            v: e.v + t.volume,
            n: e.n + 1,
          });
      }
      const got = agg.history("BTCUSDT", tf, 10_000);
      expect(got.map((c) => c.openTime)).toEqual([...expected.keys()]);
      for (const c of got) {
        const e = expected.get(c.openTime);
        expect([c.open, c.high, c.low, c.close, c.trades]).toEqual([e?.o, e?.h, e?.l, e?.c, e?.n]);
        expect(c.volume).toBeCloseTo(e?.v ?? Number.NaN, 9);
      }
    }
  });
});

describe("CandleAggregator late and bad ticks", () => {
  it("ignores and counts a tick older than the forming bar, leaving every timeframe untouched", () => {
    const agg = new CandleAggregator({ historyLimit: 10 });
    agg.onTick(tick(T0 + 59_000, 100));
    agg.onTick(tick(T0 + 60_000, 101));
    const before = TIMEFRAMES.map((tf) => agg.forming("BTCUSDT", tf));
    expect(agg.onTick(tick(T0 + 59_999, 500))).toEqual([]);
    expect(TIMEFRAMES.map((tf) => agg.forming("BTCUSDT", tf))).toEqual(before);
    expect(agg.history("BTCUSDT", "1m").map((c) => c.high)).toEqual([100, 101]);
    expect(agg.stats()).toEqual({ ticks: 2, ignoredOutOfOrder: 1, ignoredInvalid: 0 });
  });

  it("accepts a slightly late tick that is still inside the forming bar", () => {
    const agg = new CandleAggregator({ timeframes: ["1m"], historyLimit: 10 });
    agg.onTick(tick(T0 + 30_000, 100));
    agg.onTick(tick(T0 + 20_000, 90));
    expect(agg.forming("BTCUSDT", "1m")).toMatchObject({ low: 90, close: 90, trades: 2 });
  });

  it("ignores ticks with an unusable price or volume", () => {
    const agg = new CandleAggregator({ timeframes: ["1m"], historyLimit: 10 });
    agg.onTick(tick(T0, 100));
    for (const bad of [tick(T0 + 1, Number.NaN), tick(T0 + 1, 0), tick(T0 + 1, 100, -1), tick(Number.NaN, 100)]) {
      agg.onTick(bad);
    }
    expect(agg.forming("BTCUSDT", "1m")).toMatchObject({ high: 100, low: 100, trades: 1, volume: 1 });
    expect(agg.stats().ignoredInvalid).toBe(4);
  });
});

describe("CandleAggregator history, seed and closeUpTo", () => {
  it("keeps at most historyLimit closed bars and appends the forming bar last", () => {
    const agg = new CandleAggregator({ timeframes: ["1m"], historyLimit: 3 });
    for (let i = 0; i < 10; i++) agg.onTick(tick(T0 + i * 60_000, 100 + i));
    const h = agg.history("BTCUSDT", "1m");
    expect(h.map((c) => c.close)).toEqual([106, 107, 108, 109]);
    expect(agg.history("BTCUSDT", "1m", 2).map((c) => c.close)).toEqual([108, 109]);
    expect(agg.history("BTCUSDT", "1m", 1).map((c) => c.close)).toEqual([109]);
    expect(agg.history("BTCUSDT", "1m", 0)).toEqual([]);
    expect(agg.history("NOPE", "1m")).toEqual([]);
  });

  it("seeds in openTime order, de-duplicates (last copy wins) and respects historyLimit", () => {
    const agg = new CandleAggregator({ timeframes: ["1m", "5m"], historyLimit: 4 });
    const input = [
      candle(T0 + 3 * 60_000, 3),
      candle(T0, 0),
      candle(T0 + 60_000, 1),
      candle(T0 + 2 * 60_000, 2),
      candle(T0 + 4 * 60_000, 4),
      candle(T0 + 5 * 60_000, 5),
      candle(T0 + 5 * 60_000, 55),
      candle(T0 + 60_000 + 1, 9),
      candle(T0, 7, "1h"),
      candle(T0, 8, "5m"),
    ];
    const result = agg.seed(input);
    expect(result).toEqual({ loaded: 8, skipped: 2 });
    expect(agg.history("BTCUSDT", "1m").map((c) => c.close)).toEqual([2, 3, 4, 55]);
    expect(agg.history("BTCUSDT", "5m").map((c) => c.close)).toEqual([8]);
    expect(agg.forming("BTCUSDT", "1m")).toBeUndefined();
  });

  it("merges a second seed with what is held and rejects ticks for seeded buckets", () => {
    const agg = new CandleAggregator({ timeframes: ["1m"], historyLimit: 10 });
    agg.seed([candle(T0, 0), candle(T0 + 60_000, 1)]);
    agg.seed([candle(T0 + 60_000, 11), candle(T0 + 120_000, 2)]);
    expect(agg.history("BTCUSDT", "1m").map((c) => c.close)).toEqual([0, 11, 2]);
    agg.onTick(tick(T0 + 150_000, 999));
    expect(agg.stats().ignoredOutOfOrder).toBe(1);
    agg.onTick(tick(T0 + 180_000, 3));
    expect(agg.history("BTCUSDT", "1m").map((c) => c.close)).toEqual([0, 11, 2, 3]);
  });

  it("skips seeded candles that are not older than the forming bar", () => {
    const agg = new CandleAggregator({ timeframes: ["1m"], historyLimit: 10 });
    agg.onTick(tick(T0 + 60_000, 100));
    expect(agg.seed([candle(T0, 1), candle(T0 + 60_000, 2)])).toEqual({ loaded: 1, skipped: 1 });
    expect(agg.history("BTCUSDT", "1m").map((c) => c.close)).toEqual([1, 100]);
  });

  it("closeUpTo closes bars whose period has ended and later ticks start new bars", () => {
    const agg = new CandleAggregator({ timeframes: ["1m", "5m"], historyLimit: 10 });
    agg.onTick(tick(T0 + 10_000, 100));
    expect(agg.closeUpTo(T0 + 59_999)).toEqual([]);
    const closed = agg.closeUpTo(T0 + 60_000);
    expect(closed.map((c) => [c.timeframe, c.openTime])).toEqual([["1m", T0]]);
    expect(agg.onTick(tick(T0 + 30_000, 1))).toEqual([]);
    expect(agg.stats().ignoredOutOfOrder).toBe(1);
    expect(agg.onTick(tick(T0 + 70_000, 101))).toEqual([]);
    expect(agg.history("BTCUSDT", "1m").map((c) => c.close)).toEqual([100, 101]);
    expect(agg.history("BTCUSDT", "5m").map((c) => [c.close, c.trades])).toEqual([[101, 2]]);
  });

  it("rejects a bad configuration", () => {
    expect(() => new CandleAggregator({ historyLimit: 0 })).toThrow(RangeError);
    expect(() => new CandleAggregator({ timeframes: [], historyLimit: 5 })).toThrow(RangeError);
  });
});
