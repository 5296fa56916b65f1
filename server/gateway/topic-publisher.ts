import type { Clock, TimerId } from "../engine/clock";
import type { Engine } from "../engine/engine";
import type { HeanRuntime } from "../runtime";
import { tickerTopic } from "./topic-catalog";
import type { TopicHub } from "./topic-hub";
import { candlePayload, tickPayload } from "./views/market";
import { accountMetrics, tradingMetrics } from "./views/metrics";
import { profitCaptureExecutedPayload, riskUpdatePayload } from "./views/risk-payloads";
import { symbolsOverview } from "./views/symbols-overview";
import { systemHeartbeat, systemStatus } from "./views/system-status";
import {
  decisionPayload,
  fundingPayload,
  orderUpdatePayload,
  positionChangePayload,
  reconciliationPayload,
  signalPayload,
  strategyStatePayload,
} from "./views/trading-payloads";
import { tradingWhy } from "./views/trading-why";

export interface TopicPublisherOptions {
  /** Minimum gap between two market_ticks messages for one symbol (the seed promises 250 ms–1 s). */
  readonly marketTicksMinIntervalMs: number;
  readonly statusIntervalMs: number;
  readonly tradingMetricsIntervalMs: number;
}

/**
 * Maps engine events and periodic snapshots onto the seed's live topics. Transports read the hub;
 * none of them knows about the engine.
 */
export class TopicPublisher {
  private readonly lastMarketTick = new Map<string, number>();
  private readonly unsubscribes: Array<() => void> = [];
  private timer: TimerId | null = null;
  private tradingTimer: TimerId | null = null;

  constructor(
    private readonly runtime: HeanRuntime,
    private readonly hub: TopicHub,
    private readonly clock: Clock,
    private readonly options: TopicPublisherOptions,
  ) {}

  start(engine: Engine): void {
    const bus = engine.bus;
    // The current state first, so a client subscribing to risk_governor starts from it.
    const risk = engine.risk;
    if (risk !== null) this.hub.publish("risk_governor", riskUpdatePayload(risk.status(), null));
    this.unsubscribes.push(
      bus.subscribe("RISK_STATE_UPDATE", ({ transition }) =>
        this.hub.publish("risk_governor", riskUpdatePayload(transition.status, transition)),
      ),
      bus.subscribe("PROFIT_CAPTURE_EXECUTED", (e) =>
        this.hub.publish("trading_events", profitCaptureExecutedPayload(e.at, e.trigger, e.state)),
      ),
      bus.subscribe("TICK", ({ tick }) => {
        const data = tickPayload(tick);
        this.hub.publish(tickerTopic(tick.symbol), data);
        this.hub.publish("market_data", { type: "tick", ...data });
        const last = this.lastMarketTick.get(tick.symbol) ?? Number.NEGATIVE_INFINITY;
        if (tick.ts - last >= this.options.marketTicksMinIntervalMs) {
          this.lastMarketTick.set(tick.symbol, tick.ts);
          this.hub.publish("market_ticks", data);
        }
      }),
      bus.subscribe("CANDLE_CLOSED", ({ candle }) =>
        this.hub.publish("market_data", {
          type: "candle",
          symbol: candle.symbol,
          timeframe: candle.timeframe,
          ...candlePayload(candle, true),
        }),
      ),
      bus.subscribe("ENGINE_STATE", () => this.publishStatus()),
      bus.subscribe("KILLSWITCH", () => this.publishStatus()),
      bus.subscribe("FEED_STATUS", () => this.publishStatus()),
      bus.subscribe("SIGNAL", ({ signal }) => this.hub.publish("signals", signalPayload(signal))),
      bus.subscribe("ORDER_DECISION", ({ decision }) => this.hub.publish("trading_events", decisionPayload(decision))),
      bus.subscribe("ORDER_UPDATE", ({ update, at }) => {
        const payload = orderUpdatePayload(update, at);
        this.hub.publish("trading_events", payload);
        if (update.type === "ORDER_FILLED") this.hub.publish("order_filled", payload);
        if (update.type === "ORDER_CANCELLED") this.hub.publish("order_cancelled", payload);
      }),
      bus.subscribe("POSITION_CHANGED", (e) =>
        this.hub.publish("trading_events", positionChangePayload(e.symbol, e.position, e.realizedPnl, e.at)),
      ),
      bus.subscribe("FUNDING_SETTLED", (e) => this.hub.publish("trading_events", fundingPayload(e.payment, e.source))),
      bus.subscribe("RECONCILIATION", (e) => {
        this.hub.publish("trading_events", reconciliationPayload(e));
        this.publishStatus();
      }),
      bus.subscribe("STRATEGY_STATE", (e) =>
        this.hub.publish("strategy_events", strategyStatePayload(e.strategyId, e.symbol, e.state, e.at)),
      ),
    );
    this.publishStatus();
    this.timer = this.clock.setRepeating(() => {
      this.publishStatus();
      this.hub.publish("system_heartbeat", systemHeartbeat(this.runtime));
      if (engine.trading !== null) this.hub.publish("metrics", accountMetrics(this.runtime));
    }, this.options.statusIntervalMs);
    if (engine.trading !== null)
      this.tradingTimer = this.clock.setRepeating(() => {
        this.hub.publish("trading_metrics", tradingMetrics(this.runtime));
        // The dashboard's "why" panel; built only while someone listens.
        if (this.hub.hasListeners("trading_why")) this.hub.publish("trading_why", tradingWhy(this.runtime));
        if (this.hub.hasListeners("trading_symbols"))
          this.hub.publish("trading_symbols", symbolsOverview(this.runtime));
      }, this.options.tradingMetricsIntervalMs);
  }

  /** Publishes the current status now; also used to tell clients about a shutdown. */
  publishStatus(): void {
    this.hub.publish("system_status", systemStatus(this.runtime));
  }

  stop(): void {
    for (const u of this.unsubscribes.splice(0)) u();
    for (const t of [this.timer, this.tradingTimer]) if (t !== null) this.clock.clearTimer(t);
    this.timer = null;
    this.tradingTimer = null;
  }
}
