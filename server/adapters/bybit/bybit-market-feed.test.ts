import { afterEach, describe, expect, it } from "vitest";
import { LiveClock } from "../../engine/clock";
import type { Tick } from "../../engine/model/market";
import { BybitMarketFeed, type BybitMarketFeedOptions } from "./bybit-market-feed";
import { bybitEndpoints } from "./endpoints";
import { FakeBybit } from "./testing/fake-bybit";
import { minuteBar } from "./testing/price-path";
import { until } from "./testing/until";

const SYMBOLS = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];
const open: { fake: FakeBybit; feed: BybitMarketFeed }[] = [];

afterEach(async () => {
  for (const { fake, feed } of open.splice(0)) {
    feed.stop();
    await fake.close();
  }
});

async function setup(o: Partial<BybitMarketFeedOptions> = {}, fakeSymbols = SYMBOLS) {
  const fake = await FakeBybit.start({ symbols: fakeSymbols, pushIntervalMs: 50 });
  const feed = new BybitMarketFeed({
    symbols: SYMBOLS,
    endpoints: bybitEndpoints({ network: "mainnet", rest: fake.restUrl, wsPublic: fake.wsPublicUrl }),
    clock: new LiveClock(),
    ...o,
  });
  open.push({ fake, feed });
  const ticks: Tick[] = [];
  return { fake, feed, ticks, sink: (t: Tick) => ticks.push(t) };
}

describe("BybitMarketFeed against a local fake Bybit", () => {
  it("loads each symbol's tick size, and refuses a symbol Bybit does not trade", async () => {
    const { feed } = await setup();
    await feed.prepare();
    expect(feed.tickSize("BTCUSDT")).toBe(0.1);
    expect(feed.tickSize("XRPUSDT")).toBeUndefined();
    const { feed: partial } = await setup({}, ["BTCUSDT"]);
    await expect(partial.prepare()).rejects.toThrow("Bybit does not trade ETHUSDT, SOLUSDT");
  });

  it("says what failed when the REST API refuses (403)", async () => {
    const { feed, fake } = await setup();
    fake.setRestError({ http: 403, retCode: 0 });
    await expect(feed.prepare()).rejects.toThrow(/instruments-info.*403/);
    expect(feed.connection()).toMatchObject({ restOk: false, lastError: expect.stringContaining("403") });
    fake.setRestError(null);
    await feed.prepare();
    expect(feed.connection().restOk).toBe(true);
  });

  it("turns the top of book and the trades into ticks for every symbol", async () => {
    const { feed, fake, ticks, sink } = await setup();
    await feed.prepare();
    feed.start(sink);
    await until("a tick with traded volume for every symbol", () =>
      SYMBOLS.every((s) => ticks.some((t) => t.symbol === s && t.volume > 0)),
    );
    for (const t of ticks) {
      expect(t.bid).toBeLessThan(t.ask);
      expect(t.bidSize).toBeGreaterThan(0);
      // The last trade may print a tick or two away from the current quote, never far.
      expect(Math.abs(t.last - (t.bid + t.ask) / 2) / t.bid).toBeLessThan(0.001);
    }
    expect(feed.connection()).toMatchObject({ state: "connected", rejectedMessages: 0, bookGaps: 0 });
    expect(fake.stats().subscriptions).toEqual(SYMBOLS.flatMap((s) => [`orderbook.1.${s}`, `publicTrade.${s}`]).sort());
  });

  it("an order-book gap: the book is dropped and rebuilt equal to the new snapshot", async () => {
    const { feed, fake, ticks, sink } = await setup();
    await feed.prepare();
    feed.start(sink);
    await until("first ticks", () => ticks.some((t) => t.symbol === "ETHUSDT"));
    fake.freeze(true);
    await new Promise((r) => setTimeout(r, 100));
    const before = fake.stats().connectionsOpened;
    fake.sendBookGap("ETHUSDT");
    await until("the gap seen", () => feed.connection().bookGaps === 1);
    const snapshot = await until("a fresh snapshot", () => {
      const snap = fake.lastSnapshot("ETHUSDT");
      const last = ticks.filter((t) => t.symbol === "ETHUSDT").at(-1);
      return snap !== null && last !== undefined && last.bid === snap.bid && last.ask === snap.ask ? snap : undefined;
    });
    const last = ticks.filter((t) => t.symbol === "ETHUSDT").at(-1);
    expect(last).toMatchObject({
      bid: snapshot.bid,
      ask: snapshot.ask,
      bidSize: snapshot.bidSize,
      askSize: snapshot.askSize,
    });
    expect(fake.stats().connectionsOpened).toBe(before); // the same connection, resubscribed
  });

  it("a dropped connection: reconnected, resubscribed, re-synced over REST", async () => {
    const { feed, fake, ticks, sink } = await setup();
    await feed.prepare();
    feed.start(sink);
    await until("first ticks", () => ticks.length > 10);
    // One tickers read at start: the announced funding rates.
    await until("the funding rates", () => feed.fundingRate("BTCUSDT") !== null);
    expect(feed.fundingRate("BTCUSDT")).toBe(0.0001);
    expect(fake.stats().restRequests["/v5/market/tickers"]).toBe(1);
    fake.dropConnections();
    await until(
      "reconnected and re-synced",
      () => feed.connection().resyncs === 1 && feed.connection().reconnects === 1,
    );
    expect(fake.stats().restRequests["/v5/market/tickers"]).toBe(2);
    const n = ticks.length;
    await until("ticks again", () => ticks.length > n + 10);
    expect(fake.stats().subscriptions).toHaveLength(SYMBOLS.length * 2);
  });

  it("the connection goes silent (no pongs, no data): reconnected, resubscribed and re-synced within 12 s with the production heartbeat", async () => {
    const { feed, fake, ticks, sink } = await setup();
    await feed.prepare();
    feed.start(sink);
    await until("first ticks", () => ticks.length > 10);
    fake.setSilent(true);
    const stoppedAt = Date.now();
    await until("a new connection", () => fake.stats().connectionsOpened === 2, 13_000);
    await until("re-synced", () => feed.connection().resyncs === 1, 13_000 - (Date.now() - stoppedAt));
    expect(Date.now() - stoppedAt).toBeLessThan(12_000);
    const n = ticks.length;
    await until("ticks again", () => ticks.length > n + 10);
  }, 20_000);

  it("backfills one-minute history over REST, oldest first, four ticks a bar, matching the exchange's bars", async () => {
    const { feed } = await setup();
    const now = Date.now();
    const from = Math.floor(now / 60_000) * 60_000 - 90 * 60_000;
    const ticks: Tick[] = [];
    for await (const t of feed.backfill(from, now)) ticks.push(t);
    const btc = ticks.filter((t) => t.symbol === "BTCUSDT");
    expect(btc.length).toBe(4 * 90); // the 90 closed minutes; the current one is still forming
    for (let i = 1; i < btc.length; i++) expect(btc[i]?.ts).toBeGreaterThan(btc[i - 1]?.ts ?? 0);
    const first = minuteBar("BTCUSDT", from);
    expect(btc[0]?.last).toBe(first[1]);
    expect(btc[3]?.last).toBe(first[4]);
  });
});
