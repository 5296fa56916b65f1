import { describe, expect, it } from "vitest";
import { inverseNormalCdf, normalCdf } from "./normal-distribution";
import {
  deflatedSharpeRatio,
  expectedMaxSharpe,
  probabilisticSharpeRatio,
  type SharpeMoments,
  sharpeMoments,
} from "./probabilistic-sharpe";

const RETURNS = [0.01, -0.02, 0.015, 0.03, -0.01];
const TRIALS = [0.05, 0.12, -0.03, 0.2, 0.08, 0.25];

/** The PSR statistic by a plain loop: SR, population skewness and raw kurtosis, then the z of the formula. */
function referenceZ(xs: readonly number[], benchmark: number): number {
  const n = xs.length;
  let sum = 0;
  for (const x of xs) sum += x;
  const m = sum / n;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (const x of xs) {
    s2 += (x - m) ** 2;
    s3 += (x - m) ** 3;
    s4 += (x - m) ** 4;
  }
  const sr = m / Math.sqrt(s2 / (n - 1));
  const g3 = s3 / n / (s2 / n) ** 1.5;
  const g4 = s4 / n / (s2 / n) ** 2;
  return ((sr - benchmark) * Math.sqrt(n - 1)) / Math.sqrt(1 - g3 * sr + ((g4 - 1) / 4) * sr * sr);
}

describe("sharpeMoments", () => {
  it("collects the per-period Sharpe ratio, n, skewness and raw kurtosis", () => {
    const m = sharpeMoments(RETURNS);
    expect(m?.sharpe).toBeCloseTo(0.25, 12);
    expect(m?.n).toBe(5);
    expect(m?.skewness).toBeCloseTo(-0.07861176483397692, 12);
    expect(m?.kurtosis).toBeCloseTo(1.6455078125, 12);
  });

  it("is null without enough data or spread", () => {
    expect(sharpeMoments([])).toBeNull();
    expect(sharpeMoments([0.01])).toBeNull();
    expect(sharpeMoments([0.01, 0.01, 0.01])).toBeNull();
  });
});

describe("probabilisticSharpeRatio", () => {
  const moments = sharpeMoments(RETURNS) as SharpeMoments;

  it("matches the formula computed independently", () => {
    expect(probabilisticSharpeRatio(moments)).toBeCloseTo(normalCdf(referenceZ(RETURNS, 0)), 12);
    expect(probabilisticSharpeRatio(moments)).toBeCloseTo(0.688897276430128, 9);
    expect(probabilisticSharpeRatio(moments, 0.1)).toBeCloseTo(0.6162460536943141, 9);
  });

  it("is ½ at the benchmark, rises with the Sharpe ratio and with n", () => {
    expect(probabilisticSharpeRatio(moments, moments.sharpe)).toBe(0.5);
    const normal = (sharpe: number, n: number) => probabilisticSharpeRatio({ sharpe, n, skewness: 0, kurtosis: 3 });
    expect(normal(0.1, 100)).toBeCloseTo(normalCdf((0.1 * Math.sqrt(99)) / Math.sqrt(1 + 0.01 / 2)), 14);
    expect(normal(0.2, 100) as number).toBeGreaterThan(normal(0.1, 100) as number);
    expect(normal(0.1, 400) as number).toBeGreaterThan(normal(0.1, 100) as number);
  });

  it("penalises negative skew and fat tails", () => {
    const base = { sharpe: 0.15, n: 250, skewness: 0, kurtosis: 3 };
    const psr = probabilisticSharpeRatio(base) as number;
    expect(probabilisticSharpeRatio({ ...base, skewness: -1.5 }) as number).toBeLessThan(psr);
    expect(probabilisticSharpeRatio({ ...base, kurtosis: 12 }) as number).toBeLessThan(psr);
  });

  it("is null below two returns or when the variance term is not positive", () => {
    expect(probabilisticSharpeRatio({ sharpe: 0.5, n: 1, skewness: 0, kurtosis: 3 })).toBeNull();
    expect(probabilisticSharpeRatio({ sharpe: 1, n: 50, skewness: 3, kurtosis: 3 })).toBeNull();
  });
});

describe("deflated Sharpe ratio", () => {
  it("expectedMaxSharpe follows SR* = √V·((1−γ)Φ⁻¹(1−1/N) + γΦ⁻¹(1−1/(N·e)))", () => {
    const g = 0.5772156649;
    const byHand = 0.1 * ((1 - g) * inverseNormalCdf(0.9) + g * inverseNormalCdf(1 - 1 / (10 * Math.E)));
    expect(expectedMaxSharpe(10, 0.01)).toBeCloseTo(byHand, 14);
    expect(expectedMaxSharpe(10, 0.01)).toBeCloseTo(0.15745983013449716, 12);
    expect(expectedMaxSharpe(2, 0.04)).toBeCloseTo(0.10395106885584274, 12);
    expect(expectedMaxSharpe(5, 0)).toBe(0);
    expect(expectedMaxSharpe(1000, 0.01)).toBeGreaterThan(expectedMaxSharpe(10, 0.01));
  });

  it("refuses fewer than two trials or a bad variance", () => {
    expect(() => expectedMaxSharpe(1, 0.01)).toThrow(RangeError);
    expect(() => expectedMaxSharpe(2.5, 0.01)).toThrow(RangeError);
    expect(() => expectedMaxSharpe(10, -1)).toThrow(RangeError);
    expect(() => expectedMaxSharpe(10, Number.NaN)).toThrow(RangeError);
  });

  it("is PSR against SR* of the trials' sample variance", () => {
    const moments = sharpeMoments(RETURNS) as SharpeMoments;
    let sum = 0;
    for (const t of TRIALS) sum += t;
    let ss = 0;
    for (const t of TRIALS) ss += (t - sum / TRIALS.length) ** 2;
    const variance = ss / (TRIALS.length - 1);
    const dsr = deflatedSharpeRatio(moments, TRIALS);
    expect(dsr?.trials).toBe(6);
    expect(dsr?.trialSharpeVariance).toBeCloseTo(variance, 15);
    expect(dsr?.benchmarkSharpe).toBeCloseTo(0.13244004392379322, 12);
    expect(dsr?.probability).toBeCloseTo(normalCdf(referenceZ(RETURNS, dsr?.benchmarkSharpe ?? 0)), 12);
    expect(dsr?.probability).toBeCloseTo(0.5916144420711943, 9);
    expect(dsr?.probability as number).toBeLessThan(probabilisticSharpeRatio(moments) as number);
  });

  it("is null with a single trial", () => {
    expect(deflatedSharpeRatio({ sharpe: 0.2, n: 100, skewness: 0, kurtosis: 3 }, [0.2])).toBeNull();
    expect(deflatedSharpeRatio({ sharpe: 0.2, n: 100, skewness: 0, kurtosis: 3 }, [])).toBeNull();
  });
});
