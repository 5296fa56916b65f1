import { afterEach, describe, expect, it } from "vitest";
import { LiveClock } from "../../../engine/clock";
import type { Order, OrderRequest, OrderUpdate } from "../../../engine/model/trading";
import { bybitEndpoints } from "../endpoints";
import { FAKE_API_KEY, FAKE_API_SECRET, FakeBybit } from "../testing/fake-bybit";
import { tickSizeOf } from "../testing/price-path";
import { until } from "../testing/until";
import { BybitBroker } from "./bybit-broker";
import { reconcile } from "./reconciliation";

const open: { fake: FakeBybit; broker: BybitBroker }[] = [];
afterEach(async () => {
  for (const { fake, broker } of open.splice(0)) {
    broker.close();
    await fake.close();
  }
});

let sequence = 0;
const request = (over: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: `hean-test-${Date.now().toString(36)}-${sequence++}`,
  symbol: "BTCUSDT",
  side: "BUY",
  type: "MARKET",
  qty: 0.01,
  reduceOnly: false,
  strategyId: "test",
  decisionId: null,
  ...over,
});

async function setup(o: { apiKey?: string; deadMan?: { afterMs: number; cancelOnReturn: boolean } } = {}) {
  const fake = await FakeBybit.start({ symbols: ["BTCUSDT", "ETHUSDT"], pushIntervalMs: 100 });
  const updates: OrderUpdate[] = [];
  const broker = new BybitBroker({
    endpoints: bybitEndpoints({
      network: "testnet",
      rest: fake.restUrl,
      wsPublic: fake.wsPublicUrl,
      wsPrivate: fake.wsPrivateUrl,
    }),
    apiKey: o.apiKey ?? FAKE_API_KEY,
    apiSecret: FAKE_API_SECRET,
    clock: new LiveClock(),
    rules: (symbol) => ({
      symbol,
      tickSize: tickSizeOf(symbol),
      qtyStep: 0.001,
      minOrderQty: 0.001,
      maxOrderQty: 100,
      maxMarketQty: 50,
      minNotional: 5,
    }),
    guard: { rejectReason: () => null },
    readBackDelaysMs: [200, 500, 1_000],
    convergeAfterMs: 1_000,
    ...(o.deadMan === undefined ? {} : { deadMan: o.deadMan }),
  });
  open.push({ fake, broker });
  broker.connect((u) => updates.push(u));
  for (const symbol of ["BTCUSDT", "ETHUSDT"]) {
    const b = fake.book(symbol);
    broker.onTick({ symbol, ts: Date.now(), bid: b.bid, ask: b.ask, last: b.bid, bidSize: 1, askSize: 1, volume: 0 });
  }
  if (o.apiKey === undefined) await until("the private stream", () => fake.stats().privateConnections === 1);
  await new Promise((r) => setTimeout(r, 100)); // its subscription answered
  const of = (id: string) => updates.filter((u) => u.order.clientOrderId === id);
  return { fake, broker, updates, of };
}

