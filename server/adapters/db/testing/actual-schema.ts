// The schema of a live database (the current schema, e.g. public), in the shape of schema-shape.ts.
import type { SqlQueryable } from "../sql-executor";
import type { ColumnShape, IndexShape, SchemaShape, TableShape } from "./schema-shape";

/** Tables that belong to the migration machinery, not to schema.prisma. */
const IGNORED_TABLES = new Set(["_prisma_migrations"]);

interface ColumnRow {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
  default: string | null;
}

interface IndexRow {
  table: string;
  name: string;
  primary: boolean;
  unique: boolean;
  method: string;
  columns: string[];
}

interface ForeignKeyRow {
  table: string;
  name: string;
}

export async function actualSchema(db: SqlQueryable): Promise<SchemaShape> {
  const tables = await db.query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')`,
  );
  const columns = await db.query<ColumnRow>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  const indexes = await db.query<IndexRow>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique,
            am.amname AS method,
            ARRAY(SELECT a.attname::text
                    FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                   ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = current_schema()`,
  );
  const foreignKeys = await db.query<ForeignKeyRow>(
    `SELECT t.relname AS table, con.conname AS name
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND con.contype = 'f'`,
  );

  const result: Record<string, TableShape> = {};
  for (const { table } of tables) {
    if (IGNORED_TABLES.has(table)) continue;
    const cols: Record<string, ColumnShape> = {};
    for (const c of columns.filter((x) => x.table === table)) {
      cols[c.column] = { type: c.type, nullable: c.nullable, default: c.default };
    }
    const idx: Record<string, IndexShape> = {};
    for (const i of indexes.filter((x) => x.table === table)) {
      idx[i.name] = { columns: i.columns, primary: i.primary, unique: i.unique, method: i.method };
    }
    const fks = foreignKeys
      .filter((x) => x.table === table)
      .map((x) => x.name)
      .sort();
    result[table] = { columns: cols, indexes: idx, foreignKeys: fks };
  }
  return result;
}
