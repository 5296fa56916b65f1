import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Order, Position } from "../../../engine/model/trading";
import { FIXTURES_DIR } from "../testing/fake-bybit";
import type { ExecutionItem, OrderItem, PositionItem } from "../v5/account-items";
import { executionsResult, ordersResult, positionsResult } from "../v5/account-rest";
import { parseRest } from "../v5/rest-envelope";
import { type LocalBook, reconcile, type VenueBook } from "./reconciliation";

function list<T>(schema: Parameters<typeof parseRest>[0], name: string): T[] {
  const r = parseRest(schema, JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), "utf8")));
  if (!r.ok) throw new Error(r.error);
  return (r.value as { list: T[] }).list;
}

const venueOrders = list<OrderItem>(ordersResult, "http_get_orders_realtime");
const venuePositions = list<PositionItem>(positionsResult, "http_get_positions");
const venueFills = list<ExecutionItem>(executionsResult, "http_get_executions");

const position = (symbol: string, side: "LONG" | "SHORT", qty: number): Position => ({
  symbol,
  side,
  qty,
  entryPrice: 100,
  realizedPnl: 0,
  stopLoss: null,
  takeProfit: null,
  openedAt: 0,
  updatedAt: 0,
});

const order = (clientOrderId: string, symbol = "ETHUSDT"): Order => ({
  clientOrderId,
  symbol,
  side: "BUY",
  type: "LIMIT",
  qty: 0.1,
  price: 1000,
  reduceOnly: false,
  strategyId: "s",
  decisionId: null,
  status: "NEW",
  filledQty: 0,
  avgFillPrice: null,
  createdAt: 0,
  updatedAt: 0,
  rejectReason: null,
  venueOrderId: null,
});

const local = (o: Partial<LocalBook> = {}): LocalBook => ({
  openOrders: [],
  positions: [],
  hasFill: () => false,
  ...o,
});
const venue = (o: Partial<VenueBook> = {}): VenueBook => ({
  openOrders: [],
  ordersByLinkId: new Map(),
  executions: [],
  positions: [],
  ...o,
});

describe("reconcile (Bybit is the truth)", () => {
  it("agrees when both books say the same", () => {
    const r = reconcile(
      local({ positions: [position("BTCUSDT", "LONG", 0.5), position("ETHUSDT", "SHORT", 5)] }),
      venue({ positions: venuePositions }),
    );
    expect(r).toEqual({ differences: [], blockedSymbols: [] });
  });

  it("a position nobody's fills explain blocks its symbol; an order not placed by HEAN is foreign and blocks too", () => {
    const r = reconcile(local(), venue({ positions: venuePositions, openOrders: venueOrders }));
    expect(r.differences.map((d) => d.kind).sort()).toEqual([
      "FOREIGN_ORDER",
      "FOREIGN_ORDER",
      "POSITION_MISMATCH",
      "POSITION_MISMATCH",
    ]);
    expect(r.blockedSymbols).toEqual(["BTCUSDT", "ETHUSDT"]);
    expect(r.differences).toContainEqual({ kind: "POSITION_MISMATCH", symbol: "ETHUSDT", local: 0, venue: -5 });
  });

  it("a HEAN order's fill made while HEAN was away is a missed fill, and it explains the position", () => {
    const fill = { ...(venueFills[0] as ExecutionItem), orderLinkId: "hean-abc-0001" }; // Buy 0.1 BTCUSDT
    const venueBtc = { ...(venuePositions[0] as PositionItem), size: 0.6 };
    const r = reconcile(
      local({ positions: [position("BTCUSDT", "LONG", 0.5)] }),
      venue({ executions: [fill], positions: [venueBtc] }),
    );
    expect(r.differences).toEqual([{ kind: "MISSED_FILL", execution: fill }]);
    expect(r.blockedSymbols).toEqual([]);
    // Once recorded, the same fill is no difference.
    expect(
      reconcile(
        local({ positions: [position("BTCUSDT", "LONG", 0.6)], hasFill: (id) => id === fill.execId }),
        venue({ executions: [fill], positions: [venueBtc] }),
      ).differences,
    ).toEqual([]);
  });

  it("a HEAN order open at Bybit but not in HEAN is tracked again; one open in HEAN but ended at Bybit ends", () => {
    const untracked = { ...(venueOrders[0] as OrderItem), orderLinkId: "hean-lost-0001" };
    const ended = { ...(venueOrders[1] as OrderItem), orderLinkId: "hean-done-0002", orderStatus: "Cancelled" };
    const r = reconcile(
      local({ openOrders: [order("hean-done-0002"), order("hean-gone-0003")] }),
      venue({ openOrders: [untracked], ordersByLinkId: new Map([["hean-done-0002", ended]]) }),
    );
    expect(r.differences).toEqual([
      { kind: "UNTRACKED_ORDER", venue: untracked },
      { kind: "ORDER_ENDED_AT_VENUE", clientOrderId: "hean-done-0002", venue: ended },
      { kind: "ORDER_ENDED_AT_VENUE", clientOrderId: "hean-gone-0003", venue: null },
    ]);
    expect(r.blockedSymbols).toEqual([]);
  });

  it("a HEAN order still open at both is no difference", () => {
    const both = { ...(venueOrders[0] as OrderItem), orderLinkId: "hean-open-0004" };
    expect(
      reconcile(local({ openOrders: [order("hean-open-0004")] }), venue({ openOrders: [both] })).differences,
    ).toEqual([]);
  });
});
