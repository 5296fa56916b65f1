import type { RiskCode } from "../model/risk";

export interface RiskThresholds {
  /** Drawdown from the peak equity (since start or the last clear), in percent. */
  readonly drawdownSoftPct: number;
  readonly drawdownHardPct: number;
  /** Loss since the UTC day's start equity, in percent. */
  readonly dailyLossPct: number;
  /** |1-minute price change| of one symbol, in percent. */
  readonly volatilitySpikePct: number;
  /** Losing closes in a row. */
  readonly consecutiveLosses: number;
  /** Rejected share of the orders of the last 5 minutes, in percent, once there are rejectMinOrders. */
  readonly rejectRatePct: number;
  readonly rejectMinOrders: number;
  /** Seconds without a tick before a symbol is quarantined. */
  readonly staleDataSec: number;
  /** How long a level 1 or 3 condition must stay clear before the governor lifts it. */
  readonly clearHoldMs: number;
  /** The same for a quarantined symbol. */
  readonly quarantineHoldMs: number;
}

export interface SymbolRiskInput {
  readonly symbol: string;
  readonly priceChange1mPct: number;
  /** Infinity before the first tick. */
  readonly tickAgeSec: number;
}

/** What the governor measures at each evaluation. */
export interface RiskInputs {
  readonly now: number;
  readonly equity: number;
  /** Peak equity since start or the last clear (the governor's own baseline). */
  readonly peakEquity: number;
  /** Equity at the start of the UTC day (or at the last clear of the daily limit). */
  readonly dayStartEquity: number;
  /** When the current UTC day began (epoch ms). */
  readonly dayStartedAt: number;
  readonly symbols: readonly SymbolRiskInput[];
  readonly consecutiveLosses: number;
  readonly orders5m: number;
  readonly rejects5m: number;
  /** The feed's error message while it is failed, else null. */
  readonly feedError: string | null;
}

/** One rule's reading for one scope (the account, or a symbol). */
export interface RuleReading {
  readonly code: RiskCode;
  readonly level: 1 | 2 | 3;
  readonly symbol: string | null;
  readonly metric: string;
  readonly value: number;
  readonly threshold: number;
  /** The rule fires now. */
  readonly breached: boolean;
  /** The condition for lifting it holds now (the hold time is counted by the governor). */
  readonly clearing: boolean;
  readonly holdMs: number;
  /** The finding may lift only if it fired before this time (the daily limit: before today began). */
  readonly clearsOnlyIfSinceBefore?: number;
  /** A manual clear is meaningful now (it would not fire again at once). */
  readonly manualClearOk: boolean;
  /** Extra words for the advice (the feed's error). */
  readonly detail?: string;
}

export interface RuleAdvice {
  readonly recommendedAction: string;
  readonly clearRule: string;
}

const pct = (x: number) => `${Number(x.toFixed(2))}%`;
const duration = (ms: number) =>
  ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;
const STALE_RECOVERY_MS = 60_000;

/** Every rule's reading for these inputs. Pure: the governor keeps the state over time. */
export function readRules(i: RiskInputs, t: RiskThresholds): RuleReading[] {
  const out: RuleReading[] = [];
  const drawdown = i.peakEquity > 0 ? Math.max(0, ((i.peakEquity - i.equity) / i.peakEquity) * 100) : 0;
  out.push({
    code: "MAX_DRAWDOWN_HARD",
    level: 3,
    symbol: null,
    metric: "drawdown_pct",
    value: drawdown,
    threshold: t.drawdownHardPct,
    breached: drawdown >= t.drawdownHardPct,
    clearing: drawdown < t.drawdownSoftPct,
    holdMs: t.clearHoldMs,
    manualClearOk: true,
  });
  out.push({
    code: "MAX_DRAWDOWN_SOFT",
    level: 1,
    symbol: null,
    metric: "drawdown_pct",
    value: drawdown,
    threshold: t.drawdownSoftPct,
    breached: drawdown >= t.drawdownSoftPct,
    clearing: drawdown < t.drawdownSoftPct / 2,
    holdMs: t.clearHoldMs,
    manualClearOk: true,
  });
  const dailyLoss = i.dayStartEquity > 0 ? Math.max(0, ((i.dayStartEquity - i.equity) / i.dayStartEquity) * 100) : 0;
  out.push({
    code: "DAILY_LOSS_LIMIT",
    level: 3,
    symbol: null,
    metric: "daily_loss_pct",
    value: dailyLoss,
    threshold: t.dailyLossPct,
    breached: dailyLoss >= t.dailyLossPct,
    clearing: dailyLoss < t.dailyLossPct,
    holdMs: 0,
    clearsOnlyIfSinceBefore: i.dayStartedAt,
    manualClearOk: true,
  });
  out.push({
    code: "FEED_ERROR",
    level: 3,
    symbol: null,
    metric: "feed_ok",
    value: i.feedError === null ? 1 : 0,
    threshold: 1,
    breached: i.feedError !== null,
    clearing: i.feedError === null,
    holdMs: STALE_RECOVERY_MS,
    manualClearOk: i.feedError === null,
    detail: i.feedError ?? undefined,
  });
  out.push({
    code: "CONSECUTIVE_LOSSES",
    level: 1,
    symbol: null,
    metric: "consecutive_losses",
    value: i.consecutiveLosses,
    threshold: t.consecutiveLosses,
    breached: i.consecutiveLosses >= t.consecutiveLosses,
    clearing: i.consecutiveLosses === 0,
    holdMs: 0,
    manualClearOk: true,
  });
  const rejectRate = i.orders5m > 0 ? (i.rejects5m / i.orders5m) * 100 : 0;
  const rateCounts = i.orders5m >= t.rejectMinOrders;
  out.push({
    code: "REJECT_RATE_HIGH",
    level: 1,
    symbol: null,
    metric: "reject_rate_pct",
    value: rejectRate,
    threshold: t.rejectRatePct,
    breached: rateCounts && rejectRate >= t.rejectRatePct,
    clearing: !rateCounts || rejectRate < t.rejectRatePct / 2,
    holdMs: t.quarantineHoldMs,
    manualClearOk: true,
  });
  for (const s of i.symbols) {
    const move = Math.abs(s.priceChange1mPct);
    out.push({
      code: "VOLATILITY_SPIKE",
      level: 2,
      symbol: s.symbol,
      metric: "price_change_1m_pct",
      value: move,
      threshold: t.volatilitySpikePct,
      breached: move >= t.volatilitySpikePct,
      clearing: move < t.volatilitySpikePct / 2,
      holdMs: t.quarantineHoldMs,
      manualClearOk: move < t.volatilitySpikePct,
    });
    const fresh = s.tickAgeSec < t.staleDataSec;
    out.push({
      code: "DATA_STALE",
      level: 2,
      symbol: s.symbol,
      metric: "tick_age_sec",
      value: Number.isFinite(s.tickAgeSec) ? s.tickAgeSec : -1,
      threshold: t.staleDataSec,
      // A symbol that never ticked is not stale, just not trading yet (the decision gate says so).
      breached: !fresh && Number.isFinite(s.tickAgeSec),
      clearing: fresh,
      holdMs: STALE_RECOVERY_MS,
      manualClearOk: fresh,
    });
  }
  return out;
}

