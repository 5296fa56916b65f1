import { readFileSync } from "node:fs";
import { readAudit } from "../adapters/db/audit-history";
import { FallbackJournal } from "../adapters/db/fallback-journal";
import { migrate } from "../adapters/db/migrator";
import { openDatabase } from "../adapters/db/open-database";
import { PrismaEngineStore } from "../adapters/db/prisma-engine-store";
import { readTradeFills } from "../adapters/db/trade-history";
import { SettingsError } from "../config/load-settings";
import { activeSymbols, type Settings, tradingMode } from "../config/settings-schema";
import type { Clock } from "../engine/clock";
import { LiveClock } from "../engine/clock";
import type { TradingOptions } from "../engine/engine";
import { Engine } from "../engine/engine";
import { PaperBroker } from "../engine/execution/paper-broker";
import { Portfolio } from "../engine/portfolio/portfolio";
import type { MarketDataFeed } from "../engine/ports";
import { strategiesFor } from "../engine/strategy/registry";
import { Allocator } from "../engine/trading/allocator";
import { FundingSettlement } from "../engine/trading/funding-settlement";
import { TopicHub } from "../gateway/topic-hub";
import type { HeanRuntime } from "../runtime";
import { analysisOptions } from "./analysis-options";
import { createAccess } from "./create-access";
import { restoreAdaptations } from "./create-adaptations";
import { createAiServices } from "./create-ai-services";
import { createExchangeTrading, type ExchangeTrading } from "./create-exchange-trading";
import { createFeed } from "./create-feed";
import { LatencyMonitor } from "./latency-monitor";
import type { Logger } from "./logger";
import { recordConfigChange } from "./record-config-change";

export interface RuntimeParts {
  readonly runtime: HeanRuntime;
  readonly clock: LiveClock;
  readonly store: PrismaEngineStore;
  closeDatabase(): Promise<void>;
  /** Set by the transport layer once the WebSocket servers exist. */
  setTransport(transport: HeanRuntime["transport"]): void;
  markShuttingDown(): void;
}

/**
 * Paper trading (the portfolio guards the paper broker's orders), or trading on Bybit behind the
 * venue sync; strategies come from STRATEGIES either way.
 */
async function createTrading(
  settings: Settings,
  symbols: readonly string[],
  clock: Clock,
  feed: MarketDataFeed,
  logger: Logger,
): Promise<{ options: TradingOptions; exchange: ExchangeTrading | null }> {
  const mode = tradingMode(settings);
  const selection = settings.strategySelection;
  const paper = paperTrading(
    settings,
    clock,
    mode,
    new Map(symbols.map((s) => [s, strategiesFor(s, selection)])),
    feed.fundingRate === undefined ? undefined : (symbol) => feed.fundingRate?.(symbol) ?? null,
  );
  if (mode === "paper") return { options: paper, exchange: null };
  // Bybit settles funding and liquidates by itself; its wallet balance brings both in.
  const { broker: _b, portfolio: _p, funding: _f, liquidation: _l, ...base } = paper;
  const exchange = await createExchangeTrading({ settings, mode, feed, symbols, clock, logger, base });
  return { options: exchange.options, exchange };
}

