import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import type { Fill, OrderRequest, Side } from "../model/trading";
import { Portfolio } from "./portfolio";

const T0 = Date.UTC(2022, 0, 1);
let fillSeq = 0;

function fill(side: Side, qty: number, price: number, fee = 0, symbol = "BTCUSDT"): Fill {
  fillSeq++;
  return {
    id: `f${fillSeq}`,
    orderId: `o${fillSeq}`,
    symbol,
    side,
    qty,
    price,
    fee,
    liquidity: "TAKER",
    ts: T0 + fillSeq,
    latencyMs: 0,
    slippage: 0,
  };
}

function request(side: Side, qty: number, reduceOnly = false, symbol = "BTCUSDT"): OrderRequest {
  return { clientOrderId: "c", symbol, side, type: "MARKET", qty, reduceOnly, strategyId: null, decisionId: null };
}

function portfolio(initialBalance = 10_000, leverage = 10) {
  const clock = new ManualClock(T0);
  return { clock, p: new Portfolio({ accountId: "paper", initialBalance, leverage, clock }) };
}

describe("Portfolio positions", () => {
  it("opens a long at the fill price and averages the entry on adds", () => {
    const { p } = portfolio();
    const opened = p.applyFill(fill("BUY", 1, 100));
    expect(opened.change).toBe("OPENED");
    const added = p.applyFill(fill("BUY", 3, 200));
    expect(added.change).toBe("INCREASED");
    expect(p.position("BTCUSDT")).toMatchObject({ side: "LONG", qty: 4, entryPrice: 175 });
  });

  it("realizes (exit − entry) × qty on a partial close of a long and keeps the entry", () => {
    const { p } = portfolio();
    p.applyFill(fill("BUY", 2, 100));
    const effect = p.applyFill(fill("SELL", 0.5, 120));
    expect(effect).toMatchObject({ change: "REDUCED", realizedPnl: 10, closedQty: 0.5, openedQty: 0 });
    expect(p.position("BTCUSDT")).toMatchObject({ side: "LONG", qty: 1.5, entryPrice: 100, realizedPnl: 10 });
    expect(p.snapshot().realizedPnl).toBe(10);
  });

  it("realizes (entry − exit) × qty for a short", () => {
    const { p } = portfolio();
    p.applyFill(fill("SELL", 2, 100));
    expect(p.applyFill(fill("BUY", 1, 90)).realizedPnl).toBe(10);
    expect(p.applyFill(fill("BUY", 1, 130)).realizedPnl).toBe(-30);
    expect(p.position("BTCUSDT")).toBeUndefined();
    expect(p.snapshot().realizedPnl).toBe(-20);
  });

  it("closes to flat, leaving no dust from floating-point quantities", () => {
    const { p } = portfolio();
    p.applyFill(fill("BUY", 0.1, 100));
    p.applyFill(fill("BUY", 0.2, 100));
    const effect = p.applyFill(fill("SELL", 0.3, 110));
    expect(effect.change).toBe("CLOSED");
    expect(effect.position).toBeNull();
    expect(p.position("BTCUSDT")).toBeUndefined();
    expect(p.snapshot().positions).toHaveLength(0);
    expect(p.snapshot().realizedPnl).toBeCloseTo(3, 9);
  });

  it("flips through zero: the closing part realizes, the rest opens the other side at the fill price", () => {
    const { p } = portfolio();
    p.applyFill(fill("BUY", 1, 100));
    const effect = p.applyFill(fill("SELL", 3, 110));
    expect(effect).toMatchObject({ change: "FLIPPED", realizedPnl: 10, closedQty: 1, openedQty: 2 });
    expect(p.position("BTCUSDT")).toMatchObject({ side: "SHORT", qty: 2, entryPrice: 110, realizedPnl: 0 });
    const back = p.applyFill(fill("BUY", 2.5, 100));
    expect(back).toMatchObject({ change: "FLIPPED", realizedPnl: 20, closedQty: 2 });
    expect(p.position("BTCUSDT")).toMatchObject({ side: "LONG", qty: 0.5, entryPrice: 100 });
  });

  it("keeps one independent position per symbol", () => {
    const { p } = portfolio();
    p.applyFill(fill("BUY", 1, 100, 0, "BTCUSDT"));
    p.applyFill(fill("SELL", 2, 10, 0, "ETHUSDT"));
    expect(p.positions().map((x) => [x.symbol, x.side])).toEqual([
      ["BTCUSDT", "LONG"],
      ["ETHUSDT", "SHORT"],
    ]);
  });
});

