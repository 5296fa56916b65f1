import type { Tick } from "../../../engine/model/market";
import type { ReplayBar, ReplayQuote } from "./replay-format";

const BAR_MS = 60_000;
const TICKS_PER_BAR = 4;

/**
 * Four ticks inside the bar's minute (at 0, 15, 30 and 45 s) whose last prices visit the bar's open,
 * both extremes and close: open → low → high → close for an up (or flat) bar, open → high → low → close
 * for a down bar. The bar's volume is split evenly, and the quote is last ± spreadBps / 2.
 */
export function barToTicks(bar: ReplayBar, symbol: string, spreadBps: number): Tick[] {
  const path =
    bar.close >= bar.open ? [bar.open, bar.low, bar.high, bar.close] : [bar.open, bar.high, bar.low, bar.close];
  const quarter = bar.volume / TICKS_PER_BAR;
  // The last share takes the rounding remainder, so the four volumes add back to the bar's exactly.
  const volumes = [quarter, quarter, quarter, bar.volume - (quarter + quarter + quarter)];
  const half = spreadBps / 20_000;
  const ticks: Tick[] = [];
  for (let i = 0; i < TICKS_PER_BAR; i++) {
    const last = path[i] ?? bar.close;
    const volume = volumes[i] ?? 0;
    const size = volume / last;
    ticks.push({
      symbol,
      ts: bar.ts + (i * BAR_MS) / TICKS_PER_BAR,
      bid: last * (1 - half),
      ask: last * (1 + half),
      last,
      bidSize: size,
      askSize: size,
      volume,
    });
  }
  return ticks;
}

/** A pure quote update: last is the mid, no volume traded. */
export function quoteToTick(quote: ReplayQuote): Tick {
  return {
    symbol: quote.symbol,
    ts: quote.ts,
    bid: quote.bid,
    ask: quote.ask,
    last: (quote.bid + quote.ask) / 2,
    bidSize: quote.bidSize,
    askSize: quote.askSize,
    volume: 0,
  };
}
