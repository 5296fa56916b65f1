import type { MarketRegime } from "../model/regime";
import type { SymbolMetrics } from "./symbol-metrics";

export interface RegimeThresholds {
  /** Older last tick than this → STALE_DATA (seed: 30 s). */
  readonly staleAfterSec: number;
  /** |1-minute change| above this percent → TREND (seed: 1%). */
  readonly trendChangePct: number;
  /** Spread above this percent → LOW_LIQ (seed: 0.1%). */
  readonly maxSpreadPct: number;
  /** 1-minute quote volume below this → LOW_LIQ (only once a full minute is covered). */
  readonly minVolume1m: number;
}

export const SEED_THRESHOLDS: RegimeThresholds = {
  staleAfterSec: 30,
  trendChangePct: 1,
  maxSpreadPct: 0.1,
  minVolume1m: 1_000,
};

/** The seed's classification, in its order: stale data first, then trend, then liquidity, else range. */
export function classifyRegime(m: SymbolMetrics, t: RegimeThresholds): MarketRegime {
  if (m.lastTickAgeSec > t.staleAfterSec) return "STALE_DATA";
  if (Math.abs(m.priceChange1mPct) > t.trendChangePct) return "TREND";
  if (m.spreadPct > t.maxSpreadPct) return "LOW_LIQ";
  if (m.coverageSec >= 60 && m.volume1m < t.minVolume1m) return "LOW_LIQ";
  return "RANGE";
}
