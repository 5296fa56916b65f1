import type { BacktestJob } from "../../research/backtest-jobs";
import type { HeanRuntime } from "../../runtime";
import { iso, isoOrNull } from "./time";

const jobSummary = (j: BacktestJob) => ({
  id: j.id,
  status: j.status,
  progress: j.progress,
  file: j.request.file,
  strategies: j.request.strategies ?? null,
  from: j.request.from === undefined ? null : iso(j.request.from),
  to: j.request.to === undefined ? null : iso(j.request.to),
  actor: j.actor,
  created_at: iso(j.createdAt),
  finished_at: isoOrNull(j.finishedAt),
  error: j.error,
  fingerprint: j.report?.fingerprint ?? null,
  final_equity: j.report?.final_equity ?? null,
  trades_count: j.report?.trades_count ?? null,
});

export type BacktestJobSummary = ReturnType<typeof jobSummary>;

/** The data files a backtest can replay, and the recent backtests (newest first). */
export function researchOverview(rt: HeanRuntime) {
  return { sources: rt.research.sources(), jobs: rt.research.list().map(jobSummary) };
}

/** One backtest with its whole report once done. */
export function backtestJob(rt: HeanRuntime, id: string) {
  const j = rt.research.get(id);
  return j === undefined ? null : { ...jobSummary(j), report: j.report, saved_to: j.savedTo };
}

export { jobSummary };
