"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import { EmptyRow } from "./empty-row";
import { When } from "./when";

const REFRESH_MS = 10_000;

/** GET /system/changelog/today: commits, hand-written entries and HEAN's own events of the day. */
export function ChangelogToday() {
  const trpc = useTRPC();
  const [date, setDate] = useState("");
  const input = /^\d{4}-\d{2}-\d{2}$/.test(date) ? { date } : {};
  const log = useQuery({ ...trpc.system.changelog.queryOptions(input), refetchInterval: REFRESH_MS });
  const d = log.data;
  return (
    <div className="space-y-2" data-testid="changelog">
      <label className="flex items-center gap-2 text-xs text-gray-400">
        Day
        <input
          type="date"
          data-testid="changelog-date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
          className="rounded border border-panel-border bg-transparent px-2 py-0.5 text-gray-200"
        />
        <span>{d === undefined ? "" : `${d.date}: ${d.items_count} entr${d.items_count === 1 ? "y" : "ies"}`}</span>
      </label>
      <div className="max-h-96 overflow-y-auto rounded border border-panel-border">
        <table className="w-full text-sm">
          <tbody>
            {d?.items.map((item) => (
              <tr key={`${item.timestamp}-${item.type}-${item.message}`} className="border-t border-panel-border/50">
                <td className="whitespace-nowrap px-2 py-1 align-top text-xs">
                  <When iso={item.timestamp} />
                </td>
                <td className="px-2 py-1 align-top text-xs text-gray-400">{item.category}</td>
                <td className="px-2 py-1" data-testid="changelog-item">
                  {item.message}
                  {item.author !== undefined && <span className="text-xs text-gray-500"> — {item.author}</span>}
                  {item.commit_hash !== undefined && (
                    <span className="font-mono text-xs text-gray-500"> {item.commit_hash.slice(0, 7)}</span>
                  )}
                </td>
              </tr>
            ))}
            {d === undefined && (
              <EmptyRow cols={3} text={log.isError ? `Could not load: ${log.error.message}` : "Loading…"} />
            )}
            {d !== undefined && d.items.length === 0 && <EmptyRow cols={3} text="Nothing changed that day" />}
          </tbody>
        </table>
      </div>
    </div>
  );
}
