import { describe, expect, it } from "vitest";
import { createTestRuntime } from "../../../src/server/testing/runtime-fixture";
import { readReplayFile } from "../../adapters/feeds/replay/replay-reader";
import { BTC_1M_FILE } from "../../adapters/feeds/replay/test-files";
import type { Tick } from "../../engine/model/market";
import type { OrderRequest } from "../../engine/model/trading";
import type { RiskTransition } from "../../engine/risk/risk-governor";
import { createStrategy } from "../../engine/strategy/registry";
import { riskUpdatePayload } from "./risk-payloads";

/** Tight thresholds, so a month of real BTC (January 2022, with its crash) exercises every level. */
const TIGHT = {
  RISK_DRAWDOWN_SOFT_PCT: "90",
  RISK_DRAWDOWN_HARD_PCT: "99",
  RISK_DAILY_LOSS_PCT: "2",
  RISK_VOLATILITY_SPIKE_PCT: "1",
  RISK_QUARANTINE_HOLD_SEC: "600",
  RISK_CONSECUTIVE_LOSSES: "3",
};

describe("risk governor in a replay of btc-perp-1m-2022-01.csv", () => {
  it("moves through SOFT_BRAKE, QUARANTINE and HARD_STOP and back to NORMAL, every transition recorded and published", async () => {
    const ticks: Tick[] = [];
    for await (const t of readReplayFile(BTC_1M_FILE, { symbol: "BTCUSDT" })) ticks.push(t);
    const first = ticks[0] as Tick;
    const rt = createTestRuntime(["BTCUSDT"], {
      env: TIGHT,
      startAt: first.ts - 1,
      strategies: new Map([["BTCUSDT", [createStrategy("ema_cross", "BTCUSDT", { timeframe: "1m" })]]]),
    });
    const transitions: RiskTransition[] = [];
    const published: ReturnType<typeof riskUpdatePayload>[] = [];
    rt.engine.bus.subscribe("RISK_STATE_UPDATE", ({ transition }) => {
      transitions.push(transition);
      published.push(riskUpdatePayload(transition.status, transition));
    });
    const entriesWhileBlocked: string[] = [];
    const submit = rt.broker.submit.bind(rt.broker);
    rt.broker.submit = (req: OrderRequest) => {
      const v = rt.engine.risk?.view();
      if (!req.reduceOnly && v !== undefined && (v.hardStop || v.dailyLossHit || v.quarantined.has(req.symbol)))
        entriesWhileBlocked.push(`${new Date(rt.clock.now()).toISOString()} ${req.side} ${req.qty}`);
      return submit(req);
    };
    await rt.engine.boot();
    await rt.engine.control({ command: "start", actor: "test" });
    for (const t of ticks) {
      rt.clock.advanceTo(t.ts);
      rt.push(t);
    }
    await rt.store.flush();

    const visited = new Set(transitions.map((t) => t.to));
    expect([...visited].sort()).toEqual(["HARD_STOP", "NORMAL", "QUARANTINE", "SOFT_BRAKE"]);
    // Every HARD_STOP but one still running when the data ends was lifted by the governor's own
    // clear rules, without a manual clear.
    const hardStops = transitions.flatMap((t, i) => (t.to === "HARD_STOP" && t.from !== "HARD_STOP" ? [i] : []));
    expect(hardStops.length).toBeGreaterThan(0);
    const lifted = hardStops.filter((i) => transitions.slice(i + 1).some((t) => t.from === "HARD_STOP"));
    expect(lifted.length).toBeGreaterThanOrEqual(hardStops.length - 1);
    expect(transitions.every((t) => t.actor === "risk_governor")).toBe(true);

    // The database holds exactly what was published, in order.
    expect(rt.store.riskEvents().map((e) => [e.at, e.from, e.to])).toEqual(
      transitions.map((t) => [t.at, t.from, t.to]),
    );
    for (const p of published) {
      expect(p.type).toBe("RISK_STATE_UPDATE");
      if (p.state === "NORMAL") continue;
      expect(p.reason_codes.length).toBeGreaterThan(0);
      expect(p.metric).not.toBeNull();
      expect(p.threshold).not.toBeNull();
      expect(p.recommended_action).toBeTruthy();
      expect(p.clear_rule).toBeTruthy();
      expect(p.blocked_at).not.toBeNull();
    }
    expect(entriesWhileBlocked).toEqual([]);
    // Decisions blocked by the governor say which rule, never a bare RISK_BLOCKED.
    const codes = new Set(rt.store.decisions().flatMap((d) => d.reasonCodes));
    expect(codes.has("RISK_BLOCKED" as never)).toBe(false);
    expect([...codes].some((c) => c === "DAILY_LOSS_LIMIT" || c === "RISK_QUARANTINE")).toBe(true);
    const p = rt.portfolio.snapshot();
    expect(p.balance + p.unrealizedPnl).toBeCloseTo(p.equity, 6);
  }, 120_000);
});
