"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { type CallFailure, failureToast } from "@/lib/control-outcome";
import { showToast } from "@/lib/toast";
import { useTRPC, useTRPCClient } from "@/trpc/client";
import { CONTROL_TIMEOUT_MS } from "./engine-panel";
import { When } from "./when";

export const RISK_STYLE: Record<string, string> = {
  NORMAL: "bg-emerald-500/15 text-emerald-300",
  SOFT_BRAKE: "bg-amber-500/15 text-amber-300",
  QUARANTINE: "bg-orange-500/20 text-orange-300",
  HARD_STOP: "bg-red-500/20 text-red-300",
};

/** The governor live (risk_governor topic): state, why, what lifts it, and the clear action. */
export function RiskPanel() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const risk = useSubscription(trpc.risk.onUpdate.subscriptionOptions());
  const status = useSubscription(trpc.system.onStatus.subscriptionOptions());
  const [clearing, setClearing] = useState(false);
  const r = risk.data;
  const live = status.data !== undefined && status.data.mode !== "paper";

  const clear = async () => {
    if (live && !window.confirm("Live trading: clear the risk governor and allow new orders?")) return;
    setClearing(true);
    try {
      const answer = await client.risk.clear.mutate(
        { confirm: live ? true : undefined, reason: "dashboard clear" },
        { signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS) },
      );
      showToast(
        answer.status === "cleared"
          ? { kind: "success", title: `Risk cleared: ${answer.risk_state}`, description: answer.message }
          : { kind: "warning", title: "Risk clear refused", description: answer.message },
      );
    } catch (error) {
      showToast(failureToast("clear", error as CallFailure, CONTROL_TIMEOUT_MS));
    } finally {
      setClearing(false);
    }
  };

  if (r === undefined) return <p className="text-sm text-gray-500">Waiting for the risk governor…</p>;
  return (
    <div className="space-y-2 text-sm">
      <div className="flex flex-wrap items-center gap-3">
        <span
          data-testid="risk-state"
          className={`rounded px-2 py-0.5 font-semibold ${RISK_STYLE[r.risk_state] ?? ""}`}
        >
          {r.risk_state}
        </span>
        <span className="text-gray-400">level {r.level}</span>
        {r.reason_codes.length > 0 && (
          <span data-testid="risk-reasons" className="font-mono text-xs text-gray-300">
            {r.reason_codes.join(", ")}
          </span>
        )}
        <button
          type="button"
          data-testid="risk-clear"
          disabled={!r.can_clear || clearing}
          onClick={() => void clear()}
          className="ml-auto rounded border border-gray-600 px-3 py-1 text-xs hover:bg-white/5 disabled:opacity-40"
          title={r.can_clear ? "Lift what a manual clear may lift" : "Nothing a clear could lift now"}
        >
          Clear{live ? " (confirm)" : ""}
        </button>
      </div>
      {r.metric !== null && (
        <p className="font-mono text-xs text-gray-300">
          {r.metric} = {r.value} (threshold {r.threshold})
          {r.blocked_at !== null && (
            <span className="text-gray-500">
              {" "}
              · since <When iso={r.blocked_at} />
            </span>
          )}
        </p>
      )}
      {r.recommended_action !== null && <p data-testid="risk-action">{r.recommended_action}</p>}
      {r.clear_rule !== null && <p className="text-gray-400">Clears when: {r.clear_rule}</p>}
      {r.quarantined_symbols.length > 0 && (
        <p className="text-orange-300">Quarantined: {r.quarantined_symbols.join(", ")}</p>
      )}
    </div>
  );
}
