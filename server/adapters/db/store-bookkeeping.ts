// The store's own tables: dead letters (records the database refused, set aside) and the progress
// of the local fallback journal's replay.
import type { PrismaClient } from "../../../src/generated/prisma/client";
import { toStorableText } from "../../boundary/storable-text";
import type { StoreRecord } from "../../engine/ports";
import type { WriteStatement } from "./engine-records";
import { encodeRecordJson } from "./record-json";

export interface DeadLetter {
  readonly at: number;
  readonly record: StoreRecord;
  readonly error: string;
}

export function insertDeadLetters(prisma: PrismaClient, letters: readonly DeadLetter[]): WriteStatement {
  // The record travels as JSON text inside a JSON parameter: escaped twice, so nothing in it (NUL,
  // a lone surrogate) can make the statement fail.
  const rows = letters.map((l) => ({
    at: new Date(l.at).toISOString(),
    kind: l.record.kind,
    error: toStorableText(l.error),
    record: encodeRecordJson(l.record),
  }));
  return prisma.$executeRaw`
    INSERT INTO dead_letters (at, kind, error, record)
    SELECT r.at::timestamptz, r.kind, r.error, r.record
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(at text, kind text, error text, record text)`;
}

export function recordJournalProgress(prisma: PrismaClient, file: string, replayed: number): WriteStatement {
  return prisma.$executeRaw`
    INSERT INTO store_journal (file, replayed, updated_at) VALUES (${file}, ${replayed}, now())
    ON CONFLICT (file) DO UPDATE SET replayed = EXCLUDED.replayed, updated_at = EXCLUDED.updated_at`;
}

/** How many lines of each journal file the database holds. */
export async function readJournalProgress(prisma: PrismaClient): Promise<Map<string, number>> {
  const rows = await prisma.storeJournal.findMany();
  return new Map(rows.map((r) => [r.file, r.replayed]));
}

/** Forgets the progress of files that are gone (fully replayed and deleted). */
export async function forgetJournalProgress(prisma: PrismaClient, keep: readonly string[]): Promise<void> {
  await prisma.storeJournal.deleteMany({ where: { file: { notIn: [...keep] } } });
}

/** Dead letters since `since` (epoch ms): how many, and the newest one's time and error. */
export async function recentDeadLetters(
  prisma: PrismaClient,
  since: number,
): Promise<{ count: number; last: { at: number; error: string } | null }> {
  const where = { at: { gte: new Date(since) } };
  const [count, last] = await Promise.all([
    prisma.deadLetter.count({ where }),
    prisma.deadLetter.findFirst({ where, orderBy: { id: "desc" }, select: { at: true, error: true } }),
  ]);
  return { count, last: last === null ? null : { at: last.at.getTime(), error: last.error } };
}
