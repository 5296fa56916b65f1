import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGitCommits } from "./git-history";

const DAY_START = Date.UTC(2026, 0, 22);
const DAY_END = Date.UTC(2026, 0, 23);
const BERLIN_START = Date.UTC(2026, 0, 21, 23);
const BERLIN_END = Date.UTC(2026, 0, 22, 23);

let root: string;
let repo: string;

/** The environment without what would point git elsewhere than `cwd` (as inside a git hook). */
function ownEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY"]) {
    delete env[name];
  }
  return env;
}

function git(dir: string, args: string[], at?: string, author = "HEAN team"): string {
  return execFileSync("git", ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", ...args], {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...ownEnvironment(),
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: author,
      GIT_AUTHOR_EMAIL: "team@hean.test",
      GIT_COMMITTER_NAME: author,
      GIT_COMMITTER_EMAIL: "team@hean.test",
      ...(at === undefined ? {} : { GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at }),
    },
  });
}

function commit(at: string, message: string, author?: string): string {
  git(repo, ["commit", "-q", "--allow-empty", "-m", message], at, author);
  return git(repo, ["rev-parse", "--short=7", "HEAD"]).trim();
}

const hashes: Record<string, string> = {};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "hean-changelog-git-"));
  repo = join(root, "repo");
  mkdirSync(repo);
  git(repo, ["init", "-q"]);
  hashes.yesterday = commit("2026-01-21T23:59:59Z", "Late fix, still the 21st in UTC");
  hashes.midnight = commit("2026-01-22T00:00:00Z", "Première: ünïcode 🚀\n\nbody line 1\nbody line 2", "Zoë Ångström");
  hashes.noon = commit(
    "2026-01-22T13:00:00+00:00",
    "AFO-Director: точечный апгрейд\x1fwith\x1eseparators\nand a wrapped subject line\n\nThe body, not shown.",
  );
  hashes.tomorrow = commit("2026-01-23T00:00:00Z", "Next day");
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("readGitCommits", () => {
  it("reads the commits of the day, newest first, subject only, in the seed's shape", async () => {
    const result = await readGitCommits(repo, DAY_START, DAY_END);
    expect(result).toEqual({
      ok: true,
      items: [
        {
          type: "git_commit",
          commit_hash: hashes.noon,
          author: "HEAN team",
          timestamp: "2026-01-22T13:00:00Z",
          message: "AFO-Director: точечный апгрейд\uFFFDwith\uFFFDseparators and a wrapped subject line",
          category: "code_change",
        },
        {
          type: "git_commit",
          commit_hash: hashes.midnight,
          author: "Zoë Ångström",
          timestamp: "2026-01-22T00:00:00Z",
          message: "Première: ünïcode 🚀",
          category: "code_change",
        },
      ],
    });
  });

  it("includes the first second of the window and excludes the first second after it", async () => {
    const berlin = await readGitCommits(repo, BERLIN_START, BERLIN_END);
    expect(berlin.ok && berlin.items.map((i) => i.commit_hash)).toEqual([
      hashes.noon,
      hashes.midnight,
      hashes.yesterday,
    ]);
    const tight = await readGitCommits(repo, DAY_START, DAY_START + 1000);
    expect(tight.ok && tight.items.map((i) => i.commit_hash)).toEqual([hashes.midnight]);
    const justBefore = await readGitCommits(repo, DAY_START - 1000, DAY_START);
    expect(justBefore.ok && justBefore.items.map((i) => i.commit_hash)).toEqual([hashes.yesterday]);
  });

  it("reads at most maxCount commits, and nothing for an empty or reversed window", async () => {
    const one = await readGitCommits(repo, DAY_START, DAY_END, { maxCount: 1 });
    expect(one.ok && one.items.map((i) => i.commit_hash)).toEqual([hashes.noon]);
    expect(await readGitCommits(repo, DAY_END, DAY_START)).toEqual({ ok: true, items: [] });
    expect(await readGitCommits(repo, Date.UTC(2030, 0, 1), Date.UTC(2030, 0, 2))).toEqual({ ok: true, items: [] });
  });

  it("reads the repository from a folder inside it", async () => {
    const sub = join(repo, "server");
    mkdirSync(sub, { recursive: true });
    const result = await readGitCommits(sub, DAY_START, DAY_END);
    expect(result.ok && result.items).toHaveLength(2);
  });

  it("answers an empty history for a folder that is no repository, a missing folder, or no commits yet", async () => {
    const plain = join(root, "plain");
    mkdirSync(plain);
    const empty = join(root, "empty");
    mkdirSync(empty);
    git(empty, ["init", "-q"]);
    const ceiling = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = root; // in case the temporary folder sits inside a repository
    try {
      expect(await readGitCommits(plain, DAY_START, DAY_END)).toEqual({ ok: true, items: [] });
      expect(await readGitCommits(join(root, "missing"), DAY_START, DAY_END)).toEqual({ ok: true, items: [] });
      expect(await readGitCommits(empty, DAY_START, DAY_END)).toEqual({ ok: true, items: [] });
    } finally {
      if (ceiling === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = ceiling;
    }
  });

  it("answers an empty history when there is no git binary", async () => {
    const result = await readGitCommits(repo, DAY_START, DAY_END, { gitBinary: join(root, "no-such-git") });
    expect(result).toEqual({ ok: true, items: [] });
  });

  it("reports, without throwing, git that hangs, floods or fails", async () => {
    const fake = (name: string, body: string) => {
      const path = join(root, name);
      writeFileSync(path, `#!/bin/sh\n${body}\n`);
      chmodSync(path, 0o755);
      return path;
    };
    const slow = await readGitCommits(repo, DAY_START, DAY_END, {
      gitBinary: fake("slow-git", "exec sleep 5"),
      timeoutMs: 200,
    });
    expect(slow).toEqual({ ok: false, error: "git log did not finish in time" });
    const flood = await readGitCommits(repo, DAY_START, DAY_END, { maxBufferBytes: 16 });
    expect(flood).toEqual({ ok: false, error: "git log wrote too much output" });
    const broken = await readGitCommits(repo, DAY_START, DAY_END, {
      gitBinary: fake("broken-git", "echo 'fatal: bad object HEAD' >&2; exit 128"),
    });
    expect(broken).toEqual({ ok: false, error: "git log failed: fatal: bad object HEAD" });
  });
});
