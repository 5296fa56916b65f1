import type { HeanRuntime } from "../../runtime";
import { round } from "./time";
import { decisionPayload } from "./trading-payloads";
import { requireTrading } from "./trading-why";

/**
 * One row per configured symbol for the dashboard: regime and short metrics, the latest decision
 * with its reason codes, what is held, and what would block a new entry on it right now.
 */
export function symbolsOverview(rt: HeanRuntime) {
  const trading = requireTrading(rt);
  const orders = trading.broker.openOrders();
  return rt.engine.symbols.map((symbol) => {
    const scan = rt.engine.scanner.scan(symbol);
    const m = scan?.metrics;
    const ticker = rt.engine.tickers.get(symbol);
    const last = trading.activity.lastDecisions.get(symbol);
    const position = trading.portfolio.position(symbol);
    const { blocked, skipped } = trading.entryBlockers(symbol);
    const blockers = [...blocked, ...skipped];
    return {
      symbol,
      regime: scan?.regime ?? null,
      last_price: ticker?.price ?? null,
      // Unknown (null) until a whole minute of data exists, rather than a made-up 0.
      price_change_1m_pct: m === undefined || m.coverageSec < 60 ? null : round(m.priceChange1mPct, 4),
      spread_pct: m === undefined ? null : round(m.spreadPct, 5),
      last_decision: last === undefined ? null : decisionPayload(last),
      position: position === undefined ? null : { side: position.side, qty: position.qty },
      open_orders: orders.filter((o) => o.symbol === symbol).length,
      /** The first reason a new entry would be declined now (a decision's own reason code), or null. */
      block_reason: blockers[0] ?? null,
      block_reasons: blockers,
    };
  });
}
