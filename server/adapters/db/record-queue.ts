import type { StoreRecord } from "../../engine/ports";
import { candleKey } from "./engine-records";

export interface QueuedRecord {
  /** Order of arrival; a candle update keeps the seq of the queued entry it replaces. */
  readonly seq: number;
  /**
   * The engine turn (one synchronous run of the event loop) that enqueued the record. The engine
   * handles each event to the end before the next, so the records of one turn (an order update,
   * its fill, the position and account it produced) belong together: take() keeps them in one batch.
   */
  readonly turn: number;
  /** Wall-clock time it was first queued (epoch ms), for the age of what is waiting. */
  readonly queuedAt: number;
  record: StoreRecord;
}

function keyOf(record: StoreRecord): string | undefined {
  return record.kind === "candle" ? candleKey(record.candle) : undefined;
}

/**
 * FIFO of records waiting to be written. It holds whatever it is given: the store decides what
 * happens beyond its capacity (spill the oldest to the fallback journal, or drop them).
 * A candle that is still queued is replaced in place by a newer update of the same bar, so a bar
 * that changes on every tick costs one write per batch, not one per tick. Nothing else is replaced
 * in the queue: moving a later state of an order (say) to an earlier place could write it before
 * the fill that produced it; repeated updates are coalesced within a batch instead, which is
 * written atomically.
 */
export class RecordQueue {
  private entries: QueuedRecord[] = [];
  private head = 0;
  private readonly queuedCandles = new Map<string, QueuedRecord>();
  private nextSeq = 1;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.entries.length - this.head;
  }

  /** Seq of the newest record accepted so far (0 before any). */
  lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Seq of the oldest queued record, or Infinity when empty. */
  firstSeq(): number {
    return this.entries[this.head]?.seq ?? Number.POSITIVE_INFINITY;
  }

  /** When the oldest queued record was queued, or null when empty. */
  oldestQueuedAt(): number | null {
    return this.entries[this.head]?.queuedAt ?? null;
  }

  /** Adds a record enqueued during `turn` at wall-clock time `now`. */
  push(record: StoreRecord, turn = 0, now = 0): void {
    const key = keyOf(record);
    const queued = key === undefined ? undefined : this.queuedCandles.get(key);
    if (queued) {
      queued.record = record;
      return;
    }
    const entry: QueuedRecord = { seq: this.nextSeq++, turn, queuedAt: now, record };
    this.entries.push(entry);
    if (key !== undefined) this.queuedCandles.set(key, entry);
  }

  /**
   * Removes and returns the oldest records: n of them, then more until the end of the last one's
   * turn, so a batch does not split a turn, but never more than `limit` in all.
   */
  take(n: number, limit = n): QueuedRecord[] {
    let end = Math.min(this.entries.length, this.head + n);
    const last = this.entries[end - 1];
    if (last !== undefined && end > this.head) {
      const max = Math.min(this.entries.length, this.head + Math.max(n, limit));
      while (end < max && this.entries[end]?.turn === last.turn) end++;
    }
    const batch = this.entries.slice(this.head, end);
    this.head = end;
    for (const entry of batch) this.forget(entry);
    this.compact();
    return batch;
  }

  /** Removes and returns every queued record, oldest first. */
  takeAll(): QueuedRecord[] {
    return this.take(this.length);
  }

  /**
   * Returns a batch that could not be written to the front, in order. A candle that was updated
   * meanwhile is not returned: its newer version is queued.
   */
  putBack(batch: readonly QueuedRecord[]): void {
    const keep = batch.filter((entry) => {
      const key = keyOf(entry.record);
      return key === undefined || !this.queuedCandles.has(key);
    });
    for (const entry of keep) {
      const key = keyOf(entry.record);
      if (key !== undefined) this.queuedCandles.set(key, entry);
    }
    this.entries = [...keep, ...this.entries.slice(this.head)];
    this.head = 0;
  }

  /** Drops the oldest records until at most `size` remain; returns how many were dropped. */
  dropOldest(size: number): number {
    let dropped = 0;
    while (this.length > Math.max(0, size)) {
      const oldest = this.entries[this.head++];
      if (oldest) this.forget(oldest);
      dropped++;
    }
    if (dropped > 0) this.compact();
    return dropped;
  }

  private forget(entry: QueuedRecord): void {
    const key = keyOf(entry.record);
    if (key !== undefined && this.queuedCandles.get(key) === entry) this.queuedCandles.delete(key);
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
