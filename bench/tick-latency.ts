import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import type { LatencySummary } from "../server/bootstrap/latency-monitor";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** 50 Bybit USDT perpetuals; the synthetic market quotes any name. */
export const LATENCY_SYMBOLS = [
  ...["BTC", "ETH", "SOL", "XRP", "DOGE", "ADA", "AVAX", "LINK", "DOT", "LTC"],
  ...["BNB", "TRX", "TON", "SHIB", "BCH", "NEAR", "APT", "ARB", "OP", "SUI"],
  ...["ATOM", "FIL", "ETC", "XLM", "HBAR", "ICP", "INJ", "RNDR", "SEI", "TIA"],
  ...["AAVE", "UNI", "MKR", "LDO", "CRV", "DYDX", "GMX", "SNX", "COMP", "SAND"],
  ...["MANA", "AXS", "APE", "GALA", "IMX", "FTM", "ALGO", "EGLD", "KAS", "WLD"],
].map((base) => `${base}USDT`);

/** 16 ms between synthetic ticks: 62.5 ticks/s per symbol, the closest the setting (whole ms) gets to 60. */
const TICK_INTERVAL_MS = 16;
const WS_CLIENTS = 4;
const WS_TOPICS = ["market_ticks", "market_data", "trading_events", "signals", "system_heartbeat", "metrics"];

export interface TickLatencyRun {
  readonly symbols: number;
  readonly ticksPerSecPerSymbol: number;
  readonly wsMessagesReceived: number;
  readonly httpRequests: number;
  readonly latency: LatencySummary;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(base: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error("server did not become healthy");
}

async function summary(base: string): Promise<LatencySummary> {
  const body = (await (await fetch(`${base}/telemetry/summary`)).json()) as { latency: LatencySummary };
  return body.latency;
}

/**
 * The production server (`scripts/start.mjs`: builds first when needed) with 50 symbols at 62.5
 * ticks/s each, paper trading, while WebSocket clients take every market and trading topic and a
 * client polls the REST API. The figures are the server's own (GET /telemetry/summary), over its
 * second full minute, so neither start-up nor the build is in them.
 */
export async function benchTickLatency(): Promise<TickLatencyRun> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "hean-bench-latency-"));
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      PGLITE_DATA_DIR: dataDir,
      DATABASE_URL: "",
      SYMBOLS: LATENCY_SYMBOLS.join(","),
      MARKET_FEED: "synthetic",
      SYNTHETIC_TICK_INTERVAL_MS: String(TICK_INTERVAL_MS),
      ENGINE_AUTOSTART: "true",
      LOG_LEVEL: "warn",
    },
  });
  const clients: WebSocket[] = [];
  let wsMessages = 0;
  let httpRequests = 0;
  let polling = true;
  try {
    await waitForHealth(base, server, 10 * 60_000);
    const startedAt = Date.now();
    for (let i = 0; i < WS_CLIENTS; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
      ws.on("open", () => {
        for (const topic of WS_TOPICS) ws.send(JSON.stringify({ action: "subscribe", topic }));
      });
      ws.on("message", () => wsMessages++);
      clients.push(ws);
    }
    const poll = async () => {
      const paths = ["/trading/why", "/portfolio/summary", "/market/ticker?symbol=BTCUSDT", "/health"];
      while (polling) {
        for (const path of paths) {
          await fetch(`${base}${path}`).then((r) => r.arrayBuffer());
          httpRequests++;
        }
        await sleep(100);
      }
    };
    const poller = poll();
    // The monitor rolls its window every minute from start; wait for the second one, all under load.
    await sleep(Math.max(0, 125_000 - (Date.now() - startedAt)));
    const latency = await summary(base);
    polling = false;
    await poller;
    if (latency.window !== "last_60s") throw new Error(`latency window is ${latency.window}`);
    return {
      symbols: LATENCY_SYMBOLS.length,
      ticksPerSecPerSymbol: 1000 / TICK_INTERVAL_MS,
      wsMessagesReceived: wsMessages,
      httpRequests,
      latency,
    };
  } finally {
    polling = false;
    for (const ws of clients) ws.terminate();
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
