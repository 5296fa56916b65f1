"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { type ReactNode, useState } from "react";
import { answerToast, type CallFailure, failureToast } from "@/lib/control-outcome";
import { showToast } from "@/lib/toast";
import { useTRPC, useTRPCClient } from "@/trpc/client";
import { CONTROL_TIMEOUT_MS } from "./engine-panel";
import { When } from "./when";

const GATES = [
  ["risk_ok", "Risk governor"],
  ["profit_lock_ok", "Profit lock"],
  ["engine_running_ok", "Engine running"],
  ["data_fresh_ok", "Data fresh"],
  ["liquidity_ok", "Liquidity"],
  ["symbol_enabled_ok", "Symbol enabled"],
  ["exchange_ok", "Exchange reconciled"],
] as const;

/** /trading/why in plain words, pushed by the server every 2 s. */
export function WhyPanel() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const why = useSubscription(trpc.trading.onWhy.subscriptionOptions());
  const [resuming, setResuming] = useState(false);
  const w = why.data;
  if (w === undefined) return <p className="text-sm text-gray-500">Waiting for the engine…</p>;
  const pc = w.profit_capture_state;

  const resume = async () => {
    setResuming(true);
    try {
      const answer = await client.engine.control.mutate(
        { command: "resume", reason: "resume after profit capture" },
        { signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS) },
      );
      showToast(answerToast("resume", answer));
    } catch (error) {
      showToast(failureToast("resume", error as CallFailure, CONTROL_TIMEOUT_MS));
    } finally {
      setResuming(false);
    }
  };

  const blocked = w.not_trading_because.length > 0;
  return (
    <div className="space-y-3 text-sm">
      <div data-testid="why-summary" className={blocked ? "text-amber-300" : "text-emerald-300"}>
        {blocked ? (
          <ul className="list-disc space-y-1 pl-5">
            {w.not_trading_because.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        ) : (
          "Trading: every gate is open; the engine acts on the next signal."
        )}
      </div>
      {pc.locked && (
        <button
          type="button"
          data-testid="resume-after-capture"
          disabled={resuming}
          onClick={() => void resume()}
          className="rounded border border-emerald-500/50 px-3 py-1 text-emerald-300 hover:bg-emerald-500/10 disabled:opacity-40"
        >
          Resume trading
        </button>
      )}
      <div className="grid grid-cols-2 gap-x-6 gap-y-1 text-xs md:grid-cols-4">
        <Stat label="Last signal" value={<When iso={w.last_signal_ts} />} />
        <Stat label="Last decision" value={<When iso={w.last_decision_ts} />} />
        <Stat label="Last order" value={<When iso={w.last_order_ts} />} />
        <Stat label="Last fill" value={<When iso={w.last_fill_ts} />} />
      </div>
      <div>
        <div className="mb-1 text-xs text-gray-500">Top reasons, last 5 minutes</div>
        {w.top_reason_codes_last_5m.length === 0 ? (
          <p className="text-xs text-gray-500">No declined signals.</p>
        ) : (
          <ul data-testid="why-reasons" className="flex flex-wrap gap-2 font-mono text-xs">
            {w.top_reason_codes_last_5m.map((r) => (
              <li key={r.code} className="rounded bg-white/5 px-2 py-0.5">
                {r.code} × {r.count}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="text-xs text-gray-400">
        Profit capture:{" "}
        <span data-testid="profit-capture">
          {!pc.enabled
            ? "off (PROFIT_CAPTURE_ENABLED=false): it never stops trading"
            : pc.locked
              ? `paused trading: ${pc.last_reason}`
              : `armed, target +${pc.target_pct}% / trail ${pc.trail_pct}% from ${pc.start_equity.toFixed(2)}`}
        </span>
        {w.cooldowns.length > 0 && <span> · Cooling down: {w.cooldowns.map((c) => c.symbol).join(", ")}</span>}
      </div>
      <GateLegend />
    </div>
  );
}

function Stat({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <div className="text-gray-500">{label}</div>
      <div className="font-mono">{value}</div>
    </div>
  );
}

/** What each gate of a decision means, so reason codes read as plain words. */
function GateLegend() {
  return (
    <details className="text-xs text-gray-500">
      <summary className="cursor-pointer">The six gates every signal passes</summary>
      <ul className="mt-1 grid grid-cols-2 gap-1 md:grid-cols-3">
        {GATES.map(([key, label]) => (
          <li key={key}>
            <span className="font-mono">{key}</span>: {label}
          </li>
        ))}
      </ul>
    </details>
  );
}
