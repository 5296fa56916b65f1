import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../testing/fake-bybit";
import { positionItem } from "./account-items";
import { orderCommandAnswer, parsePrivateMessage } from "./account-messages";
import {
  accountInfoResult,
  executionsResult,
  feeRateResult,
  ordersResult,
  positionsResult,
  walletBalanceResult,
} from "./account-rest";
import { parseWith } from "./envelope";
import { parsePublicMessage } from "./market-messages";
import { instrumentsResult, klinesResult, orderbookResult, recentTradesResult } from "./market-rest";
import { parseRest } from "./rest-envelope";

// Every real Bybit v5 message in ../shared/fixtures/bybit/ goes through the parser HEAN uses for it.
const DIR = FIXTURES_DIR;
const load = (name: string): unknown => JSON.parse(readFileSync(join(DIR, `${name}.json`), "utf8"));

const rest = {
  http_get_account_info: accountInfoResult,
  http_get_executions: executionsResult,
  http_get_fee_rate: feeRateResult,
  http_get_instruments_linear: instrumentsResult,
  http_get_instruments_linear_symbol_type: instrumentsResult,
  http_get_instruments_spot: instrumentsResult,
  http_get_klines_linear: klinesResult,
  http_get_order_partially_filled_rejected: ordersResult,
  http_get_orderbook: orderbookResult,
  http_get_orders_history: ordersResult,
  http_get_orders_history_with_duplicate: ordersResult,
  http_get_orders_realtime: ordersResult,
  http_get_orders_realtime_tp_sl: ordersResult,
  http_get_positions: positionsResult,
  http_get_positions_with_open_time: positionsResult,
  http_get_trades_recent: recentTradesResult,
  http_get_wallet_balance: walletBalanceResult,
  http_get_wallet_balance_spot_short: walletBalanceResult,
} as const;

const publicStreams = [
  "ws_kline",
  "ws_orderbook_delta",
  "ws_orderbook_snapshot",
  "ws_public_trade",
  "ws_subscription_ack",
  "ws_subscription_failure",
  "ws_ticker_linear",
  "ws_auth_success",
  "ws_auth_failure",
];
const privateStreams = readdirSync(DIR)
  .map((f) => f.replace(/\.json$/, ""))
  .filter((f) => f.startsWith("ws_account_") && f !== "ws_account_position_with_open_time");

describe("Bybit v5 fixtures", () => {
  it("every fixture file is covered below", () => {
    const covered = new Set([
      ...Object.keys(rest),
      ...publicStreams,
      ...privateStreams,
      "ws_account_position_with_open_time",
      "ws_order_response",
    ]);
    const files = readdirSync(DIR).map((f) => f.replace(/\.json$/, ""));
    expect(files.length).toBeGreaterThan(40);
    expect(files.filter((f) => !covered.has(f))).toEqual([]);
  });

  for (const [name, schema] of Object.entries(rest))
    it(`REST ${name}`, () => {
      const r = parseRest(schema, load(name));
      expect(r.ok ? "ok" : r.error).toBe("ok");
    });

  for (const name of publicStreams)
    it(`public ${name}`, () => {
      const r = parsePublicMessage(load(name));
      expect(r.ok ? "ok" : r.error).toBe("ok");
    });

  for (const name of privateStreams)
    it(`private ${name}`, () => {
      const r = parsePrivateMessage(load(name));
      expect(r.ok ? "ok" : r.error).toBe("ok");
    });

  it("a bare position and an order command answer", () => {
    const position = parseWith(positionItem, load("ws_account_position_with_open_time"));
    expect(position.ok ? "ok" : position.error).toBe("ok");
    const answer = parseWith(orderCommandAnswer, load("ws_order_response"));
    expect(answer).toMatchObject({ ok: true, value: { retCode: 0, data: { orderLinkId: "client-order-1" } } });
  });

  it("reads the figures, not just the shapes", () => {
    const instruments = parseRest(instrumentsResult, load("http_get_instruments_linear"));
    if (!instruments.ok) throw new Error(instruments.error);
    expect(instruments.value.list[0]).toMatchObject({
      symbol: "BTCUSDT",
      priceFilter: { tickSize: 0.5 },
      lotSizeFilter: { minOrderQty: 0.001, qtyStep: 0.001, minNotionalValue: 5 },
    });
    const book = parsePublicMessage(load("ws_orderbook_snapshot"));
    if (!book.ok || book.value.kind !== "orderbook") throw new Error("not a book");
    expect(book.value.message.data.b[0]).toEqual([27450, 0.5]);
    const kline = parsePublicMessage(load("ws_kline"));
    if (!kline.ok || kline.value.kind !== "kline") throw new Error("not a kline");
    expect(kline.value.message.data[0]).toMatchObject({ start: 1672324800000, close: 16677, confirm: false });
    const fill = parsePrivateMessage(load("ws_account_execution"));
    if (!fill.ok || fill.value.kind !== "execution") throw new Error("not an execution");
    expect(fill.value.message.data[0]).toMatchObject({
      execQty: 0.5,
      execPrice: 95900.1,
      execFee: 26.3725275,
      isMaker: false,
    });
    const klines = parseRest(klinesResult, load("http_get_klines_linear"));
    if (!klines.ok) throw new Error(klines.error);
    expect(klines.value.list[0]).toEqual([1709891679000, 27450, 27460, 27440, 27455, 123.45, 3390000]);
  });

  it("refuses what is not a number, and says where", () => {
    const bad = load("ws_orderbook_snapshot") as { data: { b: string[][] } };
    bad.data.b[0] = ["NaN", "1"];
    expect(parsePublicMessage(bad)).toMatchObject({ ok: false, error: expect.stringContaining("data.b.0.0") });
    expect(parseRest(klinesResult, { retCode: 10006, retMsg: "Too many visits!", result: {} })).toMatchObject({
      ok: false,
      retCode: 10006,
    });
  });
});
