import type { DecisionRecord } from "../model/records";
import type { OrderUpdate } from "../model/trading";

const WINDOW_MS = 5 * 60_000;

interface Stamped<T> {
  readonly at: number;
  readonly value: T;
}

/** Keeps entries for the trailing window; old ones fall off the front as time moves on. */
class Window<T> {
  private items: Stamped<T>[] = [];
  private head = 0;

  push(at: number, value: T): void {
    this.items.push({ at, value });
  }

  since(now: number): Stamped<T>[] {
    this.evict(now);
    return this.items.slice(this.head);
  }

  /** How many entries the window holds at `now`, without copying them. */
  countSince(now: number): number {
    this.evict(now);
    return this.items.length - this.head;
  }

  private evict(now: number): void {
    const cutoff = now - WINDOW_MS;
    while (this.head < this.items.length && (this.items[this.head]?.at ?? 0) < cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

export interface ExecutionQuality {
  readonly avgLatencyMs: number | null;
  readonly rejectRate5m: number;
  readonly slippageEst5m: number | null;
  readonly orders5m: number;
  readonly fills5m: number;
}

/**
 * What /trading/why reports about the funnel (signal → decision → order → fill), kept from the
 * engine's own events, never guessed.
 */
export class ActivityLog {
  lastSignalAt: number | null = null;
  lastDecisionAt: number | null = null;
  lastOrderAt: number | null = null;
  lastFillAt: number | null = null;
  /** Each symbol's latest decision (the dashboard's symbols table). */
  readonly lastDecisions = new Map<string, DecisionRecord>();
  private readonly reasons = new Window<readonly string[]>();
  private readonly submitted = new Window<string>();
  private readonly rejected = new Window<string>();
  private readonly fills = new Window<{ latencyMs: number; slippage: number }>();

  onSignal(at: number): void {
    this.lastSignalAt = at;
  }

  onDecision(d: DecisionRecord): void {
    this.lastDecisionAt = d.at;
    this.lastDecisions.set(d.symbol, d);
    if (d.reasonCodes.length > 0) this.reasons.push(d.at, d.reasonCodes);
  }

  onOrderUpdate(update: OrderUpdate, at: number): void {
    switch (update.type) {
      case "ORDER_ACCEPTED":
        this.lastOrderAt = at;
        this.submitted.push(at, update.order.clientOrderId);
        break;
      case "ORDER_REJECTED":
        this.lastOrderAt = at;
        this.submitted.push(at, update.order.clientOrderId);
        this.rejected.push(at, update.order.clientOrderId);
        break;
      case "ORDER_FILLED":
        this.lastFillAt = update.fill.ts;
        this.fills.push(update.fill.ts, { latencyMs: update.fill.latencyMs, slippage: update.fill.slippage });
        break;
      case "ORDER_CANCELLED":
        break;
    }
  }

  /** Restores what a restart needs from persisted decisions. */
  restore(decisions: readonly DecisionRecord[], lastFillAt: number | null): void {
    for (const d of decisions) this.onDecision(d);
    this.lastFillAt = lastFillAt;
  }

  topReasonCodes(now: number, limit = 10): { code: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const { value } of this.reasons.since(now)) for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
    return [...counts.entries()]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
      .slice(0, limit);
  }

  /** Orders submitted and rejected in the last 5 minutes (the risk governor's reject rate). */
  orderCounts5m(now: number): { readonly orders: number; readonly rejects: number } {
    return { orders: this.submitted.countSince(now), rejects: this.rejected.countSince(now) };
  }

  executionQuality(now: number): ExecutionQuality {
    const fills = this.fills.since(now);
    const orders = this.submitted.since(now).length;
    const rejects = this.rejected.since(now).length;
    const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
    return {
      avgLatencyMs: mean(fills.map((f) => f.value.latencyMs)),
      rejectRate5m: orders === 0 ? 0 : rejects / orders,
      slippageEst5m: mean(fills.map((f) => f.value.slippage)),
      orders5m: orders,
      fills5m: fills.length,
    };
  }
}
