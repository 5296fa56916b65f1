"use client";

import { useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { AreaSeries, createChart, type ISeriesApi, type UTCTimestamp } from "lightweight-charts";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/trpc/client";

const toSeconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000) as UTCTimestamp;

/** Equity over time: the stored snapshots, then each second's figure from the metrics topic. */
export function EquityCurve() {
  const trpc = useTRPC();
  const history = useQuery(trpc.trading.equityCurve.queryOptions());
  const box = useRef<HTMLDivElement>(null);
  const series = useRef<ISeriesApi<"Area"> | null>(null);
  const lastTime = useRef(0);

  useEffect(() => {
    if (box.current === null) return;
    const chart = createChart(box.current, {
      autoSize: true,
      layout: { background: { color: "transparent" }, textColor: "#9ca3af" },
      grid: { vertLines: { visible: false }, horzLines: { color: "#1f2937" } },
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    series.current = chart.addSeries(AreaSeries, {
      lineColor: "#38bdf8",
      topColor: "rgba(56, 189, 248, 0.25)",
      bottomColor: "rgba(56, 189, 248, 0)",
      lineWidth: 2,
    });
    return () => {
      chart.remove();
      series.current = null;
    };
  }, []);

  useEffect(() => {
    if (history.data === undefined || series.current === null) return;
    // One point per second at most: snapshots of the same second keep the last.
    const points = new Map<number, number>();
    for (const p of history.data) points.set(toSeconds(p.at), p.equity);
    const data = [...points].map(([time, value]) => ({ time: time as UTCTimestamp, value }));
    series.current.setData(data);
    lastTime.current = data.at(-1)?.time ?? 0;
  }, [history.data]);

  useSubscription(
    trpc.trading.onMetrics.subscriptionOptions(undefined, {
      onData: (metrics) => {
        const time = toSeconds(metrics.timestamp);
        if (series.current === null || time < lastTime.current) return;
        series.current.update({ time, value: metrics.equity });
        lastTime.current = time;
      },
    }),
  );

  return <div ref={box} data-testid="equity-curve" className="h-40 w-full" />;
}
