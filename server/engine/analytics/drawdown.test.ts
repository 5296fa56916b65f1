import { describe, expect, it } from "vitest";
import { cumulativeCurve, maxDrawdown } from "./drawdown";

/** O(n²) reference: the deepest fall from any earlier point. */
function bruteForce(curve: readonly number[]) {
  let absolute = 0;
  let fraction = 0;
  for (let i = 0; i < curve.length; i++)
    for (let j = i + 1; j < curve.length; j++) {
      const a = curve[i] as number;
      const b = curve[j] as number;
      absolute = Math.max(absolute, a - b);
      if (a > 0) fraction = Math.max(fraction, (a - b) / a);
    }
  return { absolute, fraction };
}

describe("maxDrawdown", () => {
  it("finds the deepest fall with its peak and trough", () => {
    const curve = [100, 110, 105, 120, 90, 95, 130, 125];
    const dd = maxDrawdown(curve);
    expect(dd?.absolute).toEqual({ depth: 30, peakIndex: 3, troughIndex: 4 });
    expect(dd?.fraction).toEqual({ depth: 0.25, peakIndex: 3, troughIndex: 4 });
  });

  it("reports the absolute and the relative maxima separately when they differ", () => {
    // 100 → 50 is −50 (50 %); 1000 → 800 is −200 (20 %).
    const curve = [100, 50, 1000, 800];
    const dd = maxDrawdown(curve);
    expect(dd?.absolute).toEqual({ depth: 200, peakIndex: 2, troughIndex: 3 });
    expect(dd?.fraction).toEqual({ depth: 0.5, peakIndex: 0, troughIndex: 1 });
  });

  it("matches a brute-force search on a random walk", () => {
    const curve = [1000];
    let seed = 11;
    for (let i = 0; i < 300; i++) {
      seed = (seed * 48271) % 2147483647;
      curve.push((curve[i] as number) * (1 + (seed / 2147483647 - 0.5) * 0.04));
    }
    const dd = maxDrawdown(curve);
    const ref = bruteForce(curve);
    expect(dd?.absolute.depth).toBeCloseTo(ref.absolute, 9);
    expect(dd?.fraction?.depth).toBeCloseTo(ref.fraction, 12);
    const { peakIndex, troughIndex, depth } = dd?.absolute ?? { peakIndex: 0, troughIndex: 0, depth: 0 };
    expect((curve[peakIndex] as number) - (curve[troughIndex] as number)).toBeCloseTo(depth, 9);
  });

  it("edge cases: empty, single value, never falling, a PnL curve from 0", () => {
    expect(maxDrawdown([])).toBeNull();
    expect(maxDrawdown([5])).toEqual({
      absolute: { depth: 0, peakIndex: 0, troughIndex: 0 },
      fraction: { depth: 0, peakIndex: 0, troughIndex: 0 },
    });
    expect(maxDrawdown([1, 2, 3])?.absolute.depth).toBe(0);
    const pnl = maxDrawdown([0, -5, 10, 4]);
    expect(pnl?.absolute).toEqual({ depth: 6, peakIndex: 2, troughIndex: 3 });
    expect(pnl?.fraction).toBeNull();
  });
});

describe("cumulativeCurve", () => {
  it("starts at the start and adds each PnL", () => {
    expect(cumulativeCurve([])).toEqual([0]);
    expect(cumulativeCurve([1, -2, 3], 10)).toEqual([10, 11, 9, 12]);
  });
});
