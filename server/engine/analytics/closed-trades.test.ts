import { describe, expect, it } from "vitest";
import type { Fill, Position, Side } from "../model/trading";
import { applyFillToPosition } from "../portfolio/position-math";
import { type ClosedTrade, closedTrades, type TradeFill } from "./closed-trades";

const T0 = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

function f(minute: number, side: Side, qty: number, price: number, extra: Partial<TradeFill> = {}): TradeFill {
  return { orderId: `o${minute}`, symbol: "BTCUSDT", side, qty, price, fee: 0, ts: T0 + minute * MINUTE, ...extra };
}

function only(trades: readonly ClosedTrade[]): ClosedTrade {
  expect(trades).toHaveLength(1);
  return trades[0] as ClosedTrade;
}

describe("closedTrades: round trips", () => {
  it("a long opened and closed: prices, fees, PnL, return and duration", () => {
    const { trades, open } = closedTrades([
      f(0, "BUY", 1, 100, { fee: 0.1, strategyId: "ema_cross" }),
      f(30, "SELL", 1, 110, { fee: 0.11, reason: "take_profit" }),
    ]);
    expect(open).toEqual([]);
    const t = only(trades);
    expect(t).toMatchObject({
      symbol: "BTCUSDT",
      side: "LONG",
      strategyId: "ema_cross",
      entryAt: T0,
      exitAt: T0 + 30 * MINUTE,
      entryPrice: 100,
      exitPrice: 110,
      qty: 1,
      maxQty: 1,
      durationMs: 30 * MINUTE,
      exitReason: "take_profit",
      entryOrderIds: ["o0"],
      exitOrderIds: ["o30"],
      fillCount: 2,
    });
    expect(t.grossPnl).toBeCloseTo(10, 12);
    expect(t.fees).toBeCloseTo(0.21, 12);
    expect(t.netPnl).toBeCloseTo(9.79, 12);
    expect(t.returnPct).toBeCloseTo(9.79, 12);
  });

  it("a short profits when the price falls", () => {
    const t = only(
      closedTrades([f(0, "SELL", 2, 100, { fee: 0.2 }), f(5, "BUY", 2, 90, { fee: 0.18, exitReason: "stop_loss" })])
        .trades,
    );
    expect(t.side).toBe("SHORT");
    expect(t.grossPnl).toBeCloseTo(20, 12);
    expect(t.netPnl).toBeCloseTo(19.62, 12);
    expect(t.returnPct).toBeCloseTo((19.62 / 200) * 100, 12);
    expect(t.exitReason).toBe("stop_loss");
    expect(t.strategyId).toBeNull();
  });

  it("adds average the entry (VWAP) and the trade stays one trade", () => {
    const t = only(closedTrades([f(0, "BUY", 1, 100), f(1, "BUY", 3, 120), f(2, "SELL", 4, 130)]).trades);
    expect(t.entryPrice).toBeCloseTo((100 + 360) / 4, 12);
    expect(t.qty).toBe(4);
    expect(t.grossPnl).toBeCloseTo(4 * 130 - 460, 12);
  });

  it("partial closes: one trade per round trip, exit VWAP, the open lot in between", () => {
    const fills = [
      f(0, "BUY", 2, 100, { fee: 0.2 }),
      f(1, "SELL", 0.5, 110, { fee: 0.05, reason: "scale_out" }),
      f(2, "SELL", 1.5, 120, { fee: 0.15 }),
    ];
    const midway = closedTrades(fills.slice(0, 2));
    expect(midway.trades).toEqual([]);
    expect(midway.open).toEqual([
      {
        symbol: "BTCUSDT",
        side: "LONG",
        strategyId: null,
        openedAt: T0,
        lastFillAt: T0 + MINUTE,
        qty: 1.5,
        entryPrice: 100,
        closedQty: 0.5,
        realizedPnl: 5,
        fees: 0.25,
        entryOrderIds: ["o0"],
        exitOrderIds: ["o1"],
        fillCount: 2,
      },
    ]);
    const t = only(closedTrades(fills).trades);
    expect(t.exitPrice).toBeCloseTo((0.5 * 110 + 1.5 * 120) / 2, 12);
    expect(t.grossPnl).toBeCloseTo(35, 12);
    expect(t.fees).toBeCloseTo(0.4, 12);
    // The closing fill had no reason: the latest exit reason stands.
    expect(t.exitReason).toBe("scale_out");
  });

  it("adds after a partial close: average cost for the PnL, VWAPs and max size for the report", () => {
    const t = only(
      closedTrades([f(0, "BUY", 1, 100), f(1, "SELL", 0.5, 120), f(2, "BUY", 1, 200), f(3, "SELL", 1.5, 180)]).trades,
    );
    expect(t.grossPnl).toBeCloseTo(10 + 1.5 * (180 - 250 / 1.5), 10);
    expect(t.grossPnl).toBeCloseTo(30, 10);
    expect(t.entryPrice).toBeCloseTo(150, 12);
    expect(t.exitPrice).toBeCloseTo(165, 12);
    expect(t.grossPnl).toBeCloseTo((t.exitPrice - t.entryPrice) * t.qty, 10);
    expect(t.qty).toBe(2);
    expect(t.maxQty).toBe(1.5);
  });

  it("a flip closes the trade and opens the other side with the remainder, the fee split by quantity", () => {
    const { trades, open } = closedTrades([
      f(0, "BUY", 1, 100, { fee: 0.1, strategyId: "a" }),
      f(1, "SELL", 3, 110, { fee: 0.3, strategyId: "b", reason: "reverse" }),
    ]);
    const t = only(trades);
    expect(t.side).toBe("LONG");
    expect(t.strategyId).toBe("a");
    expect(t.qty).toBe(1);
    expect(t.grossPnl).toBeCloseTo(10, 12);
    expect(t.fees).toBeCloseTo(0.2, 12);
    expect(t.exitReason).toBe("reverse");
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ side: "SHORT", qty: 2, entryPrice: 110, strategyId: "b", openedAt: T0 + MINUTE });
    expect(open[0]?.fees).toBeCloseTo(0.2, 12);

    const after = closedTrades([
      f(0, "BUY", 1, 100, { fee: 0.1 }),
      f(1, "SELL", 3, 110, { fee: 0.3 }),
      f(4, "BUY", 2, 105, { fee: 0.2 }),
    ]);
    expect(after.open).toEqual([]);
    const second = after.trades[1] as ClosedTrade;
    expect(second).toMatchObject({ side: "SHORT", qty: 2, entryPrice: 110, exitPrice: 105, entryAt: T0 + MINUTE });
    expect(second.durationMs).toBe(3 * MINUTE);
    expect(second.grossPnl).toBeCloseTo(10, 12);
    expect(second.fees).toBeCloseTo(0.4, 12);
    expect(second.entryOrderIds).toEqual(["o1"]);
  });

  it("closes exactly at zero despite binary rounding (0.1 + 0.2 then 0.3)", () => {
    const { trades, open } = closedTrades([f(0, "BUY", 0.1, 100), f(1, "BUY", 0.2, 100), f(2, "SELL", 0.3, 101)]);
    expect(open).toEqual([]);
    expect(only(trades).grossPnl).toBeCloseTo(0.3, 12);
  });

  it("nets each symbol on its own and lists trades in the order they closed", () => {
    const eth = { symbol: "ETHUSDT" };
    const { trades, open } = closedTrades([
      f(0, "BUY", 1, 100),
      f(1, "SELL", 10, 50, eth),
      f(2, "BUY", 10, 45, eth),
      f(3, "SELL", 1, 90),
      f(4, "BUY", 1, 95),
      f(5, "BUY", 2, 44, eth),
    ]);
    expect(trades.map((t) => [t.symbol, t.side, t.grossPnl])).toEqual([
      ["ETHUSDT", "SHORT", 50],
      ["BTCUSDT", "LONG", -10],
    ]);
    expect(open.map((o) => [o.symbol, o.side, o.qty])).toEqual([
      ["BTCUSDT", "LONG", 1],
      ["ETHUSDT", "LONG", 2],
    ]);
  });

  it("keeps each order id once, takes the first strategy id seen", () => {
    const t = only(
      closedTrades([
        f(0, "BUY", 1, 100, { orderId: "x" }),
        f(0, "BUY", 1, 100, { orderId: "x", strategyId: "late" }),
        f(1, "SELL", 1, 101, { orderId: "y" }),
        f(2, "SELL", 1, 102, { orderId: "y" }),
      ]).trades,
    );
    expect(t.entryOrderIds).toEqual(["x"]);
    expect(t.exitOrderIds).toEqual(["y"]);
    expect(t.strategyId).toBe("late");
    expect(t.fillCount).toBe(4);
  });

  it("returns plain data", () => {
    const result = closedTrades([f(0, "BUY", 1, 100), f(1, "SELL", 2, 101), f(2, "BUY", 0.5, 99)]);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(Object.getPrototypeOf(result.trades[0])).toBe(Object.prototype);
  });
});

