import { describe, expect, it } from "vitest";
import type { Candle } from "../../engine/model/market";
import type { StoreRecord } from "../../engine/ports";
import { RecordQueue } from "./record-queue";

const bar = (openTime: number, close = 1): StoreRecord => ({
  kind: "candle",
  candle: { symbol: "X", timeframe: "1m", openTime, open: 1, high: 1, low: 1, close, volume: 1, trades: 1 } as Candle,
});
const closeOf = (r: StoreRecord | undefined) => (r?.kind === "candle" ? r.candle.close : undefined);

describe("RecordQueue", () => {
  it("replaces a queued candle in place with its newer update", () => {
    const q = new RecordQueue(10);
    q.push(bar(1, 1));
    q.push(bar(2, 1));
    q.push(bar(1, 5));
    expect(q.length).toBe(2);
    const batch = q.take(10);
    expect(batch.map((e) => closeOf(e.record))).toEqual([5, 1]);
    expect(batch.map((e) => e.seq)).toEqual([1, 2]);
  });

  it("queues a new entry for a candle that is being written", () => {
    const q = new RecordQueue(10);
    q.push(bar(1, 1));
    q.take(1);
    q.push(bar(1, 2));
    expect(q.length).toBe(1);
  });

  it("puts a failed batch back in front, except candles updated meanwhile", () => {
    const q = new RecordQueue(10);
    q.push(bar(1, 1));
    q.push(bar(2, 1));
    const batch = q.take(2);
    q.push(bar(3, 1));
    q.push(bar(2, 9));
    q.putBack(batch);
    const again = q.take(10);
    expect(
      again.map((e) => (e.record.kind === "candle" ? [e.record.candle.openTime, e.record.candle.close] : [])),
    ).toEqual([
      [1, 1],
      [3, 1],
      [2, 9],
    ]);
  });

  it("drops the oldest records on demand and says how many", () => {
    const q = new RecordQueue(3);
    for (const t of [1, 2, 3, 4, 5]) q.push(bar(t));
    expect(q.dropOldest(3)).toBe(2);
    expect(q.take(10).map((e) => (e.record.kind === "candle" ? e.record.candle.openTime : 0))).toEqual([3, 4, 5]);
  });

  it("knows when its oldest record was queued", () => {
    const q = new RecordQueue(3);
    expect(q.oldestQueuedAt()).toBeNull();
    q.push(bar(1), 0, 1000);
    q.push(bar(2), 0, 2000);
    expect(q.oldestQueuedAt()).toBe(1000);
    q.take(1);
    expect(q.oldestQueuedAt()).toBe(2000);
  });

  it("reports the oldest and newest sequence numbers", () => {
    const q = new RecordQueue(3);
    expect(q.firstSeq()).toBe(Number.POSITIVE_INFINITY);
    q.push(bar(1));
    q.push(bar(2));
    expect([q.firstSeq(), q.lastSeq()]).toEqual([1, 2]);
  });
});

describe("RecordQueue.take and engine turns", () => {
  const turns = (q: RecordQueue, sizes: number[]) => {
    let t = 0;
    sizes.forEach((n, turn) => {
      for (let i = 0; i < n; i++) q.push(bar(++t), turn);
    });
  };
  const sizesOf = (q: RecordQueue, n: number, limit: number) => {
    const out: number[] = [];
    while (q.length > 0) out.push(q.take(n, limit).length);
    return out;
  };

  it("extends a batch to the end of the turn it would cut, up to the limit", () => {
    const q = new RecordQueue(100);
    turns(q, [3, 1, 5, 2]);
    expect(sizesOf(q, 2, 100)).toEqual([3, 6, 2]);
  });

  it("never takes more than the limit, even inside one turn", () => {
    const q = new RecordQueue(100);
    turns(q, [9]);
    expect(sizesOf(q, 2, 4)).toEqual([4, 4, 1]);
  });

  it("takes exactly n when the batch ends on a turn boundary", () => {
    const q = new RecordQueue(100);
    turns(q, [2, 2]);
    expect(sizesOf(q, 2, 100)).toEqual([2, 2]);
  });

  it("keeps a failed batch's turns when it is put back", () => {
    const q = new RecordQueue(100);
    turns(q, [3, 2]);
    const batch = q.take(1, 10);
    expect(batch.map((e) => e.turn)).toEqual([0, 0, 0]);
    q.putBack(batch);
    expect(q.take(1, 10).map((e) => e.turn)).toEqual([0, 0, 0]);
  });
});
