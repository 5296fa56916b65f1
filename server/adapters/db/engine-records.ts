// Conversion between the engine's records (epoch ms numbers) and the database (timestamps):
// the only place where engine time becomes a Date. Trading records: trading-records.ts.
import { type Candle as CandleRow, Prisma, type PrismaClient } from "../../../src/generated/prisma/client";
import type { EngineTransitionRecord } from "../../engine/model/engine-state";
import type { Candle, Timeframe } from "../../engine/model/market";
import type {
  AccountRecord,
  AuditRecord,
  ChangelogRecord,
  DecisionRecord,
  EquitySnapshotRecord,
  FundingPayment,
} from "../../engine/model/records";
import type { Fill, Order, Position } from "../../engine/model/trading";
import type { StoreRecord } from "../../engine/ports";
import type { RiskTransition } from "../../engine/risk/risk-governor";
import { badText, badTime, num } from "./record-values";
import {
  deletePositions,
  fundingId,
  insertDecisions,
  insertEquitySnapshots,
  insertFills,
  insertFundingPayments,
  insertRiskEvents,
  invalidTradingReason,
  upsertAccounts,
  upsertOrders,
  upsertPositions,
  upsertRiskStates,
} from "./trading-records";

const INT32_MAX = 2_147_483_647;

/** The candles table's primary key, as one string. */
export function candleKey(c: Candle): string {
  return `${c.symbol}\u0000${c.timeframe}\u0000${c.openTime}`;
}

/** Why the database would refuse this record, or null when it is writable. */
export function invalidReason(record: StoreRecord): string | null {
  if (record.kind === "engine_transition") {
    const t = record.transition;
    if (badTime(t.at)) return `engine transition with invalid time ${t.at}`;
    if (badText(t.actor, t.reason, t.message))
      return "engine transition with a text the database cannot hold (NUL or a lone surrogate)";
    return null;
  }
  if (record.kind === "audit") {
    const e = record.entry;
    if (badTime(e.at)) return `audit entry with invalid time ${e.at}`;
    if (badText(e.action, e.actor, e.via, e.address, e.outcome, e.detail, jsonText(e.before), jsonText(e.after)))
      return "audit entry with a text the database cannot hold (NUL or a lone surrogate)";
    return null;
  }
  if (record.kind === "changelog") {
    const e = record.entry;
    if (badTime(e.at)) return `changelog entry with invalid time ${e.at}`;
    if (badText(e.type, e.category, e.message, e.author, e.ref))
      return "changelog entry with a text the database cannot hold (NUL or a lone surrogate)";
    return null;
  }
  if (record.kind !== "candle") return invalidTradingReason(record);
  const c = record.candle;
  const where = `candle ${c.symbol} ${c.timeframe} @${c.openTime}`;
  if (badTime(c.openTime)) return `${where}: invalid openTime`;
  if (badText(c.symbol, c.timeframe)) return `${where}: text the database cannot hold in symbol or timeframe`;
  for (const [name, value] of Object.entries({
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volume,
  })) {
    if (!Number.isFinite(value)) return `${where}: ${name} is ${value}`;
  }
  if (!Number.isInteger(c.trades) || c.trades < 0 || c.trades > INT32_MAX) return `${where}: trades is ${c.trades}`;
  return null;
}

/**
 * Writes a batch in one transaction, so a crash leaves all of it or none. Within the batch, keys
 * written twice are coalesced (the batch commits as a whole, so only the final state is visible):
 * candles, orders, positions and accounts keep their latest state (a null position deletes the
 * row); decisions and fills are inserted, and an id already present is skipped; transitions and
 * equity snapshots are appended in enqueue order.
 */
/** One statement of a write transaction. */
export type WriteStatement = Prisma.PrismaPromise<unknown>;

