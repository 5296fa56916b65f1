import { describe, expect, it } from "vitest";
import { type ClearOutcome, RiskGovernor, type RiskMeasurements } from "./risk-governor";

/** The transition of a clear that lifted something (fails the test when it was refused). */
function lifted(outcome: ClearOutcome) {
  if (!outcome.ok) throw new Error(`clear refused: ${outcome.reason}`);
  return outcome.transition;
}

import type { RiskThresholds } from "./risk-rules";

const T0 = Date.UTC(2026, 0, 5, 12);
const MIN = 60_000;

const thresholds: RiskThresholds = {
  drawdownSoftPct: 5,
  drawdownHardPct: 10,
  dailyLossPct: 50,
  volatilitySpikePct: 3,
  consecutiveLosses: 3,
  rejectRatePct: 50,
  rejectMinOrders: 4,
  staleDataSec: 60,
  clearHoldMs: 60 * MIN,
  quarantineHoldMs: 15 * MIN,
};

function at(minutes: number, equity: number, extra: Partial<RiskMeasurements> = {}): RiskMeasurements {
  return {
    now: T0 + minutes * MIN,
    equity,
    symbols: [
      { symbol: "BTCUSDT", priceChange1mPct: 0.1, tickAgeSec: 1 },
      { symbol: "ETHUSDT", priceChange1mPct: -0.2, tickAgeSec: 1 },
    ],
    orders5m: 0,
    rejects5m: 0,
    feedError: null,
    ...extra,
  };
}

