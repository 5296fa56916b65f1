import { describe, expect, it } from "vitest";
import { MemoryEngineStore } from "../adapters/memory/memory-engine-store";
import { ManualClock } from "./clock";
import { Engine } from "./engine";
import type { EngineEvent } from "./events";
import type { Tick } from "./model/market";
import type { MarketDataFeed } from "./ports";

const T0 = Date.UTC(2026, 0, 1);

class ScriptedFeed implements MarketDataFeed {
  readonly name = "scripted";
  readonly symbols = ["BTCUSDT", "ETHUSDT"];
  sink: ((t: Tick) => void) | null = null;
  private finish: (() => void) | undefined;
  private fail: ((e: unknown) => void) | undefined;
  done: Promise<void> = Promise.resolve();
  start(sink: (t: Tick) => void): void {
    this.sink = sink;
    this.done = new Promise<void>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
  }
  stop(): void {
    this.sink = null;
    this.finish?.();
  }
  crash(message: string): void {
    this.fail?.(new Error(message));
  }
}

function setup() {
  const clock = new ManualClock(T0);
  const feed = new ScriptedFeed();
  const store = new MemoryEngineStore();
  const engine = new Engine({ clock, feed, store, symbols: ["BTCUSDT", "ETHUSDT"], candleHistoryLimit: 100 });
  const events: EngineEvent[] = [];
  engine.bus.subscribeAll((e) => events.push(e));
  const push = (symbol: string, seconds: number, last: number) => {
    clock.advanceTo(T0 + seconds * 1000);
    feed.sink?.({
      symbol,
      ts: clock.now(),
      bid: last - 0.5,
      ask: last + 0.5,
      last,
      bidSize: 1,
      askSize: 1,
      volume: 5000,
    });
  };
  return { clock, feed, store, engine, events, push };
}

describe("Engine", () => {
  it("turns ticks into tickers, candles (persisted when closed) and regime events", async () => {
    const { engine, store, events, push } = setup();
    await engine.boot();
    for (let s = 0; s <= 130; s++) push("BTCUSDT", s, 90_000 + s * 20); // ~+1.3%/min: TREND
    push("DOGEUSDT", 131, 0.2); // not configured: ignored
    expect(engine.tickers.get("BTCUSDT")?.price).toBe(90_000 + 130 * 20);
    expect(engine.status()).toMatchObject({ ticksReceived: 131, ticksIgnored: 1 });
    const closed = events.filter((e) => e.type === "CANDLE_CLOSED");
    expect(closed.map((e) => (e.type === "CANDLE_CLOSED" ? e.candle.timeframe : ""))).toEqual(["1m", "1m"]);
    await store.flush();
    expect(await store.loadCandles("BTCUSDT", "1m", 10)).toHaveLength(2);
    const regimes = events.flatMap((e) => (e.type === "REGIME_CHANGED" ? [`${e.symbol}:${e.to}`] : []));
    expect(regimes).toContain("BTCUSDT:TREND");
    expect(regimes).toContain("ETHUSDT:STALE_DATA");
    expect(engine.scanner.state().cycles).toBeGreaterThan(100);
  });

  it("after a restart, asks a price-making feed to continue from the last persisted closes", async () => {
    const { engine, store, feed, push } = setup();
    await engine.boot();
    push("BTCUSDT", 1, 90_000);
    push("BTCUSDT", 59, 91_000);
    push("BTCUSDT", 61, 91_500); // closes the first minute at 91,000
    await engine.shutdown("restart");
    const resumed: Map<string, number>[] = [];
    const again = new Engine({
      clock: new ManualClock(T0 + 120_000),
      feed: Object.assign(new ScriptedFeed(), {
        resumeFrom: (p: ReadonlyMap<string, number>) => resumed.push(new Map(p)),
      }),
      store,
      symbols: ["BTCUSDT", "ETHUSDT"],
      candleHistoryLimit: 100,
    });
    await again.boot();
    expect(resumed).toEqual([new Map([["BTCUSDT", 91_000]])]);
    expect(feed.sink).toBeNull();
    await again.shutdown("test over");
  });

  it("records every control command, publishes state changes, and keeps market data flowing when stopped", async () => {
    const { engine, store, events, push } = setup();
    await engine.boot();
    await engine.control({ command: "start", actor: "test" });
    await engine.control({ command: "pause", actor: "test", reason: "lunch" });
    await engine.control({ command: "pause", actor: "test" });
    await engine.control({ command: "stop", actor: "test" });
    push("ETHUSDT", 1, 3000);
    expect(engine.tickers.get("ETHUSDT")?.price).toBe(3000);
    expect(store.transitions().map((t) => [t.command, t.ok, t.toState, t.reason])).toEqual([
      ["start", true, "RUNNING", null],
      ["pause", true, "PAUSED", "lunch"],
      ["pause", false, "PAUSED", null],
      ["stop", true, "STOPPED", null],
    ]);
    expect(events.filter((e) => e.type === "ENGINE_STATE")).toHaveLength(3);
  });

  it("goes to ERROR when the feed fails, and a restart revives the feed", async () => {
    const { engine, feed } = setup();
    await engine.boot();
    await engine.control({ command: "start", actor: "test" });
    feed.crash("socket closed");
    await new Promise((r) => setTimeout(r, 0));
    await engine.control({ command: "pause", actor: "probe" });
    expect(engine.state).toBe("ERROR");
    expect(engine.status().feed).toMatchObject({ status: "error", error: "socket closed" });
    expect(await engine.control({ command: "restart", actor: "test" })).toMatchObject({
      ok: true,
      engine_state: "RUNNING",
    });
    expect(engine.status().feed.status).toBe("running");
    expect(feed.sink).not.toBeNull();
  });

  it("shutdown stops trading and the feed, and flushes the store", async () => {
    const { engine, feed, store } = setup();
    await engine.boot();
    await engine.control({ command: "start", actor: "test" });
    await engine.shutdown("test over");
    expect(engine.state).toBe("STOPPED");
    expect(feed.sink).toBeNull();
    expect(store.transitions().at(-1)).toMatchObject({ command: "stop", actor: "system", reason: "test over" });
    expect(await engine.control({ command: "start", actor: "late" })).toMatchObject({ error_code: "SHUTTING_DOWN" });
  });
});

