import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestPgDatabase } from "../server/adapters/db/testing/pg-test-database";

function run(env: Record<string, string>) {
  const result = spawnSync(join("node_modules", ".bin", "tsx"), ["scripts/db-migrate.ts"], {
    env: { ...process.env, DATABASE_URL: "", PGLITE_DATA_DIR: "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe("npm run db:migrate", () => {
  it("migrates a PGlite folder, then finds it up to date", () => {
    const dir = mkdtempSync(join(tmpdir(), "hean-db-migrate-"));
    try {
      const first = run({ PGLITE_DATA_DIR: dir });
      expect(first.code, first.err).toBe(0);
      expect(first.out).toMatch(/Applied \d+ migration\(s\) to PGlite .*20261124000000_init/);
      const second = run({ PGLITE_DATA_DIR: dir });
      expect(second.code, second.err).toBe(0);
      expect(second.out).toMatch(/up to date/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("migrates PostgreSQL from DATABASE_URL", async () => {
    const database = await createTestPgDatabase();
    try {
      const result = run({ DATABASE_URL: database.url });
      expect(result.code, result.err).toBe(0);
      expect(result.out).toMatch(/Applied \d+ migration\(s\) to PostgreSQL/);
    } finally {
      await database.drop();
    }
  });

  it("exits non-zero with a clear message when the database cannot be reached", () => {
    const result = run({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/hean_no_such_database" });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/Migration of PostgreSQL .* failed: .*hean_no_such_database/);
  });
});
