"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/trpc/client";
import { EmptyRow } from "./empty-row";
import { When } from "./when";

const REFRESH_MS = 3_000;
const OUTCOME_STYLE: Record<string, string> = { ok: "text-up", refused: "text-amber-300", error: "text-red-300" };

/** Every operator action: when, what, who, through which interface, from where, the outcome, before → after. */
export function AuditTrail() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Read again every few seconds (a refused control changes nothing that is pushed) and on every fill.
  const audit = useQuery({ ...trpc.system.audit.queryOptions({ limit: 200 }), refetchInterval: REFRESH_MS });
  useSubscription(
    trpc.trading.onEvents.subscriptionOptions(undefined, {
      onData: (e) => {
        if (e.topic === "order_filled") void queryClient.invalidateQueries({ queryKey: trpc.system.audit.queryKey() });
      },
    }),
  );
  const rows = audit.data;
  return (
    <div className="max-h-96 overflow-auto rounded border border-panel-border" data-testid="audit-trail">
      <table className="w-full whitespace-nowrap text-xs">
        <thead className="sticky top-0 bg-panel text-gray-500">
          <tr>
            {["When", "Action", "Who", "Via", "From", "Outcome", "Before → after", "Detail"].map((c) => (
              <th key={c} className="px-2 py-1 text-left font-normal">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="font-mono">
          {rows?.map((r) => (
            <tr
              key={`${r.timestamp}-${r.action}-${r.actor}`}
              data-testid="audit-row"
              className="border-t border-panel-border/50"
            >
              <td className="px-2 py-1">
                <When iso={r.timestamp} />
              </td>
              <td className="px-2 py-1">{r.action}</td>
              <td className="px-2 py-1">{r.actor}</td>
              <td className="px-2 py-1">{r.via}</td>
              <td className="px-2 py-1">{r.address ?? "—"}</td>
              <td className={`px-2 py-1 ${OUTCOME_STYLE[r.outcome] ?? ""}`}>{r.outcome}</td>
              <td className="px-2 py-1 text-gray-400">
                {JSON.stringify(r.before)} → {JSON.stringify(r.after)}
              </td>
              <td className="whitespace-normal px-2 py-1 text-gray-400">{r.detail}</td>
            </tr>
          ))}
          {rows === undefined && (
            <EmptyRow cols={8} text={audit.isError ? `Could not load: ${audit.error.message}` : "Loading…"} />
          )}
          {rows !== undefined && rows.length === 0 && <EmptyRow cols={8} text="No operator action yet" />}
        </tbody>
      </table>
    </div>
  );
}
