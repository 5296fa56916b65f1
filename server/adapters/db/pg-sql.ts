import type { Pool, PoolClient } from "pg";
import type { SqlExecutor, SqlQueryable, SqlSession } from "./sql-executor";

function queryable(client: Pool | PoolClient): SqlQueryable {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await client.query(text, [...params]);
      return result.rows as Row[];
    },
    async exec(script: string) {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await client.query(script);
    },
  };
}

function session(client: PoolClient): SqlSession {
  const q = queryable(client);
  return {
    ...q,
    async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
      await client.query("BEGIN");
      try {
        const result = await fn(q);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
  };
}

/** Raw SQL over a node-postgres pool. */
export function pgSqlExecutor(pool: Pool): SqlExecutor {
  return {
    ...queryable(pool),
    async session<T>(fn: (s: SqlSession) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await fn(session(client));
      } catch (error) {
        // A failed ROLLBACK or a dropped connection leaves the session unusable: destroy it
        // (which also releases any advisory lock it held) rather than return it to the pool.
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}
