import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import type { Tick } from "../model/market";
import type { OrderRequest, OrderUpdate } from "../model/trading";
import type { AccountGuard } from "../trading/broker-port";
import { PaperBroker, type PaperBrokerOptions } from "./paper-broker";
import { NO_SLIPPAGE } from "./slippage";

const T0 = Date.UTC(2022, 0, 1);
const FEES = { makerRate: 0.0002, takerRate: 0.00055 };
const ALLOW: AccountGuard = { rejectReason: () => null };

function quote(ts: number, bid: number, ask: number, size = 10, symbol = "BTCUSDT"): Tick {
  return { symbol, ts, bid, ask, last: (bid + ask) / 2, bidSize: size, askSize: size, volume: 0 };
}

function order(partial: Partial<OrderRequest> & Pick<OrderRequest, "side" | "qty">): OrderRequest {
  return {
    clientOrderId: "c1",
    symbol: "BTCUSDT",
    type: "MARKET",
    reduceOnly: false,
    strategyId: "s",
    decisionId: null,
    ...partial,
  };
}

function setup(options: Partial<PaperBrokerOptions> = {}) {
  const clock = new ManualClock(T0);
  let n = 0;
  const broker = new PaperBroker({
    clock,
    guard: ALLOW,
    fees: FEES,
    slippage: NO_SLIPPAGE,
    latencyMs: 50,
    idGenerator: () => `id${++n}`,
    ...options,
  });
  const updates: OrderUpdate[] = [];
  broker.connect((u) => updates.push(u));
  const tick = (t: Tick) => {
    clock.advanceTo(t.ts);
    broker.onTick(t);
  };
  const fills = () => updates.flatMap((u) => (u.type === "ORDER_FILLED" ? [u.fill] : []));
  const types = () => updates.map((u) => `${u.type}:${u.order.status}`);
  return { clock, broker, updates, tick, fills, types };
}

describe("PaperBroker market orders", () => {
  it("fills a buy after latencyMs at the then-current ask, measuring latency and slippage vs mid at submit", () => {
    const { clock, broker, tick, fills, types } = setup();
    tick(quote(T0, 99, 101));
    const submitted = broker.submit(order({ side: "BUY", qty: 1 }));
    expect(submitted).toMatchObject({ status: "NEW", filledQty: 0, createdAt: T0, venueOrderId: "id1" });
    tick(quote(T0 + 20, 101, 103));
    clock.advanceTo(T0 + 49);
    expect(fills()).toHaveLength(0);
    clock.advanceTo(T0 + 50);
    const [f] = fills();
    expect(f).toMatchObject({ orderId: "c1", side: "BUY", qty: 1, price: 103, liquidity: "TAKER", ts: T0 + 50 });
    expect(f?.latencyMs).toBe(50);
    expect(f?.slippage).toBeCloseTo((103 - 100) / 100, 12);
    expect(f?.fee).toBeCloseTo(103 * 0.00055, 12);
    expect(types()).toEqual(["ORDER_ACCEPTED:NEW", "ORDER_FILLED:FILLED"]);
    expect(broker.order("c1")).toMatchObject({ status: "FILLED", filledQty: 1, avgFillPrice: 103 });
    expect(broker.openOrders()).toHaveLength(0);
  });

  it("fills a sell at the bid", () => {
    const { clock, broker, tick, fills } = setup({ latencyMs: 0 });
    tick(quote(T0, 99, 101));
    broker.submit(order({ side: "SELL", qty: 2 }));
    expect(fills()).toHaveLength(0); // even with no latency, fills come from the clock, not inside submit
    clock.advanceTo(T0);
    expect(fills()[0]).toMatchObject({ side: "SELL", qty: 2, price: 99, latencyMs: 0, slippage: 0.01 });
  });

  it("adds base plus size-proportional impact slippage", () => {
    const { clock, broker, tick, fills } = setup({ slippage: { baseBps: 2, impactBps: 10 }, latencyMs: 0 });
    tick(quote(T0, 99.9, 100, 4));
    broker.submit(order({ side: "BUY", qty: 2 }));
    clock.advanceTo(T0);
    const f = fills()[0];
    expect(f?.price).toBeCloseTo(100 * (1 + (2 + 10 * 0.5) / 10_000), 10);
    expect(f?.slippage).toBeCloseTo((f?.price ?? 0) / 99.95 - 1, 12);
    broker.submit(order({ clientOrderId: "c2", side: "SELL", qty: 1 }));
    clock.advanceTo(T0);
    expect(fills()[1]?.price).toBeCloseTo(99.9 * (1 - (2 + 10 * 0.25) / 10_000), 10);
  });

  it("fills the top-of-book size now and the rest on following ticks, each fill its own", () => {
    const { clock, broker, tick, fills, types } = setup({ latencyMs: 0 });
    tick(quote(T0, 99, 100, 1));
    broker.submit(order({ side: "BUY", qty: 2.5 }));
    clock.advanceTo(T0);
    tick(quote(T0 + 1000, 100, 101, 1));
    tick(quote(T0 + 2000, 101, 102, 4));
    tick(quote(T0 + 3000, 101, 102, 4));
    expect(fills().map((f) => [f.qty, f.price, f.latencyMs])).toEqual([
      [1, 100, 0],
      [1, 101, 1000],
      [0.5, 102, 2000],
    ]);
    expect(types()).toEqual([
      "ORDER_ACCEPTED:NEW",
      "ORDER_FILLED:PARTIALLY_FILLED",
      "ORDER_FILLED:PARTIALLY_FILLED",
      "ORDER_FILLED:FILLED",
    ]);
    expect(broker.order("c1")?.avgFillPrice).toBeCloseTo((100 + 101 + 0.5 * 102) / 2.5, 10);
  });

  it("shares a tick's top-of-book size between orders", () => {
    const { clock, broker, tick, fills } = setup({ latencyMs: 0 });
    tick(quote(T0, 99, 100, 1));
    broker.submit(order({ clientOrderId: "a", side: "BUY", qty: 0.75 }));
    broker.submit(order({ clientOrderId: "b", side: "BUY", qty: 0.75 }));
    clock.advanceTo(T0);
    expect(fills().map((f) => [f.orderId, f.qty])).toEqual([
      ["a", 0.75],
      ["b", 0.25],
    ]);
    tick(quote(T0 + 1, 99, 100, 1));
    expect(fills().map((f) => [f.orderId, f.qty])).toEqual([
      ["a", 0.75],
      ["b", 0.25],
      ["b", 0.5],
    ]);
  });
});

