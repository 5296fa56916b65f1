import type { Settings } from "../config/settings-schema";
import type { RegimeThresholds } from "../engine/scanner/regime";

/** Per-symbol analysis and the regime thresholds, from the settings (the server, backtests, the agents). */
export function analysisOptions(settings: Settings): { enabled: boolean; thresholds: RegimeThresholds } {
  return {
    enabled: settings.MARKET_ANALYSIS_ENABLED,
    thresholds: {
      staleAfterSec: settings.REGIME_STALE_AFTER_SEC,
      trendChangePct: settings.REGIME_TREND_CHANGE_PCT,
      maxSpreadPct: settings.REGIME_MAX_SPREAD_PCT,
      minVolume1m: settings.REGIME_MIN_VOLUME_1M,
    },
  };
}
