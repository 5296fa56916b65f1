/** Trade and return analytics: pure functions over plain data, for backtest reports, the Critic and quality gates. */
export {
  type ClosedTrade,
  type ClosedTradesOptions,
  type ClosedTradesResult,
  closedTrades,
  type OpenLot,
  type TradeFill,
} from "./closed-trades";
export { cumulativeCurve, type DrawdownSpan, type MaxDrawdown, maxDrawdown } from "./drawdown";
export { inverseNormalCdf, normalCdf, normalPdf } from "./normal-distribution";
export {
  type DeflatedSharpe,
  deflatedSharpeRatio,
  expectedMaxSharpe,
  probabilisticSharpeRatio,
  type SharpeMoments,
  sharpeMoments,
} from "./probabilistic-sharpe";
export {
  downsideDeviation,
  excessKurtosis,
  expectancy,
  kurtosis,
  mean,
  type ProfitFactor,
  profitFactor,
  sampleStdev,
  sharpeRatio,
  skewness,
  sortinoRatio,
  winRate,
} from "./return-metrics";
export { type ReviewRow, reviewRow, reviewTrades, type TradeReview, UNATTRIBUTED } from "./trade-review";
