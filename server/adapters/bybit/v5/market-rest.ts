import { z } from "zod";
import { decimal, epochMs, optionalDecimal, optionalEpochMs, side } from "./decimal";

/** GET /v5/market/instruments-info: the rules an order must meet (linear or spot). */
export const instrumentsResult = z.object({
  category: z.string().optional(),
  nextPageCursor: z.string().nullable().optional(),
  list: z.array(
    z.object({
      symbol: z.string(),
      status: z.string(),
      contractType: z.string().optional(),
      baseCoin: z.string(),
      quoteCoin: z.string(),
      settleCoin: z.string().optional(),
      priceFilter: z.object({ tickSize: decimal, minPrice: optionalDecimal, maxPrice: optionalDecimal }),
      lotSizeFilter: z.object({
        minOrderQty: decimal,
        maxOrderQty: decimal,
        /** Linear: the quantity step; spot gives basePrecision instead. */
        qtyStep: optionalDecimal,
        basePrecision: optionalDecimal,
        maxMktOrderQty: optionalDecimal,
        minNotionalValue: optionalDecimal,
        minOrderAmt: optionalDecimal,
      }),
      leverageFilter: z.object({ minLeverage: decimal, maxLeverage: decimal, leverageStep: decimal }).optional(),
      /** Minutes between fundings (some answers give hours: 8). */
      fundingInterval: z.number().optional(),
    }),
  ),
});

/** GET /v5/market/kline: newest first, each [start, open, high, low, close, volume, turnover] as strings. */
export const klinesResult = z.object({
  category: z.string().optional(),
  symbol: z.string(),
  list: z.array(z.tuple([epochMs, decimal, decimal, decimal, decimal, decimal, decimal])),
});

/** GET /v5/market/orderbook. */
export const orderbookResult = z.object({
  s: z.string(),
  b: z.array(z.tuple([decimal, decimal])),
  a: z.array(z.tuple([decimal, decimal])),
  ts: epochMs,
  u: z.number().int(),
  seq: z.number().int().optional(),
  cts: optionalEpochMs,
});

/** GET /v5/market/recent-trade. */
export const recentTradesResult = z.object({
  category: z.string().optional(),
  list: z.array(
    z.object({
      execId: z.string(),
      symbol: z.string(),
      price: decimal,
      size: decimal,
      side,
      time: epochMs,
      isBlockTrade: z.boolean().optional(),
    }),
  ),
});

/** GET /v5/market/tickers (linear). */
export const tickersResult = z.object({
  category: z.string().optional(),
  list: z.array(
    z.object({
      symbol: z.string(),
      lastPrice: decimal,
      bid1Price: optionalDecimal,
      bid1Size: optionalDecimal,
      ask1Price: optionalDecimal,
      ask1Size: optionalDecimal,
      markPrice: optionalDecimal,
      fundingRate: optionalDecimal,
      nextFundingTime: optionalEpochMs,
      volume24h: optionalDecimal,
      turnover24h: optionalDecimal,
    }),
  ),
});
