// The platform on Bybit market data (issue 13), against the local fake Bybit v5 server: the real
// built server with MARKET_FEED=bybit and the base addresses pointed at the fake runs on its data as
// on the synthetic feed: its prices in the tickers, its instruments' tick sizes, its one-minute
// history backfilled into the candles, the seed's smoke test green, and after the exchange drops
// the connection, reconnected with the prices moving again and /health ok.
// Run by scripts/e2e.mjs after its build; alone: `npx tsx scripts/bybit/run.ts`.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { FakeBybit } from "../../server/adapters/bybit/testing/fake-bybit";
import { midPrice, minuteBar, tickSizeOf } from "../../server/adapters/bybit/testing/price-path";
import { DEFAULT_SYMBOLS } from "../../server/engine/model/symbols";
import {
  freePort,
  killGroup,
  printLog,
  root,
  type ServerProcess,
  sleep,
  startServer,
  waitForHealth,
} from "../lib/server-process.mjs";
import { checks, get, until } from "./script-kit";

process.chdir(root);

const SYMBOLS = [...DEFAULT_SYMBOLS];
const { check, failures } = checks();

function runAsync(cmd: string, args: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.once("exit", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout });
    });
  });
}

async function main(): Promise<number> {
  const fake = await FakeBybit.start({ symbols: SYMBOLS, pushIntervalMs: 200 });
  const tmp = mkdtempSync(join(tmpdir(), "hean-bybit-"));
  let server: ServerProcess | null = null;
  try {
    server = startServer(await freePort(), {
      PGLITE_DATA_DIR: join(tmp, "pglite"),
      MARKET_FEED: "bybit",
      BYBIT_REST_URL: fake.restUrl,
      BYBIT_WS_PUBLIC_URL: fake.wsPublicUrl,
      RATE_LIMIT_CONTROLS_PER_MIN: "100000",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    });
    const notReady = await waitForHealth(server, 90_000);
    check(notReady === null, `HEAN starts on MARKET_FEED=bybit and /health is ok${notReady ? ` (${notReady})` : ""}`);
    if (notReady !== null) return 1;
    const base = server.base;

    console.log("prices, instruments, history");
    const tickers = await until(
      "a ticker for every symbol",
      async () => {
        const answers = await Promise.all(SYMBOLS.map((s) => get(base, `/market/ticker?symbol=${s}`)));
        return answers.every((a) => a.status === 200) ? answers.map((a) => a.body) : undefined;
      },
      20_000,
    );
    check(tickers !== undefined, "every symbol has a live ticker");
    for (const t of tickers ?? []) {
      const symbol = String(t.symbol);
      const mid = midPrice(symbol, Date.parse(String(t.timestamp)));
      const off = Math.abs(Number(t.price) - mid) / mid;
      if (off > 0.002) check(false, `${symbol}: ticker ${t.price} is the exchange's price (${mid})`);
      if (!(Number(t.bid) < Number(t.ask))) check(false, `${symbol}: bid ${t.bid} < ask ${t.ask}`);
    }
    check(failures.length === 0, "tickers carry the exchange's prices, bid below ask");
    const instruments = await fetch(`${base}/api/trpc/market.instruments`).then((r) => r.json());
    const list =
      (instruments as { result?: { data?: { symbol: string; tick_size: number | null }[] } }).result?.data ?? [];
    check(
      SYMBOLS.every((s) => list.find((i) => i.symbol === s)?.tick_size === tickSizeOf(s)),
      "instrument tick sizes come from the exchange's instruments-info",
    );
    const candles = await get(base, "/market/candles?symbol=BTCUSDT&timeframe=1m&limit=100");
    const bars = (candles.body.candles as { timestamp: string; close: number; closed: boolean }[]) ?? [];
    const closed = bars.filter((b) => b.closed);
    check(closed.length >= 40, `45 minutes of one-minute history backfilled over REST (${closed.length} closed bars)`);
    const mismatched = closed
      .slice(0, -2) // the last minutes mix backfill and live ticks
      .filter((b) => Math.abs(b.close - minuteBar("BTCUSDT", Date.parse(b.timestamp))[4]) > 1e-9);
    check(mismatched.length === 0, `backfilled closes equal the exchange's klines (${mismatched.length} differ)`);

    const report = (await fetch(`${base}/api/trpc/trading.fillsVsBook`).then((r) => r.json())) as {
      result?: { data?: { live_book?: boolean; mode?: string } };
    };
    check(
      report.result?.data?.live_book === true && report.result.data.mode === "paper",
      "paper fills are compared with Bybit's live book (trading.fillsVsBook)",
    );

    console.log("the seed's smoke test");
    const port = new URL(base).port;
    // Not spawnSync: the fake exchange runs on this process's event loop and must keep streaming.
    const smoke = await runAsync("bash", [join("scripts", "smoke_test.sh"), "127.0.0.1", port]);
    check(smoke.status === 0, `smoke test on Bybit data (${smoke.stdout.trim().split("\n").at(-1)})`);
    if (smoke.status !== 0)
      console.log(
        smoke.stdout
          .split("\n")
          .filter((l) => l.includes("FAIL"))
          .join("\n"),
      );

    console.log("the exchange drops the connection");
    const before = (await get(base, "/market/ticker?symbol=BTCUSDT")).body.timestamp;
    const tickerReadsBefore = fake.stats().restRequests["/v5/market/tickers"] ?? 0;
    fake.dropConnections();
    const resumed = await until(
      "a reconnect and new prices",
      async () => {
        const now = (await get(base, "/market/ticker?symbol=BTCUSDT")).body.timestamp;
        return fake.stats().connectionsOpened >= 2 && now !== before && fake.stats().publicConnections === 1
          ? now
          : undefined;
      },
      10_000,
    );
    check(resumed !== undefined, "reconnected, resubscribed, prices moving again within 10 s");
    check(
      (fake.stats().restRequests["/v5/market/tickers"] ?? 0) > tickerReadsBefore,
      "re-synced over REST after the reconnect",
    );
    const health = await get(base, "/health");
    check(
      health.status === 200 && health.body.status === "ok",
      `/health ok after it (${JSON.stringify(health.body.problems)})`,
    );

    check(
      (health.body.feed as { connection?: { state?: string } } | undefined)?.connection?.state === "connected",
      "/health shows the exchange stream connected",
    );

    console.log("the dashboard");
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu"],
    });
    try {
      const page = await browser.newPage();
      await page.goto(base);
      const stream = page.getByTestId("exchange-stream");
      await stream.waitFor({ timeout: 20_000 });
      const text = await until(
        "the exchange stream on the overview",
        async () => {
          const t = (await stream.textContent()) ?? "";
          return t.startsWith("connected") ? t : undefined;
        },
        10_000,
      );
      check(text !== undefined, `the overview shows the exchange stream (${text})`);
      const price = await page
        .getByTestId("ticker-price-BTCUSDT")
        .textContent({ timeout: 10_000 })
        .catch(() => null);
      check(
        price !== null && Number(price.replace(/,/g, "")) > 0,
        `the overview's market shows Bybit's BTCUSDT price (${price})`,
      );
      const vsBook = await page
        .getByTestId("fills-vs-book")
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
      check(vsBook, "the overview compares paper fills with the live book");
    } finally {
      await browser.close();
    }

    console.log("the exchange is down, then back");
    fake.setDown(true);
    const degraded = await until(
      "/health degraded",
      async () => {
        const h = await get(base, "/health");
        const problems = (h.body.problems as string[]) ?? [];
        return h.body.status === "degraded" && problems.some((p) => p.startsWith("feed: bybit stream"))
          ? problems
          : undefined;
      },
      10_000,
    );
    check(degraded !== undefined, `/health degraded while the exchange is down (${degraded?.join("; ")})`);
    fake.setDown(false);
    const recovered = await until(
      "/health ok again",
      async () => ((await get(base, "/health")).body.status === "ok" ? true : undefined),
      20_000,
    );
    check(recovered, "back to ok once the exchange is up: reconnected by itself");

    killGroup(server.child, "SIGTERM");
    const exited = await Promise.race([server.exited, sleep(15_000).then(() => null)]);
    check(exited?.code === 0, "SIGTERM: exits 0");
    if (exited !== null) server = null;
  } finally {
    if (server !== null) {
      if (failures.length > 0) printLog(server, "bybit failed");
      killGroup(server.child, "SIGKILL");
    }
    await fake.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(failures.length === 0 ? "bybit OK" : `bybit FAILED: ${failures.length} check(s)`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
