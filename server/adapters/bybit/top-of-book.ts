import type { OrderbookMessage } from "./v5/market-messages";

export interface BookTop {
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
}

export type BookUpdate =
  | { readonly kind: "top"; readonly top: BookTop }
  /** A delta that does not follow the last update id, or one before any snapshot: rebuild from a snapshot. */
  | { readonly kind: "gap"; readonly expected: number | null; readonly got: number }
  /** A side is empty (no quote to trade on). */
  | { readonly kind: "empty" };

/**
 * One symbol's order book from `orderbook.{depth}` messages: a snapshot replaces it (Bybit sends
 * one on subscribe, and one with u = 1 after its service restarts), a delta updates it when its
 * update id follows the last one; anything else is a gap, and the book waits for a snapshot.
 */
export class TopOfBook {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  private lastUpdateId: number | null = null;

  apply(message: OrderbookMessage): BookUpdate {
    const { data } = message;
    if (message.type === "snapshot") {
      this.bids.clear();
      this.asks.clear();
    } else if (this.lastUpdateId === null || data.u !== this.lastUpdateId + 1) {
      const expected = this.lastUpdateId === null ? null : this.lastUpdateId + 1;
      this.lastUpdateId = null;
      return { kind: "gap", expected, got: data.u };
    }
    this.lastUpdateId = data.u;
    for (const [price, size] of data.b) size === 0 ? this.bids.delete(price) : this.bids.set(price, size);
    for (const [price, size] of data.a) size === 0 ? this.asks.delete(price) : this.asks.set(price, size);
    const top = this.top();
    return top === null ? { kind: "empty" } : { kind: "top", top };
  }

  /** Waits for the next snapshot (after a reconnect, say). */
  reset(): void {
    this.lastUpdateId = null;
    this.bids.clear();
    this.asks.clear();
  }

  top(): BookTop | null {
    let bid = Number.NEGATIVE_INFINITY;
    let ask = Number.POSITIVE_INFINITY;
    for (const price of this.bids.keys()) if (price > bid) bid = price;
    for (const price of this.asks.keys()) if (price < ask) ask = price;
    if (!Number.isFinite(bid) || !Number.isFinite(ask)) return null;
    return { bid, ask, bidSize: this.bids.get(bid) ?? 0, askSize: this.asks.get(ask) ?? 0 };
  }
}
