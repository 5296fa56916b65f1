/** Drawdowns of an equity curve (or of a cumulative PnL curve). */

export interface DrawdownSpan {
  /** How far the curve fell from its running peak: curve units, or a fraction of the peak (0.25 = 25 %). */
  readonly depth: number;
  readonly peakIndex: number;
  readonly troughIndex: number;
}

export interface MaxDrawdown {
  /** The deepest fall in curve units (0 with peak = trough = 0 when the curve never falls). */
  readonly absolute: DrawdownSpan;
  /**
   * The deepest fall as a fraction of its peak; null when the curve starts at or below 0 (a PnL curve),
   * where a fraction of the peak has no meaning. It may be a different episode from `absolute`.
   */
  readonly fraction: DrawdownSpan | null;
}

/** The largest drawdowns of `curve`, in absolute and in relative terms; null for an empty curve. */
export function maxDrawdown(curve: readonly number[]): MaxDrawdown | null {
  const first = curve[0];
  if (first === undefined) return null;
  const relative = first > 0;
  let absolute: DrawdownSpan = { depth: 0, peakIndex: 0, troughIndex: 0 };
  let fraction: DrawdownSpan = absolute;
  let peak = first;
  let peakIndex = 0;
  for (let i = 1; i < curve.length; i++) {
    const value = curve[i] as number;
    if (value > peak) {
      peak = value;
      peakIndex = i;
      continue;
    }
    const fall = peak - value;
    if (fall > absolute.depth) absolute = { depth: fall, peakIndex, troughIndex: i };
    if (relative && fall / peak > fraction.depth) fraction = { depth: fall / peak, peakIndex, troughIndex: i };
  }
  return { absolute, fraction: relative ? fraction : null };
}

/** [start, start + p₁, start + p₁ + p₂, …]: the curve a series of PnLs draws. */
export function cumulativeCurve(pnls: readonly number[], start = 0): number[] {
  const curve = [start];
  let level = start;
  for (const p of pnls) {
    level += p;
    curve.push(level);
  }
  return curve;
}
