"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { type CallFailure, failureToast } from "@/lib/control-outcome";
import { showToast } from "@/lib/toast";
import { useTRPC, useTRPCClient } from "@/trpc/client";
import { EmptyRow } from "./empty-row";
import { CONTROL_TIMEOUT_MS } from "./engine-panel";
import { When } from "./when";

const VERDICT_STYLE: Record<string, string> = {
  ACCEPTED: "text-up",
  CLIPPED: "text-amber-300",
  REFUSED: "text-red-300",
};

/** The live settings agents may adapt, the gate's verdicts, a revert for each change, and a change by hand. */
export function AdaptationLog() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const view = useQuery(trpc.system.adaptations.queryOptions()).data;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.system.adaptations.queryKey() });
  useSubscription(
    trpc.system.onAgents.subscriptionOptions(undefined, {
      onData: (e) => {
        if (e.type === "ADAPT_UPDATE") refresh();
      },
    }),
  );
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("");
  const call = async (label: string, run: (signal: AbortSignal) => Promise<{ change: string; verdict: string }>) => {
    try {
      const a = await run(AbortSignal.timeout(CONTROL_TIMEOUT_MS));
      showToast({
        kind: a.verdict === "REFUSED" ? "warning" : "success",
        title: `${label}: ${a.verdict}`,
        description: a.change,
      });
      refresh();
    } catch (error) {
      showToast(failureToast(label, error as CallFailure, CONTROL_TIMEOUT_MS));
    }
  };
  if (view === undefined) return <p className="text-sm text-gray-500">Loading…</p>;
  const chosen = key || view.settings[0]?.key || "";
  return (
    <div className="space-y-3 text-sm" data-testid="adaptations">
      <form
        className="flex flex-wrap items-end gap-2 text-xs"
        onSubmit={(e) => {
          e.preventDefault();
          void call("Adapt", (signal) =>
            client.system.adapt.mutate({ key: chosen, value: Number(value), reason: reason || "by hand" }, { signal }),
          );
        }}
      >
        <label className="flex flex-col text-gray-400">
          Setting
          <select
            data-testid="adapt-key"
            value={chosen}
            onChange={(e) => setKey(e.target.value)}
            className="mt-1 rounded border border-panel-border bg-panel px-2 py-1 text-gray-200"
          >
            {view.settings.map((s) => (
              <option key={s.key} value={s.key}>
                {s.key} = {s.value} ({s.min} to {s.max}, step ≤ {s.max_step})
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-gray-400">
          Value
          <input
            data-testid="adapt-value"
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className="mt-1 w-24 rounded border border-panel-border bg-transparent px-2 py-1 text-gray-200"
          />
        </label>
        <label className="flex flex-col text-gray-400">
          Why
          <input
            data-testid="adapt-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className="mt-1 w-64 rounded border border-panel-border bg-transparent px-2 py-1 text-gray-200"
          />
        </label>
        <button
          type="submit"
          data-testid="adapt-submit"
          disabled={!Number.isFinite(Number(value)) || value === ""}
          className="rounded border border-gray-600 px-3 py-1 hover:bg-white/5 disabled:opacity-40"
        >
          Ask the gate
        </button>
      </form>
      <div className="max-h-80 overflow-auto rounded border border-panel-border">
        <table className="w-full text-xs">
          <tbody className="font-mono">
            {view.history.map((a) => (
              <tr key={a.id} data-testid="adaptation-row" className="border-t border-panel-border/50">
                <td className="whitespace-nowrap px-2 py-1">
                  <When iso={a.timestamp} />
                </td>
                <td className={`px-2 py-1 ${VERDICT_STYLE[a.verdict] ?? ""}`}>{a.verdict}</td>
                <td className="px-2 py-1">{a.component}</td>
                <td className="px-2 py-1">
                  {a.change}{" "}
                  <span className="text-gray-500">
                    — {a.reason} ({a.actor})
                  </span>
                </td>
                <td className="px-2 py-1">
                  {a.verdict !== "REFUSED" && a.revert_of === null && (
                    <button
                      type="button"
                      data-testid={`revert-${a.id}`}
                      onClick={() =>
                        void call("Revert", (signal) => client.system.revertAdaptation.mutate({ id: a.id }, { signal }))
                      }
                      className="rounded border border-gray-600 px-2 py-0.5 hover:bg-white/5"
                    >
                      Revert
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {view.history.length === 0 && <EmptyRow cols={5} text="No adaptation yet" />}
          </tbody>
        </table>
      </div>
    </div>
  );
}
