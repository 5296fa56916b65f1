import type { HeanRuntime } from "../../runtime";
import { isoOrNull, round } from "./time";

/** The seed's multi_symbol block, as /trading/why will carry it. */
export function multiSymbolState(rt: HeanRuntime) {
  const s = rt.engine.scanner.state();
  return {
    enabled: rt.settings.MULTI_SYMBOL_ENABLED,
    symbols_count: s.symbolsCount,
    last_scanned_symbol: s.lastScannedSymbol,
    scan_cursor: s.scanCursor,
    scan_cycle_ts: isoOrNull(s.scanCycleTs),
  };
}

/** Every symbol's last scan: regime and the seed's market_metrics_short. */
export function marketScan(rt: HeanRuntime) {
  return {
    multi_symbol: multiSymbolState(rt),
    symbols: rt.engine.scanner.all().map((scan) => ({
      symbol: scan.symbol,
      market_regime: scan.regime,
      scanned_at: isoOrNull(scan.scannedAt),
      market_metrics_short:
        scan.metrics === undefined
          ? null
          : {
              spread_pct: round(scan.metrics.spreadPct, 6),
              vol_1m: round(scan.metrics.volume1m, 2),
              last_tick_age_sec: round(scan.metrics.lastTickAgeSec, 3),
              price_change_1m_pct: round(scan.metrics.priceChange1mPct, 6),
            },
    })),
  };
}
