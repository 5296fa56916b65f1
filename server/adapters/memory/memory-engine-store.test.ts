import { describe, expect, it } from "vitest";
import type { Candle } from "../../engine/model/market";
import { account, decision, equity, fill, order, position, T0 } from "../db/testing/trading-fixtures";
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

  it("keeps trading records by the database store's rules and loads the trading state", async () => {
    const store = new MemoryEngineStore();
    expect(await store.loadTradingState("paper", 0)).toEqual({
      account: null,
      positions: [],
      openOrders: [],
      recentDecisions: [],
      lastFillAt: null,
      recentFillIds: [],
      riskStates: {},
    });
    store.enqueue({ kind: "decision", decision: decision("old", { at: T0 - 1 }) });
    store.enqueue({ kind: "decision", decision: decision("z", { at: T0 + 2 }) });
    store.enqueue({ kind: "decision", decision: decision("a", { at: T0 + 2 }) });
    store.enqueue({ kind: "decision", decision: decision("b", { at: T0 + 1 }) });
    store.enqueue({ kind: "decision", decision: decision("z", { at: T0 + 2, score: 9 }) });
    store.enqueue({ kind: "order", order: order("o1", { createdAt: T0 + 5 }) });
    store.enqueue({ kind: "order", order: order("o2", { createdAt: T0 + 1 }) });
    store.enqueue({ kind: "order", order: order("o1", { createdAt: T0 + 5, status: "PARTIALLY_FILLED" }) });
    store.enqueue({ kind: "order", order: order("o2", { createdAt: T0 + 1, status: "FILLED" }) });
    store.enqueue({ kind: "order", order: order("o3", { createdAt: T0 + 5, status: "NEW" }) });
    store.enqueue({ kind: "fill", fill: fill("f1", { ts: T0 + 9 }) });
    store.enqueue({ kind: "fill", fill: fill("f2", { ts: T0 + 3 }) });
    store.enqueue({ kind: "fill", fill: fill("f1", { ts: T0 + 9, qty: 5 }) });
    store.enqueue({ kind: "position", symbol: "SOLUSDT", position: position("SOLUSDT") });
    store.enqueue({ kind: "position", symbol: "ADAUSDT", position: position("ADAUSDT") });
    store.enqueue({ kind: "position", symbol: "SOLUSDT", position: null });
    store.enqueue({ kind: "account", account: account("paper", { balance: 1 }) });
    store.enqueue({ kind: "account", account: account("paper", { balance: 2 }) });
    store.enqueue({ kind: "equity", snapshot: equity(T0) });

    const state = await store.loadTradingState("paper", T0);
    expect(state.recentDecisions.map((d) => [d.id, d.score])).toEqual([
      ["b", decision("b").score],
      ["z", decision("z").score],
      ["a", decision("a").score],
    ]);
    expect(state.openOrders.map((o) => [o.clientOrderId, o.status])).toEqual([
      ["o1", "PARTIALLY_FILLED"],
      ["o3", "NEW"],
    ]);
    expect(state.positions).toEqual([position("ADAUSDT")]);
    expect(state.account).toEqual(account("paper", { balance: 2 }));
    expect(state.lastFillAt).toBe(T0 + 9);
    expect(state.recentFillIds).toEqual(["f2", "f1"]);
    expect(store.fills()).toEqual([fill("f1", { ts: T0 + 9 }), fill("f2", { ts: T0 + 3 })]);
    expect(store.equitySnapshots()).toEqual([equity(T0)]);
    expect((await store.loadTradingState("live", T0)).account).toBeNull();
  });
});
