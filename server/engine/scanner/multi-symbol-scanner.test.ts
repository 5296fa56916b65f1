import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import type { Tick } from "../model/market";
import { MultiSymbolScanner, type RegimeChange } from "./multi-symbol-scanner";
import { SEED_THRESHOLDS } from "./regime";
import { SymbolMetricsTracker } from "./symbol-metrics";

const T0 = Date.UTC(2026, 0, 1);
const tick = (symbol: string, ts: number, last: number, spread = 0.01): Tick => ({
  symbol,
  ts,
  bid: last - spread / 2,
  ask: last + spread / 2,
  last,
  bidSize: 1,
  askSize: 1,
  volume: 10_000,
});

function setup(symbols: string[]) {
  const clock = new ManualClock(T0);
  const metrics = new SymbolMetricsTracker();
  const scanner = new MultiSymbolScanner({
    symbols,
    clock,
    metrics,
    thresholds: SEED_THRESHOLDS,
    cycleMs: 1000,
    stepsPerCycle: 4,
  });
  const changes: RegimeChange[] = [];
  scanner.start((c) => changes.push(c));
  return { clock, metrics, scanner, changes };
}

describe("MultiSymbolScanner", () => {
  it("visits every symbol once per cycle with a moving cursor and a cycle timestamp", () => {
    const symbols = Array.from({ length: 100 }, (_, i) => `S${i}USDT`);
    const { clock, scanner } = setup(symbols);
    clock.advanceBy(250);
    expect(scanner.state()).toMatchObject({ scanCursor: 25, lastScannedSymbol: "S24USDT", scanCycleTs: null });
    clock.advanceBy(750);
    expect(scanner.state()).toMatchObject({
      scanCursor: 0,
      lastScannedSymbol: "S99USDT",
      scanCycleTs: T0 + 1000,
      cycles: 1,
    });
    expect(scanner.all()).toHaveLength(100);
    expect(scanner.scan("S7USDT")?.regime).toBe("STALE_DATA"); // no tick yet
  });

  it("classifies from live metrics and reports each regime change once", () => {
    const { clock, metrics, scanner, changes } = setup(["BTCUSDT", "ETHUSDT"]);
    for (let s = 0; s <= 70; s++) {
      clock.advanceTo(T0 + s * 1000); // as a feed does: the clock reaches a tick's time, then the tick arrives
      metrics.onTick(tick("BTCUSDT", T0 + s * 1000, 100 + s * 0.05)); // +3% a minute: TREND
      metrics.onTick(tick("ETHUSDT", T0 + s * 1000, 100, 0.5)); // 0.5% spread: LOW_LIQ
    }
    clock.advanceBy(500);
    expect(scanner.scan("BTCUSDT")?.regime).toBe("TREND");
    expect(scanner.scan("ETHUSDT")?.regime).toBe("LOW_LIQ");
    const eth = changes.filter((c) => c.symbol === "ETHUSDT").map((c) => c.to);
    expect(eth).toEqual(["LOW_LIQ"]);
    clock.advanceBy(31_000); // no more ticks
    expect(scanner.scan("BTCUSDT")?.regime).toBe("STALE_DATA");
    scanner.stop();
    const count = changes.length;
    clock.advanceBy(10_000);
    expect(changes).toHaveLength(count);
  });
});
