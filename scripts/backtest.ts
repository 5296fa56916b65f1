// `npm run backtest -- --file PATH [options]`: a backtest on the live kernel (the server's engine,
// strategies, decisions, paper broker, portfolio and governor) over a recorded CSV file.
//
//   --file PATH          bars (timestamp,open,high,low,close,volume) or quotes; required
//   --symbol SYM         the symbol of a bar file (default BTCUSDT)
//   --strategies a,b     strategy ids (default: the STRATEGIES setting)
//   --from ISO --to ISO  a date range within the file
//   --taker-fee-pct X    taker fee (default PAPER_TAKER_FEE_PCT); --slippage-bps X (PAPER_SLIPPAGE_BPS)
//   --no-governor        without the risk governor (RISK_GOVERNOR_ENABLED=false)
//   --json               the whole report as JSON on stdout (progress stays on stderr)
//
// Every other setting is the environment's, as for the server. The report is also kept in
// data/backtests/ (BACKTEST_DIR), one JSON file per run.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { readReplayFile } from "../server/adapters/feeds/replay/replay-reader";
import type { Tick } from "../server/engine/model/market";
import { type BacktestReport, runBacktest } from "../server/research/backtest";

const USAGE =
  "Usage: npm run backtest -- --file PATH [--symbol SYM] [--strategies a,b] [--from ISO] [--to ISO] [--taker-fee-pct X] [--slippage-bps X] [--no-governor] [--json]";

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function time(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t))
    fail(`--${name} ${JSON.stringify(value)} is not a date (try 2022-01-10 or 2022-01-10T12:00:00Z)`);
  return t;
}

function number(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(Number(value))) fail(`--${name} ${JSON.stringify(value)} is not a number`);
  return value;
}

function progressBar(done: number): void {
  if (!process.stderr.isTTY && done < 1 && Math.round(done * 100) % 10 !== 0) return;
  const width = 30;
  const full = Math.round(done * width);
  process.stderr.write(`\r[${"#".repeat(full)}${".".repeat(width - full)}] ${(done * 100).toFixed(0).padStart(3)} %`);
  if (done >= 1) process.stderr.write("\n");
}

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)} %`);
const n2 = (x: number | null) => (x === null ? "—" : x.toFixed(2));

function print(r: BacktestReport, savedTo: string): void {
  const lines = [
    `Backtest ${r.symbols.join(", ")} ${r.from} → ${r.to}, strategies ${r.strategies.join(", ")} (${r.file_ticks} ticks)`,
    `  equity        ${n2(r.initial_equity)} → ${n2(r.final_equity)}  (realised ${n2(r.realised_pnl)}, fees ${n2(r.fees)}, funding ${n2(r.funding)})`,
    `  trades        ${r.trades_count}, win rate ${pct(r.win_rate)}, expectancy ${n2(r.expectancy)}, profit factor ${r.profit_factor_unbounded ? "∞" : n2(r.profit_factor)}`,
    `  risk          Sharpe ${n2(r.sharpe_daily_annualised)}, Sortino ${n2(r.sortino_daily_annualised)} (daily, annualised), max drawdown ${n2(r.max_drawdown)} (${r.max_drawdown_pct === null ? "—" : `${r.max_drawdown_pct.toFixed(2)} %`}), exposure ${r.exposure_pct.toFixed(1)} %`,
    `  decisions     ${r.decisions.CREATE} CREATE, ${r.decisions.SKIP} SKIP, ${r.decisions.BLOCK} BLOCK`,
    ...Object.entries(r.decisions_by_reason)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([code, count]) => `    ${code.padEnd(24)} ${count}`),
    ...r.by_strategy.map(
      (s) =>
        `  ${s.key.padEnd(14)} ${s.trades} trades, net ${n2(s.netPnl)}, win ${pct(s.winRate)}, Sharpe/trade ${n2(s.sharpe)}`,
    ),
    `  fingerprint   ${r.fingerprint}`,
    `  saved         ${savedTo}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>["values"];
  try {
    ({ values: args } = parseArgs({
      options: {
        file: { type: "string" },
        symbol: { type: "string" },
        strategies: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        "taker-fee-pct": { type: "string" },
        "slippage-bps": { type: "string" },
        "no-governor": { type: "boolean" },
        json: { type: "boolean" },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const file = args.file;
  if (typeof file !== "string") fail("--file is required");
  const from = time("from", args.from as string | undefined);
  const to = time("to", args.to as string | undefined);
  const ticks: Tick[] = [];
  try {
    for await (const t of readReplayFile(file, { symbol: (args.symbol as string | undefined) ?? "BTCUSDT" }))
      if ((from === undefined || t.ts >= from) && (to === undefined || t.ts < to)) ticks.push(t);
  } catch (error) {
    fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (ticks.length === 0) fail(`no data in ${file}${from || to ? " within --from/--to" : ""}`);
  const fee = number("taker-fee-pct", args["taker-fee-pct"] as string | undefined);
  const slippage = number("slippage-bps", args["slippage-bps"] as string | undefined);
  const env = {
    ...(process.env as Record<string, string>),
    ...(fee === undefined ? {} : { PAPER_TAKER_FEE_PCT: fee }),
    ...(slippage === undefined ? {} : { PAPER_SLIPPAGE_BPS: slippage }),
    ...(args["no-governor"] === true ? { RISK_GOVERNOR_ENABLED: "false" } : {}),
  };
  const strategies = typeof args.strategies === "string" ? args.strategies.split(",").map((s) => s.trim()) : undefined;
  const report = await runBacktest(ticks, {
    env,
    ...(strategies === undefined ? {} : { strategies }),
    onProgress: progressBar,
  });
  const dir = process.env.BACKTEST_DIR ?? join(".", "data", "backtests");
  mkdirSync(dir, { recursive: true });
  const savedTo = join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${report.fingerprint}.json`);
  writeFileSync(savedTo, `${JSON.stringify(report)}\n`);
  if (args.json === true) process.stdout.write(`${JSON.stringify(report)}\n`);
  else print(report, savedTo);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
