import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ReasonCode } from "../../engine/model/reason-codes";
import { RECENT_FILL_IDS_WINDOW_MS, type StoreRecord } from "../../engine/ports";
import type { RiskTransition } from "../../engine/risk/risk-governor";
import { MemoryEngineStore } from "../memory/memory-engine-store";
import { migrate } from "./migrator";
import { type Database, openDatabase } from "./open-database";
import { type EngineStoreStats, PrismaEngineStore, type PrismaEngineStoreOptions } from "./prisma-engine-store";
import { BACKENDS, openMigratedTestDatabase, type TestBackend } from "./testing/backends";
import { assertConsistentPrefix } from "./testing/crash-check";
import { AWKWARD, account, decision, equity, fill, marketOrder, order, position, T0 } from "./testing/trading-fixtures";
import { TradingWorkload, WORKLOAD_ACCOUNT, WORKLOAD_T0 } from "./testing/trading-workload";
import { fillFromRow, orderFromRow } from "./trading-records";

const TABLES =
  "candles, engine_transitions, decisions, orders, fills, positions, accounts, equity_snapshots, risk_events, risk_state, dead_letters";

/** The governor's latest state, with doubles that JSON must keep exactly. */
const riskSnapshot = { peakEquity: 0.1 + 0.2, dayStartEquity: 12_345.678901234567, day: 20_000, findings: [] };
const riskEvent: RiskTransition = {
  at: T0,
  from: "NORMAL",
  to: "SOFT_BRAKE",
  actor: "risk_governor",
  reason: "measured",
  status: {
    state: "SOFT_BRAKE",
    level: 1,
    reasonCodes: ["MAX_DRAWDOWN_SOFT"],
    metric: "drawdown_pct",
    value: 5.000000000000001,
    threshold: 5,
    recommendedAction: "halve",
    clearRule: "wait",
    quarantinedSymbols: [],
    blockedAt: T0,
    canClear: true,
    findings: [],
    enabled: true,
  },
};

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Ends the current engine turn: records enqueued after this belong to the next one. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function memoryOf(records: readonly StoreRecord[]): MemoryEngineStore {
  const memory = new MemoryEngineStore();
  for (const r of records) memory.enqueue(r);
  return memory;
}

it("compares numbers exactly in these tests: -0 is not 0, NaN is NaN", () => {
  expect({ v: -0 }).not.toEqual({ v: 0 });
  expect({ v: Number.NaN }).toEqual({ v: Number.NaN });
});

