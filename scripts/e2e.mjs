// `npm run test:e2e`: builds Next when needed, starts HEAN on a free port with a fresh embedded
// database, runs the Playwright projects (api, ui) and the seed's smoke test against it, then stops
// it with SIGTERM and checks that it exits 0 within 10 s; then the kill -9 crash-recovery test
// (scripts/crash-recovery.mjs) on PGlite and PostgreSQL, the durability tests
// (scripts/durability/run.ts), the platform on Bybit market data from a local fake exchange
// (scripts/bybit/run.ts), trading on it (scripts/bybit/trading-run.ts) and the security tests (scripts/security/run.ts). Exits non-zero if
// anything failed.
//
//   node scripts/e2e.mjs [extra playwright args, e.g. --project=api]
//
// Env: E2E_HEALTH_TIMEOUT_MS (default 90000), CHROMIUM_PATH (see playwright.config.ts).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, killGroup, printLog, root, sleep, startServer, waitForHealth } from "./lib/server-process.mjs";

process.chdir(root);

const HEALTH_TIMEOUT_MS = Number(process.env.E2E_HEALTH_TIMEOUT_MS ?? 90_000);
const SHUTDOWN_TIMEOUT_MS = 10_000;

const header = (title) => console.log(`\n=== e2e: ${title} ===`);

// ---------------------------------------------------------------------------------------------
// 1. Next build, when .next/BUILD_ID is missing or older than anything the build reads.

const BUILD_INPUTS = [
  "src",
  "server",
  "public",
  "next.config.mjs",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];
const SKIP_DIRS = new Set(["node_modules", ".next", "__tests__"]);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return /\.test\.[cm]?[jt]sx?$/.test(path) ? 0 : st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (SKIP_DIRS.has(entry)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function buildIfNeeded() {
  const buildId = join(".next", "BUILD_ID");
  let reason = "";
  if (!existsSync(buildId)) reason = ".next/BUILD_ID is missing";
  else if (Math.max(...BUILD_INPUTS.map(newestMtime)) > statSync(buildId).mtimeMs)
    reason = "sources changed since the last build";
  if (!reason) {
    console.log("Next build is up to date.");
    return true;
  }
  console.log(`Building Next (${reason}) ...`);
  const r = spawnSync("npx", ["--no-install", "next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  return r.status === 0;
}

function run(cmd, args, env) {
  return new Promise((res) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.once("exit", (code, signal) => res(code === 0 && signal === null));
    child.once("error", (e) => {
      console.error(`${cmd}: ${e.message}`);
      res(false);
    });
  });
}

async function main() {
  const results = [];

  header("next build");
  if (!buildIfNeeded()) {
    console.error("e2e: next build failed");
    return 1;
  }

  header("start server");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const tmp = mkdtempSync(join(tmpdir(), "hean-e2e-"));
  // The suites send far more controls than a trader would; the rate limit has its own test.
  const server = startServer(port, {
    PGLITE_DATA_DIR: join(tmp, "pglite"),
    RATE_LIMIT_CONTROLS_PER_MIN: "1000000",
    // The Research page backtests the real market data beside the project.
    BACKTEST_DATA_DIR: join("..", "shared", "data"),
    BACKTEST_DIR: join(tmp, "backtests"),
  });
  const cleanup = () => {
    killGroup(server.child, "SIGKILL");
    rmSync(tmp, { recursive: true, force: true });
  };
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.once(sig, () => {
      cleanup();
      process.exit(130);
    });
  }
  console.log(`Starting tsx server/main.ts on ${base} (PGLITE_DATA_DIR=${join(tmp, "pglite")})`);
  const started = Date.now();
  const notReady = await waitForHealth(server, HEALTH_TIMEOUT_MS);
  if (notReady) {
    console.error(`e2e: ${notReady}`);
    printLog(server, "server did not become healthy");
    cleanup();
    return 1;
  }
  console.log(`Server healthy after ${((Date.now() - started) / 1000).toFixed(1)} s.`);

  header("playwright");
  results.push([
    "playwright",
    await run("npx", ["--no-install", "playwright", "test", ...process.argv.slice(2)], { E2E_BASE_URL: base }),
  ]);

  header("smoke test");
  results.push(["smoke test", await run("bash", [join("scripts", "smoke_test.sh"), "127.0.0.1", String(port)], {})]);

  header("shutdown (SIGTERM)");
  const stopAt = Date.now();
  server.child.kill("SIGTERM");
  const outcome = await Promise.race([server.exited, sleep(SHUTDOWN_TIMEOUT_MS).then(() => null)]);
  const took = ((Date.now() - stopAt) / 1000).toFixed(1);
  let clean = false;
  if (outcome === null) console.error(`e2e: server still running ${SHUTDOWN_TIMEOUT_MS / 1000} s after SIGTERM`);
  else if (outcome.code !== 0)
    console.error(`e2e: server exited with code ${outcome.code}, signal ${outcome.signal} after SIGTERM`);
  else {
    clean = true;
    console.log(`Server exited 0 in ${took} s.`);
  }
  results.push(["clean shutdown", clean]);

  header("crash recovery (kill -9; PGlite and PostgreSQL)");
  results.push(["crash recovery", await run(process.execPath, [join("scripts", "crash-recovery.mjs")], {})]);

  header("durability (hostile input, poisoned record, PostgreSQL outage)");
  results.push([
    "durability",
    await run(join("node_modules", ".bin", "tsx"), [join("scripts", "durability", "run.ts")], {}),
  ]);

  header("bybit (the platform on Bybit v5 market data from the local fake exchange)");
  results.push(["bybit", await run(join("node_modules", ".bin", "tsx"), [join("scripts", "bybit", "run.ts")], {})]);
  header("bybit trading (PAPER_MODE=false on the local fake exchange: reconciliation, kill -9, the exchange down)");
  results.push([
    "bybit trading",
    await run(join("node_modules", ".bin", "tsx"), [join("scripts", "bybit", "trading-run.ts")], {}),
  ]);

  header("security (credentials, origins, limits, start-up refusals, no secret in logs or answers)");
  results.push([
    "security",
    await run(join("node_modules", ".bin", "tsx"), [join("scripts", "security", "run.ts")], {}),
  ]);

  const failed = results.filter(([, ok]) => !ok).map(([name]) => name);
  if (failed.length > 0) printLog(server, `failed: ${failed.join(", ")}`);
  cleanup();

  header("summary");
  for (const [name, ok] of results) console.log(`${ok ? "✓" : "✗"} ${name}`);
  console.log(failed.length === 0 ? "e2e OK" : `e2e FAILED (${failed.join(", ")})`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
