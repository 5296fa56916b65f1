"use client";

import { useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { CandlestickSeries, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from "lightweight-charts";
import { useEffect, useRef, useState } from "react";
import { tickDecimals } from "@/lib/format";
import { usePriceFormat } from "@/lib/use-price-format";
import { useTRPC } from "@/trpc/client";

const TIMEFRAMES = { "1m": 60, "5m": 300, "15m": 900, "1h": 3600 } as const;
type Timeframe = keyof typeof TIMEFRAMES;
const FIT_BELOW_BARS = 120;

interface Bar {
  time: UTCTimestamp;
  open: number;
  high: number;
  low: number;
  close: number;
}

const toSeconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000) as UTCTimestamp;

/** Candles per symbol and timeframe: history from the engine, then the forming bar from live ticks. */
export function MarketChart() {
  const trpc = useTRPC();
  const symbols = useQuery(trpc.market.symbols.queryOptions());
  const [symbol, setSymbol] = useState<string | null>(null);
  const [timeframe, setTimeframe] = useState<Timeframe>("1m");
  const chosen = symbol ?? symbols.data?.[0] ?? null;
  const candles = useQuery({
    ...trpc.market.candles.queryOptions({ symbol: chosen ?? "", timeframe, limit: 300 }),
    enabled: chosen !== null,
  });
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<"Candlestick"> | null>(null);
  const last = useRef<Bar | null>(null);
  const [bars, setBars] = useState(0);
  const { tickSize } = usePriceFormat();
  const tick = chosen === null ? null : tickSize(chosen);

  useEffect(() => {
    if (box.current === null) return;
    const c = createChart(box.current, {
      autoSize: true,
      layout: { background: { color: "transparent" }, textColor: "#9ca3af" },
      grid: { vertLines: { color: "#1f2937" }, horzLines: { color: "#1f2937" } },
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    chart.current = c;
    series.current = c.addSeries(CandlestickSeries, {
      upColor: "#34d399",
      downColor: "#f87171",
      borderVisible: false,
      wickUpColor: "#34d399",
      wickDownColor: "#f87171",
    });
    return () => {
      c.remove();
      chart.current = null;
      series.current = null;
    };
  }, []);

  // The price axis and crosshair label at the symbol's tick size.
  useEffect(() => {
    if (tick === null) return;
    series.current?.applyOptions({ priceFormat: { type: "price", precision: tickDecimals(tick), minMove: tick } });
  }, [tick]);

  useEffect(() => {
    const data = candles.data?.candles.map((k) => ({
      time: toSeconds(k.timestamp),
      open: k.open,
      high: k.high,
      low: k.low,
      close: k.close,
    }));
    if (data === undefined || series.current === null) return;
    series.current.setData(data);
    last.current = data.at(-1) ?? null;
    setBars(data.length);
    // A short history fills the width; a long one opens on its latest bars.
    if (data.length < FIT_BELOW_BARS) chart.current?.timeScale().fitContent();
    else chart.current?.timeScale().scrollToRealTime();
  }, [candles.data]);

  useSubscription(
    trpc.market.onTicks.subscriptionOptions(chosen === null ? undefined : { symbols: [chosen] }, {
      enabled: chosen !== null,
      onData: (tick) => {
        const s = series.current;
        if (s === null || tick.symbol !== chosen) return;
        const period = TIMEFRAMES[timeframe];
        const open = (Math.floor(toSeconds(tick.timestamp) / period) * period) as UTCTimestamp;
        const prev = last.current;
        const bar: Bar =
          prev !== null && prev.time === open
            ? { ...prev, high: Math.max(prev.high, tick.price), low: Math.min(prev.low, tick.price), close: tick.price }
            : { time: open, open: tick.price, high: tick.price, low: tick.price, close: tick.price };
        if (prev !== null && bar.time < prev.time) return;
        s.update(bar);
        last.current = bar;
      },
    }),
  );

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <select
          aria-label="Symbol"
          data-testid="chart-symbol"
          className="rounded border border-gray-600 bg-panel px-2 py-1"
          value={chosen ?? ""}
          onChange={(e) => setSymbol(e.target.value)}
        >
          {(symbols.data ?? []).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        {(Object.keys(TIMEFRAMES) as Timeframe[]).map((tf) => (
          <button
            key={tf}
            type="button"
            data-testid={`chart-tf-${tf}`}
            aria-pressed={tf === timeframe}
            onClick={() => setTimeframe(tf)}
            className={`rounded border px-2 py-1 ${tf === timeframe ? "border-sky-500 text-sky-300" : "border-gray-600"}`}
          >
            {tf}
          </button>
        ))}
        <span data-testid="chart-bars" className="ml-auto text-gray-500">
          {bars} bars
        </span>
      </div>
      <div ref={box} data-testid="market-chart" className="h-72 w-full" />
    </div>
  );
}
