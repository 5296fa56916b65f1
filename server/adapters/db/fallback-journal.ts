import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { StoreRecord } from "../../engine/ports";
import { decodeRecordJson, encodeRecordJson } from "./record-json";

/** A queued record as the journal keeps it. */
export interface JournalEntry {
  /** The store's sequence number; 0 for entries a previous process wrote. */
  readonly seq: number;
  readonly turn: number;
  readonly queuedAt: number;
  readonly record: StoreRecord;
}

/** One journal file: records in write order, one JSON line each, and how many are replayed. */
interface Segment {
  readonly name: string;
  readonly path: string;
  /** Byte offset of each complete line, plus the end offset. */
  readonly offsets: number[];
  /** Lines already written to the database. */
  replayed: number;
  /** The last turn of each line, so a replay batch can end on a turn boundary. */
  readonly turns: number[];
  readonly seqs: number[];
  readonly queuedAt: number[];
  fd: number | null;
}

/**
 * The store's local fallback: records the database could not take in time (on shutdown during an
 * outage, or beyond the queue's capacity) are appended here, fsynced, and written to the database
 * before anything newer, by this process or the next one. Files are per database (a hash of its
 * identity), so a journal is never replayed into another database.
 */
export class FallbackJournal {
  private readonly segments: Segment[] = [];

  private constructor(
    readonly dir: string,
    private readonly prefix: string,
  ) {}

  /** Opens the journal of `identity` in `dir`, picking up the files a previous process left. */
  static open(dir: string, identity: string): FallbackJournal {
    const prefix = `journal-${createHash("sha256").update(identity).digest("hex").slice(0, 12)}-`;
    const journal = new FallbackJournal(dir, prefix);
    if (existsSync(dir))
      for (const name of readdirSync(dir)
        .filter((n) => n.startsWith(prefix) && n.endsWith(".ndjson"))
        .sort())
        journal.segments.push(readSegment(dir, name));
    return journal;
  }

  /** Records waiting in the journal. */
  pending(): number {
    let n = 0;
    for (const s of this.segments) n += s.offsets.length - 1 - s.replayed;
    return n;
  }

  /** The files that hold records waiting to be replayed. */
  files(): string[] {
    return this.segments.filter((s) => s.offsets.length - 1 > s.replayed).map((s) => s.path);
  }

  /** Seq of the oldest waiting record from this process (0 for older processes'), or Infinity. */
  firstPendingSeq(): number {
    const s = this.segments.find((x) => x.offsets.length - 1 > x.replayed);
    return s === undefined ? Number.POSITIVE_INFINITY : (s.seqs[s.replayed] ?? 0);
  }

  oldestQueuedAt(): number | null {
    const s = this.segments.find((x) => x.offsets.length - 1 > x.replayed);
    return s === undefined ? null : (s.queuedAt[s.replayed] ?? null);
  }

  /** Sets how many lines of each file the database already has (from its progress table). */
  resume(progress: ReadonlyMap<string, number>): void {
    for (const s of this.segments) s.replayed = Math.min(s.offsets.length - 1, Math.max(0, progress.get(s.name) ?? 0));
    this.dropReplayed();
  }

  /** Appends entries durably (written and fsynced before it returns). */
  append(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return;
    const segment = this.activeSegment();
    const lines = entries.map((e) => `${encodeEntry(e)}\n`);
    const buffer = Buffer.from(lines.join(""), "utf8");
    const fd = segment.fd as number;
    let written = 0;
    while (written < buffer.length) written += writeSync(fd, buffer, written);
    fsyncSync(fd);
    let offset = segment.offsets[segment.offsets.length - 1] as number;
    for (const [i, line] of lines.entries()) {
      offset += Buffer.byteLength(line, "utf8");
      segment.offsets.push(offset);
      const e = entries[i] as JournalEntry;
      segment.turns.push(e.turn);
      segment.seqs.push(e.seq);
      segment.queuedAt.push(e.queuedAt);
    }
  }

