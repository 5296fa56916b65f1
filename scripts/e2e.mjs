// `npm run test:e2e`: builds Next when needed, starts HEAN on a free port with a fresh embedded
// database, runs the Playwright projects (api, ui) and the seed's smoke test against it, then stops
// it with SIGTERM and checks that it exits 0 within 10 s. Exits non-zero if anything failed.
//
//   node scripts/e2e.mjs [extra playwright args, e.g. --project=api]
//
// Env: E2E_HEALTH_TIMEOUT_MS (default 90000), CHROMIUM_PATH (see playwright.config.ts).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const HEALTH_TIMEOUT_MS = Number(process.env.E2E_HEALTH_TIMEOUT_MS ?? 90_000);
const SHUTDOWN_TIMEOUT_MS = 10_000;
const LOG_TAIL_LINES = 200;

const header = (title) => console.log(`\n=== e2e: ${title} ===`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

// ---------------------------------------------------------------------------------------------
// 2. The server.

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Starts `tsx server/main.ts` in its own process group; its output is kept for failures. */
function startServer(port, dataDir) {
  const log = [];
  const keep = (chunk) => {
    for (const line of String(chunk).split("\n")) if (line !== "") log.push(line);
    if (log.length > 5000) log.splice(0, log.length - 5000);
  };
  const child = spawn(join("node_modules", ".bin", "tsx"), ["server/main.ts"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      PGLITE_DATA_DIR: dataDir,
      DATABASE_URL: "", // embedded PGlite, whatever the developer's .env says
      LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((res) => child.once("exit", (code, signal) => res({ code, signal })));
  return { child, log, exited };
}

function printLog(server, why) {
  const lines = server.log.slice(-LOG_TAIL_LINES);
  console.log(`\n--- server log (${why}; last ${lines.length} lines) ---`);
  for (const line of lines) console.log(`  | ${line}`);
  console.log("--- end of server log ---");
}

async function waitForHealth(base, server) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let exitInfo = null;
  server.exited.then((e) => {
    exitInfo = e;
  });
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (exitInfo) return `server exited early (code ${exitInfo.code}, signal ${exitInfo.signal})`;
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(3000) });
      const text = await res.text();
      if (res.status === 200 && JSON.parse(text).status === "ok") return null;
      last = `HTTP ${res.status}: ${text.slice(0, 200)}`;
    } catch (e) {
      last = e instanceof Error ? (e.cause?.code ?? e.message) : String(e);
    }
    await sleep(500);
  }
  return `/health not ready within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${last})`;
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

// ---------------------------------------------------------------------------------------------

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
  const server = startServer(port, join(tmp, "pglite"));
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
  const notReady = await waitForHealth(base, server);
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
