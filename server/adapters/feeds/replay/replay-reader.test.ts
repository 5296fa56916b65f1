import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CandleAggregator } from "../../../engine/market/candle-aggregator";
import type { Tick } from "../../../engine/model/market";
import { ReplayFileError } from "./replay-format";
import { ReplayReader, readReplayFile } from "./replay-reader";
import { BAR_HEADER, BTC_1M_BARS, BTC_1M_FILE, QUOTE_HEADER, tempFiles } from "./test-files";

async function readAll(file: string, symbol?: string): Promise<Tick[]> {
  const out: Tick[] = [];
  for await (const t of readReplayFile(file, { symbol })) out.push(t);
  return out;
}

/** The file's bars read the simplest possible way, to check the streaming reader against. */
function barsOf(file: string) {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [ts, open, high, low, close, volume] = line.split(",");
      return {
        openTime: Date.parse(`${ts?.replace(" ", "T").slice(0, 23)}Z`),
        open: Number(open),
        high: Number(high),
        low: Number(low),
        close: Number(close),
        volume: Number(volume),
      };
    });
}

describe("readReplayFile on the recorded BTC January 2022 file", () => {
  let ticks: Tick[] = [];
  const bars = barsOf(BTC_1M_FILE);
  beforeAll(async () => {
    ticks = await readAll(BTC_1M_FILE, "BTCUSDT");
  });

  it("yields four ticks per bar", () => {
    expect(bars.length).toBe(BTC_1M_BARS);
    expect(ticks.length).toBe(4 * BTC_1M_BARS);
  });

  it("starts and ends with the file's first and last bars", () => {
    const first = ticks.slice(0, 4);
    expect(first.map((t) => t.ts)).toEqual([0, 15_000, 30_000, 45_000].map((d) => Date.UTC(2021, 11, 31, 23, 1) + d));
    // 2021-12-31 23:01: 46319 → 46385 → ... up bar, so open, low, high, close.
    expect(first.map((t) => t.last)).toEqual([46319.0, 46319.0, 46385.0, 46377.0]);
    expect(first.reduce((s, t) => s + t.volume, 0)).toBe(2300413.7295);
    const last = ticks.slice(-4);
    expect(last[0]?.ts).toBe(Date.UTC(2022, 1, 1, 5, 31));
    expect(last.map((t) => t.last)).toEqual([38525.0, 38525.0, 38546.0, 38544.0]);
    expect(ticks.every((t) => t.symbol === "BTCUSDT" && t.bid < t.last && t.last < t.ask)).toBe(true);
  });

  it("rebuilds the file's one-minute OHLCV exactly from the ticks", () => {
    const agg = new CandleAggregator({ timeframes: ["1m", "1h"], historyLimit: BTC_1M_BARS });
    for (const t of ticks) agg.onTick(t);
    const rebuilt = agg.history("BTCUSDT", "1m", BTC_1M_BARS + 1);
    expect(rebuilt.length).toBe(BTC_1M_BARS);
    const mismatches = rebuilt.filter((c, i) => {
      const b = bars[i];
      const same =
        b !== undefined &&
        c.openTime === b.openTime &&
        c.open === b.open &&
        c.high === b.high &&
        c.low === b.low &&
        c.close === b.close &&
        c.volume === b.volume &&
        c.trades === 4;
      return !same;
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(rebuilt.at(-1)?.close).toBe(38544);
    expect(agg.stats().ignoredOutOfOrder).toBe(0);
  });
});

describe("ReplayReader errors and formats", () => {
  const files = tempFiles();
  afterAll(() => files.cleanup());

  async function failure(lines: readonly string[], symbol = "BTCUSDT"): Promise<{ error: unknown; ticks: number }> {
    const file = files.write(`f${Math.random().toString(36).slice(2)}.csv`, lines);
    let ticks = 0;
    try {
      for await (const _ of readReplayFile(file, { symbol })) ticks++;
    } catch (error) {
      return { error, ticks };
    }
    return { error: undefined, ticks };
  }

  it("names the file, the line and the problem, after delivering the lines before it", async () => {
    const { error, ticks } = await failure([
      BAR_HEADER,
      "2022-01-01 00:00:00,1,2,0.5,1.5,10",
      "2022-01-01 00:01:00,1.5,2,1,1.8,10",
      "2022-01-01 00:02:00,1.8,oops,1,1.9,10",
      "2022-01-01 00:03:00,1.9,2,1,1.9,10",
    ]);
    expect(ticks).toBe(8);
    expect(error).toBeInstanceOf(ReplayFileError);
    const e = error as ReplayFileError;
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/hean-replay-.*\.csv:4: high "oops" is not a number/);
  });

  it.each([
    [[BAR_HEADER, "2022-01-01 00:01:00,1,2,0.5,1.5,10", "2022-01-01 00:01:00,1,2,0.5,1.5,10"], 3, /is not after/],
    [[BAR_HEADER, "2022-01-01 00:01:00,1,2,0.5,1.5"], 2, /expected 6 comma-separated columns, got 5/],
    [[BAR_HEADER, "", "01/02/2022,1,2,0.5,1.5,3"], 3, /timestamp "01\/02\/2022" is not/],
    [["time,price", "1,2"], 1, /unknown header "time,price"/],
    [[QUOTE_HEADER, "2022-01-01 00:00:00,BTCUSDT,2,1,1,1"], 2, /crossed quote/],
  ])("reports %j at line %i", async (lines, line, message) => {
    const { error } = await failure(lines);
    expect((error as ReplayFileError).line).toBe(line);
    expect((error as Error).message).toMatch(message);
  });

  it("refuses a bar file without a symbol and an empty file", async () => {
    expect(((await failure([BAR_HEADER], "")).error as Error).message).toMatch(/:1: a bar file has no symbol column/);
    const empty = files.write("empty.csv", []);
    await expect(readAll(empty)).rejects.toThrow(/empty\.csv:1: file is empty/);
  });

  it("names a missing file", async () => {
    await expect(readAll("/nonexistent/hean.csv", "X")).rejects.toThrow(/\/nonexistent\/hean\.csv/);
  });

  it("reads quote ticks with last at the mid, no volume, CRLF line ends and epoch-ms times", async () => {
    const file = files.write("quotes.csv", [
      `${QUOTE_HEADER}\r`,
      "1640995200000,BTCUSDT,100,101,1,2\r",
      "2022-01-01T00:00:00.250Z,ETHUSDT,10,10.5,3,4\r",
    ]);
    const reader = new ReplayReader(file);
    const batch = await reader.nextBatch();
    expect(reader.format).toBe("quotes");
    expect(batch).toEqual([
      { symbol: "BTCUSDT", ts: 1640995200000, bid: 100, ask: 101, last: 100.5, bidSize: 1, askSize: 2, volume: 0 },
      { symbol: "ETHUSDT", ts: 1640995200250, bid: 10, ask: 10.5, last: 10.25, bidSize: 3, askSize: 4, volume: 0 },
    ]);
    expect(await reader.nextBatch()).toBeUndefined();
  });
});
