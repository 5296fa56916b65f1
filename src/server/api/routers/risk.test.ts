import { describe, expect, it } from "vitest";
import { createGateway } from "../../../../server/gateway/create-gateway";
import { createStartedRuntime, createTestRuntime, type TestRuntimeOptions } from "../../testing/runtime-fixture";
import { createCaller } from "../root";

const setup = (options: TestRuntimeOptions = {}) => createStartedRuntime(["BTCUSDT", "ETHUSDT"], options);

type Setup = Awaited<ReturnType<typeof setup>>;

function openLong(t: Setup, qty: number, price = 100) {
  t.quote("BTCUSDT", 1, price);
  t.quote("ETHUSDT", 1, 50);
  t.broker.submit({
    clientOrderId: `open-${qty}`,
    symbol: "BTCUSDT",
    side: "BUY",
    type: "MARKET",
    qty,
    reduceOnly: false,
    strategyId: "test",
    decisionId: null,
  });
  t.quote("BTCUSDT", 2, price);
  t.quote("ETHUSDT", 2, 50);
}

describe("risk router", () => {
  it("answers the seed's status schema in NORMAL, and a clear there is harmless", async () => {
    const t = await setup();
    const s = await t.caller.risk.status();
    expect(s).toMatchObject({
      risk_state: "NORMAL",
      level: 0,
      reason_codes: [],
      metric: null,
      value: null,
      threshold: null,
      recommended_action: null,
      clear_rule: null,
      quarantined_symbols: [],
      blocked_at: null,
      can_clear: false,
      enabled: true,
    });
    expect(await t.caller.risk.clear({ confirm: true })).toEqual({
      status: "cleared",
      risk_state: "NORMAL",
      message: "Risk governor cleared (paper mode)",
      error_code: null,
    });
  });

  it("in live mode a clear needs confirm=true, and says so", async () => {
    const t = await setup();
    await t.caller.engine.control({ command: "kill" });
    const live = createCaller({ gateway: createGateway({ ...t.runtime, mode: "live" }), actor: "trpc" });
    expect(await live.risk.clear({})).toEqual({
      status: "error",
      message: "Live mode requires confirm=true",
      error_code: "CONFIRM_REQUIRED",
    });
    expect((await live.risk.status()).risk_state).toBe("HARD_STOP");
    expect(await live.risk.clear({ confirm: true })).toMatchObject({ status: "cleared", risk_state: "NORMAL" });
  });

  it("kill is a HARD_STOP: orders cancelled, start refused, why explains; a clear lifts it and is recorded", async () => {
    const t = await setup();
    openLong(t, 1);
    t.broker.submit({
      clientOrderId: "resting",
      symbol: "ETHUSDT",
      side: "BUY",
      type: "LIMIT",
      price: 40,
      qty: 1,
      reduceOnly: false,
      strategyId: "test",
      decisionId: null,
    });
    expect(t.broker.openOrders()).toHaveLength(1);
    await t.caller.engine.control({ command: "kill", reason: "test drill" });
    const s = await t.caller.risk.status();
    expect(s).toMatchObject({ risk_state: "HARD_STOP", level: 3, reason_codes: ["KILLSWITCH"], can_clear: true });
    expect(t.broker.openOrders()).toEqual([]);
    const why = await t.caller.trading.why();
    expect(why.killswitch_state).toMatchObject({ triggered: true });
    expect(why.killswitch_state.reasons).toEqual(["test drill"]);
    expect(why.not_trading_because.join(" ")).toMatch(/clear it with POST \/risk\/governor\/clear/);
    expect(await t.caller.engine.control({ command: "start" })).toMatchObject({ error_code: "KILLSWITCH_ACTIVE" });

    expect(await t.caller.risk.clear({ reason: "drill over" })).toMatchObject({ status: "cleared" });
    expect((await t.caller.risk.status()).risk_state).toBe("NORMAL");
    expect(await t.caller.engine.control({ command: "start" })).toMatchObject({ ok: true });
    expect(t.store.riskEvents().map((e) => [e.from, e.to, e.actor, e.reason])).toEqual([
      ["NORMAL", "HARD_STOP", "trpc", "killswitch: test drill"],
      ["HARD_STOP", "NORMAL", "trpc", "drill over"],
    ]);
  });

  it("a killswitch survives a restart: the restored engine still refuses to start", async () => {
    const t = await setup();
    await t.caller.engine.control({ command: "kill", reason: "before restart" });
    await t.engine.shutdown("restart");
    const again = createTestRuntime(["BTCUSDT", "ETHUSDT"], { store: t.store, startAt: t.clock.now() + 5_000 });
    await again.engine.boot();
    const caller = createCaller({ gateway: again.gateway, actor: "trpc" });
    expect((await caller.risk.status()).risk_state).toBe("HARD_STOP");
    expect(await caller.engine.control({ command: "start" })).toMatchObject({ error_code: "KILLSWITCH_ACTIVE" });
    expect((await caller.trading.why()).killswitch_state.triggered).toBe(true);
    await caller.risk.clear({});
    expect(await caller.engine.control({ command: "start" })).toMatchObject({ ok: true });
  });

  it("quarantines a symbol that spikes, refuses a clear while the spike lasts, and says so in why", async () => {
    const t = await setup({ env: { RISK_VOLATILITY_SPIKE_PCT: "3" } });
    for (let s = 1; s <= 62; s++) {
      t.quote("BTCUSDT", s, 100);
      t.quote("ETHUSDT", s, 50);
    }
    t.quote("BTCUSDT", 63, 105); // +5 % in a minute
    t.quote("ETHUSDT", 63, 50);
    t.clock.advanceBy(1_000);
    const s = await t.caller.risk.status();
    expect(s).toMatchObject({ risk_state: "QUARANTINE", quarantined_symbols: ["BTCUSDT"], can_clear: false });
    expect(await t.caller.risk.clear({ confirm: true })).toMatchObject({
      status: "error",
      message: expect.stringMatching(/VOLATILITY_SPIKE on BTCUSDT/),
    });
    const view = t.engine.risk?.view();
    expect([...(view?.quarantined ?? [])]).toEqual(["BTCUSDT"]);
    expect((await t.caller.trading.why()).not_trading_because.join(" ")).toMatch(/quarantined: BTCUSDT/);
  });

  it("profit capture (full, pause) closes everything, pauses with the reason and the way back, and resume re-arms it", async () => {
    const t = await setup({
      env: {
        PROFIT_CAPTURE_ENABLED: "true",
        PROFIT_CAPTURE_TARGET_PCT: "5",
        RISK_DRAWDOWN_SOFT_PCT: "50",
        RISK_DRAWDOWN_HARD_PCT: "60",
      },
    });
    let captured: unknown = null;
    t.engine.bus.subscribe("PROFIT_CAPTURE_EXECUTED", (e) => {
      captured = e;
    });
    openLong(t, 20, 100); // 2,000 notional on 10,000
    t.quote("BTCUSDT", 3, 130); // +600 unrealized: +6 %
    t.quote("BTCUSDT", 4, 130);
    t.quote("BTCUSDT", 5, 130);
    await new Promise((r) => setImmediate(r));
    const why = await t.caller.trading.why();
    expect(why.engine_state).toBe("PAUSED");
    expect(why.active_positions_count).toBe(0);
    expect(why.profit_capture_state).toMatchObject({ enabled: true, armed: false, triggered: true, locked: true });
    expect(why.profit_capture_state.last_reason).toMatch(/^PROFIT_CAPTURED \(TARGET_REACHED\)/);
    expect(why.not_trading_because.join(" ")).toMatch(
      /Profit capture paused the engine: .* Resume trading with POST \/engine\/resume/,
    );
    expect(captured).toMatchObject({ type: "PROFIT_CAPTURE_EXECUTED", trigger: { reason: "TARGET_REACHED" } });
    expect(why.balance + why.unreal_pnl).toBeCloseTo(why.equity, 6);

    expect(await t.caller.engine.control({ command: "resume" })).toMatchObject({ ok: true });
    const after = await t.caller.trading.why();
    expect(after.profit_capture_state).toMatchObject({ armed: true, locked: false });
    expect(after.profit_capture_state.start_equity).toBeCloseTo(after.equity, 2);
    // Nothing about the capture or the engine holds it back (the test market's thin quotes may).
    expect(after.not_trading_because.filter((r) => !r.startsWith("No symbol can take a new entry"))).toEqual([]);
  });

  it("profit capture (partial, continue) closes a share and keeps trading with smaller risk", async () => {
    const t = await setup({
      env: {
        PROFIT_CAPTURE_ENABLED: "true",
        PROFIT_CAPTURE_TARGET_PCT: "5",
        PROFIT_CAPTURE_MODE: "partial",
        PROFIT_CAPTURE_PARTIAL_PCT: "50",
        PROFIT_CAPTURE_AFTER_ACTION: "continue",
        RISK_DRAWDOWN_SOFT_PCT: "50",
        RISK_DRAWDOWN_HARD_PCT: "60",
      },
    });
    openLong(t, 20, 100);
    t.quote("BTCUSDT", 3, 130);
    t.quote("BTCUSDT", 4, 130);
    t.quote("BTCUSDT", 5, 130);
    const p = await t.caller.trading.portfolio();
    expect(p.positions).toHaveLength(1);
    expect(p.positions[0]?.qty).toBeCloseTo(10, 9);
    expect(t.engine.state).toBe("RUNNING");
    expect(t.engine.risk?.view().sizeMultiplier).toBe(0.25);
    const why = await t.caller.trading.why();
    expect(why.profit_capture_state).toMatchObject({ triggered: true, locked: false, risk_multiplier: 0.25 });
    expect(why.profit_capture_state.last_action).toMatch(/^CLOSE_50PCT_CONTINUE: closed LONG 10 BTCUSDT/);
    expect(why.balance + why.unreal_pnl).toBeCloseTo(why.equity, 6);
    expect(p.balance).toBeCloseTo(10_000 + p.realized_pnl - p.fees_paid, 6);
  });

  for (const [mode, after] of [
    ["full", "continue"],
    ["partial", "pause"],
  ] as const)
    it(`profit capture (${mode}, ${after}) closes ${mode === "full" ? "everything" : "half"} and ${after === "pause" ? "pauses" : "keeps trading"}`, async () => {
      const t = await setup({
        env: {
          PROFIT_CAPTURE_ENABLED: "true",
          PROFIT_CAPTURE_TARGET_PCT: "5",
          PROFIT_CAPTURE_MODE: mode,
          PROFIT_CAPTURE_AFTER_ACTION: after,
          RISK_DRAWDOWN_SOFT_PCT: "50",
          RISK_DRAWDOWN_HARD_PCT: "60",
        },
      });
      openLong(t, 20, 100);
      for (let s = 3; s <= 5; s++) t.quote("BTCUSDT", s, 130);
      await new Promise((r) => setImmediate(r));
      const p = await t.caller.trading.portfolio();
      expect(p.positions.map((x) => x.qty)).toEqual(mode === "full" ? [] : [10]);
      expect(t.engine.state).toBe(after === "pause" ? "PAUSED" : "RUNNING");
      expect(t.engine.risk?.view().sizeMultiplier).toBe(after === "pause" ? 1 : 0.25);
      const why = await t.caller.trading.why();
      expect(why.profit_capture_state).toMatchObject({ triggered: true, locked: after === "pause" });
      expect(why.balance + why.unreal_pnl).toBeCloseTo(why.equity, 6);
    });

  it("HARD_STOP with RISK_HARD_STOP_FLATTEN closes every position", async () => {
    const t = await setup({ env: { RISK_HARD_STOP_FLATTEN: "true" } });
    openLong(t, 5, 100);
    expect((await t.caller.trading.portfolio()).positions).toHaveLength(1);
    await t.caller.engine.control({ command: "kill", reason: "flatten drill" });
    t.quote("BTCUSDT", 3, 100);
    t.quote("BTCUSDT", 4, 100);
    expect((await t.caller.trading.portfolio()).positions).toEqual([]);
    const closes = t.store.decisions().filter((d) => d.strategyId === "risk_governor");
    expect(closes.map((d) => [d.symbol, d.decision])).toEqual([["BTCUSDT", "CREATE"]]);
  });
});
