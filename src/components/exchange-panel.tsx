"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { type CallFailure, failureToast } from "@/lib/control-outcome";
import { formatAge } from "@/lib/format";
import { showToast } from "@/lib/toast";
import { useTRPC, useTRPCClient } from "@/trpc/client";
import { CONTROL_TIMEOUT_MS } from "./engine-panel";
import { FillsVsBook } from "./fills-vs-book";
import { When } from "./when";

const money = (x: number | null) =>
  x === null ? "—" : `${x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} USDT`;

/**
 * The exchange session on the overview: the public stream (market data) and the private one
 * (orders, fills), the account Bybit reports, the last reconciliation's differences, and the
 * symbols held back until a person has reviewed them.
 */
export function ExchangePanel() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const s = useSubscription(trpc.system.onStatus.subscriptionOptions()).data;
  const [busy, setBusy] = useState<string | null>(null);
  if (s === undefined) return <div className="text-sm text-gray-500">Loading…</div>;
  const publicStream = s.feed.connection;
  const x = s.exchange;
  if (publicStream === null && x === null)
    return (
      <div data-testid="exchange-none" className="text-sm text-gray-400">
        No exchange connection: market data from the {s.feed.name} feed, orders on the paper broker.
      </div>
    );

  const acknowledge = async (symbol: string) => {
    if (!window.confirm(`You have reviewed ${symbol} at Bybit and HEAN may trade it again?`)) return;
    setBusy(symbol);
    try {
      const answer = await client.trading.acknowledgeVenue.mutate(
        { symbol },
        { signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS) },
      );
      showToast({ kind: answer.durable ? "success" : "warning", title: "Acknowledged", description: answer.message });
    } catch (error) {
      showToast(failureToast("Acknowledge", error as CallFailure, CONTROL_TIMEOUT_MS));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="space-y-3 text-sm" data-testid="exchange-panel">
      <div className="flex flex-wrap gap-x-6 gap-y-1">
        {publicStream !== null && (
          <Field
            label="Public stream (market data)"
            testId="exchange-public"
            value={`${publicStream.state}, last message ${formatAge(publicStream.last_message_age_sec)}, ${publicStream.reconnects} reconnect${publicStream.reconnects === 1 ? "" : "s"}`}
          />
        )}
        {x !== null && (
          <Field
            label="Private stream (orders, fills)"
            testId="exchange-private"
            value={
              x.private_stream === "up"
                ? "up"
                : `down for ${formatAge(x.down_for_sec)}${x.dead_man_tripped ? ", dead-man's switch tripped" : ""}`
            }
            alert={x.private_stream !== "up"}
          />
        )}
        {x !== null && (
          <Field
            label="Reconciled"
            testId="exchange-reconciled"
            value={
              x.reconciling
                ? "reconciling…"
                : x.reconciled
                  ? `yes (${x.reconciliations}×)`
                  : `no${x.last_error === null ? "" : `: ${x.last_error}`}`
            }
            alert={!x.reconciled}
          />
        )}
      </div>
      {x?.account != null && (
        <div className="flex flex-wrap gap-x-6 gap-y-1" data-testid="exchange-account">
          <Field label="Account" value={`${x.account.account_type}, ${x.account.margin_mode ?? "—"}`} />
          <Field label="Wallet balance" value={money(x.account.wallet_balance)} testId="exchange-wallet" />
          <Field label="Equity" value={money(x.account.equity)} />
          <Field label="Available margin" value={money(x.account.available_balance)} testId="exchange-available" />
        </div>
      )}
      {x !== null && x.last_reconciled_at !== null && (
        <div className="text-xs text-gray-500">
          Last reconciliation <When iso={x.last_reconciled_at} />:{" "}
          {x.last_differences.length === 0 ? "HEAN and Bybit agreed" : `${x.last_differences.length} difference(s)`}
        </div>
      )}
      {x !== null && x.last_differences.length > 0 && (
        <ul data-testid="exchange-differences" className="space-y-0.5 font-mono text-xs text-amber-300">
          {x.last_differences.map((d) => (
            <li key={`${d.kind}-${d.symbol}-${d.detail}`}>
              {d.kind} {d.symbol}: {d.detail}
            </li>
          ))}
        </ul>
      )}
      {x === null && s.mode === "paper" && <FillsVsBook />}
      {x !== null && x.unexplained.length > 0 && (
        <ul data-testid="exchange-unexplained" className="space-y-1">
          {x.unexplained.map((u) => (
            <li key={u.symbol} className="flex flex-wrap items-center gap-2 text-red-300">
              <span className="font-semibold">{u.symbol} held back:</span> {u.reason}
              <button
                type="button"
                data-testid={`acknowledge-${u.symbol}`}
                disabled={busy === u.symbol}
                onClick={() => void acknowledge(u.symbol)}
                className="rounded border border-gray-600 px-2 py-0.5 text-xs text-gray-200 hover:bg-white/5 disabled:opacity-40"
              >
                Reviewed at Bybit: trade it again
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Field({ label, value, testId, alert }: { label: string; value: string; testId?: string; alert?: boolean }) {
  return (
    <div>
      <div className="text-xs text-gray-500">{label}</div>
      <div data-testid={testId} className={`font-mono ${alert ? "text-red-300" : ""}`}>
        {value}
      </div>
    </div>
  );
}
