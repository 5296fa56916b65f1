import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { freePort, killGroup, printLog, type ServerProcess, startServer } from "../../scripts/lib/server-process.mjs";
import { ensureRunning } from "../support/engine";

// Every control, clear and refusal through REST and tRPC, on the real built server (Next's bundle
// and the process each hold their own copy of every module, which no unit test can reproduce):
// each answers its documented status, and nothing answers 500.

type Via = "rest" | "trpc";

interface Step {
  readonly command: string;
  readonly body?: unknown;
  /** REST status; tRPC answers the same outcome as data (200), or the matching error code. */
  readonly status: number;
  readonly ok?: boolean;
  readonly code?: string | null;
  readonly state?: string;
}

/** A walk through the lifecycle that meets every answer a control can give. */
const CONTROL_TABLE: readonly Step[] = [
  { command: "start", status: 409, ok: false, code: "ALREADY_RUNNING", state: "RUNNING" },
  { command: "pause", status: 200, ok: true, code: null, state: "PAUSED" },
  { command: "pause", status: 409, ok: false, code: "ALREADY_PAUSED", state: "PAUSED" },
  { command: "start", status: 409, ok: false, code: "ALREADY_RUNNING", state: "PAUSED" },
  { command: "resume", status: 200, ok: true, code: null, state: "RUNNING" },
  { command: "resume", status: 409, ok: false, code: "NOT_PAUSED", state: "RUNNING" },
  { command: "stop", status: 200, ok: true, code: null, state: "STOPPED" },
  { command: "stop", status: 409, ok: false, code: "ALREADY_STOPPED", state: "STOPPED" },
  { command: "pause", status: 409, ok: false, code: "NOT_RUNNING", state: "STOPPED" },
  { command: "start", status: 200, ok: true, code: null, state: "RUNNING" },
  { command: "restart", status: 200, ok: true, code: null, state: "RUNNING" },
  { command: "kill", body: { reason: "answers table" }, status: 200, ok: true, code: null, state: "STOPPED" },
  { command: "kill", status: 200, ok: true, code: null, state: "STOPPED" },
  { command: "start", status: 409, ok: false, code: "KILLSWITCH_ACTIVE", state: "STOPPED" },
  { command: "restart", status: 409, ok: false, code: "KILLSWITCH_ACTIVE", state: "STOPPED" },
];

async function rest(request: APIRequestContext, path: string, body?: unknown) {
  const res = await request.post(path, body === undefined ? {} : { data: body });
  return { status: res.status(), body: (await res.json()) as Record<string, unknown> };
}

async function trpc(request: APIRequestContext, path: string, input: unknown) {
  const res = await request.post(`/api/trpc/${path}`, { data: input });
  const body = (await res.json()) as {
    result?: { data: Record<string, unknown> };
    error?: { data: { code: string; httpStatus: number } };
  };
  return { status: res.status(), data: body.result?.data, error: body.error?.data };
}

async function walk(request: APIRequestContext, via: Via): Promise<void> {
  for (const [i, step] of CONTROL_TABLE.entries()) {
    const what = `${via} #${i} ${step.command} (expect ${step.code ?? "done"})`;
    if (via === "rest") {
      const r = await rest(request, `/engine/${step.command}`, step.body);
      expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(step.status);
      expect(r.body, what).toMatchObject({ ok: step.ok, error_code: step.code, engine_state: step.state });
    } else {
      const r = await trpc(request, "engine.control", { command: step.command, ...(step.body as object) });
      expect(r.status, `${what}: ${JSON.stringify(r)}`).toBe(200);
      expect(r.data, what).toMatchObject({ ok: step.ok, error_code: step.code, engine_state: step.state });
    }
  }
  // The killswitch holds until a clear, which lifts it; then start works again.
  const cleared = via === "rest" ? await rest(request, "/risk/governor/clear", { confirm: true }) : null;
  if (cleared !== null) {
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body).toMatchObject({ status: "cleared", error_code: null });
  } else {
    const r = await trpc(request, "risk.clear", { confirm: true });
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ status: "cleared", error_code: null });
  }
  const start =
    via === "rest"
      ? (await rest(request, "/engine/start")).status
      : (await trpc(request, "engine.control", { command: "start" })).status;
  expect(start).toBe(200);
}

