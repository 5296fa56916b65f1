// Trading records for store tests, each with every field set; override what a test is about.
import type { AccountRecord, DecisionRecord, EquitySnapshotRecord } from "../../../engine/model/records";
import type { Fill, Order, Position } from "../../../engine/model/trading";

export const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);

/** Doubles that a careless path would change: rounding to 15 digits, text without -0, NaN, ±Infinity. */
export const AWKWARD = [
  0.1 + 0.2,
  1 / 3,
  -0,
  Number.MIN_VALUE,
  Number.MAX_VALUE,
  -123456.78901234567,
  2 ** 53 + 2,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
] as const;

export function decision(id: string, over: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    id,
    at: T0,
    symbol: "BTCUSDT",
    strategyId: "impulse_engine",
    decision: "SKIP",
    reasonCodes: ["COOLDOWN", "LOW_LIQUIDITY"],
    gatingFlags: { risk_ok: true, data_fresh_ok: true, liquidity_ok: false },
    marketRegime: "RANGE",
    marketMetrics: { price_change_1m: 0.1 + 0.2, spread_pct: 1 / 3, volume_1m: 12345.678 },
    side: null,
    score: 0.1 + 0.7,
    confidence: 2 / 3,
    orderId: null,
    ...over,
  };
}

export function order(id: string, over: Partial<Order> = {}): Order {
  return {
    clientOrderId: id,
    symbol: "BTCUSDT",
    side: "BUY",
    type: "LIMIT",
    qty: 0.3,
    price: 50_000.1,
    reduceOnly: false,
    strategyId: "impulse_engine",
    decisionId: `d-${id}`,
    stopLoss: 49_000.5,
    takeProfit: 52_000.25,
    status: "NEW",
    filledQty: 0,
    avgFillPrice: null,
    createdAt: T0,
    updatedAt: T0,
    rejectReason: null,
    venueOrderId: null,
    ...over,
  };
}

/** A market order without the optional fields. */
export function marketOrder(id: string, over: Partial<Order> = {}): Order {
  const { price: _p, stopLoss: _s, takeProfit: _t, ...rest } = order(id, { type: "MARKET", ...over });
  return rest;
}

export function fill(id: string, over: Partial<Fill> = {}): Fill {
  return {
    id,
    orderId: "o1",
    symbol: "BTCUSDT",
    side: "BUY",
    qty: 0.1,
    price: 50_000.1,
    fee: 0.1 * 50_000.1 * 0.00055,
    liquidity: "TAKER",
    ts: T0 + 5,
    latencyMs: 12.5,
    slippage: 0.0001 + 0.0002,
    ...over,
  };
}

export function position(symbol: string, over: Partial<Position> = {}): Position {
  return {
    symbol,
    side: "LONG",
    qty: 0.1 + 0.2,
    entryPrice: 50_000.1,
    realizedPnl: -0.5,
    stopLoss: 49_000,
    takeProfit: null,
    openedAt: T0,
    updatedAt: T0 + 1000,
    ...over,
  };
}

export function account(id = "paper", over: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id,
    balance: 10_000 - 0.1 - 0.2,
    realizedPnl: 12.3456789,
    feesPaid: 1 / 7,
    fundingPaid: -1 / 3,
    startEquity: 10_000,
    peakEquity: 10_012.5,
    updatedAt: T0,
    ...over,
  };
}

export function equity(at: number, over: Partial<EquitySnapshotRecord> = {}): EquitySnapshotRecord {
  return {
    at,
    balance: 10_000 - 0.3,
    equity: 10_001.1 + 0.2,
    unrealizedPnl: 1.7,
    realizedPnl: 0.1 + 0.2,
    marginUsed: 500 / 3,
    feesPaid: 1 / 7,
    ...over,
  };
}
