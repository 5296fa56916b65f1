"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { REASON_CODE_LIST, REASON_CODES, type ReasonCode } from "../../server/engine/model/reason-codes";
import { EmptyRow } from "./empty-row";
import { When } from "./when";

// Decisions reach the database in write batches (every 0.5 s): refetch a moment after one is made.
const STORE_LAG_MS = 1000;

const KIND_STYLE: Record<string, string> = { CREATE: "text-up", SKIP: "text-gray-400", BLOCK: "text-amber-300" };

/**
 * The decision history from the database, searchable by symbol, decision and reason code, paged.
 * Page 1 follows new decisions live; on older pages a counter says how many came since.
 */
export function DecisionsLog() {
  const trpc = useTRPC();
  const [symbol, setSymbol] = useState("");
  const [decision, setDecision] = useState<"" | "CREATE" | "SKIP" | "BLOCK">("");
  const [reason, setReason] = useState<"" | ReasonCode>("");
  const [page, setPage] = useState(1);
  const filter = {
    ...(/^[A-Za-z0-9]{2,30}$/.test(symbol.trim()) ? { symbol: symbol.trim() } : {}),
    ...(decision === "" ? {} : { decision }),
    ...(reason === "" ? {} : { reasonCode: reason }),
    page,
    pageSize: 25,
  };
  const log = useQuery({ ...trpc.trading.decisions.queryOptions(filter), placeholderData: keepPreviousData });
  const d = log.data;
  const [newer, setNewer] = useState(0);
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(refresh.current ?? undefined), []);
  useSubscription(
    trpc.trading.onEvents.subscriptionOptions(undefined, {
      onData: (event) => {
        if ((event.data as { type?: string } | null)?.type !== "ORDER_DECISION") return;
        if (page !== 1) return setNewer((n) => n + 1);
        refresh.current ??= setTimeout(() => {
          refresh.current = null;
          void log.refetch();
        }, STORE_LAG_MS);
      },
    }),
  );
  const toPage = (next: number) => {
    setPage(next);
    if (next === 1) setNewer(0);
  };

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
            toPage(1);
          }}
          className="w-40 rounded border border-gray-600 bg-panel px-2 py-1"
        />
        <select
          aria-label="Decision"
          data-testid="decisions-kind"
          value={decision}
          onChange={(e) => {
            setDecision(e.target.value as typeof decision);
            toPage(1);
          }}
          className="rounded border border-gray-600 bg-panel px-2 py-1"
        >
          <option value="">all decisions</option>
          <option value="CREATE">CREATE</option>
          <option value="SKIP">SKIP</option>
          <option value="BLOCK">BLOCK</option>
        </select>
        <select
          aria-label="Reason code"
          data-testid="decisions-reason"
          value={reason}
          title={reason === "" ? "Any reason" : REASON_CODES[reason]}
          onChange={(e) => {
            setReason(e.target.value as typeof reason);
            toPage(1);
          }}
          className="rounded border border-gray-600 bg-panel px-2 py-1"
        >
          <option value="">any reason</option>
          {REASON_CODE_LIST.map((code) => (
            <option key={code} value={code} title={REASON_CODES[code]}>
              {code}
            </option>
          ))}
        </select>
        {page > 1 && newer > 0 && (
          <button
            type="button"
            data-testid="decisions-new"
            className="rounded border border-sky-500/40 px-2 py-1 text-sky-300 hover:bg-sky-500/10"
            onClick={() => toPage(1)}
          >
            {newer} new since · show latest
          </button>
        )}
        <span data-testid="decisions-total" className="ml-auto text-gray-500">
          {d === undefined ? "…" : `${d.total} decisions · page ${d.page} of ${d.pages}`}
        </span>
        <button
          type="button"
          disabled={page <= 1}
          onClick={() => toPage(Math.max(1, page - 1))}
          className="rounded border border-gray-600 px-2 py-1 disabled:opacity-40"
        >
          Newer
        </button>
        <button
          type="button"
          data-testid="decisions-older"
          disabled={d === undefined || page >= d.pages}
          onClick={() => toPage(page + 1)}
          className="rounded border border-gray-600 px-2 py-1 disabled:opacity-40"
        >
          Older
        </button>
      </div>
      <div className="h-[60vh] min-h-72 overflow-auto rounded border border-panel-border">
        <table className="w-full whitespace-nowrap text-xs">
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
                <td className="px-2 py-1">
                  <When iso={x.at} />
                </td>
                <td className="px-2 py-1">{x.symbol}</td>
                <td className="px-2 py-1">{x.strategy_id}</td>
                <td className={`px-2 py-1 ${KIND_STYLE[x.decision] ?? ""}`}>{x.decision}</td>
                <td className="px-2 py-1">{x.side ?? "—"}</td>
                <td
                  className="px-2 py-1"
                  title={x.reason_codes.map((c) => REASON_CODES[c as ReasonCode] ?? c).join("\n")}
                >
                  {x.reason_codes.join(", ") || "—"}
                </td>
                <td className="px-2 py-1">{x.market_regime}</td>
              </tr>
            ))}
            {d !== undefined && d.decisions.length === 0 && <EmptyRow cols={7} text="No decision matches" />}
          </tbody>
        </table>
      </div>
    </div>
  );
}
