import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARS } from "./changelog-item";
import { commitToItem, parseGitLog } from "./git-log-records";

const record = (hash: string, seconds: string, author: string, subject: string) =>
  `${hash}\u0000${seconds}\u0000${author}\u0000${subject}\u0000\u0000`;

describe("parseGitLog", () => {
  it("reads NUL-separated fields, whatever the subject and name contain", () => {
    const out =
      record("d27a91f", "1769086800", "HEAN team", "AFO-Director: точечный апгрейд") +
      record("abc1234", "1769083200", "Zoë \u001f Ångström", 'a\u001eb\u001fc\nd 🚀 | ; "quoted"');
    expect(parseGitLog(out)).toEqual([
      { hash: "d27a91f", committedAtSec: 1769086800, author: "HEAN team", subject: "AFO-Director: точечный апгрейд" },
      {
        hash: "abc1234",
        committedAtSec: 1769083200,
        author: "Zoë \u001f Ångström",
        subject: 'a\u001eb\u001fc\nd 🚀 | ; "quoted"',
      },
    ]);
  });

  it("reads nothing from empty output and ignores a cut-off last record", () => {
    expect(parseGitLog("")).toEqual([]);
    const cut = `${record("d27a91f", "1769086800", "a", "one")}abc1234\u00001769083200\u0000b`;
    expect(parseGitLog(cut).map((r) => r.hash)).toEqual(["d27a91f"]);
  });

  it("stops at the first record that is not well formed rather than shift fields", () => {
    const bad =
      record("d27a91f", "1769086800", "a", "one") +
      record("not-a-hash", "1", "b", "two") +
      record("abc1234", "1", "c", "three");
    expect(parseGitLog(bad).map((r) => r.hash)).toEqual(["d27a91f"]);
    expect(parseGitLog(record("d27a91f", "-5", "a", "x"))).toEqual([]);
    expect(parseGitLog(record("d27a91f", "12.5", "a", "x"))).toEqual([]);
    expect(parseGitLog("d27a91f\u00001\u0000a\u0000x\u0000extra\u0000")).toEqual([]);
  });
});

describe("commitToItem", () => {
  it("shapes a commit as the seed does", () => {
    expect(
      commitToItem({ hash: "d27a91f", committedAtSec: 1769086800, author: "HEAN team", subject: "Upgrade" }),
    ).toEqual({
      type: "git_commit",
      commit_hash: "d27a91f",
      author: "HEAN team",
      timestamp: "2026-01-22T13:00:00Z",
      message: "Upgrade",
      category: "code_change",
    });
  });

  it("replaces control characters, bounds the message and fills empty fields", () => {
    const item = commitToItem({
      hash: "abcd",
      committedAtSec: 0,
      author: "  ",
      subject: `x\u0000y${"é".repeat(5000)}`,
    });
    expect(item.author).toBe("unknown");
    expect(item.message.startsWith("x\uFFFDy")).toBe(true);
    expect(item.message).toHaveLength(MAX_MESSAGE_CHARS);
    expect(item.message.endsWith("…")).toBe(true);
    expect(commitToItem({ hash: "abcd", committedAtSec: 0, author: "a", subject: "" }).message).toBe("(no message)");
  });

  it("never splits a character beyond the BMP when it cuts", () => {
    const item = commitToItem({
      hash: "abcd",
      committedAtSec: 0,
      author: "a",
      subject: "🚀".repeat(MAX_MESSAGE_CHARS),
    });
    expect(item.message).not.toMatch(/\p{Surrogate}/u);
    expect(item.message.endsWith("🚀…")).toBe(true);
  });
});
