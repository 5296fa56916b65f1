// What `prisma migrate` would create for a DMMF data model, in the shape actual-schema.ts reads.
import type { DmmfDatamodel, DmmfField, DmmfIndex, DmmfModel } from "./prisma-dmmf";
import type { ColumnShape, IndexShape, SchemaShape, TableShape } from "./schema-shape";

const MAX_IDENTIFIER = 63;

/** Prisma's column type per scalar type, without a @db attribute. */
const DEFAULT_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

/** @db.X native types, as format_type() prints them. */
function nativeType(name: string, args: readonly string[]): string {
  const n = args.length > 0 ? `(${args.join(",")})` : "";
  switch (name) {
    case "Text":
      return "text";
    case "VarChar":
      return `character varying${n}`;
    case "Char":
      return `character${n}`;
    case "Integer":
      return "integer";
    case "SmallInt":
      return "smallint";
    case "BigInt":
      return "bigint";
    case "DoublePrecision":
      return "double precision";
    case "Real":
      return "real";
    case "Decimal":
      return `numeric${n}`;
    case "Boolean":
      return "boolean";
    case "Timestamptz":
      return `timestamp${n} with time zone`;
    case "Timestamp":
      return `timestamp${n} without time zone`;
    case "Date":
      return "date";
    case "JsonB":
      return "jsonb";
    case "Json":
      return "json";
    case "Uuid":
      return "uuid";
    default:
      throw new Error(`expected-schema: @db.${name} is not mapped yet; add it here`);
  }
}

function tableName(model: DmmfModel): string {
  if (model.schema !== null) throw new Error(`expected-schema: model ${model.name} uses a named schema; not supported`);
  return model.dbName ?? model.name;
}

function columnName(field: DmmfField): string {
  return field.dbName ?? field.name;
}

function column(table: string, field: DmmfField, datamodel: DmmfDatamodel): ColumnShape {
  let type: string;
  if (field.kind === "enum") {
    const e = datamodel.enums.find((x) => x.name === field.type);
    type = `"${e?.dbName ?? field.type}"`;
  } else if (field.nativeType) {
    type = nativeType(field.nativeType[0], field.nativeType[1]);
  } else {
    const base = DEFAULT_TYPES[field.type];
    if (base === undefined) throw new Error(`expected-schema: type ${field.type} is not mapped yet`);
    type = base;
  }
  let defaultExpr: string | null = null;
  if (typeof field.default === "object" && field.default.name === "autoincrement") {
    defaultExpr = `nextval('${table}_${columnName(field)}_seq'::regclass)`;
  } else if (typeof field.default === "number") {
    defaultExpr = String(field.default);
  } else if (field.default !== undefined) {
    throw new Error(`expected-schema: the default of ${table}.${columnName(field)} is not checked yet; add it here`);
  }
  // Prisma creates scalar lists without NOT NULL.
  return { type: field.isList ? `${type}[]` : type, nullable: field.isList || !field.isRequired, default: defaultExpr };
}

function indexName(table: string, index: DmmfIndex, columns: readonly string[]): string {
  if (index.dbName) return index.dbName;
  const suffix = { id: "pkey", unique: "key", normal: "idx", fulltext: "idx" }[index.type];
  const name = index.type === "id" ? `${table}_pkey` : `${table}_${columns.join("_")}_${suffix}`;
  // Prisma shortens longer names; reproduce that here before relying on it.
  if (name.length > MAX_IDENTIFIER) throw new Error(`expected-schema: index name ${name} exceeds 63 characters`);
  return name;
}

function index(table: string, model: DmmfModel, dmmfIndex: DmmfIndex): [string, IndexShape] {
  if (dmmfIndex.type === "fulltext") throw new Error(`expected-schema: fulltext index on ${table} not supported`);
  const columns = dmmfIndex.fields.map((f) => {
    if (f.sortOrder === "desc") throw new Error(`expected-schema: descending index on ${table} not checked yet`);
    const field = model.fields.find((x) => x.name === f.name);
    if (!field) throw new Error(`expected-schema: index on unknown field ${model.name}.${f.name}`);
    return columnName(field);
  });
  return [
    indexName(table, dmmfIndex, columns),
    {
      columns,
      primary: dmmfIndex.type === "id",
      unique: dmmfIndex.type !== "normal",
      method: (dmmfIndex.algorithm ?? "BTree").toLowerCase(),
    },
  ];
}

export function expectedSchema(datamodel: DmmfDatamodel): SchemaShape {
  const tables: Record<string, TableShape> = {};
  for (const model of datamodel.models) {
    const table = tableName(model);
    const columns: Record<string, ColumnShape> = {};
    for (const field of model.fields) {
      if (field.kind === "object") {
        throw new Error(`expected-schema: relation ${model.name}.${field.name} (foreign keys) is not checked yet`);
      }
      if (field.kind === "unsupported")
        throw new Error(`expected-schema: Unsupported type on ${model.name}.${field.name}`);
      columns[columnName(field)] = column(table, field, datamodel);
    }
    const indexes = Object.fromEntries(
      datamodel.indexes.filter((i) => i.model === model.name).map((i) => index(table, model, i)),
    );
    tables[table] = { columns, indexes, foreignKeys: [] };
  }
  return tables;
}
