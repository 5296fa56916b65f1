import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { BacktestReport } from "./backtest";

/** What a person asks for on the Research page. */
export interface BacktestRequest {
  /** A file name from sources() (no path). */
  readonly file: string;
  readonly symbol?: string | undefined;
  readonly strategies?: readonly string[] | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
  readonly takerFeePct?: number | undefined;
  readonly governor?: boolean | undefined;
}

/** What the worker receives: resolved and plain. */
export interface BacktestJobInput {
  readonly path: string;
  readonly symbol: string;
  readonly strategies: readonly string[] | null;
  readonly from: number | null;
  readonly to: number | null;
  readonly env: Readonly<Record<string, string>>;
}

export interface BacktestJob {
  readonly id: string;
  readonly request: BacktestRequest;
  readonly actor: string;
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  readonly createdAt: number;
  finishedAt: number | null;
  error: string | null;
  report: BacktestReport | null;
  savedTo: string | null;
}

/** Jobs kept for the page: the newest ones. */
const KEEP = 20;
const MAX_QUEUED = 5;

/**
 * Backtests for the Research page, each in its own worker thread so the live loop and the API never
 * wait for one; one runs at a time (the machine's other core serves the live engine), the others
 * queue. Sources are the CSV files of one folder, chosen by name: no path from a request is opened.
 */
export class BacktestJobs {
  private readonly jobs: BacktestJob[] = [];
  private running: BacktestJob | null = null;
  private seq = 0;

  constructor(
    private readonly o: {
      readonly dataDir: string;
      readonly resultsDir: string;
      readonly env: Readonly<Record<string, string>>;
      readonly now: () => number;
    },
  ) {}

  /** The CSV files a backtest can replay, by name, with their sizes. */
  sources(): { name: string; bytes: number }[] {
    if (!existsSync(this.o.dataDir)) return [];
    return readdirSync(this.o.dataDir)
      .filter((f) => f.toLowerCase().endsWith(".csv"))
      .sort()
      .map((name) => ({ name, bytes: statSync(join(this.o.dataDir, name)).size }));
  }

  start(request: BacktestRequest, actor: string): { ok: true; job: BacktestJob } | { ok: false; message: string } {
    if (!this.sources().some((s) => s.name === request.file))
      return { ok: false, message: `No data file ${JSON.stringify(request.file)}; choose one of the listed sources` };
    if (this.jobs.filter((j) => j.status === "queued").length >= MAX_QUEUED)
      return { ok: false, message: `${MAX_QUEUED} backtests are already waiting; try again when one has run` };
    const job: BacktestJob = {
      id: `bt-${this.o.now().toString(36)}-${++this.seq}`,
      request,
      actor,
      status: "queued",
      progress: 0,
      createdAt: this.o.now(),
      finishedAt: null,
      error: null,
      report: null,
      savedTo: null,
    };
    this.jobs.unshift(job);
    if (this.jobs.length > KEEP) {
      const drop = this.jobs.findLastIndex((j) => j.status === "done" || j.status === "failed");
      if (drop >= 0) this.jobs.splice(drop, 1);
    }
    this.next();
    return { ok: true, job };
  }

  list(): readonly BacktestJob[] {
    return this.jobs;
  }

  get(id: string): BacktestJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  /** Waits for a job to finish (tests, scripts). */
  async finished(id: string): Promise<BacktestJob | undefined> {
    for (;;) {
      const job = this.get(id);
      if (job === undefined || job.status === "done" || job.status === "failed") return job;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private next(): void {
    if (this.running !== null) return;
    const job = [...this.jobs].reverse().find((j) => j.status === "queued");
    if (job === undefined) return;
    this.running = job;
    job.status = "running";
    const r = job.request;
    const input: BacktestJobInput = {
      path: resolve(this.o.dataDir, r.file),
      symbol: r.symbol ?? "BTCUSDT",
      strategies: r.strategies === undefined || r.strategies.length === 0 ? null : [...r.strategies],
      from: r.from ?? null,
      to: r.to ?? null,
      env: {
        ...this.o.env,
        ...(r.takerFeePct === undefined ? {} : { PAPER_TAKER_FEE_PCT: String(r.takerFeePct) }),
        ...(r.governor === false ? { RISK_GOVERNOR_ENABLED: "false" } : {}),
      },
    };
    const worker = new Worker(new URL("./worker-boot.mjs", import.meta.url), {
      workerData: { entry: new URL("./backtest-worker.ts", import.meta.url).href, input },
    });
    const end = (status: "done" | "failed", error: string | null) => {
      if (job.status !== "running") return;
      job.status = status;
      job.error = error;
      job.finishedAt = this.o.now();
      this.running = null;
      void worker.terminate();
      this.next();
    };
    worker.on("message", (m: { type: string; done?: number; report?: BacktestReport; error?: string }) => {
      if (m.type === "progress") job.progress = m.done ?? job.progress;
      else if (m.type === "done" && m.report !== undefined) {
        job.report = m.report;
        job.progress = 1;
        job.savedTo = this.save(job.id, m.report);
        end("done", null);
      } else if (m.type === "failed") end("failed", m.error ?? "failed");
    });
    worker.on("error", (e) => end("failed", e.message));
    worker.on("exit", (code) => end("failed", `the worker stopped (exit ${code})`));
  }

  private save(id: string, report: BacktestReport): string | null {
    try {
      mkdirSync(this.o.resultsDir, { recursive: true });
      const path = join(this.o.resultsDir, `${id}-${report.fingerprint}.json`);
      writeFileSync(path, `${JSON.stringify(report)}\n`);
      return path;
    } catch {
      return null;
    }
  }
}
