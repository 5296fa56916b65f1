import { describe, expect, it } from "vitest";
import type { ChangelogItem, SourceResult } from "./changelog-item";
import { type ChangelogSource, gatherChangelog } from "./merge-changelog";

const DAY = { date: "2026-01-22", startMs: Date.UTC(2026, 0, 22), endMs: Date.UTC(2026, 0, 23) };

const commit = (hash: string, timestamp: string, message = `commit ${hash}`): ChangelogItem => ({
  type: "git_commit",
  commit_hash: hash,
  author: "HEAN team",
  timestamp,
  message,
  category: "code_change",
});

const feature = (message: string, timestamp: string): ChangelogItem => ({
  type: "feature",
  category: "ai_catalyst",
  message,
  timestamp,
});

const source = (name: string, result: SourceResult | (() => Promise<SourceResult>)): ChangelogSource => ({
  name,
  read: typeof result === "function" ? result : async () => result,
});

const ok = (name: string, items: ChangelogItem[]) => source(name, { ok: true, items });

describe("gatherChangelog", () => {
  it("answers exactly the seed's shape, newest first", async () => {
    const report = await gatherChangelog(DAY, [
      ok("git", [commit("d27a91f", "2026-01-22T13:00:00Z", "AFO-Director: точечный апгрейд")]),
      ok("file", [feature("Risk Governor added: multi-level risk states", "2026-01-22T14:00:00Z")]),
    ]);
    expect(report.response).toEqual({
      status: "ok",
      date: "2026-01-22",
      items_count: 2,
      items: [
        {
          type: "feature",
          category: "ai_catalyst",
          message: "Risk Governor added: multi-level risk states",
          timestamp: "2026-01-22T14:00:00Z",
        },
        {
          type: "git_commit",
          commit_hash: "d27a91f",
          author: "HEAN team",
          timestamp: "2026-01-22T13:00:00Z",
          message: "AFO-Director: точечный апгрейд",
          category: "code_change",
        },
      ],
    });
    expect(Object.keys(report.response)).toEqual(["status", "date", "items_count", "items"]);
    expect(Object.keys(report.response.items[1] ?? {})).toEqual([
      "type",
      "commit_hash",
      "author",
      "timestamp",
      "message",
      "category",
    ]);
    expect(report).toMatchObject({ failures: [], invalidItems: 0, truncated: false });
  });

  it("answers an empty day with no sources", async () => {
    expect((await gatherChangelog(DAY, [])).response).toEqual({
      status: "ok",
      date: "2026-01-22",
      items_count: 0,
      items: [],
    });
  });

  it("sorts by the instant, whatever offset the timestamp is written in, and writes it in UTC", async () => {
    const report = await gatherChangelog(DAY, [
      ok("file", [
        feature("early", "2026-01-22T03:00:00+02:00"), // 01:00Z
        feature("late", "2026-01-22T20:30:00.250-03:00"), // 23:30:00.250Z
        feature("middle", "2026-01-22T12:00:00Z"),
      ]),
    ]);
    expect(report.response.items.map((i) => [i.message, i.timestamp])).toEqual([
      ["late", "2026-01-22T23:30:00.250Z"],
      ["middle", "2026-01-22T12:00:00Z"],
      ["early", "2026-01-22T01:00:00Z"],
    ]);
  });

  it("keeps only the entries of the day (start included, end excluded)", async () => {
    const report = await gatherChangelog(DAY, [
      ok("file", [
        feature("first instant", "2026-01-22T00:00:00Z"),
        feature("last instant", "2026-01-22T23:59:59.999Z"),
        feature("next day", "2026-01-23T00:00:00Z"),
        feature("day before", "2026-01-21T23:59:59Z"),
      ]),
    ]);
    expect(report.response.items.map((i) => i.message)).toEqual(["last instant", "first instant"]);
  });

  it("lists a commit once, by hash, short or full, the first source winning; and repeated entries once", async () => {
    const report = await gatherChangelog(DAY, [
      ok("git", [commit("d27a91f", "2026-01-22T13:00:00Z", "from git")]),
      ok("file", [
        commit("D27A91F0123456789abcdef0123456789abcdef0", "2026-01-22T13:00:00Z", "from the file"),
        feature("same", "2026-01-22T10:00:00Z"),
        feature("same", "2026-01-22T12:00:00+02:00"),
        feature("same", "2026-01-22T11:00:00Z"),
      ]),
      ok("events", [feature("same", "2026-01-22T10:00:00Z")]),
    ]);
    expect(report.response.items.map((i) => [i.message, i.timestamp])).toEqual([
      ["from git", "2026-01-22T13:00:00Z"],
      ["same", "2026-01-22T11:00:00Z"],
      ["same", "2026-01-22T10:00:00Z"],
    ]);
  });

  it("answers from the other sources when one fails, throws or hangs, and names it", async () => {
    const report = await gatherChangelog(
      DAY,
      [
        source("git", { ok: false, error: "git log did not finish in time" }),
        source("file", async () => {
          throw new Error("disk on fire");
        }),
        {
          name: "sync",
          read: () => {
            throw "not even an Error";
          },
        },
        source("events", () => new Promise<SourceResult>(() => {})),
        ok("extra", [feature("still here", "2026-01-22T09:00:00Z")]),
      ],
      { sourceTimeoutMs: 50 },
    );
    expect(report.response).toEqual({
      status: "ok",
      date: "2026-01-22",
      items_count: 1,
      items: [feature("still here", "2026-01-22T09:00:00Z")],
    });
    expect(report.failures).toEqual([
      { source: "git", error: "git log did not finish in time" },
      { source: "file", error: "disk on fire" },
      { source: "sync", error: "not even an Error" },
      { source: "events", error: "no answer within 50 ms" },
    ]);
  });

  it("leaves out, and counts, entries that break the rule", async () => {
    const hostile = [
      { ...feature("bad time", "2026-02-30T00:00:00Z") },
      { ...feature("", "2026-01-22T10:00:00Z") },
      { ...feature("nul\u0000", "2026-01-22T10:00:00Z") },
      { ...commit("../../etc", "2026-01-22T10:00:00Z") },
      { ...feature("x".repeat(100_000), "2026-01-22T10:00:00Z") },
      null,
      "text",
    ] as unknown as ChangelogItem[];
    const report = await gatherChangelog(DAY, [ok("events", [...hostile, feature("fine", "2026-01-22T10:00:00Z")])]);
    expect(report.response.items.map((i) => i.message)).toEqual(["fine"]);
    expect(report.invalidItems).toBe(hostile.length);
  });

  it("answers at most maxItems entries, the newest, and says so", async () => {
    const many = Array.from({ length: 1200 }, (_, i) =>
      feature(`entry ${i}`, new Date(DAY.startMs + i * 60_000).toISOString()),
    );
    const capped = await gatherChangelog(DAY, [ok("events", many)]);
    expect(capped.response.items_count).toBe(500);
    expect(capped.response.items).toHaveLength(500);
    expect(capped.response.items[0]?.message).toBe("entry 1199");
    expect(capped.response.items[499]?.message).toBe("entry 700");
    expect(capped.truncated).toBe(true);
    const small = await gatherChangelog(DAY, [ok("events", many.slice(0, 3))], { maxItems: 2 });
    expect(small.response.items.map((i) => i.message)).toEqual(["entry 2", "entry 1"]);
    const all = await gatherChangelog(DAY, [ok("events", many.slice(0, 3))]);
    expect(all.truncated).toBe(false);
  });
});
