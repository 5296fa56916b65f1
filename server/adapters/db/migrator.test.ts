import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { migrationChecksum, readMigrationFiles } from "./migration-files";
import { MigrationError, migrate } from "./migrator";
import { type Database, openDatabase } from "./open-database";
import { BACKENDS, createBackend, type TestBackend } from "./testing/backends";

function migrationsDir(migrations: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "hean-migrations-"));
  for (const [name, script] of Object.entries(migrations)) writeMigration(dir, name, script);
  writeFileSync(join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  return dir;
}

function writeMigration(dir: string, name: string, script: string): void {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, "migration.sql"), script);
}

interface PrismaMigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished: boolean;
  logs: string | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}

async function recorded(db: Database): Promise<PrismaMigrationRow[]> {
  return db.sql.query<PrismaMigrationRow>(
    `SELECT id, checksum, migration_name, finished_at IS NOT NULL AS finished, logs, rolled_back_at,
            applied_steps_count FROM _prisma_migrations ORDER BY migration_name`,
  );
}

async function tableExists(db: Database, table: string): Promise<boolean> {
  const [row] = await db.sql.query<{ found: string | null }>("SELECT to_regclass($1)::text AS found", [table]);
  return row?.found != null;
}

describe("migration files", () => {
  it("reads prisma/migrations in name order with Prisma's sha256 checksum", () => {
    const files = readMigrationFiles();
    expect(files.map((f) => f.name)).toEqual([...files.map((f) => f.name)].sort());
    expect(files[0]?.name).toBe("20261124000000_init");
    expect(migrationChecksum("hello")).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  });
});

describe.each(BACKENDS)("migrator on %s", (kind) => {
  let backend: TestBackend;
  const dirs: string[] = [];
  const open: Database[] = [];

  async function fresh(): Promise<Database> {
    const db = await openDatabase(backend.settings);
    open.push(db);
    if (kind === "postgresql") await db.sql.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    return db;
  }

  function dir(migrations: Record<string, string>): string {
    const d = migrationsDir(migrations);
    dirs.push(d);
    return d;
  }

  beforeAll(async () => {
    backend = await createBackend(kind);
  });

  afterEach(async () => {
    for (const db of open.splice(0)) await db.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  afterAll(async () => {
    await backend?.dispose();
  });

  it("applies the project's migrations once, recorded as prisma migrate deploy records them", async () => {
    const db = await fresh();
    const files = readMigrationFiles();
    expect(await migrate(db.sql)).toEqual(files.map((f) => f.name));
    expect(await migrate(db.sql)).toEqual([]);

    const rows = await recorded(db);
    expect(rows).toHaveLength(files.length);
    for (const [i, file] of files.entries()) {
      const row = rows[i];
      expect(row?.migration_name).toBe(file.name);
      expect(row?.checksum).toBe(
        migrationChecksum(readFileSync(join("prisma", "migrations", file.name, "migration.sql"), "utf8")),
      );
      expect(row?.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row?.finished).toBe(true);
      expect(row?.logs).toBeNull();
      expect(row?.rolled_back_at).toBeNull();
      expect(row?.applied_steps_count).toBe(1);
    }
  });

  it("applies only new migrations, in name order", async () => {
    const db = await fresh();
    const d = dir({ "002_b": "CREATE TABLE b (id INT);", "001_a": "CREATE TABLE a (id INT);" });
    expect(await migrate(db.sql, { migrationsDir: d })).toEqual(["001_a", "002_b"]);
    writeMigration(d, "003_c", "ALTER TABLE a ADD COLUMN name TEXT;");
    expect(await migrate(db.sql, { migrationsDir: d })).toEqual(["003_c"]);
    expect((await recorded(db)).map((r) => r.migration_name)).toEqual(["001_a", "002_b", "003_c"]);
  });

  it("reports a failed migration with its name and the database error, and records nothing of it", async () => {
    const db = await fresh();
    const d = dir({
      "001_ok": "CREATE TABLE ok (id INT);",
      "002_bad": "CREATE TABLE half (id INT);\nINSERT INTO missing_table VALUES (1);",
    });
    const error = await migrate(db.sql, { migrationsDir: d }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe("002_bad");
    expect((error as Error).message).toMatch(/002_bad/);
    expect((error as Error).message).toMatch(/missing_table/);
    expect((await recorded(db)).map((r) => r.migration_name)).toEqual(["001_ok"]);
    expect(await tableExists(db, "half")).toBe(false);

    // Fixed, it applies on the next run.
    writeMigration(d, "002_bad", "CREATE TABLE half (id INT);");
    expect(await migrate(db.sql, { migrationsDir: d })).toEqual(["002_bad"]);
  });

  it("refuses a migration whose file changed after it was applied, but not a line-ending change", async () => {
    const db = await fresh();
    const d = dir({ "001_a": "CREATE TABLE a (id INT);\nCREATE TABLE a2 (id INT);\n" });
    await migrate(db.sql, { migrationsDir: d });

    writeMigration(d, "001_a", "CREATE TABLE a (id INT);\r\nCREATE TABLE a2 (id INT);\r\n");
    expect(await migrate(db.sql, { migrationsDir: d })).toEqual([]);

    writeMigration(d, "001_a", "CREATE TABLE a (id BIGINT);\nCREATE TABLE a2 (id INT);\n");
    writeMigration(d, "002_b", "CREATE TABLE b (id INT);");
    await expect(migrate(db.sql, { migrationsDir: d })).rejects.toThrow(/001_a was modified after it was applied/);
    expect(await tableExists(db, "b")).toBe(false);
  });

  it("refuses to continue after a migration that prisma recorded as failed", async () => {
    const db = await fresh();
    const d = dir({ "001_a": "CREATE TABLE a (id INT);" });
    await migrate(db.sql, { migrationsDir: d });
    await db.sql.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES ($1, $2, '000_broken', 'boom')`,
      ["00000000-0000-4000-8000-000000000000", "0".repeat(64)],
    );
    await expect(migrate(db.sql, { migrationsDir: d })).rejects.toThrow(
      /000_broken is recorded as started but not finished/,
    );
  });

  it("serialises concurrent migrators: each migration is applied exactly once, without error", async () => {
    const db = await fresh();
    // Several independent connections (pools), as separate processes would have.
    const others = kind === "postgresql" ? await Promise.all([1, 2, 3].map(() => openDatabase(backend.settings))) : [];
    open.push(...others);
    const executors = [db, ...others, db].map((x) => x.sql);
    const d = dir({
      "001_slow": "CREATE TABLE slow (id INT); SELECT pg_sleep(0.3);",
      "002_counter": "CREATE TABLE counter (n INT); INSERT INTO counter VALUES (1);",
    });
    const results = await Promise.all(executors.map((sql) => migrate(sql, { migrationsDir: d })));
    expect(results.flat().sort()).toEqual(["001_slow", "002_counter"]);
    expect(results.filter((r) => r.length > 0)).toHaveLength(1);
    expect((await recorded(db)).map((r) => r.migration_name)).toEqual(["001_slow", "002_counter"]);
    expect(await db.sql.query("SELECT n FROM counter")).toEqual([{ n: 1 }]);
  });
});
