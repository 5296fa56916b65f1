"use client";

import { useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import { formatCompact } from "@/lib/format";
import { usePriceFormat } from "@/lib/use-price-format";
import { useTRPC } from "@/trpc/client";
import { EmptyRow } from "./empty-row";

interface Row {
  symbol: string;
  price: number;
  bid: number;
  ask: number;
  volume24h: number | null;
  direction: 1 | -1 | 0;
  timestamp: string;
}

/** Live prices for every configured symbol: a snapshot query, then the market_ticks stream. */
export function TickerTable() {
  const trpc = useTRPC();
  const symbols = useQuery(trpc.market.symbols.queryOptions());
  const snapshot = useQuery(trpc.market.tickers.queryOptions());
  const [rows, setRows] = useState<Record<string, Row>>({});
  const { price } = usePriceFormat();

  useEffect(() => {
    if (snapshot.data === undefined) return;
    setRows((prev) => {
      const next = { ...prev };
      for (const t of snapshot.data)
        next[t.symbol] = { ...t, volume24h: t.volume_24h, direction: next[t.symbol]?.direction ?? 0 };
      return next;
    });
  }, [snapshot.data]);

  useSubscription(
    trpc.market.onTicks.subscriptionOptions(undefined, {
      onData: (tick) =>
        setRows((prev) => {
          const old = prev[tick.symbol];
          const direction = old === undefined || tick.price === old.price ? 0 : tick.price > old.price ? 1 : -1;
          return { ...prev, [tick.symbol]: { ...tick, volume24h: old?.volume24h ?? null, direction } };
        }),
    }),
  );

  const list = symbols.data ?? [];
  return (
    <div className="max-h-[420px] overflow-auto">
      <table className="w-full whitespace-nowrap text-sm">
        <thead className="sticky top-0 z-10 bg-panel text-left text-xs text-gray-500">
          <tr>
            <th className="py-1 pr-4 font-normal">Symbol</th>
            <th className="py-1 pr-4 text-right font-normal">Last</th>
            <th className="py-1 pr-4 text-right font-normal">Bid</th>
            <th className="py-1 pr-4 text-right font-normal">Ask</th>
            <th className="py-1 pr-4 text-right font-normal">Spread</th>
            <th className="py-1 text-right font-normal">24h vol</th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {list.length === 0 && <EmptyRow cols={6} text="Waiting for market data…" />}
          {list.map((symbol) => {
            const r = rows[symbol];
            const color = r?.direction === 1 ? "text-up" : r?.direction === -1 ? "text-down" : "text-gray-100";
            const spreadBps = r ? ((r.ask - r.bid) / ((r.ask + r.bid) / 2)) * 10_000 : null;
            return (
              <tr key={symbol} data-testid={`ticker-row-${symbol}`} className="border-t border-panel-border">
                <td className="py-1 pr-4 font-sans font-medium">{symbol}</td>
                <td data-testid={`ticker-price-${symbol}`} className={`py-1 pr-4 text-right ${color}`}>
                  {r ? price(symbol, r.price) : "—"}
                </td>
                <td className="py-1 pr-4 text-right text-gray-400">{r ? price(symbol, r.bid) : "—"}</td>
                <td className="py-1 pr-4 text-right text-gray-400">{r ? price(symbol, r.ask) : "—"}</td>
                <td className="py-1 pr-4 text-right text-gray-400">
                  {spreadBps === null ? "—" : `${spreadBps.toFixed(1)} bp`}
                </td>
                <td className="py-1 text-right text-gray-400">
                  {r?.volume24h == null ? "—" : formatCompact(r.volume24h)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
