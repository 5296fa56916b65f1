import type { PrismaClient } from "../../../src/generated/prisma/client";
import type { Candle, Timeframe } from "../../engine/model/market";
import type { EngineStore, StoreRecord, TradingState } from "../../engine/ports";
import { invalidReason, readCandles, type WriteStatement, writeRecords } from "./engine-records";
import type { FallbackJournal, JournalEntry } from "./fallback-journal";
import { type QueuedRecord, RecordQueue } from "./record-queue";
import {
  type DeadLetter,
  forgetJournalProgress,
  insertDeadLetters,
  readJournalProgress,
  recentDeadLetters,
  recordJournalProgress,
} from "./store-bookkeeping";
import { type StoreHealth, type StoreHealthLimits, storeHealth } from "./store-health";
import { readTradingState } from "./trading-records";
import { classifyWriteError, describeWriteError } from "./write-errors";

export interface EngineStoreStats {
  /** Waiting to be written: queued, being written, or in the fallback journal. */
  readonly pending: number;
  readonly written: number;
  /** Of the pending records, those held in the local fallback journal. */
  readonly spilled: number;
  /** Records the database refused on their own, set aside in dead_letters, since this store started. */
  readonly deadLettered: number;
  /** Dead letters of the last 24 hours, earlier processes included. */
  readonly recentDeadLetters: number;
  readonly lastDeadLetter: { readonly at: number; readonly error: string } | null;
  /** Lost: beyond the queue's capacity without a journal, or after close() without a journal. */
  readonly dropped: number;
  readonly batches: number;
  readonly consecutiveFailures: number;
  /** Since when writes have been failing (epoch ms), null while they succeed. */
  readonly failingSince: number | null;
  readonly lastError: string | null;
  /** When the oldest pending record was queued (epoch ms), null when nothing is pending. */
  readonly oldestPendingAt: number | null;
}

export interface PrismaEngineStoreOptions {
  /** Background write interval. Default 500 ms. */
  readonly flushIntervalMs?: number;
  /** Records per write; a full batch is written at once, without waiting for the interval. Default 500. */
  readonly maxBatch?: number;
  /**
   * A batch that would end inside an engine turn (the records one event produced: an order update,
   * its fill, the position and the account) is extended to the end of that turn, up to this many
   * records, so a crash never leaves a fill without the position it made. Default 20 × maxBatch.
   */
  readonly maxTransaction?: number;
  /**
   * Records held in memory. Beyond that the oldest go to the fallback journal (or, without one,
   * are dropped). Default 100 000.
   */
  readonly maxQueue?: number;
  /** First retry delay after a failed write, doubled per consecutive failure. Default 250 ms. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Consecutive failed writes after which flush() gives up (the records stay queued). Default 3. */
  readonly flushAttempts?: number;
  /**
   * Asks the database whether it answers: a write that fails while it does, without a SQLSTATE that
   * says otherwise, is a record it refuses. Without it such failures are retried like an outage.
   */
  readonly ping?: () => Promise<void>;
  readonly pingTimeoutMs?: number;
  /** Where records go that the database cannot take in time (shutdown, overflow); none by default. */
  readonly journal?: FallbackJournal;
  /** Wall clock, for the age of pending records. */
  readonly now?: () => number;
  /** When /health calls persistence stuck or behind. */
  readonly healthLimits?: StoreHealthLimits;
  /** Failed writes, dead letters, dropped records. Called synchronously; must not throw. */
  readonly onError?: (error: Error, stats: EngineStoreStats) => void;
}

/** What close() did with the records it still held. */
export type StoreCloseOutcome =
  | { readonly written: true }
  | { readonly written: false; readonly spilled: number; readonly files: readonly string[]; readonly error: string };

export class EngineStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EngineStoreError";
  }
}

/** A write failed because the database is not taking writes; what was not written is kept. */
class DatabaseUnavailable extends Error {}

/** Where a batch came from: the in-memory queue, or a file of the fallback journal. */
type Batch =
  | { readonly source: "queue"; readonly entries: readonly QueuedRecord[] }
  | {
      readonly source: "journal";
      readonly file: string;
      readonly from: number;
      readonly entries: readonly JournalEntry[];
    };

