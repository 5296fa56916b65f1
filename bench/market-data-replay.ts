import { MemoryEngineStore } from "../server/adapters/memory/memory-engine-store";
import { ManualClock } from "../server/engine/clock";
import { Engine } from "../server/engine/engine";
import type { Tick } from "../server/engine/model/market";
import type { MarketDataFeed } from "../server/engine/ports";

const idleFeed: MarketDataFeed = {
  name: "bench",
  symbols: ["BTCUSDT"],
  start() {},
  stop() {},
  done: new Promise(() => {}),
};

/**
 * The real January 2022 BTC file (4 ticks per bar), loaded into memory, then pushed through the
 * engine's market data path: tickers, candles in 4 timeframes, bus, store (in memory).
 */
export function benchMarketDataReplay(ticks: readonly Tick[]) {
  const rounds = 5;
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const clock = new ManualClock(ticks[0]?.ts ?? 0);
    const engine = new Engine({
      clock,
      feed: idleFeed,
      store: new MemoryEngineStore(),
      symbols: ["BTCUSDT"],
      candleHistoryLimit: 1000,
    });
    let seen = 0;
    engine.bus.subscribe("TICK", () => seen++);
    const start = process.hrtime.bigint();
    for (const t of ticks) {
      clock.advanceTo(t.ts);
      engine.onTick(t);
    }
    const ns = Number(process.hrtime.bigint() - start);
    if (seen !== ticks.length) throw new Error("ticks lost");
    best = Math.min(best, ns);
  }
  return { ticks: ticks.length, bestMs: best / 1e6, ticksPerSec: (ticks.length / best) * 1e9 };
}
