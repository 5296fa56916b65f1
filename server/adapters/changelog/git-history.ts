// The commits of a day, from `git log` in a repository folder. No git, no repository or no commit
// yet is an empty history; git failing otherwise (timeout, too much output, a broken repository)
// is an error the caller reports beside the other sources.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { SourceResult } from "./changelog-item";
import { commitToItem, GIT_LOG_FORMAT, parseGitLog } from "./git-log-records";

const run = promisify(execFile);

export interface GitHistoryOptions {
  /** Default "git", found on PATH. */
  readonly gitBinary?: string;
  /** Default 5 s; git is killed after it. */
  readonly timeoutMs?: number;
  /** Largest output read, default 4 MiB. */
  readonly maxBufferBytes?: number;
  /** Most commits asked for, default 500. */
  readonly maxCount?: number;
}

/** Variables that would point git at another repository than `-C dir` (set inside git hooks). */
const LOCATING_VARIABLES = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_COMMON_DIR",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_NAMESPACE",
  "GIT_PREFIX",
];

/** What git says (with LC_ALL=C) when there is no history to read: not an error for a changelog. */
const NO_HISTORY = [
  /not a git repository/i,
  /does not have any commits yet/i,
  /bad default revision/i,
  /ambiguous argument 'HEAD'/i,
  /cannot change to/i,
];

/** Commits of HEAD whose committer date is in [startMs, endMs), in git's order (newest first), in the seed's item shape. */
export async function readGitCommits(
  dir: string,
  startMs: number,
  endMs: number,
  options: GitHistoryOptions = {},
): Promise<SourceResult> {
  if (!(endMs > startMs)) return { ok: true, items: [] };
  const sinceSec = Math.ceil(startMs / 1000);
  const untilSec = Math.ceil(endMs / 1000) - 1; // git's --until is inclusive
  const args = [
    "--no-pager",
    "-C",
    dir,
    "-c",
    "log.showSignature=false",
    "log",
    "-z",
    "--no-color",
    "--encoding=UTF-8",
    `--max-count=${options.maxCount ?? 500}`,
    `--since=@${sinceSec}`,
    `--until=@${untilSec}`,
    GIT_LOG_FORMAT,
  ];
  let stdout: string;
  try {
    ({ stdout } = await run(options.gitBinary ?? "git", args, {
      encoding: "utf8",
      timeout: options.timeoutMs ?? 5000,
      maxBuffer: options.maxBufferBytes ?? 4 * 1024 * 1024,
      windowsHide: true,
      env: gitEnvironment(),
    }));
  } catch (error) {
    return failure(error);
  }
  const items = parseGitLog(stdout)
    .filter((record) => record.committedAtSec * 1000 >= startMs && record.committedAtSec * 1000 < endMs)
    .map(commitToItem);
  return { ok: true, items };
}

function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: "C", LANGUAGE: "", GIT_TERMINAL_PROMPT: "0" };
  for (const name of LOCATING_VARIABLES) delete env[name];
  return env;
}

interface ExecFailure {
  readonly code?: unknown;
  readonly killed?: boolean;
  readonly signal?: unknown;
  readonly stderr?: unknown;
  readonly message?: unknown;
}

function failure(error: unknown): SourceResult {
  const e: ExecFailure = typeof error === "object" && error !== null ? error : {};
  if (e.code === "ENOENT") return { ok: true, items: [] }; // no git installed
  const stderr = typeof e.stderr === "string" ? e.stderr : "";
  if (e.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") return { ok: false, error: "git log wrote too much output" };
  if (e.killed === true || typeof e.signal === "string") {
    return { ok: false, error: "git log did not finish in time" };
  }
  if (NO_HISTORY.some((pattern) => pattern.test(stderr))) return { ok: true, items: [] };
  const said = stderr.split("\n").find((line) => line.trim() !== "") ?? String(e.message ?? error);
  return { ok: false, error: `git log failed: ${said.trim().slice(0, 300)}` };
}
