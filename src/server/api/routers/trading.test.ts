import { describe, expect, it } from "vitest";
import { decision } from "../../../../server/adapters/db/testing/trading-fixtures";
import { createStartedRuntime, createTestRuntime } from "../../testing/runtime-fixture";
import { createCaller } from "../root";

const setup = () => createStartedRuntime();

/** Opens a long BTCUSDT position straight through the broker, as a CREATE decision would. */
function openLong(t: Awaited<ReturnType<typeof setup>>, qty: number) {
  t.quote("BTCUSDT", 1, 100);
  t.broker.submit({
    clientOrderId: "open-1",
    symbol: "BTCUSDT",
    side: "BUY",
    type: "MARKET",
    qty,
    reduceOnly: false,
    strategyId: "test",
    decisionId: null,
  });
  t.quote("BTCUSDT", 2, 101);
}

describe("trading router", () => {
  it("why answers every field of the seed's schema from the engine's records", async () => {
    const t = await setup();
    openLong(t, 10);
    const why = await t.caller.trading.why();
    for (const key of [
      "engine_state",
      "killswitch_state",
      "last_tick_age_sec",
      "last_signal_ts",
      "last_decision_ts",
      "last_order_ts",
      "last_fill_ts",
      "active_orders_count",
      "active_positions_count",
      "top_reason_codes_last_5m",
      "equity",
      "balance",
      "unreal_pnl",
      "real_pnl",
      "margin_used",
      "margin_free",
      "profit_capture_state",
      "execution_quality",
      "multi_symbol",
    ])
      expect(why, key).toHaveProperty(key);
    expect(why.engine_state).toBe("RUNNING");
    expect(why.active_positions_count).toBe(1);
    expect(why.last_fill_ts).not.toBeNull();
    expect(why.execution_quality.avg_latency_ms).toBe(50);
    expect(why.balance + why.unreal_pnl).toBeCloseTo(why.equity, 6);
    expect(why.multi_symbol).toMatchObject({ enabled: true, symbols_count: 2 });
    // Running, but a gate shuts every symbol (no strategy is enabled in this test): said in the gates' words.
    expect(why.not_trading_because).toEqual([expect.stringMatching(/^No symbol can take a new entry now: BTCUSDT /)]);
    expect(why.entry_blockers.map((b) => b.blocked)).toEqual([
      expect.arrayContaining(["SYMBOL_DISABLED"]),
      expect.arrayContaining(["SYMBOL_DISABLED"]),
    ]);
  });

  it("portfolio reconciles, and closePosition closes through a recorded manual decision", async () => {
    const t = await setup();
    openLong(t, 10);
    const before = await t.caller.trading.portfolio();
    expect(before.positions).toHaveLength(1);
    expect(before.positions[0]).toMatchObject({ symbol: "BTCUSDT", side: "LONG", qty: 10 });
    expect(before.start_equity + before.realized_pnl - before.fees_paid).toBeCloseTo(before.balance, 8);

    t.quote("BTCUSDT", 2.5, 110);
    const closed = await t.caller.trading.closePosition({ symbol: "btcusdt" });
    expect(closed.order).toMatchObject({ symbol: "BTCUSDT", side: "SELL", qty: 10, reduce_only: true });
    // Fills come 50 ms after submit at the quote then current: entry ~100.5 (ask), exit ~109.5 (bid).
    t.quote("BTCUSDT", 3, 110);
    const after = await t.caller.trading.portfolio();
    expect(after.positions).toEqual([]);
    expect(after.realized_pnl).toBeGreaterThan(88);
    expect(after.realized_pnl).toBeLessThan(90);
    expect(after.balance).toBeCloseTo(after.equity, 8);
    expect(t.store.decisions().at(-1)).toMatchObject({ strategyId: "manual", decision: "CREATE", symbol: "BTCUSDT" });
    await expect(t.caller.trading.closePosition({ symbol: "BTCUSDT" })).rejects.toThrow(/No open position/);
  });

  it("cancelOrder cancels an open order, and says what is wrong otherwise", async () => {
    const t = await setup();
    t.quote("BTCUSDT", 1, 100);
    t.broker.submit({
      clientOrderId: "limit-1",
      symbol: "BTCUSDT",
      side: "BUY",
      type: "LIMIT",
      price: 90,
      qty: 1,
      reduceOnly: false,
      strategyId: "test",
      decisionId: null,
    });
    t.quote("BTCUSDT", 2, 100);
    expect((await t.caller.trading.portfolio()).open_orders).toHaveLength(1);
    const r = await t.caller.trading.cancelOrder({ clientOrderId: "limit-1" });
    expect(r.order.status).toBe("CANCELLED");
    await expect(t.caller.trading.cancelOrder({ clientOrderId: "limit-1" })).rejects.toThrow(/already CANCELLED/);
    await expect(t.caller.trading.cancelOrder({ clientOrderId: "nope" })).rejects.toThrow(/Unknown order/);
  });

  it("why names the blocker and the way out when the engine is paused or killed", async () => {
    const t = await setup();
    await t.caller.engine.control({ command: "pause" });
    expect((await t.caller.trading.why()).not_trading_because.join(" ")).toMatch(
      /PAUSED: resume with POST \/engine\/resume/,
    );
    await t.caller.engine.control({ command: "kill" });
    const why = await t.caller.trading.why();
    expect(why.killswitch_state.triggered).toBe(true);
    expect(why.not_trading_because.join(" ")).toMatch(/Killswitch triggered/);
  });

  it("why lists the cooldowns restored from the decision history, until they end", async () => {
    // An hour's cooldown outlasts the 10-minute window of recent decisions a restart reloads.
    const t = createTestRuntime(undefined, { cooldownMs: 3_600_000 });
    const entryAt = t.clock.now() - 30 * 60_000;
    t.store.enqueue({
      kind: "decision",
      decision: decision("d-1", {
        at: entryAt,
        symbol: "ETHUSDT",
        strategyId: "ema_cross",
        decision: "CREATE",
        reasonCodes: [],
        side: "BUY",
        orderId: "o-1",
      }),
    });
    await t.engine.boot();
    const caller = createCaller({ gateway: t.gateway, actor: "trpc" });
    expect((await caller.trading.why()).cooldowns).toEqual([
      { symbol: "ETHUSDT", until: new Date(entryAt + 3_600_000).toISOString() },
    ]);
    t.clock.advanceBy(30 * 60_000);
    expect((await caller.trading.why()).cooldowns).toEqual([]);
  });

  it("acknowledgeVenue lifts a hold the reconciliation made on a symbol, once, and says why it cannot otherwise", async () => {
    const paper = await setup();
    await expect(paper.caller.trading.acknowledgeVenue({ symbol: "BTCUSDT" })).rejects.toThrow(/Paper trading/);

    const held = new Map([["BTCUSDT", "order 42 (Buy 0.01) was not placed by HEAN"]]);
    const acknowledgedBy: string[] = [];
    const t = await createStartedRuntime(undefined, {
      exchange: {
        status: () => ({
          privateStream: "up",
          downSince: null,
          deadManTripped: false,
          reconciled: true,
          reconciling: false,
          lastReconciledAt: 0,
          reconciliations: 1,
          lastError: null,
          lastDifferences: [],
          unexplained: [...held].map(([symbol, reason]) => ({ symbol, reason, since: 0 })),
          account: null,
        }),
        acknowledge: (symbol, actor) => {
          acknowledgedBy.push(actor);
          return held.delete(symbol);
        },
        close: () => {},
      },
    });
    expect((await t.caller.trading.why()).not_trading_because.join(" ")).toMatch(
      /BTCUSDT held back: order 42 .* acknowledge it/,
    );
    await expect(t.caller.trading.acknowledgeVenue({ symbol: "DOGEUSDT" })).rejects.toThrow(/Unknown symbol DOGEUSDT/);
    const answer = await t.caller.trading.acknowledgeVenue({ symbol: "BTCUSDT" });
    expect(answer).toMatchObject({ ok: true, symbol: "BTCUSDT", durable: true });
    expect(acknowledgedBy).toEqual(["trpc"]);
    expect((await t.caller.system.status()).exchange?.unexplained).toEqual([]);
    await expect(t.caller.trading.acknowledgeVenue({ symbol: "BTCUSDT" })).rejects.toThrow(/is not held back/);
  });
});
