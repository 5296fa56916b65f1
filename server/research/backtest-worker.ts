// One backtest in a worker thread, off the live event loop: reads its file, replays it on the live
// kernel, and posts its progress and its report (or why it failed) to the server.
import { parentPort, workerData } from "node:worker_threads";
import { readReplayFile } from "../adapters/feeds/replay/replay-reader";
import type { Tick } from "../engine/model/market";
import { runBacktest } from "./backtest";
import type { BacktestJobInput } from "./backtest-jobs";

async function main(): Promise<void> {
  const input = (workerData as { input: BacktestJobInput }).input;
  const ticks: Tick[] = [];
  for await (const t of readReplayFile(input.path, { symbol: input.symbol }))
    if ((input.from === null || t.ts >= input.from) && (input.to === null || t.ts < input.to)) ticks.push(t);
  if (ticks.length === 0) throw new Error("no data in the chosen range");
  let last = -1;
  const report = await runBacktest(ticks, {
    env: input.env,
    ...(input.strategies === null ? {} : { strategies: input.strategies }),
    onProgress: (done) => {
      const pct = Math.floor(done * 100);
      if (pct === last) return;
      last = pct;
      parentPort?.postMessage({ type: "progress", done });
    },
  });
  parentPort?.postMessage({ type: "done", report });
}

main().catch((error: unknown) => {
  parentPort?.postMessage({ type: "failed", error: error instanceof Error ? error.message : String(error) });
});
