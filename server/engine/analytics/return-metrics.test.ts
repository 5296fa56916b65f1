import { describe, expect, it } from "vitest";
import {
  downsideDeviation,
  excessKurtosis,
  expectancy,
  kurtosis,
  mean,
  profitFactor,
  sampleStdev,
  sharpeRatio,
  skewness,
  sortinoRatio,
  winRate,
} from "./return-metrics";

const RETURNS = [0.01, -0.02, 0.015, 0.03, -0.01];

/** Straightforward references, written independently of the module. */
function reference(xs: readonly number[]) {
  const n = xs.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += xs[i] as number;
  const m = total / n;
  let ss = 0;
  let s3 = 0;
  let s4 = 0;
  let down = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i] as number) - m;
    ss += d * d;
    s3 += d * d * d;
    s4 += d * d * d * d;
    const shortfall = Math.min(xs[i] as number, 0);
    down += shortfall * shortfall;
  }
  const sd = Math.sqrt(ss / (n - 1));
  const m2 = ss / n;
  return {
    mean: m,
    sd,
    downside: Math.sqrt(down / n),
    skew: s3 / n / Math.sqrt(m2 * m2 * m2),
    kurt: s4 / n / (m2 * m2),
  };
}

describe("moments of a small known series", () => {
  const ref = reference(RETURNS);

  it("mean and sample stdev: by hand 0.005 and 0.02", () => {
    expect(mean(RETURNS)).toBeCloseTo(0.005, 15);
    expect(sampleStdev(RETURNS)).toBeCloseTo(0.02, 15);
    expect(mean(RETURNS)).toBeCloseTo(ref.mean, 15);
    expect(sampleStdev(RETURNS)).toBeCloseTo(ref.sd, 15);
  });

  it("sharpe: 0.25 per period, × √252 annualised", () => {
    expect(sharpeRatio(RETURNS)).toBeCloseTo(0.25, 12);
    expect(sharpeRatio(RETURNS, 252)).toBeCloseTo((ref.mean / ref.sd) * Math.sqrt(252), 12);
    expect(sharpeRatio(RETURNS, 252)).toBeCloseTo(3.968626966596885, 12);
  });

  it("sortino: downside deviation √((0.02² + 0.01²)/5) = 0.01 over all n", () => {
    expect(downsideDeviation(RETURNS)).toBeCloseTo(0.01, 15);
    expect(downsideDeviation(RETURNS)).toBeCloseTo(ref.downside, 15);
    expect(sortinoRatio(RETURNS)).toBeCloseTo(0.5, 12);
    expect(sortinoRatio(RETURNS, 365)).toBeCloseTo((ref.mean / ref.downside) * Math.sqrt(365), 12);
  });

  it("skewness and kurtosis: population moments (by hand m2 = 320e-6, m3 = -450e-9, m4 = 168500e-12)", () => {
    const m2 = 320e-6;
    expect(skewness(RETURNS)).toBeCloseTo(-450e-9 / m2 ** 1.5, 12);
    expect(skewness(RETURNS)).toBeCloseTo(ref.skew, 12);
    expect(kurtosis(RETURNS)).toBeCloseTo(168500e-12 / (m2 * m2), 12);
    expect(kurtosis(RETURNS)).toBeCloseTo(ref.kurt, 12);
    expect(excessKurtosis(RETURNS)).toBeCloseTo(ref.kurt - 3, 12);
    expect(excessKurtosis(RETURNS)).toBeCloseTo(-1.3544921875, 12);
  });

  it("agree with the references on a longer, skewed series", () => {
    const xs: number[] = [];
    let seed = 7;
    for (let i = 0; i < 200; i++) {
      seed = (seed * 16807) % 2147483647;
      const u = seed / 2147483647;
      xs.push(u < 0.9 ? (u - 0.45) * 0.02 : (u - 0.9) * 0.5);
    }
    const r = reference(xs);
    expect(mean(xs)).toBeCloseTo(r.mean, 14);
    expect(sampleStdev(xs)).toBeCloseTo(r.sd, 14);
    expect(skewness(xs)).toBeCloseTo(r.skew, 10);
    expect(skewness(xs)).toBeGreaterThan(1);
    expect(kurtosis(xs)).toBeCloseTo(r.kurt, 10);
    expect(sortinoRatio(xs, 12)).toBeCloseTo((r.mean / r.downside) * Math.sqrt(12), 10);
  });
});

