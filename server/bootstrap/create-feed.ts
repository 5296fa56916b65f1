import { BybitMarketFeed } from "../adapters/bybit/bybit-market-feed";
import { bybitEndpoints } from "../adapters/bybit/endpoints";
import { ReplayFeed } from "../adapters/feeds/replay/replay-feed";
import { SyntheticFeed } from "../adapters/feeds/synthetic/synthetic-feed";
import type { Settings } from "../config/settings-schema";
import type { Clock } from "../engine/clock";
import type { MarketDataFeed } from "../engine/ports";
import type { Logger } from "./logger";

/**
 * Where Bybit is: paper trading reads mainnet's real prices; trading on the exchange reads the
 * network it trades on (BYBIT_TESTNET); the BYBIT_*_URL settings override either.
 */
export function endpointsFor(settings: Settings) {
  return bybitEndpoints({
    network: settings.PAPER_MODE || !settings.BYBIT_TESTNET ? "mainnet" : "testnet",
    rest: settings.BYBIT_REST_URL,
    wsPublic: settings.BYBIT_WS_PUBLIC_URL,
    wsPrivate: settings.BYBIT_WS_PRIVATE_URL,
  });
}

/** The configured market data source: the synthetic market, a recorded file, or Bybit. */
export function createFeed(
  settings: Settings,
  symbols: readonly string[],
  clock: Clock,
  logger: Logger,
): MarketDataFeed {
  if (settings.MARKET_FEED === "bybit")
    return new BybitMarketFeed({
      symbols,
      endpoints: endpointsFor(settings),
      clock,
      logger: logger.child({ component: "bybit-feed" }),
    });
  if (settings.MARKET_FEED === "replay") {
    if (settings.REPLAY_FILE === undefined) throw new Error("REPLAY_FILE is required when MARKET_FEED=replay");
    return new ReplayFeed({
      file: settings.REPLAY_FILE,
      symbol: settings.REPLAY_SYMBOL,
      speed: settings.REPLAY_SPEED,
      clock,
      rebaseToNow: true,
      loop: settings.REPLAY_LOOP,
      spreadBps: settings.REPLAY_SPREAD_BPS,
    });
  }
  return new SyntheticFeed({
    symbols,
    seed: settings.SYNTHETIC_SEED,
    tickIntervalMs: settings.SYNTHETIC_TICK_INTERVAL_MS,
    clock,
  });
}
