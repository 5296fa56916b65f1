/**
 * Is a Sharpe ratio real? The probabilistic Sharpe ratio (PSR) and the deflated Sharpe ratio (DSR) of
 * Bailey & López de Prado. Every Sharpe ratio here is per period, not annualised.
 */
import { inverseNormalCdf, normalCdf } from "./normal-distribution";
import { kurtosis, sampleStdev, sharpeRatio, skewness } from "./return-metrics";

/** Euler–Mascheroni constant γ. */
const EULER_GAMMA = 0.5772156649;

/** What PSR needs to know about a return series. */
export interface SharpeMoments {
  /** Per-period Sharpe ratio: mean / sample stdev. */
  readonly sharpe: number;
  /** Number of returns. */
  readonly n: number;
  /** Population skewness γ3. */
  readonly skewness: number;
  /** Raw (non-excess) population kurtosis γ4: 3 for normal returns. */
  readonly kurtosis: number;
}

/** The moments of `returns`; null below two values or without spread. */
export function sharpeMoments(returns: readonly number[]): SharpeMoments | null {
  const sharpe = sharpeRatio(returns);
  const g3 = skewness(returns);
  const g4 = kurtosis(returns);
  if (sharpe === null || g3 === null || g4 === null) return null;
  return { sharpe, n: returns.length, skewness: g3, kurtosis: g4 };
}

/**
 * PSR(SR*) = Φ((SR − SR*)·√(n − 1) / √(1 − γ3·SR + (γ4 − 1)/4·SR²)): the probability that the true
 * Sharpe ratio exceeds `benchmarkSharpe`. null below two returns or when the variance term is not positive.
 */
export function probabilisticSharpeRatio(moments: SharpeMoments, benchmarkSharpe = 0): number | null {
  const { sharpe, n, skewness: g3, kurtosis: g4 } = moments;
  if (n < 2) return null;
  const variance = 1 - g3 * sharpe + ((g4 - 1) / 4) * sharpe * sharpe;
  if (!(variance > 0)) return null;
  return normalCdf(((sharpe - benchmarkSharpe) * Math.sqrt(n - 1)) / Math.sqrt(variance));
}

/**
 * SR* = √V·((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))): the Sharpe ratio the best of N trials with
 * Sharpe-ratio variance V would show by luck alone. Needs N ≥ 2 and V ≥ 0.
 */
export function expectedMaxSharpe(trials: number, trialSharpeVariance: number): number {
  if (!Number.isInteger(trials) || trials < 2) throw new RangeError(`trials must be an integer ≥ 2, got ${trials}`);
  if (!(trialSharpeVariance >= 0) || !Number.isFinite(trialSharpeVariance))
    throw new RangeError(`trialSharpeVariance must be a finite number ≥ 0, got ${trialSharpeVariance}`);
  const spread =
    (1 - EULER_GAMMA) * inverseNormalCdf(1 - 1 / trials) + EULER_GAMMA * inverseNormalCdf(1 - 1 / (trials * Math.E));
  return Math.sqrt(trialSharpeVariance) * spread;
}

export interface DeflatedSharpe {
  /** PSR against the luck benchmark: the probability that the selected strategy's Sharpe ratio is real. */
  readonly probability: number;
  /** SR*, the expected best Sharpe ratio of the trials under no skill. */
  readonly benchmarkSharpe: number;
  readonly trials: number;
  /** Sample variance of the trials' Sharpe ratios. */
  readonly trialSharpeVariance: number;
}

/**
 * DSR of the selected strategy, given the per-period Sharpe ratios of every trial that was tried (the
 * selected one included). null with fewer than two trials or when PSR is undefined.
 */
export function deflatedSharpeRatio(moments: SharpeMoments, trialSharpes: readonly number[]): DeflatedSharpe | null {
  const s = sampleStdev(trialSharpes);
  if (s === null) return null;
  const trialSharpeVariance = s * s;
  const benchmarkSharpe = expectedMaxSharpe(trialSharpes.length, trialSharpeVariance);
  const probability = probabilisticSharpeRatio(moments, benchmarkSharpe);
  if (probability === null) return null;
  return { probability, benchmarkSharpe, trials: trialSharpes.length, trialSharpeVariance };
}
