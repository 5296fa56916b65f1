import type { Tick } from "../model/market";
import type { Order, OrderRequest, OrderUpdate } from "../model/trading";

/** Checks the broker asks of the account before accepting an order (margin, reduce-only). */
export interface AccountGuard {
  /** null when the order may be placed, else the reason it is rejected (e.g. "INSUFFICIENT_MARGIN"). */
  rejectReason(request: OrderRequest, referencePrice: number): string | null;
}

/**
 * Where orders go: the paper broker (fills against the feed's quotes) or an exchange. Updates are
 * delivered through the listener given to connect(), possibly later than the call that caused them.
 */
export interface Broker {
  readonly name: string;
  connect(listener: (update: OrderUpdate) => void): void;
  /** Idempotent on clientOrderId: a repeat returns the existing order and emits nothing. */
  submit(request: OrderRequest): Order;
  /** false when the order is unknown or already final. */
  cancel(clientOrderId: string, reason: string): boolean;
  cancelAll(reason: string): number;
  order(clientOrderId: string): Order | undefined;
  openOrders(): Order[];
  /** Market data for matching (the paper broker fills resting and delayed orders here). */
  onTick(tick: Tick): void;
  /**
   * An exchange broker takes back what a previous process left: its open orders (still working at
   * the exchange, or ended there while HEAN was away) and the fills already recorded (so none counts
   * twice). A paper broker has no such memory: its open orders end with the process.
   */
  resume?(state: { readonly openOrders: readonly Order[]; readonly fillIds: readonly string[] }): void;
}
