import type { Candle } from "../model/market";

/** A fixed-capacity ring of closed candles, oldest first; pushing onto a full ring drops the oldest. */
export class CandleRing {
  private readonly slots: (Candle | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("capacity must be a positive integer");
    this.slots = new Array<Candle | undefined>(capacity).fill(undefined);
  }

  get length(): number {
    return this.count;
  }

  push(candle: Candle): void {
    if (this.count < this.capacity) {
      this.slots[(this.start + this.count) % this.capacity] = candle;
      this.count++;
      return;
    }
    this.slots[this.start] = candle;
    this.start = (this.start + 1) % this.capacity;
  }

  /** 0 is the oldest candle held. */
  at(index: number): Candle | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.slots[(this.start + index) % this.capacity];
  }

  last(): Candle | undefined {
    return this.at(this.count - 1);
  }

  /** The newest `limit` candles (all by default), oldest first, in a new array. */
  toArray(limit = this.count): Candle[] {
    const n = Math.max(0, Math.min(limit, this.count));
    const out: Candle[] = [];
    for (let i = this.count - n; i < this.count; i++) {
      const c = this.slots[(this.start + i) % this.capacity];
      if (c !== undefined) out.push(c);
    }
    return out;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}
