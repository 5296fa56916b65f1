import { describe, expect, it } from "vitest";
import { createStartedRuntime } from "../../src/server/testing/runtime-fixture";
import { fill, order } from "../adapters/db/testing/trading-fixtures";

type T = Awaited<ReturnType<typeof createStartedRuntime>>;

/** `n` recorded round trips of strategy "loser", each bought at 100 and sold at 99 (a loss of 1.02 with fees). */
function losingTrips(t: T, n: number, from: number): void {
  let ts = t.clock.now() - 10_000_000 + from * 2;
  for (let i = from; i < from + n; i++)
    for (const [leg, side, price] of [
      ["in", "BUY", 100],
      ["out", "SELL", 99],
    ] as const) {
      const id = `${i}-${leg}`;
      t.store.enqueue({ kind: "order", order: order(id, { side, strategyId: "loser", status: "FILLED" }) });
      t.store.enqueue({
        kind: "fill",
        fill: fill(`f-${id}`, { orderId: id, side, qty: 1, price, fee: 0.01, ts: ts++ }),
      });
    }
}

describe("adaptations: one gate with hard limits, stored, published and revertible", () => {
  it("clips a change beyond its limits, refuses one too soon, and reverts; each verdict stored and published", async () => {
    const t = await createStartedRuntime();
    const published: { type: string }[] = [];
    t.gateway.topics.subscribe("ai_catalyst", (_, e) => published.push(e));
    const before = t.engine.trading?.decisionSettings().minConfidence;
    expect(before).toBe(0.5);

    // Far beyond the largest step (0.05) and the range (≤ 0.95): clipped to one step.
    const clipped = await t.caller.system.adapt({ key: "min_signal_confidence", value: 2, reason: "test: too far" });
    expect(clipped).toMatchObject({
      type: "ADAPT_UPDATE",
      component: "SignalSynth",
      verdict: "CLIPPED",
      reason_code: "OUT_OF_RANGE",
      before: 0.5,
      requested: 2,
      after: 0.55,
      change: "Changed (clipped) min_signal_confidence from 0.5 to 0.55 (asked 2: OUT_OF_RANGE)",
    });
    expect(t.engine.trading?.decisionSettings().minConfidence).toBe(0.55);

    // Within ten minutes of the last change: refused, nothing changes.
    const tooSoon = await t.caller.system.adapt({ key: "min_signal_confidence", value: 0.6, reason: "test: again" });
    expect(tooSoon).toMatchObject({ verdict: "REFUSED", reason_code: "RATE_LIMITED", after: null });
    expect(t.engine.trading?.decisionSettings().minConfidence).toBe(0.55);
    expect(await t.caller.system.adapt({ key: "leverage", value: 100, reason: "x" })).toMatchObject({
      verdict: "REFUSED",
      reason_code: "UNKNOWN_SETTING",
    });

    // The user reverts it.
    const reverted = await t.caller.system.revertAdaptation({ id: clipped.id });
    expect(reverted).toMatchObject({ verdict: "ACCEPTED", reason_code: "REVERTED", before: 0.55, after: 0.5 });
    expect(t.engine.trading?.decisionSettings().minConfidence).toBe(0.5);
    await expect(t.caller.system.revertAdaptation({ id: "adapt-nope" })).rejects.toThrow(/No adaptation adapt-nope/);

    // Stored: the audit trail and the changelog; published on ai_catalyst; listed by the gate.
    const audit = (await t.caller.system.audit()).filter((e) => e.action.startsWith("ai."));
    expect(audit.map((e) => [e.action, e.outcome])).toEqual([
      ["ai.revert", "refused"], // the one that did not exist, recorded too
      ["ai.revert", "ok"],
      ["ai.adapt", "refused"],
      ["ai.adapt", "refused"],
      ["ai.adapt", "ok"],
    ]);
    expect(audit[4]).toMatchObject({ before: { min_signal_confidence: 0.5 }, after: { min_signal_confidence: 0.55 } });
    expect(t.store.changelog().map((e) => [e.type, e.category])).toEqual([
      ["adaptation", "ai_catalyst"],
      ["adaptation_revert", "ai_catalyst"],
    ]);
    await new Promise((r) => setImmediate(r));
    expect(published.filter((e) => e.type === "ADAPT_UPDATE")).toHaveLength(5);
    expect((await t.caller.system.adaptations()).history.map((h) => h.verdict)).toEqual([
      "REFUSED",
      "ACCEPTED",
      "REFUSED",
      "REFUSED",
      "CLIPPED",
    ]);
  });

  it("an adapted value applies to the decisions, and a symbol switched off takes no new entry", async () => {
    const t = await createStartedRuntime();
    await t.caller.system.adapt({ key: "symbol_enabled:ETHUSDT", value: 0, reason: "test: off" });
    expect(t.engine.trading?.entryBlockers("ETHUSDT").blocked).toContain("SYMBOL_DISABLED");
    const r = await t.caller.system.adapt({ key: "risk_per_trade_pct", value: 0.1, reason: "test: step" });
    // 0.5 → 0.1 is larger than the step of 0.1: clipped to 0.4.
    expect(r).toMatchObject({ verdict: "CLIPPED", reason_code: "STEP_TOO_LARGE", after: 0.4 });
    expect(t.engine.trading?.decisionSettings().riskPerTradePct).toBe(0.4);
  });

  it("the Critic, losing on average over 20 trades, asks the gate for a higher signal confidence (AI_ADAPTATIONS_ENABLED)", async () => {
    const t = await createStartedRuntime(undefined, { env: { AI_ADAPTATIONS_ENABLED: "true" } });
    losingTrips(t, 19, 0);
    await t.caller.system.review();
    expect((await t.caller.system.adaptations()).history).toEqual([]); // 19 trades: not enough
    losingTrips(t, 1, 19);
    await t.caller.system.review();
    const [asked] = (await t.caller.system.adaptations()).history;
    expect(asked).toMatchObject({
      component: "SignalSynth",
      actor: "agent:Critic",
      verdict: "ACCEPTED",
      before: 0.5,
      after: 0.55,
      reason: expect.stringMatching(/^negative expectancy \(-1\.02 per trade\) over 20 trades$/),
    });
    expect(t.engine.trading?.decisionSettings().minConfidence).toBe(0.55);
    losingTrips(t, 1, 20);
    await t.caller.system.review();
    expect((await t.caller.system.adaptations()).history[0]).toMatchObject({
      verdict: "REFUSED",
      reason_code: "RATE_LIMITED",
    });
    expect(t.engine.trading?.decisionSettings().minConfidence).toBe(0.55);
  });

  it("without AI_ADAPTATIONS_ENABLED the Critic only reviews", async () => {
    const t = await createStartedRuntime();
    losingTrips(t, 25, 0);
    await t.caller.system.review();
    expect((await t.caller.system.adaptations()).history).toEqual([]);
  });
});
