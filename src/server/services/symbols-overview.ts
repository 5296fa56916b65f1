import type { HeanRuntime } from "../../../server/runtime";
import { isoOrNull, round } from "./time";
import { requireTrading } from "./trading-why";

/**
 * One row per configured symbol for the dashboard: regime and short metrics, the latest decision
 * with its reason codes, what is held, and what would block a new entry on it right now.
 */
export function symbolsOverview(rt: HeanRuntime) {
  const trading = requireTrading(rt);
  const now = rt.engine.clock.now();
  const risk = rt.engine.risk?.view();
  const running = rt.engine.state === "RUNNING";
  const orders = trading.broker.openOrders();
  const cooling = new Set(trading.cooldowns(now).map((c) => c.symbol));
  return rt.engine.symbols.map((symbol) => {
    const scan = rt.engine.scanner.scan(symbol);
    const m = scan?.metrics;
    const ticker = rt.engine.tickers.get(symbol);
    const last = trading.activity.lastDecisions.get(symbol);
    const position = trading.portfolio.position(symbol);
    const block = risk?.killswitch
      ? "KILLSWITCH_ACTIVE"
      : risk?.hardStop
        ? "RISK_HARD_STOP"
        : risk?.dailyLossHit
          ? "DAILY_LOSS_LIMIT"
          : risk?.quarantined.has(symbol)
            ? "RISK_QUARANTINE"
            : !running
              ? `ENGINE_${rt.engine.state}`
              : scan?.regime === "STALE_DATA"
                ? "DATA_STALE"
                : scan?.regime === "LOW_LIQ"
                  ? "LOW_LIQUIDITY"
                  : cooling.has(symbol)
                    ? "COOLDOWN"
                    : null;
    return {
      symbol,
      regime: scan?.regime ?? null,
      last_price: ticker?.price ?? null,
      // Unknown (null) until a whole minute of data exists, rather than a made-up 0.
      price_change_1m_pct: m === undefined || m.coverageSec < 60 ? null : round(m.priceChange1mPct, 4),
      spread_pct: m === undefined ? null : round(m.spreadPct, 5),
      last_decision:
        last === undefined
          ? null
          : {
              decision: last.decision,
              reason_codes: last.reasonCodes,
              strategy_id: last.strategyId,
              at: isoOrNull(last.at),
            },
      position: position === undefined ? null : { side: position.side, qty: position.qty },
      open_orders: orders.filter((o) => o.symbol === symbol).length,
      block_reason: block,
    };
  });
}
