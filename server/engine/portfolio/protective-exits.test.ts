import { describe, expect, it } from "vitest";
import type { Order, Position } from "../model/trading";
import { ProtectiveExits } from "./protective-exits";
import { PaperDesk, quote } from "./testing/paper-desk";

const T0 = Date.UTC(2022, 0, 1);
const NO_ORDERS = { openOrders: (): Order[] => [] };

function position(side: "LONG" | "SHORT", stopLoss: number | null, takeProfit: number | null): Position {
  return {
    symbol: "BTCUSDT",
    side,
    qty: 2,
    entryPrice: 100,
    realizedPnl: 0,
    stopLoss,
    takeProfit,
    openedAt: T0,
    updatedAt: T0,
  };
}

describe("ProtectiveExits triggers", () => {
  const exits = new ProtectiveExits();
  const at = (bid: number, ask: number) => quote("BTCUSDT", T0, bid, ask);

  it("exits a long on the bid: stop-loss when bid <= SL, take-profit when bid >= TP", () => {
    const long = position("LONG", 95, 110);
    expect(exits.check(at(95.01, 94), long, NO_ORDERS)).toBeNull(); // the ask is not what a long sells at
    expect(exits.check(at(109.99, 111), long, NO_ORDERS)).toBeNull();
    expect(exits.check(at(95, 95.1), long, NO_ORDERS)).toMatchObject({
      symbol: "BTCUSDT",
      side: "SELL",
      type: "MARKET",
      qty: 2,
      reduceOnly: true,
      strategyId: "protective_exit",
    });
    expect(exits.lastExit("BTCUSDT")).toMatchObject({ trigger: "STOP_LOSS", level: 95, observed: 95 });
    expect(exits.check(at(110, 110.1), long, NO_ORDERS)?.side).toBe("SELL");
    expect(exits.lastExit("BTCUSDT")).toMatchObject({ trigger: "TAKE_PROFIT", level: 110, observed: 110 });
  });

  it("exits a short on the ask: stop-loss when ask >= SL, take-profit when ask <= TP", () => {
    const short = position("SHORT", 105, 90);
    expect(exits.check(at(106, 104.99), short, NO_ORDERS)).toBeNull();
    expect(exits.check(at(89, 90.01), short, NO_ORDERS)).toBeNull();
    expect(exits.check(at(104.9, 105), short, NO_ORDERS)).toMatchObject({ side: "BUY", qty: 2, reduceOnly: true });
    expect(exits.lastExit("BTCUSDT")?.trigger).toBe("STOP_LOSS");
    expect(exits.check(at(89.9, 90), short, NO_ORDERS)?.side).toBe("BUY");
    expect(exits.lastExit("BTCUSDT")?.trigger).toBe("TAKE_PROFIT");
  });

  it("does nothing without levels, and gives every exit a new client id", () => {
    expect(exits.check(at(1, 2), position("LONG", null, null), NO_ORDERS)).toBeNull();
    const a = exits.check(at(1, 2), position("LONG", 95, null), NO_ORDERS);
    const b = exits.check(at(1, 2), position("LONG", 95, null), NO_ORDERS);
    expect(a?.clientOrderId).not.toBe(b?.clientOrderId);
  });
});

describe("ProtectiveExits with the paper broker", () => {
  function deskWithLong(latencyMs: number) {
    const desk = new PaperDesk({ latencyMs });
    desk.tick(quote("BTCUSDT", T0, 99.9, 100));
    desk.submit({ symbol: "BTCUSDT", side: "BUY", type: "MARKET", qty: 1, reduceOnly: false, stopLoss: 95 });
    desk.tick(quote("BTCUSDT", T0 + 100, 99.9, 100));
    expect(desk.portfolio.position("BTCUSDT")).toMatchObject({ side: "LONG", qty: 1, stopLoss: 95 });
    return desk;
  }
  const exitOrders = (desk: PaperDesk) =>
    [...desk.submitted.values()].filter((o) => o.strategyId === "protective_exit");

  it("triggers once, not again while its exit order is open, and the exit closes the position", () => {
    const desk = deskWithLong(100);
    desk.tick(quote("BTCUSDT", T0 + 200, 94.9, 95));
    desk.tick(quote("BTCUSDT", T0 + 250, 94, 94.1));
    expect(exitOrders(desk)).toHaveLength(1);
    desk.tick(quote("BTCUSDT", T0 + 300, 93.9, 94));
    desk.tick(quote("BTCUSDT", T0 + 400, 93, 93.1));
    expect(exitOrders(desk)).toHaveLength(1);
    expect(desk.portfolio.position("BTCUSDT")).toBeUndefined();
    expect(desk.fills.at(-1)).toMatchObject({ side: "SELL", qty: 1, price: 94 });
    expect(desk.portfolio.snapshot().realizedPnl).toBeCloseTo(-6, 9);
  });

  it("triggers again when its exit order ended without closing the position", () => {
    const desk = deskWithLong(100);
    desk.tick(quote("BTCUSDT", T0 + 200, 94.9, 95));
    const [first] = exitOrders(desk);
    expect(desk.broker.cancel(first?.clientOrderId ?? "", "TEST")).toBe(true);
    desk.tick(quote("BTCUSDT", T0 + 250, 94, 94.1));
    expect(exitOrders(desk)).toHaveLength(2);
  });

  it("is not held back by a resting reduce-only limit order", () => {
    const desk = deskWithLong(0);
    desk.submit({ symbol: "BTCUSDT", side: "SELL", type: "LIMIT", price: 120, qty: 1, reduceOnly: true });
    desk.tick(quote("BTCUSDT", T0 + 200, 94.9, 95));
    expect(exitOrders(desk)).toHaveLength(1);
  });
});