test.describe("answers on the built server", () => {
  test.afterAll(async ({ request }) => {
    await ensureRunning(request);
  });

  test("every control answers its documented status over REST", async ({ request }) => {
    await ensureRunning(request);
    await walk(request, "rest");
  });

  test("every control answers its documented outcome over tRPC", async ({ request }) => {
    await ensureRunning(request);
    await walk(request, "trpc");
  });

  test("bad input is a 400 that names the field, over REST and tRPC; an unknown command a 404", async ({ request }) => {
    const cases: [string, unknown, string][] = [
      ["/engine/pause", { reason: "x".repeat(600) }, "reason"],
      ["/engine/pause", { reason: "\u0000" }, "reason"],
      ["/engine/pause", { surprise: true }, ""],
      ["/risk/governor/clear", { confirm: "yes" }, "confirm"],
    ];
    for (const [path, body, field] of cases) {
      const r = await rest(request, path, body);
      expect(r.status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body).toMatchObject({ error: "BAD_REQUEST", message: expect.any(String) });
      if (field !== "") expect(r.body.field).toBe(field);
    }
    expect((await rest(request, "/engine/explode")).status).toBe(404);
    for (const input of [{ command: "explode" }, { command: "pause", reason: "\ud800" }]) {
      const r = await trpc(request, "engine.control", input);
      expect(r.status, JSON.stringify(r)).toBe(400);
      expect(r.error?.code).toBe("BAD_REQUEST");
    }
    const clear = await trpc(request, "risk.clear", { confirm: 1 });
    expect(clear.status).toBe(400);
  });

  test("closing no position and cancelling an unknown order are 404s, not errors", async ({ request }) => {
    await ensureRunning(request);
    const close = await trpc(request, "trading.closePosition", { symbol: "TRXUSDT" });
    expect([200, 404]).toContain(close.status);
    if (close.status === 404) expect(close.error?.code).toBe("NOT_FOUND");
    const cancel = await trpc(request, "trading.cancelOrder", { clientOrderId: "no-such-order" });
    expect(cancel.status).toBe(404);
    expect(cancel.error?.code).toBe("NOT_FOUND");
  });
});

// A replay whose file has a bad line: the feed fails, FEED_ERROR holds (HARD_STOP), and a clear
// has nothing it may lift. The answer is a 409 that says why, from both sides of the seam.
test.describe("with a failed feed", () => {
  test.describe.configure({ timeout: 180_000 });
  let server: ServerProcess;
  let dir: string;

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hean-e2e-feed-error-"));
    const file = join(dir, "bad.csv");
    const good = Array.from({ length: 5 }, (_, i) => `2024-01-01 00:0${i}:00,100,101,99,100,10`);
    writeFileSync(
      file,
      ["timestamp,open,high,low,close,volume", ...good, "2024-01-01 00:05:00,not-a-price,1,1,1,1", ""].join("\n"),
    );
    server = startServer(await freePort(), {
      PGLITE_DATA_DIR: join(dir, "pglite"),
      MARKET_FEED: "replay",
      REPLAY_FILE: file,
      REPLAY_SPEED: "1000",
      REPLAY_LOOP: "false",
      SYMBOLS: "BTCUSDT",
      LOG_LEVEL: "warn",
    });
    // /health is degraded once the feed fails: any answer means the server is up.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const up = await fetch(`${server.base}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) {
        printLog(server, "the server did not answer /health");
        throw new Error("the server did not answer /health within 90 s");
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  test.afterAll(() => {
    if (server !== undefined) killGroup(server.child, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  test("a clear that can lift nothing is a 409 with the reason over REST, and the same answer over tRPC", async ({
    request,
  }) => {
    const base = server.base;
    await expect
      .poll(
        async () =>
          ((await (await request.get(`${base}/risk/governor/status`)).json()) as { reason_codes: string[] })
            .reason_codes,
        {
          timeout: 30_000,
        },
      )
      .toContain("FEED_ERROR");
    const health = (await (await request.get(`${base}/health`)).json()) as { status: string; problems: string[] };
    expect(health.status).toBe("degraded");
    expect(health.problems.join(" ")).toMatch(/feed/);

    const clear = await request.post(`${base}/risk/governor/clear`, { data: { confirm: true } });
    const body = (await clear.json()) as Record<string, unknown>;
    expect(clear.status(), JSON.stringify(body)).toBe(409);
    expect(body).toMatchObject({
      status: "error",
      error_code: "NOTHING_TO_CLEAR",
      message: expect.stringMatching(/FEED_ERROR/),
    });

    const viaTrpc = await request.post(`${base}/api/trpc/risk.clear`, { data: { confirm: true } });
    expect(viaTrpc.status()).toBe(200);
    expect(((await viaTrpc.json()) as { result: { data: unknown } }).result.data).toMatchObject({
      status: "error",
      error_code: "NOTHING_TO_CLEAR",
    });

    // Not the killswitch: /trading/why and a start agree that a start is allowed (it retries the feed).
    const why = (await (await request.get(`${base}/trading/why`)).json()) as {
      killswitch_state: { triggered: boolean };
    };
    expect(why.killswitch_state.triggered).toBe(false);
    const start = await request.post(`${base}/engine/start`);
    expect(start.status()).toBe(200);
  });
});
