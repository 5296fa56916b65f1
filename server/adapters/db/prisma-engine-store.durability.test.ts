import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EngineTransitionRecord } from "../../engine/model/engine-state";
import { FallbackJournal } from "./fallback-journal";
import type { Database } from "./open-database";
import { PrismaEngineStore, type PrismaEngineStoreOptions } from "./prisma-engine-store";
import { BACKENDS, openMigratedTestDatabase, type TestBackend } from "./testing/backends";

const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);

const transition = (i: number, actor = `api-${i}`): EngineTransitionRecord => ({
  at: T0 + i,
  command: "pause",
  fromState: "RUNNING",
  toState: "PAUSED",
  ok: true,
  errorCode: null,
  actor,
  reason: `r${i}`,
  message: "Engine paused successfully",
});

const nextTurn = () => new Promise((r) => setImmediate(r));

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

// A fault the database itself raises for one row: the test's way to poison a record by force.
const POISON = `
  CREATE OR REPLACE FUNCTION hean_test_poison() RETURNS trigger AS $$
  BEGIN
    IF NEW.actor = 'poison' THEN RAISE EXCEPTION 'poisoned by the test' USING ERRCODE = '22023'; END IF;
    IF NEW.actor = 'unavailable' THEN RAISE EXCEPTION 'database unavailable (test)' USING ERRCODE = '57P03'; END IF;
    RETURN NEW;
  END $$ LANGUAGE plpgsql;
  CREATE TRIGGER hean_test_poison BEFORE INSERT ON engine_transitions FOR EACH ROW EXECUTE FUNCTION hean_test_poison();`;

