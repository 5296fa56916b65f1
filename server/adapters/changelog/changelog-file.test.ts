import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CHANGELOG_FILE_BYTES, readChangelogFile } from "./changelog-file";

let dir: string;
let n = 0;

function file(content: string | Buffer): string {
  const path = join(dir, `changelog_today_${n++}.json`);
  writeFileSync(path, content);
  return path;
}

const feature = {
  type: "feature",
  category: "ai_catalyst",
  message: "Risk Governor added: multi-level risk states",
  timestamp: "2026-01-22T14:00:00Z",
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hean-changelog-file-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("readChangelogFile", () => {
  it("answers no entries when there is no file", async () => {
    expect(await readChangelogFile(join(dir, "absent.json"))).toEqual({ ok: true, items: [] });
    expect(await readChangelogFile(join(dir, "no", "such", "dir.json"))).toEqual({ ok: true, items: [] });
  });

  it("reads an array of entries, or an answer of /system/changelog/today, keeping only the item fields", async () => {
    const commit = {
      type: "git_commit",
      commit_hash: "d27a91f",
      author: "HEAN team",
      timestamp: "2026-01-22T13:00:00+02:00",
      message: "multi-line\nmessage 🚀",
      category: "code_change",
      extra: "dropped",
    };
    const { extra: _, ...kept } = commit;
    expect(await readChangelogFile(file(JSON.stringify([feature, commit])))).toEqual({
      ok: true,
      items: [feature, kept],
    });
    const answer = { status: "ok", date: "2026-01-22", items_count: 1, items: [feature] };
    expect(await readChangelogFile(file(JSON.stringify(answer)))).toEqual({ ok: true, items: [feature] });
    expect(await readChangelogFile(file(`\uFEFF${JSON.stringify([feature])}`))).toEqual({ ok: true, items: [feature] });
  });

  it("reports a file that is not JSON, or not UTF-8, with the file's name only", async () => {
    const path = file("{ not json");
    expect(await readChangelogFile(path)).toEqual({
      ok: false,
      error: expect.stringMatching(/^changelog_today_\d+\.json: not valid JSON$/),
    });
    const latin1 = file(Buffer.from([0x5b, 0x22, 0xe9, 0x22, 0x5d])); // ["é"] in Latin-1
    expect(await readChangelogFile(latin1)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not valid UTF-8$/),
    });
  });

  it("reports entries that break the rule, naming where", async () => {
    const bad = [feature, { ...feature, timestamp: "yesterday" }, { ...feature, message: "" }];
    const result = await readChangelogFile(file(JSON.stringify(bad)));
    if (result.ok) throw new Error("expected an error");
    expect(result.error).toMatch(/1\.timestamp: /);
    expect(result.error).toMatch(/2\.message: /);
    const nested = await readChangelogFile(file(JSON.stringify({ items: [{ ...feature, commit_hash: "../../etc" }] })));
    expect(nested).toMatchObject({
      ok: false,
      error: expect.stringContaining("items.0.commit_hash: must be 4 to 64 hex digits"),
    });
    for (const content of ["42", "null", '"text"', '{"items": "x"}', "{}"]) {
      expect((await readChangelogFile(file(content))).ok, content).toBe(false);
    }
  });

  it("refuses control characters, overlong text and hostile labels", async () => {
    for (const entry of [
      { ...feature, message: "a\u0000b" },
      { ...feature, message: "x".repeat(1001) },
      { ...feature, author: "y".repeat(201) },
      { ...feature, type: "../../etc" },
      { ...feature, category: "<script>" },
      { ...feature, timestamp: "2026-02-30T00:00:00Z" },
      { ...feature, message: 7 },
    ]) {
      expect((await readChangelogFile(file(JSON.stringify([entry])))).ok, JSON.stringify(entry).slice(0, 60)).toBe(
        false,
      );
    }
    const many = Array.from({ length: 1001 }, () => feature);
    expect(await readChangelogFile(file(JSON.stringify(many)))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^\S+: \(file\): /),
    });
  });

  it("refuses a file larger than the bound without parsing it", async () => {
    const big = file(`[${" ".repeat(MAX_CHANGELOG_FILE_BYTES)}]`);
    expect(await readChangelogFile(big)).toEqual({
      ok: false,
      error: expect.stringMatching(/larger than 1048576 bytes$/),
    });
    expect(await readChangelogFile(file(JSON.stringify([feature])), 10)).toMatchObject({ ok: false });
  });

  it("follows a link to a file, refuses what is not a regular file, and does not hang on a FIFO", async () => {
    const folder = join(dir, "folder.json");
    mkdirSync(folder);
    expect(await readChangelogFile(folder)).toEqual({ ok: false, error: "folder.json: not a regular file" });
    const fifo = join(dir, "fifo.json");
    execFileSync("mkfifo", [fifo]);
    expect(await readChangelogFile(fifo)).toEqual({ ok: false, error: "fifo.json: not a regular file" });
    const link = join(dir, "link.json");
    symlinkSync(file(JSON.stringify([feature])), link);
    expect(await readChangelogFile(link)).toEqual({ ok: true, items: [feature] });
    const linkToFifo = join(dir, "link-to-fifo.json");
    symlinkSync(fifo, linkToFifo);
    expect(await readChangelogFile(linkToFifo)).toEqual({ ok: false, error: "link-to-fifo.json: not a regular file" });
  });
});
