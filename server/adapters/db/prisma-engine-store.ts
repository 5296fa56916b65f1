import type { PrismaClient } from "../../../src/generated/prisma/client";
import type { Candle, Timeframe } from "../../engine/market/types";
import type { EngineStore, StoreRecord, TradingState } from "../../engine/ports";
import { invalidReason, readCandles, writeRecords } from "./engine-records";
import { type QueuedRecord, RecordQueue } from "./record-queue";
import { readTradingState } from "./trading-records";

export interface EngineStoreStats {
  /** Queued or being written. */
  readonly pending: number;
  readonly written: number;
  /** Lost: queue overflow while the database was unavailable, invalid records, or records after close(). */
  readonly dropped: number;
  readonly batches: number;
  readonly consecutiveFailures: number;
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
  /** Records kept while the database is unavailable; beyond that the oldest are dropped. Default 100 000. */
  readonly maxQueue?: number;
  /** First retry delay after a failed write, doubled per consecutive failure. Default 250 ms. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Consecutive failed writes after which flush() gives up (the records stay queued). Default 3. */
  readonly flushAttempts?: number;
  /** Failed writes, dropped records. Called synchronously; must not throw. */
  readonly onError?: (error: Error, stats: EngineStoreStats) => void;
}

export class EngineStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EngineStoreError";
  }
}

/**
 * Persists engine records through Prisma in batches, off the engine's path: enqueue() only queues,
 * a timer writes. Failed writes are retried with backoff; nothing is lost silently (see stats()).
 *
 * Batches are written one at a time, oldest first, each in one transaction, and never end inside
 * an engine turn (see maxTransaction): after a crash the database holds the records of a prefix of
 * the engine's turns, all of each or none.
 */
export class PrismaEngineStore implements EngineStore {
  private readonly flushIntervalMs: number;
  private readonly maxBatch: number;
  private readonly maxTransaction: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly flushAttempts: number;
  private readonly onError: (error: Error, stats: EngineStoreStats) => void;

  private readonly queue: RecordQueue;
  private inflight: readonly QueuedRecord[] = [];
  private current: Promise<void> | null = null;
  private draining = false;
  private pumpScheduled = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly timer: NodeJS.Timeout;
  private closing: Promise<void> | null = null;
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

  constructor(
    private readonly prisma: PrismaClient,
    options: PrismaEngineStoreOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 500;
    this.maxBatch = Math.max(1, options.maxBatch ?? 500);
    this.maxTransaction = Math.max(this.maxBatch, options.maxTransaction ?? this.maxBatch * 20);
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.flushAttempts = Math.max(1, options.flushAttempts ?? 3);
    this.onError = options.onError ?? (() => undefined);
    this.queue = new RecordQueue(Math.max(this.maxBatch, options.maxQueue ?? 100_000));
    this.timer = setInterval(() => this.pump(), this.flushIntervalMs);
    this.timer.unref();
  }

  enqueue(record: StoreRecord): void {
    try {
      if (this.closing) {
        this.dropped++;
        if (!this.closedReported) {
          this.closedReported = true;
          this.report(new EngineStoreError("Record received after the store was closed; it is dropped"));
        }
        return;
      }
      const invalid = invalidReason(record);
      if (invalid !== null) {
        this.dropped++;
        this.report(new EngineStoreError(`Dropped a record the database would refuse: ${invalid}`));
        return;
      }
      if (!this.turnOpen) {
        this.turnOpen = true;
        this.turn++;
        queueMicrotask(this.endTurn);
      }
      this.countDropped(this.queue.push(record, this.turn));
      if (this.queue.length >= this.maxBatch) this.schedulePump();
    } catch (error) {
      this.report(new EngineStoreError("enqueue failed unexpectedly", { cause: error }));
    }
  }

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
    return this.queue.length + this.inflight.length;
  }

  stats(): EngineStoreStats {
    return {
      pending: this.pendingCount(),
      written: this.written,
      dropped: this.dropped,
      batches: this.batches,
      consecutiveFailures: this.failures,
    };
  }

  /** Refuses new records, writes the queued ones, stops the timers. Rejects if records could not be written. */
  close(): Promise<void> {
    this.closing ??= this.flush().finally(() => {
      clearInterval(this.timer);
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
    });
    return this.closing;
  }

  private hasPendingUpTo(seq: number): boolean {
    return this.queue.firstSeq() <= seq || this.inflight.some((entry) => entry.seq <= seq);
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
    if (this.draining || this.retryTimer || this.queue.length === 0) return;
    this.draining = true;
    void (async () => {
      try {
        while (this.queue.length > 0) await this.writeNext();
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
    const batch = this.queue.take(this.maxBatch, this.maxTransaction);
    if (batch.length === 0) return;
    this.inflight = batch;
    try {
      await writeRecords(
        this.prisma,
        batch.map((entry) => entry.record),
      );
      this.written += batch.length;
      this.batches++;
      this.failures = 0;
      this.overflowReported = false;
    } catch (error) {
      this.inflight = [];
      this.countDropped(this.queue.putBack(batch));
      this.failures++;
      this.report(
        new EngineStoreError(
          `Writing ${batch.length} records failed (attempt ${this.failures}); ${this.pendingCount()} queued, ` +
            `retrying in ${this.backoffMs(this.failures)} ms: ${(error as Error).message}`,
          { cause: error },
        ),
      );
      throw error;
    } finally {
      this.inflight = [];
    }
  }

  private countDropped(n: number): void {
    if (n <= 0) return;
    this.dropped += n;
    if (!this.overflowReported) {
      this.overflowReported = true;
      this.report(
        new EngineStoreError(
          `Store queue full (${this.queue.capacity} records): the database is not keeping up or unavailable; ` +
            "oldest records are being dropped (see stats().dropped)",
        ),
      );
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