describe.each(BACKENDS)("PrismaEngineStore durability on %s", (kind) => {
  let backend: TestBackend;
  let db: Database;
  let dir: string;
  const stores: PrismaEngineStore[] = [];

  function store(options: PrismaEngineStoreOptions = {}): PrismaEngineStore {
    const s = new PrismaEngineStore(db.prisma, {
      flushIntervalMs: 60_000,
      retryBaseMs: 5,
      retryMaxMs: 10,
      ping: () => db.ping(),
      journal: FallbackJournal.open(dir, "test-db"),
      ...options,
    });
    stores.push(s);
    return s;
  }

  const actors = async () =>
    (await db.prisma.engineTransition.findMany({ orderBy: { id: "asc" } })).map((r) => r.actor);

  beforeAll(async () => {
    ({ backend, db } = await openMigratedTestDatabase(kind));
    await db.sql.exec(POISON);
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "hean-journal-"));
  });

  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    await db.sql.exec("TRUNCATE engine_transitions, dead_letters, store_journal RESTART IDENTITY");
    rmSync(dir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await db?.close();
    await backend?.dispose();
  });

  it("isolates a record the database refuses: the rest is written in order, the record dead-lettered", async () => {
    const s = store();
    for (let i = 0; i < 9; i++)
      s.enqueue({ kind: "engine_transition", transition: transition(i, i === 5 ? "poison" : undefined) });
    await s.flush();
    expect(await actors()).toEqual(["api-0", "api-1", "api-2", "api-3", "api-4", "api-6", "api-7", "api-8"]);
    const letters = await db.prisma.deadLetter.findMany();
    expect(letters).toHaveLength(1);
    expect(letters[0]?.kind).toBe("engine_transition");
    expect(letters[0]?.error).toMatch(/^22023: poisoned by the test/);
    expect(s.stats()).toMatchObject({
      pending: 0,
      written: 8,
      deadLettered: 1,
      recentDeadLetters: 1,
      lastDeadLetter: { error: expect.stringMatching(/poisoned/) },
      consecutiveFailures: 0,
    });
    // Later records are not held up by it.
    s.enqueue({ kind: "engine_transition", transition: transition(9) });
    await s.flush();
    expect((await actors()).at(-1)).toBe("api-9");
  });

  it("a new store counts the last day's dead letters", async () => {
    const s = store();
    s.enqueue({ kind: "engine_transition", transition: transition(0, "poison") });
    await s.flush();
    const next = store();
    await next.recover();
    expect(next.stats()).toMatchObject({
      deadLettered: 0,
      recentDeadLetters: 1,
      lastDeadLetter: { error: expect.any(String) },
    });
  });

  it("retries, and dead-letters nothing, while the database is not taking writes", async () => {
    const s = store({ flushAttempts: 2 });
    s.enqueue({ kind: "engine_transition", transition: transition(0) });
    s.enqueue({ kind: "engine_transition", transition: transition(1, "unavailable") });
    await expect(s.flush()).rejects.toThrow(/stay queued/);
    expect(s.stats()).toMatchObject({ pending: 2, deadLettered: 0, lastError: expect.stringMatching(/^57P03/) });
    expect(await db.prisma.deadLetter.count()).toBe(0);
  });

  it("on close during an outage, keeps everything in the journal, and the next start writes it first", async () => {
    const s = store({ flushAttempts: 2 });
    await db.sql.exec("ALTER TABLE engine_transitions RENAME TO engine_transitions_away");
    try {
      for (let i = 0; i < 5; i++) {
        s.enqueue({ kind: "engine_transition", transition: transition(i) });
        await nextTurn();
      }
      const outcome = await s.close();
      expect(outcome).toMatchObject({ written: false, spilled: 5, error: expect.stringMatching(/flush failed/) });
      expect(readdirSync(dir)).toHaveLength(1);
    } finally {
      await db.sql.exec("ALTER TABLE engine_transitions_away RENAME TO engine_transitions");
    }
    const next = store();
    expect(next.stats().pending).toBe(5);
    expect(await next.recover()).toBe(5);
    expect(await actors()).toEqual(["api-0", "api-1", "api-2", "api-3", "api-4"]);
    expect(readdirSync(dir)).toEqual([]);
    expect(await db.prisma.storeJournal.count()).toBe(0);
  });

  it("a replay interrupted half-way resumes where the database says, without duplicates", async () => {
    const s = store({ flushAttempts: 1 });
    await db.sql.exec("ALTER TABLE engine_transitions RENAME TO engine_transitions_away");
    try {
      for (let i = 0; i < 6; i++) {
        s.enqueue({ kind: "engine_transition", transition: transition(i, i === 3 ? "unavailable" : undefined) });
        await nextTurn();
      }
      await s.close();
    } finally {
      await db.sql.exec("ALTER TABLE engine_transitions_away RENAME TO engine_transitions");
    }
    // The replay stops at the batch the database will not take now (a 57P03 fault on line 3).
    const interrupted = store({ maxBatch: 2, maxTransaction: 2, flushAttempts: 1 });
    await expect(interrupted.recover()).rejects.toThrow();
    expect(await actors()).toEqual(["api-0", "api-1"]);
    expect((await db.prisma.storeJournal.findMany()).map((r) => r.replayed)).toEqual([2]);
    await interrupted.close().catch(() => undefined);
    // The fault passes; a new process resumes at line 2, as the database says, and writes each record once.
    await db.sql.exec("DROP TRIGGER hean_test_poison ON engine_transitions");
    try {
      const resumed = store({ maxBatch: 2, maxTransaction: 2 });
      await resumed.recover();
      expect(await actors()).toEqual(["api-0", "api-1", "api-2", "unavailable", "api-4", "api-5"]);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await db.sql.exec(
        "CREATE TRIGGER hean_test_poison BEFORE INSERT ON engine_transitions FOR EACH ROW EXECUTE FUNCTION hean_test_poison()",
      );
    }
  });

  it("beyond its capacity, moves the oldest records to the journal and writes them first, in order", async () => {
    const s = store({ maxQueue: 4, maxBatch: 2 });
    await db.sql.exec("ALTER TABLE engine_transitions RENAME TO engine_transitions_away");
    try {
      for (let i = 0; i < 10; i++) {
        s.enqueue({ kind: "engine_transition", transition: transition(i) });
        await nextTurn();
      }
      // (Not while a write of the queue is in flight: its batch may come back to the queue's front.)
      await waitFor(() => s.stats().spilled > 0);
      expect(s.stats()).toMatchObject({ pending: 10, dropped: 0 });
    } finally {
      await db.sql.exec("ALTER TABLE engine_transitions_away RENAME TO engine_transitions");
    }
    await s.flush();
    expect(await actors()).toEqual(Array.from({ length: 10 }, (_, i) => `api-${i}`));
    expect(s.stats()).toMatchObject({ pending: 0, spilled: 0 });
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it("journals what arrives after close instead of dropping it", async () => {
    const s = store();
    await s.close();
    s.enqueue({ kind: "engine_transition", transition: transition(0) });
    expect(s.stats().dropped).toBe(0);
    const next = store();
    expect(await next.recover()).toBe(1);
    expect(await actors()).toEqual(["api-0"]);
  });
});
