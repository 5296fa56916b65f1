// Trading on Bybit (issue 13), against the local fake Bybit v5 server: the real built server with
// PAPER_MODE=false reconciles with the account before it trades; a position it did not open is
// adopted and held back until a person acknowledges it on the dashboard; an order caught by kill -9
// and filled while HEAN is away is recovered once after the restart, before any new order; with the
// exchange down, nothing opens and /health says degraded, and trading resumes only after a new
// reconciliation. The engine is not started (ENGINE_AUTOSTART=false): every order here is the
// script's, so what Bybit holds can be compared with what HEAN holds exactly.
// Run by scripts/e2e.mjs after its build; alone: `npx tsx scripts/bybit/trading-run.ts`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { FAKE_API_KEY, FAKE_API_SECRET, FakeBybit } from "../../server/adapters/bybit/testing/fake-bybit";
import { LIVE_TRADING_CONFIRMATION } from "../../server/config/load-settings";
import { freePort, killGroup, printLog, root, type ServerProcess, sleep, startServer } from "../lib/server-process.mjs";
import { type Auth, bearer, checks, get as getAs, mutate as mutateAs, query as queryAs, until } from "./script-kit";

process.chdir(root);

const SYMBOLS = ["BTCUSDT", "ETHUSDT"];
const PASSWORD = "bybit-trading-run-owner-password";
const { check, failures } = checks();
let auth: Auth = {};
const get = (base: string, path: string) => getAs(base, path, auth);
const query = <T>(base: string, procedure: string) => queryAs<T>(base, procedure, auth);
const mutate = (base: string, procedure: string, input: unknown) => mutateAs(base, procedure, input, auth);

/** The command line, before the fake exchange runs on this process's event loop (it blocks it). */
function cli(dataDir: string, args: string[], input = ""): { code: number | null; stdout: string } {
  const r = spawnSync(join("node_modules", ".bin", "tsx"), [join("scripts", "hean.ts"), ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "" },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout };
}

interface ExchangeBlock {
  private_stream: string;
  reconciled: boolean;
  reconciliations: number;
  last_differences: { kind: string; symbol: string; detail: string }[];
  unexplained: { symbol: string; reason: string }[];
  account: { account_type: string; wallet_balance: number } | null;
}
interface Position {
  symbol: string;
  side: string;
  qty: number;
}

const exchange = async (base: string) =>
  (await query<{ exchange: ExchangeBlock | null }>(base, "system.status"))?.exchange ?? undefined;
const positions = async (base: string) =>
  (await get(base, "/portfolio/summary")).body.positions as Position[] | undefined;

function venuePosition(fake: FakeBybit, symbol: string): number {
  const p = fake.account.positionList().find((x) => x.symbol === symbol);
  return p === undefined ? 0 : (p.side === "Sell" ? -1 : 1) * Number(p.size);
}

function heanPosition(list: readonly Position[], symbol: string): number {
  const p = list.find((x) => x.symbol === symbol);
  return p === undefined ? 0 : (p.side === "SHORT" ? -1 : 1) * p.qty;
}

