import { BybitBroker } from "../adapters/bybit/broker/bybit-broker";
import { keyCautions, keyRefusals } from "../adapters/bybit/broker/key-permissions";
import { VenueSync } from "../adapters/bybit/broker/venue-sync";
import { BybitMarketFeed } from "../adapters/bybit/bybit-market-feed";
import { SettingsError } from "../config/load-settings";
import type { Settings, TradingMode } from "../config/settings-schema";
import type { Clock } from "../engine/clock";
import type { TradingOptions } from "../engine/engine";
import { Portfolio } from "../engine/portfolio/portfolio";
import type { MarketDataFeed } from "../engine/ports";
import { endpointsFor } from "./create-feed";
import type { Logger } from "./logger";

export interface ExchangeTrading {
  readonly options: TradingOptions;
  readonly sync: VenueSync;
  readonly broker: BybitBroker;
}

/**
 * Trading on Bybit (PAPER_MODE=false): the broker on the account the keys open, orders checked
 * against the instrument rules the feed loaded, the account starting from Bybit's wallet balance,
 * and the venue sync holding back every entry until HEAN's book agrees with Bybit's. Fails closed:
 * an account that does not answer (wrong keys, wrong network) stops start-up with the reason.
 */
export async function createExchangeTrading(o: {
  readonly settings: Settings;
  readonly mode: Exclude<TradingMode, "paper">;
  readonly feed: MarketDataFeed;
  readonly symbols: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Everything but the broker and portfolio (strategies, decisions, risk), as paper trading has it. */
  readonly base: Omit<TradingOptions, "broker" | "portfolio" | "venue">;
}): Promise<ExchangeTrading> {
  const { settings, feed, clock } = o;
  if (!(feed instanceof BybitMarketFeed))
    throw new SettingsError([`PAPER_MODE=false needs MARKET_FEED=bybit (now ${settings.MARKET_FEED})`]);
  const logger = o.logger.child({ component: "bybit-broker" });
  let portfolio: Portfolio | null = null;
  const broker = new BybitBroker({
    endpoints: endpointsFor(settings),
    apiKey: settings.BYBIT_API_KEY ?? "",
    apiSecret: settings.BYBIT_API_SECRET ?? "",
    clock,
    rules: (symbol) => feed.instrumentRules(symbol),
    guard: {
      rejectReason: (request, price) => (portfolio === null ? "NOT_READY" : portfolio.rejectReason(request, price)),
    },
    logger,
    deadMan: { afterMs: settings.DEADMAN_AFTER_SEC * 1000, cancelOnReturn: settings.DEADMAN_CANCEL_ORDERS },
  });
  const key = await broker.readKey();
  const refusals = key === null ? [] : keyRefusals(key);
  if (key === null || refusals.length > 0) {
    broker.close();
    throw new SettingsError(
      key === null
        ? [
            `PAPER_MODE=false: Bybit ${o.mode} at ${endpointsFor(settings).rest} did not say what the API key may do; check BYBIT_API_KEY / BYBIT_API_SECRET, that they belong to ${o.mode}, and the network`,
          ]
        : refusals.map((r) => `PAPER_MODE=false: ${r}`),
    );
  }
  for (const caution of keyCautions(key)) logger.warn({ mode: o.mode }, `bybit: ${caution}`);
  const account = await broker.readAccount();
  if (account === null)
    throw new SettingsError([
      `PAPER_MODE=false: Bybit ${o.mode} at ${endpointsFor(settings).rest} did not answer the account reads (account info, USDT wallet); check BYBIT_API_KEY / BYBIT_API_SECRET, that they belong to ${o.mode}, and the network`,
    ]);
  logger.info(
    { accountType: account.accountType, walletBalance: account.walletBalance, mode: o.mode },
    "bybit: account opened",
  );
  portfolio = new Portfolio({
    accountId: o.mode,
    initialBalance: account.walletBalance,
    leverage: settings.LEVERAGE,
    clock,
  });
  const sync = new VenueSync({ broker, clock, symbols: o.symbols, logger });
  return { options: { ...o.base, broker, portfolio, venue: () => sync.view() }, sync, broker };
}
