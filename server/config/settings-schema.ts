import { z } from "zod";
import { DEFAULT_SYMBOLS } from "../engine/model/symbols";
import type { StrategySelection } from "../engine/strategy/registry";
import {
  envBoolean,
  envEnum,
  envList,
  envNumber,
  envOptionalString,
  envOptionalUrl,
  envString,
  envSymbols,
} from "./env-parsers";

export { DEFAULT_SYMBOLS };

/**
 * Every setting HEAN reads, with its default. `.env.example` documents each one; a test keeps the
 * two in step. The raw environment names are the keys.
 */
export const settingsSchema = z.object({
  NODE_ENV: envEnum(["development", "production", "test"], "development"),
  PORT: envNumber(3000, { int: true, min: 0, max: 65535 }),
  HOST: envString("127.0.0.1"),
  LOG_LEVEL: envEnum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], "info"),

  DATABASE_URL: envOptionalString().pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: "must be a postgresql:// URL (leave unset for embedded PGlite)" })
      .optional(),
  ),
  PGLITE_DATA_DIR: envString("./data/pglite"),
  STORE_FALLBACK_DIR: envString("./data/fallback"),

  AUTH_READS: envEnum(["auto", "required", "open"], "auto"),
  ALLOWED_HOSTS: envList(),
  CORS_ORIGINS: envList(),
  TRUST_PROXY: envBoolean(false),
  SESSION_TTL_HOURS: envNumber(12, { min: 0.1, max: 24 * 30 }),
  RATE_LIMIT_CONTROLS_PER_MIN: envNumber(120, { int: true, min: 1, max: 1_000_000 }),
  RATE_LIMIT_LOGIN_FAILURES_PER_MIN: envNumber(10, { int: true, min: 1, max: 1000 }),
  HTTP_MAX_BODY_BYTES: envNumber(1_048_576, { int: true, min: 1024, max: 64 * 1_048_576 }),
  TRPC_MAX_BATCH: envNumber(10, { int: true, min: 1, max: 100 }),
  WS_MAX_SUBSCRIPTIONS: envNumber(50, { int: true, min: 1, max: 10_000 }),
  REDIS_URL: envOptionalString().pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, {
        error: "must be a redis:// or rediss:// URL (leave unset to keep rate limits in memory)",
      })
      .optional(),
  ),

  PAPER_MODE: envBoolean(true),
  LIVE_TRADING_CONFIRM: envOptionalString(),
  BYBIT_TESTNET: envBoolean(true),
  BYBIT_API_KEY: envOptionalString(),
  BYBIT_API_SECRET: envOptionalString(),
  /** Overrides of the base addresses BYBIT_TESTNET chooses (any server that speaks Bybit v5). */
  BYBIT_REST_URL: envOptionalUrl(["http", "https"]),
  BYBIT_WS_PUBLIC_URL: envOptionalUrl(["ws", "wss"]),
  BYBIT_WS_PRIVATE_URL: envOptionalUrl(["ws", "wss"]),
  /** The dead-man's switch: after this long without Bybit's private stream, HEAN's open orders are cancelled on return. */
  DEADMAN_AFTER_SEC: envNumber(60, { min: 5, max: 86_400 }),
  /** Whether the dead-man's switch cancels HEAN's open orders once Bybit can be reached again. */
  DEADMAN_CANCEL_ORDERS: envBoolean(true),

  SYMBOLS: envSymbols(DEFAULT_SYMBOLS),
  MULTI_SYMBOL_ENABLED: envBoolean(true),
  MARKET_ANALYSIS_ENABLED: envBoolean(true),
  REGIME_STALE_AFTER_SEC: envNumber(30, { min: 1 }),
  REGIME_TREND_CHANGE_PCT: envNumber(1, { min: 0.01 }),
  REGIME_MAX_SPREAD_PCT: envNumber(0.1, { min: 0.0001 }),
  REGIME_MIN_VOLUME_1M: envNumber(1000, { min: 0 }),

  MARKET_FEED: envEnum(["synthetic", "replay", "bybit"], "synthetic"),
  SYNTHETIC_SEED: envNumber(42, { int: true, min: 0 }),
  SYNTHETIC_TICK_INTERVAL_MS: envNumber(250, { int: true, min: 10, max: 60_000 }),
  REPLAY_FILE: envOptionalString(),
  REPLAY_SYMBOL: envString("BTCUSDT"),
  REPLAY_SPEED: envNumber(60, { min: 0.01 }),
  REPLAY_LOOP: envBoolean(true),
  REPLAY_SPREAD_BPS: envNumber(1, { min: 0, max: 1000 }),

  ENGINE_AUTOSTART: envBoolean(true),

  STRATEGIES: envString("impulse_engine,mean_reversion"),
  INITIAL_BALANCE: envNumber(10_000, { min: 1 }),
  LEVERAGE: envNumber(5, { min: 1, max: 100 }),
  RISK_PER_TRADE_PCT: envNumber(0.5, { min: 0.01, max: 10 }),
  DEFAULT_STOP_PCT: envNumber(1, { min: 0.05, max: 50 }),
  COOLDOWN_SEC: envNumber(60, { min: 0 }),
  MAX_OPEN_POSITIONS: envNumber(5, { int: true, min: 1, max: 500 }),
  MIN_SIGNAL_CONFIDENCE: envNumber(0.5, { min: 0, max: 1 }),
  MIN_ORDER_NOTIONAL: envNumber(5, { min: 0 }),
  ALLOCATION_MODE: envEnum(["volatility", "equal"], "volatility"),
  MAX_MARGIN_USE_PCT: envNumber(25, { min: 1, max: 100 }),
  PAPER_TAKER_FEE_PCT: envNumber(0.055, { min: 0, max: 1 }),
  PAPER_MAKER_FEE_PCT: envNumber(0.02, { min: -0.1, max: 1 }),
  PAPER_SLIPPAGE_BPS: envNumber(1, { min: 0, max: 1000 }),
  PAPER_IMPACT_BPS: envNumber(5, { min: 0, max: 1000 }),
  PAPER_LATENCY_MS: envNumber(50, { int: true, min: 0, max: 60_000 }),
  PAPER_FUNDING_ENABLED: envBoolean(true),
  PAPER_LIQUIDATION_ENABLED: envBoolean(true),
  MAINTENANCE_MARGIN_PCT: envNumber(0.5, { min: 0, max: 50 }),
  EQUITY_SNAPSHOT_SEC: envNumber(5, { min: 1, max: 3600 }),
  CANDLE_HISTORY_LIMIT: envNumber(1000, { int: true, min: 10, max: 100_000 }),
  WS_MAX_BUFFERED_BYTES: envNumber(1_048_576, { int: true, min: 16_384 }),
  SHUTDOWN_TIMEOUT_MS: envNumber(10_000, { int: true, min: 1000, max: 60_000 }),

  PROFIT_CAPTURE_ENABLED: envBoolean(false),
  PROFIT_CAPTURE_TARGET_PCT: envNumber(20, { min: 0.1, max: 1000 }),
  PROFIT_CAPTURE_TRAIL_PCT: envNumber(10, { min: 0.1, max: 100 }),
  PROFIT_CAPTURE_MODE: envEnum(["full", "partial"], "full"),
  PROFIT_CAPTURE_AFTER_ACTION: envEnum(["pause", "continue"], "pause"),
  PROFIT_CAPTURE_CONTINUE_RISK_MULT: envNumber(0.25, { min: 0, max: 1 }),
  PROFIT_CAPTURE_PARTIAL_PCT: envNumber(50, { min: 1, max: 100 }),

  RISK_GOVERNOR_ENABLED: envBoolean(true),
  RISK_DRAWDOWN_SOFT_PCT: envNumber(5, { min: 0.1, max: 100 }),
  RISK_DRAWDOWN_HARD_PCT: envNumber(10, { min: 0.1, max: 100 }),
  RISK_DAILY_LOSS_PCT: envNumber(5, { min: 0.1, max: 100 }),
  RISK_VOLATILITY_SPIKE_PCT: envNumber(3, { min: 0.01, max: 100 }),
  RISK_CONSECUTIVE_LOSSES: envNumber(5, { int: true, min: 1, max: 1000 }),
  RISK_REJECT_RATE_PCT: envNumber(50, { min: 1, max: 100 }),
  RISK_REJECT_MIN_ORDERS: envNumber(4, { int: true, min: 1, max: 10_000 }),
  RISK_STALE_DATA_SEC: envNumber(60, { min: 1, max: 86_400 }),
  RISK_CLEAR_HOLD_SEC: envNumber(3600, { min: 0, max: 7 * 86_400 }),
  RISK_QUARANTINE_HOLD_SEC: envNumber(900, { min: 0, max: 7 * 86_400 }),
  RISK_HARD_STOP_FLATTEN: envBoolean(false),
  AI_CATALYST_ENABLED: envBoolean(true),
  CRITIC_REVIEW_MIN: envNumber(60, { int: true, min: 1, max: 10_080 }),
  AI_ADAPTATIONS_ENABLED: envBoolean(false),
  BACKTEST_DATA_DIR: envString("./data/market"),
  BACKTEST_DIR: envString("./data/backtests"),
  CHANGELOG_TIMEZONE: envString("UTC"),
  CHANGELOG_FILE: envString("changelog_today.json"),
  AI_FACTORY_ENABLED: envBoolean(false),
  CANARY_PERCENT: envNumber(10, { min: 0, max: 100 }),
});

/** Every setting, parsed: the schema's, and the strategy selection STRATEGIES and STRATEGY_* make. */
export interface Settings extends z.output<typeof settingsSchema> {
  readonly strategySelection: StrategySelection;
}

export type TradingMode = "paper" | "testnet" | "live";

export function tradingMode(s: Pick<Settings, "PAPER_MODE" | "BYBIT_TESTNET">): TradingMode {
  if (s.PAPER_MODE) return "paper";
  return s.BYBIT_TESTNET ? "testnet" : "live";
}

/** The symbols the engine scans: all of SYMBOLS, or only the first when multi-symbol is off. */
export function activeSymbols(s: Pick<Settings, "SYMBOLS" | "MULTI_SYMBOL_ENABLED">): string[] {
  return s.MULTI_SYMBOL_ENABLED ? [...s.SYMBOLS] : s.SYMBOLS.slice(0, 1);
}
