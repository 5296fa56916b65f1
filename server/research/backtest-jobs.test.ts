import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createStartedRuntime } from "../../src/server/testing/runtime-fixture";

const DATA = resolve("..", "shared", "data");
const results = mkdtempSync(join(tmpdir(), "hean-research-"));

afterAll(() => rmSync(results, { recursive: true, force: true }));

describe("backtests for the Research page, in worker threads", () => {
  it("lists the data files, runs a backtest off the live loop with progress, and keeps its report", async () => {
    const t = await createStartedRuntime(undefined, { env: { BACKTEST_DATA_DIR: DATA, BACKTEST_DIR: results } });
    const overview = await t.caller.research.overview();
    expect(overview.sources.map((s) => s.name)).toContain("btc-perp-1m-2022-01.csv");
    const job = await t.caller.research.start({
      file: "btc-perp-1m-2022-01.csv",
      strategies: ["ema_cross"],
      to: Date.parse("2022-01-02T00:00:00Z"),
    });
    expect(job).toMatchObject({ status: "running", file: "btc-perp-1m-2022-01.csv" });
    // The live loop is free meanwhile: a timer fires while the worker replays.
    let turns = 0;
    const beat = setInterval(() => turns++, 5);
    const done = await t.runtime.research.finished(job.id);
    clearInterval(beat);
    expect(done?.status, done?.error ?? "").toBe("done");
    expect(turns).toBeGreaterThan(3);
    const view = await t.caller.research.backtest({ id: job.id });
    expect(view?.report?.strategies).toEqual(["ema_cross"]);
    expect(view?.report?.final_equity).toBeCloseTo(
      (view?.report?.initial_equity ?? 0) +
        (view?.report?.realised_pnl ?? 0) -
        (view?.report?.fees ?? 0) -
        (view?.report?.funding ?? 0),
      6,
    );
    expect(readdirSync(results)).toEqual([expect.stringContaining(job.id)]);
    expect((await t.caller.system.audit()).map((e) => e.action)).toContain("research.backtest");
  }, 120_000);

  it("refuses a file that is not listed (no path from a request is opened)", async () => {
    const t = await createStartedRuntime(undefined, { env: { BACKTEST_DATA_DIR: DATA, BACKTEST_DIR: results } });
    await expect(t.caller.research.start({ file: "../../etc/passwd.csv" })).rejects.toThrow(/file must be one of/);
    await expect(t.caller.research.start({ file: "nope.csv" })).rejects.toThrow(/No data file "nope.csv"/);
  });
});
