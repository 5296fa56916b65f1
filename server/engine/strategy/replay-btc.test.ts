import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { readReplayFile } from "../../adapters/feeds/replay/replay-reader";
import { CandleAggregator } from "../market/candle-aggregator";
import type { Candle } from "../model/market";
import type { MarketRegime } from "../model/regime";
import { classifyRegime, SEED_THRESHOLDS } from "../scanner/regime";
import { SymbolMetricsTracker } from "../scanner/symbol-metrics";
import { createStrategy, STRATEGY_IDS, type StrategyId } from "./registry";
import type { Signal } from "./strategy";
import { Driver } from "./test-harness";

/** The real January 2022 BTC perpetual file, beside the repository (resolved from the repo root). */
const FILE = fileURLToPath(new URL("../../../../shared/data/btc-perp-1m-2022-01.csv", import.meta.url));
const SYMBOL = "BTCUSDT";

interface ScannedBar {
  readonly bar: Candle;
  readonly regime: MarketRegime | null;
}

let scanned: ScannedBar[] = [];

/** Ticks → the scanner's metrics and regime, and 1m bars from the CandleAggregator, as the engine builds them. */
async function scanFile(): Promise<ScannedBar[]> {
  const aggregator = new CandleAggregator({ timeframes: ["1m"], historyLimit: 10 });
  const metrics = new SymbolMetricsTracker();
  const out: ScannedBar[] = [];
  const regimeAt = (now: number): MarketRegime | null => {
    const m = metrics.get(SYMBOL, now);
    return m === undefined ? null : classifyRegime(m, SEED_THRESHOLDS);
  };
  let lastTs = 0;
  for await (const tick of readReplayFile(FILE, { symbol: SYMBOL })) {
    // The closing tick belongs to the next bar: the regime is read before it is folded in.
    const closed = aggregator.onTick(tick);
    for (const bar of closed) out.push({ bar, regime: regimeAt(tick.ts) });
    metrics.onTick(tick);
    lastTs = tick.ts;
  }
  for (const bar of aggregator.closeUpTo(lastTs + 60_000)) out.push({ bar, regime: regimeAt(lastTs) });
  return out;
}

interface Run {
  readonly signals: Signal[];
  readonly driver: Driver;
  /** Exit signals emitted while the simulated account was flat (must be none). */
  readonly strayExits: number;
  /** Entries whose stop-loss is not on the losing side of the entry close. */
  readonly badStops: number;
}

function run(id: StrategyId): Run {
  const driver = new Driver(createStrategy(id, SYMBOL), SYMBOL, true);
  let strayExits = 0;
  let badStops = 0;
  for (const { bar, regime } of scanned) {
    driver.regime = regime;
    const flatBefore = driver.position === null;
    const s = driver.feed(bar);
    if (s === null) continue;
    if (s.intent === "exit" && flatBefore) strayExits++;
    if (s.intent === "entry" && s.stopLoss !== undefined) {
      const dir = s.side === "BUY" ? 1 : -1;
      if (!(dir * (bar.close - s.stopLoss) > 0)) badStops++;
    }
  }
  return { signals: driver.signals, driver, strayExits, badStops };
}

const inUnit = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1;

describe("strategies over the real BTC-PERP 1m file of January 2022", () => {
  beforeAll(async () => {
    scanned = await scanFile();
  }, 60_000);

  it("rebuilds the month's bars through the CandleAggregator, with the scanner's regimes", () => {
    expect(scanned.length).toBeGreaterThanOrEqual(45_000);
    expect(scanned.filter((s) => s.regime === "RANGE").length).toBeGreaterThan(40_000);
  });

  for (const id of STRATEGY_IDS) {
    it(`${id}: a plausible number of signals, scores and confidences in [0, 1], sane stops`, () => {
      const { signals, driver, strayExits, badStops } = run(id);
      const entries = signals.filter((s) => s.intent === "entry");
      const bars = scanned.length;
      // Not zero, not every bar: between ~one a day and one in twenty bars.
      expect(entries.length).toBeGreaterThan(30);
      expect(entries.length).toBeLessThan(bars / 20);
      expect(signals.length).toBeLessThan(bars / 10);
      expect(entries.some((s) => s.side === "BUY")).toBe(true);
      expect(entries.some((s) => s.side === "SELL")).toBe(true);
      for (const s of signals) {
        expect(inUnit(s.score), `${s.reason}: score ${s.score}`).toBe(true);
        expect(inUnit(s.confidence), `${s.reason}: confidence ${s.confidence}`).toBe(true);
        expect(s.strategyId).toBe(id);
        expect(s.symbol).toBe(SYMBOL);
      }
      // Scores and confidences carry information: they are not one constant.
      expect(new Set(entries.map((s) => s.score.toFixed(3))).size).toBeGreaterThan(10);
      expect(new Set(entries.map((s) => s.confidence.toFixed(3))).size).toBeGreaterThan(1);
      expect(strayExits).toBe(0);
      expect(badStops).toBe(0);
      // Every simulated trade was closed by a strategy exit or a stop / target, never left dangling twice.
      expect(driver.tradeReturns.length).toBeGreaterThanOrEqual(entries.length - 1);
    });
  }

  it("is deterministic: the same month gives the same signals", () => {
    for (const id of STRATEGY_IDS) expect(run(id).signals).toEqual(run(id).signals);
  });
});