describe("PaperBroker limit orders", () => {
  it("rests, then fills as maker at its price when the market trades through it", () => {
    const { clock, broker, tick, fills, types } = setup();
    tick(quote(T0, 99, 101));
    broker.submit(order({ side: "BUY", qty: 1, type: "LIMIT", price: 98 }));
    clock.advanceTo(T0 + 50);
    tick(quote(T0 + 100, 98, 98.5));
    expect(fills()).toHaveLength(0);
    expect(broker.openOrders().map((o) => o.clientOrderId)).toEqual(["c1"]);
    tick(quote(T0 + 200, 97, 98));
    expect(fills()[0]).toMatchObject({ price: 98, qty: 1, liquidity: "MAKER", slippage: 0, latencyMs: 200 });
    expect(fills()[0]?.fee).toBeCloseTo(98 * 0.0002, 12);
    expect(types()).toEqual(["ORDER_ACCEPTED:NEW", "ORDER_FILLED:FILLED"]);
  });

  it("a sell limit fills when the bid reaches it", () => {
    const { broker, tick, fills } = setup({ latencyMs: 0 });
    tick(quote(T0, 99, 101));
    broker.submit(order({ side: "SELL", qty: 1, type: "LIMIT", price: 102 }));
    tick(quote(T0 + 1, 101.5, 102.5));
    expect(fills()).toHaveLength(0);
    tick(quote(T0 + 2, 102, 103));
    expect(fills()[0]).toMatchObject({ price: 102, liquidity: "MAKER" });
  });

  it("fills a limit that is marketable on arrival as taker, never beyond its price", () => {
    const { clock, broker, tick, fills } = setup({ latencyMs: 0, slippage: { baseBps: 50, impactBps: 0 } });
    tick(quote(T0, 99, 100));
    broker.submit(order({ side: "BUY", qty: 1, type: "LIMIT", price: 105 }));
    broker.submit(order({ clientOrderId: "c2", side: "BUY", qty: 1, type: "LIMIT", price: 100.2 }));
    clock.advanceTo(T0);
    expect(fills()[0]?.liquidity).toBe("TAKER");
    expect(fills()[0]?.price).toBeCloseTo(100.5, 10);
    expect(fills()[0]?.fee).toBeCloseTo(100.5 * 0.00055, 12);
    expect(fills()[1]).toMatchObject({ price: 100.2, liquidity: "TAKER" });
  });

  it("takes the marketable part as taker and rests the rest as maker", () => {
    const { clock, broker, tick, fills } = setup({ latencyMs: 0 });
    tick(quote(T0, 99, 100, 1));
    broker.submit(order({ side: "BUY", qty: 3, type: "LIMIT", price: 100 }));
    clock.advanceTo(T0);
    tick(quote(T0 + 1, 100.5, 101, 5)); // no longer reaches the limit
    tick(quote(T0 + 2, 99, 99.5, 5));
    expect(fills().map((f) => [f.qty, f.price, f.liquidity])).toEqual([
      [1, 100, "TAKER"],
      [2, 100, "MAKER"],
    ]);
  });
});

