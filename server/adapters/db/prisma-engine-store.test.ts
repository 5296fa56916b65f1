import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EngineTransitionRecord } from "../../engine/model/engine-state";
import type { Candle } from "../../engine/model/market";
import { migrate } from "./migrator";
import { type Database, openDatabase } from "./open-database";
import { type EngineStoreStats, PrismaEngineStore, type PrismaEngineStoreOptions } from "./prisma-engine-store";
import { decodeRecordJson } from "./record-json";
import { BACKENDS, openMigratedTestDatabase, type TestBackend } from "./testing/backends";

const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);

function candle(i: number, over: Partial<Candle> = {}): Candle {
  return {
    symbol: "BTCUSDT",
    timeframe: "1m",
    openTime: T0 + i * 60_000,
    open: 100 + i,
    high: 110 + i,
    low: 90 + i,
    close: 105.5 + i,
    volume: 0.1 + 0.2 * i,
    trades: i,
    ...over,
  };
}

function transition(i: number): EngineTransitionRecord {
  return {
    at: T0 + i + 0.0,
    command: "start",
    fromState: "STOPPED",
    toState: "RUNNING",
    ok: true,
    errorCode: null,
    actor: `api-${i}`,
    reason: i % 2 === 0 ? null : "because",
    message: "Engine started successfully",
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(BACKENDS)("PrismaEngineStore on %s", (kind) => {
  let backend: TestBackend;
  let db: Database;
  const stores: PrismaEngineStore[] = [];
  const errors: { error: Error; stats: EngineStoreStats }[] = [];

  function store(options: PrismaEngineStoreOptions = {}): PrismaEngineStore {
    const s = new PrismaEngineStore(db.prisma, {
      onError: (error, stats) => errors.push({ error, stats }),
      ...options,
    });
    stores.push(s);
    return s;
  }

  const candleRows = () => db.prisma.candle.count();

  beforeAll(async () => {
    ({ backend, db } = await openMigratedTestDatabase(kind));
  });

  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    errors.length = 0;
    await db.sql.exec("TRUNCATE candles, engine_transitions, dead_letters RESTART IDENTITY");
  });

  afterAll(async () => {
    await db?.close();
    await backend?.dispose();
  });

  it("round-trips candles and transitions, epoch ms in and out", async () => {
    const s = store({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 3; i++) s.enqueue({ kind: "candle", candle: candle(i) });
    s.enqueue({ kind: "candle", candle: candle(0, { symbol: "ETHUSDT" }) });
    s.enqueue({ kind: "engine_transition", transition: transition(1) });
    s.enqueue({ kind: "engine_transition", transition: { ...transition(2), ok: false, errorCode: "ALREADY_RUNNING" } });
    expect(s.pendingCount()).toBe(6);
    await s.flush();
    expect(s.pendingCount()).toBe(0);

    expect(await s.loadCandles("BTCUSDT", "1m", 10)).toEqual([candle(0), candle(1), candle(2)]);
    const rows = await db.prisma.engineTransition.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => ({ ...r, at: r.at.getTime() }))).toEqual([
      { id: 1, ...transition(1) },
      { id: 2, ...transition(2), ok: false, errorCode: "ALREADY_RUNNING" },
    ]);
    expect(s.stats()).toMatchObject({ written: 6, dropped: 0, pending: 0 });
  });

  it("upserts a candle updated twice, in one batch and across batches", async () => {
    const s = store({ flushIntervalMs: 60_000 });
    s.enqueue({ kind: "candle", candle: candle(0) });
    s.enqueue({ kind: "candle", candle: candle(0, { close: 1, trades: 5 }) });
    expect(s.pendingCount()).toBe(1);
    await s.flush();
    s.enqueue({ kind: "candle", candle: candle(0, { close: 2, high: 200, trades: 9 }) });
    await s.flush();
    expect(await s.loadCandles("BTCUSDT", "1m", 10)).toEqual([candle(0, { close: 2, high: 200, trades: 9 })]);
  });

  it("loads the newest N candles, oldest first, for one symbol and timeframe only", async () => {
    const s = store({ flushIntervalMs: 60_000 });
    for (const i of [5, 1, 4, 0, 3, 2]) s.enqueue({ kind: "candle", candle: candle(i) });
    s.enqueue({ kind: "candle", candle: candle(9, { timeframe: "5m" }) });
    s.enqueue({ kind: "candle", candle: candle(9, { symbol: "ETHUSDT" }) });
    await s.flush();
    expect((await s.loadCandles("BTCUSDT", "1m", 3)).map((c) => c.openTime)).toEqual(
      [3, 4, 5].map((i) => candle(i).openTime),
    );
    expect(await s.loadCandles("BTCUSDT", "1m", 100)).toHaveLength(6);
    expect(await s.loadCandles("BTCUSDT", "1m", 0)).toEqual([]);
    expect(await s.loadCandles("BTCUSDT", "15m", 10)).toEqual([]);
  });

  it("writes in the background every flushIntervalMs", async () => {
    const s = store({ flushIntervalMs: 50 });
    s.enqueue({ kind: "candle", candle: candle(0) });
    await waitFor(async () => (await candleRows()) === 1);
    expect(s.pendingCount()).toBe(0);
  });

  it("writes a full batch at once, and no more than maxBatch records per write", async () => {
    // maxTransaction = maxBatch: a batch is not extended to the end of the engine turn.
    const s = store({ flushIntervalMs: 60_000, maxBatch: 4, maxTransaction: 4 });
    for (let i = 0; i < 3; i++) s.enqueue({ kind: "candle", candle: candle(i) });
    await new Promise((r) => setTimeout(r, 200));
    expect(await candleRows()).toBe(0);
    s.enqueue({ kind: "candle", candle: candle(3) });
    await waitFor(async () => (await candleRows()) === 4);
    expect(s.stats().batches).toBe(1);

    for (let i = 4; i < 14; i++) s.enqueue({ kind: "candle", candle: candle(i) });
    await s.flush();
    expect(await candleRows()).toBe(14);
    expect(s.stats().batches).toBe(4);
  });

  it("makes flushed records durable: another connection sees them", async () => {
    if (kind === "pglite") {
      // In memory there is no other connection: use a folder, close it and open it again.
      const dir = mkdtempSync(join(tmpdir(), "hean-store-"));
      try {
        const fileDb = await openDatabase({ pgliteDataDir: dir });
        await migrate(fileDb.sql);
        const s = new PrismaEngineStore(fileDb.prisma, { flushIntervalMs: 60_000 });
        s.enqueue({ kind: "candle", candle: candle(0) });
        s.enqueue({ kind: "engine_transition", transition: transition(0) });
        await s.flush();
        await fileDb.close();
        const reopened = await openDatabase({ pgliteDataDir: dir });
        expect(await reopened.prisma.candle.count()).toBe(1);
        expect(await reopened.prisma.engineTransition.count()).toBe(1);
        await s.close();
        await reopened.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return;
    }
    const s = store({ flushIntervalMs: 60_000 });
    s.enqueue({ kind: "candle", candle: candle(0) });
    s.enqueue({ kind: "engine_transition", transition: transition(0) });
    await s.flush();
    const other = await openDatabase(backend.settings);
    try {
      expect(await other.prisma.candle.count()).toBe(1);
      expect(await other.prisma.engineTransition.count()).toBe(1);
    } finally {
      await other.close();
    }
  });

  it("close() writes what is queued, then drops (and counts) later records", async () => {
    const s = store({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 5; i++) s.enqueue({ kind: "candle", candle: candle(i) });
    s.enqueue({ kind: "engine_transition", transition: transition(0) });
    await s.close();
    expect(await candleRows()).toBe(5);
    expect(await db.prisma.engineTransition.count()).toBe(1);
    expect(() => s.enqueue({ kind: "candle", candle: candle(9) })).not.toThrow();
    expect(s.stats().dropped).toBe(1);
    expect(errors.map((e) => e.error.message)).toEqual([expect.stringMatching(/after the store was closed/)]);
  });

  it("retries a failed write with backoff, reports it, and loses nothing", async () => {
    const s = store({ flushIntervalMs: 20, retryBaseMs: 20, retryMaxMs: 40 });
    await db.sql.exec("ALTER TABLE engine_transitions RENAME TO engine_transitions_away");
    try {
      s.enqueue({ kind: "engine_transition", transition: transition(0) });
      s.enqueue({ kind: "candle", candle: candle(0) });
      await waitFor(async () => errors.length >= 2);
      expect(s.pendingCount()).toBe(2);
      expect(errors[0]?.error.message).toMatch(/Writing to the database failed \(attempt 1\); 2 records wait/);
      expect(errors[1]?.stats).toMatchObject({ consecutiveFailures: 2, lastError: expect.stringMatching(/^42P01/) });
      expect(s.stats().failingSince).not.toBeNull();
      await expect(s.flush()).rejects.toThrow(/records stay queued/);
    } finally {
      await db.sql.exec("ALTER TABLE engine_transitions_away RENAME TO engine_transitions");
    }
    await waitFor(async () => s.pendingCount() === 0);
    expect(await db.prisma.engineTransition.count()).toBe(1);
    expect(await candleRows()).toBe(1);
    expect(s.stats()).toMatchObject({ written: 2, dropped: 0, consecutiveFailures: 0, failingSince: null });
  });

  it("without a journal, bounds the queue while the database is down by dropping the oldest", async () => {
    const s = store({ flushIntervalMs: 60_000, maxBatch: 2, maxQueue: 6, retryBaseMs: 10_000 });
    await db.sql.exec("ALTER TABLE engine_transitions RENAME TO engine_transitions_away");
    try {
      for (let i = 0; i < 8; i++) s.enqueue({ kind: "engine_transition", transition: transition(i) });
      await waitFor(async () => errors.some((e) => /queue full/.test(e.error.message)));
      expect(s.stats().dropped).toBe(4);
    } finally {
      await db.sql.exec("ALTER TABLE engine_transitions_away RENAME TO engine_transitions");
    }
    await s.flush();
    const actors = (await db.prisma.engineTransition.findMany({ orderBy: { id: "asc" } })).map((r) => r.actor);
    expect(actors).toEqual(["api-4", "api-5", "api-6", "api-7"]);
  });

  it("stores doubles exactly as computed, also in a batch with transitions", async () => {
    const s = store({ flushIntervalMs: 60_000 });
    const values = [0.1 + 0.2, 1 / 3, Number.MAX_VALUE, Number.MIN_VALUE, -123456.78901234567, 2 ** 53 + 2];
    values.forEach((v, i) => {
      s.enqueue({ kind: "candle", candle: candle(i, { open: v, high: v, low: v, close: v, volume: v }) });
    });
    s.enqueue({ kind: "engine_transition", transition: transition(0) });
    await s.flush();
    const loaded = await s.loadCandles("BTCUSDT", "1m", 10);
    expect(loaded.map((c) => [c.open, c.high, c.low, c.close, c.volume])).toEqual(values.map((v) => [v, v, v, v, v]));
  });

  it("never throws from enqueue: records the database would refuse are set aside in dead_letters", async () => {
    const s = store({ flushIntervalMs: 60_000 });
    s.enqueue({ kind: "candle", candle: candle(0, { openTime: Number.NaN }) });
    s.enqueue({ kind: "candle", candle: candle(1, { trades: 2 ** 40 }) });
    s.enqueue({ kind: "candle", candle: candle(2, { close: Number.POSITIVE_INFINITY }) });
    s.enqueue({ kind: "candle", candle: candle(3, { symbol: "BAD\u0000" }) });
    s.enqueue({ kind: "engine_transition", transition: { ...transition(0), at: 1e16 } });
    s.enqueue({ kind: "engine_transition", transition: { ...transition(1), reason: "\ud800" } });
    s.enqueue({ kind: "candle", candle: candle(4) });
    await s.flush();
    expect(await candleRows()).toBe(1);
    expect(s.stats()).toMatchObject({ dropped: 0, deadLettered: 6, recentDeadLetters: 6, pending: 0 });
    expect(errors.filter((e) => /Set aside/.test(e.error.message))).toHaveLength(6);
    const letters = await db.prisma.deadLetter.findMany({ orderBy: { id: "asc" } });
    expect(letters.map((l) => l.kind)).toEqual([
      "candle",
      "candle",
      "candle",
      "candle",
      "engine_transition",
      "engine_transition",
    ]);
    expect(letters[3]?.error).toMatch(/text the database cannot hold/);
    // The record is kept whole, as JSON text, special numbers and bad text included.
    expect(decodeRecordJson(letters[2]?.record ?? "")).toEqual({
      kind: "candle",
      candle: candle(2, { close: Number.POSITIVE_INFINITY }),
    });
    expect(decodeRecordJson(letters[5]?.record ?? "")).toMatchObject({ transition: { reason: "\ud800" } });
  });
});