  /**
   * The oldest waiting entries: n of them, more to finish the last one's turn, never more than
   * limit, all from one file. `to` is the file's line count once they are written.
   */
  next(n: number, limit = n): { readonly file: string; readonly to: number; readonly entries: JournalEntry[] } | null {
    const s = this.segments.find((x) => x.offsets.length - 1 > x.replayed);
    if (s === undefined) return null;
    const lines = s.offsets.length - 1;
    let end = Math.min(lines, s.replayed + n);
    const lastTurn = s.turns[end - 1];
    const max = Math.min(lines, s.replayed + Math.max(n, limit));
    while (end < max && s.turns[end] === lastTurn) end++;
    const start = s.offsets[s.replayed] as number;
    const bytes = (s.offsets[end] as number) - start;
    const buffer = Buffer.alloc(bytes);
    const fd = openSync(s.path, "r");
    try {
      let read = 0;
      while (read < bytes) read += readSync(fd, buffer, read, bytes - read, start + read);
    } finally {
      closeSync(fd);
    }
    const entries = buffer
      .toString("utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map(decodeEntry);
    return { file: s.name, to: end, entries };
  }

  /** Marks the lines of `file` before `to` as written; a file fully written is deleted. */
  advance(file: string, to: number): void {
    const s = this.segments.find((x) => x.name === file);
    if (s === undefined) return;
    s.replayed = Math.max(s.replayed, Math.min(to, s.offsets.length - 1));
    this.dropReplayed();
  }

  /** Closes the file being appended to (it stays for the next process if not replayed). */
  close(): void {
    for (const s of this.segments)
      if (s.fd !== null) {
        closeSync(s.fd);
        s.fd = null;
      }
  }

  private activeSegment(): Segment {
    const last = this.segments[this.segments.length - 1];
    if (last !== undefined && last.fd !== null) return last;
    mkdirSync(this.dir, { recursive: true });
    const name = `${this.prefix}${Date.now().toString().padStart(15, "0")}-${randomBytes(3).toString("hex")}.ndjson`;
    const path = join(this.dir, name);
    const segment: Segment = {
      name,
      path,
      offsets: [0],
      replayed: 0,
      turns: [],
      seqs: [],
      queuedAt: [],
      fd: openSync(path, "a"),
    };
    this.segments.push(segment);
    return segment;
  }

  /** Deletes the files whose every line is in the database. */
  private dropReplayed(): void {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i] as Segment;
      if (s.offsets.length - 1 > s.replayed) continue;
      if (s.fd !== null) closeSync(s.fd);
      s.fd = null;
      if (existsSync(s.path)) unlinkSync(s.path);
      this.segments.splice(i, 1);
    }
  }
}

/** A file a previous process left: every complete line (a torn last line from a crash is ignored). */
function readSegment(dir: string, name: string): Segment {
  const path = join(dir, name);
  const text = readFileSync(path);
  const segment: Segment = { name, path, offsets: [0], replayed: 0, turns: [], seqs: [], queuedAt: [], fd: null };
  let start = 0;
  for (let i = text.indexOf(10); i !== -1; i = text.indexOf(10, start)) {
    const line = text.subarray(start, i).toString("utf8");
    let entry: JournalEntry;
    try {
      entry = decodeEntry(line);
    } catch {
      break;
    }
    segment.offsets.push(i + 1);
    segment.turns.push(entry.turn);
    segment.seqs.push(0);
    segment.queuedAt.push(entry.queuedAt);
    start = i + 1;
  }
  return segment;
}

function encodeEntry(e: JournalEntry): string {
  return encodeRecordJson({ seq: e.seq, turn: e.turn, queuedAt: e.queuedAt, record: e.record });
}

function decodeEntry(line: string): JournalEntry {
  const parsed = decodeRecordJson(line) as JournalEntry;
  if (typeof parsed !== "object" || parsed === null || typeof parsed.record !== "object")
    throw new Error("not a journal line");
  return parsed;
}
