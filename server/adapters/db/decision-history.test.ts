import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decisionsInput } from "../../../src/server/schemas/decisions";
import { decisionHistory } from "./decision-history";
import type { Database } from "./open-database";
import { PrismaEngineStore } from "./prisma-engine-store";
import { BACKENDS, openMigratedTestDatabase, type TestBackend } from "./testing/backends";
import { decision, T0 } from "./testing/trading-fixtures";

describe.each(BACKENDS)("decision history on %s", (kind) => {
  let backend: TestBackend;
  let db: Database;

  beforeAll(async () => {
    ({ backend, db } = await openMigratedTestDatabase(kind));
    const store = new PrismaEngineStore(db.prisma);
    for (let i = 0; i < 30; i++)
      store.enqueue({
        kind: "decision",
        decision: decision(`d${i}`, {
          at: T0 + i * 1000,
          symbol: i % 3 === 0 ? "ETHUSDT" : "BTCUSDT",
          decision: i % 5 === 0 ? "CREATE" : "BLOCK",
          reasonCodes: i % 5 === 0 ? [] : i % 2 === 0 ? ["RISK_QUARANTINE"] : ["COOLDOWN"],
        }),
      });
    await store.close();
  });

  afterAll(async () => {
    await db.close();
    await backend.dispose();
  });

  it("pages newest first and counts what matches", async () => {
    const first = await decisionHistory(db.prisma, decisionsInput.parse({ pageSize: 10 }));
    expect(first).toMatchObject({ total: 30, page: 1, pageSize: 10, pages: 3 });
    expect(first.decisions.map((d) => d.id)).toEqual([
      "d29",
      "d28",
      "d27",
      "d26",
      "d25",
      "d24",
      "d23",
      "d22",
      "d21",
      "d20",
    ]);
    const last = await decisionHistory(db.prisma, decisionsInput.parse({ pageSize: 10, page: 3 }));
    expect(last.decisions.at(-1)?.id).toBe("d0");
    expect((await decisionHistory(db.prisma, decisionsInput.parse({ pageSize: 10, page: 4 }))).decisions).toEqual([]);
  });

  it("filters by symbol, decision and reason code together", async () => {
    const r = await decisionHistory(
      db.prisma,
      decisionsInput.parse({ symbol: "btcusdt", decision: "BLOCK", reasonCode: "RISK_QUARANTINE" }),
    );
    const expected = [...Array(30).keys()].filter((i) => i % 3 !== 0 && i % 5 !== 0 && i % 2 === 0);
    expect(r.total).toBe(expected.length);
    expect(r.decisions.map((d) => d.id)).toEqual(expected.reverse().map((i) => `d${i}`));
    expect(r.decisions[0]).toMatchObject({ symbol: "BTCUSDT", decision: "BLOCK", reasonCodes: ["RISK_QUARANTINE"] });
  });

  it("refuses bad filters with messages that name them", () => {
    expect(decisionsInput.safeParse({ reasonCode: "RISK_BLOCKED" }).error?.issues[0]?.message).toBe(
      "unknown reason code",
    );
    expect(decisionsInput.safeParse({ page: 0 }).error?.issues[0]?.message).toBe("page starts at 1");
    expect(decisionsInput.safeParse({ symbol: "<x>" }).error?.issues[0]?.message).toMatch(/letters or digits/);
  });
});
