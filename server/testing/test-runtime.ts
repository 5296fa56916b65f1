import { memoryAccessRecords } from "../adapters/memory/memory-access-records";
import { MemoryEngineStore } from "../adapters/memory/memory-engine-store";
import { AuthService } from "../auth/auth-service";
import { RateLimits } from "../auth/rate-limits";
import { createAiServices } from "../bootstrap/create-ai-services";
import { riskOptions } from "../bootstrap/create-runtime";
import { LatencyMonitor } from "../bootstrap/latency-monitor";
import { parseSettings } from "../config/load-settings";
import { ManualClock } from "../engine/clock";
import { Engine } from "../engine/engine";
import { PaperBroker } from "../engine/execution/paper-broker";
import type { Tick } from "../engine/model/market";
import { Portfolio } from "../engine/portfolio/portfolio";
import type { MarketDataFeed } from "../engine/ports";
import type { Strategy } from "../engine/strategy/strategy";
import { Allocator } from "../engine/trading/allocator";
import type { FundingSettlement } from "../engine/trading/funding-settlement";
import { createGateway } from "../gateway/create-gateway";
import { TopicHub } from "../gateway/topic-hub";
import type { HeanRuntime } from "../runtime";

const T0 = Date.UTC(2026, 0, 5, 12);

/**
 * A real engine with paper trading on a ManualClock and an in-memory store, behind the same
 * HeanRuntime the server publishes: services and routers run exactly as in production.
 */
export interface TestRuntimeOptions {
  readonly cooldownMs?: number;
  /** More settings (risk governor, profit capture...), as environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** A store to start from (a restart); a new empty one by default. */
  readonly store?: MemoryEngineStore;
  readonly startAt?: number;
  readonly strategies?: ReadonlyMap<string, readonly Strategy[]>;
  /** Paper perpetuals' funding and liquidation; off by default. */
  readonly funding?: FundingSettlement;
  readonly liquidation?: boolean;
  /** An exchange session (Bybit) to report and command; none (paper trading) by default. */
  readonly exchange?: HeanRuntime["exchange"];
}

export function createTestRuntime(symbols = ["BTCUSDT", "ETHUSDT"], options: TestRuntimeOptions = {}) {
  const start = options.startAt ?? T0;
  const clock = new ManualClock(start);
  const settings = parseSettings({ SYMBOLS: symbols.join(","), PAPER_LATENCY_MS: "50", ...options.env });
  const store = options.store ?? new MemoryEngineStore();
  const portfolio = new Portfolio({ accountId: "paper", initialBalance: 10_000, leverage: 5, clock });
  const broker = new PaperBroker({
    clock,
    guard: portfolio,
    fees: { makerRate: 0.0002, takerRate: 0.00055 },
    slippage: { baseBps: 1, impactBps: 5 },
    latencyMs: 50,
  });
  let sink: ((t: Tick) => void) | null = null;
  let failFeed: (error: Error) => void = () => {};
  const feed: MarketDataFeed = {
    name: "test",
    symbols,
    start: (s) => {
      sink = s;
    },
    stop: () => {
      sink = null;
    },
    // Endless, until the test fails it.
    done: new Promise<void>((_, reject) => {
      failFeed = reject;
    }),
  };
  const latency = new LatencyMonitor();
  const accessStore = memoryAccessRecords();
  const engine = new Engine({
    latency,
    clock,
    feed,
    store,
    symbols,
    candleHistoryLimit: 100,
    trading: {
      broker,
      portfolio,
      strategies: options.strategies ?? new Map(),
      decisions: {
        riskPerTradePct: 0.5,
        defaultStopPct: 1,
        cooldownMs: options.cooldownMs ?? 60_000,
        maxOpenPositions: 5,
        minConfidence: 0.5,
        minOrderNotional: 5,
        maxMarginUsePct: 25,
        leverage: 5,
        staleAfterSec: 30,
      },
      equitySnapshotMs: 5000,
      ...riskOptions(settings),
      ...(options.funding === undefined ? {} : { funding: options.funding }),
      ...(options.liquidation === undefined ? {} : { liquidation: options.liquidation }),
      allocator: new Allocator([...(options.strategies ?? new Map())].filter(([, l]) => l.length > 0).map(([s]) => s)),
    },
  });
  const topics = new TopicHub();
  const { adaptations, agents, research } = createAiServices({
    settings,
    engine,
    store,
    clock,
    topics,
    readFills: async () => memoryTradeFills(store),
  });
  const runtime: HeanRuntime = {
    settings,
    mode: "paper",
    version: "test",
    startedAt: Date.now(),
    engine,
    database: {
      kind: "pglite",
      prisma: undefined as never,
      ping: async () => {},
    },
    store,
    topics,
    latency,
    transport: { wsClients: () => 0, wsStats: () => ({}) },
    access: {
      auth: new AuthService(accessStore, { sessionTtlMs: 3_600_000 }),
      limits: new RateLimits({ controlsPerMinute: 1_000_000, loginFailuresPerMinute: 10 }),
      records: accessStore,
      unprotected: () => true,
    },
    exchange: options.exchange ?? null,
    agents,
    adaptations,
    research,
    readTradeFills: async () => memoryTradeFills(store),
    readAudit: async (limit) => [...store.audit()].reverse().slice(0, limit),
    isShuttingDown: () => false,
  };
  /** Quotes every symbol at `price` (with a 1-unit spread), `seconds` after the start. */
  const quote = (symbol: string, seconds: number, price: number) => {
    clock.advanceTo(start + seconds * 1000);
    sink?.({
      symbol,
      ts: clock.now(),
      bid: price - 0.5,
      ask: price + 0.5,
      last: price,
      bidSize: 100,
      askSize: 100,
      volume: 50_000,
    });
  };
  /** Delivers a tick as the feed would (the caller moves the clock). */
  const push = (tick: Tick) => sink?.(tick);
  /** The feed fails as a broken connection would. */
  const breakFeed = (message: string) => failFeed(new Error(message));
  return { runtime, gateway: createGateway(runtime), clock, engine, store, broker, portfolio, quote, push, breakFeed };
}

/** The memory store's fills as the database's trade history reads them: oldest first, with their orders' strategies. */
function memoryTradeFills(store: MemoryEngineStore) {
  const strategy = new Map(store.orders().map((o) => [o.clientOrderId, o.strategyId]));
  return [...store.fills()]
    .sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : 1))
    .map((f) => ({ ...f, strategyId: strategy.get(f.orderId) ?? null, exitReason: strategy.get(f.orderId) ?? null }));
}
