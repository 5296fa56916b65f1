import { describe, expect, it } from "vitest";
import { createStartedRuntime } from "../../src/server/testing/runtime-fixture";

describe("the operator audit trail", () => {
  it("records every control with who, through which interface, from where, the outcome, before and after", async () => {
    const t = await createStartedRuntime();
    const origin = { via: "dashboard" as const, address: "127.0.0.1" };
    expect(await t.gateway.control("pause", "trpc:session:ab12cd34", "lunch", origin)).toMatchObject({ ok: true });
    expect(await t.gateway.control("pause", "api:local", undefined, { via: "rest", address: "::1" })).toMatchObject({
      ok: false,
      error_code: "ALREADY_PAUSED",
    });
    await t.gateway.closePosition("BTCUSDT", "trpc:local", { via: "trpc", address: null });
    await t.gateway.cancelOrder("nope", "trpc:local");
    const trail = await t.caller.system.audit();
    expect(trail.map((e) => [e.action, e.actor, e.via, e.address, e.outcome])).toEqual([
      ["trading.cancel_order", "trpc:local", "trpc", null, "refused"],
      ["trading.close_position", "trpc:local", "trpc", null, "refused"],
      ["engine.pause", "api:local", "rest", "::1", "refused"],
      ["engine.pause", "trpc:session:ab12cd34", "dashboard", "127.0.0.1", "ok"],
    ]);
    expect(trail[3]).toMatchObject({
      before: { engine_state: "RUNNING", killswitch: false },
      after: { engine_state: "PAUSED", killswitch: false },
      detail: expect.stringMatching(/^lunch — /),
    });
    expect(trail[2]?.detail).toMatch(/^ALREADY_PAUSED: /);
    expect(trail[1]).toMatchObject({
      detail: expect.stringMatching(/^NOT_FOUND: No open position on BTCUSDT/),
      before: { symbol: "BTCUSDT", position: null, open_orders: 0 },
    });
  });

  it("a risk clear and a manual close of a real position, with the position before and the order after", async () => {
    const t = await createStartedRuntime();
    t.quote("BTCUSDT", 1, 100);
    t.broker.submit({
      clientOrderId: "open-1",
      symbol: "BTCUSDT",
      side: "BUY",
      type: "MARKET",
      qty: 2,
      reduceOnly: false,
      strategyId: "test",
      decisionId: null,
    });
    t.quote("BTCUSDT", 2, 100);
    await t.caller.trading.closePosition({ symbol: "BTCUSDT" });
    t.quote("BTCUSDT", 3, 100);
    await t.caller.risk.clear({ confirm: true });
    const [clear, close] = await t.caller.system.audit();
    expect(close).toMatchObject({
      action: "trading.close_position",
      actor: "trpc",
      outcome: "ok",
      before: { symbol: "BTCUSDT", position: { side: "LONG", qty: 2 }, open_orders: 0 },
      after: { symbol: "BTCUSDT", open_orders: 1 },
    });
    expect(clear).toMatchObject({ action: "risk.clear", before: { risk_state: "NORMAL" } });
  });
});
