import type { MarketRegime } from "../model/regime";
import type { RegimeThresholds } from "../scanner/regime";
import type { SymbolMetrics } from "../scanner/symbol-metrics";

/**
 * How sure the classification is, from the metrics that made it: 0.5 on a threshold, toward 1 the
 * further the deciding metric is past it (or, for RANGE, the nearer metric is below its threshold),
 * scaled down while the metrics cover less than the minute they need.
 */
export function regimeConfidence(regime: MarketRegime, m: SymbolMetrics | undefined, t: RegimeThresholds): number {
  if (m === undefined) return regime === "STALE_DATA" ? 1 : 0;
  const margin = marginOf(regime, m, t);
  const sure = 0.5 + 0.5 * (1 - Math.exp(-3 * Math.max(0, margin)));
  const coverage = regime === "STALE_DATA" ? 1 : Math.min(1, Math.max(0, m.coverageSec / 60));
  return Math.round(sure * (0.5 + 0.5 * coverage) * 1000) / 1000;
}

function marginOf(regime: MarketRegime, m: SymbolMetrics, t: RegimeThresholds): number {
  switch (regime) {
    case "STALE_DATA":
      return Number.isFinite(m.lastTickAgeSec) ? m.lastTickAgeSec / t.staleAfterSec - 1 : 10;
    case "TREND":
      return Math.abs(m.priceChange1mPct) / t.trendChangePct - 1;
    case "LOW_LIQ":
      return Math.max(
        m.spreadPct / t.maxSpreadPct - 1,
        m.coverageSec >= 60 && t.minVolume1m > 0 ? 1 - m.volume1m / t.minVolume1m : 0,
      );
    case "RANGE": {
      const below = [1 - Math.abs(m.priceChange1mPct) / t.trendChangePct, 1 - m.spreadPct / t.maxSpreadPct];
      if (m.coverageSec >= 60 && t.minVolume1m > 0) below.push(m.volume1m / t.minVolume1m - 1);
      return Math.min(...below);
    }
  }
}
