/**
 * The fake exchange's market: a deterministic price per symbol and millisecond, so its REST klines
 * and its live stream tell one story, and a test can compute what HEAN must have seen.
 */
const BASE_PRICES: Readonly<Record<string, number>> = {
  BTCUSDT: 90_000,
  ETHUSDT: 3_000,
  SOLUSDT: 140,
  BNBUSDT: 900,
  XRPUSDT: 2.2,
  ADAUSDT: 0.45,
  DOGEUSDT: 0.15,
  AVAXUSDT: 14,
  LINKUSDT: 12.5,
  TRXUSDT: 0.3,
};

export const TICK_SIZES: Readonly<Record<string, number>> = {
  BTCUSDT: 0.1,
  ETHUSDT: 0.01,
  SOLUSDT: 0.01,
  BNBUSDT: 0.1,
  XRPUSDT: 0.0001,
  ADAUSDT: 0.0001,
  DOGEUSDT: 0.00001,
  AVAXUSDT: 0.001,
  LINKUSDT: 0.001,
  TRXUSDT: 0.00001,
};

function hash(n: number): number {
  let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return ((x ^ (x >>> 16)) >>> 0) / 0x1_0000_0000;
}

function symbolSeed(symbol: string): number {
  let h = 7;
  for (const c of symbol) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

export function tickSizeOf(symbol: string): number {
  return TICK_SIZES[symbol] ?? 0.01;
}

export function roundToTick(price: number, tick: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(tick)));
  return Number((Math.round(price / tick) * tick).toFixed(decimals));
}

/** The mid price at `ts`: slow waves plus a little noise per second. */
export function midPrice(symbol: string, ts: number): number {
  const seed = symbolSeed(symbol);
  const base = BASE_PRICES[symbol] ?? 10 + (Math.abs(seed) % 1000) / 10;
  const phase = (Math.abs(seed) % 1000) / 1000;
  const t = ts / 3_600_000;
  const wave = 0.01 * Math.sin(2 * Math.PI * (t + phase)) + 0.004 * Math.sin(2 * Math.PI * (t * 7 + phase));
  const noise = 0.0005 * (hash(Math.floor(ts / 1000) + seed) - 0.5);
  return roundToTick(base * (1 + wave + noise), tickSizeOf(symbol));
}

/** One-minute bar [start, open, high, low, close, volume, turnover] from the path's seconds. */
export function minuteBar(symbol: string, start: number): [number, number, number, number, number, number, number] {
  const prices: number[] = [];
  for (let s = 0; s < 60; s += 5) prices.push(midPrice(symbol, start + s * 1000));
  const close = midPrice(symbol, start + 59_999);
  prices.push(close);
  const open = prices[0] ?? close;
  const volume = Number((1 + 10 * hash(start / 60_000 + symbolSeed(symbol))).toFixed(3));
  return [start, open, Math.max(...prices), Math.min(...prices), close, volume, Number((volume * close).toFixed(4))];
}
