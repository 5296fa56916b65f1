import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import type { Tick } from "../model/market";
import { TickerBook } from "./ticker-book";

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function tick(ts: number, last: number, volume: number, symbol = "BTCUSDT"): Tick {
  return { symbol, ts, bid: last - 1, ask: last + 1, last, bidSize: 2, askSize: 3, volume };
}

describe("TickerBook", () => {
  it("reports the latest price, quote and time per symbol", () => {
    const book = new TickerBook();
    book.onTick(tick(T0, 100, 5));
    book.onTick(tick(T0 + 1000, 101, 5));
    book.onTick(tick(T0 + 500, 7, 1, "ETHUSDT"));
    expect(book.get("BTCUSDT")).toEqual({
      symbol: "BTCUSDT",
      price: 101,
      bid: 100,
      ask: 102,
      volume24h: 10,
      ts: T0 + 1000,
    });
    expect(book.lastTickAt("ETHUSDT")).toBe(T0 + 500);
    expect(book.get("NOPE")).toBeUndefined();
    expect(book.lastTickAt("NOPE")).toBeUndefined();
    expect(
      book
        .all()
        .map((t) => t.symbol)
        .sort(),
    ).toEqual(["BTCUSDT", "ETHUSDT"]);
  });

  it("never moves the price back for a late tick but still counts its volume", () => {
    const book = new TickerBook();
    book.onTick(tick(T0 + 1000, 101, 5));
    book.onTick(tick(T0, 50, 2));
    expect(book.get("BTCUSDT")).toMatchObject({ price: 101, volume24h: 7, ts: T0 + 1000 });
  });

  it("rolls volume older than 24 hours out minute by minute as ticks advance time", () => {
    const book = new TickerBook();
    for (let m = 0; m < 1440; m++) book.onTick(tick(T0 + m * MIN + 30_000, 100, m + 1));
    const full = (1440 * 1441) / 2;
    expect(book.get("BTCUSDT")?.volume24h).toBe(full);
    // Minute 1440 starts: minute 0 (volume 1) leaves the window.
    book.onTick(tick(T0 + DAY, 100, 0));
    expect(book.get("BTCUSDT")?.volume24h).toBe(full - 1);
    // Another symbol's tick advances the book's time: minutes 1..9 leave too.
    book.onTick(tick(T0 + DAY + 9 * MIN, 5, 0, "ETHUSDT"));
    expect(book.get("BTCUSDT")?.volume24h).toBe(full - (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10));
    book.onTick(tick(T0 + 3 * DAY, 5, 0, "ETHUSDT"));
    expect(book.get("BTCUSDT")?.volume24h).toBe(0);
  });

  it("ends the window at clock.now() when given a clock, so volume falls out with no ticks", () => {
    const clock = new ManualClock(T0);
    const book = new TickerBook({ clock });
    book.onTick(tick(T0, 100, 10));
    clock.advanceTo(T0 + 10 * MIN);
    book.onTick(tick(T0 + 10 * MIN, 100, 1));
    clock.advanceTo(T0 + DAY - 1);
    expect(book.get("BTCUSDT")?.volume24h).toBe(11);
    clock.advanceTo(T0 + DAY);
    expect(book.get("BTCUSDT")?.volume24h).toBe(1);
    clock.advanceTo(T0 + DAY + 10 * MIN);
    expect(book.all()[0]?.volume24h).toBe(0);
  });

  it("sums many ticks within a minute and keeps no rounding residue after they roll out", () => {
    const book = new TickerBook();
    for (let i = 0; i < 600; i++) book.onTick(tick(T0 + i * 100, 100, 0.1));
    expect(book.get("BTCUSDT")?.volume24h).toBeCloseTo(60, 9);
    book.onTick(tick(T0 + 2 * DAY, 100, 0));
    expect(book.get("BTCUSDT")?.volume24h).toBe(0);
  });
});
