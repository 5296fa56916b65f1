import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangelogItem } from "./changelog-item";
import { eventChangelogSource, fileChangelogSource, gitChangelogSource } from "./changelog-sources";
import { gatherChangelog } from "./merge-changelog";

const DAY = { date: "2026-01-22", startMs: Date.UTC(2026, 0, 22), endMs: Date.UTC(2026, 0, 23) };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hean-changelog-sources-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the changelog's sources together", () => {
  it("gathers the file and the events, passing the window to the port, with git absent", async () => {
    const path = join(dir, "changelog_today.json");
    const manual: ChangelogItem = {
      type: "feature",
      category: "ai_catalyst",
      message: "manual",
      timestamp: "2026-01-22T14:00:00Z",
    };
    const old: ChangelogItem = { ...manual, message: "old", timestamp: "2026-01-20T14:00:00Z" };
    writeFileSync(path, JSON.stringify([manual, old]));
    const asked: [number, number][] = [];
    const events = {
      async eventsBetween(startMs: number, endMs: number): Promise<ChangelogItem[]> {
        asked.push([startMs, endMs]);
        return [{ type: "risk_state", category: "risk", message: "SOFT_BRAKE", timestamp: "2026-01-22T15:00:00Z" }];
      },
    };
    const report = await gatherChangelog(DAY, [
      gitChangelogSource(dir, { gitBinary: join(dir, "no-git") }),
      fileChangelogSource(path),
      eventChangelogSource(events),
    ]);
    expect(asked).toEqual([[DAY.startMs, DAY.endMs]]);
    expect(report.response.items.map((i) => i.message)).toEqual(["SOFT_BRAKE", "manual"]);
    expect(report.failures).toEqual([]);
  });

  it("names the source that failed", async () => {
    const path = join(dir, "broken.json");
    writeFileSync(path, "{");
    const events = {
      eventsBetween: async (): Promise<ChangelogItem[]> => {
        throw new Error("database closed");
      },
    };
    const report = await gatherChangelog(DAY, [fileChangelogSource(path), eventChangelogSource(events)]);
    expect(report.response).toEqual({ status: "ok", date: "2026-01-22", items_count: 0, items: [] });
    expect(report.failures).toEqual([
      { source: "file", error: "broken.json: not valid JSON" },
      { source: "events", error: "database closed" },
    ]);
  });
});
