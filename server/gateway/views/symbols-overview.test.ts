import { describe, expect, it } from "vitest";
import { createTestRuntime } from "../../../src/server/testing/runtime-fixture";
import { symbolsOverview } from "./symbols-overview";

describe("symbolsOverview", () => {
  it("gives every symbol its regime, last decision, holdings and what blocks it now", async () => {
    const t = createTestRuntime();
    await t.engine.boot();
    await t.engine.control({ command: "start", actor: "test" });
    for (let s = 1; s <= 62; s++) {
      t.quote("BTCUSDT", s, 10_000);
      t.quote("ETHUSDT", s, 3_000);
    }
    t.clock.advanceBy(1_000);
    t.engine.trading?.closePosition("BTCUSDT", "test"); // no position: nothing happens
    t.broker.submit({
      clientOrderId: "o1",
      symbol: "ETHUSDT",
      side: "BUY",
      type: "MARKET",
      qty: 1,
      reduceOnly: false,
      strategyId: "test",
      decisionId: null,
    });
    t.quote("ETHUSDT", 64, 3_000);
    t.quote("ETHUSDT", 65, 3_000);
    const rows = symbolsOverview(t.runtime);
    expect(rows.map((r) => r.symbol)).toEqual(["BTCUSDT", "ETHUSDT"]);
    expect(rows[1]).toMatchObject({ position: { side: "LONG", qty: 1 }, open_orders: 0, last_price: 3_000 });
    expect(rows[0]?.regime).not.toBeNull();

    await t.engine.control({ command: "kill", actor: "test" });
    // The decision gates' own codes, in their order: what a signal would be told now.
    for (const row of symbolsOverview(t.runtime)) {
      expect(row.block_reason).toBe("ENGINE_STOPPED");
      expect(row.block_reasons).toEqual(
        expect.arrayContaining(["ENGINE_STOPPED", "KILLSWITCH_ACTIVE", "SYMBOL_DISABLED"]),
      );
    }
    t.engine.trading?.closePosition("ETHUSDT", "test");
    expect(symbolsOverview(t.runtime)[1]?.last_decision).toMatchObject({
      type: "ORDER_DECISION",
      decision: "CREATE",
      strategy_id: "manual",
    });
  });

  it("reports the 1-minute change only once a whole minute of data exists", async () => {
    const t = createTestRuntime(["BTCUSDT"]);
    await t.engine.boot();
    for (let s = 1; s <= 30; s++) t.quote("BTCUSDT", s, 100 + s);
    expect(symbolsOverview(t.runtime)[0]?.price_change_1m_pct).toBeNull();
    for (let s = 31; s <= 62; s++) t.quote("BTCUSDT", s, 200);
    const change = symbolsOverview(t.runtime)[0]?.price_change_1m_pct;
    expect(change).toBeTypeOf("number");
    expect(change).toBeGreaterThan(0);
  });
});
