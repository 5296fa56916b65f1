import { candlesInput, tickerInput, ticksInput } from "../../schemas/market";
import { getCandles, getTicker, listTickers, type TickPayload } from "../../services/market";
import { marketScan } from "../../services/scanner";
import { topicStream } from "../topic-stream";
import { publicProcedure, router } from "../trpc";

export const marketRouter = router({
  symbols: publicProcedure.query(({ ctx }) => [...ctx.runtime.engine.symbols]),
  /** Per-symbol instrument facts the dashboard formats prices with (tick_size null: unknown). */
  instruments: publicProcedure.query(({ ctx }) =>
    ctx.runtime.engine.symbols.map((symbol) => ({ symbol, tick_size: ctx.runtime.engine.tickSize(symbol) })),
  ),
  ticker: publicProcedure.input(tickerInput).query(({ ctx, input }) => getTicker(ctx.runtime, input)),
  tickers: publicProcedure.query(({ ctx }) => listTickers(ctx.runtime)),
  /** Regime and short metrics per symbol, with the scan cursor (the seed's multi_symbol block). */
  scan: publicProcedure.query(({ ctx }) => marketScan(ctx.runtime)),
  candles: publicProcedure.input(candlesInput).query(({ ctx, input }) => getCandles(ctx.runtime, input)),
  /** The market_ticks stream (throttled per symbol), optionally for some symbols only. */
  onTicks: publicProcedure.input(ticksInput).subscription(({ ctx, input, signal }) => {
    const wanted = input?.symbols === undefined ? null : new Set(input.symbols);
    return topicStream<TickPayload>(ctx.runtime.topics, ["market_ticks"], signal, (_, data) => {
      const tick = data as TickPayload;
      return wanted === null || wanted.has(tick.symbol) ? tick : undefined;
    });
  }),
});
