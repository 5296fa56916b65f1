import type { Clock } from "./clock";
import type { EngineLogger } from "./engine";
import type { CandleAggregator } from "./market/candle-aggregator";
import { TIMEFRAMES } from "./model/market";
import type { EngineStore, MarketDataFeed } from "./ports";
import type { RiskSupervisor } from "./risk/risk-supervisor";
import type { TradingCore } from "./trading/trading-core";

/** Decisions older than this (or than the cooldown) are not needed after a restart (5-minute reason counts). */
const RECOVERY_WINDOW_MS = 10 * 60_000;

/** How much recent history a fresh install backfills: enough to warm every strategy's indicators. */
const BACKFILL_MS = 45 * 60_000;

/**
 * Account, positions, cooldowns and recent decisions come back from the store, then the risk
 * governor and profit capture. An exchange broker takes back the orders that were open (the
 * exchange kept them); paper orders open when the process died cannot be resumed truthfully, so they
 * are recorded as cancelled.
 */
export async function restoreTrading(o: {
  readonly trading: TradingCore;
  readonly risk: RiskSupervisor | null;
  readonly store: EngineStore;
  readonly clock: Clock;
  readonly cooldownMs: number;
  readonly log: EngineLogger;
}): Promise<void> {
  const now = o.clock.now();
  const { trading, risk } = o;
  const account = trading.portfolio.account();
  const state = await o.store.loadTradingState(account.id, now - Math.max(RECOVERY_WINDOW_MS, o.cooldownMs));
  trading.restore(state);
  if (risk !== null) {
    const restored = trading.portfolio.account();
    // Without a saved profit watch, it starts from the restored account's start and peak.
    risk.profit.restore({
      ...risk.profit.snapshot(),
      startEquity: restored.startEquity,
      peakEquity: restored.peakEquity,
    });
    risk.restore(state.riskStates);
  }
  const broker = trading.broker;
  if (broker.resume !== undefined) broker.resume({ openOrders: state.openOrders, fillIds: state.recentFillIds });
  else
    for (const order of state.openOrders)
      o.store.enqueue({
        kind: "order",
        order: { ...order, status: "CANCELLED", rejectReason: "PROCESS_RESTART", updatedAt: now },
      });
  if (state.account !== null || state.positions.length > 0)
    o.log.info(
      {
        positions: state.positions.length,
        [broker.resume === undefined ? "cancelledOrders" : "resumedOrders"]: state.openOrders.length,
        decisions: state.recentDecisions.length,
      },
      "trading state restored",
    );
}

/** Candle history from the store, then what a fresh install lacks from the feed (or where the feed resumes). */
export async function restoreCandles(o: {
  readonly candles: CandleAggregator;
  readonly store: EngineStore;
  readonly feed: MarketDataFeed;
  readonly symbols: readonly string[];
  readonly clock: Clock;
  readonly historyLimit: number;
}): Promise<void> {
  for (const symbol of o.symbols)
    for (const tf of TIMEFRAMES) o.candles.seed(await o.store.loadCandles(symbol, tf, o.historyLimit));
  const lastPrices = new Map<string, number>();
  for (const s of o.symbols) {
    const last = o.candles.history(s, "1m", 1)[0];
    if (last !== undefined) lastPrices.set(s, last.close);
  }
  if (lastPrices.size > 0) {
    o.feed.resumeFrom?.(lastPrices);
    return;
  }
  if (o.feed.backfill === undefined) return;
  const wanted = new Set(o.symbols);
  const now = o.clock.now();
  for await (const tick of o.feed.backfill(now - BACKFILL_MS, now)) {
    if (!wanted.has(tick.symbol)) continue;
    for (const candle of o.candles.onTick(tick)) o.store.enqueue({ kind: "candle", candle });
  }
}
