import { readFileSync } from "node:fs";
import { migrate } from "../adapters/db/migrator";
import { openDatabase } from "../adapters/db/open-database";
import { PrismaEngineStore } from "../adapters/db/prisma-engine-store";
import { activeSymbols, type Settings, tradingMode } from "../config/settings-schema";
import { LiveClock } from "../engine/clock";
import { Engine } from "../engine/engine";
import { TopicHub } from "../realtime/topic-hub";
import type { HeanRuntime } from "../runtime";
import { createFeed } from "./create-feed";
import type { Logger } from "./logger";

export interface RuntimeParts {
  readonly runtime: HeanRuntime;
  readonly clock: LiveClock;
  readonly store: PrismaEngineStore;
  closeDatabase(): Promise<void>;
  /** Set by the transport layer once the WebSocket servers exist. */
  setTransport(transport: HeanRuntime["transport"]): void;
  markShuttingDown(): void;
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

  const clock = new LiveClock();
  const store = new PrismaEngineStore(db.prisma, {
    onError: (error, pending) => logger.error({ err: error, pending }, "store write failed; will retry"),
  });
  const symbols = activeSymbols(settings);
  const engine = new Engine({
    clock,
    feed: createFeed(settings, symbols, clock),
    store,
    symbols,
    candleHistoryLimit: settings.CANDLE_HISTORY_LIMIT,
    logger: logger.child({ component: "engine" }),
    analysis: {
      enabled: settings.MARKET_ANALYSIS_ENABLED,
      thresholds: {
        staleAfterSec: settings.REGIME_STALE_AFTER_SEC,
        trendChangePct: settings.REGIME_TREND_CHANGE_PCT,
        maxSpreadPct: settings.REGIME_MAX_SPREAD_PCT,
        minVolume1m: settings.REGIME_MIN_VOLUME_1M,
      },
    },
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
    topics: new TopicHub(),
    transport: {
      wsClients: () => transport.wsClients(),
      wsStats: () => transport.wsStats(),
    },
    isShuttingDown: () => shuttingDown,
  };

  await engine.boot();
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
