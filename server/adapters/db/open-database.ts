import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../../../src/generated/prisma/client";
import { maskUrlCredentials } from "../../config/secrets";
import { type DataDirLock, lockDataDir } from "./data-dir-lock";
import { pgSqlExecutor } from "./pg-sql";
import { pgliteSqlExecutor } from "./pglite-sql";
import type { SqlExecutor } from "./sql-executor";

export const PGLITE_IN_MEMORY = "memory://";

export interface DatabaseSettings {
  /** postgresql:// URL; when unset, the embedded PGlite database is used. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data folder, or "memory://" for a throwaway in-memory database. */
  readonly pgliteDataDir: string;
}

export interface OpenDatabaseOptions {
  /** Errors of idle PostgreSQL connections (server restart, network); they must not crash the process. */
  readonly onConnectionError?: (error: Error) => void;
}

export interface Database {
  readonly kind: "postgresql" | "pglite";
  /**
   * Which database this is, without credentials (server, port, name and user; or the PGlite folder):
   * what the fallback journal is keyed by. null for an in-memory PGlite, which nothing outlives.
   */
  readonly identity: string | null;
  readonly prisma: PrismaClient;
  readonly sql: SqlExecutor;
  /** Throws unless the database answers. */
  ping(): Promise<void>;
  /** Disconnects Prisma and closes the driver (and releases the PGlite folder). Idempotent. */
  close(): Promise<void>;
}

export async function openDatabase(settings: DatabaseSettings, options: OpenDatabaseOptions = {}): Promise<Database> {
  return settings.databaseUrl ? openPostgres(settings.databaseUrl, options) : openPglite(settings.pgliteDataDir);
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  // Bounded waits: during an outage a write fails (and is retried) rather than hanging for ever.
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 5_000, query_timeout: 30_000 });
  pool.on("error", (error) => options.onConnectionError?.(error));
  const sql = pgSqlExecutor(pool);
  try {
    await sql.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return finish("postgresql", postgresIdentity(url), prisma, sql, async () => {
    await prisma.$disconnect();
    await pool.end();
  });
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return maskUrlCredentials(url);
}

async function openPglite(dataDir: string): Promise<Database> {
  let lock: DataDirLock | undefined;
  let location: string = PGLITE_IN_MEMORY;
  if (dataDir !== PGLITE_IN_MEMORY) {
    location = resolve(dataDir);
    mkdirSync(location, { recursive: true });
    lock = lockDataDir(location);
  }
  let db: PGlite;
  try {
    db = await PGlite.create(location);
  } catch (error) {
    lock?.release();
    throw new Error(`Cannot open the embedded database in ${location}: ${(error as Error).message}`, { cause: error });
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return finish("pglite", lock === undefined ? null : `pglite:${location}`, prisma, pgliteSqlExecutor(db), async () => {
    try {
      await prisma.$disconnect();
      await db.close();
    } finally {
      lock?.release();
    }
  });
}

function postgresIdentity(url: string): string {
  try {
    const u = new URL(url);
    return `postgresql://${decodeURIComponent(u.username)}@${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return maskUrlCredentials(url);
  }
}

function finish(
  kind: Database["kind"],
  identity: string | null,
  prisma: PrismaClient,
  sql: SqlExecutor,
  closeDriver: () => Promise<void>,
): Database {
  let closing: Promise<void> | undefined;
  return {
    kind,
    identity,
    prisma,
    sql,
    async ping() {
      await sql.query("SELECT 1");
    },
    close() {
      closing ??= closeDriver();
      return closing;
    },
  };
}