/** The words for a finding: what the governor does about it and what lifts it. Built only for active findings. */
export function adviceFor(r: RuleReading, t: RiskThresholds): RuleAdvice {
  const on = r.symbol ?? "";
  switch (r.code) {
    case "MAX_DRAWDOWN_HARD":
      return {
        recommendedAction:
          "All new orders are blocked and open orders cancelled. Review the losing positions; clear to trade again from the current equity.",
        clearRule: `Drawdown must reduce to <${pct(t.drawdownSoftPct)} for ${duration(t.clearHoldMs)}, or a manual clear (the peak restarts at the current equity)`,
      };
    case "MAX_DRAWDOWN_SOFT":
      return {
        recommendedAction:
          "Position sizes are halved and cooldowns doubled. Monitor closely; consider reducing leverage.",
        clearRule: `Drawdown must reduce to <${pct(t.drawdownSoftPct / 2)} for ${duration(t.clearHoldMs)}, or a manual clear`,
      };
    case "DAILY_LOSS_LIMIT":
      return {
        recommendedAction: "The day's loss limit is reached: no new orders today.",
        clearRule:
          "Clears when a new UTC day starts, or by a manual clear (the day's loss restarts at the current equity)",
      };
    case "FEED_ERROR":
      return {
        recommendedAction: `Market data feed failed${r.detail === undefined ? "" : ` (${r.detail})`}: restart the engine (POST /engine/restart) or fix the feed.`,
        clearRule: `The feed must run again for ${duration(STALE_RECOVERY_MS)}`,
      };
    case "CONSECUTIVE_LOSSES":
      return {
        recommendedAction:
          "Sizes halved after a losing streak. Check whether the market regime still suits the strategies.",
        clearRule: "Clears on the next winning close, or by a manual clear",
      };
    case "REJECT_RATE_HIGH":
      return {
        recommendedAction: "Many orders are rejected: check free margin, order sizes and the exchange's status.",
        clearRule: `Reject rate must stay <${pct(t.rejectRatePct / 2)} for ${duration(t.quarantineHoldMs)}, or a manual clear`,
      };
    case "VOLATILITY_SPIKE":
      return {
        recommendedAction: `${on} is quarantined after a ${pct(r.value)} move in a minute; other symbols still trade.`,
        clearRule: `|1m change| of ${on} must stay <${pct(t.volatilitySpikePct / 2)} for ${duration(t.quarantineHoldMs)}`,
      };
    case "DATA_STALE":
      return {
        recommendedAction: `No market data for ${on} for ${Math.round(r.value)} s: it is quarantined until data flows again.`,
        clearRule: `${on} must tick again for ${duration(STALE_RECOVERY_MS)}`,
      };
    case "KILLSWITCH":
      return {
        recommendedAction: `Killswitch triggered${r.detail === undefined ? "" : ` (${r.detail})`}: every new order is blocked.`,
        clearRule: "Manual clear only: POST /risk/governor/clear",
      };
  }
}
