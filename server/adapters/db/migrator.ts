import { randomUUID } from "node:crypto";
import { type MigrationFile, readMigrationFiles, scriptMatchesChecksum } from "./migration-files";
import type { SqlExecutor, SqlSession } from "./sql-executor";

/** The advisory lock key `prisma migrate` takes, so our migrator and Prisma's exclude each other too. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// The table exactly as Prisma's schema engine creates it for PostgreSQL.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`Migration ${migration} ${problem}`, options);
    this.name = "MigrationError";
  }
}

export interface MigrateOptions {
  /** Default: prisma/migrations under the working directory. */
  readonly migrationsDir?: string;
  /** How long to wait for another process that is migrating the same database. Default 120 s. */
  readonly lockTimeoutMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * Applies the migrations not yet applied, in name order, each in its own transaction together with
 * its `_prisma_migrations` row, so `prisma migrate deploy` sees them as applied. Returns their names.
 */
export async function migrate(sql: SqlExecutor, options: MigrateOptions = {}): Promise<string[]> {
  const files = readMigrationFiles(options.migrationsDir);
  return sql.session(async (session) => {
    await acquireLock(session, options.lockTimeoutMs ?? 120_000);
    const unlock = () => session.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    let applied: string[];
    try {
      applied = await applyPending(session, files, options.log);
    } catch (error) {
      // The original error matters more; a session that fails is destroyed, which frees the lock.
      await unlock().catch(() => undefined);
      throw error;
    }
    await unlock();
    return applied;
  });
}

async function applyPending(
  session: SqlSession,
  files: readonly MigrationFile[],
  log: ((message: string) => void) | undefined,
): Promise<string[]> {
  await session.exec(CREATE_MIGRATIONS_TABLE);
  const pending = await pendingMigrations(session, files, log);
  const applied: string[] = [];
  for (const migration of pending) {
    await apply(session, migration);
    applied.push(migration.name);
    log?.(`applied migration ${migration.name}`);
  }
  return applied;
}

async function acquireLock(session: SqlSession, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await session.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      PRISMA_MIGRATE_LOCK_KEY,
    ]);
    if (row?.locked) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for the migration lock (advisory lock ${PRISMA_MIGRATE_LOCK_KEY}): ` +
          "another process is migrating this database",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished: boolean;
  rolled_back: boolean;
}

async function pendingMigrations(
  session: SqlSession,
  files: readonly MigrationFile[],
  log: ((message: string) => void) | undefined,
): Promise<MigrationFile[]> {
  const rows = await session.query<MigrationRow>(
    `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
       FROM _prisma_migrations ORDER BY started_at`,
  );
  const failed = rows.find((r) => !r.finished && !r.rolled_back);
  if (failed) {
    throw new MigrationError(
      failed.migration_name,
      "is recorded as started but not finished (a failed `prisma migrate deploy`). Repair the database, then " +
        `mark it with \`prisma migrate resolve --rolled-back ${failed.migration_name}\` (or --applied).`,
    );
  }
  const applied = rows.filter((r) => r.finished && !r.rolled_back);
  for (const row of applied) {
    if (!files.some((f) => f.name === row.migration_name)) {
      log?.(
        `warning: migration ${row.migration_name} is applied in the database but missing from the migrations folder`,
      );
    }
  }
  return files.filter((file) => {
    const records = applied.filter((r) => r.migration_name === file.name);
    if (records.length === 0) return true;
    if (!records.some((r) => scriptMatchesChecksum(file.script, r.checksum))) {
      throw new MigrationError(
        file.name,
        `was modified after it was applied (checksum recorded ${records[0]?.checksum}, file now ${file.checksum}). ` +
          "Restore the original migration.sql and put the change in a new migration.",
      );
    }
    return false;
  });
}

async function apply(session: SqlSession, migration: MigrationFile): Promise<void> {
  try {
    await session.transaction(async (tx) => {
      await tx.exec(migration.script);
      await tx.query(
        `INSERT INTO _prisma_migrations
           (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
    });
  } catch (error) {
    throw new MigrationError(migration.name, `failed and was rolled back: ${describeDbError(error)}`, {
      cause: error,
    });
  }
}

function describeDbError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { code?: string; detail?: string; hint?: string; position?: string | number };
  const parts = [e.message];
  if (e.code) parts.push(`(SQLSTATE ${e.code})`);
  if (e.detail) parts.push(`detail: ${e.detail}`);
  if (e.hint) parts.push(`hint: ${e.hint}`);
  if (e.position !== undefined) parts.push(`at character ${e.position}`);
  return parts.join(" ");
}
