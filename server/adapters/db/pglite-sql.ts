import type { PGlite, Transaction } from "@electric-sql/pglite";
import type { SqlExecutor, SqlQueryable, SqlSession } from "./sql-executor";

function queryable(db: PGlite | Transaction): SqlQueryable {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(text, [...params]);
      return result.rows;
    },
    async exec(script: string) {
      await db.exec(script);
    },
  };
}

/**
 * Raw SQL over PGlite. PGlite is one connection, so sessions take turns on it (an advisory lock
 * would not keep two sessions of one connection apart); its transaction() holds the database
 * exclusively, so Prisma's queries wait instead of interleaving with ours.
 */
export function pgliteSqlExecutor(db: PGlite): SqlExecutor {
  const q = queryable(db);
  const single: SqlSession = {
    ...q,
    transaction: (fn) => db.transaction((tx) => fn(queryable(tx))),
  };
  let turn: Promise<unknown> = Promise.resolve();
  return {
    ...q,
    session<T>(fn: (s: SqlSession) => Promise<T>): Promise<T> {
      const run = turn.then(() => fn(single));
      turn = run.catch(() => undefined);
      return run;
    },
  };
}
