import { ReplayFeed } from "../adapters/feeds/replay/replay-feed";
import { SyntheticFeed } from "../adapters/feeds/synthetic/synthetic-feed";
import type { Settings } from "../config/settings-schema";
import type { Clock } from "../engine/clock";
import type { MarketDataFeed } from "../engine/ports";

/** The configured market data source. A live Bybit feed will be a third case here. */
export function createFeed(settings: Settings, symbols: readonly string[], clock: Clock): MarketDataFeed {
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
