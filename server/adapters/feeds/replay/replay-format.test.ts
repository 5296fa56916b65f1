import { describe, expect, it } from "vitest";
import { barToTicks, quoteToTick } from "./record-ticks";
import { detectReplayFormat, parseReplayLine, ReplayLineError } from "./replay-format";
import { parseTimestamp } from "./timestamp";

const JAN1 = Date.UTC(2022, 0, 1);

describe("parseTimestamp", () => {
  it.each([
    ["2022-01-01 00:00:00.000000", JAN1],
    ["2022-01-01 00:00:00", JAN1],
    ["2022-01-01 00:01:02.345678", JAN1 + 62_345],
    ["2022-01-01T00:00:00Z", JAN1],
    ["2022-01-01T00:00:00.5Z", JAN1 + 500],
    ["2022-01-01T02:00:00+02:00", JAN1],
    ["2021-12-31T19:30:00-0430", JAN1],
    ["2022-01-01T00:00", JAN1],
    ["2022-01-01", JAN1],
    [String(JAN1), JAN1],
    [" 2022-01-01 00:00:00 ", JAN1],
  ])("reads %s", (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });

  it.each(["", "yesterday", "2022-02-30 00:00:00", "2022-13-01", "2022-01-01 24:00:00", "2022/01/01 00:00:00", "-5"])(
    "rejects %j",
    (text) => {
      expect(parseTimestamp(text)).toBeUndefined();
    },
  );
});

describe("detectReplayFormat", () => {
  it("recognises both headers, tolerating case, spaces, CR and a BOM", () => {
    expect(detectReplayFormat("timestamp,open,high,low,close,volume")).toBe("bars");
    expect(detectReplayFormat("\uFEFFTimestamp, Open, High, Low, Close, Volume\r")).toBe("bars");
    expect(detectReplayFormat("timestamp,symbol,bid,ask,bid_size,ask_size")).toBe("quotes");
    expect(detectReplayFormat("time,price")).toBeUndefined();
    expect(detectReplayFormat("2022-01-01 00:00:00,1,2,0.5,1,10")).toBeUndefined();
  });
});

describe("parseReplayLine", () => {
  it("parses a bar and a quote", () => {
    expect(parseReplayLine("bars", "2022-01-01 00:00:00.000000,46319.0,46385.0,46300.5,46377.0,2300413.7295")).toEqual({
      kind: "bar",
      ts: JAN1,
      open: 46319,
      high: 46385,
      low: 46300.5,
      close: 46377,
      volume: 2300413.7295,
    });
    expect(parseReplayLine("quotes", "2022-01-01T00:00:00Z,ETHUSDT,3000.1,3000.2,1.5,0")).toEqual({
      kind: "quote",
      ts: JAN1,
      symbol: "ETHUSDT",
      bid: 3000.1,
      ask: 3000.2,
      bidSize: 1.5,
      askSize: 0,
    });
  });

  it.each([
    ["bars", "2022-01-01 00:00:00,1,2,0.5,1", /expected 6 comma-separated columns, got 5/],
    ["bars", "soon,1,2,0.5,1,10", /timestamp "soon" is not/],
    ["bars", "2022-01-01 00:00:00,1,abc,0.5,1,10", /high "abc" is not a number/],
    ["bars", "2022-01-01 00:00:00,1,,0.5,1,10", /high "" is not a number/],
    ["bars", "2022-01-01 00:00:00,1,2,0.5,3,10", /high 2 is below open, close or low/],
    ["bars", "2022-01-01 00:00:00,1,2,1.5,1,10", /low 1.5 is above open or close/],
    ["bars", "2022-01-01 00:00:00,0,2,0.5,1,10", /open 0 must be positive/],
    ["bars", "2022-01-01 00:00:00,1,2,0.5,1,-3", /volume -3 must not be negative/],
    ["quotes", "2022-01-01 00:00:00,,1,2,1,1", /symbol is empty/],
    ["quotes", "2022-01-01 00:00:00,BTCUSDT,2,1,1,1", /crossed quote: bid 2 is above ask 1/],
    ["quotes", "2022-01-01 00:00:00,BTCUSDT,1,2,x,1", /bid_size "x" is not a number/],
  ] as const)("rejects a %s line %j", (format, line, message) => {
    expect(() => parseReplayLine(format, line)).toThrow(ReplayLineError);
    expect(() => parseReplayLine(format, line)).toThrow(message);
  });
});

describe("barToTicks and quoteToTick", () => {
  const base = { kind: "bar" as const, ts: JAN1, high: 110, low: 90, volume: 1000.3 };

  it("visits open, low, high, close for an up bar, inside its minute", () => {
    const ticks = barToTicks({ ...base, open: 100, close: 105 }, "BTCUSDT", 2);
    expect(ticks.map((t) => t.last)).toEqual([100, 90, 110, 105]);
    expect(ticks.map((t) => t.ts - JAN1)).toEqual([0, 15_000, 30_000, 45_000]);
    expect(ticks.every((t) => t.symbol === "BTCUSDT")).toBe(true);
  });

  it("visits open, high, low, close for a down bar", () => {
    expect(barToTicks({ ...base, open: 100, close: 95 }, "X", 2).map((t) => t.last)).toEqual([100, 110, 90, 95]);
  });

  it("splits the volume so the parts add back to the bar's exactly, and puts the spread around last", () => {
    const ticks = barToTicks({ ...base, open: 100, close: 95 }, "X", 2);
    let sum = 0;
    for (const t of ticks) sum += t.volume;
    expect(sum).toBe(1000.3);
    for (const t of ticks) {
      expect(t.bid).toBeLessThan(t.last);
      expect(t.ask).toBeGreaterThan(t.last);
      expect((t.ask - t.bid) / t.last).toBeCloseTo(2e-4, 10);
    }
  });

  it("turns a quote into a tick with last at the mid and no volume", () => {
    const tick = quoteToTick({ kind: "quote", ts: JAN1, symbol: "ETHUSDT", bid: 10, ask: 11, bidSize: 1, askSize: 2 });
    expect(tick).toEqual({
      symbol: "ETHUSDT",
      ts: JAN1,
      bid: 10,
      ask: 11,
      last: 10.5,
      bidSize: 1,
      askSize: 2,
      volume: 0,
    });
  });
});