describe("RiskGovernor", () => {
  it("goes NORMAL → SOFT_BRAKE → HARD_STOP on drawdown, and back only after the clear rule held for its time", () => {
    const g = new RiskGovernor({ enabled: true, thresholds });
    expect(g.evaluate(at(0, 10_000))).toBeNull();
    const soft = g.evaluate(at(1, 9_400));
    expect(soft).toMatchObject({ from: "NORMAL", to: "SOFT_BRAKE" });
    expect(soft?.status).toMatchObject({
      level: 1,
      reasonCodes: ["MAX_DRAWDOWN_SOFT"],
      metric: "drawdown_pct",
      threshold: 5,
      blockedAt: T0 + MIN,
    });
    expect(soft?.status.value).toBeCloseTo(6, 9);
    expect(g.view()).toMatchObject({ softBrake: true, sizeMultiplier: 0.5, hardStop: false });

    const hard = g.evaluate(at(2, 8_900));
    expect(hard).toMatchObject({ from: "SOFT_BRAKE", to: "HARD_STOP" });
    expect(hard?.status.reasonCodes).toEqual(["MAX_DRAWDOWN_HARD", "MAX_DRAWDOWN_SOFT"]);
    expect(g.view().hardStop).toBe(true);

    // Recovered below 5 %: HARD lifts after an hour of it; a relapse restarts the clock.
    expect(g.evaluate(at(3, 9_600))).toBeNull();
    expect(g.evaluate(at(30, 9_000))).toBeNull();
    expect(g.evaluate(at(31, 9_600))).toBeNull();
    expect(g.evaluate(at(90, 9_600))).toBeNull();
    expect(g.evaluate(at(91, 9_600))).toMatchObject({ from: "HARD_STOP", to: "SOFT_BRAKE" });
    // SOFT lifts once drawdown < 2.5 % for an hour.
    expect(g.evaluate(at(92, 9_800))).toBeNull();
    expect(g.evaluate(at(152, 9_800))).toMatchObject({ from: "SOFT_BRAKE", to: "NORMAL" });
    expect(g.status()).toMatchObject({ state: "NORMAL", blockedAt: null, canClear: false, metric: null });
  });

  it("quarantines only the symbol that spiked, and frees it after the quarantine hold", () => {
    const g = new RiskGovernor({ enabled: true, thresholds });
    g.evaluate(at(0, 10_000));
    const spike = g.evaluate(
      at(1, 10_000, {
        symbols: [
          { symbol: "BTCUSDT", priceChange1mPct: -4, tickAgeSec: 1 },
          { symbol: "ETHUSDT", priceChange1mPct: 0.5, tickAgeSec: 1 },
        ],
      }),
    );
    expect(spike).toMatchObject({ to: "QUARANTINE" });
    expect(spike?.status.quarantinedSymbols).toEqual(["BTCUSDT"]);
    expect([...g.view().quarantined]).toEqual(["BTCUSDT"]);
    expect(g.view().hardStop).toBe(false);
    expect(g.evaluate(at(2, 10_000))).toBeNull();
    expect(g.evaluate(at(17, 10_000))).toMatchObject({ from: "QUARANTINE", to: "NORMAL" });
  });

  it("refuses a manual clear while a condition persists, and names it", () => {
    const g = new RiskGovernor({ enabled: true, thresholds });
    g.evaluate(at(0, 10_000, { symbols: [{ symbol: "BTCUSDT", priceChange1mPct: 5, tickAgeSec: 1 }] }));
    expect(g.status().canClear).toBe(false);
    expect(g.clear(T0, 10_000, "api", "test")).toEqual({
      ok: false,
      reason: expect.stringMatching(/^Cannot clear now: VOLATILITY_SPIKE on BTCUSDT/),
    });
  });

  it("a clear lifts what it may (the killswitch) and keeps a condition that persists, saying so", () => {
    const g = new RiskGovernor({ enabled: true, thresholds });
    g.evaluate(at(0, 10_000, { symbols: [{ symbol: "BTCUSDT", priceChange1mPct: 5, tickAgeSec: 1 }] }));
    g.kill(T0 + 1, ["drill"], "api");
    expect(g.status()).toMatchObject({ state: "HARD_STOP", canClear: true });
    const t = lifted(g.clear(T0 + 2, 10_000, "api", "drill over"));
    expect(t).toMatchObject({ from: "HARD_STOP", to: "QUARANTINE" });
    expect(t.reason).toMatch(/^drill over; still active: VOLATILITY_SPIKE on BTCUSDT/);
    expect(g.view().killswitch).toBe(false);
    expect(g.status().canClear).toBe(false);
  });

  it("a manual clear of a drawdown HARD_STOP restarts the peak at the current equity", () => {
    const g = new RiskGovernor({ enabled: true, thresholds });
    g.evaluate(at(0, 10_000));
    g.evaluate(at(1, 8_500));
    expect(g.status()).toMatchObject({ state: "HARD_STOP", canClear: true });
    const cleared = lifted(g.clear(T0 + 2 * MIN, 8_500, "api", "operator reviewed"));
    expect(cleared).toMatchObject({ from: "HARD_STOP", to: "NORMAL", actor: "api", reason: "operator reviewed" });
    expect(g.evaluate(at(3, 8_500))).toBeNull();
    expect(g.evaluate(at(4, 8_000))).toMatchObject({ to: "SOFT_BRAKE" }); // 5.9 % below the new peak
  });

  it("the killswitch is a HARD_STOP that only a manual clear lifts; disabled, it is all there is", () => {
    const g = new RiskGovernor({ enabled: false, thresholds });
    expect(g.evaluate(at(0, 10_000))).toBeNull();
    expect(g.evaluate(at(1, 5_000))).toBeNull(); // no rules when disabled
    const killed = g.kill(T0 + 2 * MIN, ["manual"], "api");
    expect(killed).toMatchObject({ to: "HARD_STOP" });
    expect(g.view()).toMatchObject({ killswitch: true, hardStop: false });
    expect(g.evaluate(at(500, 5_000))).toBeNull();
    expect(g.killswitch()).toEqual({ triggered: true, reasons: ["manual"], triggeredAt: T0 + 2 * MIN });
    expect(lifted(g.clear(T0, 5_000, "api", "done")).to).toBe("NORMAL");
    expect(g.killswitch().triggered).toBe(false);
    expect(g.view().killswitch).toBe(false);
  });

  it("counts losing streaks, resets on a win, and lifts the soft brake on the next winning close", () => {
    const g = new RiskGovernor({ enabled: true, thresholds });
    g.evaluate(at(0, 10_000));
    for (const pnl of [-1, -2, 5, -1, -1, 0, -1]) g.onClose(pnl);
    expect(g.evaluate(at(1, 10_000))).toMatchObject({ to: "SOFT_BRAKE" });
    expect(g.status().reasonCodes).toEqual(["CONSECUTIVE_LOSSES"]);
    g.onClose(3);
    expect(g.evaluate(at(2, 10_000))).toMatchObject({ to: "NORMAL" });
  });

  it("lifts the daily loss limit when the UTC day turns, and survives a restart through its snapshot", () => {
    const g = new RiskGovernor({
      enabled: true,
      thresholds: { ...thresholds, dailyLossPct: 3, drawdownSoftPct: 90, drawdownHardPct: 95 },
    });
    g.evaluate(at(0, 10_000));
    expect(g.evaluate(at(1, 9_600))).toMatchObject({ to: "HARD_STOP" });
    expect(g.view()).toMatchObject({ dailyLossHit: true, hardStop: false });

    const restored = new RiskGovernor({
      enabled: true,
      thresholds: { ...thresholds, dailyLossPct: 3, drawdownSoftPct: 90, drawdownHardPct: 95 },
    });
    restored.restore(g.snapshot());
    expect(restored.status()).toEqual(g.status());
    expect(restored.evaluate(at(2, 9_600))).toBeNull();
    expect(restored.evaluate(at(3, 10_000))).toBeNull(); // back above the limit the same day: still stopped
    const nextDay = restored.evaluate(at(12 * 60 + 1, 9_600));
    expect(nextDay).toMatchObject({ from: "HARD_STOP", to: "NORMAL" });
  });

  it("a failed feed is a HARD_STOP that lifts a minute after the feed runs again, and cannot be cleared meanwhile", () => {
    const g = new RiskGovernor({ enabled: true, thresholds });
    g.evaluate(at(0, 10_000));
    const failed = g.evaluate(at(1, 10_000, { feedError: "socket closed" }));
    expect(failed).toMatchObject({ to: "HARD_STOP" });
    expect(failed?.status.recommendedAction).toMatch(/socket closed/);
    expect(g.status().canClear).toBe(false);
    expect(g.evaluate(at(2, 10_000))).toBeNull();
    expect(g.evaluate(at(3, 10_000))).toMatchObject({ from: "HARD_STOP", to: "NORMAL" });
  });
});
