// After a crash (or any stop) of a process that wrote TradingWorkload turns through a
// PrismaEngineStore: checks that the database holds exactly what the first N turns produce, for
// some N (a consistent prefix), and that positions and cash equal the stored fills applied in order.
import { deepStrictEqual } from "node:assert/strict";
import type { PrismaClient } from "../../../../src/generated/prisma/client";
import type { EquitySnapshotRecord } from "../../../engine/model/records";
import type { Fill, Order } from "../../../engine/model/trading";
import type { TradingState } from "../../../engine/ports";
import { MemoryEngineStore } from "../../memory/memory-engine-store";
import { fillFromRow, orderFromRow, readTradingState } from "../trading-records";
import { foldFills, TradingWorkload, turnsWritten, WORKLOAD_ACCOUNT } from "./trading-workload";

export interface StoredWorkload {
  readonly state: TradingState;
  readonly fills: Fill[];
  /** Every order (final ones included), by id. */
  readonly orders: Order[];
  readonly equity: EquitySnapshotRecord[];
  readonly decisions: number;
  readonly transitions: number;
}

export async function readStoredWorkload(prisma: PrismaClient): Promise<StoredWorkload> {
  const state = await readTradingState(prisma, WORKLOAD_ACCOUNT, Number.NEGATIVE_INFINITY);
  const [fills, orders, equity, decisions, transitions] = await Promise.all([
    prisma.fill.findMany({ orderBy: [{ at: "asc" }, { id: "asc" }] }),
    prisma.order.findMany({ orderBy: { id: "asc" } }),
    prisma.equitySnapshot.findMany({ orderBy: { id: "asc" } }),
    prisma.decision.count(),
    prisma.engineTransition.count(),
  ]);
  return {
    state,
    fills: fills.map(fillFromRow),
    orders: orders.map(orderFromRow),
    equity: equity.map(({ id: _id, at, ...rest }) => ({ at: at.getTime(), ...rest })),
    decisions,
    transitions,
  };
}

/** What the first `turns` turns of the workload with this seed leave in a store. */
export async function expectedWorkload(seed: number, turns: number): Promise<StoredWorkload> {
  const workload = new TradingWorkload(seed);
  const memory = new MemoryEngineStore();
  while (workload.turns < turns) for (const record of workload.nextTurn()) memory.enqueue(record);
  return {
    state: await memory.loadTradingState(WORKLOAD_ACCOUNT, Number.NEGATIVE_INFINITY),
    fills: memory.fills(),
    orders: memory.orders().sort((a, b) => (a.clientOrderId < b.clientOrderId ? -1 : 1)),
    equity: [...memory.equitySnapshots()],
    decisions: memory.decisions().length,
    transitions: memory.transitions().length,
  };
}

/**
 * Throws (with a diff) unless the database holds exactly the first N turns of the workload with
 * this seed, for the N its account shows; returns N. Values are compared exactly (Object.is).
 */
export async function assertConsistentPrefix(prisma: PrismaClient, seed: number): Promise<number> {
  const stored = await readStoredWorkload(prisma);
  const turns = turnsWritten(stored.state.account);
  const expected = await expectedWorkload(seed, turns);
  deepStrictEqual(stored, expected, `the database does not hold exactly the first ${turns} turns`);
  // Independently of the workload generator: the book equals the stored fills applied in order.
  const folded = foldFills(stored.fills);
  deepStrictEqual(stored.state.positions, folded.positions, "positions differ from the stored fills");
  const account = stored.state.account;
  deepStrictEqual(
    account === null ? null : [account.balance, account.realizedPnl, account.feesPaid],
    turns === 0 ? null : [folded.balance, folded.realizedPnl, folded.feesPaid],
    "the account differs from the stored fills",
  );
  // Every fill's order is stored in a state that counts it.
  const orders = new Map(stored.orders.map((o) => [o.clientOrderId, o]));
  const filled = new Map<string, number>();
  for (const f of stored.fills) filled.set(f.orderId, (filled.get(f.orderId) ?? 0) + f.qty);
  for (const [orderId, qty] of filled) {
    deepStrictEqual(orders.get(orderId)?.filledQty, qty, `order ${orderId} does not account for its fills`);
  }
  return turns;
}
