import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { readReplayFile } from "../adapters/feeds/replay/replay-reader";
import type { Tick } from "../engine/model/market";
import { runBacktest } from "./backtest";

const FILE = resolve("..", "shared", "data", "btc-perp-1m-2022-01.csv");
const TWO_DAYS = Date.parse("2022-01-03T00:00:00Z");

describe("backtests on the live kernel", () => {
  const ticks: Tick[] = [];
  beforeAll(async () => {
    for await (const t of readReplayFile(FILE, { symbol: "BTCUSDT" })) if (t.ts < TWO_DAYS) ticks.push(t);
  });

  it("final equity = initial + Σ realised − Σ fees − funding, every trade listed, the same fingerprint twice", async () => {
    const seen: number[] = [];
    const a = await runBacktest(ticks, { onProgress: (d) => seen.push(d) });
    const b = await runBacktest(ticks);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(a.trades_count).toBeGreaterThan(0);
    expect(a.trades).toHaveLength(a.trades_count);
    const realised = a.trades.reduce((s, t) => s + t.realised_pnl, 0);
    const fees = a.trades.reduce((s, t) => s + t.fees, 0);
    expect(realised).toBeCloseTo(a.realised_pnl, 9);
    expect(fees).toBeCloseTo(a.fees, 9);
    expect(a.final_equity).toBeCloseTo(a.initial_equity + realised - fees - a.funding, 6);
    for (const t of a.trades) expect(t.net_pnl).toBeCloseTo(t.realised_pnl - t.fees, 9);
    expect(a.initial_equity).toBe(10_000);
    expect(seen.at(-1)).toBe(1);
    expect(a.decisions.CREATE + a.decisions.SKIP + a.decisions.BLOCK).toBeGreaterThan(0);
    expect(a.equity_curve.at(-1)?.equity).toBe(a.final_equity);
  });

  it("a change of the inputs changes the fingerprint (a higher fee)", async () => {
    const base = await runBacktest(ticks, { strategies: ["ema_cross"] });
    const dearer = await runBacktest(ticks, { strategies: ["ema_cross"], env: { PAPER_TAKER_FEE_PCT: "0.1" } });
    expect(base.strategies).toEqual(["ema_cross"]);
    expect(dearer.fees).toBeGreaterThan(base.fees);
    expect(dearer.fingerprint).not.toBe(base.fingerprint);
  });

  it("npm run backtest -- --file … --json prints the whole report as JSON and keeps it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hean-backtest-"));
    try {
      const { stdout } = await promisify(execFile)(
        join("node_modules", ".bin", "tsx"),
        ["scripts/backtest.ts", "--file", FILE, "--to", "2022-01-02", "--strategies", "ema_cross", "--json"],
        { env: { ...process.env, BACKTEST_DIR: dir, LOG_LEVEL: "silent" }, timeout: 120_000, maxBuffer: 64 << 20 },
      );
      const report = JSON.parse(stdout) as { fingerprint: string; trades: unknown[]; initial_equity: number };
      expect(report).toMatchObject({ initial_equity: 10_000, strategies: ["ema_cross"] });
      expect(readdirSync(dir)).toEqual([expect.stringContaining(report.fingerprint)]);
      const bad = await promisify(execFile)(join("node_modules", ".bin", "tsx"), ["scripts/backtest.ts"], {
        timeout: 60_000,
      }).catch((e: { code: number; stderr: string }) => e);
      expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining("--file is required") });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
