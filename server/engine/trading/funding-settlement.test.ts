import { describe, expect, it } from "vitest";
import { fundingAmount, nextFundingAt } from "../portfolio/funding";
import { FundingSettlement } from "./funding-settlement";

const H = 3_600_000;
const DAY = Date.UTC(2026, 0, 5);

describe("funding settlement", () => {
  it("settles at 00:00, 08:00 and 16:00 UTC, once each, the first tick only setting the next", () => {
    const f = new FundingSettlement();
    expect(nextFundingAt(DAY + 12 * H, 8 * H)).toBe(DAY + 16 * H);
    expect(nextFundingAt(DAY + 16 * H, 8 * H)).toBe(DAY + 24 * H);
    expect(f.due(DAY + 12 * H)).toBe(false);
    expect(f.nextAt()).toBe(DAY + 16 * H);
    expect(f.due(DAY + 16 * H - 1)).toBe(false);
    expect(f.due(DAY + 16 * H)).toBe(true);
    expect(f.due(DAY + 16 * H + 1)).toBe(false);
    // Asleep over two funding times: one settlement, not two (HEAN was not holding then).
    expect(f.due(DAY + 41 * H)).toBe(true);
    expect(f.nextAt()).toBe(DAY + 48 * H);
  });

  it("longs pay and shorts receive when the rate is positive", () => {
    expect(fundingAmount("LONG", 2, 100, 0.0001)).toBeCloseTo(0.02, 15);
    expect(fundingAmount("SHORT", 2, 100, 0.0001)).toBeCloseTo(-0.02, 15);
    expect(fundingAmount("LONG", 2, 100, -0.0003)).toBeCloseTo(-0.06, 15);
  });

  it("uses the exchange's announced rate when there is one, else the model", () => {
    let announced: number | null = 0.00025;
    const f = new FundingSettlement({ exchangeRate: () => announced });
    f.observe("BTCUSDT", 100, DAY);
    expect(f.rate("BTCUSDT")).toEqual({ rate: 0.00025, source: "exchange" });
    announced = null;
    expect(f.rate("BTCUSDT")).toEqual({ rate: 0.0001, source: "model" });
    expect(f.rate("ETHUSDT")).toBeNull();
  });

  it("the model: flat market → the interest rate; a rally → longs pay more, capped; a slump → shorts pay", () => {
    const flat = new FundingSettlement();
    for (let m = 0; m < 120; m++) flat.observe("X", 100, DAY + m * 60_000);
    expect(flat.rate("X")?.rate).toBeCloseTo(0.0001, 12);

    const rally = new FundingSettlement();
    for (let m = 0; m < 120; m++) rally.observe("X", 100 * 1.001 ** m, DAY + m * 60_000);
    const up = rally.rate("X")?.rate as number;
    // Independently: the premium over the one-hour exponential average, pulled by at most 0.05 %.
    let index = 100;
    for (let m = 1; m < 120; m++) index += (1 - Math.exp(-60_000 / H)) * (100 * 1.001 ** m - index);
    const premium = (100 * 1.001 ** 119 - index) / index;
    expect(up).toBeCloseTo(Math.min(0.0075, premium - 0.0005), 12);

    const crash = new FundingSettlement();
    for (let m = 0; m < 120; m++) crash.observe("X", 100 * 0.97 ** m, DAY + m * 60_000);
    expect(crash.rate("X")?.rate).toBe(-0.0075);
  });
});
