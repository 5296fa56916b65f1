import { unwrap } from "../../engine-gateway";
import { candlesInput, tickerInput, ticksInput } from "../../schemas/market";
import { mappedTopicStream } from "../topic-stream";
import { publicProcedure, router } from "../trpc";

export const marketRouter = router({
  symbols: publicProcedure.query(({ ctx }) => [...ctx.gateway.symbols]),
  /** Per-symbol instrument facts the dashboard formats prices with (tick_size null: unknown). */
  instruments: publicProcedure.query(({ ctx }) => ctx.gateway.instruments()),
  ticker: publicProcedure.input(tickerInput).query(({ ctx, input }) => unwrap(ctx.gateway.ticker(input.symbol))),
  tickers: publicProcedure.query(({ ctx }) => ctx.gateway.tickers()),
  /** Regime and short metrics per symbol, with the scan cursor (the seed's multi_symbol block). */
  scan: publicProcedure.query(({ ctx }) => ctx.gateway.scan()),
  candles: publicProcedure.input(candlesInput).query(({ ctx, input }) => unwrap(ctx.gateway.candles(input))),
  /** The market_ticks stream (throttled per symbol), optionally for some symbols only. */
  onTicks: publicProcedure.input(ticksInput).subscription(({ ctx, input, signal }) => {
    const wanted = input?.symbols === undefined ? null : new Set(input.symbols);
    return mappedTopicStream(ctx.gateway.topics, ["market_ticks"], signal, (_, tick) =>
      wanted === null || wanted.has(tick.symbol) ? tick : undefined,
    );
  }),
});
