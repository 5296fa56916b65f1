import { ATR, type BandsResult, BollingerBands, RMA, RSI, WSMA } from "trading-signals";
import { z } from "zod";
import type { Candle } from "../model/market";
import type { PositionSide } from "../model/trading";
import { BarFilter, clamp01, closingSide, intParam, numParam, OwnedTrade, openingSide, timeframeParam } from "./common";
import type { Signal, Strategy, StrategyContext, StrategyFactory } from "./strategy";

export const MEAN_REVERSION_ID = "mean_reversion";

/** Parameters of `mean_reversion`; every field has a default, unknown keys are rejected. */
export const meanReversionParams = z.strictObject({
  /** Bar timeframe the strategy trades; bars of other timeframes are ignored. */
  timeframe: timeframeParam,
  /** Bollinger Bands: SMA period of the closes. */
  bbPeriod: intParam(20, 2, 500),
  /** Bollinger Bands: band distance from the middle, in standard deviations. */
  bbStdDev: numParam(2, 0.5, 5),
  /** RSI period (Wilder's smoothing, seeded by a simple average as in the original definition). */
  rsiPeriod: intParam(14, 2, 500),
  /** A long needs RSI at or below this. */
  rsiOversold: numParam(30, 1, 49),
  /** A short needs RSI at or above this. */
  rsiOverbought: numParam(70, 51, 99),
  /** ATR period, for the stop and the shock filter; smoothed by RMA (O(1) per bar). */
  atrPeriod: intParam(14, 2, 500),
  /** Suggested stop-loss distance from the entry close, in ATRs (the take-profit is the middle band). */
  stopAtrMult: numParam(1.5, 0.1, 50),
  /** Time exit: bars after which the reversion is deemed to have failed; 0 turns it off. */
  maxHoldBars: intParam(30, 0, 100_000),
});

export type MeanReversionParams = z.output<typeof meanReversionParams>;

/**
 * Bollinger Bands + RSI fade on closed bars, in RANGE (or not yet classified) markets only: long when
 * the close is below the lower band and RSI is oversold, short when above the upper band and RSI is
 * overbought. Exits (for the positions it opened) when the close reaches the middle band, or after
 * `maxHoldBars`.
 *
 * Per bar: O(bbPeriod + rsiPeriod) for the bands and RSI (fixed windows, independent of how much history
 * has been seen), O(1) for the ATR; no copies of history.
 */
export class MeanReversion implements Strategy {
  readonly id = MEAN_REVERSION_ID;
  readonly version = 1 as const;

  private readonly filter: BarFilter;
  private readonly bands: BollingerBands;
  private readonly rsi: RSI;
  private readonly atr: ATR;
  private readonly trade = new OwnedTrade();

  constructor(
    readonly symbol: string,
    readonly params: MeanReversionParams,
  ) {
    this.filter = new BarFilter(symbol, params.timeframe);
    this.bands = new BollingerBands(params.bbPeriod, params.bbStdDev);
    this.rsi = new RSI(params.rsiPeriod, WSMA, {
      oversold: params.rsiOversold,
      overbought: params.rsiOverbought,
    });
    this.atr = new ATR(params.atrPeriod, RMA);
  }

  onBar(bar: Candle, ctx: StrategyContext): Signal | null {
    if (!this.filter.accept(bar)) return null;
    const bands = this.bands.add(bar.close);
    const rsi = this.rsi.add(bar.close);
    const atr = this.atr.add(bar);

    const held = this.trade.reconcile(ctx);
    if (held !== null) return this.manage(held, bar, bands, ctx);

    if (bands === null || rsi === null || atr === null || !(atr > 0)) return null;
    // Fading moves is for ranges: not in TREND, nor where the scanner says thin book or stale data.
    if (ctx.position !== null || (ctx.regime !== null && ctx.regime !== "RANGE")) return null;

    const p = this.params;
    let side: PositionSide;
    let depth: number;
    let rsiExtremity: number;
    if (bar.close < bands.lower && rsi <= p.rsiOversold) {
      side = "LONG";
      depth = bands.lower - bar.close;
      rsiExtremity = (p.rsiOversold - rsi) / (p.rsiOversold / 2);
    } else if (bar.close > bands.upper && rsi >= p.rsiOverbought) {
      side = "SHORT";
      depth = bar.close - bands.upper;
      rsiExtremity = (rsi - p.rsiOverbought) / ((100 - p.rsiOverbought) / 2);
    } else {
      return null;
    }

    // Score: distance beyond the band (in standard deviations) and how extreme RSI is.
    const sigma = (bands.upper - bands.middle) / p.bbStdDev;
    const depthSigmas = sigma > 0 ? depth / sigma : 1;
    const score = 0.5 + (0.5 * (clamp01(depthSigmas) + clamp01(rsiExtremity))) / 2;

    // Confidence: a confirmed RANGE beats an unclassified market; a wick back from the extreme hints at
    // exhaustion; a shock bar (range well above ATR) is more likely news than noise.
    const range = bar.high - bar.low;
    const wick = range > 0 ? (side === "LONG" ? bar.close - bar.low : bar.high - bar.close) / range : 0;
    const shock = clamp01((range / atr - 2) / 2);
    const base = ctx.regime === "RANGE" ? 0.7 : 0.5;
    const confidence = clamp01(base + 0.2 * (wick - 0.5) - 0.3 * shock);

    this.trade.open(side);
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
        `close ${bar.close} ${side === "LONG" ? "below the lower" : "above the upper"} Bollinger band ` +
        `${(side === "LONG" ? bands.lower : bands.upper).toFixed(2)} with RSI(${p.rsiPeriod}) ${rsi.toFixed(1)}`,
      stopLoss: bar.close - dir * p.stopAtrMult * atr,
      takeProfit: bands.middle,
    };
  }

  private manage(held: PositionSide, bar: Candle, bands: BandsResult | null, ctx: StrategyContext): Signal | null {
    const p = this.params;
    if (this.trade.exitReason === null) {
      const dir = held === "LONG" ? 1 : -1;
      if (bands !== null && dir * (bar.close - bands.middle) >= 0) {
        this.trade.exitReason = `close ${bar.close} reached the middle band ${bands.middle.toFixed(2)}`;
      } else if (p.maxHoldBars > 0 && this.trade.barsHeld >= p.maxHoldBars) {
        this.trade.exitReason = `no reversion after ${this.trade.barsHeld} bars`;
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

export const createMeanReversion: StrategyFactory<MeanReversionParams> = (symbol, params) =>
  new MeanReversion(symbol, params);