describe("PaperBroker cancel", () => {
  it("cancels a resting order once and reports unknown or final orders as false", () => {
    const { broker, tick, types } = setup({ latencyMs: 0 });
    tick(quote(T0, 99, 101));
    broker.submit(order({ side: "BUY", qty: 1, type: "LIMIT", price: 90 }));
    expect(broker.cancel("c1", "USER")).toBe(true);
    expect(broker.cancel("c1", "USER")).toBe(false);
    expect(broker.cancel("nope", "USER")).toBe(false);
    tick(quote(T0 + 1, 80, 81));
    expect(types()).toEqual(["ORDER_ACCEPTED:NEW", "ORDER_CANCELLED:CANCELLED"]);
    expect(broker.order("c1")).toMatchObject({ status: "CANCELLED", rejectReason: null });
  });

  it("cancels a market order before it reaches the venue, so it never fills", () => {
    const { clock, broker, tick, updates } = setup();
    tick(quote(T0, 99, 101));
    broker.submit(order({ side: "BUY", qty: 1 }));
    broker.cancel("c1", "USER");
    clock.advanceTo(T0 + 1000);
    expect(updates.at(-1)).toMatchObject({ type: "ORDER_CANCELLED", reason: "USER" });
    expect(updates.some((u) => u.type === "ORDER_FILLED")).toBe(false);
  });

  it("cancelAll cancels every open order and counts them", () => {
    const { broker, tick } = setup();
    tick(quote(T0, 99, 101));
    broker.submit(order({ clientOrderId: "a", side: "BUY", qty: 1, type: "LIMIT", price: 90 }));
    broker.submit(order({ clientOrderId: "b", side: "SELL", qty: 1, type: "LIMIT", price: 110 }));
    broker.submit(order({ clientOrderId: "c", side: "SELL", qty: 1 }));
    expect(broker.cancelAll("KILLSWITCH")).toBe(3);
    expect(broker.openOrders()).toHaveLength(0);
    expect(broker.cancelAll("KILLSWITCH")).toBe(0);
  });
});

