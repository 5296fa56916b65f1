/** Raw SQL without Prisma, for the migrator and schema checks. */
export interface SqlQueryable {
  /** One statement with $1, $2… parameters; returns the rows as objects keyed by column name. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A script of one or more statements, without parameters. */
  exec(script: string): Promise<void>;
}

/** One database connection: session state (advisory locks, settings) holds across calls. */
export interface SqlSession extends SqlQueryable {
  /** Runs fn inside a transaction: commits when fn resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

export interface SqlExecutor extends SqlQueryable {
  /** Runs fn on one dedicated connection, released afterwards. */
  session<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
}
