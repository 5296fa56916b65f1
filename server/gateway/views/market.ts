import type { Candle, Tick, Ticker, Timeframe } from "../../engine/model/market";
import type { HeanRuntime } from "../../runtime";
import { Refusal } from "../refusal";
import { iso } from "./time";

export const tickerPayload = (t: Ticker) => ({
  symbol: t.symbol,
  price: t.price,
  bid: t.bid,
  ask: t.ask,
  volume_24h: t.volume24h,
  timestamp: iso(t.ts),
});

/** market_ticks / ticker_{symbol} message data. */
export const tickPayload = (t: Tick) => ({
  symbol: t.symbol,
  price: t.last,
  bid: t.bid,
  ask: t.ask,
  timestamp: iso(t.ts),
});

export const candlePayload = (c: Candle, closed: boolean) => ({
  timestamp: iso(c.openTime),
  open: c.open,
  high: c.high,
  low: c.low,
  close: c.close,
  volume: c.volume,
  trades: c.trades,
  closed,
});

export type TickerPayload = ReturnType<typeof tickerPayload>;
export type TickPayload = ReturnType<typeof tickPayload>;

function requireSymbol(rt: HeanRuntime, symbol: string): void {
  if (!rt.engine.symbols.includes(symbol))
    throw new Refusal(
      "UNKNOWN_SYMBOL",
      `Unknown symbol ${symbol}; configured symbols: ${rt.engine.symbols.join(", ")}`,
    );
}

/** GET /market/ticker */
export interface CandlesQuery {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly limit: number;
}

export function getTicker(rt: HeanRuntime, input: { readonly symbol: string }): TickerPayload {
  requireSymbol(rt, input.symbol);
  const ticker = rt.engine.tickers.get(input.symbol);
  if (ticker === undefined) throw new Refusal("NO_DATA_YET", `No tick received yet for ${input.symbol}`);
  return tickerPayload(ticker);
}

export function listTickers(rt: HeanRuntime): TickerPayload[] {
  return rt.engine.symbols.flatMap((s) => {
    const t = rt.engine.tickers.get(s);
    return t === undefined ? [] : [tickerPayload(t)];
  });
}

/** GET /market/candles: closed bars oldest first, the forming bar last (closed: false). */
export function getCandles(rt: HeanRuntime, input: CandlesQuery) {
  requireSymbol(rt, input.symbol);
  const history = rt.engine.candles.history(input.symbol, input.timeframe, input.limit);
  const forming = rt.engine.candles.forming(input.symbol, input.timeframe);
  return {
    symbol: input.symbol,
    timeframe: input.timeframe,
    candles: history.map((c) => candlePayload(c, c.openTime !== forming?.openTime)),
  };
}