describe("PaperBroker rejects and idempotency", () => {
  it("is idempotent on clientOrderId: a repeat returns the first order and emits nothing", () => {
    const { clock, broker, tick, updates, fills } = setup();
    tick(quote(T0, 99, 101));
    const first = broker.submit(order({ side: "BUY", qty: 1 }));
    const again = broker.submit(order({ side: "SELL", qty: 5 }));
    expect(again).toBe(first);
    expect(updates).toHaveLength(1);
    clock.advanceTo(T0 + 100);
    expect(broker.submit(order({ side: "BUY", qty: 1 }))).toMatchObject({ status: "FILLED" });
    expect(fills()).toHaveLength(1);
    expect(updates).toHaveLength(2);
  });

  it("rejects bad requests with a reason, and remembers the rejection", () => {
    const { broker, tick, updates } = setup();
    expect(broker.submit(order({ side: "BUY", qty: 1 })).rejectReason).toBe("NO_MARKET_DATA");
    tick(quote(T0, 99, 101));
    const cases: [Partial<OrderRequest>, string][] = [
      [{ qty: 0 }, "INVALID_QTY"],
      [{ qty: -1 }, "INVALID_QTY"],
      [{ qty: Number.NaN }, "INVALID_QTY"],
      [{ type: "LIMIT" }, "LIMIT_WITHOUT_PRICE"],
      [{ type: "LIMIT", price: 0 }, "INVALID_PRICE"],
      [{ stopLoss: Number.NaN }, "INVALID_PROTECTION"],
    ];
    for (const [i, [patch, reason]] of cases.entries()) {
      const o = broker.submit(order({ clientOrderId: `bad${i}`, side: "BUY", qty: 1, ...patch }));
      expect(o).toMatchObject({ status: "REJECTED", rejectReason: reason, filledQty: 0 });
    }
    expect(broker.submit(order({ side: "BUY", qty: 1 })).rejectReason).toBe("NO_MARKET_DATA");
    expect(updates.map((u) => u.type)).toEqual(Array(7).fill("ORDER_REJECTED"));
    expect(updates[1]).toMatchObject({ reason: "INVALID_QTY" });
    expect(broker.openOrders()).toHaveLength(0);
  });

  it("asks the guard at submit with the price it would fill at", () => {
    const asked: [string, number][] = [];
    const guard: AccountGuard = {
      rejectReason: (r, price) => {
        asked.push([r.side, price]);
        return r.qty > 5 ? "INSUFFICIENT_MARGIN" : null;
      },
    };
    const { broker, tick, updates } = setup({ guard });
    tick(quote(T0, 99, 101));
    expect(broker.submit(order({ side: "BUY", qty: 6 }))).toMatchObject({
      status: "REJECTED",
      rejectReason: "INSUFFICIENT_MARGIN",
    });
    broker.submit(order({ clientOrderId: "c2", side: "SELL", qty: 1 }));
    broker.submit(order({ clientOrderId: "c3", side: "BUY", qty: 1, type: "LIMIT", price: 95 }));
    expect(asked).toEqual([
      ["BUY", 101],
      ["SELL", 99],
      ["BUY", 95],
    ]);
    expect(updates[0]).toMatchObject({ type: "ORDER_REJECTED", reason: "INSUFFICIENT_MARGIN" });
  });

  it("checks the guard again before each fill: rejects an unfilled order, cancels a partly filled one", () => {
    let allow = true;
    const guard: AccountGuard = { rejectReason: () => (allow ? null : "REDUCE_ONLY_WOULD_INCREASE") };
    const { clock, broker, tick, types, updates } = setup({ guard, latencyMs: 10 });
    tick(quote(T0, 99, 100, 1));
    broker.submit(order({ clientOrderId: "a", side: "SELL", qty: 1, reduceOnly: true }));
    broker.submit(order({ clientOrderId: "b", side: "SELL", qty: 3, reduceOnly: true, type: "LIMIT", price: 99 }));
    allow = false;
    clock.advanceTo(T0 + 5);
    allow = true;
    clock.advanceTo(T0 + 10); // "a" takes the whole bid size, so "b" gets none this tick
    tick(quote(T0 + 20, 99, 100, 1));
    allow = false;
    tick(quote(T0 + 30, 99, 100, 1));
    expect(types()).toEqual([
      "ORDER_ACCEPTED:NEW",
      "ORDER_ACCEPTED:NEW",
      "ORDER_FILLED:FILLED",
      "ORDER_FILLED:PARTIALLY_FILLED",
      "ORDER_CANCELLED:CANCELLED",
    ]);
    expect(updates.at(-1)).toMatchObject({ reason: "REDUCE_ONLY_WOULD_INCREASE" });

    allow = true;
    broker.submit(order({ clientOrderId: "c", side: "SELL", qty: 1 }));
    allow = false;
    clock.advanceTo(T0 + 100);
    expect(updates.at(-1)).toMatchObject({
      type: "ORDER_REJECTED",
      order: { status: "REJECTED", rejectReason: "REDUCE_ONLY_WOULD_INCREASE" },
    });
  });

  it("refuses a bad quote and a submit without a listener", () => {
    const { broker } = setup();
    expect(() => broker.onTick(quote(T0, Number.NaN, 101))).toThrow(RangeError);
    expect(() => broker.onTick(quote(T0, 99, 101, -1))).toThrow(RangeError);
    const lonely = new PaperBroker({
      clock: new ManualClock(),
      guard: ALLOW,
      fees: FEES,
      slippage: NO_SLIPPAGE,
      latencyMs: 0,
    });
    expect(() => lonely.submit(order({ side: "BUY", qty: 1 }))).toThrow(/connect/);
  });
});

describe("PaperBroker recovery", () => {
  it("restores open orders as live, without emitting, and keeps filling them", () => {
    const first = setup({ latencyMs: 0 });
    first.tick(quote(T0, 99, 100, 1));
    first.broker.submit(order({ side: "BUY", qty: 3, type: "LIMIT", price: 100 }));
    first.clock.advanceTo(T0);
    const open = first.broker.openOrders();
    expect(open[0]).toMatchObject({ status: "PARTIALLY_FILLED", filledQty: 1 });

    const second = setup({ latencyMs: 0 });
    second.broker.restore(open);
    expect(second.updates).toHaveLength(0);
    expect(second.broker.submit(order({ side: "SELL", qty: 9 }))).toBe(open[0]);
    second.tick(quote(T0 + 1, 98, 99, 5));
    expect(second.fills()[0]).toMatchObject({ qty: 2, price: 100, liquidity: "MAKER" });
    expect(second.broker.order("c1")).toMatchObject({ status: "FILLED", filledQty: 3, avgFillPrice: 100 });
  });
});
