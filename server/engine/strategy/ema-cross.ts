import { ATR, EMA, RMA } from "trading-signals";
import { z } from "zod";
import type { Candle } from "../model/market";
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

export const EMA_CROSS_ID = "ema_cross";

/** Parameters of `ema_cross`; every field has a default, unknown keys are rejected. */
export const emaCrossParams = z
  .strictObject({
    /** Bar timeframe the strategy trades; bars of other timeframes are ignored. */
    timeframe: timeframeParam,
    /** Fast EMA period; must be below slowPeriod. */
    fastPeriod: intParam(9, 1, 500),
    /** Slow EMA period. */
    slowPeriod: intParam(21, 2, 1000),
    /** ATR period, for the suggested stop and the score (RMA-smoothed, see README). */
    atrPeriod: intParam(14, 2, 500),
    /** Suggested stop-loss distance from the entry close, in ATRs; 0 suggests none. */
    stopAtrMult: numParam(2, 0, 50),
    /** Suggested take-profit distance, in ATRs; 0 (the default) suggests none: the opposite cross exits. */
    takeProfitAtrMult: numParam(0, 0, 100),
  })
  .refine((p) => p.fastPeriod < p.slowPeriod, { error: "must be below slowPeriod", path: ["fastPeriod"] });

export type EmaCrossParams = z.output<typeof emaCrossParams>;

type Dir = -1 | 0 | 1;

/**
 * Fast/slow EMA crossover on closed bars: long on a golden cross (fast crosses above slow), short on a
 * death cross. A baseline, and the replay benchmark's strategy.
 *
 * Reversal: a cross while it holds the opposite position (one it opened) emits an `exit` for that
 * position on the cross bar, then the `entry` on the first following bar where the context shows the
 * symbol flat and the EMAs still agree with the cross. Every signal is a plain entry or exit, so the
 * pipeline never has to infer a flip. Per bar: O(1) (two EMAs and an RMA-smoothed ATR, no arrays).
 */
export class EmaCross implements Strategy {
  readonly id = EMA_CROSS_ID;
  readonly version = 1 as const;

  private readonly filter: BarFilter;
  private readonly fast: EMA;
  private readonly slow: EMA;
  private readonly atr: ATR;
  private readonly trade = new OwnedTrade();
  private bars = 0;
  /** Sign of fast - slow at the last bar where they differed (0 until both EMAs are warm). */
  private lastDir: Dir = 0;
  /** The side to enter once the exit of the opposite position has gone through. */
  private pending: PositionSide | null = null;

  constructor(
    readonly symbol: string,
    readonly params: EmaCrossParams,
  ) {
    this.filter = new BarFilter(symbol, params.timeframe);
    this.fast = new EMA(params.fastPeriod);
    this.slow = new EMA(params.slowPeriod);
    this.atr = new ATR(params.atrPeriod, RMA);
  }

  onBar(bar: Candle, ctx: StrategyContext): Signal | null {
    if (!this.filter.accept(bar)) return null;
    const fast = this.fast.update(bar.close, false);
    const slow = this.slow.update(bar.close, false);
    const atr = this.atr.add(bar);
    this.bars++;
    const held = this.trade.reconcile(ctx);
    if (this.bars < this.params.slowPeriod) return null;

    const dir: Dir = fast > slow ? 1 : fast < slow ? -1 : 0;
    const crossed = dir !== 0 && this.lastDir !== 0 && dir !== this.lastDir;
    if (dir !== 0) this.lastDir = dir;

    if (crossed) {
      const want: PositionSide = dir > 0 ? "LONG" : "SHORT";
      this.pending = null;
      if (held !== null && held !== want) {
        this.trade.exitReason = `EMA(${this.params.fastPeriod}) crossed ${dir > 0 ? "above" : "below"} EMA(${this.params.slowPeriod})`;
        this.pending = want;
        return this.exit(held, ctx);
      }
      if (held === want) {
        // Crossed back before a pending exit went through: the position agrees with the EMAs again.
        this.trade.exitReason = null;
        return null;
      }
      if (held === null && ctx.position === null) return this.entry(want, bar, fast, slow, atr, ctx);
      return null;
    }
    if (held !== null && this.trade.exitReason !== null) return this.exit(held, ctx);
    const pending = this.pending;
    if (pending !== null && held === null) {
      this.pending = null;
      if (ctx.position === null && dir === (pending === "LONG" ? 1 : -1)) {
        return this.entry(pending, bar, fast, slow, atr, ctx);
      }
    }
    return null;
  }

  private entry(
    side: PositionSide,
    bar: Candle,
    fast: number,
    slow: number,
    atr: number | null,
    ctx: StrategyContext,
  ): Signal | null {
    if (entryBlockedByRegime(ctx.regime)) return null;
    const p = this.params;
    const d = side === "LONG" ? 1 : -1;
    const hasAtr = atr !== null && atr > 0;
    // Score: how far the close already stands beyond the slow EMA, in ATRs (two ATRs = full strength).
    const score = 0.5 + 0.5 * (hasAtr ? clamp01((d * (bar.close - slow)) / (2 * atr)) : 0);
    // Confidence: crossovers whipsaw in ranges and carry in trends; a close beyond the fast EMA confirms.
    const regimeAdj = ctx.regime === "TREND" ? 0.2 : ctx.regime === "RANGE" ? -0.1 : 0;
    const confirmed = d * (bar.close - fast) > 0 ? 0.1 : 0;
    const confidence = clamp01(0.5 + regimeAdj + confirmed);
    this.trade.open(side);
    return {
      symbol: this.symbol,
      strategyId: this.id,
      ts: ctx.clock.now(),
      side: openingSide(side),
      intent: "entry",
      score,
      confidence,
      reason: `EMA(${p.fastPeriod}) ${fast.toFixed(2)} ${d > 0 ? "above" : "below"} EMA(${p.slowPeriod}) ${slow.toFixed(2)} after a ${d > 0 ? "golden" : "death"} cross`,
      ...(hasAtr && p.stopAtrMult > 0 ? { stopLoss: bar.close - d * p.stopAtrMult * atr } : {}),
      ...(hasAtr && p.takeProfitAtrMult > 0 ? { takeProfit: bar.close + d * p.takeProfitAtrMult * atr } : {}),
    };
  }

  private exit(held: PositionSide, ctx: StrategyContext): Signal {
    return {
      symbol: this.symbol,
      strategyId: this.id,
      ts: ctx.clock.now(),
      side: closingSide(held),
      intent: "exit",
      score: 1,
      confidence: 1,
      reason: this.trade.exitReason ?? "opposite cross",
    };
  }
}

export const createEmaCross: StrategyFactory<EmaCrossParams> = (symbol, params) => new EmaCross(symbol, params);
