// Every live topic, legacy /ws and tRPC alike, with the type of what it carries: the hub, the
// publisher, the legacy topic set and the tRPC subscriptions are all typed from this one map.
import type { AiCatalystPayload } from "./views/agents";
import type { candlePayload, TickPayload } from "./views/market";
import type { accountMetrics, tradingMetrics } from "./views/metrics";
import type { profitCaptureExecutedPayload, RiskUpdatePayload } from "./views/risk-payloads";
import type { symbolsOverview } from "./views/symbols-overview";
import type { SystemHeartbeat, SystemStatus } from "./views/system-status";
import type {
  decisionPayload,
  fundingPayload,
  orderUpdatePayload,
  positionChangePayload,
  reconciliationPayload,
  signalPayload,
  strategyStatePayload,
} from "./views/trading-payloads";
import type { tradingWhy } from "./views/trading-why";

export type DecisionPayload = ReturnType<typeof decisionPayload>;
export type OrderUpdatePayload = ReturnType<typeof orderUpdatePayload>;
export type PositionChangePayload = ReturnType<typeof positionChangePayload>;
export type ProfitCaptureExecutedPayload = ReturnType<typeof profitCaptureExecutedPayload>;

/** trading_events: every ORDER_DECISION, order update, position change, profit capture and reconciliation. */
export type TradingEvent =
  | DecisionPayload
  | OrderUpdatePayload
  | PositionChangePayload
  | ProfitCaptureExecutedPayload
  | ReturnType<typeof reconciliationPayload>
  | ReturnType<typeof fundingPayload>;

/** market_data: ticks and closed candles. */
export type MarketDataEvent =
  | ({ readonly type: "tick" } & TickPayload)
  | ({ readonly type: "candle"; readonly symbol: string; readonly timeframe: string } & ReturnType<
      typeof candlePayload
    >);

export interface TopicPayloads {
  system_status: SystemStatus;
  system_heartbeat: SystemHeartbeat;
  metrics: ReturnType<typeof accountMetrics>;
  trading_metrics: ReturnType<typeof tradingMetrics>;
  trading_events: TradingEvent;
  market_data: MarketDataEvent;
  market_ticks: TickPayload;
  signals: ReturnType<typeof signalPayload>;
  strategy_events: ReturnType<typeof strategyStatePayload>;
  order_filled: OrderUpdatePayload;
  order_cancelled: OrderUpdatePayload;
  /** The AI agents' events: AGENT_STATUS and AGENT_STEP, each caused by its component's work. */
  ai_catalyst: AiCatalystPayload;
  risk_governor: RiskUpdatePayload;
  /** HEAN's own: /trading/why and the dashboard's symbols rows, every 2 s while someone listens. */
  trading_why: ReturnType<typeof tradingWhy>;
  trading_symbols: ReturnType<typeof symbolsOverview>;
  /** Every tick of one symbol, e.g. ticker_btcusdt. */
  [ticker: `ticker_${string}`]: TickPayload;
}

export type TopicName = keyof TopicPayloads & string;

/** The seed's topics (HEAN_PRODUCTION_UPGRADE_REPORT.md, "Active WS Topics"), in its order. */
export const SEED_TOPICS = [
  "system_status",
  "system_heartbeat",
  "metrics",
  "trading_metrics",
  "trading_events",
  "market_data",
  "market_ticks",
  "signals",
  "strategy_events",
  "order_filled",
  "order_cancelled",
  "ai_catalyst",
  "risk_governor",
] as const satisfies readonly TopicName[];

/** HEAN's own topics beyond the seed's. */
export const EXTRA_TOPICS = ["trading_why", "trading_symbols"] as const satisfies readonly TopicName[];

/** A symbol's ticker topic; topic names are lower case. */
export function tickerTopic(symbol: string): `ticker_${string}` {
  return `ticker_${symbol.toLowerCase()}`;
}