describe("Portfolio accounting", () => {
  it("takes fees from the balance and accumulates them", () => {
    const { p } = portfolio(1_000);
    p.applyFill(fill("BUY", 1, 100, 0.055));
    p.applyFill(fill("SELL", 1, 110, 0.0605));
    const s = p.snapshot();
    expect(s.feesPaid).toBeCloseTo(0.1155, 12);
    expect(s.realizedPnl).toBe(10);
    expect(s.balance).toBeCloseTo(1_000 + 10 - 0.1155, 9);
    expect(s.equity).toBe(s.balance);
  });

  it("measures unrealized PnL, exposure and margin at the mark", () => {
    const { p } = portfolio(1_000, 5);
    p.applyFill(fill("BUY", 2, 100, 0, "BTCUSDT"));
    p.applyFill(fill("SELL", 10, 20, 0, "ETHUSDT"));
    p.mark("BTCUSDT", 105);
    p.markTick({ symbol: "ETHUSDT", ts: T0, bid: 21.9, ask: 22.1, last: 22, bidSize: 1, askSize: 1, volume: 0 });
    const s = p.snapshot();
    expect(s.unrealizedPnl).toBeCloseTo(2 * 5 - 10 * 2, 9);
    expect(s.exposure).toBeCloseTo(2 * 105 + 10 * 22, 9);
    expect(s.marginUsed).toBeCloseTo((2 * 105 + 10 * 22) / 5, 9);
    expect(s.equity).toBeCloseTo(1_000 - 10, 9);
    expect(s.marginFree).toBeCloseTo(s.equity - s.marginUsed, 9);
    expect(s.positions.find((x) => x.symbol === "ETHUSDT")).toMatchObject({ markPrice: 22, unrealizedPnl: -20 });
  });

  it("uses the fill price as the mark until a quote arrives", () => {
    const { p } = portfolio();
    p.applyFill(fill("BUY", 1, 100));
    expect(p.snapshot().unrealizedPnl).toBe(0);
    expect(p.markPrice("BTCUSDT")).toBe(100);
  });

  it("tracks start and peak equity in the account record", () => {
    const { p, clock } = portfolio(1_000);
    p.applyFill(fill("BUY", 1, 100));
    p.mark("BTCUSDT", 150);
    p.mark("BTCUSDT", 120);
    clock.advanceBy(5);
    expect(p.account()).toEqual({
      id: "paper",
      balance: 1_000,
      realizedPnl: 0,
      feesPaid: 0,
      fundingPaid: 0,
      startEquity: 1_000,
      peakEquity: 1_050,
      updatedAt: T0 + 5,
    });
  });
});

describe("Portfolio as AccountGuard", () => {
  it("rejects an order whose margin exceeds marginFree", () => {
    const { p } = portfolio(1_000, 2);
    expect(p.rejectReason(request("BUY", 20), 100)).toBeNull(); // 2000 / 2 = 1000 <= 1000
    expect(p.rejectReason(request("BUY", 20.01), 100)).toBe("INSUFFICIENT_MARGIN");
    p.applyFill(fill("BUY", 15, 100));
    expect(p.rejectReason(request("BUY", 6), 100)).toBe("INSUFFICIENT_MARGIN"); // 250 used + 300 > 1000 − 750
    expect(p.rejectReason(request("BUY", 5), 100)).toBeNull();
  });

  it("needs no margin for the part of an order that offsets the position", () => {
    const { p } = portfolio(1_000, 2);
    p.applyFill(fill("BUY", 20, 100)); // margin fully used
    expect(p.rejectReason(request("BUY", 0.1), 100)).toBe("INSUFFICIENT_MARGIN");
    expect(p.rejectReason(request("SELL", 20), 100)).toBeNull();
    // A flip to a smaller short frees margin overall; one to a larger short needs the difference.
    expect(p.rejectReason(request("SELL", 30), 100)).toBeNull();
    expect(p.rejectReason(request("SELL", 41), 100)).toBe("INSUFFICIENT_MARGIN");
  });

  it("rejects reduce-only orders that have nothing to reduce, are on the wrong side or too large", () => {
    const { p } = portfolio(1_000, 2);
    expect(p.rejectReason(request("SELL", 1, true), 100)).toBe("REDUCE_ONLY_WOULD_INCREASE");
    p.applyFill(fill("BUY", 20, 100));
    expect(p.rejectReason(request("BUY", 1, true), 100)).toBe("REDUCE_ONLY_WOULD_INCREASE");
    expect(p.rejectReason(request("SELL", 21, true), 100)).toBe("REDUCE_ONLY_WOULD_INCREASE");
    // Reduce-only never needs margin, even with none left.
    p.mark("BTCUSDT", 60);
    expect(p.snapshot().marginFree).toBeLessThan(0);
    expect(p.rejectReason(request("SELL", 20, true), 60)).toBeNull();
  });
});