describe("Engine latency probe", () => {
  it("times every tick, the ticks that close bars, and decisions made while handling a tick", async () => {
    const clock = new ManualClock(T0);
    const feed = new ScriptedFeed();
    let stopwatch = 0;
    const taken = { tick: [] as number[], bar: [] as number[], decision: [] as number[] };
    const engine = new Engine({
      clock,
      feed,
      store: new MemoryEngineStore(),
      symbols: ["BTCUSDT"],
      candleHistoryLimit: 10,
      latency: {
        // Every reading advances the stopwatch by 0.25 ms, so durations count the readings in between.
        now: () => (stopwatch += 0.25),
        tick: (ms) => taken.tick.push(ms),
        bar: (ms) => taken.bar.push(ms),
        decision: (ms) => taken.decision.push(ms),
      },
    });
    await engine.boot();
    const decision = { type: "ORDER_DECISION", decision: {} } as Extract<EngineEvent, { type: "ORDER_DECISION" }>;
    engine.bus.subscribe("TICK", ({ tick }) => {
      if (tick.last === 101) engine.bus.publish(decision);
    });
    const push = (seconds: number, last: number, symbol = "BTCUSDT") => {
      clock.advanceTo(T0 + seconds * 1000);
      feed.sink?.({ symbol, ts: clock.now(), bid: last, ask: last, last, bidSize: 1, askSize: 1, volume: 1 });
    };
    push(1, 100);
    push(30, 101);
    push(61, 100); // closes the first minute's bar
    push(62, 100, "UNKNOWN"); // ignored: not timed
    engine.bus.publish(decision); // outside any tick: not a tick-to-decision sample

    expect(taken.tick).toEqual([0.25, 0.5, 0.25]);
    expect(taken.bar).toEqual([0.25]);
    expect(taken.decision).toEqual([0.25]);
    await engine.shutdown("test over");
  });
});
