"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";

const REFRESH_MS = 5_000;
const bps = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(2)} bp`;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * Paper fills against the live book at the same moment: positive is worse than the touch (the ask
 * for a buy, the bid for a sell); fills better than the touch, or beyond the top level's size, are
 * fills the exchange would not have given.
 */
export function FillsVsBook() {
  const trpc = useTRPC();
  const report = useQuery({ ...trpc.trading.fillsVsBook.queryOptions(), refetchInterval: REFRESH_MS }).data;
  if (report === undefined) return null;
  const rows = report.total === null ? [] : [...report.by_symbol, report.total];
  return (
    <div data-testid="fills-vs-book" className="space-y-1">
      <div className="text-xs text-gray-500">
        Paper fills vs the live book at the same moment (last {report.total?.fills ?? 0} fills)
      </div>
      {rows.length === 0 ? (
        <div className="text-sm text-gray-500">No fill yet.</div>
      ) : (
        <table className="w-full font-mono text-xs">
          <thead className="text-gray-500">
            <tr>
              <th className="text-left">Symbol</th>
              <th className="text-right">Fills</th>
              <th className="text-right">Mean vs touch</th>
              <th className="text-right">Worst</th>
              <th className="text-right">Best</th>
              <th className="text-right">Better than book</th>
              <th className="text-right">Beyond top size</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid={`fills-vs-book-${r.key}`}>
                <td>{r.key === "all" ? "All" : r.key}</td>
                <td className="text-right">{r.fills}</td>
                <td className="text-right">{bps(r.mean_bps)}</td>
                <td className="text-right">{bps(r.worst_bps)}</td>
                <td className="text-right">{bps(r.best_bps)}</td>
                <td className={`text-right ${r.better_than_book_share > 0 ? "text-amber-300" : ""}`}>
                  {pct(r.better_than_book_share)}
                </td>
                <td className="text-right">{pct(r.beyond_top_share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
