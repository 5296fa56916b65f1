// Security of the real server (issue 12), on its own built server with an owner password, API
// tokens (made with the command line), dummy Bybit keys and AUTH_READS=required:
//  - nothing reads or controls without credentials (REST, tRPC over HTTP, both WebSockets, which
//    close with 1008 within a second); forged, revoked and logged-out credentials are refused;
//  - another site's page, another Host (DNS rebinding) and text/plain bodies are refused; a
//    CORS_ORIGINS origin is granted;
//  - failed logins and controls are rate-limited (429 with Retry-After);
//  - 10 MB bodies (declared or chunked) answer 413 and 10 MB frames close their socket, and the
//    server stays healthy;
//  - every answer carries the security headers;
//  - start-up refuses to listen beyond loopback, or to trade live, without a password, or live with
//    an example key;
//  - and no password, token, session or key ever appears in a log line, an answer or a page.
// Run by scripts/e2e.mjs after its build; alone: `npx tsx scripts/security/run.ts`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import WebSocket from "ws";
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

process.chdir(root);

const PASSWORD = "a long owner password 7b1e";
const BYBIT_KEY = "Dummy9Key4Security7Test";
const BYBIT_SECRET = "Dummy2Secret8Security5Test0Value";
const TOOLS_ORIGIN = "https://tools.example";
const TEN_MB = 10 * 1024 * 1024;
const CONTROL_LIMIT = 30;

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Record<string, unknown>;
}

const failures: string[] = [];
/** Everything the server said, to search for secrets at the end (except the one answer that shows a token). */
const seen: string[] = [];

function check(ok: unknown, message: string): void {
  if (ok) console.log(`  ✓ ${message}`);
  else {
    console.log(`  ✗ ${message}`);
    failures.push(message);
  }
}

async function call(base: string, path: string, init: RequestInit & { keep?: boolean } = {}): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  if (init.keep !== false) seen.push(text, JSON.stringify([...res.headers].filter(([k]) => k !== "set-cookie")));
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // a page
  }
  return { status: res.status, headers: res.headers, text, body };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const json = { "content-type": "application/json" };
const post = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(base, path, { method: "POST", headers: { ...json, ...headers }, body: JSON.stringify(body) });

