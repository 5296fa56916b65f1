import { afterEach, describe, expect, it } from "vitest";
import type { VenueSync } from "../adapters/bybit/broker/venue-sync";
import { FAKE_API_KEY, FAKE_API_SECRET, FakeBybit } from "../adapters/bybit/testing/fake-bybit";
import { until } from "../adapters/bybit/testing/until";
import { MemoryEngineStore } from "../adapters/memory/memory-engine-store";
import { LIVE_TRADING_CONFIRMATION, parseSettings } from "../config/load-settings";
import { LiveClock } from "../engine/clock";
import { Engine } from "../engine/engine";
import type { ReconciliationEvent } from "../engine/events";
import type { OrderRequest } from "../engine/model/trading";
import type { EngineStore, StoreRecord } from "../engine/ports";
import type { TradingCore } from "../engine/trading/trading-core";
import { createExchangeTrading } from "./create-exchange-trading";
import { createFeed } from "./create-feed";
import { paperTrading } from "./create-runtime";
import { createLogger } from "./logger";

const SYMBOLS = ["BTCUSDT", "ETHUSDT"];

/** The database as a process sees it: once the process is killed, nothing it does is written any more. */
class ProcessStore implements EngineStore {
  dead = false;
  constructor(private readonly db: MemoryEngineStore) {}
  enqueue(record: StoreRecord): void {
    if (!this.dead) this.db.enqueue(record);
  }
  flush = () => this.db.flush();
  loadCandles: EngineStore["loadCandles"] = (...a) => this.db.loadCandles(...a);
  loadTradingState: EngineStore["loadTradingState"] = (...a) => this.db.loadTradingState(...a);
  pendingCount = () => this.db.pendingCount();
}

interface Proc {
  readonly engine: Engine;
  readonly trading: TradingCore;
  readonly sync: VenueSync;
  readonly reconciliations: ReconciliationEvent[];
  kill(): void;
}
const running: Proc[] = [];
const fakes: FakeBybit[] = [];

afterEach(async () => {
  for (const p of running.splice(0)) p.kill();
  for (const f of fakes.splice(0)) await f.close();
});

async function fakeBybit(): Promise<FakeBybit> {
  const fake = await FakeBybit.start({ symbols: SYMBOLS, pushIntervalMs: 100 });
  fakes.push(fake);
  return fake;
}

/** One HEAN process trading on the fake Bybit (PAPER_MODE=false), composed as the server composes it. */
async function startProcess(fake: FakeBybit, db: MemoryEngineStore): Promise<Proc> {
  const settings = parseSettings({
    SYMBOLS: SYMBOLS.join(","),
    PAPER_MODE: "false",
    MARKET_FEED: "bybit",
    BYBIT_API_KEY: FAKE_API_KEY,
    BYBIT_API_SECRET: FAKE_API_SECRET,
    LIVE_TRADING_CONFIRM: LIVE_TRADING_CONFIRMATION,
    BYBIT_REST_URL: fake.restUrl,
    BYBIT_WS_PUBLIC_URL: fake.wsPublicUrl,
    BYBIT_WS_PRIVATE_URL: fake.wsPrivateUrl,
    LOG_LEVEL: "silent",
  });
  const clock = new LiveClock();
  const logger = createLogger(settings);
  const feed = createFeed(settings, SYMBOLS, clock, logger);
  await feed.prepare?.();
  const store = new ProcessStore(db);
  const { broker: _b, portfolio: _p, ...base } = paperTrading(settings, clock, "testnet", new Map());
  const exchange = await createExchangeTrading({
    settings,
    mode: "testnet",
    feed,
    symbols: SYMBOLS,
    clock,
    logger,
    base,
  });
  const engine = new Engine({
    clock,
    feed,
    store,
    symbols: SYMBOLS,
    candleHistoryLimit: 50,
    trading: exchange.options,
  });
  const reconciliations: ReconciliationEvent[] = [];
  engine.bus.subscribe("RECONCILIATION", (e) => reconciliations.push(e));
  await engine.boot();
  const trading = engine.trading;
  if (trading === null) throw new Error("no trading");
  await exchange.sync.start({ trading, bus: engine.bus, store });
  const proc: Proc = {
    engine,
    trading,
    sync: exchange.sync,
    reconciliations,
    /** kill -9: no more writes, no more messages; what was written stays. */
    kill() {
      store.dead = true;
      exchange.broker.close();
      exchange.sync.stop();
      feed.stop();
      engine.scanner.stop();
      engine.risk?.stop();
      trading.stop();
    },
  };
  running.push(proc);
  return proc;
}

let sequence = 0;
const order = (over: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: `hean-restart-${Date.now().toString(36)}-${sequence++}`,
  symbol: "BTCUSDT",
  side: "BUY",
  type: "MARKET",
  qty: 0.02,
  reduceOnly: false,
  strategyId: "test",
  decisionId: null,
  ...over,
});

async function reconciled(p: Proc, count = 1) {
  await until("the reconciliation", () => p.reconciliations.filter((r) => r.ok).length >= count, 8_000);
  return p.reconciliations.filter((r) => r.ok)[count - 1] as ReconciliationEvent;
}

