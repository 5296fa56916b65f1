import { ATR, DonchianChannels, type DonchianChannelsResult, RMA, SMA } from "trading-signals";
import { z } from "zod";
import type { Candle } from "../model/market";
import type { MarketRegime } from "../model/regime";
import type { PositionSide } from "../model/trading";
import {
  BarFilter,
  clamp01,
  closingSide,
  entryBlockedByRegime,
  intParam,
  numParam,
  OwnedTrade,
  openingSide,
  timeframeParam,
} from "./common";
import type { Signal, Strategy, StrategyContext, StrategyFactory } from "./strategy";

export const IMPULSE_ENGINE_ID = "impulse_engine";

/**
 * Parameters of `impulse_engine`. Every field has a default; unknown keys are rejected (a typo must not
 * silently fall back to a default).
 */
export const impulseEngineParams = z.strictObject({
  /** Bar timeframe the strategy trades; bars of other timeframes are ignored. */
  timeframe: timeframeParam,
  /** N: a long breakout closes above the highest high of the previous N bars (a short, below the lowest low). */
  lookback: intParam(20, 2, 500),
  /** ATR period; smoothed by RMA (Wilder's 1/n factor, O(1) per bar). */
  atrPeriod: intParam(14, 2, 500),
  /** Impulse: the breakout bar's range (high - low) must exceed this many ATRs of the bars before it. */
  impulseAtrMult: numParam(1.5, 0, 20),
  /** Bars in the volume average. */
  volumePeriod: intParam(20, 2, 500),
  /** Surge: the breakout bar's volume must exceed this multiple of the average of the previous bars; 0 turns the check off. */
  volumeSurgeMult: numParam(2, 0, 100),
  /** Suggested stop-loss distance from the entry close, in ATRs. */
  stopAtrMult: numParam(1.5, 0.1, 50),
  /** Suggested take-profit distance from the entry close, in ATRs; 0 suggests none. */
  takeProfitAtrMult: numParam(3, 0, 100),
  /** Trailing exit: close retreats this many ATRs from the best close since entry; 0 turns it off. */
  trailAtrMult: numParam(2, 0, 50),
  /** Time exit: bars after which momentum is deemed spent; 0 turns it off. */
  maxHoldBars: intParam(60, 0, 100_000),
});

export type ImpulseEngineParams = z.output<typeof impulseEngineParams>;

const REGIME_CONFIDENCE: Record<MarketRegime | "UNKNOWN", number> = {
  TREND: 0.2,
  RANGE: 0,
  UNKNOWN: -0.1,
  LOW_LIQ: 0,
  STALE_DATA: 0,
};

/**
 * Momentum breakout on closed bars: a bar that closes beyond the Donchian channel of the previous
 * `lookback` bars, with a range above `impulseAtrMult` ATRs and volume above `volumeSurgeMult` times its
 * average. Exits (for the positions it opened) when the close falls back inside the channel it broke,
 * when a trailing ATR stop is hit, or after `maxHoldBars`.
 *
 * Per bar: O(1) for the ATR, O(lookback) and O(volumePeriod) for the channel and the volume average
 * (fixed windows, independent of how much history has been seen); no copies of history.
 */
export class ImpulseEngine implements Strategy {
  readonly id = IMPULSE_ENGINE_ID;
  readonly version = 1 as const;

  private readonly filter: BarFilter;
  private readonly channel: DonchianChannels;
  private readonly atr: ATR;
  private readonly volumeAvg: SMA;
  /** Indicator values over the bars before the current one (null during warm-up). */
  private lastChannel: DonchianChannelsResult | null = null;
  private lastAtr: number | null = null;
  private lastVolumeAvg: number | null = null;

  private readonly trade = new OwnedTrade();
  /** The channel edge the entry bar broke: closing back inside it means the breakout failed. */
  private breakoutLevel = 0;
  /** Best close since entry (highest for a long, lowest for a short), for the trailing stop. */
  private bestClose = 0;

  constructor(
    readonly symbol: string,
    readonly params: ImpulseEngineParams,
  ) {
    this.filter = new BarFilter(symbol, params.timeframe);
    this.channel = new DonchianChannels(params.lookback);
    this.atr = new ATR(params.atrPeriod, RMA);
    this.volumeAvg = new SMA(params.volumePeriod);
  }

