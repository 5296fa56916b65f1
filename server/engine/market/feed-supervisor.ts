import type { EventBus } from "../bus";
import type { Clock } from "../clock";
import type { EngineEvent } from "../events";
import type { Tick } from "../model/market";
import type { FeedConnection, MarketDataFeed } from "../ports";

export type FeedStatus = "idle" | "running" | "finished" | "error" | "stopped";

export interface FeedState {
  readonly name: string;
  readonly status: FeedStatus;
  readonly error: string | null;
  /** An exchange feed's connection; null for local feeds. */
  readonly connection: FeedConnection | null;
}

/**
 * Runs the market data feed: starts and stops it, follows it to its end or its failure, and says
 * so on the bus (FEED_STATUS). A failure is reported once, to `onFailure`.
 */
export class FeedSupervisor {
  private current: FeedStatus = "idle";
  private error: string | null = null;

  constructor(
    private readonly o: {
      readonly feed: MarketDataFeed;
      readonly clock: Clock;
      readonly bus: EventBus<EngineEvent>;
      readonly onFailure: (message: string) => void;
    },
  ) {}

  get running(): boolean {
    return this.current === "running";
  }

  state(): FeedState {
    return {
      name: this.o.feed.name,
      status: this.current,
      error: this.error,
      connection: this.o.feed.connection?.() ?? null,
    };
  }

  /** The failure's message while the feed is in error, else null (the risk governor's FEED_ERROR). */
  failure(): string | null {
    return this.current === "error" ? (this.error ?? "feed error") : null;
  }

  /** Starts the feed (again, after a failure or its end) delivering to `sink`; no-op while running. */
  start(sink: (tick: Tick) => void): void {
    const feed = this.o.feed;
    if (this.current === "running") return;
    if (this.current !== "idle") feed.stop();
    this.current = "running";
    this.error = null;
    feed.start(sink);
    this.publish("started", null);
    feed.done.then(
      () => {
        if (this.current !== "running") return;
        this.current = "finished";
        this.publish("finished", null);
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.current = "error";
        this.error = message;
        this.publish("error", message);
        this.o.onFailure(message);
      },
    );
  }

  stop(): void {
    if (this.current !== "running") return;
    this.o.feed.stop();
    this.current = "stopped";
    this.publish("stopped", null);
  }

  private publish(status: "started" | "stopped" | "finished" | "error", detail: string | null): void {
    this.o.bus.publish({ type: "FEED_STATUS", at: this.o.clock.now(), feed: this.o.feed.name, status, detail });
  }
}