/** Waits for the fake's mid to be known to the broker (it refuses orders without market data). */
async function priced(p: Proc) {
  await until("a price", () => p.engine.tickers.get("BTCUSDT") !== undefined, 5_000);
}

function venuePosition(fake: FakeBybit, symbol: string): number {
  const p = fake.account.positionList().find((x) => x.symbol === symbol);
  if (p === undefined) return 0;
  return (p.side === "Sell" ? -1 : 1) * Number(p.size);
}

describe("trading on Bybit across a kill -9 (the fake Bybit, the server's composition)", () => {
  it("a fresh start: entries wait for the reconciliation; then the wallet balance is the account's", async () => {
    const fake = await fakeBybit();
    const p = await startProcess(fake, new MemoryEngineStore());
    const before = p.trading.entryBlockers("BTCUSDT").blocked;
    expect(before.some((c) => c === "EXCHANGE_NOT_RECONCILED" || c === "EXCHANGE_UNREACHABLE")).toBe(true);
    const first = await reconciled(p);
    expect(first).toMatchObject({ trigger: expect.any(String), ok: true, differences: [], blockedSymbols: [] });
    expect(p.trading.entryBlockers("BTCUSDT").blocked).not.toContain("EXCHANGE_NOT_RECONCILED");
    expect(p.trading.portfolio.snapshot().balance).toBe(10_000);
    expect(p.sync.status().account).toMatchObject({ accountType: "UNIFIED", walletBalance: 10_000 });
  });

  it("a key that can withdraw, or cannot trade, stops start-up with the reason; nothing is sent", async () => {
    const fake = await fakeBybit();
    fake.setKeyInfo({ permissions: { ContractTrade: ["Order", "Position"], Wallet: ["Withdraw"] } });
    await expect(startProcess(fake, new MemoryEngineStore())).rejects.toThrow(/can withdraw funds/);
    fake.setKeyInfo({ readOnly: 1 });
    await expect(startProcess(fake, new MemoryEngineStore())).rejects.toThrow(/read-only/);
    expect(fake.account.orderCount()).toBe(0);
  });

  it.each([
    ["submitted (the create's answer and the order's messages lost)", "submitted"],
    ["acknowledged (Bybit's ack heard, no fill yet)", "acknowledged"],
    ["partially filled", "partial"],
  ] as const)(
    "killed when an order is %s and filled while HEAN is away: restarted, the fills are recovered once, no order is doubled",
    async (_label, phase) => {
      const fake = await fakeBybit();
      const db = new MemoryEngineStore();
      const first = await startProcess(fake, db);
      await reconciled(first);
      await priced(first);
      fake.account.holdMarketOrders(true);
      if (phase === "submitted") {
        fake.loseCreateResponses(1);
        fake.mutePrivate(true);
      }
      const r = order();
      expect(first.trading.broker.submit(r)).toMatchObject({ status: "NEW" });
      if (phase === "submitted")
        await until("the order at Bybit", () => fake.account.orderState(r.clientOrderId) !== null);
      else await until("Bybit's ack", () => first.trading.broker.order(r.clientOrderId)?.venueOrderId != null);
      if (phase === "partial") {
        fake.account.forceFill(r.clientOrderId, 0.005);
        await until(
          "the partial fill",
          () => first.trading.broker.order(r.clientOrderId)?.status === "PARTIALLY_FILLED",
        );
      }
      first.kill();
      fake.mutePrivate(false);
      fake.account.forceFill(r.clientOrderId); // the rest fills while HEAN is away
      const openInDb = (await db.loadTradingState("testnet", 0)).openOrders.map((o) => o.clientOrderId);
      expect(openInDb).toEqual([r.clientOrderId]);

      const second = await startProcess(fake, db);
      const rec = await reconciled(second);
      expect(rec.differences.map((d) => d.kind)).toContain("MISSED_FILL");
      expect(rec.blockedSymbols).toEqual([]);
      const after = second.trading.broker.order(r.clientOrderId);
      expect(after).toMatchObject({ status: "FILLED", filledQty: 0.02 });
      expect(second.trading.portfolio.position("BTCUSDT")).toMatchObject({ side: "LONG", qty: 0.02 });
      expect(venuePosition(fake, "BTCUSDT")).toBeCloseTo(0.02, 12);
      expect(fake.account.orderCount()).toBe(1);
      const fills = db.fills().filter((f) => f.orderId === r.clientOrderId);
      expect(new Set(fills.map((f) => f.id)).size).toBe(fills.length);
      expect(fills.reduce((s, f) => s + f.qty, 0)).toBeCloseTo(0.02, 12);
      expect((await db.loadTradingState("testnet", 0)).openOrders).toEqual([]);
    },
    30_000,
  );

  it("an order still working at Bybit after the restart is tracked again and its later fill counts", async () => {
    const fake = await fakeBybit();
    const db = new MemoryEngineStore();
    const first = await startProcess(fake, db);
    await reconciled(first);
    await priced(first);
    fake.account.holdMarketOrders(true);
    const r = order({ qty: 0.01 });
    first.trading.broker.submit(r);
    await until("Bybit's ack", () => first.trading.broker.order(r.clientOrderId)?.venueOrderId != null);
    first.kill();
    const second = await startProcess(fake, db);
    const rec = await reconciled(second);
    expect(rec.differences).toEqual([]);
    expect(second.trading.broker.openOrders().map((o) => o.clientOrderId)).toEqual([r.clientOrderId]);
    fake.account.forceFill(r.clientOrderId);
    await until("the fill", () => second.trading.broker.order(r.clientOrderId)?.status === "FILLED");
    expect(second.trading.portfolio.position("BTCUSDT")?.qty).toBe(0.01);
    expect(fake.account.orderCount()).toBe(1);
  }, 30_000);

  it("an order whose record was lost is tracked again from Bybit; a foreign order holds its symbol until acknowledged", async () => {
    const fake = await fakeBybit();
    const db = new MemoryEngineStore();
    const first = await startProcess(fake, db);
    await reconciled(first);
    await priced(first);
    fake.account.holdMarketOrders(true);
    const r = order({ symbol: "ETHUSDT", qty: 0.1 });
    first.kill(); // the record never reaches the database...
    first.trading.broker.submit(r); // ...of an order the dying process still sent
    await until("the order at Bybit", () => fake.account.orderState(r.clientOrderId) !== null);
    const b = fake.book("BTCUSDT");
    fake.account.create({
      symbol: "BTCUSDT",
      side: "Buy",
      orderType: "Limit",
      qty: "0.01",
      price: String(b.bid * 0.9),
      orderLinkId: "by-hand-1",
    });

    const second = await startProcess(fake, db);
    const rec = await reconciled(second);
    expect(rec.differences.map((d) => d.kind).sort()).toEqual(["FOREIGN_ORDER", "UNTRACKED_ORDER"]);
    expect(rec.blockedSymbols).toEqual(["BTCUSDT"]);
    expect(second.trading.broker.order(r.clientOrderId)).toMatchObject({ status: "NEW", qty: 0.1 });
    expect((await db.loadTradingState("testnet", 0)).openOrders.map((o) => o.clientOrderId)).toEqual([r.clientOrderId]);
    expect(second.trading.entryBlockers("BTCUSDT").blocked).toContain("VENUE_UNEXPLAINED");
    expect(second.trading.entryBlockers("ETHUSDT").blocked).not.toContain("VENUE_UNEXPLAINED");

    // The hold survives a restart; a person's acknowledgement lifts it.
    second.kill();
    const third = await startProcess(fake, db);
    await reconciled(third);
    expect(third.trading.entryBlockers("BTCUSDT").blocked).toContain("VENUE_UNEXPLAINED");
    expect(third.sync.acknowledge("BTCUSDT", "owner")).toBe(true);
    expect(third.trading.entryBlockers("BTCUSDT").blocked).not.toContain("VENUE_UNEXPLAINED");
    expect(fake.account.orderCount()).toBe(2);

    // The reviewed order, still open at Bybit, holds nothing after the next restart.
    third.kill();
    const fourth = await startProcess(fake, db);
    expect((await reconciled(fourth)).differences).toEqual([]);
    expect(fourth.trading.entryBlockers("BTCUSDT").blocked).not.toContain("VENUE_UNEXPLAINED");
    expect(fourth.sync.acknowledge("BTCUSDT", "owner")).toBe(false);
  }, 30_000);

  it("a position HEAN's fills cannot explain is Bybit's position, held back from new entries", async () => {
    const fake = await fakeBybit();
    fake.account.create({ symbol: "ETHUSDT", side: "Sell", orderType: "Market", qty: "0.3", orderLinkId: "by-hand-2" });
    const p = await startProcess(fake, new MemoryEngineStore());
    const rec = await reconciled(p);
    expect(rec.differences.map((d) => d.kind)).toEqual(["POSITION_MISMATCH"]);
    expect(p.trading.portfolio.position("ETHUSDT")).toMatchObject({ side: "SHORT", qty: 0.3 });
    expect(p.trading.entryBlockers("ETHUSDT").blocked).toContain("VENUE_UNEXPLAINED");
    expect(p.sync.status().unexplained.map((u) => u.symbol)).toEqual(["ETHUSDT"]);
  }, 30_000);

  it("while the private stream is down nothing opens; back, it reconciles before entries go again", async () => {
    const fake = await fakeBybit();
    const p = await startProcess(fake, new MemoryEngineStore());
    await reconciled(p);
    fake.setDown(true);
    await until("the stream down", () => p.trading.entryBlockers("BTCUSDT").blocked.includes("EXCHANGE_UNREACHABLE"));
    fake.setDown(false);
    await reconciled(p, 2);
    expect(p.reconciliations.filter((r) => r.ok)[1]?.trigger).toBe("reconnect");
    expect(p.trading.entryBlockers("BTCUSDT").blocked).not.toContain("EXCHANGE_UNREACHABLE");
    expect(p.trading.entryBlockers("BTCUSDT").blocked).not.toContain("EXCHANGE_NOT_RECONCILED");
  }, 40_000);
});
