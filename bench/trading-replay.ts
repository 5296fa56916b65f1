import { fileURLToPath } from "node:url";
import { readReplayFile } from "../server/adapters/feeds/replay/replay-reader";
import { analysisOptions } from "../server/bootstrap/analysis-options";
import { paperTrading } from "../server/bootstrap/create-runtime";
import { parseSettings } from "../server/config/load-settings";
import { closedTrades } from "../server/engine/analytics";
import { ManualClock } from "../server/engine/clock";
import { Engine, type TradingOptions } from "../server/engine/engine";
import type { Tick } from "../server/engine/model/market";
import type { Fill } from "../server/engine/model/trading";
import type { EngineStore, MarketDataFeed } from "../server/engine/ports";
import { createStrategy } from "../server/engine/strategy/registry";
import { fingerprint } from "../server/research/backtest";

export const REPLAY_FILE = fileURLToPath(new URL("../../shared/data/btc-perp-1m-2022-01.csv", import.meta.url));
export const REPLAY_SYMBOL = "BTCUSDT";

/**
 * The whole file in memory, as the replay feed produces it: four ticks per 1m bar (open, the two
 * extremes, close, 15 s apart), each a quote with bid/ask 1 bp around the price and a quarter of the
 * bar's volume. Loading is not timed.
 */
export async function loadReplayTicks(): Promise<Tick[]> {
  const ticks: Tick[] = [];
  for await (const t of readReplayFile(REPLAY_FILE, { symbol: REPLAY_SYMBOL })) ticks.push(t);
  return ticks;
}

/** Paper trading as the server wires it (settings' defaults), with one ema_cross on 1m bars. */
function replayTrading(clock: ManualClock): TradingOptions {
  const strategy = createStrategy("ema_cross", REPLAY_SYMBOL, { timeframe: "1m" });
  return paperTrading(
    parseSettings({ SYMBOLS: REPLAY_SYMBOL }),
    clock,
    "paper",
    new Map([[REPLAY_SYMBOL, [strategy]]]),
  );
}

function replayAnalysis() {
  return analysisOptions(parseSettings({ SYMBOLS: REPLAY_SYMBOL }));
}

export interface ReplayRunOptions {
  readonly store: EngineStore;
  /** Yield to the event loop every this many ticks (lets a background writer run); 0: never. */
  readonly yieldEveryTicks?: number;
  /** When yielding, wait for the store to drain below this many pending records (backpressure). */
  readonly maxPending?: number;
  /** Experiments only: override the live defaults of the scanner cycle and the equity snapshot period. */
  readonly scannerCycleMs?: number;
  readonly equitySnapshotMs?: number;
}

/** The measured part: every tick at its recorded time, then the store's final flush. */
async function timedLoop(
  ticks: readonly Tick[],
  clock: ManualClock,
  deliver: (t: Tick) => void,
  options: ReplayRunOptions,
): Promise<void> {
  const yieldEvery = options.yieldEveryTicks ?? 0;
  const maxPending = options.maxPending ?? Number.POSITIVE_INFINITY;
  const store = options.store;
  for (let i = 0; i < ticks.length; i++) {
    const t = ticks[i] as Tick;
    clock.advanceTo(t.ts);
    deliver(t);
    if (yieldEvery > 0 && i % yieldEvery === yieldEvery - 1) {
      await new Promise(setImmediate);
      while (store.pendingCount() > maxPending) await new Promise(setImmediate);
    }
  }
  await store.flush();
}

export interface ReplayRun {
  readonly ticks: number;
  /** Events published on the engine bus during the timed loop (bus.stats().total delta). */
  readonly events: number;
  readonly ms: number;
  readonly eventsPerSec: number;
  readonly ticksPerSec: number;
  readonly byType: Record<string, number>;
  readonly trades: { readonly decisions: number; readonly fills: number; readonly finalEquity: number };
  /** A hash over every fill and closed trade: an optimisation must leave it unchanged. */
  readonly fingerprint: string;
}

/**
 * One replay through the full engine: ticks → tickers, metrics, candles (1m/5m/15m/1h) → scanner
 * timer (regimes) → ema_cross on closed 1m bars → decisions → paper broker (fills after its latency,
 * on the ManualClock) → portfolio, protective exits, equity snapshots, activity log → store. The
 * engine is booted and started (RUNNING) first, as the server does with ENGINE_AUTOSTART. Timed: the
 * tick loop, and with a store that writes, its final flush.
 */
export async function runTradingReplay(ticks: readonly Tick[], options: ReplayRunOptions): Promise<ReplayRun> {
  const first = ticks[0];
  if (first === undefined) throw new Error("no ticks");
  const clock = new ManualClock(first.ts - 1);
  let sink: ((t: Tick) => void) | null = null;
  const feed: MarketDataFeed = {
    name: "replay-bench",
    symbols: [REPLAY_SYMBOL],
    start: (s) => {
      sink = s;
    },
    stop: () => {
      sink = null;
    },
    done: new Promise(() => {}),
  };
  const engine = new Engine({
    clock,
    feed,
    store: options.store,
    symbols: [REPLAY_SYMBOL],
    candleHistoryLimit: parseSettings({}).CANDLE_HISTORY_LIMIT,
    analysis: { ...replayAnalysis(), ...(options.scannerCycleMs ? { cycleMs: options.scannerCycleMs } : {}) },
    trading: {
      ...replayTrading(clock),
      ...(options.equitySnapshotMs ? { equitySnapshotMs: options.equitySnapshotMs } : {}),
    },
  });
  await engine.boot();
  const started = await engine.control({ command: "start", actor: "bench", reason: "replay benchmark" });
  if (!started.ok) throw new Error(`engine did not start: ${JSON.stringify(started)}`);
  const deliver = sink as ((t: Tick) => void) | null;
  if (deliver === null) throw new Error("feed not started");
  await options.store.flush();

  const fillList: Fill[] = [];
  engine.bus.subscribe("ORDER_UPDATE", ({ update }) => {
    if (update.type === "ORDER_FILLED") fillList.push(update.fill);
  });
  const before = engine.bus.stats();
  const start = process.hrtime.bigint();
  await timedLoop(ticks, clock, deliver, options);
  const ns = Number(process.hrtime.bigint() - start);
  const after = engine.bus.stats();

  const byType: Record<string, number> = {};
  for (const [type, n] of Object.entries(after.byType)) {
    const d = n - (before.byType[type] ?? 0);
    if (d > 0) byType[type] = d;
  }
  if ((byType.TICK ?? 0) !== ticks.length) throw new Error(`ticks lost: ${byType.TICK} of ${ticks.length}`);
  if (after.handlerErrors > 0) throw new Error(`${after.handlerErrors} event handlers failed`);
  const trading = engine.trading;
  if (trading === null) throw new Error("trading is off");
  await engine.shutdown("benchmark done");
  const events = after.total - before.total;
  return {
    ticks: ticks.length,
    events,
    ms: ns / 1e6,
    eventsPerSec: (events / ns) * 1e9,
    ticksPerSec: (ticks.length / ns) * 1e9,
    byType,
    trades: {
      decisions: byType.ORDER_DECISION ?? 0,
      fills: fillList.length,
      finalEquity: trading.portfolio.snapshot().equity,
    },
    fingerprint: fingerprint(fillList, closedTrades(fillList).trades),
  };
}
