import { expect, test } from "@playwright/test";
import { DEFAULT_SYMBOLS, ENGINE_STATES } from "../support/engine";

// The legacy REST contract (seed report sections 1, 4 and 10): shapes, sanity of market data, 400s.

const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const time = (v: unknown): number => new Date(v as string | number).getTime();

test("GET /health answers status ok with an engine state", async ({ request }) => {
  const res = await request.get("/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe("ok");
  expect(ENGINE_STATES).toContain(body.engine_state);
});

test("GET /telemetry/ping and /telemetry/summary", async ({ request }) => {
  const ping = await request.get("/telemetry/ping");
  expect(ping.status()).toBe(200);
  expect((await ping.json()).status).toBe("ok");

  const summary = await request.get("/telemetry/summary");
  expect(summary.status()).toBe(200);
  const body = await summary.json();
  expect(isFiniteNumber(body.total), `total is a number in ${JSON.stringify(body)}`).toBe(true);
  expect(body.total).toBeGreaterThanOrEqual(0);
  // The live engine times its own hot path: ticks have flowed, so they have been timed.
  expect(body.latency.tick_handling.count, JSON.stringify(body.latency)).toBeGreaterThan(0);
  expect(body.latency.tick_handling.p99_ms).toBeGreaterThan(0);
  expect(body.latency.tick_handling.p99_ms).toBeLessThanOrEqual(body.latency.tick_handling.max_ms);
});

test("GET /market/ticker answers every default symbol with sane prices", async ({ request }) => {
  for (const symbol of DEFAULT_SYMBOLS) {
    const res = await request.get("/market/ticker", { params: { symbol } });
    expect(res.status(), `ticker ${symbol}`).toBe(200);
    const t = await res.json();
    expect(t).toEqual(
      expect.objectContaining({
        symbol,
        price: expect.any(Number),
        bid: expect.any(Number),
        ask: expect.any(Number),
        volume_24h: expect.any(Number),
      }),
    );
    expect(t.price, `${symbol} price`).toBeGreaterThan(0);
    expect(t.bid, `${symbol} bid <= ask`).toBeLessThanOrEqual(t.ask);
    expect(t.bid, `${symbol} bid > 0`).toBeGreaterThan(0);
    expect(Number.isNaN(time(t.timestamp)), `${symbol} timestamp ${t.timestamp}`).toBe(false);
  }
});

test("GET /market/candles answers ordered, sane OHLC candles within the limit", async ({ request }) => {
  // Right after start the first candle may still be forming: wait for one.
  await expect
    .poll(
      async () => {
        const res = await request.get("/market/candles", {
          params: { symbol: "BTCUSDT", timeframe: "1m", limit: 100 },
        });
        return res.status() === 200 ? ((await res.json()).candles?.length ?? 0) : -res.status();
      },
      { timeout: 10_000 },
    )
    .toBeGreaterThan(0);

  const res = await request.get("/market/candles", { params: { symbol: "BTCUSDT", timeframe: "1m", limit: 100 } });
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.symbol).toBe("BTCUSDT");
  expect(body.timeframe).toBe("1m");
  expect(Array.isArray(body.candles)).toBe(true);
  expect(body.candles.length).toBeLessThanOrEqual(100);
  let previous = Number.NEGATIVE_INFINITY;
  for (const c of body.candles) {
    for (const k of ["open", "high", "low", "close", "volume"]) {
      expect(isFiniteNumber(c[k]), `${k} is a number in ${JSON.stringify(c)}`).toBe(true);
    }
    expect(c.low).toBeGreaterThan(0);
    expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
    expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
    expect(c.volume).toBeGreaterThanOrEqual(0);
    const t = time(c.timestamp);
    expect(Number.isNaN(t), `timestamp ${c.timestamp}`).toBe(false);
    expect(t, "candles in ascending time order").toBeGreaterThan(previous);
    previous = t;
  }

  const small = await request.get("/market/candles", { params: { symbol: "BTCUSDT", timeframe: "1m", limit: 1 } });
  expect(small.status()).toBe(200);
  expect((await small.json()).candles.length).toBeLessThanOrEqual(1);
});

const badRequests: Array<[string, string]> = [
  ["ticker: malformed symbol", "/market/ticker?symbol=%3Cnot%20a%20symbol%3E"],
  ["candles: malformed symbol", "/market/candles?symbol=%3Cbad%3E&timeframe=1m&limit=10"],
  ["candles: unknown timeframe", "/market/candles?symbol=BTCUSDT&timeframe=7x&limit=10"],
  ["candles: negative limit", "/market/candles?symbol=BTCUSDT&timeframe=1m&limit=-1"],
  ["candles: non-numeric limit", "/market/candles?symbol=BTCUSDT&timeframe=1m&limit=abc"],
];

for (const [name, path] of badRequests) {
  test(`bad input answers 400 {error, message}: ${name}`, async ({ request }) => {
    const res = await request.get(path);
    expect(res.status(), path).toBe(400);
    const body = await res.json();
    expect(body).toEqual(expect.objectContaining({ error: expect.any(String), message: expect.any(String) }));
  });
}

test("a well-formed but unknown symbol is a client error, not a server error", async ({ request }) => {
  const res = await request.get("/market/ticker", { params: { symbol: "ZZZZUSDT" } });
  expect([400, 404]).toContain(res.status());
  const body = await res.json();
  expect(body).toEqual(expect.objectContaining({ error: expect.any(String), message: expect.any(String) }));
});

test("GET /risk/governor/status answers the seed's schema; POST /risk/governor/clear validates its body", async ({
  request,
}) => {
  const status = await request.get("/risk/governor/status");
  expect(status.status()).toBe(200);
  const s = await status.json();
  for (const key of [
    "risk_state",
    "level",
    "reason_codes",
    "metric",
    "value",
    "threshold",
    "recommended_action",
    "clear_rule",
    "quarantined_symbols",
    "blocked_at",
    "can_clear",
  ])
    expect(s, key).toHaveProperty(key);
  expect(["NORMAL", "SOFT_BRAKE", "QUARANTINE", "HARD_STOP"]).toContain(s.risk_state);

  const bad = await request.post("/risk/governor/clear", { data: { confirm: "yes" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).message).toMatch(/confirm/);
  const notJson = await request.post("/risk/governor/clear", {
    headers: { "content-type": "application/json" },
    data: "{oops",
  });
  expect(notJson.status()).toBe(400);
});
