import { describe, expect, it } from "vitest";
import type { Candle } from "../../engine/market/types";
import { MemoryEngineStore } from "./memory-engine-store";

const bar = (i: number, over: Partial<Candle> = {}): Candle => ({
  symbol: "BTCUSDT",
  timeframe: "1m",
  openTime: i * 60_000,
  open: 1,
  high: 2,
  low: 0.5,
  close: 1.5,
  volume: 10,
  trades: 3,
  ...over,
});

describe("MemoryEngineStore", () => {
  it("upserts candles and loads the newest N oldest first, per symbol and timeframe", async () => {
    const store = new MemoryEngineStore();
    for (const i of [3, 0, 2, 1]) store.enqueue({ kind: "candle", candle: bar(i) });
    store.enqueue({ kind: "candle", candle: bar(2, { close: 9 }) });
    store.enqueue({ kind: "candle", candle: bar(7, { symbol: "ETHUSDT" }) });
    store.enqueue({ kind: "candle", candle: bar(8, { timeframe: "5m" }) });
    await store.flush();
    expect(store.pendingCount()).toBe(0);
    expect(await store.loadCandles("BTCUSDT", "1m", 3)).toEqual([bar(1), bar(2, { close: 9 }), bar(3)]);
    expect(await store.loadCandles("BTCUSDT", "1m", 0)).toEqual([]);
    expect(store.candleCount()).toBe(6);
    expect(store.enqueuedCount()).toBe(7);
  });

  it("keeps transitions in order", async () => {
    const store = new MemoryEngineStore();
    const t = {
      at: 1,
      command: "start",
      fromState: "STOPPED",
      toState: "RUNNING",
      ok: true,
      errorCode: null,
      actor: "api",
      reason: null,
      message: "ok",
    } as const;
    store.enqueue({ kind: "engine_transition", transition: t });
    store.enqueue({ kind: "engine_transition", transition: { ...t, at: 2 } });
    await store.close();
    expect(store.transitions().map((x) => x.at)).toEqual([1, 2]);
  });
});
