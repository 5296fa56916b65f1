import { randomUUID } from "node:crypto";
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

export const LOCK_FILE_NAME = "hean-pglite.lock";

interface LockContent {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  readonly since: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: string,
  ) {
    super(
      `The embedded database folder ${dir} is in use by ${holder}. A PGlite folder can be opened by one ` +
        `process only: stop that process, or set PGLITE_DATA_DIR to another folder (or DATABASE_URL to use PostgreSQL).`,
    );
    this.name = "DataDirLockedError";
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/** Locks held by this process, by token: a lock file with our pid but an unknown token is stale. */
const held = new Map<string, string>();
let exitHookInstalled = false;

/**
 * Takes the exclusive lock file of a PGlite data folder (which must exist). A lock left by a
 * process that is gone is taken over; a lock held by a live process throws DataDirLockedError.
 */
export function lockDataDir(dir: string): DataDirLock {
  const path = join(dir, LOCK_FILE_NAME);
  const content: LockContent = {
    pid: process.pid,
    host: hostname(),
    token: randomUUID(),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, content)) {
      held.set(content.token, path);
      installExitHook();
      return { path, release: () => release(path, content.token) };
    }
    const existing = readLock(path);
    if (existing === "missing") continue;
    const holder = liveHolder(path, existing);
    if (holder !== null) throw new DataDirLockedError(dir, holder);
    removeIfUnchanged(path, existing);
  }
  throw new DataDirLockedError(dir, "another process (the lock file keeps changing)");
}

function tryCreate(path: string, content: LockContent): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(content)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

type ReadResult = LockContent | "garbled" | "missing";

function readLock(path: string): ReadResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    if (typeof parsed.pid === "number" && typeof parsed.token === "string" && typeof parsed.host === "string") {
      return parsed as LockContent;
    }
  } catch {
    // fall through
  }
  return "garbled";
}

/** Describes the live holder of a lock, or null when the lock is stale. */
function liveHolder(path: string, lock: LockContent | "garbled"): string | null {
  if (lock === "garbled") {
    // Another process may be between creating the file and writing its pid.
    const ageMs = Date.now() - statSync(path).mtimeMs;
    return ageMs < 2000 ? "another process (lock file being written)" : null;
  }
  const who = `process ${lock.pid} on ${lock.host} (since ${lock.since})`;
  if (lock.host !== hostname()) return who;
  // Same pid as ours: live only if this process still holds it; otherwise a previous
  // incarnation crashed and the pid was reused (PID 1 in a container restarts as PID 1).
  if (lock.pid === process.pid) return held.has(lock.token) ? `this process (pid ${lock.pid})` : null;
  return pidAlive(lock.pid) ? who : null;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/**
 * A process killed with -9 whose parent died with it stays a zombie until something reaps it, and
 * in a container PID 1 may never do so: signal 0 still "reaches" it, but it holds nothing. Linux
 * only (elsewhere there is no /proc and the process counts as alive).
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state === "Z" || state === "X";
  } catch {
    return false;
  }
}

/** Removes a stale lock unless it was replaced since we read it (another process took it over). */
function removeIfUnchanged(path: string, seen: LockContent | "garbled"): void {
  const now = readLock(path);
  const same = now === seen || (typeof now === "object" && typeof seen === "object" && now.token === seen.token);
  if (!same) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

function release(path: string, token: string): void {
  if (!held.delete(token)) return;
  const current = readLock(path);
  if (typeof current === "object" && current.token === token) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const [token, path] of [...held]) release(path, token);
  });
}
