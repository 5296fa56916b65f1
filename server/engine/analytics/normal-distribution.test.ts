import { describe, expect, it } from "vitest";
import { inverseNormalCdf, normalCdf, normalPdf } from "./normal-distribution";

/** Φ(x) = ½ + ∫₀ˣ φ(t) dt by Simpson's rule: an independent, slow reference. */
function simpsonCdf(x: number, steps = 2000): number {
  const h = x / steps;
  let sum = density(0) + density(x);
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * density(i * h);
  return 0.5 + (sum * h) / 3;
}

function density(t: number): number {
  return Math.exp((-t * t) / 2) / Math.sqrt(2 * Math.PI);
}

describe("normalCdf", () => {
  it("matches known values", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 14);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316300957, 14);
  });

  it("keeps relative accuracy deep in the lower tail", () => {
    for (const [x, expected] of [
      [-5, 2.866515718791946e-7],
      [-8, 6.220960574271819e-16],
      [-10, 7.619853024160593e-24],
    ] as const) {
      expect(Math.abs(normalCdf(x) - expected) / expected).toBeLessThan(1e-12);
    }
    expect(normalCdf(-50)).toBe(0);
    expect(normalCdf(50)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });

  it("agrees with numerical integration of the density within 1e-7 everywhere", () => {
    for (let x = -6; x <= 6; x += 0.25) {
      expect(Math.abs(normalCdf(x) - simpsonCdf(x))).toBeLessThan(1e-10);
    }
  });

  it("is symmetric, monotone and continuous where the methods hand over (|x| = 3)", () => {
    let previous = 0;
    for (let x = -8; x <= 8; x += 0.01) {
      const p = normalCdf(x);
      expect(p).toBeGreaterThanOrEqual(previous);
      expect(p + normalCdf(-x)).toBeCloseTo(1, 14);
      previous = p;
    }
    expect(normalCdf(3 - 1e-12)).toBeCloseTo(normalCdf(3), 14);
    expect(normalCdf(-3 + 1e-12)).toBeCloseTo(normalCdf(-3), 14);
  });

  it("has the standard density", () => {
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
    expect(normalPdf(1.5)).toBeCloseTo(density(1.5), 15);
  });
});

describe("inverseNormalCdf", () => {
  it("matches known quantiles", () => {
    expect(inverseNormalCdf(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(inverseNormalCdf(0.025)).toBeCloseTo(-1.959963984540054, 12);
    expect(inverseNormalCdf(0.9)).toBeCloseTo(1.2815515655446008, 12);
    expect(inverseNormalCdf(0.001)).toBeCloseTo(-3.090232306167813, 12);
    expect(inverseNormalCdf(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(inverseNormalCdf(0.5)).toBe(0);
  });

  it("inverts normalCdf across the central region, its boundary and both tails", () => {
    const ps = [
      1e-300, 1e-15, 1e-8, 1e-4, 0.01, 0.02425, 0.0243, 0.1, 0.25, 0.4999, 0.5001, 0.75, 0.97575, 0.99, 0.9999,
    ];
    for (const p of ps) {
      const x = inverseNormalCdf(p);
      expect(Math.abs(normalCdf(x) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-12);
      if (p >= 1e-4 && p < 0.5) expect(inverseNormalCdf(1 - p)).toBeCloseTo(-x, 10);
    }
  });

  it("maps the ends to infinities and refuses non-probabilities", () => {
    expect(inverseNormalCdf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(inverseNormalCdf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => inverseNormalCdf(-0.1)).toThrow(RangeError);
    expect(() => inverseNormalCdf(1.1)).toThrow(RangeError);
    expect(() => inverseNormalCdf(Number.NaN)).toThrow(RangeError);
  });
});