/** The paper account, broker and decision settings from the settings; also used by the benchmarks. */
export function paperTrading(
  settings: Settings,
  clock: Clock,
  accountId: string,
  strategies: TradingOptions["strategies"],
  /** The exchange's announced funding rate, when the feed has one (else a modelled rate). */
  exchangeFundingRate?: (symbol: string) => number | null,
): TradingOptions {
  const portfolio = new Portfolio({
    accountId,
    initialBalance: settings.INITIAL_BALANCE,
    leverage: settings.LEVERAGE,
    maintenanceRate: settings.MAINTENANCE_MARGIN_PCT / 100,
    clock,
  });
  const broker = new PaperBroker({
    clock,
    guard: portfolio,
    fees: { makerRate: settings.PAPER_MAKER_FEE_PCT / 100, takerRate: settings.PAPER_TAKER_FEE_PCT / 100 },
    slippage: { baseBps: settings.PAPER_SLIPPAGE_BPS, impactBps: settings.PAPER_IMPACT_BPS },
    latencyMs: settings.PAPER_LATENCY_MS,
  });
  return {
    broker,
    portfolio,
    strategies,
    decisions: {
      riskPerTradePct: settings.RISK_PER_TRADE_PCT,
      defaultStopPct: settings.DEFAULT_STOP_PCT,
      cooldownMs: settings.COOLDOWN_SEC * 1000,
      maxOpenPositions: settings.MAX_OPEN_POSITIONS,
      minConfidence: settings.MIN_SIGNAL_CONFIDENCE,
      minOrderNotional: settings.MIN_ORDER_NOTIONAL,
      maxMarginUsePct: settings.MAX_MARGIN_USE_PCT,
      leverage: settings.LEVERAGE,
      staleAfterSec: settings.REGIME_STALE_AFTER_SEC,
    },
    equitySnapshotMs: settings.EQUITY_SNAPSHOT_SEC * 1000,
    ...riskOptions(settings),
    ...(settings.PAPER_FUNDING_ENABLED
      ? {
          funding: new FundingSettlement(
            exchangeFundingRate === undefined ? {} : { exchangeRate: exchangeFundingRate },
          ),
        }
      : {}),
    liquidation: settings.PAPER_LIQUIDATION_ENABLED,
    allocator: new Allocator(
      [...strategies].filter(([, list]) => list.length > 0).map(([symbol]) => symbol),
      settings.ALLOCATION_MODE,
    ),
  };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** config → database (migrated) → store → feed → engine, booted; nothing listens yet. */
export async function createRuntime(settings: Settings, logger: Logger): Promise<RuntimeParts> {
  const db = await openDatabase({ databaseUrl: settings.DATABASE_URL, pgliteDataDir: settings.PGLITE_DATA_DIR });
  const applied = await migrate(db.sql, { log: (message) => logger.info(message) });
  logger.info({ database: db.kind, applied }, "database ready");
  // First: whether HEAN may run at all as configured (a password before listening widely or trading live).
  const access = await createAccess(settings, db.prisma, logger);

  const clock = new LiveClock();
  const store = new PrismaEngineStore(db.prisma, {
    ping: () => db.ping(),
    journal: db.identity === null ? undefined : FallbackJournal.open(settings.STORE_FALLBACK_DIR, db.identity),
    onError: (error, stats) => logger.error({ err: error, pending: stats.pending }, "store: write problem"),
  });
  const replayed = await store.recover();
  if (replayed > 0)
    logger.warn({ records: replayed }, "wrote the records a previous run left in the local fallback journal");
  const symbols = activeSymbols(settings);
  const latency = new LatencyMonitor();
  latency.start();
  const feed = createFeed(settings, symbols, clock, logger);
  try {
    await feed.prepare?.();
  } catch (error) {
    throw new SettingsError([
      `MARKET_FEED=${settings.MARKET_FEED}: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
  const trading = await createTrading(settings, symbols, clock, feed, logger);
  const engine = new Engine({
    clock,
    feed,
    store,
    symbols,
    candleHistoryLimit: settings.CANDLE_HISTORY_LIMIT,
    logger: logger.child({ component: "engine" }),
    trading: trading.options,
    latency,
    analysis: analysisOptions(settings),
  });

  const topics = new TopicHub();
  const { adaptations, agents, research } = createAiServices({
    settings,
    engine,
    store,
    clock,
    topics,
    readFills: () => readTradeFills(db.prisma),
  });

  let transport: HeanRuntime["transport"] = { wsClients: () => 0, wsStats: () => ({}) };
  let shuttingDown = false;
  const runtime: HeanRuntime = {
    settings,
    mode: tradingMode(settings),
    version: packageVersion(),
    startedAt: Date.now(),
    engine,
    database: {
      kind: db.kind,
      prisma: db.prisma,
      ping: () => db.ping(),
    },
    store,
    topics,
    latency,
    transport: {
      wsClients: () => transport.wsClients(),
      wsStats: () => transport.wsStats(),
    },
    access,
    exchange: trading.exchange === null ? null : exchangeView(trading.exchange),
    agents,
    adaptations,
    research,
    readTradeFills: () => readTradeFills(db.prisma),
    readAudit: (limit) => readAudit(db.prisma, limit),
    isShuttingDown: () => shuttingDown,
  };

  await engine.boot();
  // The components' saved states, read once for both.
  const savedStates = (await store.loadTradingState(runtime.mode, clock.now())).riskStates;
  if (adaptations !== null) restoreAdaptations(adaptations, savedStates);
  const configChange = recordConfigChange(store, settings, savedStates, clock);
  if (configChange !== null) logger.info(configChange);
  if (trading.exchange !== null && engine.trading !== null)
    await trading.exchange.sync.start({ trading: engine.trading, bus: engine.bus, store });
  return {
    runtime,
    clock,
    store,
    closeDatabase: () => db.close(),
    setTransport: (t) => {
      transport = t;
    },
    markShuttingDown: () => {
      shuttingDown = true;
    },
  };
}

/** What the gateway reads of the exchange session: plain data and one command. */
function exchangeView(exchange: ExchangeTrading): NonNullable<HeanRuntime["exchange"]> {
  return {
    status: () => exchange.sync.status(),
    acknowledge: (symbol, actor) => exchange.sync.acknowledge(symbol, actor),
    close: () => {
      exchange.sync.stop();
      exchange.broker.close();
    },
  };
}

/** The risk governor (unless RISK_GOVERNOR_ENABLED=false) and profit capture, from the settings. */
export function riskOptions(settings: Settings): Pick<TradingOptions, "riskGovernor" | "profitCapture"> {
  return {
    ...(settings.RISK_GOVERNOR_ENABLED
      ? {
          riskGovernor: {
            thresholds: {
              drawdownSoftPct: settings.RISK_DRAWDOWN_SOFT_PCT,
              drawdownHardPct: settings.RISK_DRAWDOWN_HARD_PCT,
              dailyLossPct: settings.RISK_DAILY_LOSS_PCT,
              volatilitySpikePct: settings.RISK_VOLATILITY_SPIKE_PCT,
              consecutiveLosses: settings.RISK_CONSECUTIVE_LOSSES,
              rejectRatePct: settings.RISK_REJECT_RATE_PCT,
              rejectMinOrders: settings.RISK_REJECT_MIN_ORDERS,
              staleDataSec: settings.RISK_STALE_DATA_SEC,
              clearHoldMs: settings.RISK_CLEAR_HOLD_SEC * 1000,
              quarantineHoldMs: settings.RISK_QUARANTINE_HOLD_SEC * 1000,
            },
            flattenOnHardStop: settings.RISK_HARD_STOP_FLATTEN,
          },
        }
      : {}),
    profitCapture: {
      enabled: settings.PROFIT_CAPTURE_ENABLED,
      targetPct: settings.PROFIT_CAPTURE_TARGET_PCT,
      trailPct: settings.PROFIT_CAPTURE_TRAIL_PCT,
      mode: settings.PROFIT_CAPTURE_MODE,
      partialPct: settings.PROFIT_CAPTURE_PARTIAL_PCT,
      afterAction: settings.PROFIT_CAPTURE_AFTER_ACTION,
      continueRiskMult: settings.PROFIT_CAPTURE_CONTINUE_RISK_MULT,
    },
  };
}
