"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { usePriceFormat } from "@/lib/use-price-format";
import { useTRPC } from "@/trpc/client";
import { REASON_CODES } from "../../server/engine/model/reason-codes";
import { EmptyRow } from "./empty-row";

type SortKey = "symbol" | "regime" | "change" | "spread" | "decision";
type Filter = "all" | "blocked" | "active";

const REGIME_STYLE: Record<string, string> = {
  TREND: "text-sky-300",
  RANGE: "text-gray-300",
  LOW_LIQ: "text-amber-300",
  STALE_DATA: "text-red-300",
};

/** Every symbol at a glance: regime, last decision and why, holdings, and what blocks it now. */
export function SymbolsTable() {
  const trpc = useTRPC();
  const rows = useSubscription(trpc.trading.onSymbols.subscriptionOptions()).data ?? [];
  const [filter, setFilter] = useState<Filter>("all");
  const { price } = usePriceFormat();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "symbol", desc: false });

  const value = (r: (typeof rows)[number]): string | number => {
    switch (sort.key) {
      case "symbol":
        return r.symbol;
      case "regime":
        return r.regime ?? "";
      case "change":
        return r.price_change_1m_pct ?? Number.NEGATIVE_INFINITY;
      case "spread":
        return r.spread_pct ?? Number.POSITIVE_INFINITY;
      case "decision":
        return r.last_decision?.timestamp ?? "";
    }
  };
  const shown = rows
    .filter((r) =>
      filter === "blocked"
        ? r.block_reason !== null
        : filter === "active"
          ? r.position !== null || r.open_orders > 0
          : true,
    )
    .sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const c = x < y ? -1 : x > y ? 1 : 0;
      return sort.desc ? -c : c;
    });

  const header = (key: SortKey, label: string) => (
    <th className="sticky top-0 bg-panel px-2 py-1 font-normal">
      <button
        type="button"
        data-testid={`symbols-sort-${key}`}
        onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : false }))}
        className="hover:text-gray-200"
      >
        {label}
        {sort.key === key ? (sort.desc ? " ▼" : " ▲") : ""}
      </button>
    </th>
  );

  return (
    <div className="space-y-2">
      <div className="flex gap-2 text-xs">
        {(["all", "blocked", "active"] as const).map((f) => (
          <button
            key={f}
            type="button"
            data-testid={`symbols-filter-${f}`}
            aria-pressed={filter === f}
            onClick={() => setFilter(f)}
            className={`rounded border px-2 py-1 ${filter === f ? "border-sky-500 text-sky-300" : "border-gray-600"}`}
          >
            {f === "all" ? "All" : f === "blocked" ? "Only blocked" : "Only active"}
          </button>
        ))}
        <span data-testid="symbols-count" className="ml-auto text-gray-500">
          {shown.length} of {rows.length}
        </span>
      </div>
      <div className="h-80 overflow-y-auto rounded border border-panel-border">
        <table className="w-full text-xs">
          <thead className="text-left text-gray-500">
            <tr>
              {header("symbol", "Symbol")}
              {header("regime", "Regime")}
              <th className="sticky top-0 bg-panel px-2 py-1 text-right font-normal">Last</th>
              {header("change", "1m %")}
              {header("spread", "Spread %")}
              {header("decision", "Last decision")}
              <th className="sticky top-0 bg-panel px-2 py-1 font-normal">Held</th>
              <th className="sticky top-0 bg-panel px-2 py-1 font-normal">Blocked by</th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {shown.map((r) => (
              <tr key={r.symbol} data-testid={`symbols-row-${r.symbol}`} className="border-t border-panel-border">
                <td className="px-2 py-1 font-sans font-medium">{r.symbol}</td>
                <td className={`px-2 py-1 ${REGIME_STYLE[r.regime ?? ""] ?? ""}`}>{r.regime ?? "—"}</td>
                <td className="px-2 py-1 text-right">{r.last_price === null ? "—" : price(r.symbol, r.last_price)}</td>
                <td
                  className={`px-2 py-1 text-right ${r.price_change_1m_pct === null ? "text-gray-500" : r.price_change_1m_pct >= 0 ? "text-up" : "text-down"}`}
                >
                  {r.price_change_1m_pct === null ? "—" : r.price_change_1m_pct.toFixed(3)}
                </td>
                <td className="px-2 py-1 text-right">{r.spread_pct === null ? "—" : r.spread_pct.toFixed(4)}</td>
                <td className="px-2 py-1" title={r.last_decision?.timestamp ?? ""}>
                  {r.last_decision === null
                    ? "—"
                    : `${r.last_decision.decision}${r.last_decision.reason_codes.length > 0 ? ` (${r.last_decision.reason_codes.join(", ")})` : ""}`}
                </td>
                <td className="px-2 py-1">
                  {r.position === null ? "" : `${r.position.side} ${r.position.qty}`}
                  {r.open_orders > 0 ? ` · ${r.open_orders} order${r.open_orders > 1 ? "s" : ""}` : ""}
                </td>
                <td
                  className="px-2 py-1 text-amber-300"
                  title={r.block_reasons.map((c) => `${c}: ${REASON_CODES[c]}`).join("\n")}
                >
                  {r.block_reason ?? ""}
                </td>
              </tr>
            ))}
            {shown.length === 0 && (
              <EmptyRow
                cols={8}
                text={rows.length === 0 ? "Waiting for the scanner…" : "No symbol matches this filter"}
              />
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
