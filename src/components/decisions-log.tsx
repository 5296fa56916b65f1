"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/trpc/client";
import type { RouterOutputs } from "@/trpc/outputs";
import { REASON_CODE_LIST, REASON_CODES, type ReasonCode } from "../../server/engine/model/reason-codes";
import { SYMBOL_PATTERN } from "../../server/engine/model/symbols";
import { EmptyRow } from "./empty-row";
import { When } from "./when";

type Decision = RouterOutputs["trading"]["decisions"]["decisions"][number];

const KIND_STYLE: Record<string, string> = { CREATE: "text-up", SKIP: "text-gray-400", BLOCK: "text-amber-300" };
const PAGE_SIZE = 25;

/**
 * The decision history from the database, searchable by symbol, decision and reason code, paged.
 * Page 1 follows new decisions live, appended from the subscription (which, after a reconnect,
 * resumes from the last decision it delivered); on older pages a counter says how many came since.
 */
export function DecisionsLog() {
  const trpc = useTRPC();
  const [symbol, setSymbol] = useState("");
  const [decision, setDecision] = useState<"" | "CREATE" | "SKIP" | "BLOCK">("");
  const [reason, setReason] = useState<"" | ReasonCode>("");
  const [page, setPage] = useState(1);
  const wanted = symbol.trim().toUpperCase();
  const filter = {
    ...(SYMBOL_PATTERN.test(wanted) ? { symbol: wanted } : {}),
    ...(decision === "" ? {} : { decision }),
    ...(reason === "" ? {} : { reasonCode: reason }),
    page,
    pageSize: PAGE_SIZE,
  };
  const log = useQuery({ ...trpc.trading.decisions.queryOptions(filter), placeholderData: keepPreviousData });
  const d = log.data;
  const [newer, setNewer] = useState(0);
  // Decisions that arrived live (newest first). They are kept across re-reads of page 1: the store
  // writes them a moment after they are published, so a read may not hold them yet (`fresh` below
  // shows only those the read lacks). Another filter or page starts them over.
  const [live, setLive] = useState<Decision[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filter's parts are the reason to start over
  useEffect(() => setLive([]), [wanted, decision, reason, page]);
  const matches = (x: Decision) =>
    (filter.symbol === undefined || x.symbol === filter.symbol) &&
    (filter.decision === undefined || x.decision === filter.decision) &&
    (filter.reasonCode === undefined || x.reason_codes.includes(filter.reasonCode));
  useSubscription(
    trpc.trading.onDecisions.subscriptionOptions(undefined, {
      onData: ({ data: x }) => {
        if (!matches(x)) return;
        if (page !== 1) return setNewer((n) => n + 1);
        setLive((prev) =>
          prev.some((p) => p.decision_id === x.decision_id) ? prev : [x, ...prev].slice(0, PAGE_SIZE),
        );
      },
    }),
  );
  const toPage = (next: number) => {
    setPage(next);
    if (next === 1) setNewer(0);
  };
  const stored = d?.decisions ?? [];
  const fresh = page === 1 ? live.filter((x) => !stored.some((s) => s.decision_id === x.decision_id)) : [];
  const rows = [...fresh, ...stored].slice(0, PAGE_SIZE);
  const total = d === undefined ? undefined : d.total + fresh.length;

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
          {d === undefined || total === undefined ? "…" : `${total} decisions · page ${d.page} of ${d.pages}`}
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
            {rows.map((x) => (
              <tr key={x.decision_id} className="border-t border-panel-border">
                <td className="px-2 py-1">
                  <When iso={x.timestamp} />
                </td>
                <td className="px-2 py-1">{x.symbol}</td>
                <td className="px-2 py-1">{x.strategy_id}</td>
                <td className={`px-2 py-1 ${KIND_STYLE[x.decision] ?? ""}`}>{x.decision}</td>
                <td className="px-2 py-1">{x.side ?? "—"}</td>
                <td className="px-2 py-1" title={x.reason_codes.map((c) => REASON_CODES[c] ?? c).join("\n")}>
                  {x.reason_codes.join(", ") || "—"}
                </td>
                <td className="px-2 py-1">{x.market_regime}</td>
              </tr>
            ))}
            {d !== undefined && rows.length === 0 && <EmptyRow cols={7} text="No decision matches" />}
          </tbody>
        </table>
      </div>
    </div>
  );
}