describe("closedTrades: input", () => {
  it("no fills, no trades", () => {
    expect(closedTrades([])).toEqual({ trades: [], open: [] });
  });

  it("refuses fills out of time order and impossible numbers", () => {
    expect(() => closedTrades([f(5, "BUY", 1, 100), f(4, "SELL", 1, 100)])).toThrow(/time order/);
    expect(() => closedTrades([f(0, "BUY", 0, 100)])).toThrow(RangeError);
    expect(() => closedTrades([f(0, "BUY", -1, 100)])).toThrow(RangeError);
    expect(() => closedTrades([f(0, "BUY", 1, Number.NaN)])).toThrow(RangeError);
    expect(() => closedTrades([f(0, "BUY", 1, 0)])).toThrow(RangeError);
    expect(() => closedTrades([f(0, "BUY", 1, 100, { fee: Number.POSITIVE_INFINITY })])).toThrow(RangeError);
  });

  it("a tolerance option treats a larger leftover as zero", () => {
    const fills = [f(0, "BUY", 1, 100), f(1, "SELL", 1 - 1e-10, 100)];
    expect(closedTrades(fills).open).toHaveLength(1);
    expect(closedTrades(fills, { relativeTolerance: 1e-9 }).open).toEqual([]);
  });
});

describe("closedTrades agrees with the portfolio's accounting", () => {
  /** Random fills on two symbols, quantities in quarters so both sides see the same zeros. */
  function randomFills(seed: number, count: number): Fill[] {
    let s = seed;
    const next = () => {
      s = (s * 48271) % 2147483647;
      return s / 2147483647;
    };
    const fills: Fill[] = [];
    const prices = { BTCUSDT: 100, ETHUSDT: 20 };
    const net = { BTCUSDT: 0, ETHUSDT: 0 };
    for (let i = 0; i < count; i++) {
      const symbol = next() < 0.6 ? "BTCUSDT" : "ETHUSDT";
      prices[symbol] *= 1 + (next() - 0.5) * 0.05;
      const price = prices[symbol];
      // One fill in four closes the position exactly; the others add, reduce or flip.
      const closes = next() < 0.25 && net[symbol] !== 0;
      const qty = closes ? Math.abs(net[symbol]) : Math.ceil(next() * 12) / 4;
      const side: Side = closes ? (net[symbol] > 0 ? "SELL" : "BUY") : next() < 0.5 ? "BUY" : "SELL";
      net[symbol] += side === "BUY" ? qty : -qty;
      fills.push(fill(i, symbol, side, qty, price, qty * price * 0.00055));
    }
    return fills;
  }

  function fill(i: number, symbol: string, side: Side, qty: number, price: number, fee: number): Fill {
    const common = { liquidity: "TAKER", latencyMs: 0, slippage: 0 } as const;
    return { id: `f${i}`, orderId: `o${i}`, symbol, side, qty, price, fee, ts: T0 + i * 1000, ...common };
  }

  /** Flattens whatever is open at the end, so every fill belongs to a closed trade. */
  function flatten(fills: Fill[]): Fill[] {
    const net = new Map<string, { qty: number; price: number }>();
    for (const x of fills) {
      const n = net.get(x.symbol) ?? { qty: 0, price: x.price };
      net.set(x.symbol, { qty: n.qty + (x.side === "BUY" ? x.qty : -x.qty), price: x.price });
    }
    const out = [...fills];
    for (const [symbol, n] of net)
      if (n.qty !== 0) out.push(fill(out.length, symbol, n.qty > 0 ? "SELL" : "BUY", Math.abs(n.qty), n.price, 0.01));
    return out;
  }

  function engineTotals(fills: readonly Fill[]) {
    const positions = new Map<string, Position | null>();
    let realized = 0;
    let fees = 0;
    for (const x of fills) {
      const step = applyFillToPosition(positions.get(x.symbol) ?? null, x);
      positions.set(x.symbol, step.position);
      realized += step.realizedPnl;
      fees += x.fee;
    }
    return { realized, fees, open: [...positions.values()].filter((p) => p !== null) };
  }

  it("Σ netPnl of the closed trades = Σ realised − Σ fees of the fills", () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const fills = flatten(randomFills(seed, 120));
      const { trades, open } = closedTrades(fills);
      const engine = engineTotals(fills);
      expect(open).toEqual([]);
      expect(engine.open).toEqual([]);
      let net = 0;
      let fees = 0;
      for (const t of trades) {
        net += t.netPnl;
        fees += t.fees;
        expect(t.grossPnl).toBeCloseTo((t.side === "LONG" ? 1 : -1) * (t.exitPrice - t.entryPrice) * t.qty, 8);
        expect(t.netPnl).toBeCloseTo(t.grossPnl - t.fees, 12);
      }
      expect(net).toBeCloseTo(engine.realized - engine.fees, 9);
      expect(fees).toBeCloseTo(engine.fees, 12);
    }
  });

  it("with positions left open, the open lots hold the rest (and match the portfolio's positions)", () => {
    const fills = randomFills(99, 150);
    const { trades, open } = closedTrades(fills);
    const engine = engineTotals(fills);
    let net = 0;
    for (const t of trades) net += t.netPnl;
    for (const o of open) net += o.realizedPnl - o.fees;
    expect(net).toBeCloseTo(engine.realized - engine.fees, 9);
    const bySymbol = (a: { symbol: string }, b: { symbol: string }) => (a.symbol < b.symbol ? -1 : 1);
    const lots = [...open].sort(bySymbol);
    const positions = [...engine.open].sort(bySymbol);
    expect(lots.map((o) => [o.symbol, o.side])).toEqual(positions.map((p) => [p.symbol, p.side]));
    lots.forEach((o, i) => {
      expect(o.qty).toBeCloseTo(positions[i]?.qty ?? Number.NaN, 9);
      expect(o.entryPrice).toBeCloseTo(positions[i]?.entryPrice ?? Number.NaN, 9);
      expect(o.realizedPnl).toBeCloseTo(positions[i]?.realizedPnl ?? Number.NaN, 9);
    });
  });
});
