/**
 * Statistics of a series of per-period returns or per-trade PnLs. Every function is pure, takes a plain
 * array and returns a number, or null where the statistic does not exist (too few values, zero spread).
 */

/** A spread this small against the largest value is rounding noise, not variance. */
const ZERO_SPREAD = 1e-12;

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (n − 1); null below two values. */
export function sampleStdev(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  return Math.sqrt(sumOfPowers(values, m, 2) / (values.length - 1));
}

/**
 * mean / sample stdev × √periodsPerYear (periodsPerYear = 1: not annualised). null for fewer than two
 * values or a series without spread.
 */
export function sharpeRatio(returns: readonly number[], periodsPerYear = 1): number | null {
  requirePeriods(periodsPerYear);
  const m = mean(returns);
  const s = sampleStdev(returns);
  if (m === null || s === null || hasNoSpread(returns, s)) return null;
  return (m / s) * Math.sqrt(periodsPerYear);
}

/**
 * √(Σ min(r, 0)² / n): the root mean square of the shortfalls below a target of 0, over all n values.
 * null for an empty series.
 */
export function downsideDeviation(returns: readonly number[]): number | null {
  if (returns.length === 0) return null;
  let sum = 0;
  for (const r of returns) if (r < 0) sum += r * r;
  return Math.sqrt(sum / returns.length);
}

/** mean / downside deviation × √periodsPerYear; null when empty or when nothing fell below 0. */
export function sortinoRatio(returns: readonly number[], periodsPerYear = 1): number | null {
  requirePeriods(periodsPerYear);
  const m = mean(returns);
  const dd = downsideDeviation(returns);
  if (m === null || dd === null || dd === 0) return null;
  return (m / dd) * Math.sqrt(periodsPerYear);
}

/** Population skewness m3 / m2^1.5 (the moment estimator that the probabilistic Sharpe ratio uses). */
export function skewness(values: readonly number[]): number | null {
  const moments = centralMoments(values);
  if (moments === null) return null;
  return moments.m3 / moments.m2 ** 1.5;
}

/** Population kurtosis m4 / m2², raw (3 for a normal distribution). */
export function kurtosis(values: readonly number[]): number | null {
  const moments = centralMoments(values);
  if (moments === null) return null;
  return moments.m4 / (moments.m2 * moments.m2);
}

/** Population kurtosis − 3 (0 for a normal distribution). */
export function excessKurtosis(values: readonly number[]): number | null {
  const k = kurtosis(values);
  return k === null ? null : k - 3;
}

export interface ProfitFactor {
  /** Gross wins / gross losses; null when there are no losses (no trades, all flat, or all wins). */
  readonly value: number | null;
  /** True when there are wins and no losses: the factor would be +∞. */
  readonly unbounded: boolean;
  /** Σ of the positive values. */
  readonly grossProfit: number;
  /** |Σ of the negative values| (≥ 0). */
  readonly grossLoss: number;
}

export function profitFactor(pnls: readonly number[]): ProfitFactor {
  let grossProfit = 0;
  let grossLoss = 0;
  for (const p of pnls) {
    if (p > 0) grossProfit += p;
    else if (p < 0) grossLoss -= p;
  }
  if (grossLoss === 0) return { value: null, unbounded: grossProfit > 0, grossProfit, grossLoss };
  return { value: grossProfit / grossLoss, unbounded: false, grossProfit, grossLoss };
}

/** Mean net PnL per trade; null without trades. */
export function expectancy(pnls: readonly number[]): number | null {
  return mean(pnls);
}

/** Share of values > 0 (a flat trade is not a win), 0..1; null without trades. */
export function winRate(pnls: readonly number[]): number | null {
  if (pnls.length === 0) return null;
  let wins = 0;
  for (const p of pnls) if (p > 0) wins++;
  return wins / pnls.length;
}

interface CentralMoments {
  readonly m2: number;
  readonly m3: number;
  readonly m4: number;
}

/** Population central moments; null below two values or without spread. */
function centralMoments(values: readonly number[]): CentralMoments | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  const n = values.length;
  const m2 = sumOfPowers(values, m, 2) / n;
  if (hasNoSpread(values, Math.sqrt(m2))) return null;
  return { m2, m3: sumOfPowers(values, m, 3) / n, m4: sumOfPowers(values, m, 4) / n };
}

function sumOfPowers(values: readonly number[], centre: number, power: number): number {
  let sum = 0;
  for (const v of values) sum += (v - centre) ** power;
  return sum;
}

function hasNoSpread(values: readonly number[], spread: number): boolean {
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  return spread <= ZERO_SPREAD * largest;
}

function requirePeriods(periodsPerYear: number): void {
  if (!Number.isFinite(periodsPerYear) || periodsPerYear <= 0)
    throw new RangeError(`periodsPerYear must be a positive finite number, got ${periodsPerYear}`);
}
