// Decisions, orders, fills, positions, the account and equity snapshots: SQL for a batch, and the
// recovery read. Every number travels as its shortest round-trip text inside one JSON parameter and
// PostgreSQL parses it back exactly (NaN, ±Infinity and -0 included), so no Prisma number
// conversion can round it (see upsertCandles in engine-records.ts for the rounding this avoids).
import type {
  Account as AccountRow,
  Decision as DecisionRow,
  Fill as FillRow,
  Order as OrderRow,
  Position as PositionRow,
  PrismaClient,
} from "../../../src/generated/prisma/client";
import type { ReasonCode } from "../../engine/model/reason-codes";
import type {
  AccountRecord,
  DecisionKind,
  DecisionRecord,
  EquitySnapshotRecord,
  FundingPayment,
} from "../../engine/model/records";
import type {
  Fill,
  Liquidity,
  Order,
  OrderStatus,
  OrderType,
  Position,
  PositionSide,
  Side,
} from "../../engine/model/trading";
import {
  RECENT_FILL_IDS_LIMIT,
  RECENT_FILL_IDS_WINDOW_MS,
  type StoreRecord,
  type TradingState,
} from "../../engine/ports";
import type { RiskTransition } from "../../engine/risk/risk-governor";
import { sortOrders, sortPositions } from "../memory/trading-state-order";
import { badText, badTime, clampTime, iso, num, optNum } from "./record-values";

/** Orders that are not final, restored as open orders. */
export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = ["NEW", "PARTIALLY_FILLED"];

/**
 * Market metrics go into a jsonb column, whose numbers cannot be NaN, ±Infinity or -0: those are
 * stored as strings ("NaN", "Infinity", "-Infinity", "-0") and read back as the numbers they name.
 */
function encodeMetrics(metrics: Readonly<Record<string, number>>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(metrics)) {
    out[key] = Number.isFinite(value) && !Object.is(value, -0) ? value : num(value);
  }
  return out;
}

function decodeMetrics(json: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (json === null || typeof json !== "object" || Array.isArray(json)) return out;
  for (const [key, value] of Object.entries(json)) out[key] = typeof value === "number" ? value : Number(value);
  return out;
}

