import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../testing/fake-bybit";
import { parsePrivateMessage } from "../v5/account-messages";
import { executionsResult, ordersResult } from "../v5/account-rest";
import { parseRest } from "../v5/rest-envelope";
import { checkOrder, floorToStep, type InstrumentRules } from "./order-rules";
import { RequestLimiter } from "./request-limiter";
import { orderErrorMeaning } from "./ret-codes";
import { ExecutionLedger, orderStatusOf } from "./venue-state";

const load = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), "utf8"));

const BTC: InstrumentRules = {
  symbol: "BTCUSDT",
  tickSize: 0.5,
  qtyStep: 0.001,
  minOrderQty: 0.001,
  maxOrderQty: 100,
  maxMarketQty: 50,
  minNotional: 5,
};

describe("order rules", () => {
  it("rounds quantity down to the step in exact decimals, never up", () => {
    expect(floorToStep(0.0129, 0.001)).toBe("0.012");
    expect(floorToStep(0.3, 0.1)).toBe("0.3");
    expect(floorToStep(1.0000000001, 0.001)).toBe("1.000");
    expect(floorToStep(990.2569, 0.01)).toBe("990.25");
  });

  it("rounds a limit price to the tick toward the passive side", () => {
    expect(checkOrder(BTC, { side: "BUY", type: "LIMIT", qty: 0.01, price: 27450.7 }, 27450)).toEqual({
      ok: true,
      qty: "0.010",
      price: "27450.5",
    });
    expect(checkOrder(BTC, { side: "SELL", type: "LIMIT", qty: 0.01, price: 27450.2 }, 27450)).toMatchObject({
      price: "27450.5",
    });
  });

  it("refuses what Bybit would refuse, and says why", () => {
    expect(checkOrder(BTC, { side: "BUY", type: "MARKET", qty: 0.0009 }, 27450)).toMatchObject({
      reason: "QTY_BELOW_MIN",
    });
    expect(checkOrder(BTC, { side: "BUY", type: "MARKET", qty: 60 }, 27450)).toMatchObject({ reason: "QTY_ABOVE_MAX" });
    expect(checkOrder(BTC, { side: "BUY", type: "LIMIT", qty: 60, price: 27450 }, 27450)).toMatchObject({ ok: true });
    expect(checkOrder({ ...BTC, minNotional: 100 }, { side: "BUY", type: "MARKET", qty: 0.001 }, 27450)).toMatchObject({
      reason: "NOTIONAL_BELOW_MIN",
    });
    expect(checkOrder(undefined, { side: "BUY", type: "MARKET", qty: 1 }, 1)).toMatchObject({
      reason: "UNKNOWN_INSTRUMENT",
    });
    expect(checkOrder(BTC, { side: "BUY", type: "LIMIT", qty: 1 }, 1)).toMatchObject({ reason: "BAD_PRICE" });
  });
});

describe("Bybit errors", () => {
  it("maps the documented codes to reasons, and never concludes from an ambiguous one", () => {
    for (const code of [110004, 110007, 110012])
      expect(orderErrorMeaning(code, 200)).toEqual({
        reason: "INSUFFICIENT_BALANCE",
        certainty: "rejected",
        backOff: false,
      });
    expect(orderErrorMeaning(110072, 200)).toMatchObject({ reason: "DUPLICATE_ORDER_LINK_ID", certainty: "unknown" });
    expect(orderErrorMeaning(10006, 200)).toMatchObject({ reason: "RATE_LIMITED", backOff: true });
    expect(orderErrorMeaning(null, 403)).toMatchObject({ reason: "IP_BANNED", backOff: true });
    expect(orderErrorMeaning(null, null)).toMatchObject({ reason: "NO_ANSWER", certainty: "unknown" });
    expect(orderErrorMeaning(null, 502)).toMatchObject({ certainty: "unknown" });
    expect(orderErrorMeaning(999999, 200)).toMatchObject({ reason: "BYBIT_999999", certainty: "unknown" });
  });
});

