"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { formatSigned } from "@/lib/format";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/outputs";
import { SYMBOL_PATTERN } from "../../server/engine/model/symbols";
import { EmptyRow } from "./empty-row";
import { When } from "./when";

type History = RouterOutputs["trading"]["trades"];
type Row = History["by_strategy"][number];

const tone = (x: number) => (x > 0 ? "text-up" : x < 0 ? "text-down" : "");
const num = (x: number | null, digits = 2) => (x === null ? "—" : x.toFixed(digits));

function duration(sec: number): string {
  if (sec < 60) return `${Math.round(sec)} s`;
  if (sec < 3600) return `${Math.round(sec / 60)} min`;
  return `${(sec / 3600).toFixed(1)} h`;
}

/**
 * Every closed trade from the recorded fills, filtered by symbol and strategy, with totals, and
 * the Critic's tables (per strategy, per symbol) for the same trades; refreshed on every fill.
 */
export function TradesTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [symbol, setSymbol] = useState("");
  const [strategy, setStrategy] = useState("");
  const wanted = symbol.trim().toUpperCase();
  const input = {
    ...(SYMBOL_PATTERN.test(wanted) ? { symbol: wanted } : {}),
    ...(strategy === "" ? {} : { strategy }),
  };
  const history = useQuery({ ...trpc.trading.trades.queryOptions(input), placeholderData: keepPreviousData });
  useSubscription(
    trpc.trading.onEvents.subscriptionOptions(undefined, {
      onData: (e) => {
        if (e.topic === "order_filled")
          void queryClient.invalidateQueries({ queryKey: trpc.trading.trades.queryKey() });
      },
    }),
  );
  const h = history.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col text-xs text-gray-400">
          Symbol
          <input
            data-testid="trades-symbol"
            value={symbol}
            onChange={(e) => setSymbol(e.target.value)}
            placeholder="all"
            className="mt-1 w-32 rounded border border-panel-border bg-transparent px-2 py-1 text-gray-200"
          />
        </label>
        <label className="flex flex-col text-xs text-gray-400">
          Strategy
          <select
            data-testid="trades-strategy"
            value={strategy}
            onChange={(e) => setStrategy(e.target.value)}
            className="mt-1 rounded border border-panel-border bg-panel px-2 py-1 text-gray-200"
          >
            <option value="">all</option>
            {h?.strategies.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {h !== undefined && <Totals h={h} />}
      </div>
      <div className="grid gap-4 xl:grid-cols-[2fr_1fr]">
        <div className="max-h-[32rem] overflow-auto rounded border border-panel-border" data-testid="trades">
          <table className="w-full whitespace-nowrap text-sm">
            <thead className="sticky top-0 bg-panel text-xs text-gray-500">
              <tr>
                {[
                  "Symbol",
                  "Side",
                  "Strategy",
                  "Entry",
                  "Exit",
                  "Qty",
                  "Entry price",
                  "Exit price",
                  "Fees",
                  "PnL",
                  "PnL %",
                  "Held",
                  "Exit reason",
                ].map((c) => (
                  <th key={c} className="px-2 py-1 text-left font-normal">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="font-mono text-xs">
              {h?.trades.map((t) => (
                <tr
                  key={`${t.symbol}-${t.entry_time}-${t.exit_time}`}
                  data-testid="trade-row"
                  className="border-t border-panel-border/50"
                >
                  <td className="px-2 py-1">{t.symbol}</td>
                  <td className="px-2 py-1">{t.side}</td>
                  <td className="px-2 py-1">{t.strategy ?? "—"}</td>
                  <td className="px-2 py-1">
                    <When iso={t.entry_time} />
                  </td>
                  <td className="px-2 py-1">
                    <When iso={t.exit_time} />
                  </td>
                  <td className="px-2 py-1 text-right">{t.qty}</td>
                  <td className="px-2 py-1 text-right">{t.entry_price.toPrecision(8)}</td>
                  <td className="px-2 py-1 text-right">{t.exit_price.toPrecision(8)}</td>
                  <td className="px-2 py-1 text-right">{t.fees.toFixed(4)}</td>
                  <td className={`px-2 py-1 text-right ${tone(t.realized_pnl)}`} data-testid="trade-pnl">
                    {formatSigned(t.realized_pnl)}
                  </td>
                  <td className={`px-2 py-1 text-right ${tone(t.pnl_pct)}`}>{formatSigned(t.pnl_pct, 3)}%</td>
                  <td className="px-2 py-1">{duration(t.duration_sec)}</td>
                  <td className="px-2 py-1">{t.exit_reason ?? "—"}</td>
                </tr>
              ))}
              {h === undefined && (
                <EmptyRow cols={13} text={history.isError ? `Could not load: ${history.error.message}` : "Loading…"} />
              )}
              {h !== undefined && h.trades.length === 0 && <EmptyRow cols={13} text="No closed trade yet" />}
            </tbody>
          </table>
        </div>
        <div className="space-y-4">
          <ReviewTable title="By strategy (Critic)" rows={h?.by_strategy ?? []} testId="review-strategy" />
          <ReviewTable title="By symbol (Critic)" rows={h?.by_symbol ?? []} testId="review-symbol" />
        </div>
      </div>
    </div>
  );
}

function Totals({ h }: { h: History }) {
  const t = h.totals;
  return (
    <div data-testid="trades-totals" className="flex flex-wrap gap-4 text-xs text-gray-400">
      <span>
        Trades <b className="text-gray-100">{h.count}</b>
      </span>
      <span>
        Win rate <b className="text-gray-100">{t.win_rate === null ? "—" : `${(t.win_rate * 100).toFixed(1)} %`}</b>
      </span>
      <span>
        Net PnL{" "}
        <b className={tone(t.net_pnl)} data-testid="trades-net-pnl">
          {formatSigned(t.net_pnl)}
        </b>
      </span>
      <span>
        Fees <b className="text-gray-100">{t.fees.toFixed(2)}</b>
      </span>
      <span>
        Expectancy <b className="text-gray-100">{num(t.expectancy)}</b>
      </span>
      <span>
        Profit factor <b className="text-gray-100">{t.profit_factor_unbounded ? "∞" : num(t.profit_factor)}</b>
      </span>
    </div>
  );
}

function ReviewTable({ title, rows, testId }: { title: string; rows: readonly Row[]; testId: string }) {
  return (
    <div data-testid={testId}>
      <div className="mb-1 text-xs text-gray-500">{title}</div>
      <table className="w-full rounded border border-panel-border font-mono text-xs">
        <thead className="text-gray-500">
          <tr>
            {["", "Trades", "Win %", "Expect.", "PF", "Sharpe", "Max DD", "Net"].map((c) => (
              <th key={c} className="px-1 text-right font-normal first:text-left">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-t border-panel-border/50">
              <td className="px-1">{r.key}</td>
              <td className="px-1 text-right">{r.trades}</td>
              <td className="px-1 text-right">{r.win_rate === null ? "—" : (r.win_rate * 100).toFixed(0)}</td>
              <td className="px-1 text-right">{num(r.expectancy)}</td>
              <td className="px-1 text-right">{r.profit_factor_unbounded ? "∞" : num(r.profit_factor)}</td>
              <td className="px-1 text-right">{num(r.sharpe)}</td>
              <td className="px-1 text-right">{num(r.max_drawdown)}</td>
              <td className={`px-1 text-right ${tone(r.net_pnl)}`}>{formatSigned(r.net_pnl)}</td>
            </tr>
          ))}
          {rows.length === 0 && <EmptyRow cols={8} text="Nothing to review yet" />}
        </tbody>
      </table>
    </div>
  );
}