describe("edge cases", () => {
  it("empty series: every statistic is null", () => {
    expect(mean([])).toBeNull();
    expect(sampleStdev([])).toBeNull();
    expect(sharpeRatio([])).toBeNull();
    expect(sharpeRatio([], 252)).toBeNull();
    expect(downsideDeviation([])).toBeNull();
    expect(sortinoRatio([])).toBeNull();
    expect(skewness([])).toBeNull();
    expect(kurtosis([])).toBeNull();
    expect(excessKurtosis([])).toBeNull();
    expect(expectancy([])).toBeNull();
    expect(winRate([])).toBeNull();
  });

  it("a single value has a mean but no spread", () => {
    expect(mean([0.02])).toBe(0.02);
    expect(sampleStdev([0.02])).toBeNull();
    expect(sharpeRatio([0.02])).toBeNull();
    expect(skewness([0.02])).toBeNull();
    expect(sortinoRatio([-0.02])).toBe(-1);
    expect(sortinoRatio([0.02])).toBeNull();
  });

  it("zero variance (even with rounding noise) gives no Sharpe ratio and no higher moments", () => {
    const flat = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
    expect(sharpeRatio(flat)).toBeNull();
    expect(skewness(flat)).toBeNull();
    expect(kurtosis(flat)).toBeNull();
    expect(sharpeRatio([0, 0, 0])).toBeNull();
    expect(sampleStdev(flat)).toBeLessThan(1e-15);
  });

  it("no negative returns: the Sortino ratio does not exist", () => {
    expect(sortinoRatio([0.01, 0.02, 0])).toBeNull();
  });

  it("refuses a non-positive periodsPerYear", () => {
    expect(() => sharpeRatio(RETURNS, 0)).toThrow(RangeError);
    expect(() => sortinoRatio(RETURNS, -1)).toThrow(RangeError);
    expect(() => sharpeRatio(RETURNS, Number.NaN)).toThrow(RangeError);
  });
});

describe("trade statistics", () => {
  const PNLS = [12, -4, 0, 7.5, -6, 20];

  it("profit factor, expectancy and win rate against loops", () => {
    let wins = 0;
    let losses = 0;
    let count = 0;
    let sum = 0;
    for (const p of PNLS) {
      if (p > 0) wins += p;
      if (p < 0) losses += -p;
      if (p > 0) count++;
      sum += p;
    }
    expect(profitFactor(PNLS)).toEqual({ value: wins / losses, unbounded: false, grossProfit: 39.5, grossLoss: 10 });
    expect(expectancy(PNLS)).toBeCloseTo(sum / PNLS.length, 14);
    expect(winRate(PNLS)).toBe(count / PNLS.length);
    expect(winRate(PNLS)).toBe(0.5);
  });

  it("all wins: no finite profit factor, flagged unbounded", () => {
    const pf = profitFactor([1, 2, 3]);
    expect(pf).toEqual({ value: null, unbounded: true, grossProfit: 6, grossLoss: 0 });
    expect(winRate([1, 2, 3])).toBe(1);
  });

  it("no wins and no losses: null and not unbounded", () => {
    expect(profitFactor([])).toEqual({ value: null, unbounded: false, grossProfit: 0, grossLoss: 0 });
    expect(profitFactor([0, 0])).toEqual({ value: null, unbounded: false, grossProfit: 0, grossLoss: 0 });
  });

  it("all losses: a factor of 0", () => {
    expect(profitFactor([-1, -2])).toEqual({ value: 0, unbounded: false, grossProfit: 0, grossLoss: 3 });
    expect(winRate([-1, -2])).toBe(0);
  });
});
