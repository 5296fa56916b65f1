import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventChangelogSource } from "../changelog/changelog-sources";
import { gatherChangelog } from "../changelog/merge-changelog";
import { databaseChangelog } from "./changelog-events";
import type { Database } from "./open-database";
import { PrismaEngineStore } from "./prisma-engine-store";
import { openMigratedTestDatabase, type TestBackend } from "./testing/backends";

const DAY = Date.UTC(2026, 11, 4);
const H = 3_600_000;

describe("the day's changelog from the database (PostgreSQL)", () => {
  let backend: TestBackend;
  let db: Database;

  beforeAll(async () => {
    ({ backend, db } = await openMigratedTestDatabase("postgresql"));
    const store = new PrismaEngineStore(db.prisma);
    store.enqueue({
      kind: "changelog",
      entry: {
        at: DAY + 9 * H,
        type: "config_change",
        category: "config",
        message: `Configuration changed at start: LEVERAGE 5 → 3; ${"x".repeat(2000)}`,
        author: "startup",
        ref: null,
      },
    });
    for (const [at, ok] of [
      [DAY + 10 * H, true],
      [DAY + 10 * H + 1, false], // a refused control changed nothing
      [DAY - 1, true], // yesterday
    ] as const)
      store.enqueue({
        kind: "engine_transition",
        transition: {
          at,
          command: "pause",
          fromState: "RUNNING",
          toState: ok ? "PAUSED" : "RUNNING",
          ok,
          errorCode: ok ? null : "NOT_RUNNING",
          actor: "dashboard:owner",
          reason: ok ? "lunch" : null,
          message: "",
        },
      });
    await store.flush();
  });

  afterAll(async () => {
    await db?.close();
    await backend?.dispose();
  });

  it("lists HEAN's entries and the controls that took effect within the day, newest first, in the seed's shape", async () => {
    const report = await gatherChangelog({ date: "2026-12-04", startMs: DAY, endMs: DAY + 24 * H }, [
      eventChangelogSource(databaseChangelog(db.prisma)),
    ]);
    expect(report.failures).toEqual([]);
    expect(report.invalidItems).toBe(0);
    expect(report.response).toMatchObject({ status: "ok", date: "2026-12-04", items_count: 2 });
    const [control, config] = report.response.items;
    expect(control).toEqual({
      type: "engine_control",
      category: "engine",
      message: "pause: RUNNING → PAUSED (lunch)",
      author: "dashboard:owner",
      timestamp: "2026-12-04T10:00:00Z",
    });
    expect(config).toMatchObject({ type: "config_change", category: "config", author: "startup" });
    expect(config?.message.length).toBe(1000);
    expect(config?.message.endsWith("…")).toBe(true);
  });

  it("another day is another list; a day without events is empty", async () => {
    const yesterday = await databaseChangelog(db.prisma).eventsBetween(DAY - 24 * H, DAY);
    expect(yesterday.map((i) => i.timestamp)).toEqual(["2026-12-03T23:59:59.999Z"]);
    expect(await databaseChangelog(db.prisma).eventsBetween(DAY + 24 * H, DAY + 48 * H)).toEqual([]);
  });
});
