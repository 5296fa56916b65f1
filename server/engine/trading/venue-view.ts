/**
 * What an exchange broker's reconciliation lets the decisions do. A paper account has no exchange
 * to agree with: VENUE_OK. Exits are never held back by it (they only reduce what is held).
 */
export interface VenueView {
  /** Why no entry may go to the exchange at all right now, or null. */
  readonly blockedAll: "EXCHANGE_NOT_RECONCILED" | "EXCHANGE_UNREACHABLE" | null;
  /** Symbols where the exchange shows what HEAN cannot explain (a foreign order, a position it did not make). */
  readonly unexplained: ReadonlySet<string>;
}

export const VENUE_OK: VenueView = { blockedAll: null, unexplained: new Set() };
