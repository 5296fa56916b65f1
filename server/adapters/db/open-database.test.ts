import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, LOCK_FILE_NAME } from "./data-dir-lock";
import { openDatabase, redactUrl } from "./open-database";
import { createTestPgDatabase } from "./testing/pg-test-database";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "hean-pglite-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A pid that is certainly not running: a child process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.on("exit", resolve));
  if (child.pid === undefined) throw new Error("no pid");
  return child.pid;
}

describe("openDatabase with PGlite", () => {
  it("opens an in-memory database", async () => {
    const db = await openDatabase({ pgliteDataDir: "memory://" });
    expect(db.kind).toBe("pglite");
    await db.ping();
    await db.close();
    await db.close();
  });

  it("keeps data in its folder across opens and releases the lock on close", async () => {
    const dir = join(tempDir(), "nested", "pglite");
    const first = await openDatabase({ pgliteDataDir: dir });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), "utf8")).pid).toBe(process.pid);
    await first.sql.exec("CREATE TABLE kept (v INT); INSERT INTO kept VALUES (7);");
    await first.close();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);

    const second = await openDatabase({ pgliteDataDir: dir });
    expect(await second.sql.query("SELECT v FROM kept")).toEqual([{ v: 7 }]);
    await second.close();
  });

  it("refuses a second open of the same folder, naming the folder", async () => {
    const dir = tempDir();
    const db = await openDatabase({ pgliteDataDir: dir });
    try {
      const error = await openDatabase({ pgliteDataDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as Error).message).toContain(dir);
    } finally {
      await db.close();
    }
  });

  it("refuses a folder that another process has open, until that process is gone", async () => {
    const dir = tempDir();
    const script = join(import.meta.dirname, "testing", "hold-pglite-dir.ts");
    const holder = spawn(process.execPath, ["--import", "tsx", script, dir]);
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
        holder.on("exit", (code) => reject(new Error(`holder exited with ${code}`)));
      });
      await expect(openDatabase({ pgliteDataDir: dir })).rejects.toThrow(`${dir} is in use by process ${holder.pid}`);
    } finally {
      holder.kill("SIGKILL");
      await new Promise((resolve) => holder.on("exit", resolve));
    }
    // Killed without cleaning up: its lock is stale and taken over.
    const db = await openDatabase({ pgliteDataDir: dir });
    await db.close();
  });

  it("refuses a folder locked by another live process", async () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      const lock = { pid: other.pid, host: hostname(), token: "t", since: "x" };
      writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify(lock));
      await expect(openDatabase({ pgliteDataDir: dir })).rejects.toThrow(`process ${other.pid}`);
    } finally {
      other.kill();
    }
  });

  it("takes over a lock left by a process that is gone", async () => {
    const dir = tempDir();
    const lock = { pid: await deadPid(), host: hostname(), token: "t", since: "x" };
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify(lock));
    const db = await openDatabase({ pgliteDataDir: dir });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), "utf8")).pid).toBe(process.pid);
    await db.close();
  });

  it("takes over a lock held by a zombie (killed, never reaped: it holds nothing)", async () => {
    // `sleep 0.1` exits under a parent (`exec sleep 30`) that never reaps it: a zombie.
    const parent = spawn("sh", ["-c", "sleep 0.1 & echo $!; exec sleep 30"], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      const pid = Number(await new Promise<string>((resolve) => parent.stdout.once("data", (d) => resolve(String(d)))));
      await new Promise((r) => setTimeout(r, 400));
      expect(readFileSync(`/proc/${pid}/stat`, "utf8")).toMatch(/\) Z /);
      const dir = tempDir();
      writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid, host: hostname(), token: "t", since: "x" }));
      const db = await openDatabase({ pgliteDataDir: dir });
      await db.close();
    } finally {
      parent.kill("SIGKILL");
    }
  });

  it("takes over a lock with our own pid that this process does not hold (pid reused after a crash)", async () => {
    const dir = tempDir();
    const lock = { pid: process.pid, host: hostname(), token: "old", since: "x" };
    writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify(lock));
    const db = await openDatabase({ pgliteDataDir: dir });
    await db.close();
  });
});

describe("openDatabase with PostgreSQL", () => {
  it("fails at open with a message naming the server, without the password", async () => {
    const url = "postgresql://postgres:s3cret@127.0.0.1:5432/hean_no_such_database";
    const error = await openDatabase({ databaseUrl: url, pgliteDataDir: "memory://" }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^Cannot connect to PostgreSQL at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1/,
    );
    expect((error as Error).message).toContain("hean_no_such_database");
    expect((error as Error).message).not.toContain("s3cret");
    expect(redactUrl("postgres://u:p@ss@:bad:port/x")).not.toContain("p@ss");
  });

  it("opens through DATABASE_URL", async () => {
    const database = await createTestPgDatabase();
    try {
      const db = await openDatabase({ databaseUrl: database.url, pgliteDataDir: "memory://" });
      expect(db.kind).toBe("postgresql");
      await db.ping();
      expect(await db.prisma.$queryRaw`SELECT current_database() AS name`).toEqual([{ name: database.name }]);
      await db.close();
    } finally {
      await database.drop();
    }
  });
});
