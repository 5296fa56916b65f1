import { readFileSync } from "node:fs";
import { MemoryEngineStore } from "../server/adapters/memory/memory-engine-store";
import { benchBus } from "./bus-vs-event-emitter";
import { benchMarketDataReplay } from "./market-data-replay";
import { machine } from "./measure";
import { benchPgliteReplay, benchPostgresReplay, type PersistedRun } from "./persisted-replay";
import { benchTickLatency } from "./tick-latency";
import { loadReplayTicks, type ReplayRun, runTradingReplay } from "./trading-replay";

// `npm run bench`: figures go to BENCHMARKS.md by hand, with the machine line printed here.
// `npm run bench -- replay` (or bus, persisted, latency) runs one part only.
const only = process.argv[2];
const FINGERPRINT_FILE = new URL("./fingerprint.txt", import.meta.url);
const failed: string[] = [];
const wanted = (part: string) => only === undefined || only === part;
const int = (n: number) => Math.round(n).toLocaleString("en-US");

console.log(`machine: ${machine()}`);

if (wanted("bus")) {
  const bus = benchBus();
  console.log(
    `event bus: ${bus.busNsPerDispatch.toFixed(1)} ns/dispatch vs EventEmitter ${bus.emitterNsPerDispatch.toFixed(1)} ns (ratio ${bus.ratio.toFixed(2)})`,
  );
}

const ticks = wanted("replay") || wanted("persisted") ? await loadReplayTicks() : [];

if (wanted("replay")) {
  const md = benchMarketDataReplay(ticks);
  console.log(
    `market data replay: ${md.ticks} ticks in ${md.bestMs.toFixed(1)} ms = ${int(md.ticksPerSec)} ticks/s (best of 5)`,
  );
  const runs: ReplayRun[] = [];
  for (let i = 0; i < 5; i++) runs.push(await runTradingReplay(ticks, { store: new MemoryEngineStore() }));
  runs.sort((a, b) => a.ms - b.ms);
  const best = runs[0] as ReplayRun;
  const median = runs[2] as ReplayRun;
  console.log(
    `full pipeline replay, persistence off: ${best.events} events (${best.ticks} ticks) in ${best.ms.toFixed(0)} ms = ${int(best.eventsPerSec)} events/s, ${int(best.ticksPerSec)} ticks/s (best of 5; median ${int(median.eventsPerSec)} events/s)`,
  );
  console.log(`  events by type: ${JSON.stringify(best.byType)}`);
  console.log(`  trading: ${JSON.stringify(best.trades)}`);
  const prints = new Set(runs.map((r) => r.fingerprint));
  const expected = readFileSync(FINGERPRINT_FILE, "utf8").trim();
  console.log(`  fingerprint: ${best.fingerprint} (expected ${expected})`);
  // The kernel must stay the same kernel: every run alike, and alike the recorded one.
  if (prints.size !== 1) failed.push(`runs disagree: fingerprints ${[...prints].join(", ")}`);
  else if (best.fingerprint !== expected)
    failed.push(
      `the fingerprint changed: ${best.fingerprint}, recorded ${expected} in bench/fingerprint.txt; an optimisation must not change what the replay trades (if the trading itself changed on purpose, record the new one there)`,
    );
}

if (wanted("persisted")) {
  for (const bench of [benchPgliteReplay, benchPostgresReplay]) {
    const run: PersistedRun = await bench(ticks, 50_000);
    console.log(
      `full pipeline replay, persistence on ${run.database}: ${int(run.eventsPerSec)} events/s, ${int(run.ticksPerSec)} ticks/s, ${int(run.store.written)} records written in ${run.store.batches} batches, ${run.ms.toFixed(0)} ms`,
    );
  }
}

if (wanted("latency")) {
  const run = await benchTickLatency();
  const l = run.latency;
  const fmt = (f: { count: number; p50_ms: number; p99_ms: number; max_ms: number }) =>
    `p50 ${f.p50_ms.toFixed(3)} ms, p99 ${f.p99_ms.toFixed(3)} ms, max ${f.max_ms.toFixed(3)} ms (n=${f.count})`;
  console.log(
    `tick latency, live server, ${run.symbols} symbols × ${run.ticksPerSecPerSymbol} ticks/s, ${run.wsMessagesReceived} ws messages and ${run.httpRequests} http requests served meanwhile, over one minute:`,
  );
  console.log(`  tick handling (every tick):        ${fmt(l.tick_handling)}`);
  console.log(`  ticks that closed a bar:           ${fmt(l.bar_close)}`);
  console.log(`  tick to ORDER_DECISION:            ${fmt(l.tick_to_decision)}`);
  console.log(`  event loop delay (waiting before): ${fmt(l.event_loop_delay)}`);
}

if (failed.length > 0) {
  for (const f of failed) console.error(`bench FAILED: ${f}`);
  process.exit(1);
}
