import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Order } from "../model/trading";
import { checkAccounting, checkOrderFills } from "../portfolio/testing/accounting-checks";
import { PaperDesk } from "../portfolio/testing/paper-desk";

const SYMBOLS = ["BTCUSDT", "ETHUSDT"] as const;

type Command =
  | { kind: "tick"; symbol: number; moveBps: number; spreadBps: number; bidSize: number; askSize: number; dt: number }
  | {
      kind: "submit";
      symbol: number;
      buy: boolean;
      limit: boolean;
      offsetBps: number;
      qty: number;
      reduceOnly: boolean;
      protect: boolean;
    }
  | { kind: "close"; symbol: number }
  | { kind: "cancel"; pick: number }
  | { kind: "wait"; dt: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("tick" as const),
      symbol: fc.nat(SYMBOLS.length - 1),
      moveBps: fc.integer({ min: -80, max: 80 }),
      spreadBps: fc.integer({ min: 1, max: 20 }),
      bidSize: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 5, noNaN: true })),
      askSize: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 5, noNaN: true })),
      dt: fc.integer({ min: 0, max: 3_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("submit" as const),
      symbol: fc.nat(SYMBOLS.length - 1),
      buy: fc.boolean(),
      limit: fc.boolean(),
      offsetBps: fc.integer({ min: -40, max: 40 }),
      qty: fc.oneof(fc.double({ min: 0.001, max: 8, noNaN: true }), fc.constantFrom(0.1, 0.2, 0.3, 1, 500)),
      reduceOnly: fc.boolean(),
      protect: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("close" as const), symbol: fc.nat(SYMBOLS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wait" as const), dt: fc.integer({ min: 0, max: 500 }) }) },
);

/** Runs the commands against a paper desk and checks the accounting and order invariants after each. */
function run(
  commands: readonly Command[],
  latencyMs: number,
  baseBps: number,
  impactBps: number,
  seen: Coverage,
): void {
  const desk = new PaperDesk({ latencyMs, slippage: { baseBps, impactBps }, initialBalance: 1_000, leverage: 5 });
  const mids = new Map<string, number>([
    ["BTCUSDT", 100],
    ["ETHUSDT", 10],
  ]);
  let now = desk.clock.now();
  for (const c of commands) {
    if (c.kind === "tick") {
      const symbol = SYMBOLS[c.symbol] ?? "BTCUSDT";
      const mid = (mids.get(symbol) ?? 100) * (1 + c.moveBps / 10_000);
      mids.set(symbol, mid);
      const half = (mid * c.spreadBps) / 20_000;
      now += c.dt;
      desk.tick({
        symbol,
        ts: now,
        bid: mid - half,
        ask: mid + half,
        last: mid,
        bidSize: c.bidSize,
        askSize: c.askSize,
        volume: 0,
      });
    } else if (c.kind === "submit") {
      const symbol = SYMBOLS[c.symbol] ?? "BTCUSDT";
      const mid = mids.get(symbol) ?? 100;
      const sign = c.buy ? -1 : 1; // positive offsets rest away from the market
      const price = mid * (1 + (sign * c.offsetBps) / 10_000);
      desk.submit({
        symbol,
        side: c.buy ? "BUY" : "SELL",
        type: c.limit ? "LIMIT" : "MARKET",
        qty: c.qty,
        ...(c.limit ? { price } : {}),
        reduceOnly: c.reduceOnly,
        ...(c.protect && !c.reduceOnly
          ? { stopLoss: mid * (c.buy ? 0.995 : 1.005), takeProfit: mid * (c.buy ? 1.005 : 0.995) }
          : {}),
      });
    } else if (c.kind === "close") {
      const position = desk.portfolio.position(SYMBOLS[c.symbol] ?? "BTCUSDT");
      if (position !== undefined) {
        desk.submit({
          symbol: position.symbol,
          side: position.side === "LONG" ? "SELL" : "BUY",
          type: "MARKET",
          qty: position.qty,
          reduceOnly: true,
        });
      }
    } else if (c.kind === "cancel") {
      const open = desk.broker.openOrders();
      const target = open[c.pick % Math.max(1, open.length)];
      if (target !== undefined) desk.broker.cancel(target.clientOrderId, "TEST");
    } else {
      now += c.dt;
      desk.clock.advanceTo(now);
    }
    checkAccounting(desk.portfolio, desk.initialBalance, desk.fills, desk.effects);
    const orders = [...desk.submitted.keys()].map((id) => desk.broker.order(id)).filter((o): o is Order => !!o);
    checkOrderFills(orders, desk.fills);
    checkFillRules(desk, latencyMs);
  }
  for (const u of desk.updates) {
    if (u.type === "ORDER_FILLED") seen.add(`${u.fill.liquidity}:${u.order.status}`);
    else seen.add(u.type === "ORDER_REJECTED" ? `REJECTED:${u.reason}` : u.type);
  }
  for (const e of desk.effects) seen.add(e.change);
  for (const o of desk.submitted.values()) if (o.strategyId === "protective_exit") seen.add("PROTECTIVE_EXIT");
}

type Coverage = Set<string>;

/** Every fill comes after the order's latency, never at a price beyond a limit, with the configured fee. */
function checkFillRules(desk: PaperDesk, latencyMs: number): void {
  for (const f of desk.fills) {
    const order = desk.broker.order(f.orderId);
    if (order === undefined) throw new Error(`fill ${f.id} of unknown order`);
    if (f.latencyMs < latencyMs || f.latencyMs !== f.ts - order.createdAt) throw new Error(`fill ${f.id} latency`);
    if (order.type === "LIMIT" && order.price !== undefined) {
      const beyond = order.side === "BUY" ? f.price > order.price : f.price < order.price;
      if (beyond) throw new Error(`fill ${f.id} at ${f.price} beyond limit ${order.price}`);
    }
    const rate = f.liquidity === "MAKER" ? 0.0002 : 0.00055;
    if (Math.abs(f.fee - f.qty * f.price * rate) > 1e-12 * f.qty * f.price) throw new Error(`fill ${f.id} fee`);
  }
}

describe("PaperBroker + Portfolio properties", () => {
  it("keeps the account reconciled and fills within orders over random ticks and orders", () => {
    const seen: Coverage = new Set();
    fc.assert(
      fc.property(
        fc.array(command, { minLength: 1, maxLength: 150, size: "max" }),
        fc.constantFrom(0, 50, 250),
        fc.constantFrom(0, 2),
        fc.constantFrom(0, 10),
        (commands, latencyMs, baseBps, impactBps) => run(commands, latencyMs, baseBps, impactBps, seen),
      ),
      { numRuns: 300 },
    );
    // The runs must have reached every path the invariants are meant to guard.
    for (const path of [
      "TAKER:FILLED",
      "TAKER:PARTIALLY_FILLED",
      "MAKER:FILLED",
      "MAKER:PARTIALLY_FILLED",
      "ORDER_CANCELLED",
      "REJECTED:INSUFFICIENT_MARGIN",
      "REJECTED:REDUCE_ONLY_WOULD_INCREASE",
      "OPENED",
      "INCREASED",
      "REDUCED",
      "CLOSED",
      "FLIPPED",
      "PROTECTIVE_EXIT",
    ]) {
      expect(seen, path).toContain(path);
    }
  });
});
