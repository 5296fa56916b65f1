import { describe, expect, it } from "vitest";
import { createStartedRuntime } from "../../src/server/testing/runtime-fixture";
import type { EngineEvent } from "../engine/events";
import type { FundingPayment } from "../engine/model/records";
import { FundingSettlement } from "../engine/trading/funding-settlement";
import { fundingPayload } from "../gateway/views/trading-payloads";

/** Opens a long through the broker, as a CREATE decision would, filled over the next quotes (the book shows 100). */
function openLong(t: Awaited<ReturnType<typeof createStartedRuntime>>, qty: number, at: number, price: number) {
  t.quote("BTCUSDT", at, price);
  t.broker.submit({
    clientOrderId: `open-${at}`,
    symbol: "BTCUSDT",
    side: "BUY",
    type: "MARKET",
    qty,
    reduceOnly: false,
    strategyId: "test",
    decisionId: null,
  });
  for (let i = 1; i <= 10 && t.broker.openOrders().length > 0; i++) t.quote("BTCUSDT", at + i / 10, price);
  expect(t.portfolio.position("BTCUSDT")?.qty).toBe(qty);
}

describe("paper perpetuals: funding and liquidation in the accounting", () => {
  it("a held position pays funding at each funding time, once, recorded, published and in the balance", async () => {
    // The test runtime starts at 12:00 UTC: the next funding time is 16:00.
    const t = await createStartedRuntime(undefined, {
      funding: new FundingSettlement({ exchangeRate: (s) => (s === "BTCUSDT" ? 0.0001 : null) }),
    });
    const settled: Extract<EngineEvent, { type: "FUNDING_SETTLED" }>[] = [];
    t.engine.bus.subscribe("FUNDING_SETTLED", (e) => settled.push(e));
    openLong(t, 10, 1, 100);
    const before = t.portfolio.snapshot();
    expect(before.positions).toHaveLength(1);
    t.quote("BTCUSDT", 4 * 3600 - 1, 100);
    expect(t.store.fundingPayments()).toEqual([]);
    t.quote("BTCUSDT", 4 * 3600, 100);
    t.quote("BTCUSDT", 4 * 3600 + 5, 100);
    const paid = t.store.fundingPayments();
    expect(paid).toEqual([
      expect.objectContaining({ symbol: "BTCUSDT", side: "LONG", qty: 10, markPrice: 100, rate: 0.0001 }),
    ]);
    expect(paid[0]?.amount).toBeCloseTo(0.1, 12);
    const after = t.portfolio.snapshot();
    expect(after.fundingPaid).toBeCloseTo(0.1, 12);
    expect(after.balance).toBeCloseTo(before.balance - 0.1, 9);
    // The invariant: balance = initial + realized − fees − funding.
    expect(after.balance).toBeCloseTo(10_000 + after.realizedPnl - after.feesPaid - after.fundingPaid, 9);
    const account = (await t.store.loadTradingState("paper", 0)).account;
    expect(account?.fundingPaid).toBeCloseTo(0.1, 12);
    const summary = await t.caller.trading.portfolio();
    expect(summary.funding_paid).toBeCloseTo(0.1, 8);
    expect(settled).toEqual([expect.objectContaining({ type: "FUNDING_SETTLED", source: "exchange" })]);
    expect(fundingPayload(settled[0]?.payment as FundingPayment, "exchange")).toMatchObject({
      type: "FUNDING_SETTLED",
      symbol: "BTCUSDT",
      rate: 0.0001,
      rate_source: "exchange",
      amount: 0.1,
    });
    t.quote("BTCUSDT", 12 * 3600 + 1, 100);
    expect(t.store.fundingPayments()).toHaveLength(2);
    expect(settled).toHaveLength(2);
  });

  it("a restart keeps the funding paid in the balance", async () => {
    const first = await createStartedRuntime(undefined, {
      funding: new FundingSettlement({ exchangeRate: () => -0.0002 }),
    });
    openLong(first, 10, 1, 100);
    first.quote("BTCUSDT", 4 * 3600 + 1, 100);
    const balance = first.portfolio.snapshot().balance;
    expect(first.portfolio.snapshot().fundingPaid).toBeCloseTo(-0.2, 12);
    const second = await createStartedRuntime(undefined, { store: first.store, startAt: first.clock.now() + 1000 });
    expect(second.portfolio.snapshot().balance).toBe(balance);
    expect(second.portfolio.snapshot().fundingPaid).toBe(first.portfolio.snapshot().fundingPaid);
  });

  it("equity down to the maintenance margin: every position is closed at market, as the exchange would", async () => {
    const t = await createStartedRuntime(undefined, { liquidation: true });
    openLong(t, 450, 1, 100); // 45 000 notional on 10 000 at 5× leverage
    const liq = (await t.caller.trading.portfolio()).positions[0]?.liquidation_price as number;
    // Independently: 10 000 − fees + 450 (p − entry) = 0.005 × 450 p.
    const s = t.portfolio.snapshot();
    const entry = s.positions[0]?.entryPrice as number;
    expect(liq).toBeCloseTo((450 * entry - (10_000 - s.feesPaid)) / (450 * 0.995), 6);
    t.quote("BTCUSDT", 10, liq + 1);
    expect(t.portfolio.position("BTCUSDT")).toBeDefined();
    t.quote("BTCUSDT", 11, liq - 0.5);
    // The book shows 100 a quote: the close takes a few.
    for (let i = 1; i <= 10 && t.portfolio.position("BTCUSDT") !== undefined; i++)
      t.quote("BTCUSDT", 11 + i / 10, liq - 0.5);
    expect(t.portfolio.position("BTCUSDT")).toBeUndefined();
    expect(t.store.decisions().filter((d) => d.strategyId === "liquidation")).toHaveLength(1);
    const decision = t.store.decisions().find((d) => d.strategyId === "liquidation");
    const closing = t.broker.order(decision?.orderId ?? "");
    expect(closing).toMatchObject({ strategyId: "liquidation", reduceOnly: true, status: "FILLED" });
    // Flat again: equity is the cash, and the cash is what the fills made of it (slippage can take it below 0).
    const flat = t.portfolio.snapshot();
    expect(flat.equity).toBe(flat.balance);
    expect(flat.balance).toBeCloseTo(10_000 + flat.realizedPnl - flat.feesPaid - flat.fundingPaid, 9);
    expect(flat.realizedPnl).toBeLessThan(-9_000);
  });

  it("without liquidation, the same fall leaves the position open (PAPER_LIQUIDATION_ENABLED=false)", async () => {
    const t = await createStartedRuntime(undefined, {});
    openLong(t, 450, 1, 100);
    t.quote("BTCUSDT", 10, 70);
    t.quote("BTCUSDT", 11, 70);
    expect(t.portfolio.position("BTCUSDT")).toBeDefined();
  });
});
