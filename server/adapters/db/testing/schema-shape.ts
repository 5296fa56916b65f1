/** A database schema reduced to what must match schema.prisma, comparable with toEqual. */
export interface ColumnShape {
  /** As PostgreSQL's format_type() prints it, e.g. "timestamp(3) with time zone", "text[]". */
  readonly type: string;
  readonly nullable: boolean;
  /** Column default as pg_get_expr() prints it, or null. */
  readonly default: string | null;
}

export interface IndexShape {
  readonly columns: readonly string[];
  readonly primary: boolean;
  readonly unique: boolean;
  /** Access method: btree, hash, gin… */
  readonly method: string;
}

export interface TableShape {
  readonly columns: Readonly<Record<string, ColumnShape>>;
  /** Every index by name, the primary key's included. */
  readonly indexes: Readonly<Record<string, IndexShape>>;
  readonly foreignKeys: readonly string[];
}

export type SchemaShape = Readonly<Record<string, TableShape>>;