async function main(): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), "hean-bybit-trading-"));
  const dataDir = join(tmp, "pglite");
  console.log("the owner's password and an API token (live trading needs them)");
  check(cli(dataDir, ["set-password"], `${PASSWORD}\n`).code === 0, "set-password");
  const token = cli(dataDir, ["token", "create", "bybit-run"]).stdout.trim();
  check(token.startsWith("hean_"), "token create");
  auth = bearer(token);
  const fake = await FakeBybit.start({ symbols: SYMBOLS, pushIntervalMs: 200 });
  const env = {
    PGLITE_DATA_DIR: dataDir,
    SYMBOLS: SYMBOLS.join(","),
    PAPER_MODE: "false",
    BYBIT_TESTNET: "true",
    MARKET_FEED: "bybit",
    BYBIT_API_KEY: FAKE_API_KEY,
    BYBIT_API_SECRET: FAKE_API_SECRET,
    LIVE_TRADING_CONFIRM: LIVE_TRADING_CONFIRMATION,
    BYBIT_REST_URL: fake.restUrl,
    BYBIT_WS_PUBLIC_URL: fake.wsPublicUrl,
    BYBIT_WS_PRIVATE_URL: fake.wsPrivateUrl,
    ENGINE_AUTOSTART: "false",
    RATE_LIMIT_CONTROLS_PER_MIN: "100000",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  };
  let server: ServerProcess | null = null;
  const start = async (what: string) => {
    const started = startServer(await freePort(), env);
    server = started;
    let exited = false;
    void started.exited.then(() => (exited = true));
    // /health is degraded while a held symbol waits for a person: answering is what counts here.
    const up = await until(
      "/health to answer",
      async () => (exited ? false : (await get(started.base, "/health")).status > 0 ? true : undefined),
      90_000,
    );
    check(up === true, `${what}: HEAN starts with PAPER_MODE=false on the fake Bybit`);
    return up === true ? started.base : null;
  };
  try {
    console.log("a position HEAN did not open, found at start");
    fake.account.create({ symbol: "ETHUSDT", side: "Sell", orderType: "Market", qty: "0.3", orderLinkId: "by-hand" });
    let base = await start("first start");
    if (base === null) return 1;
    const first = await until(
      "the first reconciliation",
      async () => {
        const x = await exchange(base as string);
        return x?.reconciled ? x : undefined;
      },
      20_000,
    );
    check(
      first?.account?.account_type === "UNIFIED",
      `the unified account is opened (${first?.account?.account_type})`,
    );
    const wallet = Number(fake.account.wallet().totalWalletBalance); // 10 000 less the fee of the order by hand
    check(first?.account?.wallet_balance === wallet, `wallet balance from Bybit (${first?.account?.wallet_balance})`);
    check(
      first?.last_differences.some((d) => d.kind === "POSITION_MISMATCH" && d.symbol === "ETHUSDT"),
      "the reconciliation names the unexplained ETHUSDT position",
    );
    check(heanPosition((await positions(base)) ?? [], "ETHUSDT") === -0.3, "HEAN holds Bybit's position: short 0.3");
    const why = (await get(base, "/trading/why")).body;
    check(
      ((why.not_trading_because as string[]) ?? []).some((l) => /ETHUSDT held back/.test(l)),
      "/trading/why says ETHUSDT is held back",
    );
    const health = (await get(base, "/health")).body;
    check(health.status === "degraded", "/health: degraded while a symbol waits for review");

    console.log("the dashboard: the exchange, the account, the hold, the acknowledgement");
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu"],
    });
    try {
      const page = await browser.newPage();
      page.on("dialog", (d) => void d.accept());
      await page.goto(base);
      await page.getByTestId("login-password").fill(PASSWORD, { timeout: 20_000 });
      await page.getByTestId("login-submit").click();
      const privateStream = page.getByTestId("exchange-private");
      await privateStream.waitFor({ timeout: 20_000 });
      check((await privateStream.textContent()) === "up", "the overview shows the private stream up");
      check(
        /connected/.test((await page.getByTestId("exchange-public").textContent()) ?? ""),
        "the overview shows the public stream connected",
      );
      check(
        (await page.getByTestId("exchange-wallet").textContent()) ===
          `${wallet.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} USDT`,
        "the overview shows Bybit's wallet balance",
      );
      const ack = page.getByTestId("acknowledge-ETHUSDT");
      await ack.click({ timeout: 10_000 });
      await ack.waitFor({ state: "detached", timeout: 10_000 }).catch(() => {});
      check((await ack.count()) === 0, "acknowledged on the dashboard, the hold is gone");
    } finally {
      await browser.close();
    }
    const afterAck = await exchange(base);
    check(afterAck?.unexplained.length === 0, "system.status: nothing held back any more");

    console.log("kill -9 with HEAN's order at Bybit, filled while HEAN is away");
    fake.account.holdMarketOrders(true);
    const close = await mutate(base, "trading.closePosition", { symbol: "ETHUSDT" });
    const linkId = String((close.body.order as { client_order_id?: string } | undefined)?.client_order_id ?? "");
    check(close.status === 200 && linkId !== "", `a close order is sent (${close.status} ${linkId})`);
    const atVenue = await until(
      "the order at Bybit",
      async () => (fake.account.orderState(linkId) !== null ? true : undefined),
      10_000,
    );
    check(atVenue, "Bybit has the order, working");
    await sleep(700); // the order's records reach the database (a batch is 0.5 s)
    killGroup((server as unknown as ServerProcess).child, "SIGKILL");
    await (server as unknown as ServerProcess).exited;
    server = null;
    fake.account.forceFill(linkId);
    fake.account.holdMarketOrders(false);
    const ordersBefore = fake.account.orderCount();

    base = await start("restart");
    if (base === null) return 1;
    const second = await until(
      "the reconciliation after the restart",
      async () => {
        const x = await exchange(base as string);
        return x?.reconciled ? x : undefined;
      },
      20_000,
    );
    check(
      second?.last_differences.some((d) => d.kind === "MISSED_FILL" && d.detail.includes(linkId)),
      `the missed fill is recovered (${second?.last_differences.map((d) => d.kind).join(", ")})`,
    );
    const held = await positions(base);
    for (const symbol of SYMBOLS)
      check(
        Math.abs(heanPosition(held ?? [], symbol) - venuePosition(fake, symbol)) < 1e-12,
        `${symbol}: HEAN's position equals Bybit's (${heanPosition(held ?? [], symbol)})`,
      );
    check(fake.account.orderCount() === ordersBefore, "no order was sent again");
    check(second?.unexplained.length === 0, "the acknowledgement survived the restart: nothing held");

    console.log("the exchange is down, then back");
    const reconciledBefore = second?.reconciliations ?? 0;
    fake.setDown(true);
    const degraded = await until(
      "/health degraded",
      async () => {
        const h = (await get(base as string, "/health")).body;
        const problems = (h.problems as string[]) ?? [];
        return problems.some((p) => p.includes("private stream is down")) ? problems : undefined;
      },
      10_000,
    );
    check(degraded !== undefined, `/health degraded: ${degraded?.find((p) => p.includes("private"))}`);
    const whyDown = (await get(base, "/trading/why")).body;
    check(
      (whyDown.execution_quality as { ws_ok?: boolean } | undefined)?.ws_ok === false,
      "execution_quality.ws_ok is false while the private stream is down",
    );
    const blockers = whyDown.entry_blockers as { blocked: string[] }[] | undefined;
    check(
      blockers?.every((b) => b.blocked.includes("EXCHANGE_UNREACHABLE")),
      "no symbol can open: EXCHANGE_UNREACHABLE",
    );
    fake.setDown(false);
    const back = await until(
      "a new reconciliation",
      async () => {
        const x = await exchange(base as string);
        return x?.reconciled && x.reconciliations > reconciledBefore ? x : undefined;
      },
      30_000,
    );
    check(back !== undefined, "back up: reconciled again before trading");
    check(
      ((await get(base, "/trading/why")).body.execution_quality as { ws_ok?: boolean } | undefined)?.ws_ok === true,
      "execution_quality.ws_ok is true again",
    );
    const cleared = (await get(base, "/trading/why")).body.entry_blockers as { blocked: string[] }[] | undefined;
    check(
      cleared?.every(
        (b) => !b.blocked.includes("EXCHANGE_UNREACHABLE") && !b.blocked.includes("EXCHANGE_NOT_RECONCILED"),
      ),
      "entries are no longer held by the exchange",
    );

    killGroup((server as unknown as ServerProcess).child, "SIGTERM");
    const exited = await Promise.race([(server as unknown as ServerProcess).exited, sleep(15_000).then(() => null)]);
    check(exited?.code === 0, "SIGTERM: exits 0");
    if (exited !== null) server = null;
  } catch (error) {
    check(false, `the run stopped: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  } finally {
    const s = server as ServerProcess | null;
    if (s !== null) {
      if (failures.length > 0) printLog(s, "bybit trading failed");
      killGroup(s.child, "SIGKILL");
    }
    await fake.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(failures.length === 0 ? "bybit trading OK" : `bybit trading FAILED: ${failures.length} check(s)`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
