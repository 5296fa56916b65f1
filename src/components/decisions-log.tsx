"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatTime } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

const KIND_STYLE: Record<string, string> = { CREATE: "text-up", SKIP: "text-gray-400", BLOCK: "text-amber-300" };

/** The decision history from the database, searchable by symbol and decision, paged. */
export function DecisionsLog() {
  const trpc = useTRPC();
  const [symbol, setSymbol] = useState("");
  const [decision, setDecision] = useState<"" | "CREATE" | "SKIP" | "BLOCK">("");
  const [page, setPage] = useState(1);
  const filter = {
    ...(/^[A-Za-z0-9]{2,30}$/.test(symbol.trim()) ? { symbol: symbol.trim() } : {}),
    ...(decision === "" ? {} : { decision }),
    page,
    pageSize: 25,
  };
  const log = useQuery({ ...trpc.trading.decisions.queryOptions(filter), placeholderData: keepPreviousData });
  const d = log.data;

  return (
    <div className="space-y-2 text-sm">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <input
          aria-label="Symbol"
          data-testid="decisions-symbol"
          placeholder="Symbol, e.g. BTCUSDT"
          value={symbol}
          onChange={(e) => {
            setSymbol(e.target.value);
            setPage(1);
          }}
          className="w-40 rounded border border-gray-600 bg-panel px-2 py-1"
        />
        <select
          aria-label="Decision"
          data-testid="decisions-kind"
          value={decision}
          onChange={(e) => {
            setDecision(e.target.value as typeof decision);
            setPage(1);
          }}
          className="rounded border border-gray-600 bg-panel px-2 py-1"
        >
          <option value="">all decisions</option>
          <option value="CREATE">CREATE</option>
          <option value="SKIP">SKIP</option>
          <option value="BLOCK">BLOCK</option>
        </select>
        <button
          type="button"
          className="rounded border border-gray-600 px-2 py-1 hover:bg-white/5"
          onClick={() => void log.refetch()}
        >
          Refresh
        </button>
        <span data-testid="decisions-total" className="ml-auto text-gray-500">
          {d === undefined ? "…" : `${d.total} decisions · page ${d.page} of ${d.pages}`}
        </span>
        <button
          type="button"
          disabled={page <= 1}
          onClick={() => setPage((p) => Math.max(1, p - 1))}
          className="rounded border border-gray-600 px-2 py-1 disabled:opacity-40"
        >
          Newer
        </button>
        <button
          type="button"
          data-testid="decisions-older"
          disabled={d === undefined || page >= d.pages}
          onClick={() => setPage((p) => p + 1)}
          className="rounded border border-gray-600 px-2 py-1 disabled:opacity-40"
        >
          Older
        </button>
      </div>
      <div className="h-72 overflow-y-auto rounded border border-panel-border">
        <table className="w-full text-xs">
          <thead>
            <tr className="text-left text-gray-500">
              {["Time", "Symbol", "Strategy", "Decision", "Side", "Reasons", "Regime"].map((h) => (
                <th key={h} className="sticky top-0 bg-panel px-2 py-1 font-normal">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody data-testid="decisions-rows" className="font-mono">
            {(d?.decisions ?? []).map((x) => (
              <tr key={x.id} className="border-t border-panel-border">
                <td className="px-2 py-1" title={x.at}>
                  {formatTime(x.at)}
                </td>
                <td className="px-2 py-1">{x.symbol}</td>
                <td className="px-2 py-1">{x.strategy_id}</td>
                <td className={`px-2 py-1 ${KIND_STYLE[x.decision] ?? ""}`}>{x.decision}</td>
                <td className="px-2 py-1">{x.side ?? "—"}</td>
                <td className="px-2 py-1">{x.reason_codes.join(", ") || "—"}</td>
                <td className="px-2 py-1">{x.market_regime}</td>
              </tr>
            ))}
            {d !== undefined && d.decisions.length === 0 && (
              <tr>
                <td colSpan={7} className="py-8 text-center font-sans text-gray-500">
                  No decision matches
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
