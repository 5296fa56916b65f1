import { type ChildProcessByStdio, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseSettings, openDatabase } from "./open-database";
import { BACKENDS, type BackendKind } from "./testing/backends";
import { assertConsistentPrefix } from "./testing/crash-check";
import { createTestPgDatabase } from "./testing/pg-test-database";

const WRITER = join(import.meta.dirname, "testing", "crash-writer.ts");
const SEED = 20261124;
const ROUNDS = 3;

type Writer = ChildProcessByStdio<null, Readable, Readable>;

/** Starts the writer; resolves each time it acknowledges a flush, through onAck. */
function startWriter(
  settings: DatabaseSettings,
  onAck: (turns: number) => void,
): { child: Writer; stderr: () => string } {
  const target = settings.databaseUrl ? ["--url", settings.databaseUrl] : ["--pglite", settings.pgliteDataDir];
  const child = spawn(process.execPath, ["--import", "tsx", WRITER, ...target, "--seed", String(SEED)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    const match = /^ack (\d+)$/.exec(line);
    if (match) onAck(Number(match[1]));
  });
  return { child, stderr: () => errors };
}

async function killDuringWrites(settings: DatabaseSettings, atLeast: number): Promise<number> {
  let acked = -1;
  let reached: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const { child, stderr } = startWriter(settings, (turns) => {
    acked = turns;
    if (turns >= atLeast) reached();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const early = exited.then((code) => {
    throw new Error(`crash-writer exited early (code ${code}): ${stderr()}`);
  });
  await Promise.race([enough, early]);
  // Kill at an arbitrary moment while it keeps writing (batches every 2 ms).
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
  child.kill("SIGKILL");
  await exited;
  return acked;
}

describe.each(BACKENDS)("crash recovery on %s", (kind: BackendKind) => {
  let settings: DatabaseSettings;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    if (kind === "pglite") {
      const dir = mkdtempSync(join(tmpdir(), "hean-crash-"));
      settings = { pgliteDataDir: dir };
      dispose = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const database = await createTestPgDatabase();
      settings = { databaseUrl: database.url, pgliteDataDir: "memory://" };
      dispose = () => database.drop();
    }
  });

  afterAll(async () => {
    await dispose?.();
  });

  it("after kill -9 the database holds a consistent prefix with every acknowledged turn, and writing resumes", async () => {
    let previous = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const acked = await killDuringWrites(settings, previous + 30);
      const db = await openDatabase(settings);
      try {
        // Throws with a diff unless the database is exactly the first N turns, positions = fills folded.
        const turns = await assertConsistentPrefix(db.prisma, SEED);
        expect(turns).toBeGreaterThanOrEqual(acked);
        expect(turns).toBeGreaterThan(previous);
        previous = turns;
      } finally {
        await db.close();
      }
    }
  }, 120_000);
});