describe("BybitBroker against the local fake Bybit", () => {
  it("a market order: accepted, then filled from the execution stream at the book, with its fee", async () => {
    const { broker, fake, of } = await setup();
    const r = request();
    expect(broker.submit(r).status).toBe("NEW");
    const filled = await until("the fill", () => of(r.clientOrderId).find((u) => u.type === "ORDER_FILLED"));
    if (filled.type !== "ORDER_FILLED") throw new Error("not a fill");
    expect(filled.order).toMatchObject({ status: "FILLED", filledQty: 0.01 });
    expect(filled.order.venueOrderId).not.toBeNull();
    expect(filled.fill).toMatchObject({ orderId: r.clientOrderId, side: "BUY", qty: 0.01, liquidity: "TAKER" });
    expect(filled.fill.fee).toBeGreaterThan(0);
    expect(of(r.clientOrderId).map((u) => u.type)).toEqual(["ORDER_ACCEPTED", "ORDER_FILLED"]);
    expect(fake.account.ordersFor(r.clientOrderId)).toBe(1);
    expect(fake.account.positionList()[0]).toMatchObject({ symbol: "BTCUSDT", side: "Buy", size: "0.01" });
  });

  it("the same clientOrderId twice is one order, here and on the exchange", async () => {
    const { broker, fake, of } = await setup();
    const r = request();
    const first = broker.submit(r);
    expect(broker.submit(r)).toBe(first);
    await until("the fill", () => of(r.clientOrderId).some((u) => u.type === "ORDER_FILLED"));
    expect(broker.submit(r).status).toBe("FILLED");
    expect(fake.account.ordersFor(r.clientOrderId)).toBe(1);
    expect(fake.stats().restRequests["/v5/order/create"]).toBe(1);
  });

  it("create carried out but its answer lost: exactly one venue order, the state converges within 5 s", async () => {
    const { broker, fake, of } = await setup();
    fake.loseCreateResponses(1);
    const r = request();
    const started = Date.now();
    broker.submit(r);
    const filled = await until("convergence", () => broker.order(r.clientOrderId)?.status === "FILLED", 5_000);
    expect(filled).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fake.account.ordersFor(r.clientOrderId)).toBe(1);
    expect(of(r.clientOrderId).filter((u) => u.type === "ORDER_FILLED")).toHaveLength(1);
  });

  it("the same fill delivered twice counts once", async () => {
    const { broker, fake, of } = await setup();
    fake.account.duplicateNextFills(1);
    const r = request({ qty: 0.02 });
    broker.submit(r);
    await until("the fill", () => of(r.clientOrderId).some((u) => u.type === "ORDER_FILLED"));
    await new Promise((r) => setTimeout(r, 300));
    const fills = of(r.clientOrderId).filter((u) => u.type === "ORDER_FILLED");
    expect(fills).toHaveLength(1);
    expect(broker.order(r.clientOrderId)).toMatchObject({ status: "FILLED", filledQty: 0.02 });
  });

  it("a limit order rests on the book until it is cancelled, and the cancel's end comes from the stream", async () => {
    const { broker, fake, of } = await setup();
    const below = Math.floor((fake.book("BTCUSDT").bid * 0.9) / 0.1) * 0.1;
    const r = request({ type: "LIMIT", price: below });
    broker.submit(r);
    await until("the venue id", () => broker.order(r.clientOrderId)?.venueOrderId !== null);
    expect(broker.openOrders().map((o) => o.clientOrderId)).toContain(r.clientOrderId);
    expect(broker.cancel(r.clientOrderId, "test")).toBe(true);
    const cancelled = await until("the cancel", () => of(r.clientOrderId).find((u) => u.type === "ORDER_CANCELLED"));
    expect(cancelled.order).toMatchObject({ status: "CANCELLED", filledQty: 0 });
    expect(broker.openOrders()).toEqual([]);
  });

  it("refusals: the instrument's rules before sending; Bybit's insufficient balance as its reason", async () => {
    const { broker, fake, of } = await setup();
    const tiny = request({ qty: 0.0004 });
    expect(broker.submit(tiny)).toMatchObject({ status: "REJECTED", rejectReason: "QTY_BELOW_MIN" });
    expect(fake.stats().restRequests["/v5/order/create"]).toBeUndefined();
    const huge = request({ qty: 40 });
    broker.submit(huge);
    const rejected = await until("the refusal", () => of(huge.clientOrderId).find((u) => u.type === "ORDER_REJECTED"));
    expect(rejected.order.rejectReason).toBe("INSUFFICIENT_BALANCE");
    expect(fake.account.ordersFor(huge.clientOrderId)).toBe(0);
  });

  it("a 403 bans every request for 10 minutes: later orders are refused without a request", async () => {
    const { broker, fake, of } = await setup();
    fake.setRestError({ http: 403, retCode: 0 });
    const first = request();
    broker.submit(first);
    await until("the refusal", () => of(first.clientOrderId).some((u) => u.type === "ORDER_REJECTED"));
    expect(broker.order(first.clientOrderId)?.rejectReason).toBe("IP_BANNED");
    const sent = fake.stats().restRequests["/v5/order/create"];
    fake.setRestError(null);
    expect(broker.submit(request())).toMatchObject({ status: "REJECTED", rejectReason: "IP_BANNED" });
    expect(fake.stats().restRequests["/v5/order/create"]).toBe(sent);
  });

  it("after a crash, a broker that knows nothing reconciles: the missed fill, the untracked order, no stranger", async () => {
    const { broker, fake, of } = await setup();
    const since = Date.now() - 1_000;
    const market = request({ qty: 0.03 });
    const resting = request({ type: "LIMIT", price: Math.floor((fake.book("BTCUSDT").bid * 0.9) / 0.1) * 0.1 });
    broker.submit(market);
    broker.submit(resting);
    await until(
      "both at the venue",
      () =>
        of(market.clientOrderId).some((u) => u.type === "ORDER_FILLED") &&
        broker.order(resting.clientOrderId)?.venueOrderId !== null,
    );
    broker.close(); // HEAN dies here; its database never heard of either order
    const venue = await broker.readVenueBook(since, []);
    if (venue === null) throw new Error("no venue book");
    const nothingKnown = reconcile({ openOrders: [], positions: [], hasFill: () => false }, venue);
    expect(nothingKnown.differences.map((d) => d.kind).sort()).toEqual(["MISSED_FILL", "UNTRACKED_ORDER"]);
    expect(nothingKnown.blockedSymbols).toEqual([]);
    // What HEAN would hold once it applied them: no difference is left.
    const fill = venue.executions[0];
    const applied = reconcile(
      {
        openOrders: [broker.order(resting.clientOrderId) as Order],
        positions: [
          {
            symbol: "BTCUSDT",
            side: "LONG",
            qty: 0.03,
            entryPrice: fill?.execPrice ?? 0,
            realizedPnl: 0,
            stopLoss: null,
            takeProfit: null,
            openedAt: 0,
            updatedAt: 0,
          },
        ],
        hasFill: (id) => id === fill?.execId,
      },
      venue,
    );
    expect(applied.differences).toEqual([]);
  });

  it("the dead-man's switch: Bybit unreachable → no new orders within 5 s; back → HEAN's open orders cancelled", async () => {
    const { broker, fake, of } = await setup({ deadMan: { afterMs: 1_000, cancelOnReturn: true } });
    const resting = request({ type: "LIMIT", price: Math.floor((fake.book("BTCUSDT").bid * 0.9) / 0.1) * 0.1 });
    broker.submit(resting);
    await until("the resting order at the venue", () => broker.order(resting.clientOrderId)?.venueOrderId !== null);
    expect(broker.exchangeState()).toMatchObject({ connected: true, deadManTripped: false });
    fake.setDown(true);
    const downAt = Date.now();
    await until(
      "the stream seen down for longer than the switch allows",
      () => broker.exchangeState().deadManTripped,
      4_000,
    );
    const refused = broker.submit(request());
    expect(refused.rejectReason).toBe("EXCHANGE_UNREACHABLE");
    expect(Date.now() - downAt).toBeLessThan(5_000);
    expect(broker.exchangeState()).toMatchObject({ connected: false, deadManTripped: true });
    fake.setDown(false);
    await until("the stream back", () => broker.exchangeState().connected, 10_000);
    const cancelled = await until(
      "the cancel on return",
      () => of(resting.clientOrderId).find((u) => u.type === "ORDER_CANCELLED"),
      10_000,
    );
    expect(cancelled.reason).toContain("dead-man");
    expect(broker.exchangeState()).toMatchObject({ connected: true, deadManTripped: false });
  });

  it("a wrong key: every create is refused by Bybit and the order says why", async () => {
    const { broker, of } = await setup({ apiKey: "not-the-key" });
    const r = request();
    broker.submit(r);
    const rejected = await until("the refusal", () => of(r.clientOrderId).find((u) => u.type === "ORDER_REJECTED"));
    expect(rejected.order.rejectReason).toBe("INVALID_API_KEY");
  });
});