function decodeFlags(json: unknown): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  if (json === null || typeof json !== "object" || Array.isArray(json)) return out;
  for (const [key, value] of Object.entries(json)) out[key] = value === true;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Validation: what the database would refuse. Doubles are never refused (float8 holds NaN and
// ±Infinity): dropping a fill or a position for a strange number would break the consistency of
// what is stored, which matters more.

type TradingRecord = Exclude<
  StoreRecord,
  { kind: "candle" } | { kind: "engine_transition" } | { kind: "changelog" } | { kind: "audit" }
>;

/** Why the database would refuse this trading record, or null when it is writable. */
export function invalidTradingReason(record: TradingRecord): string | null {
  switch (record.kind) {
    case "decision": {
      const d = record.decision;
      const where = `decision ${d.id}`;
      if (badTime(d.at)) return `${where}: invalid time ${d.at}`;
      if (
        badText(d.id, d.symbol, d.strategyId, d.decision, d.marketRegime, d.side, d.orderId, ...d.reasonCodes) ||
        badText(...Object.keys(d.gatingFlags), ...Object.keys(d.marketMetrics))
      )
        return `${where}: text the database cannot hold (NUL or a lone surrogate)`;
      return null;
    }
    case "order": {
      const o = record.order;
      const where = `order ${o.clientOrderId}`;
      if (badTime(o.createdAt) || badTime(o.updatedAt)) return `${where}: invalid createdAt/updatedAt`;
      if (
        badText(
          o.clientOrderId,
          o.symbol,
          o.side,
          o.type,
          o.status,
          o.strategyId,
          o.decisionId,
          o.rejectReason,
          o.venueOrderId,
        )
      )
        return `${where}: text the database cannot hold (NUL or a lone surrogate)`;
      return null;
    }
    case "fill": {
      const f = record.fill;
      const where = `fill ${f.id}`;
      if (badTime(f.ts)) return `${where}: invalid time ${f.ts}`;
      if (badText(f.id, f.orderId, f.symbol, f.side, f.liquidity))
        return `${where}: text the database cannot hold (NUL or a lone surrogate)`;
      return null;
    }
    case "funding": {
      const f = record.payment;
      if (badTime(f.at)) return `funding ${f.symbol}: invalid time ${f.at}`;
      if (badText(f.symbol, f.side)) return "funding: text the database cannot hold (NUL or a lone surrogate)";
      return null;
    }
    case "position": {
      const p = record.position;
      const where = `position ${record.symbol}`;
      if (badText(record.symbol)) return `${where}: text the database cannot hold in the symbol`;
      if (p === null) return null;
      if (p.symbol !== record.symbol) return `${where}: carries a position of ${p.symbol}`;
      if (badTime(p.openedAt) || badTime(p.updatedAt)) return `${where}: invalid openedAt/updatedAt`;
      if (badText(p.side)) return `${where}: text the database cannot hold in its side`;
      return null;
    }
    case "account": {
      const a = record.account;
      if (badTime(a.updatedAt)) return `account ${a.id}: invalid updatedAt ${a.updatedAt}`;
      if (badText(a.id)) return "account: text the database cannot hold in its id";
      return null;
    }
    case "equity":
      return badTime(record.snapshot.at) ? `equity snapshot: invalid time ${record.snapshot.at}` : null;
    case "risk_event": {
      const e = record.event;
      if (badTime(e.at)) return `risk event: invalid time ${e.at}`;
      const st = e.status;
      if (
        badText(e.from, e.to, e.actor, e.reason, st.metric, st.recommendedAction, st.clearRule) ||
        badText(...st.reasonCodes, ...st.quarantinedSymbols)
      )
        return "risk event: text the database cannot hold (NUL or a lone surrogate)";
      return null;
    }
    case "risk_state":
      if (badTime(record.at)) return `risk state ${record.id}: invalid time ${record.at}`;
      // The snapshot is stored as JSON text, in which JSON.stringify escapes NUL and lone surrogates.
      if (badText(record.id)) return `risk state ${record.id}: text the database cannot hold`;
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Writes. Each function returns one statement for a $transaction batch; keys are unique per call.

export function insertDecisions(prisma: PrismaClient, decisions: readonly DecisionRecord[]) {
  const rows = decisions.map((d, i) => ({
    i,
    id: d.id,
    at: iso(d.at),
    symbol: d.symbol,
    strategy_id: d.strategyId,
    decision: d.decision,
    reason_codes: d.reasonCodes,
    gating_flags: d.gatingFlags,
    market_regime: d.marketRegime,
    market_metrics: encodeMetrics(d.marketMetrics),
    side: d.side,
    score: num(d.score),
    confidence: num(d.confidence),
    order_id: d.orderId,
  }));
  // ORDER BY i: seq (the write order) is drawn in this order.
  return prisma.$executeRaw`
    INSERT INTO decisions (id, at, symbol, strategy_id, decision, reason_codes, gating_flags, market_regime,
                           market_metrics, side, score, confidence, order_id)
    SELECT r.id, r.at::timestamptz, r.symbol, r.strategy_id, r.decision, r.reason_codes, r.gating_flags,
           r.market_regime, r.market_metrics, r.side, r.score::float8, r.confidence::float8, r.order_id
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
             i int, id text, at text, symbol text, strategy_id text, decision text, reason_codes text[],
             gating_flags jsonb, market_regime text, market_metrics jsonb, side text, score text,
             confidence text, order_id text)
     ORDER BY r.i
    ON CONFLICT (id) DO NOTHING`;
}

export function upsertOrders(prisma: PrismaClient, orders: readonly Order[]) {
  const rows = orders.map((o) => ({
    id: o.clientOrderId,
    venue_order_id: o.venueOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    qty: num(o.qty),
    price: optNum(o.price),
    status: o.status,
    filled_qty: num(o.filledQty),
    avg_fill_price: optNum(o.avgFillPrice),
    reduce_only: o.reduceOnly,
    strategy_id: o.strategyId,
    decision_id: o.decisionId,
    reject_reason: o.rejectReason,
    stop_loss: optNum(o.stopLoss),
    take_profit: optNum(o.takeProfit),
    created_at: iso(o.createdAt),
    updated_at: iso(o.updatedAt),
  }));
  return prisma.$executeRaw`
    INSERT INTO orders (id, venue_order_id, symbol, side, type, qty, price, status, filled_qty, avg_fill_price,
                        reduce_only, strategy_id, decision_id, reject_reason, stop_loss, take_profit,
                        created_at, updated_at)
    SELECT r.id, r.venue_order_id, r.symbol, r.side, r.type, r.qty::float8, r.price::float8, r.status,
           r.filled_qty::float8, r.avg_fill_price::float8, r.reduce_only, r.strategy_id, r.decision_id,
           r.reject_reason, r.stop_loss::float8, r.take_profit::float8, r.created_at::timestamptz,
           r.updated_at::timestamptz
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
             id text, venue_order_id text, symbol text, side text, type text, qty text, price text, status text,
             filled_qty text, avg_fill_price text, reduce_only boolean, strategy_id text, decision_id text,
             reject_reason text, stop_loss text, take_profit text, created_at text, updated_at text)
    ON CONFLICT (id) DO UPDATE SET
      venue_order_id = EXCLUDED.venue_order_id, symbol = EXCLUDED.symbol, side = EXCLUDED.side,
      type = EXCLUDED.type, qty = EXCLUDED.qty, price = EXCLUDED.price, status = EXCLUDED.status,
      filled_qty = EXCLUDED.filled_qty, avg_fill_price = EXCLUDED.avg_fill_price,
      reduce_only = EXCLUDED.reduce_only, strategy_id = EXCLUDED.strategy_id,
      decision_id = EXCLUDED.decision_id, reject_reason = EXCLUDED.reject_reason,
      stop_loss = EXCLUDED.stop_loss, take_profit = EXCLUDED.take_profit,
      created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at`;
}

export function insertFills(prisma: PrismaClient, fills: readonly Fill[]) {
  const rows = fills.map((f, i) => ({
    i,
    id: f.id,
    order_id: f.orderId,
    symbol: f.symbol,
    side: f.side,
    qty: num(f.qty),
    price: num(f.price),
    fee: num(f.fee),
    liquidity: f.liquidity,
    latency_ms: num(f.latencyMs),
    slippage: num(f.slippage),
    at: iso(f.ts),
  }));
  return prisma.$executeRaw`
    INSERT INTO fills (id, order_id, symbol, side, qty, price, fee, liquidity, latency_ms, slippage, at)
    SELECT r.id, r.order_id, r.symbol, r.side, r.qty::float8, r.price::float8, r.fee::float8, r.liquidity,
           r.latency_ms::float8, r.slippage::float8, r.at::timestamptz
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
             i int, id text, order_id text, symbol text, side text, qty text, price text, fee text,
             liquidity text, latency_ms text, slippage text, at text)
     ORDER BY r.i
    ON CONFLICT (id) DO NOTHING`;
}

export function insertFundingPayments(prisma: PrismaClient, payments: readonly FundingPayment[]) {
  const rows = payments.map((f) => ({
    id: fundingId(f),
    symbol: f.symbol,
    at: iso(f.at),
    side: f.side,
    qty: num(f.qty),
    mark_price: num(f.markPrice),
    rate: num(f.rate),
    amount: num(f.amount),
  }));
  return prisma.$executeRaw`
    INSERT INTO funding_payments (id, symbol, at, side, qty, mark_price, rate, amount)
    SELECT r.id, r.symbol, r.at::timestamptz, r.side, r.qty::float8, r.mark_price::float8, r.rate::float8,
           r.amount::float8
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
             id text, symbol text, at text, side text, qty text, mark_price text, rate text, amount text)
    ON CONFLICT (id) DO NOTHING`;
}

/** A position settles funding once per funding time: symbol and time are the payment's identity. */
export function fundingId(f: Pick<FundingPayment, "symbol" | "at">): string {
  return `${f.symbol}@${f.at}`;
}

export function upsertPositions(prisma: PrismaClient, positions: readonly Position[]) {
  const rows = positions.map((p) => ({
    symbol: p.symbol,
    side: p.side,
    qty: num(p.qty),
    entry_price: num(p.entryPrice),
    realized_pnl: num(p.realizedPnl),
    stop_loss: optNum(p.stopLoss),
    take_profit: optNum(p.takeProfit),
    opened_at: iso(p.openedAt),
    updated_at: iso(p.updatedAt),
  }));
  return prisma.$executeRaw`
    INSERT INTO positions (symbol, side, qty, entry_price, realized_pnl, stop_loss, take_profit, opened_at, updated_at)
    SELECT r.symbol, r.side, r.qty::float8, r.entry_price::float8, r.realized_pnl::float8, r.stop_loss::float8,
           r.take_profit::float8, r.opened_at::timestamptz, r.updated_at::timestamptz
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
             symbol text, side text, qty text, entry_price text, realized_pnl text, stop_loss text,
             take_profit text, opened_at text, updated_at text)
    ON CONFLICT (symbol) DO UPDATE SET
      side = EXCLUDED.side, qty = EXCLUDED.qty, entry_price = EXCLUDED.entry_price,
      realized_pnl = EXCLUDED.realized_pnl, stop_loss = EXCLUDED.stop_loss, take_profit = EXCLUDED.take_profit,
      opened_at = EXCLUDED.opened_at, updated_at = EXCLUDED.updated_at`;
}

export function deletePositions(prisma: PrismaClient, symbols: readonly string[]) {
  return prisma.$executeRaw`
    DELETE FROM positions WHERE symbol IN (SELECT json_array_elements_text(${JSON.stringify(symbols)}::json))`;
}

export function upsertAccounts(prisma: PrismaClient, accounts: readonly AccountRecord[]) {
  const rows = accounts.map((a) => ({
    id: a.id,
    balance: num(a.balance),
    realized_pnl: num(a.realizedPnl),
    fees_paid: num(a.feesPaid),
    funding_paid: num(a.fundingPaid),
    start_equity: num(a.startEquity),
    peak_equity: num(a.peakEquity),
    updated_at: iso(a.updatedAt),
  }));
  return prisma.$executeRaw`
    INSERT INTO accounts (id, balance, realized_pnl, fees_paid, funding_paid, start_equity, peak_equity,
                          updated_at)
    SELECT r.id, r.balance::float8, r.realized_pnl::float8, r.fees_paid::float8, r.funding_paid::float8,
           r.start_equity::float8, r.peak_equity::float8, r.updated_at::timestamptz
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
             id text, balance text, realized_pnl text, fees_paid text, funding_paid text, start_equity text,
             peak_equity text, updated_at text)
    ON CONFLICT (id) DO UPDATE SET
      balance = EXCLUDED.balance, realized_pnl = EXCLUDED.realized_pnl, fees_paid = EXCLUDED.fees_paid,
      funding_paid = EXCLUDED.funding_paid, start_equity = EXCLUDED.start_equity, peak_equity = EXCLUDED.peak_equity, updated_at = EXCLUDED.updated_at`;
}

export function insertEquitySnapshots(prisma: PrismaClient, snapshots: readonly EquitySnapshotRecord[]) {
  const rows = snapshots.map((s, i) => ({
    i,
    at: iso(s.at),
    balance: num(s.balance),
    equity: num(s.equity),
    unrealized_pnl: num(s.unrealizedPnl),
    realized_pnl: num(s.realizedPnl),
    margin_used: num(s.marginUsed),
    fees_paid: num(s.feesPaid),
  }));
  // ORDER BY i: the serial id is drawn in enqueue order.
  return prisma.$executeRaw`
    INSERT INTO equity_snapshots (at, balance, equity, unrealized_pnl, realized_pnl, margin_used, fees_paid)
    SELECT r.at::timestamptz, r.balance::float8, r.equity::float8, r.unrealized_pnl::float8,
           r.realized_pnl::float8, r.margin_used::float8, r.fees_paid::float8
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
             i int, at text, balance text, equity text, unrealized_pnl text, realized_pnl text,
             margin_used text, fees_paid text)
     ORDER BY r.i`;
}

export function insertRiskEvents(prisma: PrismaClient, events: readonly RiskTransition[]) {
  const rows = events.map((e, i) => ({
    i,
    at: iso(e.at),
    from_state: e.from,
    to_state: e.to,
    level: e.status.level,
    reason_codes: e.status.reasonCodes,
    metric: e.status.metric,
    value: optNum(e.status.value),
    threshold: optNum(e.status.threshold),
    recommended_action: e.status.recommendedAction,
    clear_rule: e.status.clearRule,
    symbols: e.status.quarantinedSymbols,
    actor: e.actor,
    reason: e.reason,
  }));
  // ORDER BY i: the serial id is drawn in enqueue order.
  return prisma.$executeRaw`
    INSERT INTO risk_events (at, from_state, to_state, level, reason_codes, metric, value, threshold,
                             recommended_action, clear_rule, symbols, actor, reason)
    SELECT r.at::timestamptz, r.from_state, r.to_state, r.level, r.reason_codes, r.metric, r.value::float8,
           r.threshold::float8, r.recommended_action, r.clear_rule, r.symbols, r.actor, r.reason
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
             i int, at text, from_state text, to_state text, level int, reason_codes text[], metric text,
             value text, threshold text, recommended_action text, clear_rule text, symbols text[], actor text,
             reason text)
     ORDER BY r.i`;
}

/** Snapshots are JSON text: every number in them is finite, and JSON keeps a double exactly. */
export function upsertRiskStates(
  prisma: PrismaClient,
  states: readonly { id: string; at: number; snapshot: object }[],
) {
  const rows = states.map((st) => ({ id: st.id, snapshot: JSON.stringify(st.snapshot), updated_at: iso(st.at) }));
  return prisma.$executeRaw`
    INSERT INTO risk_state (id, snapshot, updated_at)
    SELECT r.id, r.snapshot, r.updated_at::timestamptz
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(id text, snapshot text, updated_at text)
    ON CONFLICT (id) DO UPDATE SET snapshot = EXCLUDED.snapshot, updated_at = EXCLUDED.updated_at`;
}

// ---------------------------------------------------------------------------------------------
// Reads.

/** Account, positions, open orders, decisions since `since` and the newest fill time, read in one snapshot. */
export async function readTradingState(prisma: PrismaClient, accountId: string, since: number): Promise<TradingState> {
  const from = clampTime(since);
  // One transaction: the background writer may commit a batch between two of these reads.
  const [account, positions, orders, decisions, lastFill, riskStates, fillIds] = await prisma.$transaction(
    [
      prisma.account.findUnique({ where: { id: accountId } }),
      prisma.position.findMany({ orderBy: { symbol: "asc" } }),
      prisma.order.findMany({
        where: { status: { in: [...OPEN_ORDER_STATUSES] } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      }),
      prisma.decision.findMany({
        where: { at: { gte: from } },
        orderBy: [{ at: "asc" }, { seq: "asc" }],
        omit: { seq: true },
      }),
      prisma.fill.aggregate({ _max: { at: true } }),
      prisma.riskComponentState.findMany(),
      prisma.$queryRaw<{ id: string }[]>`
        SELECT id FROM fills
         WHERE at >= (SELECT max(at) FROM fills) - ${RECENT_FILL_IDS_WINDOW_MS} * interval '1 millisecond'
         ORDER BY at DESC, id COLLATE "C" DESC
         LIMIT ${RECENT_FILL_IDS_LIMIT}`,
    ],
    { isolationLevel: "RepeatableRead" },
  );
  return {
    account: account === null ? null : accountFromRow(account),
    positions: sortPositions(positions.map(positionFromRow)),
    openOrders: sortOrders(orders.map(orderFromRow)),
    recentDecisions: decisions.map(decisionFromRow),
    lastFillAt: lastFill._max.at?.getTime() ?? null,
    recentFillIds: fillIds.map((f) => f.id).reverse(),
    riskStates: Object.fromEntries(riskStates.map((r) => [r.id, JSON.parse(r.snapshot) as unknown])),
  };
}

export function accountFromRow(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    balance: row.balance,
    realizedPnl: row.realizedPnl,
    feesPaid: row.feesPaid,
    fundingPaid: row.fundingPaid,
    startEquity: row.startEquity,
    peakEquity: row.peakEquity,
    updatedAt: row.updatedAt.getTime(),
  };
}

export function positionFromRow(row: PositionRow): Position {
  return {
    symbol: row.symbol,
    side: row.side as PositionSide,
    qty: row.qty,
    entryPrice: row.entryPrice,
    realizedPnl: row.realizedPnl,
    stopLoss: row.stopLoss,
    takeProfit: row.takeProfit,
    openedAt: row.openedAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

/** Optional fields (price, stopLoss, takeProfit) are absent when NULL, as the engine leaves them. */
export function orderFromRow(row: OrderRow): Order {
  return {
    clientOrderId: row.id,
    symbol: row.symbol,
    side: row.side as Side,
    type: row.type as OrderType,
    qty: row.qty,
    ...(row.price === null ? {} : { price: row.price }),
    reduceOnly: row.reduceOnly,
    strategyId: row.strategyId,
    decisionId: row.decisionId,
    ...(row.stopLoss === null ? {} : { stopLoss: row.stopLoss }),
    ...(row.takeProfit === null ? {} : { takeProfit: row.takeProfit }),
    status: row.status as OrderStatus,
    filledQty: row.filledQty,
    avgFillPrice: row.avgFillPrice,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
    rejectReason: row.rejectReason,
    venueOrderId: row.venueOrderId,
  };
}

export function decisionFromRow(row: Omit<DecisionRow, "seq">): DecisionRecord {
  return {
    id: row.id,
    at: row.at.getTime(),
    symbol: row.symbol,
    strategyId: row.strategyId,
    decision: row.decision as DecisionKind,
    // Only this engine writes the column, from its closed list.
    reasonCodes: row.reasonCodes as ReasonCode[],
    gatingFlags: decodeFlags(row.gatingFlags),
    marketRegime: row.marketRegime,
    marketMetrics: decodeMetrics(row.marketMetrics),
    side: row.side as Side | null,
    score: row.score,
    confidence: row.confidence,
    orderId: row.orderId,
  };
}

export function fillFromRow(row: FillRow): Fill {
  return {
    id: row.id,
    orderId: row.orderId,
    symbol: row.symbol,
    side: row.side as Side,
    qty: row.qty,
    price: row.price,
    fee: row.fee,
    liquidity: row.liquidity as Liquidity,
    ts: row.at.getTime(),
    latencyMs: row.latencyMs,
    slippage: row.slippage,
  };
}
