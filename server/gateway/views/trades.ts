import { type ClosedTrade, closedTrades, type ReviewRow, reviewTrades, type TradeFill } from "../../engine/analytics";
import type { HeanRuntime } from "../../runtime";
import { iso, round } from "./time";

export interface TradesQuery {
  readonly symbol?: string | undefined;
  readonly strategy?: string | undefined;
  /** Closed at or after (epoch ms). */
  readonly from?: number | undefined;
  /** Closed before (epoch ms). */
  readonly to?: number | undefined;
  /** How many of the newest trades to list (the totals and the review count them all). */
  readonly limit?: number | undefined;
}

const tradePayload = (t: ClosedTrade) => ({
  symbol: t.symbol,
  side: t.side,
  strategy: t.strategyId,
  entry_time: iso(t.entryAt),
  exit_time: iso(t.exitAt),
  entry_price: t.entryPrice,
  exit_price: t.exitPrice,
  qty: t.qty,
  fees: round(t.fees, 8),
  gross_pnl: round(t.grossPnl, 8),
  realized_pnl: round(t.netPnl, 8),
  pnl_pct: round(t.returnPct, 6),
  duration_sec: round(t.durationMs / 1000, 3),
  exit_reason: t.exitReason === null ? null : t.exitReason === t.strategyId ? "strategy_exit" : t.exitReason,
});

export const reviewRowPayload = (r: ReviewRow) => ({
  key: r.key,
  trades: r.trades,
  wins: r.wins,
  win_rate: r.winRate === null ? null : round(r.winRate, 6),
  net_pnl: round(r.netPnl, 8),
  fees: round(r.fees, 8),
  expectancy: r.expectancy === null ? null : round(r.expectancy, 8),
  profit_factor: r.profitFactor === null ? null : round(r.profitFactor, 6),
  profit_factor_unbounded: r.profitFactorUnbounded,
  sharpe: r.sharpe === null ? null : round(r.sharpe, 6),
  max_drawdown: round(r.maxDrawdown, 8),
});

/** Closed trades from fills, filtered, with the review of the same trades (by strategy, by symbol, in total). */
export function tradesFrom(fills: readonly TradeFill[], q: TradesQuery) {
  const { trades } = closedTrades(fills);
  const kept = trades.filter(
    (t) =>
      (q.symbol === undefined || t.symbol === q.symbol) &&
      (q.strategy === undefined || t.strategyId === q.strategy) &&
      (q.from === undefined || t.exitAt >= q.from) &&
      (q.to === undefined || t.exitAt < q.to),
  );
  const review = reviewTrades(kept);
  const newest = [...kept].sort((a, b) => b.exitAt - a.exitAt).slice(0, q.limit ?? 500);
  return {
    count: kept.length,
    trades: newest.map(tradePayload),
    totals: reviewRowPayload(review.totals),
    by_strategy: review.byStrategy.map(reviewRowPayload),
    by_symbol: review.bySymbol.map(reviewRowPayload),
    strategies: [...new Set(trades.map((t) => t.strategyId ?? "unattributed"))].sort(),
  };
}

/** Every closed trade the account made (from the recorded fills), as the Trades page shows them. */
export async function tradeHistory(rt: HeanRuntime, q: TradesQuery) {
  return tradesFrom(await rt.readTradeFills(), q);
}
