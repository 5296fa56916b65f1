import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../server/adapters/db/migrator";
import { type Database, openDatabase } from "../server/adapters/db/open-database";
import { type EngineStoreStats, PrismaEngineStore } from "../server/adapters/db/prisma-engine-store";
import { createTestPgDatabase } from "../server/adapters/db/testing/pg-test-database";
import type { Tick } from "../server/engine/model/market";
import { type ReplayRun, runTradingReplay } from "./trading-replay";

/** Ticks between yields to the event loop, so the background writer gets to run during the replay. */
export const YIELD_EVERY_TICKS = 10_000;

export interface PersistedRun extends ReplayRun {
  readonly database: string;
  readonly store: EngineStoreStats;
  readonly storeErrors: number;
}

/**
 * The full-pipeline replay with the database store of the server (PrismaEngineStore, its default
 * batching) on a freshly migrated database. The replay loop yields every YIELD_EVERY_TICKS ticks;
 * when more than `maxPending` records are queued it waits for the writer, so nothing is dropped and
 * the figure is what the database sustains. The final flush is inside the timed part.
 */
async function replayInto(db: Database, label: string, ticks: readonly Tick[], maxPending: number) {
  await migrate(db.sql);
  let storeErrors = 0;
  const store = new PrismaEngineStore(db.prisma, { onError: () => storeErrors++ });
  try {
    const run = await runTradingReplay(ticks, { store, yieldEveryTicks: YIELD_EVERY_TICKS, maxPending });
    const stats = store.stats();
    if (stats.dropped > 0 || stats.pending > 0) throw new Error(`${label}: ${JSON.stringify(stats)}`);
    return { ...run, database: label, store: stats, storeErrors } satisfies PersistedRun;
  } finally {
    await store.close().catch(() => undefined);
  }
}

/** PGlite in a temporary folder (the embedded default's engine, on disk), removed afterwards. */
export async function benchPgliteReplay(ticks: readonly Tick[], maxPending: number): Promise<PersistedRun> {
  const dir = mkdtempSync(join(tmpdir(), "hean-bench-pglite-"));
  const db = await openDatabase({ pgliteDataDir: dir });
  try {
    return await replayInto(db, `PGlite (${dir})`, ticks, maxPending);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh database on the local PostgreSQL server (as the integration tests make them), dropped afterwards. */
export async function benchPostgresReplay(ticks: readonly Tick[], maxPending: number): Promise<PersistedRun> {
  const pg = await createTestPgDatabase();
  try {
    const db = await openDatabase({ databaseUrl: pg.url, pgliteDataDir: "memory://" });
    try {
      const [version] = await db.sql.query<{ server_version: string }>("SHOW server_version");
      return await replayInto(db, `PostgreSQL ${version?.server_version ?? "?"} (127.0.0.1)`, ticks, maxPending);
    } finally {
      await db.close();
    }
  } finally {
    await pg.drop();
  }
}
