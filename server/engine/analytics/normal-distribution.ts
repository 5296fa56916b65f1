/**
 * The standard normal distribution: Φ (the CDF) and Φ⁻¹ (its inverse), written for the Sharpe-ratio
 * statistics. Φ is accurate to about 1e-15 absolute and keeps its relative accuracy in the lower tail,
 * which the refinement of Φ⁻¹ relies on.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Beyond this distance from the mean Φ is 0 or 1 in double precision. */
const TAIL_LIMIT = 38;

/** Below this |x| the power series converges fast; above it the continued fraction does. */
const SERIES_LIMIT = 3;

/** Terms of the continued fraction, evaluated backwards; enough for 1e-15 at |x| = 3. */
const FRACTION_TERMS = 200;

/** The standard normal density φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/** Φ(x) = P(Z ≤ x) for a standard normal Z. NaN stays NaN. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x);
  if (z < SERIES_LIMIT) return 0.5 + normalPdf(x) * oddSeries(x);
  const upper = upperTail(z);
  return x > 0 ? 1 - upper : upper;
}

/**
 * Φ(x) − ½ = φ(x) · (x + x³/3 + x⁵/(3·5) + …): every term has the sign of x, so the sum has no
 * cancellation; it stops when a term no longer changes it.
 */
function oddSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 3; k < 200; k += 2) {
    term *= x2 / k;
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return sum;
}

/**
 * 1 − Φ(z) for z ≥ 3 by Laplace's continued fraction φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))),
 * evaluated from the innermost term outwards.
 */
function upperTail(z: number): number {
  if (z > TAIL_LIMIT) return 0;
  let denominator = z;
  for (let k = FRACTION_TERMS; k >= 1; k--) denominator = z + k / denominator;
  return normalPdf(z) / denominator;
}

// Acklam's rational approximations of Φ⁻¹: relative error below 1.15e-9 before refinement.
const CENTRAL_NUM = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const CENTRAL_DEN = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572, 1,
];
const TAIL_NUM = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const TAIL_DEN = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416, 1];

/** Where the central approximation hands over to the tail one. */
const TAIL_START = 0.02425;

/**
 * Φ⁻¹(p): the x with Φ(x) = p. p = 0 gives −∞ and p = 1 gives +∞; p outside [0, 1] (or NaN) is a
 * RangeError. Acklam's approximation, then one Halley step against Φ (accurate to ~1e-15).
 */
export function inverseNormalCdf(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must be in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  // 1 − p is exact for p ≥ ½, so the upper half is the mirror of the lower one without loss.
  if (p > 0.5) return -lowerHalfInverse(1 - p);
  return lowerHalfInverse(p);
}

/** Φ⁻¹(p) for 0 < p ≤ ½. */
function lowerHalfInverse(p: number): number {
  let x: number;
  if (p < TAIL_START) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = polynomial(TAIL_NUM, q) / polynomial(TAIL_DEN, q);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (q * polynomial(CENTRAL_NUM, r)) / polynomial(CENTRAL_DEN, r);
  }
  // Halley's step on f(x) = Φ(x) − p, with f' = φ(x) and f'' = −x·φ(x).
  const u = (normalCdf(x) - p) / normalPdf(x);
  return x - u / (1 + (x * u) / 2);
}

/** c[0]·t^(n−1) + … + c[n−1] by Horner's rule. */
function polynomial(coefficients: readonly number[], t: number): number {
  let value = 0;
  for (const c of coefficients) value = value * t + c;
  return value;
}
