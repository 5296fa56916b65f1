import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../engine/clock";
import type { Tick } from "../../../engine/model/market";
import { DEFAULT_SYMBOLS } from "./symbol-profiles";
import { SyntheticFeed } from "./synthetic-feed";
import { SyntheticMarket } from "./synthetic-market";

const T0 = Date.UTC(2025, 0, 1);

describe("SyntheticFeed", () => {
  it("emits the market's ticks on the clock, stamped with clock.now()", () => {
    const clock = new ManualClock(T0);
    const feed = new SyntheticFeed({ clock, seed: 11, tickIntervalMs: 250 });
    const got: Tick[] = [];
    feed.start((t) => got.push(t));
    expect(feed.symbols).toEqual(DEFAULT_SYMBOLS);
    clock.advanceBy(10_000);
    expect(new Set(got.map((t) => t.ts))).toEqual(new Set(Array.from({ length: 40 }, (_, i) => T0 + (i + 1) * 250)));

    const market = new SyntheticMarket({ seed: 11, tickIntervalMs: 250 });
    const expected: Tick[] = [];
    for (let i = 1; i <= 40; i++) expected.push(...market.step(T0 + i * 250));
    expect(got).toEqual(expected);
  });

  it("stops, refuses a double start, and resumes after stop", () => {
    const clock = new ManualClock(T0);
    const feed = new SyntheticFeed({ clock, symbols: ["BTCUSDT"], seed: 1, tickIntervalMs: 1000 });
    const got: Tick[] = [];
    feed.start((t) => got.push(t));
    expect(() => feed.start(() => {})).toThrow(/already started/);
    clock.advanceBy(3000);
    feed.stop();
    const n = got.length;
    clock.advanceBy(5000);
    expect(got.length).toBe(n);
    feed.start((t) => got.push(t));
    clock.advanceBy(1000);
    expect(got.length).toBeGreaterThan(n);
  });

  it("keeps running when the sink throws, reporting the error", () => {
    const clock = new ManualClock(T0);
    const errors: string[] = [];
    const feed = new SyntheticFeed({
      clock,
      symbols: ["BTCUSDT", "ETHUSDT"],
      tickIntervalMs: 1000,
      onSinkError: (_e, tick) => errors.push(tick.symbol),
    });
    const got: string[] = [];
    feed.start((t) => {
      if (t.symbol === "BTCUSDT") throw new Error("boom");
      got.push(t.symbol);
    });
    clock.advanceBy(3000);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(got.length).toBeGreaterThanOrEqual(2);
  });

  it("never settles done", async () => {
    const feed = new SyntheticFeed({ clock: new ManualClock(T0) });
    const winner = await Promise.race([
      feed.done.then(() => "done"),
      new Promise((r) => setTimeout(() => r("open"), 20)),
    ]);
    expect(winner).toBe("open");
  });

  it("resumes a restarted market from the last prices it is given", () => {
    const clock = new ManualClock(0);
    const feed = new SyntheticFeed({ clock, symbols: ["BTCUSDT", "ETHUSDT"], seed: 7 });
    feed.resumeFrom(new Map([["BTCUSDT", 12_345]]));
    const ticks: Tick[] = [];
    feed.start((t) => ticks.push(t));
    clock.advanceBy(250);
    feed.stop();
    const btc = ticks.find((t) => t.symbol === "BTCUSDT");
    expect(btc).toBeDefined();
    expect(Math.abs((btc?.last ?? 0) / 12_345 - 1)).toBeLessThan(0.01);
  });

  it("tells each of its symbols' tick size, and nothing for a symbol it does not quote", () => {
    const feed = new SyntheticFeed({ clock: new ManualClock(0), symbols: ["BTCUSDT", "DOGEUSDT"] });
    expect(feed.tickSize("BTCUSDT")).toBe(0.1);
    expect(feed.tickSize("DOGEUSDT")).toBe(0.00001);
    expect(feed.tickSize("ETHUSDT")).toBeUndefined();
  });
});