describe("Portfolio validation", () => {
  it("throws on NaN or non-positive quantities and prices, and on a NaN fee", () => {
    const { p } = portfolio();
    expect(() => p.applyFill(fill("BUY", Number.NaN, 100))).toThrow(RangeError);
    expect(() => p.applyFill(fill("BUY", -1, 100))).toThrow(RangeError);
    expect(() => p.applyFill(fill("BUY", 0, 100))).toThrow(RangeError);
    expect(() => p.applyFill(fill("BUY", 1, -100))).toThrow(RangeError);
    expect(() => p.applyFill(fill("BUY", 1, 100, Number.NaN))).toThrow(RangeError);
    expect(() => p.mark("BTCUSDT", Number.NaN)).toThrow(RangeError);
    expect(() => p.mark("BTCUSDT", 0)).toThrow(RangeError);
    expect(() => p.rejectReason(request("BUY", Number.NaN), 100)).toThrow(RangeError);
    expect(
      () => new Portfolio({ accountId: "paper", initialBalance: 1, leverage: 0, clock: new ManualClock() }),
    ).toThrow(RangeError);
    expect(p.snapshot().positions).toHaveLength(0);
  });
});

describe("Portfolio protection", () => {
  it("attaches an order's stop-loss and take-profit when it opens or adds, and not when it reduces", () => {
    const { p } = portfolio();
    p.applyFill(fill("BUY", 1, 100), { stopLoss: 95, takeProfit: 110 });
    expect(p.position("BTCUSDT")).toMatchObject({ stopLoss: 95, takeProfit: 110 });
    p.applyFill(fill("BUY", 1, 100), { stopLoss: 97 });
    expect(p.position("BTCUSDT")).toMatchObject({ stopLoss: 97, takeProfit: 110 });
    p.applyFill(fill("SELL", 1, 100), { stopLoss: 50, takeProfit: 500 });
    expect(p.position("BTCUSDT")).toMatchObject({ stopLoss: 97, takeProfit: 110 });
  });

  it("sets and clears protection on an open position, and reports when there is none", () => {
    const { p, clock } = portfolio();
    expect(p.setProtection("BTCUSDT", 90, null)).toBeNull();
    p.applyFill(fill("SELL", 1, 100));
    clock.advanceBy(10);
    expect(p.setProtection("BTCUSDT", 105, 90)).toMatchObject({ stopLoss: 105, takeProfit: 90, updatedAt: T0 + 10 });
    expect(p.setProtection("BTCUSDT", null, 90)).toMatchObject({ stopLoss: null, takeProfit: 90 });
    expect(() => p.setProtection("BTCUSDT", Number.NaN, null)).toThrow(RangeError);
  });
});

describe("Portfolio recovery", () => {
  it("restores the account and positions so that the numbers continue where they stopped", () => {
    const { p: before } = portfolio(1_000);
    before.applyFill(fill("BUY", 2, 100, 0.1));
    before.applyFill(fill("SELL", 1, 120, 0.1));
    before.applyFill(fill("SELL", 3, 50, 0.1, "ETHUSDT"), { stopLoss: 60 });
    before.mark("BTCUSDT", 130);
    before.mark("ETHUSDT", 45);
    const { p: after } = portfolio(1_000);
    after.restore({ account: before.account(), positions: before.positions() });
    after.mark("BTCUSDT", 130);
    after.mark("ETHUSDT", 45);
    const a = before.snapshot();
    const b = after.snapshot();
    expect(b.balance).toBeCloseTo(a.balance, 9);
    expect(b.equity).toBeCloseTo(a.equity, 9);
    expect(b.realizedPnl).toBe(a.realizedPnl);
    expect(b.feesPaid).toBe(a.feesPaid);
    expect(b.positions).toEqual(a.positions);
    expect(after.account().peakEquity).toBe(before.account().peakEquity);
    after.applyFill(fill("SELL", 1, 140, 0.1));
    expect(after.snapshot().realizedPnl).toBeCloseTo(20 + 40, 9);
  });

  it("refuses another account's record and invalid positions", () => {
    const { p } = portfolio();
    const account = { ...p.account(), id: "live" };
    expect(() => p.restore({ account, positions: [] })).toThrow(/account live/);
    const bad = {
      symbol: "BTCUSDT",
      side: "LONG" as const,
      qty: 0,
      entryPrice: 100,
      realizedPnl: 0,
      stopLoss: null,
      takeProfit: null,
      openedAt: T0,
      updatedAt: T0,
    };
    expect(() => p.restore({ account: null, positions: [bad] })).toThrow(RangeError);
  });
});
