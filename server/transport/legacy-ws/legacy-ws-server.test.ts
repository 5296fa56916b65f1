import { afterEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { EXTRA_TOPICS, SEED_TOPICS } from "../../gateway/topic-catalog";
import { CLOSE_SERVICE_RESTART, type LegacyWsLogger, LegacyWsServer } from "./legacy-ws-server";
import { FIXED_ISO, startTestServer, TestClient, type TestServer, until } from "./test-support";
import { legacyTopicsFor } from "./topics";

let server: TestServer | undefined;
const clients: TestClient[] = [];

async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  server = await startTestServer(options);
  return server;
}

async function connect(url: string, options: WebSocket.ClientOptions = {}) {
  const result = await TestClient.connect(url, options);
  clients.push(result.client);
  return result;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
});

describe("LegacyWsServer", () => {
  it("greets a new client with the available topics", async () => {
    const { url } = await start();
    const { welcome } = await connect(url);
    expect(Object.keys(welcome)).toEqual(["type", "timestamp", "topics"]);
    expect(welcome).toEqual({
      type: "connected",
      timestamp: FIXED_ISO,
      topics: [...SEED_TOPICS, ...EXTRA_TOPICS, "ticker_btcusdt", "ticker_ethusdt"],
    });
  });

  it("acks a subscription and delivers published data in the exact {topic,data,timestamp} shape", async () => {
    const { url, legacy } = await start();
    const { client } = await connect(url);
    expect(await client.request({ action: "subscribe", topic: "market_ticks" })).toEqual({
      type: "subscribed",
      topic: "market_ticks",
      timestamp: FIXED_ISO,
    });

    const tick = { symbol: "BTCUSDT", price: 98250.5, bid: 98250, ask: 98251, timestamp: FIXED_ISO };
    expect(legacy.publish("market_ticks", tick)).toBe(1);
    const message = await client.next();
    expect(Object.keys(message)).toEqual(["topic", "data", "timestamp"]);
    expect(message).toEqual({ topic: "market_ticks", data: tick, timestamp: FIXED_ISO });
  });

  it("does not deliver topics the client did not subscribe to", async () => {
    const { url, legacy } = await start();
    const { client } = await connect(url);
    await client.request({ action: "subscribe", topic: "metrics" });
    expect(legacy.publish("signals", { id: 1 })).toBe(0);
    await client.expectSilence(100);
  });

  it("stops delivery after unsubscribe", async () => {
    const { url, legacy } = await start();
    const { client } = await connect(url);
    await client.request({ action: "subscribe", topic: "risk_governor" });
    legacy.publish("risk_governor", { state: "NORMAL" });
    expect((await client.next()).topic).toBe("risk_governor");

    expect(await client.request({ action: "unsubscribe", topic: "risk_governor" })).toEqual({
      type: "unsubscribed",
      topic: "risk_governor",
      timestamp: FIXED_ISO,
    });
    expect(legacy.publish("risk_governor", { state: "SOFT_BRAKE" })).toBe(0);
    await client.expectSilence(100);
  });

  it("matches ticker topics case-insensitively and publishes under the lower-case name", async () => {
    const { url, legacy } = await start();
    const { client: upper } = await connect(url);
    const { client: lower } = await connect(url);
    expect(await upper.request({ action: "subscribe", topic: "ticker_BTCUSDT" })).toMatchObject({
      type: "subscribed",
      topic: "ticker_btcusdt",
    });
    await lower.request({ action: "subscribe", topic: "ticker_btcusdt" });
    expect(legacy.subscriberCount("ticker_btcusdt")).toBe(2);
    expect(legacy.subscriberCount("TICKER_BtcUsdt")).toBe(2);

    expect(legacy.publish("ticker_btcusdt", { price: 1 })).toBe(2);
    for (const client of [upper, lower]) {
      expect(await client.next()).toEqual({ topic: "ticker_btcusdt", data: { price: 1 }, timestamp: FIXED_ISO });
    }
    // Unsubscribing with yet another spelling removes the same subscription.
    await upper.request({ action: "unsubscribe", topic: "Ticker_BtcUsdt" });
    expect(legacy.subscriberCount("ticker_btcusdt")).toBe(1);
  });

  it("accepts a subscription to a topic nothing publishes yet", async () => {
    const { url } = await start();
    const { client } = await connect(url);
    expect(await client.request({ action: "subscribe", topic: "signals" })).toMatchObject({ type: "subscribed" });
  });

  it.each([
    [
      "unknown topic",
      { action: "subscribe", topic: "ticker_dogeusdt" },
      "UNKNOWN_TOPIC",
      /ticker_dogeusdt.*market_ticks/,
    ],
    [
      "unknown action",
      { action: "subscribe_all", topic: "metrics" },
      "UNKNOWN_ACTION",
      /subscribe_all.*subscribe, unsubscribe, ping/,
    ],
    ["invalid JSON", '{"action": "subscribe", ', "INVALID_JSON", /not valid JSON/],
    ["a non-object", "[1,2]", "INVALID_MESSAGE", /JSON object/],
    ["action of the wrong type", { action: 42 }, "INVALID_MESSAGE", /"action" must be a string/],
    ["topic of the wrong type", { action: "subscribe", topic: 7 }, "INVALID_MESSAGE", /"topic".*got a number/],
    ["a missing topic", { action: "unsubscribe" }, "INVALID_MESSAGE", /"topic".*got no topic/],
  ])("answers %s with a specific error and keeps the connection usable", async (_name, sent, code, text) => {
    const { url, legacy } = await start();
    const { client } = await connect(url);
    const reply = await client.request(sent);
    expect(Object.keys(reply)).toEqual(["type", "error_code", "message", "timestamp"]);
    expect(reply).toMatchObject({ type: "error", error_code: code, timestamp: FIXED_ISO });
    expect(reply.message).toMatch(text);

    expect(await client.request({ action: "subscribe", topic: "metrics" })).toMatchObject({ type: "subscribed" });
    legacy.publish("metrics", { equity: 1000 });
    expect(await client.next()).toMatchObject({ topic: "metrics", data: { equity: 1000 } });
    expect(legacy.stats().protocol_errors).toBe(1);
  });

  it("answers a binary frame with INVALID_MESSAGE", async () => {
    const { url } = await start();
    const { client } = await connect(url);
    client.ws.send(Buffer.from('{"action":"ping"}'), { binary: true });
    expect(await client.next()).toMatchObject({ type: "error", error_code: "INVALID_MESSAGE" });
    expect(await client.request({ action: "ping" })).toMatchObject({ type: "pong" });
  });

  it("answers ping with pong, as JSON and as bare text", async () => {
    const { url } = await start();
    const { client } = await connect(url);
    expect(await client.request({ action: "ping" })).toEqual({ type: "pong", timestamp: FIXED_ISO });
    expect(await client.request("ping")).toEqual({ type: "pong", timestamp: FIXED_ISO });
  });

  it("counts clients and subscribers per topic", async () => {
    const { url, legacy } = await start();
    expect(legacy.clientCount()).toBe(0);
    const { client: a } = await connect(url);
    const { client: b } = await connect(url);
    expect(legacy.clientCount()).toBe(2);
    await a.request({ action: "subscribe", topic: "market_ticks" });
    await a.request({ action: "subscribe", topic: "market_ticks" }); // idempotent
    await b.request({ action: "subscribe", topic: "market_ticks" });
    await b.request({ action: "subscribe", topic: "metrics" });
    expect(legacy.subscriberCount("market_ticks")).toBe(2);
    expect(legacy.subscriberCount("metrics")).toBe(1);
    expect(legacy.subscriberCount("signals")).toBe(0);
    expect(legacy.subscriberCount("no_such_topic")).toBe(0);
    expect(legacy.stats()).toMatchObject({ clients: 2, subscriptions: 3, connections_total: 2 });

    b.close();
    await until(() => legacy.clientCount() === 1);
    expect(legacy.subscriberCount("market_ticks")).toBe(1);
    expect(legacy.subscriberCount("metrics")).toBe(0);
  });

  it("limits subscriptions per client", async () => {
    const { url } = await start({ maxSubscriptionsPerClient: 2 });
    const { client } = await connect(url);
    await client.request({ action: "subscribe", topic: "metrics" });
    await client.request({ action: "subscribe", topic: "signals" });
    expect(await client.request({ action: "subscribe", topic: "metrics" })).toMatchObject({ type: "subscribed" });
    expect(await client.request({ action: "subscribe", topic: "market_ticks" })).toMatchObject({
      type: "error",
      error_code: "TOO_MANY_SUBSCRIPTIONS",
    });
    await client.request({ action: "unsubscribe", topic: "signals" });
    expect(await client.request({ action: "subscribe", topic: "market_ticks" })).toMatchObject({ type: "subscribed" });
  });

  it("closes a connection that sends an oversized message (1009)", async () => {
    const { url, legacy } = await start({ maxPayloadBytes: 1024 });
    const { client } = await connect(url);
    client.send({ action: "subscribe", topic: "x".repeat(2000) });
    expect((await client.closed).code).toBe(1009);
    await until(() => legacy.clientCount() === 0);
  });

  it("drops a client that stops reading while a normal client keeps receiving", async () => {
    const maxBufferedBytes = 256 * 1024;
    const logger: LegacyWsLogger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const { url, legacy } = await start({ maxBufferedBytes, logger });
    const { client: slow } = await connect(url);
    const { client: normal } = await connect(url);
    await slow.request({ action: "subscribe", topic: "market_data" });
    await normal.request({ action: "subscribe", topic: "market_data" });
    slow.ws.pause();

    // Lock-step with the normal client, so only the paused one falls behind.
    const blob = "x".repeat(128 * 1024);
    let published = 0;
    while (legacy.stats().dropped_slow === 0) {
      if (published === 500) throw new Error("slow client was never dropped");
      legacy.publish("market_data", { seq: published, blob });
      expect(await normal.next()).toMatchObject({ data: { seq: published } });
      published++;
    }

    expect(legacy.stats()).toMatchObject({ dropped_slow: 1, clients: 1 });
    expect(legacy.clientCount()).toBe(1);
    expect(legacy.subscriberCount("market_data")).toBe(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ max_buffered_bytes: maxBufferedBytes }),
      expect.stringContaining("not keeping up"),
    );

    expect(legacy.publish("market_data", { seq: "after" })).toBe(1);
    expect(await normal.next()).toMatchObject({ data: { seq: "after" } });
    slow.ws.resume();
    expect((await slow.closed).code).toBe(1006);
  });

  it("terminates a client that does not answer protocol pings", async () => {
    const { url, legacy } = await start({ pingIntervalMs: 40 });
    const { client: silent } = await connect(url, { autoPong: false });
    const { client: healthy } = await connect(url);
    await until(() => legacy.stats().dropped_unresponsive === 1);
    await silent.closed;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(legacy.clientCount()).toBe(1);
    expect(await healthy.request({ action: "ping" })).toMatchObject({ type: "pong" });
  });

  it("ignores (and warns once about) publishes to topics outside the set", async () => {
    const logger: LegacyWsLogger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const { legacy } = await start({ logger });
    expect(legacy.publish("engine_internal", { a: 1 })).toBe(0);
    expect(legacy.publish("engine_internal", { a: 2 })).toBe(0);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it("logs and skips data that cannot be serialized, without disturbing clients", async () => {
    const logger: LegacyWsLogger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const { url, legacy } = await start({ logger });
    const { client } = await connect(url);
    await client.request({ action: "subscribe", topic: "metrics" });
    expect(legacy.publish("metrics", { big: 1n })).toBe(0);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(legacy.publish("metrics", { ok: true })).toBe(1);
    expect(await client.next()).toMatchObject({ data: { ok: true } });
  });

  it("on shutdown tells clients to reconnect, closes them with 1012 and refuses new connections", async () => {
    const { url, legacy } = await start();
    const { client } = await connect(url);
    await client.request({ action: "subscribe", topic: "system_status" });

    await legacy.shutdown();
    const notice = await client.next();
    expect(Object.keys(notice)).toEqual(["type", "reconnect", "message", "timestamp"]);
    expect(notice).toMatchObject({ type: "server_shutdown", reconnect: true, timestamp: FIXED_ISO });
    expect(typeof notice.message).toBe("string");
    expect(await client.closed).toEqual({ code: CLOSE_SERVICE_RESTART, reason: "server restart" });
    expect(legacy.clientCount()).toBe(0);
    expect(legacy.publish("system_status", { engine: "running" })).toBe(0);

    const refused = new WebSocket(url);
    refused.on("error", () => {});
    const status = await new Promise<number | undefined>((resolve) => {
      refused.on("unexpected-response", (req, res) => {
        req.destroy();
        resolve(res.statusCode);
      });
      refused.on("open", () => resolve(undefined));
    });
    expect(status).toBe(503);
    expect(legacy.stats().upgrades_refused).toBe(1);
    await expect(legacy.shutdown()).resolves.toBeUndefined();
  });

  it("bounds shutdown when a client never completes the close handshake", async () => {
    const { url, legacy } = await start({ shutdownTimeoutMs: 200 });
    const { client } = await connect(url);
    client.ws.pause();
    const started = Date.now();
    await legacy.shutdown();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(2_000);
    expect(legacy.clientCount()).toBe(0);
  });

  it("rejects invalid options", () => {
    const topics = legacyTopicsFor(["BTCUSDT"]);
    expect(() => new LegacyWsServer({ topics, maxBufferedBytes: 0 })).toThrow(RangeError);
    expect(() => new LegacyWsServer({ topics, maxBufferedBytes: 1024, pingIntervalMs: 1.5 })).toThrow(RangeError);
  });
});