describe("RequestLimiter", () => {
  it("keeps order creation under its rate, and sends nothing for 10 minutes after a 403", () => {
    let now = 0;
    const limiter = new RequestLimiter(() => now);
    const permits = Array.from({ length: 10 }, () => limiter.acquire("order").ok);
    expect(permits.filter(Boolean)).toHaveLength(8);
    now += 1_001;
    expect(limiter.acquire("order").ok).toBe(true);
    limiter.onAnswer({ httpStatus: 403, retCode: null });
    now += 9 * 60_000;
    expect(limiter.acquire("other")).toMatchObject({ ok: false, reason: "BANNED" });
    now += 60_001;
    expect(limiter.acquire("other").ok).toBe(true);
  });

  it("backs off after a rate-limit answer, doubling, and resets once answers are normal", () => {
    let now = 0;
    const limiter = new RequestLimiter(() => now);
    limiter.onAnswer({ httpStatus: 200, retCode: 10006 });
    expect(limiter.acquire("order")).toMatchObject({ ok: false, reason: "BACKING_OFF", retryAfterMs: 1_000 });
    now += 1_000;
    limiter.onAnswer({ httpStatus: 200, retCode: 10006 });
    expect(limiter.acquire("order")).toMatchObject({ retryAfterMs: 2_000 });
    now += 2_000;
    limiter.onAnswer({ httpStatus: 200, retCode: 0 });
    limiter.onAnswer({ httpStatus: 200, retCode: 10006, resetAt: now + 5_000 });
    expect(limiter.acquire("other")).toMatchObject({ retryAfterMs: 5_000 });
  });

  it("holds the IP's window of requests per 5 s", () => {
    let now = 0;
    const limiter = new RequestLimiter(() => now, { ...limiterLimits, requestsPer5s: 3 });
    expect([1, 2, 3, 4].map(() => limiter.acquire("other").ok)).toEqual([true, true, true, false]);
    now += 5_001;
    expect(limiter.acquire("other").ok).toBe(true);
  });
});
const limiterLimits = {
  requestsPer5s: 500,
  ordersPerSec: 8,
  banMs: 600_000,
  backOffMinMs: 1_000,
  backOffMaxMs: 30_000,
};

describe("venue state", () => {
  it("an order partly filled and then rejected ends CANCELLED with its fills, not REJECTED", () => {
    const msg = parsePrivateMessage(load("ws_account_order_partially_filled_rejected"));
    if (!msg.ok || msg.value.kind !== "order") throw new Error("not an order message");
    const order = msg.value.message.data[0];
    expect(order).toMatchObject({ orderStatus: "Rejected", cumExecQty: 50 });
    expect(orderStatusOf(order?.orderStatus ?? "", order?.cumExecQty ?? 0)).toBe("CANCELLED");
    expect(orderStatusOf("Rejected", 0)).toBe("REJECTED");
    expect(orderStatusOf("Something new", 0)).toBeNull();
    const history = parseRest(ordersResult, load("http_get_orders_history_with_duplicate"));
    if (!history.ok) throw new Error(history.error);
    expect(history.value.list.map((o) => orderStatusOf(o.orderStatus, o.cumExecQty))).toEqual(["NEW", "CANCELLED"]);
  });

  it("counts each execId once, whether it comes from the stream or REST, and skips non-trades", () => {
    const ledger = new ExecutionLedger();
    const stream = parsePrivateMessage(load("ws_account_execution"));
    if (!stream.ok || stream.value.kind !== "execution") throw new Error("not an execution message");
    const exec = stream.value.message.data[0];
    if (exec === undefined) throw new Error("no execution");
    const ctx = { submittedAt: exec.execTime - 40, slippage: 0 };
    const fill = ledger.apply(exec, ctx);
    expect(fill).toMatchObject({
      id: exec.execId,
      orderId: "test-order-link-001",
      side: "SELL",
      qty: 0.5,
      price: 95900.1,
      fee: 26.3725275,
      liquidity: "TAKER",
      latencyMs: 40,
    });
    expect(ledger.apply(exec, ctx)).toBeNull();
    expect(ledger.apply({ ...exec, execType: "Funding", execId: "f-1" }, ctx)).toBeNull();
    const rest = parseRest(executionsResult, load("http_get_executions"));
    if (!rest.ok) throw new Error(rest.error);
    const fromRest = rest.value.list.map((e) => ledger.apply(e, ctx));
    expect(fromRest.filter((f) => f !== null)).toHaveLength(2);
    expect(rest.value.list.map((e) => ledger.apply(e, ctx))).toEqual([null, null]);
  });

  it("an execution Bybit starts itself (ADL) belongs to no HEAN order", () => {
    const adl = parsePrivateMessage(load("ws_account_execution_adl"));
    if (!adl.ok || adl.value.kind !== "execution") throw new Error("not an execution message");
    const exec = adl.value.message.data[0];
    if (exec === undefined) throw new Error("no execution");
    expect(new ExecutionLedger().apply(exec, { submittedAt: null, slippage: 0 })).toMatchObject({
      orderId: `venue:${exec.orderId}`,
      latencyMs: 0,
    });
  });

  it("remembers at most its capacity, forgetting the oldest", () => {
    const ledger = new ExecutionLedger(2);
    const e = (id: string) => ({
      execId: id,
      orderLinkId: "x",
      orderId: "v",
      symbol: "BTCUSDT",
      side: "Buy" as const,
      execPrice: 1,
      execQty: 1,
      isMaker: true,
      execTime: 1,
    });
    const c = { submittedAt: null, slippage: 0 };
    expect(["a", "b", "c"].map((id) => ledger.apply(e(id), c) !== null)).toEqual([true, true, true]);
    expect(ledger.apply(e("c"), c)).toBeNull();
    expect(ledger.apply(e("a"), c)).not.toBeNull(); // forgotten: the database's unique fill id catches it
  });
});
