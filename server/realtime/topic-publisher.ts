import { candlePayload, tickPayload } from "../../src/server/services/market";
import { systemHeartbeat, systemStatus } from "../../src/server/services/system-status";
import type { Clock, TimerId } from "../engine/clock";
import type { Engine } from "../engine/engine";
import type { HeanRuntime } from "../runtime";
import type { TopicHub } from "./topic-hub";

export interface TopicPublisherOptions {
  /** Minimum gap between two market_ticks messages for one symbol (the seed promises 250 ms–1 s). */
  readonly marketTicksMinIntervalMs: number;
  readonly statusIntervalMs: number;
}

/**
 * Maps engine events and periodic snapshots onto the seed's live topics. Transports read the hub;
 * none of them knows about the engine.
 */
export class TopicPublisher {
  private readonly lastMarketTick = new Map<string, number>();
  private readonly unsubscribes: Array<() => void> = [];
  private timer: TimerId | null = null;

  constructor(
    private readonly runtime: HeanRuntime,
    private readonly hub: TopicHub,
    private readonly clock: Clock,
    private readonly options: TopicPublisherOptions,
  ) {}

  start(engine: Engine): void {
    const bus = engine.bus;
    this.unsubscribes.push(
      bus.subscribe("TICK", ({ tick }) => {
        const data = tickPayload(tick);
        this.hub.publish(`ticker_${tick.symbol.toLowerCase()}`, data);
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
    );
    this.publishStatus();
    this.timer = this.clock.setRepeating(() => {
      this.publishStatus();
      this.hub.publish("system_heartbeat", systemHeartbeat(this.runtime));
    }, this.options.statusIntervalMs);
  }

  /** Publishes the current status now; also used to tell clients about a shutdown. */
  publishStatus(): void {
    this.hub.publish("system_status", systemStatus(this.runtime));
  }

  stop(): void {
    for (const u of this.unsubscribes.splice(0)) u();
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
  }
}
