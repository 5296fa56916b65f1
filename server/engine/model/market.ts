export const TIMEFRAMES = ["1m", "5m", "15m", "1h"] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export const TIMEFRAME_MS: Record<Timeframe, number> = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "1h": 3_600_000,
};

/** Top of book plus the trade flow since the previous tick of the same symbol. */
export interface Tick {
  readonly symbol: string;
  /** Epoch ms, in the engine clock's time. */
  readonly ts: number;
  readonly bid: number;
  readonly ask: number;
  /** Last traded price. */
  readonly last: number;
  readonly bidSize: number;
  readonly askSize: number;
  /** Quote-currency volume traded since the previous tick of this symbol (0 for a pure quote update). */
  readonly volume: number;
}

export interface Candle {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Epoch ms of the bar's start, aligned to the timeframe. */
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Quote-currency volume. */
  readonly volume: number;
  /** Number of ticks that built the bar. */
  readonly trades: number;
}

/** Latest view of one symbol, as /market/ticker answers it. */
export interface Ticker {
  readonly symbol: string;
  readonly price: number;
  readonly bid: number;
  readonly ask: number;
  /** Quote-currency volume over the trailing 24 hours (or since start, if shorter). */
  readonly volume24h: number;
  readonly ts: number;
}