describe.each(BACKENDS)("PrismaEngineStore trading records on %s", (kind) => {
  let backend: TestBackend;
  let db: Database;
  const stores: PrismaEngineStore[] = [];
  const errors: { error: Error; stats: EngineStoreStats }[] = [];

  function store(options: PrismaEngineStoreOptions = {}): PrismaEngineStore {
    const s = new PrismaEngineStore(db.prisma, {
      flushIntervalMs: 60_000,
      onError: (error, stats) => errors.push({ error, stats }),
      ...options,
    });
    stores.push(s);
    return s;
  }

  async function counts() {
    const [decisions, orders, fills, positions, accounts, equities] = await Promise.all([
      db.prisma.decision.count(),
      db.prisma.order.count(),
      db.prisma.fill.count(),
      db.prisma.position.count(),
      db.prisma.account.count(),
      db.prisma.equitySnapshot.count(),
    ]);
    return { decisions, orders, fills, positions, accounts, equities };
  }

  beforeAll(async () => {
    ({ backend, db } = await openMigratedTestDatabase(kind));
  });

  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    errors.length = 0;
    await db.sql.exec(`TRUNCATE ${TABLES} RESTART IDENTITY`);
  });

  afterAll(async () => {
    await db?.close();
    await backend?.dispose();
  });

  it("round-trips every kind with exact doubles (NaN, ±Infinity, -0, 17 digits) and optional fields", async () => {
    const decisions = AWKWARD.map((v, i) =>
      decision(`d${i}`, {
        at: T0 + i,
        decision: i % 2 === 0 ? "CREATE" : "BLOCK",
        score: v,
        confidence: v,
        marketMetrics: { metric: v, other: 1 / 7 },
        side: i % 2 === 0 ? "SELL" : null,
        orderId: i % 2 === 0 ? `o${i}` : null,
        reasonCodes: i % 2 === 0 ? [] : ["RISK_HARD_STOP", "PROFIT_LOCK", "DATA_STALE"],
      }),
    );
    const orders = [
      ...AWKWARD.map((v, i) =>
        order(`o${i}`, {
          qty: v,
          price: v,
          filledQty: v,
          avgFillPrice: v,
          stopLoss: v,
          takeProfit: v,
          status: i % 2 === 0 ? "NEW" : "PARTIALLY_FILLED",
          createdAt: T0 + i,
          updatedAt: T0 + 100 + i,
          venueOrderId: `v${i}`,
          reduceOnly: i % 3 === 0,
          strategyId: i === 1 ? null : "mean_reversion",
          decisionId: i === 1 ? null : `d${i}`,
        }),
      ),
      marketOrder("m1", { createdAt: T0 + 50 }),
    ];
    const fills = AWKWARD.map((v, i) =>
      fill(`f${i}`, { qty: v, price: v, fee: v, latencyMs: v, slippage: v, ts: T0 + i, liquidity: "MAKER" }),
    );
    const positions = AWKWARD.map((v, i) =>
      position(`S${i}`, {
        side: i % 2 === 0 ? "LONG" : "SHORT",
        qty: v,
        entryPrice: v,
        realizedPnl: v,
        stopLoss: i % 2 === 0 ? v : null,
        takeProfit: i % 2 === 0 ? null : v,
      }),
    );
    const acct = account("paper", {
      balance: 0.1 + 0.2,
      realizedPnl: Number.NaN,
      feesPaid: -0,
      startEquity: Number.MAX_VALUE,
      peakEquity: Number.POSITIVE_INFINITY,
    });
    const equities = AWKWARD.map((v, i) =>
      equity(T0 + i, {
        balance: v,
        equity: v,
        unrealizedPnl: v,
        realizedPnl: v,
        marginUsed: v,
        feesPaid: v,
      }),
    );
    const records: StoreRecord[] = [
      ...decisions.map((d) => ({ kind: "decision", decision: d }) as const),
      ...orders.map((o) => ({ kind: "order", order: o }) as const),
      ...fills.map((f) => ({ kind: "fill", fill: f }) as const),
      ...positions.map((p) => ({ kind: "position", symbol: p.symbol, position: p }) as const),
      { kind: "account", account: acct },
      ...equities.map((e) => ({ kind: "equity", snapshot: e }) as const),
      { kind: "risk_state", id: "risk_governor", at: T0, snapshot: { peakEquity: 1, findings: [] } },
      { kind: "risk_event", event: riskEvent },
      { kind: "risk_state", id: "risk_governor", at: T0 + 1, snapshot: riskSnapshot },
    ];
    const s = store();
    for (const r of records) s.enqueue(r);
    await s.flush();
    expect(errors).toEqual([]);
    expect(s.stats()).toMatchObject({ written: records.length, batches: 1, dropped: 0 });

    const state = await s.loadTradingState("paper", T0);
    expect(state).toEqual({
      account: acct,
      positions,
      openOrders: [...orders].sort((a, b) => a.createdAt - b.createdAt),
      recentDecisions: decisions,
      lastFillAt: T0 + AWKWARD.length - 1,
      recentFillIds: fills.map((f) => f.id),
      riskStates: { risk_governor: riskSnapshot },
    });
    expect(state).toEqual(await memoryOf(records).loadTradingState("paper", T0));
    const storedFills = await db.prisma.fill.findMany({ orderBy: { at: "asc" } });
    expect(storedFills.map(fillFromRow)).toEqual(fills);
    const storedEquity = await db.prisma.equitySnapshot.findMany({ orderBy: { id: "asc" } });
    expect(storedEquity.map(({ id: _id, at, ...rest }) => ({ at: at.getTime(), ...rest }))).toEqual(equities);
    const market = orderFromRow(await db.prisma.order.findUniqueOrThrow({ where: { id: "m1" } }));
    expect(market).toEqual(marketOrder("m1", { createdAt: T0 + 50 }));
    expect("price" in market || "stopLoss" in market || "takeProfit" in market).toBe(false);
    const [event, ...others] = await db.prisma.riskEvent.findMany();
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      at: new Date(T0),
      fromState: "NORMAL",
      toState: "SOFT_BRAKE",
      level: 1,
      reasonCodes: ["MAX_DRAWDOWN_SOFT"],
      value: 5.000000000000001,
      actor: "risk_governor",
      reason: "measured",
    });
  });

  it("upserts an order by client order id: the latest state wins, updates within a batch are coalesced", async () => {
    const s = store();
    const filled = order("o1", {
      status: "FILLED",
      filledQty: 0.3,
      avgFillPrice: 50_000.2,
      updatedAt: T0 + 2,
      venueOrderId: "v1",
    });
    s.enqueue({ kind: "order", order: order("o1") });
    s.enqueue({ kind: "order", order: order("o1", { status: "PARTIALLY_FILLED", filledQty: 0.1, updatedAt: T0 + 1 }) });
    s.enqueue({ kind: "order", order: filled });
    s.enqueue({ kind: "order", order: order("o2") });
    await s.flush();
    expect(s.stats()).toMatchObject({ batches: 1, written: 4 });
    expect((await db.prisma.order.findMany({ orderBy: { id: "asc" } })).map(orderFromRow)).toEqual([
      filled,
      order("o2"),
    ]);

    s.enqueue({ kind: "order", order: order("o2", { status: "PARTIALLY_FILLED", filledQty: 0.2, updatedAt: T0 + 3 }) });
    await s.flush();
    const cancelled = order("o2", { status: "CANCELLED", filledQty: 0.2, updatedAt: T0 + 4, rejectReason: null });
    s.enqueue({ kind: "order", order: cancelled });
    s.enqueue({ kind: "order", order: order("o3", { status: "REJECTED", rejectReason: "INSUFFICIENT_MARGIN" }) });
    await s.flush();
    expect(orderFromRow(await db.prisma.order.findUniqueOrThrow({ where: { id: "o2" } }))).toEqual(cancelled);
    expect((await s.loadTradingState("paper", T0)).openOrders).toEqual([]);
    expect(await db.prisma.order.count()).toBe(3);
  });

  it("upserts positions by symbol and deletes the row when the position is null, within and across batches", async () => {
    const s = store();
    s.enqueue({ kind: "position", symbol: "BTCUSDT", position: position("BTCUSDT") });
    s.enqueue({ kind: "position", symbol: "ETHUSDT", position: position("ETHUSDT") });
    s.enqueue({ kind: "position", symbol: "XRPUSDT", position: null });
    await s.flush();
    expect((await s.loadTradingState("paper", T0)).positions.map((p) => p.symbol)).toEqual(["BTCUSDT", "ETHUSDT"]);

    s.enqueue({ kind: "position", symbol: "BTCUSDT", position: null });
    await s.flush();
    expect((await s.loadTradingState("paper", T0)).positions.map((p) => p.symbol)).toEqual(["ETHUSDT"]);

    const flipped = position("ETHUSDT", { side: "SHORT", qty: 2, entryPrice: 3000.5, openedAt: T0 + 9 });
    s.enqueue({ kind: "position", symbol: "SOLUSDT", position: position("SOLUSDT") });
    s.enqueue({ kind: "position", symbol: "SOLUSDT", position: null });
    s.enqueue({ kind: "position", symbol: "ETHUSDT", position: null });
    s.enqueue({ kind: "position", symbol: "ETHUSDT", position: flipped });
    s.enqueue({ kind: "position", symbol: "ADAUSDT", position: position("ADAUSDT", { qty: 1 }) });
    s.enqueue({ kind: "position", symbol: "ADAUSDT", position: position("ADAUSDT", { qty: 3 }) });
    await s.flush();
    expect((await s.loadTradingState("paper", T0)).positions).toEqual([position("ADAUSDT", { qty: 3 }), flipped]);
    expect(errors).toEqual([]);
  });

  it("stores decisions and fills once per id: a repeated id leaves the first in place", async () => {
    const s = store();
    s.enqueue({ kind: "decision", decision: decision("d1", { score: 1 }) });
    s.enqueue({ kind: "decision", decision: decision("d1", { score: 2 }) });
    s.enqueue({ kind: "fill", fill: fill("f1", { qty: 1 }) });
    s.enqueue({ kind: "fill", fill: fill("f1", { qty: 2 }) });
    await s.flush();
    s.enqueue({ kind: "decision", decision: decision("d1", { score: 3 }) });
    s.enqueue({ kind: "fill", fill: fill("f1", { qty: 3 }) });
    await s.flush();
    expect((await s.loadTradingState("paper", T0)).recentDecisions).toEqual([decision("d1", { score: 1 })]);
    expect((await db.prisma.fill.findMany()).map(fillFromRow)).toEqual([fill("f1", { qty: 1 })]);
    expect(errors).toEqual([]);
  });

  it("upserts the account by id, latest wins, and loads only the account asked for", async () => {
    const s = store();
    s.enqueue({ kind: "account", account: account("paper", { balance: 1 }) });
    s.enqueue({ kind: "account", account: account("paper", { balance: 2, updatedAt: T0 + 1 }) });
    s.enqueue({ kind: "account", account: account("live", { balance: 7 }) });
    await s.flush();
    s.enqueue({ kind: "account", account: account("paper", { balance: 3, updatedAt: T0 + 2 }) });
    await s.flush();
    expect((await s.loadTradingState("paper", T0)).account).toEqual(
      account("paper", { balance: 3, updatedAt: T0 + 2 }),
    );
    expect((await s.loadTradingState("live", T0)).account).toEqual(account("live", { balance: 7 }));
    expect((await s.loadTradingState("testnet", T0)).account).toBeNull();
  });

  it("writes a batch atomically: when its last statement fails nothing of it is visible, and it is retried", async () => {
    // The database refuses the batch's last statement for a while, as a database that is not taking
    // writes does (57P03), not as a bad record (which would be set aside).
    await db.sql.exec(`
      CREATE FUNCTION test_refuse_13() RETURNS trigger AS $$
      BEGIN
        IF NEW.balance = 13 THEN RAISE EXCEPTION 'not now' USING ERRCODE = '57P03'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER test_refuse_13 BEFORE INSERT ON equity_snapshots FOR EACH ROW EXECUTE FUNCTION test_refuse_13();`);
    const s = store({ flushIntervalMs: 20, retryBaseMs: 20, retryMaxMs: 40 });
    try {
      s.enqueue({ kind: "decision", decision: decision("d1", { decision: "CREATE", orderId: "o1" }) });
      s.enqueue({ kind: "order", order: order("o1", { status: "FILLED", filledQty: 0.3 }) });
      s.enqueue({ kind: "fill", fill: fill("f1", { qty: 0.3 }) });
      s.enqueue({ kind: "position", symbol: "BTCUSDT", position: position("BTCUSDT") });
      s.enqueue({ kind: "account", account: account() });
      s.enqueue({ kind: "equity", snapshot: equity(T0, { balance: 13 }) });
      await waitFor(() => errors.length >= 2);
      expect(errors[0]?.error.message).toMatch(/Writing to the database failed \(attempt 1\); 6 records wait/);
      expect(await counts()).toEqual({ decisions: 0, orders: 0, fills: 0, positions: 0, accounts: 0, equities: 0 });
      expect(s.pendingCount()).toBe(6);
    } finally {
      await db.sql.exec("DROP TRIGGER test_refuse_13 ON equity_snapshots; DROP FUNCTION test_refuse_13()");
    }
    await waitFor(() => s.pendingCount() === 0);
    expect(await counts()).toEqual({ decisions: 1, orders: 1, fills: 1, positions: 1, accounts: 1, equities: 1 });
    expect(s.stats()).toMatchObject({ written: 6, dropped: 0, consecutiveFailures: 0 });
  });

  // PGlite has no connection to lose; PostgreSQL only.
  if (kind === "postgresql")
    it("writes a batch atomically when its connection dies in the middle of it, and retries on a new one", async () => {
      const s = store({ flushIntervalMs: 20, retryBaseMs: 20, retryMaxMs: 40 });
      await db.sql.session(async (session) => {
        await session.transaction(async (tx) => {
          // The batch writes decisions, orders and fills, then waits for this lock on positions.
          await tx.query("LOCK TABLE positions IN ACCESS EXCLUSIVE MODE");
          s.enqueue({ kind: "decision", decision: decision("d1") });
          s.enqueue({ kind: "order", order: order("o1", { status: "FILLED", filledQty: 0.3 }) });
          s.enqueue({ kind: "fill", fill: fill("f1", { qty: 0.3 }) });
          s.enqueue({ kind: "position", symbol: "BTCUSDT", position: position("BTCUSDT") });
          s.enqueue({ kind: "account", account: account() });
          let blocked: number | undefined;
          await waitFor(async () => {
            const rows = await db.sql.query<{ pid: number }>(
              `SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%positions%'`,
            );
            blocked = rows[0]?.pid;
            return blocked !== undefined;
          });
          await db.sql.query("SELECT pg_terminate_backend($1)", [blocked]);
          await waitFor(() => errors.length >= 1);
          expect(errors[0]?.error.message).toMatch(/Writing to the database failed \(attempt 1\); 5 records wait/);
          // (positions cannot be counted while this transaction locks them)
          const visible = await Promise.all([
            db.prisma.decision.count(),
            db.prisma.order.count(),
            db.prisma.fill.count(),
            db.prisma.account.count(),
          ]);
          expect(visible).toEqual([0, 0, 0, 0]);
          expect(s.pendingCount()).toBe(5);
        });
      });
      await waitFor(() => s.pendingCount() === 0);
      expect(await counts()).toEqual({ decisions: 1, orders: 1, fills: 1, positions: 1, accounts: 1, equities: 0 });
    });

  it("keeps the records of one engine turn in one batch, up to maxTransaction", async () => {
    const s = store({ maxBatch: 2, maxTransaction: 6 });
    const turn = (n: number, from: number): StoreRecord[] =>
      Array.from({ length: n }, (_, i) => ({ kind: "equity", snapshot: equity(T0 + from + i) }));
    for (const r of turn(5, 0)) s.enqueue(r);
    await nextTurn();
    for (const r of turn(3, 5)) s.enqueue(r);
    await nextTurn();
    for (const r of turn(8, 8)) s.enqueue(r);
    await s.flush();
    // 5 (one turn), 3 (one turn), then a turn of 8 cut at 6: 6 and 2.
    expect(s.stats()).toMatchObject({ batches: 4, written: 16 });
    const ats = (await db.prisma.equitySnapshot.findMany({ orderBy: { id: "asc" } })).map((e) => e.at.getTime() - T0);
    expect(ats).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it("does not split a turn when flush() is called in the middle of it", async () => {
    const s = store({ maxBatch: 1 });
    s.enqueue({ kind: "order", order: order("o1", { status: "FILLED", filledQty: 0.3 }) });
    const flushed = s.flush();
    s.enqueue({ kind: "fill", fill: fill("f1") });
    s.enqueue({ kind: "position", symbol: "BTCUSDT", position: position("BTCUSDT") });
    await flushed;
    expect(s.stats()).toMatchObject({ batches: 1, written: 3 });
  });

  it("loads exactly the open orders, the positions, the account and the decisions since the cut-off, in order", async () => {
    const s = store();
    expect(await s.loadTradingState("paper", T0)).toEqual({
      account: null,
      positions: [],
      openOrders: [],
      recentDecisions: [],
      lastFillAt: null,
      recentFillIds: [],
      riskStates: {},
    });
    const first: StoreRecord[] = [
      { kind: "decision", decision: decision("old", { at: T0 - 1 }) },
      // Same millisecond: write order, not id order.
      { kind: "decision", decision: decision("z1", { at: T0 }) },
      { kind: "decision", decision: decision("a2", { at: T0 }) },
      { kind: "decision", decision: decision("m3", { at: T0 + 5 }) },
      { kind: "order", order: order("o1", { createdAt: T0 + 10 }) },
      { kind: "order", order: order("o2", { status: "PARTIALLY_FILLED", filledQty: 0.1, createdAt: T0 + 11 }) },
      { kind: "order", order: order("o3", { status: "FILLED", filledQty: 0.3 }) },
      { kind: "order", order: order("o4", { status: "CANCELLED" }) },
      { kind: "order", order: order("o5", { status: "REJECTED", rejectReason: "INSUFFICIENT_MARGIN" }) },
      { kind: "position", symbol: "SOLUSDT", position: position("SOLUSDT") },
      { kind: "position", symbol: "ADAUSDT", position: position("ADAUSDT") },
      { kind: "account", account: account("paper") },
      { kind: "account", account: account("live", { balance: 1 }) },
      { kind: "fill", fill: fill("f1", { ts: T0 + 50 }) },
      { kind: "fill", fill: fill("f2", { ts: T0 + 20 }) },
      // Same millisecond: by id; older than a day before the newest: not recent.
      { kind: "fill", fill: fill("f0b", { ts: T0 + 20 }) },
      { kind: "fill", fill: fill("f-old", { ts: T0 + 49 - RECENT_FILL_IDS_WINDOW_MS }) },
      { kind: "fill", fill: fill("f-edge", { ts: T0 + 50 - RECENT_FILL_IDS_WINDOW_MS }) },
    ];
    const second: StoreRecord[] = [
      { kind: "decision", decision: decision("b4", { at: T0 + 5 }) },
      { kind: "decision", decision: decision("c5", { at: T0 + 3 }) },
      { kind: "order", order: order("o0", { createdAt: T0 - 100 }) },
      { kind: "order", order: order("o1", { status: "FILLED", filledQty: 0.3, createdAt: T0 + 10 }) },
      { kind: "position", symbol: "SOLUSDT", position: null },
      { kind: "position", symbol: "BTCUSDT", position: position("BTCUSDT") },
    ];
    for (const r of first) s.enqueue(r);
    await s.flush();
    for (const r of second) s.enqueue(r);
    await s.flush();

    const state = await s.loadTradingState("paper", T0);
    expect(state.recentDecisions.map((d) => d.id)).toEqual(["z1", "a2", "c5", "m3", "b4"]);
    expect(state.openOrders.map((o) => [o.clientOrderId, o.status])).toEqual([
      ["o0", "NEW"],
      ["o2", "PARTIALLY_FILLED"],
    ]);
    expect(state.positions.map((p) => p.symbol)).toEqual(["ADAUSDT", "BTCUSDT"]);
    expect(state.account).toEqual(account("paper"));
    expect(state.lastFillAt).toBe(T0 + 50);
    expect(state.recentFillIds).toEqual(["f-edge", "f0b", "f2", "f1"]);
    expect(state).toEqual(await memoryOf([...first, ...second]).loadTradingState("paper", T0));
    expect((await s.loadTradingState("paper", T0 + 4)).recentDecisions.map((d) => d.id)).toEqual(["m3", "b4"]);
    expect((await s.loadTradingState("paper", Number.NEGATIVE_INFINITY)).recentDecisions).toHaveLength(6);
    expect((await s.loadTradingState("paper", Number.POSITIVE_INFINITY)).recentDecisions).toEqual([]);
  });

  it("sets aside and reports trading records the database would refuse, and keeps strange doubles", async () => {
    const s = store();
    s.enqueue({ kind: "decision", decision: decision("d1", { reasonCodes: ["BAD\u0000" as ReasonCode] }) });
    s.enqueue({ kind: "decision", decision: decision("d2", { gatingFlags: { "risk\u0000": true } }) });
    s.enqueue({ kind: "order", order: order("o1", { createdAt: Number.NaN }) });
    s.enqueue({ kind: "fill", fill: fill("f1", { ts: 1e16 }) });
    s.enqueue({ kind: "position", symbol: "ETHUSDT", position: position("BTCUSDT") });
    s.enqueue({ kind: "account", account: account("paper", { updatedAt: Number.POSITIVE_INFINITY }) });
    s.enqueue({ kind: "equity", snapshot: equity(Number.NaN) });
    s.enqueue({ kind: "fill", fill: fill("f2", { price: Number.NaN, fee: Number.POSITIVE_INFINITY }) });
    await s.flush();
    expect(errors.filter((e) => /Set aside/.test(e.error.message))).toHaveLength(7);
    expect(s.stats()).toMatchObject({ dropped: 0, deadLettered: 7, written: 1 });
    expect(await db.prisma.deadLetter.count()).toBe(7);
    expect((await db.prisma.fill.findMany()).map(fillFromRow)).toEqual([
      fill("f2", { price: Number.NaN, fee: Number.POSITIVE_INFINITY }),
    ]);
  });

  it("is durable: after flush and close, a new store on the same database loads the same state", async () => {
    const SEED = 7;
    const TURNS = 300;
    const workload = new TradingWorkload(SEED);
    const memory = new MemoryEngineStore();
    const since = WORKLOAD_T0 + 100_000;

    const write = async (target: Database) => {
      const s = new PrismaEngineStore(target.prisma, { flushIntervalMs: 60_000, maxBatch: 50 });
      while (workload.turns < TURNS) {
        for (const r of workload.nextTurn()) {
          s.enqueue(r);
          memory.enqueue(r);
        }
        if (workload.turns % 20 === 0) await nextTurn();
      }
      await s.close();
      expect(s.stats()).toMatchObject({ pending: 0, dropped: 0 });
    };
    const check = async (target: Database) => {
      const reopened = new PrismaEngineStore(target.prisma);
      const state = await reopened.loadTradingState(WORKLOAD_ACCOUNT, since);
      expect(state).toEqual(await memory.loadTradingState(WORKLOAD_ACCOUNT, since));
      expect(state.recentDecisions.length).toBeGreaterThan(50);
      expect(state.positions.length + state.openOrders.length).toBeGreaterThan(0);
      expect(await reopened.loadCandles("BTCUSDT", "1m", 100)).toEqual(await memory.loadCandles("BTCUSDT", "1m", 100));
      expect(await assertConsistentPrefix(target.prisma, SEED)).toBe(TURNS);
      await reopened.close();
    };

    if (kind === "pglite") {
      const dir = mkdtempSync(join(tmpdir(), "hean-durable-"));
      try {
        const first = await openDatabase({ pgliteDataDir: dir });
        await migrate(first.sql);
        await write(first);
        await first.close();
        const second = await openDatabase({ pgliteDataDir: dir });
        try {
          await check(second);
        } finally {
          await second.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return;
    }
    const first = await openDatabase(backend.settings);
    await write(first);
    await first.close();
    const second = await openDatabase(backend.settings);
    try {
      await check(second);
    } finally {
      await second.close();
    }
  });
});
