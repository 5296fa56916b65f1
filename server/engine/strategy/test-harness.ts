/** Test helpers: synthetic bars, and a driver that plays a strategy against a simulated position. */
import { ManualClock } from "../clock";
import { type Candle, TIMEFRAME_MS, type Timeframe } from "../model/market";
import type { MarketRegime } from "../model/regime";
import type { PositionSide } from "../model/trading";
import type { Signal, Strategy, StrategyContext } from "./strategy";

export const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

export interface BarSpec {
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly close: number;
  readonly volume?: number;
}

/** Bar `index` (one minute apart from T0); high/low default to the open/close envelope ± `wiggle`. */
export function makeBar(index: number, spec: BarSpec, symbol = "BTCUSDT", timeframe: Timeframe = "1m"): Candle {
  const open = spec.open ?? spec.close;
  return {
    symbol,
    timeframe,
    openTime: T0 + index * TIMEFRAME_MS[timeframe],
    open,
    high: spec.high ?? Math.max(open, spec.close),
    low: spec.low ?? Math.min(open, spec.close),
    close: spec.close,
    volume: spec.volume ?? 1000,
    trades: 10,
  };
}

/**
 * A deterministic choppy series around `base`: each close moves by a fixed pseudo-random step of at
 * most `amplitude` (no trend), with a range of about `amplitude` per bar.
 */
export function choppyBars(count: number, base = 100, amplitude = 0.5, startIndex = 0, volume = 1000): Candle[] {
  const bars: Candle[] = [];
  let prev = base;
  for (let i = 0; i < count; i++) {
    const k = startIndex + i;
    // A fixed, bounded oscillation: sum of two incommensurate sines keeps it range-bound.
    const close = base + amplitude * (Math.sin(k * 1.7) + Math.sin(k * 0.61)) * 0.5;
    const open = prev;
    bars.push(
      makeBar(k, {
        open,
        close,
        high: Math.max(open, close) + amplitude * 0.3,
        low: Math.min(open, close) - amplitude * 0.3,
        volume: volume * (1 + 0.2 * Math.sin(k * 2.3)),
      }),
    );
    prev = close;
  }
  return bars;
}

export interface SimPosition {
  readonly side: PositionSide;
  readonly qty: number;
  readonly entryPrice: number;
  readonly stopLoss?: number;
  readonly takeProfit?: number;
}

/**
 * Plays bars through one strategy. Entries open a simulated position when flat, exits close it; with
 * `protective`, a bar that touches the entry's stop-loss / take-profit closes it before the strategy
 * sees the bar (as the broker would, intrabar).
 */
export class Driver {
  readonly clock = new ManualClock(T0);
  position: SimPosition | null = null;
  regime: MarketRegime | null = "RANGE";
  readonly signals: Signal[] = [];
  protectiveExits = 0;
  /** Closed simulated trades: return as a fraction of the entry price (no fees). */
  readonly tradeReturns: number[] = [];

  constructor(
    readonly strategy: Strategy,
    readonly symbol = "BTCUSDT",
    readonly protective = false,
  ) {}

  feed(bar: Candle): Signal | null {
    this.clock.advanceTo(bar.openTime + TIMEFRAME_MS[bar.timeframe]);
    if (this.protective && this.position !== null) this.applyProtective(bar);
    const ctx: StrategyContext = {
      symbol: this.symbol,
      clock: this.clock,
      regime: this.regime,
      metrics: undefined,
      position: this.position,
    };
    const signal = this.strategy.onBar?.(bar, ctx) ?? null;
    if (signal === null) return null;
    this.signals.push(signal);
    if (signal.intent === "entry" && this.position === null) {
      this.position = {
        side: signal.side === "BUY" ? "LONG" : "SHORT",
        qty: 1,
        entryPrice: bar.close,
        ...(signal.stopLoss !== undefined ? { stopLoss: signal.stopLoss } : {}),
        ...(signal.takeProfit !== undefined ? { takeProfit: signal.takeProfit } : {}),
      };
    } else if (signal.intent === "exit" && this.position !== null) {
      this.close(bar.close);
    }
    return signal;
  }

  feedAll(bars: Iterable<Candle>): Signal[] {
    const out: Signal[] = [];
    for (const bar of bars) {
      const s = this.feed(bar);
      if (s !== null) out.push(s);
    }
    return out;
  }

  private applyProtective(bar: Candle): void {
    const p = this.position;
    if (p === null) return;
    const long = p.side === "LONG";
    const stopHit = p.stopLoss !== undefined && (long ? bar.low <= p.stopLoss : bar.high >= p.stopLoss);
    const targetHit = p.takeProfit !== undefined && (long ? bar.high >= p.takeProfit : bar.low <= p.takeProfit);
    if (stopHit || targetHit) {
      // The stop is assumed to fill first when a bar touches both (the conservative reading).
      this.close(stopHit ? (p.stopLoss ?? bar.close) : (p.takeProfit ?? bar.close));
      this.protectiveExits++;
    }
  }

  private close(price: number): void {
    const p = this.position;
    if (p === null) return;
    this.tradeReturns.push(((p.side === "LONG" ? 1 : -1) * (price - p.entryPrice)) / p.entryPrice);
    this.position = null;
  }
}