export async function writeRecords(
  prisma: PrismaClient,
  records: readonly StoreRecord[],
  /** Statements that must commit with these records (the journal's progress, dead letters). */
  also: readonly WriteStatement[] = [],
): Promise<void> {
  const candles = new Map<string, Candle>();
  const transitions: EngineTransitionRecord[] = [];
  const changelog: ChangelogRecord[] = [];
  const audit: AuditRecord[] = [];
  const decisions = new Map<string, DecisionRecord>();
  const orders = new Map<string, Order>();
  const fills = new Map<string, Fill>();
  const funding = new Map<string, FundingPayment>();
  const positions = new Map<string, Position | null>();
  const accounts = new Map<string, AccountRecord>();
  const equity: EquitySnapshotRecord[] = [];
  const riskEvents: RiskTransition[] = [];
  const riskStates = new Map<string, { id: string; at: number; snapshot: object }>();
  for (const r of records) {
    switch (r.kind) {
      case "candle":
        candles.set(candleKey(r.candle), r.candle);
        break;
      case "engine_transition":
        transitions.push(r.transition);
        break;
      case "changelog":
        changelog.push(r.entry);
        break;
      case "audit":
        audit.push(r.entry);
        break;
      case "decision":
        if (!decisions.has(r.decision.id)) decisions.set(r.decision.id, r.decision);
        break;
      case "order":
        orders.set(r.order.clientOrderId, r.order);
        break;
      case "fill":
        if (!fills.has(r.fill.id)) fills.set(r.fill.id, r.fill);
        break;
      case "funding":
        if (!funding.has(fundingId(r.payment))) funding.set(fundingId(r.payment), r.payment);
        break;
      case "position":
        positions.set(r.symbol, r.position);
        break;
      case "account":
        accounts.set(r.account.id, r.account);
        break;
      case "equity":
        equity.push(r.snapshot);
        break;
      case "risk_event":
        riskEvents.push(r.event);
        break;
      case "risk_state":
        riskStates.set(r.id, r);
        break;
    }
  }
  const open = [...positions.values()].filter((p): p is Position => p !== null);
  const closed = [...positions].filter(([, p]) => p === null).map(([symbol]) => symbol);
  const writes: WriteStatement[] = [...also];
  if (decisions.size > 0) writes.push(insertDecisions(prisma, [...decisions.values()]));
  if (orders.size > 0) writes.push(upsertOrders(prisma, [...orders.values()]));
  if (fills.size > 0) writes.push(insertFills(prisma, [...fills.values()]));
  if (funding.size > 0) writes.push(insertFundingPayments(prisma, [...funding.values()]));
  if (open.length > 0) writes.push(upsertPositions(prisma, open));
  if (closed.length > 0) writes.push(deletePositions(prisma, closed));
  if (accounts.size > 0) writes.push(upsertAccounts(prisma, [...accounts.values()]));
  if (equity.length > 0) writes.push(insertEquitySnapshots(prisma, equity));
  if (riskEvents.length > 0) writes.push(insertRiskEvents(prisma, riskEvents));
  if (riskStates.size > 0) writes.push(upsertRiskStates(prisma, [...riskStates.values()]));
  if (candles.size > 0) writes.push(upsertCandles(prisma, [...candles.values()]));
  if (changelog.length > 0) writes.push(prisma.changelogEntry.createMany({ data: changelog.map(changelogRow) }));
  if (audit.length > 0) writes.push(prisma.auditEntry.createMany({ data: audit.map(auditRow) }));
  if (transitions.length > 0) {
    writes.push(prisma.engineTransition.createMany({ data: transitions.map(transitionRow) }));
  }
  if (writes.length > 0) await prisma.$transaction(writes);
}

// One statement per batch; ON CONFLICT needs each key at most once, which writeRecords ensures.
// Numbers travel as their shortest round-trip text and PostgreSQL parses them back exactly: Prisma
// 7.10 rounds raw number parameters to 15 significant digits when a $transaction batch mixes raw
// and model operations (0.1 + 0.2 arrived as 0.3), which would break exact doubles.
function upsertCandles(prisma: PrismaClient, candles: readonly Candle[]) {
  const column = (pick: (c: Candle) => number | string) =>
    candles.map((c) => {
      const v = pick(c);
      return typeof v === "number" ? num(v) : v;
    });
  return prisma.$executeRaw`
    INSERT INTO candles (symbol, timeframe, open_time, open, high, low, close, volume, trades)
    SELECT * FROM unnest(
      ${column((c) => c.symbol)}::text[],
      ${column((c) => c.timeframe)}::text[],
      ${column((c) => new Date(c.openTime).toISOString())}::text[]::timestamptz[],
      ${column((c) => c.open)}::text[]::float8[],
      ${column((c) => c.high)}::text[]::float8[],
      ${column((c) => c.low)}::text[]::float8[],
      ${column((c) => c.close)}::text[]::float8[],
      ${column((c) => c.volume)}::text[]::float8[],
      ${column((c) => c.trades)}::text[]::int4[]
    )
    ON CONFLICT (symbol, timeframe, open_time) DO UPDATE SET
      open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
      volume = EXCLUDED.volume, trades = EXCLUDED.trades`;
}

function transitionRow(t: EngineTransitionRecord) {
  return {
    at: new Date(t.at),
    command: t.command,
    fromState: t.fromState,
    toState: t.toState,
    ok: t.ok,
    errorCode: t.errorCode,
    actor: t.actor,
    reason: t.reason,
    message: t.message,
  };
}

/** The newest `limit` bars of one series, oldest first. */
export async function readCandles(
  prisma: PrismaClient,
  symbol: string,
  timeframe: Timeframe,
  limit: number,
): Promise<Candle[]> {
  if (limit <= 0) return [];
  const rows = await prisma.candle.findMany({
    where: { symbol, timeframe },
    orderBy: { openTime: "desc" },
    take: Math.floor(limit),
  });
  return rows.reverse().map((row) => candleFromRow(row, timeframe));
}

function candleFromRow(row: CandleRow, timeframe: Timeframe): Candle {
  return {
    symbol: row.symbol,
    timeframe,
    openTime: row.openTime.getTime(),
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    volume: row.volume,
    trades: row.trades,
  };
}

function changelogRow(e: ChangelogRecord) {
  return {
    at: new Date(e.at),
    type: e.type,
    category: e.category,
    message: e.message,
    author: e.author,
    ref: e.ref,
  };
}

const jsonText = (value: object | null) => (value === null ? null : JSON.stringify(value));

function auditRow(e: AuditRecord) {
  return {
    at: new Date(e.at),
    action: e.action,
    actor: e.actor,
    via: e.via,
    address: e.address,
    outcome: e.outcome,
    detail: e.detail,
    before: e.before === null ? Prisma.DbNull : (e.before as Prisma.InputJsonObject),
    after: e.after === null ? Prisma.DbNull : (e.after as Prisma.InputJsonObject),
  };
}