  onBar(bar: Candle, ctx: StrategyContext): Signal | null {
    if (!this.filter.accept(bar)) return null;
    const channel = this.lastChannel;
    const atrBefore = this.lastAtr;
    const volumeAvg = this.lastVolumeAvg;
    this.lastChannel = this.channel.add(bar);
    this.lastAtr = this.atr.add(bar);
    this.lastVolumeAvg = this.volumeAvg.add(bar.volume);
    const atr = this.lastAtr;

    const held = this.trade.reconcile(ctx);
    if (held !== null) return this.manage(held, bar, atr, ctx);

    if (channel === null || atrBefore === null || volumeAvg === null || atr === null || !(atrBefore > 0)) return null;
    if (ctx.position !== null || entryBlockedByRegime(ctx.regime)) return null;

    const p = this.params;
    const range = bar.high - bar.low;
    if (!(range > p.impulseAtrMult * atrBefore)) return null;
    const volumeRatio = volumeAvg > 0 ? bar.volume / volumeAvg : bar.volume > 0 ? Number.POSITIVE_INFINITY : 0;
    if (p.volumeSurgeMult > 0 && !(volumeRatio > p.volumeSurgeMult)) return null;

    let side: PositionSide;
    let level: number;
    if (bar.close > channel.upper) {
      side = "LONG";
      level = channel.upper;
    } else if (bar.close < channel.lower) {
      side = "SHORT";
      level = channel.lower;
    } else {
      return null;
    }

    // Score: how far past the gates the bar went — impulse, volume, and penetration beyond the level.
    const impulseExcess = p.impulseAtrMult > 0 ? (range / atrBefore - p.impulseAtrMult) / p.impulseAtrMult : 1;
    const volumeExcess = p.volumeSurgeMult > 0 ? (volumeRatio - p.volumeSurgeMult) / p.volumeSurgeMult : 1;
    const penetration = Math.abs(bar.close - level) / atrBefore;
    const score = 0.5 + (0.5 * (clamp01(impulseExcess) + clamp01(volumeExcess) + clamp01(penetration))) / 3;

    // Confidence: a clean bar closes near its extreme with a body in the breakout's direction.
    const closeLocation = side === "LONG" ? (bar.close - bar.low) / range : (bar.high - bar.close) / range;
    const directedBody = ((side === "LONG" ? 1 : -1) * (bar.close - bar.open)) / range;
    const cleanliness = (clamp01(closeLocation) + clamp01(directedBody)) / 2;
    const confidence = clamp01(0.4 + 0.4 * cleanliness + REGIME_CONFIDENCE[ctx.regime ?? "UNKNOWN"]);

    this.trade.open(side);
    this.breakoutLevel = level;
    this.bestClose = bar.close;
    const dir = side === "LONG" ? 1 : -1;
    return {
      symbol: this.symbol,
      strategyId: this.id,
      ts: ctx.clock.now(),
      side: openingSide(side),
      intent: "entry",
      score,
      confidence,
      reason:
        `close ${bar.close} broke the ${p.lookback}-bar ${side === "LONG" ? "high" : "low"} ${level}` +
        ` on a ${fmt(range / atrBefore)}×ATR bar with ${fmt(volumeRatio)}× average volume`,
      stopLoss: bar.close - dir * p.stopAtrMult * atr,
      ...(p.takeProfitAtrMult > 0 ? { takeProfit: bar.close + dir * p.takeProfitAtrMult * atr } : {}),
    };
  }

  private manage(held: PositionSide, bar: Candle, atr: number | null, ctx: StrategyContext): Signal | null {
    const p = this.params;
    const dir = held === "LONG" ? 1 : -1;
    if (dir * (bar.close - this.bestClose) > 0) this.bestClose = bar.close;
    if (this.trade.exitReason === null) {
      if (dir * (bar.close - this.breakoutLevel) < 0) {
        this.trade.exitReason = `close ${bar.close} fell back inside the channel (breakout level ${this.breakoutLevel})`;
      } else if (p.trailAtrMult > 0 && atr !== null && dir * (this.bestClose - bar.close) > p.trailAtrMult * atr) {
        this.trade.exitReason = `close ${bar.close} retreated more than ${p.trailAtrMult}×ATR from the best close ${this.bestClose}`;
      } else if (p.maxHoldBars > 0 && this.trade.barsHeld >= p.maxHoldBars) {
        this.trade.exitReason = `momentum spent: held ${this.trade.barsHeld} bars`;
      }
    }
    if (this.trade.exitReason === null) return null;
    return {
      symbol: this.symbol,
      strategyId: this.id,
      ts: ctx.clock.now(),
      side: closingSide(held),
      intent: "exit",
      score: 1,
      confidence: 1,
      reason: this.trade.exitReason,
    };
  }
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : String(x);
}

export const createImpulseEngine: StrategyFactory<ImpulseEngineParams> = (symbol, params) =>
  new ImpulseEngine(symbol, params);
