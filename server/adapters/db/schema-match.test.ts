import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./open-database";
import { actualSchema } from "./testing/actual-schema";
import { BACKENDS, openMigratedTestDatabase, type TestBackend } from "./testing/backends";
import { expectedSchema } from "./testing/expected-schema";
import { readDmmf } from "./testing/prisma-dmmf";

const datamodel = readDmmf(resolve("prisma", "schema.prisma"));

describe("Prisma's reading of schema.prisma", () => {
  it("lists every model, with its indexes", () => {
    const tables = Object.keys(expectedSchema(datamodel));
    expect(tables).toHaveLength(datamodel.models.length);
    expect(tables).toContain("candles");
    expect(expectedSchema(datamodel).candles?.indexes.candles_timeframe_open_time_idx).toEqual({
      columns: ["timeframe", "open_time"],
      primary: false,
      unique: false,
      method: "btree",
    });
  });
});

describe.each(BACKENDS)("migrated %s database", (kind) => {
  let backend: TestBackend;
  let db: Database;

  beforeAll(async () => {
    ({ backend, db } = await openMigratedTestDatabase(kind));
  });

  afterAll(async () => {
    await db?.close();
    await backend?.dispose();
  });

  it("matches schema.prisma: every table, column, type, nullability, default, primary key and index", async () => {
    const actual = await actualSchema(db.sql);
    const expected = expectedSchema(datamodel);
    // Table by table first, for a readable diff; then the whole, to catch extra tables.
    for (const [table, shape] of Object.entries(expected)) expect.soft(actual[table], table).toEqual(shape);
    expect(actual).toEqual(expected);
  });

  it("accepts and returns every model through the generated Prisma client", async () => {
    const at = new Date("2026-11-24T10:00:00.123Z");
    await db.prisma.decision.create({
      data: {
        id: "d1",
        at,
        symbol: "BTCUSDT",
        strategyId: "s",
        decision: "SKIP",
        reasonCodes: ["A", "B"],
        gatingFlags: { risk_ok: true },
        marketRegime: "RANGE",
        marketMetrics: { spread: 0.1 },
        score: 0.5,
        confidence: 0.25,
      },
    });
    const row = await db.prisma.decision.findUniqueOrThrow({ where: { id: "d1" } });
    expect(row.at.toISOString()).toBe(at.toISOString());
    expect(row.reasonCodes).toEqual(["A", "B"]);
    expect(row.gatingFlags).toEqual({ risk_ok: true });
    const snapshot = await db.prisma.equitySnapshot.create({
      data: { at, balance: 1, equity: 0.1 + 0.2, unrealizedPnl: 0, realizedPnl: 0, marginUsed: 0, feesPaid: 0 },
    });
    expect(snapshot.id).toBeGreaterThan(0);
    expect(snapshot.equity).toBe(0.1 + 0.2);
  });
});
