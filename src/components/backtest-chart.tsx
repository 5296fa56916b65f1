"use client";

import { AreaSeries, createChart, LineSeries, type UTCTimestamp } from "lightweight-charts";
import { useEffect, useRef } from "react";

const toSeconds = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

/** A backtest's equity curve, with its drawdown from the running peak beneath. */
export function BacktestChart({ curve }: { curve: readonly { at: number; equity: number }[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (box.current === null) return;
    const chart = createChart(box.current, {
      autoSize: true,
      layout: { background: { color: "transparent" }, textColor: "#9ca3af" },
      grid: { vertLines: { visible: false }, horzLines: { color: "#1f2937" } },
      timeScale: { timeVisible: true, secondsVisible: false },
      leftPriceScale: { visible: true },
    });
    const equity = chart.addSeries(AreaSeries, {
      lineColor: "#38bdf8",
      topColor: "rgba(56, 189, 248, 0.25)",
      bottomColor: "rgba(56, 189, 248, 0)",
      lineWidth: 2,
    });
    const drawdown = chart.addSeries(LineSeries, { color: "#f87171", lineWidth: 1, priceScaleId: "left" });
    const points = new Map<number, number>();
    for (const p of curve) points.set(toSeconds(p.at), p.equity);
    const data = [...points].map(([time, value]) => ({ time: time as UTCTimestamp, value }));
    equity.setData(data);
    let peak = Number.NEGATIVE_INFINITY;
    drawdown.setData(
      data.map((p) => {
        peak = Math.max(peak, p.value);
        return { time: p.time, value: -(peak - p.value) };
      }),
    );
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [curve]);
  return <div ref={box} data-testid="backtest-chart" className="h-64 w-full" />;
}