const DAY_MS = 86_400_000;

/**
 * Persists engine records through Prisma in batches, off the engine's path: enqueue() only queues,
 * a timer writes.
 *
 * - Batches are written one at a time, oldest first, each in one transaction, and never end inside
 *   an engine turn (see maxTransaction): after a crash the database holds the records of a prefix
 *   of the engine's turns, all of each or none.
 * - A batch the database refuses while it is up is split in halves until the record it refuses
 *   is found; that record goes to dead_letters with its error and everything else is written.
 * - While the database is down, writes are retried with backoff. Beyond maxQueue, and on close()
 *   if the database still cannot take them, records go to the fallback journal (a local file),
 *   which is written to the database before anything newer, by this process or the next.
 */
export class PrismaEngineStore implements EngineStore {
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly maxTransaction: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly flushAttempts: number;
  private readonly pingTimeoutMs: number;
  private readonly journal: FallbackJournal | null;
  private readonly now: () => number;
  private readonly onError: (error: Error, stats: EngineStoreStats) => void;

  private readonly queue: RecordQueue;
  /** Records from the queue being written now (counted as pending, and older than the queue). */
  private inflight: readonly QueuedRecord[] = [];
  /** Records refused before reaching the queue, waiting for their dead_letters row. */
  private refused: DeadLetter[] = [];
  private current: Promise<void> | null = null;
  private draining = false;
  private pumpScheduled = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly timer: NodeJS.Timeout;
  private closing: Promise<StoreCloseOutcome> | null = null;
  private overflowReported = false;
  private closedReported = false;
  /** The current engine turn: records enqueued in one synchronous run share it. */
  private turn = 0;
  private turnOpen = false;
  private readonly endTurn = () => {
    this.turnOpen = false;
  };

