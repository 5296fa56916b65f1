import { DEFAULT_SYMBOLS } from "../../../engine/model/symbols";
import { hashString, Rng } from "./prng";

/** What makes one synthetic symbol look like itself. */
export interface SymbolProfile {
  readonly symbol: string;
  /** Price level the market starts at and drifts back to over days. */
  readonly referencePrice: number;
  /** Price increment = tickMultiplier / 10^tickDecimals; kept as integers so prices are exact decimals. */
  readonly tickDecimals: number;
  readonly tickMultiplier: number;
  readonly annualVolatility: number;
  /** Quoted spread in calm conditions, in basis points of price (never below one tick). */
  readonly baseSpreadBps: number;
  readonly dailyQuoteVolume: number;
}

export { DEFAULT_SYMBOLS };

type KnownProfile = Omit<SymbolProfile, "symbol" | "tickMultiplier">;

const KNOWN: Readonly<Record<string, KnownProfile>> = {
  BTCUSDT: {
    referencePrice: 90_000,
    tickDecimals: 1,
    annualVolatility: 0.55,
    baseSpreadBps: 0.1,
    dailyQuoteVolume: 15e9,
  },
  ETHUSDT: { referencePrice: 3000, tickDecimals: 2, annualVolatility: 0.7, baseSpreadBps: 0.2, dailyQuoteVolume: 8e9 },
  SOLUSDT: {
    referencePrice: 140,
    tickDecimals: 2,
    annualVolatility: 0.85,
    baseSpreadBps: 0.6,
    dailyQuoteVolume: 2.5e9,
  },
  BNBUSDT: { referencePrice: 900, tickDecimals: 1, annualVolatility: 0.55, baseSpreadBps: 0.8, dailyQuoteVolume: 6e8 },
  XRPUSDT: { referencePrice: 2.2, tickDecimals: 4, annualVolatility: 0.85, baseSpreadBps: 1, dailyQuoteVolume: 2e9 },
  ADAUSDT: { referencePrice: 0.45, tickDecimals: 4, annualVolatility: 0.9, baseSpreadBps: 1.5, dailyQuoteVolume: 4e8 },
  DOGEUSDT: {
    referencePrice: 0.16,
    tickDecimals: 5,
    annualVolatility: 0.95,
    baseSpreadBps: 1.2,
    dailyQuoteVolume: 1.2e9,
  },
  AVAXUSDT: { referencePrice: 14, tickDecimals: 3, annualVolatility: 0.95, baseSpreadBps: 2, dailyQuoteVolume: 2.5e8 },
  LINKUSDT: { referencePrice: 13, tickDecimals: 3, annualVolatility: 0.9, baseSpreadBps: 2, dailyQuoteVolume: 3e8 },
  TRXUSDT: { referencePrice: 0.28, tickDecimals: 5, annualVolatility: 0.5, baseSpreadBps: 2.5, dailyQuoteVolume: 2e8 },
};

/** The profile of a known coin, or one derived from a hash of the name (same name, same profile). */
export function profileFor(symbol: string): SymbolProfile {
  const known = KNOWN[symbol];
  if (known !== undefined) return { symbol, tickMultiplier: 1, ...known };
  const rng = new Rng(hashString(symbol));
  const referencePrice = Number((10 ** rng.uniform(-3, 4)).toPrecision(3));
  return {
    symbol,
    referencePrice,
    // About 1/10,000 of the price, like real listings.
    tickDecimals: Math.min(10, Math.max(0, 4 - Math.floor(Math.log10(referencePrice)))),
    tickMultiplier: 1,
    annualVolatility: rng.uniform(0.6, 1.3),
    baseSpreadBps: rng.uniform(1, 6),
    dailyQuoteVolume: 10 ** rng.uniform(7, 9),
  };
}

export function tickSizeOf(profile: SymbolProfile): number {
  return profile.tickMultiplier / 10 ** profile.tickDecimals;
}
