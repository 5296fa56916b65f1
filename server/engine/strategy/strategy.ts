import type { Clock } from "../clock";
import type { Candle, Tick } from "../model/market";
import type { MarketRegime } from "../model/regime";
import type { PositionSide, Side } from "../model/trading";
import type { SymbolMetrics } from "../scanner/symbol-metrics";

/** What a strategy may know when it decides; it never reaches the broker or the portfolio itself. */
export interface StrategyContext {
  readonly symbol: string;
  readonly clock: Clock;
  readonly regime: MarketRegime | null;
  readonly metrics: SymbolMetrics | undefined;
  readonly position: { readonly side: PositionSide; readonly qty: number; readonly entryPrice: number } | null;
}

/** A strategy's wish: to open (or add to) a position on a side, or to exit the one it holds. */
export interface Signal {
  readonly symbol: string;
  readonly strategyId: string;
  readonly ts: number;
  readonly side: Side;
  /** "entry" opens or adds; "exit" closes the current position. */
  readonly intent: "entry" | "exit";
  /** Strength of the setup, 0..1. */
  readonly score: number;
  /** How much the strategy trusts it, 0..1. */
  readonly confidence: number;
  /** Human-readable why, e.g. "EMA(9) crossed above EMA(21)". */
  readonly reason: string;
  readonly stopLoss?: number;
  readonly takeProfit?: number;
}

/**
 * Strategy interface, version 1. One instance per (strategy, symbol), so indicator state is the
 * instance's own. Both hooks are optional; each returns at most one signal.
 */
export interface Strategy {
  readonly id: string;
  readonly version: 1;
  onBar?(bar: Candle, ctx: StrategyContext): Signal | null;
  onTick?(tick: Tick, ctx: StrategyContext): Signal | null;
}

export type StrategyFactory<P> = (symbol: string, params: P) => Strategy;
