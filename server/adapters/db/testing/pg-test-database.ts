// A fresh, uniquely named PostgreSQL database per test file, created through the `test` database
// of the local server (127.0.0.1:5432, trust auth) and dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** Admin connections tried in order; HEAN_TEST_PG_ADMIN_URL overrides. */
function adminUrls(): string[] {
  const fromEnv = process.env.HEAN_TEST_PG_ADMIN_URL;
  if (fromEnv) return [fromEnv];
  return ["postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test"];
}

async function withAdmin<T>(fn: (client: pg.Client, url: string) => Promise<T>): Promise<T> {
  const failures: string[] = [];
  for (const url of adminUrls()) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
    } catch (error) {
      failures.push(`${url}: ${(error as Error).message}`);
      await client.end().catch(() => undefined);
      continue;
    }
    try {
      return await fn(client, url);
    } finally {
      await client.end();
    }
  }
  throw new Error(
    `These tests need the local PostgreSQL (set HEAN_TEST_PG_ADMIN_URL to another admin URL):\n  ${failures.join("\n  ")}`,
  );
}

export interface TestPgDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTestPgDatabase(): Promise<TestPgDatabase> {
  const name = `hean_test_${randomBytes(6).toString("hex")}`;
  const url = await withAdmin(async (client, adminUrl) => {
    await client.query(`CREATE DATABASE "${name}"`);
    const target = new URL(adminUrl);
    target.pathname = `/${name}`;
    return target.toString();
  });
  return {
    name,
    url,
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
