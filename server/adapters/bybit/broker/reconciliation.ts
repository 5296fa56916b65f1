import type { Order, Position } from "../../../engine/model/trading";
import type { ExecutionItem, OrderItem, PositionItem } from "../v5/account-items";
import { movesPosition, orderStatusOf } from "./venue-state";

/** What HEAN believes (its database after a restart, or its memory after a reconnect). */
export interface LocalBook {
  readonly openOrders: readonly Order[];
  readonly positions: readonly Position[];
  readonly hasFill: (execId: string) => boolean;
}

/** What Bybit says, read in this order: open orders, then fills since, then positions. */
export interface VenueBook {
  readonly openOrders: readonly OrderItem[];
  /** Recent orders by link id, for local open orders the venue no longer lists as open. */
  readonly ordersByLinkId: ReadonlyMap<string, OrderItem>;
  readonly executions: readonly ExecutionItem[];
  readonly positions: readonly PositionItem[];
}

export type Difference =
  /** A fill of a HEAN order that HEAN never recorded (it happened while HEAN was away). */
  | { readonly kind: "MISSED_FILL"; readonly execution: ExecutionItem }
  /** Open in HEAN, ended at Bybit (with its final state, or not found at all). */
  | { readonly kind: "ORDER_ENDED_AT_VENUE"; readonly clientOrderId: string; readonly venue: OrderItem | null }
  /** Open at Bybit with a HEAN link id, unknown to HEAN (its create's record was lost). */
  | { readonly kind: "UNTRACKED_ORDER"; readonly venue: OrderItem }
  /** Open at Bybit, not placed by HEAN (someone trades this account by hand or with another bot). */
  | { readonly kind: "FOREIGN_ORDER"; readonly venue: OrderItem }
  /** After the missed fills, HEAN's position still differs from Bybit's. */
  | {
      readonly kind: "POSITION_MISMATCH";
      readonly symbol: string;
      readonly local: number;
      readonly venue: number;
    };

export interface Reconciliation {
  readonly differences: readonly Difference[];
  /** Symbols HEAN must not open on until a person explains them (foreign orders, unexplained positions). */
  readonly blockedSymbols: readonly string[];
}

/** HEAN's orders carry link ids it made (`hean-...`, see the decision pipeline). */
export const isHeanLinkId = (id: string) => id.startsWith("hean-");

const signed = (p: Position) => (p.side === "LONG" ? p.qty : -p.qty);
const venueSigned = (p: PositionItem) => (p.side === "Buy" ? p.size : p.side === "Sell" ? -p.size : 0);

/**
 * Compares HEAN's book with Bybit's, Bybit's being the truth: every fill Bybit has of a HEAN order
 * that HEAN lacks is a missed fill to apply; a HEAN order no longer open at Bybit has ended there; an
 * open Bybit order with a HEAN link id is tracked again; one without is someone else's, and so is
 * any position HEAN's fills cannot explain: HEAN stays off those symbols until a person looks.
 */
export function reconcile(local: LocalBook, venue: VenueBook): Reconciliation {
  const differences: Difference[] = [];
  const localOpen = new Map(local.openOrders.map((o) => [o.clientOrderId, o]));
  const venueOpen = new Map(venue.openOrders.map((o) => [o.orderLinkId, o]));
  const blocked = new Set<string>();

  for (const v of venue.openOrders) {
    if (localOpen.has(v.orderLinkId)) continue;
    if (isHeanLinkId(v.orderLinkId)) differences.push({ kind: "UNTRACKED_ORDER", venue: v });
    else {
      differences.push({ kind: "FOREIGN_ORDER", venue: v });
      blocked.add(v.symbol);
    }
  }

  const missed = new Map<string, number>(); // symbol → signed qty HEAN did not record
  for (const e of venue.executions) {
    if (!isHeanLinkId(e.orderLinkId) || local.hasFill(e.execId)) continue;
    if (!movesPosition(e.execType)) continue;
    differences.push({ kind: "MISSED_FILL", execution: e });
    missed.set(e.symbol, (missed.get(e.symbol) ?? 0) + (e.side === "Buy" ? e.execQty : -e.execQty));
  }

  for (const order of local.openOrders) {
    if (venueOpen.has(order.clientOrderId)) continue;
    const v = venue.ordersByLinkId.get(order.clientOrderId) ?? null;
    const status = v === null ? null : orderStatusOf(v.orderStatus, v.cumExecQty);
    if (v === null || status === "FILLED" || status === "CANCELLED" || status === "REJECTED")
      differences.push({ kind: "ORDER_ENDED_AT_VENUE", clientOrderId: order.clientOrderId, venue: v });
  }

  const symbols = new Set([...local.positions.map((p) => p.symbol), ...venue.positions.map((p) => p.symbol)]);
  for (const symbol of symbols) {
    const l = local.positions.find((p) => p.symbol === symbol);
    const v = venue.positions.find((p) => p.symbol === symbol);
    const expected = (l === undefined ? 0 : signed(l)) + (missed.get(symbol) ?? 0);
    const actual = v === undefined ? 0 : venueSigned(v);
    if (Math.abs(expected - actual) > 1e-9 * Math.max(1, Math.abs(actual))) {
      differences.push({ kind: "POSITION_MISMATCH", symbol, local: expected, venue: actual });
      blocked.add(symbol);
    }
  }
  return { differences, blockedSymbols: [...blocked].sort() };
}
