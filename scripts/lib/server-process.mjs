// The HEAN server as a child process, for the scripts that drive a real one (e2e, crash recovery).
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const LOG_TAIL_LINES = 200;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/**
 * Starts `tsx server/main.ts` (production mode, the built dashboard) in its own process group on
 * 127.0.0.1:port; `env` adds settings (the database's above all). Its output is kept for failures.
 */
export function startServer(port, env) {
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
      DATABASE_URL: "", // embedded PGlite unless env says otherwise, whatever the developer's .env says
      LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
  });
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((res) => child.once("exit", (code, signal) => res({ code, signal })));
  return { child, log, exited, base: `http://127.0.0.1:${port}` };
}

export function printLog(server, why) {
  const lines = server.log.slice(-LOG_TAIL_LINES);
  console.log(`\n--- server log (${why}; last ${lines.length} lines) ---`);
  for (const line of lines) console.log(`  | ${line}`);
  console.log("--- end of server log ---");
}

/** Resolves null once GET /health answers ok, or a message saying why it did not in time. */
export async function waitForHealth(server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let exitInfo = null;
  server.exited.then((e) => {
    exitInfo = e;
  });
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (exitInfo) return `server exited early (code ${exitInfo.code}, signal ${exitInfo.signal})`;
    try {
      const res = await fetch(`${server.base}/health`, { signal: AbortSignal.timeout(3000) });
      const text = await res.text();
      if (res.status === 200 && JSON.parse(text).status === "ok") return null;
      last = `HTTP ${res.status}: ${text.slice(0, 200)}`;
    } catch (e) {
      last = e instanceof Error ? (e.cause?.code ?? e.message) : String(e);
    }
    await sleep(500);
  }
  return `/health not ready within ${timeoutMs / 1000} s (last: ${last})`;
}

/** Signals the server's whole process group (tsx and the node process it runs). */
export function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
