import { afterAll, describe, expect, it } from "vitest";
import { LiveClock, ManualClock } from "../../../engine/clock";
import type { Tick } from "../../../engine/model/market";
import { ReplayFeed } from "./replay-feed";
import { ReplayFileError } from "./replay-format";
import { BAR_HEADER, BTC_1M_BARS, BTC_1M_FILE, QUOTE_HEADER, tempFiles } from "./test-files";

const JAN1 = Date.UTC(2022, 0, 1);
const files = tempFiles();
afterAll(() => files.cleanup());

/** Waits (in real time) until the feed has done its asynchronous file reading and delivered what is due. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the feed");
    await new Promise((r) => setTimeout(r, 1));
  }
}

function barLines(count: number, startMs = JAN1): string[] {
  const lines = [BAR_HEADER];
  for (let i = 0; i < count; i++) {
    const o = 100 + i;
    lines.push(`${new Date(startMs + i * 60_000).toISOString()},${o},${o + 2},${o - 1},${o + 1},${1000 + i}`);
  }
  return lines;
}

describe("ReplayFeed on the recorded BTC file", () => {
  it("replays all 4 × 45031 ticks as fast as possible, driving a ManualClock through recorded time", async () => {
    const clock = new ManualClock(0);
    const feed = new ReplayFeed({ file: BTC_1M_FILE, symbol: "BTCUSDT", speed: Number.POSITIVE_INFINITY, clock });
    let count = 0;
    let first: Tick | undefined;
    let last: Tick | undefined;
    let clockBehind = 0;
    feed.start((t) => {
      count++;
      first ??= t;
      last = t;
      if (clock.now() !== t.ts) clockBehind++;
    });
    await feed.done;
    expect(count).toBe(4 * BTC_1M_BARS);
    expect(feed.delivered).toBe(4 * BTC_1M_BARS);
    expect(first?.ts).toBe(Date.UTC(2021, 11, 31, 23, 1));
    expect(last?.ts).toBe(Date.UTC(2022, 1, 1, 5, 31, 45));
    expect(clockBehind).toBe(0);
    expect(feed.symbols).toEqual(["BTCUSDT"]);
    expect(feed.name).toBe("replay:btc-perp-1m-2022-01.csv");
  });
});

describe("ReplayFeed pacing", () => {
  it("delivers at the chosen speed on the clock's timers", async () => {
    const file = files.write("pace.csv", barLines(3));
    const clock = new ManualClock(5_000);
    const feed = new ReplayFeed({ file, symbol: "X", speed: 60, clock });
    const got: Tick[] = [];
    feed.start((t) => got.push(t));
    await until(() => got.length > 0);
    // The first event is due at start; at 60x the next ones (15 s apart in the file) come every 250 ms.
    expect(got.length).toBe(1);
    clock.advanceBy(249);
    expect(got.length).toBe(1);
    clock.advanceBy(1);
    expect(got.length).toBe(2);
    clock.advanceBy(500);
    expect(got.length).toBe(4);
    expect(got.map((t) => t.ts - JAN1)).toEqual([0, 15_000, 30_000, 45_000]);
    clock.advanceBy(2750 - 750 - 1);
    expect(got.length).toBe(11);
    clock.advanceBy(1);
    expect(got.length).toBe(12);
    await expect(feed.done).resolves.toBeUndefined();
  });

  it("paces in real time with a LiveClock", async () => {
    const file = files.write("live.csv", barLines(2));
    const feed = new ReplayFeed({ file, symbol: "X", speed: 600, clock: new LiveClock() });
    const started = Date.now();
    const got: number[] = [];
    feed.start(() => got.push(Date.now() - started));
    await feed.done;
    // 8 ticks spanning 105 s of recorded time at 600x: about 175 ms.
    expect(got.length).toBe(8);
    expect(got.at(-1)).toBeGreaterThanOrEqual(170);
    expect(got.at(-1)).toBeLessThan(2000);
  });

  it("rebases timestamps so the first event happens at clock.now()", async () => {
    const file = files.write("rebase.csv", barLines(2));
    const now = Date.UTC(2030, 5, 1, 12, 0, 0, 123);
    const clock = new ManualClock(now);
    const feed = new ReplayFeed({ file, symbol: "X", speed: 1, clock, rebaseToNow: true });
    const got: Tick[] = [];
    feed.start((t) => got.push(t));
    await until(() => got.length > 0);
    clock.advanceBy(105_000);
    expect(got.map((t) => t.ts - now)).toEqual([0, 15, 30, 45, 60, 75, 90, 105].map((s) => s * 1000));
    // At speed 1 with rebasing, every tick arrives exactly at its own timestamp.
    await feed.done;
  });

  it("yields to the event loop between batches at Infinity speed", async () => {
    const file = files.write("batches.csv", barLines(500));
    const feed = new ReplayFeed({
      file,
      symbol: "X",
      speed: Number.POSITIVE_INFINITY,
      clock: new LiveClock(),
      batchSize: 100,
    });
    // Counts event-loop turns; without yielding, the single chunk of this file would be delivered in one turn.
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const turnAtTick: number[] = [];
    feed.start(() => turnAtTick.push(turns));
    await feed.done;
    spinning = false;
    expect(turnAtTick.length).toBe(2000);
    expect(turnAtTick[99]).toBe(turnAtTick[0]);
    expect(turnAtTick[100]).toBeGreaterThan(turnAtTick[99] ?? 0);
    expect(new Set(turnAtTick).size).toBe(20);
  });

  it("loops with time moving forward until stopped, and stop resolves done", async () => {
    const file = files.write("loop.csv", barLines(2));
    const clock = new ManualClock(0);
    const feed = new ReplayFeed({ file, symbol: "X", speed: Number.POSITIVE_INFINITY, clock, loop: true });
    const got: number[] = [];
    feed.start((t) => {
      got.push(t.ts);
      if (got.length === 20) feed.stop();
    });
    await feed.done;
    expect(got.length).toBe(20);
    expect(got.map((ts) => (ts - JAN1) / 15_000)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe("ReplayFeed lifecycle and errors", () => {
  it("rejects done and stops at a malformed line, naming file and line", async () => {
    const lines = barLines(3);
    lines.splice(3, 0, "2022-01-01T00:01:30Z,100,99,98,100,1");
    const file = files.write("bad.csv", lines);
    const feed = new ReplayFeed({ file, symbol: "X", speed: Number.POSITIVE_INFINITY, clock: new ManualClock(0) });
    const got: Tick[] = [];
    feed.start((t) => got.push(t));
    const error = await feed.done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReplayFileError);
    expect((error as Error).message).toMatch(/bad\.csv:4: high 99 is below open, close or low/);
    expect(got.length).toBe(8);
    await new Promise((r) => setTimeout(r, 20));
    expect(got.length).toBe(8);
  });

  it("stops and rejects done when the sink throws", async () => {
    const file = files.write("sink.csv", barLines(3));
    const feed = new ReplayFeed({ file, symbol: "X", speed: Number.POSITIVE_INFINITY, clock: new ManualClock(0) });
    let calls = 0;
    feed.start(() => {
      calls++;
      if (calls === 2) throw new Error("engine bug");
    });
    await expect(feed.done).rejects.toThrow("engine bug");
    expect(calls).toBe(2);
  });

  it("refuses a second start while running, stops delivering on stop and restarts from the top", async () => {
    const file = files.write("restart.csv", barLines(3));
    const clock = new ManualClock(JAN1);
    const feed = new ReplayFeed({ file, symbol: "X", speed: 1, clock });
    const got: number[] = [];
    feed.start((t) => got.push(t.ts));
    expect(() => feed.start(() => {})).toThrow(/already started/);
    await until(() => got.length > 0);
    clock.advanceBy(15_000);
    feed.stop();
    await feed.done;
    clock.advanceBy(60_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([JAN1, JAN1 + 15_000]);

    // A restart plays the file from its first line again, paced from the new start.
    feed.start((t) => got.push(t.ts));
    await until(() => got.length > 2);
    clock.advanceBy(165_000);
    await feed.done;
    expect(got.slice(2)).toEqual(Array.from({ length: 12 }, (_, i) => JAN1 + i * 15_000));
    feed.stop();
  });

  it("plays a quote file and learns its symbols", async () => {
    const file = files.write("quotes.csv", [
      QUOTE_HEADER,
      "2022-01-01 00:00:00.000000,BTCUSDT,46000,46001,1,2",
      "2022-01-01 00:00:00.100000,ETHUSDT,3700,3700.5,10,20",
      "2022-01-01 00:00:00.200000,BTCUSDT,46001,46002,1,2",
    ]);
    const feed = new ReplayFeed({ file, speed: Number.POSITIVE_INFINITY, clock: new ManualClock(0) });
    const got: Tick[] = [];
    feed.start((t) => got.push(t));
    await feed.done;
    expect(got.map((t) => [t.symbol, t.ts - JAN1, t.last, t.volume])).toEqual([
      ["BTCUSDT", 0, 46000.5, 0],
      ["ETHUSDT", 100, 3700.25, 0],
      ["BTCUSDT", 200, 46001.5, 0],
    ]);
    expect(feed.symbols).toEqual(["BTCUSDT", "ETHUSDT"]);
  });

  it("rejects bad options", () => {
    const clock = new ManualClock(0);
    expect(() => new ReplayFeed({ file: "x.csv", clock, speed: 0 })).toThrow(RangeError);
    expect(() => new ReplayFeed({ file: "x.csv", clock, batchSize: 0 })).toThrow(RangeError);
    expect(() => new ReplayFeed({ file: "x.csv", clock, spreadBps: -1 })).toThrow(RangeError);
  });
});