/** A request with a Host header of our choosing (fetch sets its own). */
function withHost(port: number, host: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Declares a body and never sends it: what the server answers, and after how long (or "open"). */
function stalledBody(port: number, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, "127.0.0.1", () =>
      socket.write(
        `POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
      ),
    );
    let answer = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve("open");
    }, ms);
    socket.on("data", (d) => (answer += String(d)));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(
        `${/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? "closed"} after ${Math.round((Date.now() - started) / 1000)} s`,
      );
    });
    socket.on("error", () => undefined);
  });
}

/** How a WebSocket ends within `ms`: its close code, "open" if still open, or the refused status. */
function wsOutcome(url: string, headers: Record<string, string>, ms: number, send?: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers, maxPayload: TEN_MB * 2 });
    const timer = setTimeout(() => {
      resolve("open");
      ws.terminate();
    }, ms);
    ws.on("open", () => {
      if (send !== undefined) ws.send(send);
    });
    ws.on("message", (m) => seen.push(String(m).slice(0, 2000)));
    ws.on("close", (code) => {
      clearTimeout(timer);
      resolve(String(code));
    });
    ws.on("unexpected-response", (_req, res) => {
      clearTimeout(timer);
      resolve(`http ${res.statusCode}`);
    });
    ws.on("error", () => undefined);
  });
}

function cli(dataDir: string, args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(join("node_modules", ".bin", "tsx"), [join("scripts", "hean.ts"), ...args], {
    input: input ?? "",
    encoding: "utf8",
    env: { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "" },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = startServer(await freePort(), env);
  const notReady = await waitForHealth(server, 90_000);
  if (notReady !== null) {
    printLog(server, notReady);
    killGroup(server.child, "SIGKILL");
    throw new Error(`server did not start: ${notReady}`);
  }
  return server;
}

/** A server that must refuse to start: its exit code and what it logged. */
async function refusedStart(env: Record<string, string>): Promise<{ code: number | null; log: string }> {
  const server = startServer(await freePort(), env);
  const exited = await Promise.race([server.exited, sleep(60_000).then(() => null)]);
  killGroup(server.child, "SIGKILL");
  return { code: exited?.code ?? null, log: server.log.join("\n") };
}

/** Failed logins before the rate-limit check: the API's wrong password and the browser's. */
const FAILED_LOGINS_BEFORE = 2;

/** A person at the dashboard: the login screen, a wrong password said so, the right one, log out. */
async function dashboardLogin(base: string, keepPage: (html: string) => void): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(base);
    const password = page.getByTestId("login-password");
    await password.waitFor({ timeout: 20_000 });
    check(await password.isVisible(), "with a password set, the dashboard opens on its login screen");
    check((await page.getByTestId("engine-state").count()) === 0, "and shows nothing of the engine before it");
    await password.fill("not the password at all");
    await page.getByTestId("login-submit").click();
    const error = page.getByTestId("login-error");
    await error.waitFor({ timeout: 10_000 });
    check((await error.textContent())?.includes("Wrong password"), "a wrong password is said so");
    await password.fill(PASSWORD);
    await page.getByTestId("login-submit").click();
    const state = page.getByTestId("engine-state");
    await state.waitFor({ timeout: 20_000 });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="engine-state"]')?.textContent !== "…",
      null,
      {
        timeout: 20_000,
      },
    );
    check(/RUNNING|PAUSED|STOPPED/.test((await state.textContent()) ?? ""), "the right one opens the live dashboard");
    check((await page.getByTestId("unprotected").count()) === 0, "and says nothing of being unprotected");
    await page.goto(`${base}/access`);
    await page.getByTestId("password-form").waitFor({ timeout: 20_000 });
    keepPage(await page.content());
    await page.getByTestId("logout").click();
    await page.getByTestId("login-password").waitFor({ timeout: 20_000 });
    check(true, "Log out goes back to the login screen");
  } catch (error) {
    check(false, `the dashboard's login: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), "hean-security-"));
  const dataDir = join(tmp, "pglite");
  let server: ServerProcess | null = null;
  try {
    console.log("command line: set-password, token create");
    check(cli(dataDir, ["set-password"], "too short\n").code === 1, "set-password refuses a short password");
    check(cli(dataDir, ["set-password"], `${PASSWORD}\n`).code === 0, "set-password saves the owner password");
    const created = cli(dataDir, ["token", "create", "ci-bot"]);
    const token = created.stdout.trim();
    check(created.code === 0 && /^hean_[0-9a-f]{8}_[\w-]{43}$/.test(token), "token create prints one token");

    server = await start({
      PGLITE_DATA_DIR: dataDir,
      AUTH_READS: "required",
      BYBIT_API_KEY: BYBIT_KEY,
      BYBIT_API_SECRET: BYBIT_SECRET,
      CORS_ORIGINS: TOOLS_ORIGIN,
      RATE_LIMIT_CONTROLS_PER_MIN: String(CONTROL_LIMIT),
      LOG_LEVEL: "debug",
    });
    const base = server.base;
    const port = Number(new URL(base).port);
    const wsBase = base.replace("http", "ws");

    console.log("headers");
    const page = await call(base, "/");
    const csp = page.headers.get("content-security-policy") ?? "";
    check(page.status === 200 && csp.includes("default-src 'self'"), "pages carry a Content-Security-Policy");
    check(
      csp.includes("frame-ancestors 'none'") && page.headers.get("x-frame-options") === "DENY",
      "nothing may frame the dashboard",
    );
    const health = await call(base, "/health");
    check(health.headers.get("x-content-type-options") === "nosniff", "JSON answers carry nosniff");

    console.log("no credentials");
    for (const [method, path] of [
      ["GET", "/trading/why"],
      ["GET", "/portfolio/summary"],
      ["POST", "/engine/pause"],
      ["POST", "/risk/governor/clear"],
      ["GET", "/api/trpc/engine.status"],
      ["POST", "/api/trpc/engine.control"],
    ] as const) {
      const a = await call(base, path, method === "POST" ? { method, headers: json, body: "{}" } : { method });
      check(
        a.status === 401 && a.body.error === "UNAUTHORIZED",
        `${method} ${path} without credentials: 401 (got ${a.status})`,
      );
    }
    check(
      (await wsOutcome(`${wsBase}/ws`, {}, 1_000)) === "1008",
      "/ws without credentials closes with 1008 within 1 s",
    );
    check(
      (await wsOutcome(`${wsBase}/api/trpc`, {}, 1_000)) === "1008",
      "tRPC WS without credentials closes with 1008 within 1 s",
    );
    const forged = `hean_${token.slice(5, 13)}_${"A".repeat(43)}`;
    check((await call(base, "/trading/why", { headers: bearer(forged) })).status === 401, "a forged token: 401");
    check((await call(base, "/trading/why", { headers: bearer("nonsense") })).status === 401, "a malformed token: 401");
    check(
      (await wsOutcome(`${wsBase}/ws`, bearer(forged), 1_000)) === "1008",
      "/ws with a forged token closes with 1008",
    );

    const badCookie = await call(base, "/trading/why", {
      headers: { ...bearer(token), cookie: "hean_session=%E0%A4%A" },
    });
    check(badCookie.status < 500, `a malformed session cookie is no session, never a 500 (got ${badCookie.status})`);

    console.log("a token");
    check((await call(base, "/trading/why", { headers: bearer(token) })).status === 200, "reads with the token: 200");
    const paused = await post(base, "/engine/pause", { reason: "security test" }, bearer(token));
    check(paused.status === 200 && paused.body.ok === true, "a control with the token: 200");
    check((await wsOutcome(`${wsBase}/ws`, bearer(token), 1_500)) === "open", "/ws with the token stays open");
    check(
      (await wsOutcome(`${wsBase}/api/trpc`, bearer(token), 1_500)) === "open",
      "tRPC WS with the token stays open",
    );

    const smoke = spawnSync("bash", [join("scripts", "smoke_test.sh"), "127.0.0.1", String(port)], {
      encoding: "utf8",
      env: { ...process.env, HEAN_TOKEN: token },
      timeout: 120_000,
    });
    check(smoke.status === 0, `the smoke test passes with HEAN_TOKEN (${smoke.stdout.trim().split("\n").at(-1)})`);

    console.log("login, a session, tokens made from it, revocation, logout");
    const wrong = await post(base, "/auth/login", { password: "not the password at all" });
    check(wrong.status === 401 && wrong.body.error === "WRONG_PASSWORD", "a wrong password: 401");
    const login = await post(base, "/auth/login", { password: PASSWORD });
    const setCookie = login.headers.get("set-cookie") ?? "";
    const session = /hean_session=([^;]+)/.exec(setCookie)?.[1] ?? "";
    check(login.status === 200 && session.length >= 32, "the right password: 200 and a session cookie");
    check(/HttpOnly/i.test(setCookie) && /SameSite=Strict/i.test(setCookie), "the cookie is HttpOnly, SameSite=Strict");
    const cookie = { cookie: `hean_session=${session}` };
    check((await call(base, "/trading/why", { headers: cookie })).status === 200, "reads with the session: 200");
    const made = await call(base, "/api/trpc/access.createToken", {
      method: "POST",
      headers: { ...json, ...cookie },
      body: JSON.stringify({ name: "second" }),
      keep: false, // the one answer that shows a token
    });
    const second = (made.body.result as { data?: { token?: string; id?: string } } | undefined)?.data;
    check(made.status === 200 && typeof second?.token === "string", "the session creates a token");
    const secondToken = second?.token ?? "";
    check((await call(base, "/trading/why", { headers: bearer(secondToken) })).status === 200, "the new token reads");
    const tokenMakesToken = await post(base, "/api/trpc/access.createToken", { name: "third" }, bearer(token));
    check(tokenMakesToken.status === 403, `a token cannot make tokens: 403 (got ${tokenMakesToken.status})`);
    const revoked = await post(base, "/api/trpc/access.revokeToken", { id: second?.id }, cookie);
    check(revoked.status === 200, "the session revokes it");
    check(
      (await call(base, "/trading/why", { headers: bearer(secondToken) })).status === 401,
      "a revoked token: 401 at once",
    );
    check(
      (await wsOutcome(`${wsBase}/ws`, bearer(secondToken), 1_000)) === "1008",
      "/ws with a revoked token closes with 1008",
    );
    const accessPage = await call(base, "/access", { headers: cookie });
    check(accessPage.status === 200, "the Access page renders for the owner");

    console.log("the dashboard's login, in Chromium");
    await dashboardLogin(base, (page) => seen.push(page));

    console.log("origins, hosts, content types");
    const evil = await post(base, "/engine/pause", {}, { ...bearer(token), origin: "https://evil.example" });
    check(evil.status === 403 && evil.body.error === "ORIGIN_NOT_ALLOWED", "another site's page: 403");
    check(evil.headers.get("access-control-allow-origin") === null, "and no CORS grant");
    const form = await call(base, "/risk/governor/clear", {
      method: "POST",
      headers: { ...bearer(token), "content-type": "application/x-www-form-urlencoded" },
      body: "confirm=true",
    });
    check(form.status === 415, "a form-encoded body: 415");
    const evilCookie = await call(base, "/engine/kill", {
      method: "POST",
      headers: { ...cookie, origin: "https://evil.example", "content-type": "text/plain" },
      body: '{"reason":"csrf"}',
    });
    check(evilCookie.status === 403, "a cross-site form post with the owner's cookie: 403");
    const plain = await call(base, "/engine/kill", {
      method: "POST",
      headers: { ...cookie, "content-type": "text/plain" },
      body: '{"reason":"csrf"}',
    });
    check(plain.status === 415, "a text/plain body: 415");
    const tools = await call(base, "/trading/why", { headers: { ...bearer(token), origin: TOOLS_ORIGIN } });
    check(
      tools.status === 200 && tools.headers.get("access-control-allow-origin") === TOOLS_ORIGIN,
      "a CORS_ORIGINS origin is granted",
    );
    check(
      (await wsOutcome(`${wsBase}/ws`, { ...bearer(token), origin: "https://evil.example" }, 1_000)) === "http 403",
      "another site's page may not open /ws",
    );
    check((await withHost(port, "evil.example", "/health")) === 403, "another Host (DNS rebinding): 403");
    check((await withHost(port, `localhost:${port}`, "/health")) === 200, "localhost is this server");

    console.log("10 MB bodies and frames");
    const huge = JSON.stringify({ reason: "x".repeat(TEN_MB) });
    const declared = await call(base, "/engine/pause", {
      method: "POST",
      headers: { ...json, ...bearer(token) },
      body: huge,
    });
    check(declared.status === 413, `a 10 MB body: 413 (got ${declared.status})`);
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024 * 1024)));
        controller.close();
      },
    });
    const chunked = await call(base, "/engine/pause", {
      method: "POST",
      headers: { ...json, ...bearer(token) },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    check(chunked.status === 413, `a chunked 10 MB body: 413 (got ${chunked.status})`);
    const trpcHuge = await call(base, "/api/trpc/engine.control", {
      method: "POST",
      headers: { ...json, ...bearer(token) },
      body: huge,
    });
    check(trpcHuge.status === 413, `a 10 MB tRPC body: 413 (got ${trpcHuge.status})`);
    const frame = Buffer.alloc(TEN_MB, 0x61);
    check(
      (await wsOutcome(`${wsBase}/ws`, bearer(token), 3_000, frame)) === "1009",
      "a 10 MB /ws frame closes it (1009)",
    );
    check(
      (await wsOutcome(`${wsBase}/api/trpc`, bearer(token), 3_000, frame)) === "1009",
      "a 10 MB tRPC frame closes it (1009)",
    );
    const after = await call(base, "/health");
    check(after.status === 200 && after.body.status === "ok", "the server is healthy after them");

    const stalled = await Promise.all(Array.from({ length: 20 }, () => stalledBody(port, 25_000)));
    check(
      stalled.every((a) => a.startsWith("408")),
      `20 requests whose body stalls are answered 408 and closed (${[...new Set(stalled)].join(", ")})`,
    );

    console.log("rate limits");
    const statuses: number[] = [];
    for (let i = 0; i < CONTROL_LIMIT + 5; i++)
      statuses.push((await post(base, "/engine/pause", {}, bearer(token))).status);
    const firstLimited = statuses.indexOf(429);
    check(
      // Pausing a paused engine is a 409: answered, and counted.
      firstLimited > 0 &&
        statuses.slice(firstLimited).every((s) => s === 429) &&
        statuses.slice(0, firstLimited).every((s) => s === 200 || s === 409),
      `controls past ${CONTROL_LIMIT} a minute: 429 (${statuses.join(" ")})`,
    );
    const limited = await post(base, "/engine/pause", {}, bearer(token));
    check(Number(limited.headers.get("retry-after")) > 0, "a 429 says when to retry");
    check((await call(base, "/trading/why", { headers: bearer(token) })).status === 200, "reads are not rate-limited");
    const logins: number[] = [];
    for (let i = 0; i < 11; i++)
      logins.push((await post(base, "/auth/login", { password: `wrong password ${i}` })).status);
    // Failures came earlier (the API's and the browser's): the 10th in the minute is the last checked.
    const allowed = 10 - FAILED_LOGINS_BEFORE;
    check(
      logins.slice(0, allowed).every((s) => s === 401) && logins.slice(allowed).every((s) => s === 429),
      `failed logins past 10 a minute: 429 (${logins.join(" ")})`,
    );
    const rightButLimited = await post(base, "/auth/login", { password: PASSWORD });
    check(rightButLimited.status === 429, "even the right password waits out the limit");

    const logout = await call(base, "/auth/logout", { method: "POST", headers: cookie });
    check(logout.status === 200, "logout: 200");
    check((await call(base, "/trading/why", { headers: cookie })).status === 401, "a logged-out session: 401");

    const events = await call(base, "/api/trpc/access.events", { headers: bearer(token) });
    check(events.status === 403, "a token cannot read the access log");

    const log = server.log.join("\n");
    killGroup(server.child, "SIGTERM");
    await Promise.race([server.exited, sleep(15_000)]);
    server = null;

    console.log("start-up refusals");
    const everywhere = await refusedStart({ PGLITE_DATA_DIR: join(tmp, "fresh"), HOST: "0.0.0.0" });
    check(
      everywhere.code !== 0 && everywhere.code !== null && /no owner password is set/.test(everywhere.log),
      "HOST=0.0.0.0 without a password: refused",
    );
    const liveNoPassword = await refusedStart({
      PGLITE_DATA_DIR: join(tmp, "fresh2"),
      PAPER_MODE: "false",
      MARKET_FEED: "bybit", // settings complete: only the password is missing (refused before any connection)
      LIVE_TRADING_CONFIRM: "I_ACCEPT_REAL_MONEY_RISK",
      BYBIT_API_KEY: BYBIT_KEY,
      BYBIT_API_SECRET: BYBIT_SECRET,
    });
    check(
      liveNoPassword.code !== 0 && liveNoPassword.code !== null && /set an owner password/.test(liveNoPassword.log),
      "PAPER_MODE=false without a password: refused",
    );
    const exampleKey = await refusedStart({
      PGLITE_DATA_DIR: dataDir,
      PAPER_MODE: "false",
      LIVE_TRADING_CONFIRM: "I_ACCEPT_REAL_MONEY_RISK",
      BYBIT_API_KEY: "changeme",
      BYBIT_API_SECRET: BYBIT_SECRET,
    });
    check(
      exampleKey.code !== 0 &&
        exampleKey.code !== null &&
        /BYBIT_API_KEY is empty or an example value/.test(exampleKey.log),
      "PAPER_MODE=false with an example key: refused",
    );
    const unconfirmed = await refusedStart({
      PGLITE_DATA_DIR: dataDir,
      PAPER_MODE: "false",
      BYBIT_API_KEY: BYBIT_KEY,
      BYBIT_API_SECRET: BYBIT_SECRET,
    });
    check(
      unconfirmed.code !== 0 && unconfirmed.code !== null && /LIVE_TRADING_CONFIRM/.test(unconfirmed.log),
      "PAPER_MODE=false without LIVE_TRADING_CONFIRM: refused",
    );

    console.log("secrets");
    const logs = [log, everywhere.log, liveNoPassword.log, exampleKey.log, unconfirmed.log].join("\n");
    const said = seen.join("\n");
    const secrets: Record<string, string> = {
      password: PASSWORD,
      token: token.slice(14),
      "second token": secondToken.slice(14),
      session,
      "Bybit key": BYBIT_KEY,
      "Bybit secret": BYBIT_SECRET,
    };
    for (const [name, value] of Object.entries(secrets)) {
      check(value !== "" && !logs.includes(value), `the ${name} is in no log line`);
      check(value !== "" && !said.includes(value), `the ${name} is in no answer, page or message`);
    }
    check(!said.includes(created.stdout.trim().slice(14)), "the token printed by the CLI is in no answer");
  } finally {
    if (server !== null) {
      if (failures.length > 0) printLog(server, "security failed");
      killGroup(server.child, "SIGKILL");
    }
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(failures.length === 0 ? "security OK" : `security FAILED: ${failures.length} check(s)`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
