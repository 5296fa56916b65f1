import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { equityCurve } from "./equity-curve";
import type { Database } from "./open-database";
import { PrismaEngineStore } from "./prisma-engine-store";
import { BACKENDS, openMigratedTestDatabase, type TestBackend } from "./testing/backends";
import { equity, T0 } from "./testing/trading-fixtures";

describe.each(BACKENDS)("equity curve on %s", (kind) => {
  let backend: TestBackend;
  let db: Database;

  beforeAll(async () => {
    ({ backend, db } = await openMigratedTestDatabase(kind));
    const store = new PrismaEngineStore(db.prisma);
    for (let i = 0; i < 10; i++)
      store.enqueue({ kind: "equity", snapshot: equity(T0 + i * 5000, { equity: 1000 + i }) });
    await store.close();
  });

  afterAll(async () => {
    await db.close();
    await backend.dispose();
  });

  it("returns the latest snapshots, oldest first", async () => {
    const curve = await equityCurve(db.prisma, 3);
    expect(curve.map((p) => p.equity)).toEqual([1007, 1008, 1009]);
    expect(curve[0]?.at).toBe(new Date(T0 + 35_000).toISOString());
  });
});
