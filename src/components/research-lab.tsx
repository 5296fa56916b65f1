"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type CallFailure, failureToast } from "@/lib/control-outcome";
import { formatSigned } from "@/lib/format";
import { showToast } from "@/lib/toast";
import { useTRPC, useTRPCClient } from "@/trpc/client";
import { BacktestChart } from "./backtest-chart";
import { EmptyRow } from "./empty-row";
import { CONTROL_TIMEOUT_MS } from "./engine-panel";
import { When } from "./when";

const STRATEGIES = ["impulse_engine", "mean_reversion", "ema_cross"] as const;
const POLL_MS = 1_000;
const n2 = (x: number | null | undefined) => (x === null || x === undefined ? "—" : x.toFixed(2));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)} %`);

/** Backtests on the live kernel: start one, follow its progress, read its report. */
export function ResearchLab() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const overview = useQuery({ ...trpc.research.overview.queryOptions(), refetchInterval: POLL_MS }).data;
  const [file, setFile] = useState("");
  const [chosen, setChosen] = useState<string[]>(["ema_cross"]);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [governor, setGovernor] = useState(true);
  const [selected, setSelected] = useState<string | null>(null);
  const sources = overview?.sources ?? [];
  const source = file || sources[0]?.name || "";
  const shown = selected ?? overview?.jobs[0]?.id ?? null;
  const job = useQuery({
    ...trpc.research.backtest.queryOptions({ id: shown ?? "" }),
    enabled: shown !== null,
    refetchInterval: (q) => (q.state.data?.status === "done" || q.state.data?.status === "failed" ? false : POLL_MS),
  }).data;

  const start = async () => {
    try {
      const started = await client.research.start.mutate(
        {
          file: source,
          strategies: chosen,
          governor,
          ...(from === "" ? {} : { from: Date.parse(`${from}T00:00:00Z`) }),
          ...(to === "" ? {} : { to: Date.parse(`${to}T00:00:00Z`) }),
        },
        { signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS) },
      );
      setSelected(started.id);
      void queryClient.invalidateQueries({ queryKey: trpc.research.overview.queryKey() });
      showToast({ kind: "success", title: "Backtest started", description: `${started.file}: ${started.status}` });
    } catch (error) {
      showToast(failureToast("Backtest", error as CallFailure, CONTROL_TIMEOUT_MS));
    }
  };

  const r = job?.report ?? null;
  return (
    <div className="space-y-4 text-sm">
      <form
        className="flex flex-wrap items-end gap-3 text-xs"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <label className="flex flex-col text-gray-400">
          Data
          <select
            data-testid="research-file"
            value={source}
            onChange={(e) => setFile(e.target.value)}
            className="mt-1 rounded border border-panel-border bg-panel px-2 py-1 text-gray-200"
          >
            {sources.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name} ({(s.bytes / 1e6).toFixed(1)} MB)
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex flex-col text-gray-400">
          Strategies
          <span className="mt-1 flex gap-2">
            {STRATEGIES.map((id) => (
              <label key={id} className="flex items-center gap-1 text-gray-200">
                <input
                  type="checkbox"
                  data-testid={`research-strategy-${id}`}
                  checked={chosen.includes(id)}
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, id] : c.filter((x) => x !== id)))}
                />
                {id}
              </label>
            ))}
          </span>
        </fieldset>
        <label className="flex flex-col text-gray-400">
          From
          <input
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            className="mt-1 rounded border border-panel-border bg-transparent px-2 py-0.5 text-gray-200"
          />
        </label>
        <label className="flex flex-col text-gray-400">
          To
          <input
            type="date"
            data-testid="research-to"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            className="mt-1 rounded border border-panel-border bg-transparent px-2 py-0.5 text-gray-200"
          />
        </label>
        <label className="flex items-center gap-1 text-gray-200">
          <input type="checkbox" checked={governor} onChange={(e) => setGovernor(e.target.checked)} />
          risk governor
        </label>
        <button
          type="submit"
          data-testid="research-start"
          disabled={source === "" || chosen.length === 0}
          className="rounded border border-gray-600 px-3 py-1 hover:bg-white/5 disabled:opacity-40"
        >
          Run backtest
        </button>
        {sources.length === 0 && (
          <span className="text-amber-300">No CSV file in BACKTEST_DATA_DIR: put bar or quote files there.</span>
        )}
      </form>

      <div className="grid gap-4 xl:grid-cols-[1fr_2fr]">
        <div className="max-h-80 overflow-auto rounded border border-panel-border">
          <table className="w-full text-xs">
            <tbody>
              {overview?.jobs.map((j) => (
                <tr
                  key={j.id}
                  data-testid="research-job"
                  className={`cursor-pointer border-t border-panel-border/50 ${j.id === shown ? "bg-white/5" : ""}`}
                  onClick={() => setSelected(j.id)}
                >
                  <td className="px-2 py-1">
                    <When iso={j.created_at} />
                  </td>
                  <td className="px-2 py-1">{j.file}</td>
                  <td className="px-2 py-1">{j.strategies?.join(", ") ?? "settings"}</td>
                  <td className="px-2 py-1" data-testid="research-job-status">
                    {j.status === "running" ? `${Math.round(j.progress * 100)} %` : j.status}
                  </td>
                </tr>
              ))}
              {(overview?.jobs.length ?? 0) === 0 && <EmptyRow cols={4} text="No backtest yet" />}
            </tbody>
          </table>
        </div>
        <div data-testid="research-report" className="space-y-3">
          {job?.status === "running" || job?.status === "queued" ? (
            <div className="h-2 w-full rounded bg-gray-700">
              <div className="h-2 rounded bg-sky-400" style={{ width: `${Math.round(job.progress * 100)}%` }} />
            </div>
          ) : null}
          {job?.status === "failed" && <p className="text-red-300">Failed: {job.error}</p>}
          {r !== null && (
            <>
              <div className="grid grid-cols-2 gap-2 font-mono text-xs md:grid-cols-4" data-testid="research-metrics">
                <Metric k="Equity" v={`${n2(r.initial_equity)} → ${n2(r.final_equity)}`} />
                <Metric k="Trades" v={String(r.trades_count)} />
                <Metric k="Win rate" v={pct(r.win_rate)} />
                <Metric k="Expectancy" v={n2(r.expectancy)} />
                <Metric k="Profit factor" v={r.profit_factor_unbounded ? "∞" : n2(r.profit_factor)} />
                <Metric k="Sharpe (daily)" v={n2(r.sharpe_daily_annualised)} />
                <Metric k="Sortino (daily)" v={n2(r.sortino_daily_annualised)} />
                <Metric k="Max drawdown" v={`${n2(r.max_drawdown)} (${n2(r.max_drawdown_pct)} %)`} />
                <Metric k="Exposure" v={`${r.exposure_pct.toFixed(1)} %`} />
                <Metric k="Fees" v={n2(r.fees)} />
                <Metric k="Funding" v={n2(r.funding)} />
                <Metric k="Fingerprint" v={r.fingerprint} />
              </div>
              <BacktestChart curve={r.equity_curve} />
              <div className="max-h-72 overflow-auto rounded border border-panel-border">
                <table className="w-full whitespace-nowrap font-mono text-xs">
                  <tbody>
                    {r.trades
                      .slice(-300)
                      .reverse()
                      .map((t) => (
                        <tr
                          key={`${t.entry_time}-${t.exit_time}-${t.symbol}`}
                          className="border-t border-panel-border/50"
                        >
                          <td className="px-2">{t.symbol}</td>
                          <td className="px-2">{t.side}</td>
                          <td className="px-2">{t.strategy ?? "—"}</td>
                          <td className="px-2">{t.entry_time.slice(0, 16).replace("T", " ")}</td>
                          <td className="px-2">{t.exit_time.slice(0, 16).replace("T", " ")}</td>
                          <td className="px-2 text-right">{t.entry_price.toPrecision(7)}</td>
                          <td className="px-2 text-right">{t.exit_price.toPrecision(7)}</td>
                          <td className="px-2 text-right">{formatSigned(t.net_pnl)}</td>
                          <td className="px-2">{t.exit_reason ?? "—"}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

function Metric({ k, v }: { k: string; v: string }) {
  return (
    <div>
      <div className="text-gray-500">{k}</div>
      <div>{v}</div>
    </div>
  );
}
