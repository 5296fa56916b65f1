// Conversion between the engine's records (epoch ms numbers) and the database (timestamps):
// the only place where engine time becomes a Date.
import type { Candle as CandleRow, PrismaClient } from "../../../src/generated/prisma/client";
import type { EngineTransitionRecord } from "../../engine/lifecycle/engine-state";
import type { Candle, Timeframe } from "../../engine/market/types";
import type { StoreRecord } from "../../engine/ports";

const INT32_MAX = 2_147_483_647;
// Years 0001-9999: toISOString() prints them in a form PostgreSQL reads back.
const MIN_TIME = Date.parse("0001-01-01T00:00:00.000Z");
const MAX_TIME = Date.parse("9999-12-31T23:59:59.999Z");

function badTime(ms: number): boolean {
  return !Number.isFinite(ms) || ms < MIN_TIME || ms > MAX_TIME;
}

/** PostgreSQL text cannot hold NUL characters. */
function badText(...values: (string | null)[]): boolean {
  return values.some((v) => v?.includes("\u0000"));
}

/** The candles table's primary key, as one string. */
export function candleKey(c: Candle): string {
  return `${c.symbol}\u0000${c.timeframe}\u0000${c.openTime}`;
}

/** Why the database would refuse this record, or null when it is writable. */
export function invalidReason(record: StoreRecord): string | null {
  if (record.kind === "engine_transition") {
    const t = record.transition;
    if (badTime(t.at)) return `engine transition with invalid time ${t.at}`;
    if (badText(t.actor, t.reason, t.message)) return "engine transition with a NUL character in its text";
    return null;
  }
  const c = record.candle;
  const where = `candle ${c.symbol} ${c.timeframe} @${c.openTime}`;
  if (badTime(c.openTime)) return `${where}: invalid openTime`;
  if (badText(c.symbol, c.timeframe)) return `${where}: NUL character in symbol or timeframe`;
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

/** Writes a batch atomically: candles upserted by (symbol, timeframe, openTime), transitions inserted. */
export async function writeRecords(prisma: PrismaClient, records: readonly StoreRecord[]): Promise<void> {
  const candles = new Map<string, Candle>();
  const transitions: EngineTransitionRecord[] = [];
  for (const r of records) {
    if (r.kind === "candle") candles.set(candleKey(r.candle), r.candle);
    else transitions.push(r.transition);
  }
  const writes = [];
  if (candles.size > 0) writes.push(upsertCandles(prisma, [...candles.values()]));
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
  const column = (pick: (c: Candle) => number | string) => candles.map((c) => String(pick(c)));
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
