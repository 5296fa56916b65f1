/** A review of closed trades: one row per strategy, one per symbol, and the totals. */
import type { ClosedTrade } from "./closed-trades";
import { cumulativeCurve, maxDrawdown } from "./drawdown";
import { expectancy, profitFactor, sharpeRatio, winRate } from "./return-metrics";

/** The row of trades without a strategy id. */
export const UNATTRIBUTED = "unattributed";

export interface ReviewRow {
  /** The strategy id, the symbol, or "total". */
  readonly key: string;
  readonly trades: number;
  /** Trades with netPnl > 0. */
  readonly wins: number;
  /** wins / trades, 0..1; null without trades. */
  readonly winRate: number | null;
  readonly netPnl: number;
  readonly fees: number;
  /** Mean netPnl per trade; null without trades. */
  readonly expectancy: number | null;
  /** Gross wins / gross losses of netPnl; null without losses (see profitFactorUnbounded). */
  readonly profitFactor: number | null;
  /** True when there are wins and no losses (the factor would be +∞). */
  readonly profitFactorUnbounded: boolean;
  /** Per-trade Sharpe ratio of returnPct (mean / sample stdev, not annualised); null below two trades. */
  readonly sharpe: number | null;
  /** Deepest fall of the cumulative netPnl curve (starting at 0), in quote currency, ≥ 0. */
  readonly maxDrawdown: number;
}

export interface TradeReview {
  /** Sorted by key. */
  readonly byStrategy: ReviewRow[];
  /** Sorted by key. */
  readonly bySymbol: ReviewRow[];
  readonly totals: ReviewRow;
}

export function reviewTrades(trades: readonly ClosedTrade[]): TradeReview {
  const ordered = [...trades].sort((a, b) => a.exitAt - b.exitAt);
  return {
    byStrategy: groupRows(ordered, (t) => t.strategyId ?? UNATTRIBUTED),
    bySymbol: groupRows(ordered, (t) => t.symbol),
    totals: reviewRow("total", ordered),
  };
}

/** The row of `trades` (taken in the order given, which the drawdown follows). */
export function reviewRow(key: string, trades: readonly ClosedTrade[]): ReviewRow {
  const pnls = trades.map((t) => t.netPnl);
  const factor = profitFactor(pnls);
  let netPnl = 0;
  let fees = 0;
  let wins = 0;
  for (const t of trades) {
    netPnl += t.netPnl;
    fees += t.fees;
    if (t.netPnl > 0) wins++;
  }
  return {
    key,
    trades: trades.length,
    wins,
    winRate: winRate(pnls),
    netPnl,
    fees,
    expectancy: expectancy(pnls),
    profitFactor: factor.value,
    profitFactorUnbounded: factor.unbounded,
    sharpe: sharpeRatio(trades.map((t) => t.returnPct)),
    maxDrawdown: maxDrawdown(cumulativeCurve(pnls))?.absolute.depth ?? 0,
  };
}

function groupRows(trades: readonly ClosedTrade[], keyOf: (trade: ClosedTrade) => string): ReviewRow[] {
  const groups = new Map<string, ClosedTrade[]>();
  for (const t of trades) {
    const key = keyOf(t);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [t]);
    else group.push(t);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, group]) => reviewRow(key, group));
}
