import { z } from "zod";
import { decimal, epochMs, optionalDecimal, optionalEpochMs, side } from "./decimal";
import { type Parsed, parseWith } from "./envelope";

/** A price level: [price, size]; size 0 removes the level (in a delta). */
const level = z.tuple([decimal, decimal]);

/** `orderbook.{depth}.{symbol}`: a snapshot replaces the book; a delta updates it; `u` = 1 means rebuild. */
export const orderbookMessage = z.object({
  topic: z.string().startsWith("orderbook."),
  type: z.enum(["snapshot", "delta"]),
  ts: epochMs,
  cts: optionalEpochMs,
  data: z.object({ s: z.string(), b: z.array(level), a: z.array(level), u: z.number().int(), seq: z.number().int() }),
});

/** `publicTrade.{symbol}` (also seen as `trade.{category}.{symbol}`): trades, oldest first. */
export const tradeMessage = z.object({
  topic: z.string().regex(/^(publicTrade|trade)\./),
  type: z.literal("snapshot"),
  ts: epochMs,
  data: z.array(
    z.object({
      T: epochMs,
      s: z.string(),
      S: side,
      v: decimal,
      p: decimal,
      i: z.string(),
      BT: z.boolean().optional(),
    }),
  ),
});

/** `kline.{interval}.{symbol}`: the forming bar, and the closed one once with `confirm: true`. */
export const klineMessage = z.object({
  topic: z.string().startsWith("kline."),
  type: z.literal("snapshot"),
  ts: epochMs,
  data: z.array(
    z.object({
      start: epochMs,
      end: epochMs,
      interval: z.string(),
      open: decimal,
      close: decimal,
      high: decimal,
      low: decimal,
      volume: decimal,
      turnover: decimal,
      confirm: z.boolean(),
      timestamp: epochMs,
    }),
  ),
});

/** `tickers.{symbol}`: a snapshot, then deltas that carry only what changed. */
export const tickerMessage = z.object({
  topic: z.string().startsWith("tickers."),
  type: z.enum(["snapshot", "delta"]),
  ts: epochMs,
  data: z.object({
    symbol: z.string(),
    lastPrice: optionalDecimal,
    bid1Price: optionalDecimal,
    bid1Size: optionalDecimal,
    ask1Price: optionalDecimal,
    ask1Size: optionalDecimal,
    markPrice: optionalDecimal,
    indexPrice: optionalDecimal,
    fundingRate: optionalDecimal,
    nextFundingTime: optionalEpochMs,
    volume24h: optionalDecimal,
    turnover24h: optionalDecimal,
  }),
});

/** Answers to `subscribe`, `ping` (public: `ret_msg: "pong"`; private: `op: "pong"`) and `auth`. */
export const opMessage = z.object({
  op: z.string(),
  success: z.boolean().optional(),
  ret_msg: z.string().optional(),
  retCode: z.number().optional(),
  retMsg: z.string().optional(),
  conn_id: z.string().optional(),
  connId: z.string().optional(),
  req_id: z.string().optional(),
  reqId: z.string().optional(),
});

export type OrderbookMessage = z.output<typeof orderbookMessage>;
export type TradeMessage = z.output<typeof tradeMessage>;
export type KlineMessage = z.output<typeof klineMessage>;
export type TickerMessage = z.output<typeof tickerMessage>;
export type OpMessage = z.output<typeof opMessage>;

export type PublicMessage =
  | { readonly kind: "orderbook"; readonly message: OrderbookMessage }
  | { readonly kind: "trade"; readonly message: TradeMessage }
  | { readonly kind: "kline"; readonly message: KlineMessage }
  | { readonly kind: "ticker"; readonly message: TickerMessage }
  | { readonly kind: "op"; readonly message: OpMessage };

/** One public WebSocket message, by its topic (or op), validated. */
export function parsePublicMessage(input: unknown): Parsed<PublicMessage> {
  if (typeof input !== "object" || input === null) return { ok: false, error: "not a JSON object" };
  const topic = (input as { topic?: unknown }).topic;
  const wrap = <K extends PublicMessage["kind"], M>(kind: K, r: Parsed<M>) =>
    r.ok ? { ok: true as const, value: { kind, message: r.value } as PublicMessage } : r;
  if (typeof topic !== "string") {
    if (typeof (input as { op?: unknown }).op === "string") return wrap("op", parseWith(opMessage, input));
    return { ok: false, error: "neither a topic nor an op" };
  }
  if (topic.startsWith("orderbook.")) return wrap("orderbook", parseWith(orderbookMessage, input));
  if (topic.startsWith("publicTrade.") || topic.startsWith("trade."))
    return wrap("trade", parseWith(tradeMessage, input));
  if (topic.startsWith("kline.")) return wrap("kline", parseWith(klineMessage, input));
  if (topic.startsWith("tickers.")) return wrap("ticker", parseWith(tickerMessage, input));
  return { ok: false, error: `unknown topic ${JSON.stringify(topic.slice(0, 60))}` };
}
