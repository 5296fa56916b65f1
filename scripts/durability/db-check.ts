// Reads a HEAN database directly (after the server is gone) to check what it holds.
import { migrate } from "../../server/adapters/db/migrator";
import { openDatabase } from "../../server/adapters/db/open-database";
import type { Acknowledged } from "./fuzz";

export interface DatabaseTarget {
  readonly databaseUrl?: string;
  readonly pgliteDataDir: string;
}

/** The acknowledged controls whose engine_transitions row is missing, and the dead letters. */
export async function checkAcknowledged(
  target: DatabaseTarget,
  acknowledged: readonly Acknowledged[],
): Promise<{ missing: Acknowledged[]; deadLetters: number; transitions: number }> {
  const db = await openWhenFree(target);
  try {
    await migrate(db.sql);
    const rows = await db.prisma.engineTransition.findMany({ select: { reason: true } });
    const stored = new Set(rows.map((r) => r.reason));
    return {
      missing: acknowledged.filter((a) => !stored.has(a.reason)),
      deadLetters: await db.prisma.deadLetter.count(),
      transitions: rows.length,
    };
  } finally {
    await db.close();
  }
}

/** After kill -9 of the server group, its last process may hold the PGlite folder a moment longer. */
async function openWhenFree(target: DatabaseTarget) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await openDatabase(target);
    } catch (error) {
      if (!(error instanceof Error && error.name === "DataDirLockedError") || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
