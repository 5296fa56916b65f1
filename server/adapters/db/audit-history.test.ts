import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditRecord } from "../../engine/model/records";
import { readAudit } from "./audit-history";
import type { Database } from "./open-database";
import { PrismaEngineStore } from "./prisma-engine-store";
import { openMigratedTestDatabase, type TestBackend } from "./testing/backends";

const entry = (at: number, over: Partial<AuditRecord> = {}): AuditRecord => ({
  at,
  action: "engine.pause",
  actor: "trpc:session:ab12cd34",
  via: "dashboard",
  address: "127.0.0.1",
  outcome: "ok",
  detail: "lunch — Engine paused",
  before: { engine_state: "RUNNING", killswitch: false },
  after: { engine_state: "PAUSED", killswitch: false },
  ...over,
});

describe("the audit trail in the database (PGlite)", () => {
  let backend: TestBackend;
  let db: Database;

  beforeAll(async () => {
    ({ backend, db } = await openMigratedTestDatabase("pglite"));
  });

  afterAll(async () => {
    await db?.close();
    await backend?.dispose();
  });

  it("keeps every entry as written, newest first, null states included", async () => {
    const store = new PrismaEngineStore(db.prisma);
    const a = entry(Date.UTC(2026, 11, 4, 10));
    const b = entry(Date.UTC(2026, 11, 4, 11), {
      action: "trading.cancel_order",
      via: "rest",
      address: null,
      outcome: "refused",
      detail: "NOT_FOUND: Unknown order x",
      before: null,
      after: { order: null, note: "ünïcode ✓" },
    });
    store.enqueue({ kind: "audit", entry: a });
    store.enqueue({ kind: "audit", entry: b });
    await store.flush();
    expect(await readAudit(db.prisma, 10)).toEqual([b, a]);
    expect(await readAudit(db.prisma, 1)).toEqual([b]);
  });
});
