import { describe, expect, it } from "vitest";
import { ProfitCapture, type ProfitCaptureSettings } from "./profit-capture";

const settings: ProfitCaptureSettings = {
  enabled: true,
  targetPct: 20,
  trailPct: 10,
  mode: "full",
  partialPct: 50,
  afterAction: "pause",
  continueRiskMult: 0.25,
};

describe("ProfitCapture", () => {
  it("does nothing while disabled, but still follows the peak", () => {
    const pc = new ProfitCapture({ ...settings, enabled: false }, 1000);
    expect(pc.armed).toBe(false);
    expect(pc.onEquity(1, 1500)).toBeNull();
    expect(pc.snapshot().peakEquity).toBe(1500);
  });

  it("triggers at the target, then pauses (locked) until a resume re-arms it from the equity then", () => {
    const pc = new ProfitCapture(settings, 1000);
    expect(pc.onEquity(1, 1150)).toBeNull();
    const t = pc.onEquity(2, 1200);
    expect(t).toMatchObject({ reason: "TARGET_REACHED", equity: 1200, startEquity: 1000 });
    pc.executed(t as NonNullable<typeof t>, "closed 2 positions");
    expect(pc.snapshot()).toMatchObject({ triggered: true, locked: true, startEquity: 1200, riskMultiplier: 1 });
    expect(pc.snapshot().lastReason).toMatch(
      /^PROFIT_CAPTURED \(TARGET_REACHED\): equity 1200.00 is 20% over the start 1000.00/,
    );
    expect(pc.snapshot().lastAction).toBe("CLOSE_ALL_PAUSE: closed 2 positions");
    expect(pc.armed).toBe(false);
    expect(pc.onEquity(3, 2000)).toBeNull(); // locked: no second capture while paused
    expect(pc.resume(4, 1210)).toBe(true);
    expect(pc.snapshot()).toMatchObject({ locked: false, startEquity: 1210, peakEquity: 1210 });
    expect(pc.onEquity(5, 1400)).toBeNull();
    expect(pc.onEquity(6, 1452)).toMatchObject({ reason: "TARGET_REACHED" });
  });

  it("trails from the peak only while still in profit, and continue mode shrinks the risk", () => {
    const pc = new ProfitCapture({ ...settings, targetPct: 50, mode: "partial", afterAction: "continue" }, 1000);
    expect(pc.onEquity(1, 1050)).toBeNull();
    expect(pc.onEquity(2, 940)).toBeNull(); // 10.5 % off the peak, but below start: not a profit to lock
    expect(pc.onEquity(3, 1300)).toBeNull();
    const t = pc.onEquity(4, 1170);
    expect(t).toMatchObject({ reason: "TRAIL_STOP", peakEquity: 1300 });
    pc.executed(t as NonNullable<typeof t>, "closed half of 1 position");
    expect(pc.snapshot()).toMatchObject({ locked: false, riskMultiplier: 0.25, startEquity: 1170 });
    expect(pc.snapshot().lastAction).toBe("CLOSE_50PCT_CONTINUE: closed half of 1 position");
    expect(pc.armed).toBe(true);
    expect(pc.resume(5, 1170)).toBe(false);
  });
});