  private written = 0;
  private dropped = 0;
  private batches = 0;
  private failures = 0;
  private failingSince: number | null = null;
  private lastError: string | null = null;
  private deadLettered = 0;
  /** Dead letters of earlier processes in the last day: how many, and the newest one's time. */
  private earlier = { count: 0, lastAt: 0 };
  private deadLetterTimes: number[] = [];
  private lastDeadLetter: { at: number; error: string } | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: PrismaEngineStoreOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 500;
    this.maxBatch = Math.max(1, options.maxBatch ?? 500);
    this.maxTransaction = Math.max(this.maxBatch, options.maxTransaction ?? this.maxBatch * 20);
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.flushAttempts = Math.max(1, options.flushAttempts ?? 3);
    this.pingTimeoutMs = options.pingTimeoutMs ?? 2000;
    this.journal = options.journal ?? null;
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? (() => undefined);
    this.queue = new RecordQueue(Math.max(this.maxBatch, options.maxQueue ?? 100_000));
    this.timer = setInterval(() => this.pump(), this.flushIntervalMs);
    this.timer.unref();
  }

  /**
   * Before the engine reads its state: writes what a previous process left in the fallback journal
   * (resuming where an interrupted replay stopped), and counts the last day's dead letters.
   * Returns how many journal records it wrote.
   */
  async recover(): Promise<number> {
    const recent = await recentDeadLetters(this.prisma, this.now() - DAY_MS);
    if (recent.last !== null) {
      this.earlier = { count: recent.count, lastAt: recent.last.at };
      this.lastDeadLetter = recent.last;
    }
    if (this.journal === null) return 0;
    const progress = await readJournalProgress(this.prisma);
    this.journal.resume(progress);
    const waiting = this.journal.pending();
    await this.flush();
    await forgetJournalProgress(this.prisma, this.journal.files().map(fileName));
    return waiting;
  }

  enqueue(record: StoreRecord): void {
    try {
      if (this.closing) {
        this.afterClose(record);
        return;
      }
      const invalid = invalidReason(record);
      if (invalid !== null) {
        this.refused.push({ at: this.now(), record, error: `refused before writing: ${invalid}` });
        this.report(new EngineStoreError(`Set aside a record the database would refuse: ${invalid}`));
        this.schedulePump();
        return;
      }
      if (!this.turnOpen) {
        this.turnOpen = true;
        this.turn++;
        queueMicrotask(this.endTurn);
      }
      this.queue.push(record, this.turn, this.now());
      if (this.queue.length > this.queue.capacity) this.relieve();
      if (this.queue.length >= this.maxBatch) this.schedulePump();
    } catch (error) {
      this.report(new EngineStoreError("enqueue failed unexpectedly", { cause: error }));
    }
  }

  /** Writes everything queued so far; rejects (records stay pending) after flushAttempts failures. */
  async flush(): Promise<void> {
    const target = this.queue.lastSeq();
    let failures = 0;
    while (this.hasPendingUpTo(target)) {
      try {
        await this.writeNext();
        failures = 0;
      } catch (error) {
        failures++;
        if (failures >= this.flushAttempts) {
          throw new EngineStoreError(
            `flush failed after ${failures} attempts; ${this.pendingCount()} records stay queued and are retried`,
            { cause: error },
          );
        }
        await sleep(this.backoffMs(failures));
      }
    }
  }

  loadCandles(symbol: string, timeframe: Timeframe, limit: number): Promise<Candle[]> {
    return readCandles(this.prisma, symbol, timeframe, limit);
  }

  /**
   * What a restart restores, read from the database in one snapshot: records still queued are not
   * included (call flush() first to have them).
   */
  loadTradingState(accountId: string, since: number): Promise<TradingState> {
    return readTradingState(this.prisma, accountId, since);
  }

  pendingCount(): number {
    return this.queue.length + this.inflight.length + this.refused.length + (this.journal?.pending() ?? 0);
  }

  stats(): EngineStoreStats {
    const dayAgo = this.now() - DAY_MS;
    this.deadLetterTimes = this.deadLetterTimes.filter((t) => t >= dayAgo);
    if (this.earlier.lastAt < dayAgo) this.earlier = { count: 0, lastAt: 0 };
    const oldest = [this.inflight[0]?.queuedAt, this.journal?.oldestQueuedAt(), this.queue.oldestQueuedAt()].filter(
      (t): t is number => typeof t === "number",
    );
    return {
      pending: this.pendingCount(),
      written: this.written,
      spilled: this.journal?.pending() ?? 0,
      deadLettered: this.deadLettered,
      recentDeadLetters: this.deadLetterTimes.length + this.earlier.count,
      lastDeadLetter: this.lastDeadLetter,
      dropped: this.dropped,
      batches: this.batches,
      consecutiveFailures: this.failures,
      failingSince: this.failingSince,
      lastError: this.lastError,
      oldestPendingAt: oldest.length === 0 ? null : Math.min(...oldest),
    };
  }

  health(): StoreHealth {
    return storeHealth(this.stats(), this.now(), this.options.healthLimits);
  }

  /**
   * Refuses new records and writes the queued ones; if the database cannot take them, they go to
   * the fallback journal for the next start. Resolves with what happened; rejects only when records
   * could be neither written nor journalled.
   */
  close(): Promise<StoreCloseOutcome> {
    this.closing ??= this.flush()
      .then((): StoreCloseOutcome => ({ written: true }))
      .catch(async (error: unknown) => {
        await this.current?.catch(() => undefined);
        return this.spillForNextStart(error);
      })
      .finally(() => {
        clearInterval(this.timer);
        if (this.retryTimer) clearTimeout(this.retryTimer);
        this.retryTimer = null;
        this.journal?.close();
      });
    return this.closing;
  }

  private spillForNextStart(error: unknown): StoreCloseOutcome {
    const why = error instanceof Error ? error.message : String(error);
    const entries = this.queue.takeAll();
    const refused = this.refused.splice(0);
    const count = entries.length + refused.length;
    if (this.journal === null)
      throw new EngineStoreError(`${count} records could not be written and there is no fallback journal: ${why}`, {
        cause: error,
      });
    this.journal.append([
      ...entries.map(toJournal),
      // Refused records are replayed like any other, and set aside again: their row is not lost.
      ...refused.map((r) => ({ seq: 0, turn: -1, queuedAt: r.at, record: r.record })),
    ]);
    return { written: false, spilled: this.journal.pending(), files: this.journal.files(), error: why };
  }

  private afterClose(record: StoreRecord): void {
    if (this.journal !== null) {
      try {
        this.journal.append([{ seq: 0, turn: -1, queuedAt: this.now(), record }]);
        return;
      } catch {
        // counted as dropped below
      }
    }
    this.dropped++;
    if (!this.closedReported) {
      this.closedReported = true;
      this.report(new EngineStoreError("Record received after the store was closed; it is dropped"));
    }
  }

  private hasPendingUpTo(seq: number): boolean {
    return (
      this.refused.length > 0 ||
      this.queue.firstSeq() <= seq ||
      this.inflight.some((entry) => entry.seq <= seq) ||
      (this.journal?.firstPendingSeq() ?? Number.POSITIVE_INFINITY) <= seq
    );
  }

  /**
   * The queue is over capacity: its oldest records go to the journal, or are dropped without one.
   * Not while a batch from the queue is being written: a failed batch returns to the queue's front,
   * and the journal must only ever hold records older than everything in the queue.
   */
  private relieve(): void {
    if (this.inflight.length > 0) return;
    const keep = Math.floor(this.queue.capacity / 2);
    if (this.journal !== null) {
      try {
        this.journal.append(this.queue.take(this.queue.length - keep, this.queue.length).map(toJournal));
        this.reportOverflow(`the oldest records are kept in ${this.journal.files().join(", ")} until it does`);
        return;
      } catch (error) {
        this.report(new EngineStoreError("Could not write to the fallback journal", { cause: error }));
      }
    }
    const n = this.queue.dropOldest(keep);
    this.dropped += n;
    this.reportOverflow(`the ${n} oldest records were dropped (see stats().dropped)`);
  }

  private reportOverflow(what: string): void {
    if (this.overflowReported) return;
    this.overflowReported = true;
    this.report(
      new EngineStoreError(
        `Store queue full (${this.queue.capacity} records): the database is not keeping up or unavailable; ${what}`,
      ),
    );
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Background writer: drains the queue unless a retry is already scheduled. */
  private pump(): void {
    if (this.draining || this.retryTimer || this.pendingCount() === 0) return;
    this.draining = true;
    void (async () => {
      try {
        while (this.pendingCount() > 0 && !this.closing) await this.writeNext();
      } catch {
        if (!this.closing) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.pump();
          }, this.backoffMs(this.failures));
          this.retryTimer.unref();
        }
      } finally {
        this.draining = false;
      }
    })();
  }

  /** Writes one batch; concurrent callers share the write in progress. */
  private writeNext(): Promise<void> {
    this.current ??= this.writeBatch().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  private async writeBatch(): Promise<void> {
    // Let the current turn finish first: a flush() called in the middle of one must not split it.
    await null;
    try {
      if (this.refused.length > 0) await this.writeRefused();
      const batch = this.nextBatch();
      if (batch === null) return;
      try {
        await this.writeRange(batch, 0, batch.entries.length);
      } finally {
        this.inflight = [];
      }
      this.failures = 0;
      this.failingSince = null;
      this.overflowReported = false;
    } catch (error) {
      this.failures++;
      this.failingSince ??= this.now();
      this.lastError = describeWriteError(error instanceof DatabaseUnavailable ? error.cause : error);
      this.report(
        new EngineStoreError(
          `Writing to the database failed (attempt ${this.failures}); ${this.pendingCount()} records wait, ` +
            `retrying in ${this.backoffMs(this.failures)} ms: ${this.lastError}`,
          { cause: error },
        ),
      );
      throw error;
    } finally {
      if (this.queue.length > this.queue.capacity) this.relieve();
    }
  }

  /** The journal first (it holds only records older than the queue's), then the queue. */
  private nextBatch(): Batch | null {
    const fromJournal = this.journal?.next(this.maxBatch, this.maxTransaction) ?? null;
    if (fromJournal !== null)
      return {
        source: "journal",
        file: fromJournal.file,
        from: fromJournal.to - fromJournal.entries.length,
        entries: fromJournal.entries,
      };
    const entries = this.queue.take(this.maxBatch, this.maxTransaction);
    if (entries.length === 0) return null;
    this.inflight = entries;
    return { source: "queue", entries };
  }

  /**
   * Writes entries [start, end) of the batch in one transaction. If the database refuses them while
   * it is up, the range is split in halves, each written on its own, until the record it refuses is
   * alone: that one goes to dead_letters. Throws DatabaseUnavailable when the database stops taking
   * writes; what was not written then stays pending, in order.
   */
  private async writeRange(batch: Batch, start: number, end: number): Promise<void> {
    try {
      await writeRecords(
        this.prisma,
        batch.entries.slice(start, end).map((e) => e.record),
        this.progressAt(batch, end),
      );
      this.settled(batch, end, end - start);
      return;
    } catch (error) {
      if (!(await this.refusedByDatabase(error))) throw this.unavailable(batch, start, error);
      if (end - start === 1) {
        await this.setAside(batch, end, error);
        return;
      }
    }
    const mid = start + Math.ceil((end - start) / 2);
    await this.writeRange(batch, start, mid);
    await this.writeRange(batch, mid, end);
  }

  /** The lone record before `end` is refused: its dead_letters row commits with the progress past it. */
  private async setAside(batch: Batch, end: number, cause: unknown): Promise<void> {
    const record = (batch.entries[end - 1] as QueuedRecord | JournalEntry).record;
    const letter: DeadLetter = { at: this.now(), record, error: describeWriteError(cause) };
    try {
      await this.prisma.$transaction([insertDeadLetters(this.prisma, [letter]), ...this.progressAt(batch, end)]);
    } catch (error) {
      // Not even the dead letter could be written: the database is not taking writes.
      throw this.unavailable(batch, end - 1, error);
    }
    this.settled(batch, end, 0);
    this.noteDeadLetter(letter);
  }

  private async writeRefused(): Promise<void> {
    const letters = this.refused.slice();
    try {
      await this.prisma.$transaction([insertDeadLetters(this.prisma, letters)]);
    } catch (error) {
      throw new DatabaseUnavailable("dead letters not written", { cause: error });
    }
    this.refused.splice(0, letters.length);
    for (const l of letters) this.noteDeadLetter(l);
  }

  private noteDeadLetter(letter: DeadLetter): void {
    this.deadLettered++;
    this.deadLetterTimes.push(letter.at);
    this.lastDeadLetter = { at: letter.at, error: letter.error };
    this.report(
      new EngineStoreError(
        `The database refused a ${letter.record.kind} record; it is kept in dead_letters and the rest is written: ${letter.error}`,
      ),
    );
  }

  /** The journal's progress row for a write ending at `end` of the batch (nothing for the queue). */
  private progressAt(batch: Batch, end: number): WriteStatement[] {
    return batch.source === "journal" ? [recordJournalProgress(this.prisma, batch.file, batch.from + end)] : [];
  }

  /** Records up to `end` of the batch are in the database (`written` of them as rows). */
  private settled(batch: Batch, end: number, written: number): void {
    this.written += written;
    if (written > 0) this.batches++;
    if (batch.source === "journal") this.journal?.advance(batch.file, batch.from + end);
  }

  /** Stops at `from`: what the batch still holds from there goes back where it came from. */
  private unavailable(batch: Batch, from: number, cause: unknown): DatabaseUnavailable {
    if (batch.source === "queue") {
      this.queue.putBack(batch.entries.slice(from));
      this.inflight = [];
    }
    return new DatabaseUnavailable("the database is not taking writes", { cause });
  }

  /** Whether a failed write was refused for what it held (rather than because the database is down). */
  private async refusedByDatabase(error: unknown): Promise<boolean> {
    if (error instanceof DatabaseUnavailable) return false;
    const kind = classifyWriteError(error);
    if (kind !== "unknown") return kind === "record";
    const ping = this.options.ping;
    if (ping === undefined) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error("ping timed out")), this.pingTimeoutMs);
        }),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  private backoffMs(failures: number): number {
    return Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.max(0, failures - 1));
  }

  private report(error: Error): void {
    try {
      this.onError(error, this.stats());
    } catch {
      // A faulty error handler must not break the store.
    }
  }
}

function toJournal(e: QueuedRecord): JournalEntry {
  return { seq: e.seq, turn: e.turn, queuedAt: e.queuedAt, record: e.record };
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
