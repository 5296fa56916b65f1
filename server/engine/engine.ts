import { EventBus } from "./bus";
import type { Clock } from "./clock";
import type { EngineEvent } from "./events";
import type {
  ControlRequest,
  ControlResult,
  EngineCommand,
  EngineState,
  EngineTransitionRecord,
  KillswitchState,
} from "./lifecycle/engine-state";
import { LifecycleController } from "./lifecycle/lifecycle-controller";
import { CandleAggregator } from "./market/candle-aggregator";
import { TickerBook } from "./market/ticker-book";
import { TIMEFRAMES, type Tick } from "./market/types";
import type { EngineStore, MarketDataFeed } from "./ports";
import { MultiSymbolScanner } from "./scanner/multi-symbol-scanner";
import { type RegimeThresholds, SEED_THRESHOLDS } from "./scanner/regime";
import { SymbolMetricsTracker } from "./scanner/symbol-metrics";

export interface EngineLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface EngineOptions {
  readonly clock: Clock;
  readonly feed: MarketDataFeed;
  readonly store: EngineStore;
  readonly symbols: readonly string[];
  readonly candleHistoryLimit: number;
  readonly logger?: EngineLogger;
  /** Market analysis (metrics and regimes); off leaves every symbol unclassified. */
  readonly analysis?: { readonly enabled: boolean; readonly thresholds?: RegimeThresholds; readonly cycleMs?: number };
}

export type FeedStatus = "idle" | "running" | "finished" | "error" | "stopped";

export interface EngineStatus {
  readonly state: EngineState;
  readonly killswitch: KillswitchState;
  readonly feed: { readonly name: string; readonly status: FeedStatus; readonly error: string | null };
  readonly symbols: readonly string[];
  readonly ticksReceived: number;
  readonly ticksIgnored: number;
  readonly lastTickAt: number | null;
}

const silent: EngineLogger = { info() {}, warn() {}, error() {} };

/**
 * The kernel: wires feed → tickers & candles → bus, the lifecycle state machine, and the store.
 * Market data flows whenever the engine is booted, whatever its trading state, so a stopped engine
 * still shows a live market; the lifecycle governs trading.
 */
export class Engine {
  readonly bus: EventBus<EngineEvent>;
  readonly candles: CandleAggregator;
  readonly tickers: TickerBook;
  readonly metrics = new SymbolMetricsTracker();
  readonly scanner: MultiSymbolScanner;
  readonly symbols: readonly string[];
  private readonly symbolSet: ReadonlySet<string>;
  private readonly lifecycle: LifecycleController;
  private readonly log: EngineLogger;
  private feedStatus: FeedStatus = "idle";
  private feedError: string | null = null;
  private ticksReceived = 0;
  private ticksIgnored = 0;
  private lastTickAt: number | null = null;

  constructor(private readonly options: EngineOptions) {
    this.log = options.logger ?? silent;
    this.symbols = [...options.symbols];
    this.symbolSet = new Set(options.symbols);
    this.bus = new EventBus<EngineEvent>((error, event) =>
      this.log.error({ err: error, eventType: event.type }, "event handler failed"),
    );
    this.candles = new CandleAggregator({ timeframes: TIMEFRAMES, historyLimit: options.candleHistoryLimit });
    this.tickers = new TickerBook({ clock: options.clock });
    this.scanner = new MultiSymbolScanner({
      symbols: this.symbols,
      clock: options.clock,
      metrics: this.metrics,
      thresholds: options.analysis?.thresholds ?? SEED_THRESHOLDS,
      cycleMs: options.analysis?.cycleMs ?? 1000,
      stepsPerCycle: 4,
    });
    this.lifecycle = new LifecycleController(options.clock, {
      transition: (command, from, to) => this.transition(command, from, to),
      record: (record) => this.onRecord(record),
    });
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get state(): EngineState {
    return this.lifecycle.state;
  }

  /** Loads persisted candle history, then starts the market data feed. */
  async boot(): Promise<void> {
    for (const symbol of this.symbols)
      for (const tf of TIMEFRAMES)
        this.candles.seed(await this.options.store.loadCandles(symbol, tf, this.options.candleHistoryLimit));
    this.startFeed();
    if (this.options.analysis?.enabled ?? true)
      this.scanner.start((change) => this.bus.publish({ type: "REGIME_CHANGED", ...change }));
  }

  control(request: ControlRequest): Promise<ControlResult> {
    return this.lifecycle.execute(request);
  }

  clearKillswitch(): Promise<KillswitchState> {
    return this.lifecycle.clearKillswitch();
  }

  /** Refuses further commands, stops trading and the feed, and writes everything pending. */
  async shutdown(reason: string): Promise<void> {
    if (this.lifecycle.state !== "STOPPED") await this.control({ command: "stop", actor: "system", reason });
    await this.lifecycle.close();
    this.scanner.stop();
    this.stopFeed();
    await this.options.store.flush();
  }

  status(): EngineStatus {
    return {
      state: this.lifecycle.state,
      killswitch: this.lifecycle.killswitch,
      feed: { name: this.options.feed.name, status: this.feedStatus, error: this.feedError },
      symbols: this.symbols,
      ticksReceived: this.ticksReceived,
      ticksIgnored: this.ticksIgnored,
      lastTickAt: this.lastTickAt,
    };
  }

  /** The feed's sink; the hot path. */
  onTick(tick: Tick): void {
    if (!this.symbolSet.has(tick.symbol)) {
      this.ticksIgnored++;
      return;
    }
    this.ticksReceived++;
    this.lastTickAt = tick.ts;
    this.tickers.onTick(tick);
    this.metrics.onTick(tick);
    const closed = this.candles.onTick(tick);
    this.bus.publish({ type: "TICK", tick });
    for (const candle of closed) {
      this.options.store.enqueue({ kind: "candle", candle });
      this.bus.publish({ type: "CANDLE_CLOSED", candle });
    }
  }

  private async transition(command: EngineCommand, _from: EngineState, _to: EngineState): Promise<void> {
    // A restart (or a start out of ERROR) also revives a feed that failed or finished.
    if ((command === "restart" || command === "start") && this.feedStatus !== "running") this.startFeed();
  }

  private onRecord(record: EngineTransitionRecord): void {
    this.options.store.enqueue({ kind: "engine_transition", transition: record });
    if (!record.ok && record.toState !== "ERROR") return;
    this.bus.publish({
      type: "ENGINE_STATE",
      at: record.at,
      from: record.fromState,
      to: record.toState,
      command: record.command,
      actor: record.actor,
      reason: record.reason,
    });
    if (record.command === "kill" && record.ok)
      this.bus.publish({ type: "KILLSWITCH", at: record.at, state: this.lifecycle.killswitch });
  }

  private startFeed(): void {
    const feed = this.options.feed;
    if (this.feedStatus === "running") return;
    if (this.feedStatus !== "idle") feed.stop();
    this.feedStatus = "running";
    this.feedError = null;
    feed.start((tick) => this.onTick(tick));
    this.publishFeed("started", null);
    feed.done.then(
      () => {
        if (this.feedStatus !== "running") return;
        this.feedStatus = "finished";
        this.publishFeed("finished", null);
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.feedStatus = "error";
        this.feedError = message;
        this.log.error({ feed: feed.name, err: message }, "market data feed failed");
        this.publishFeed("error", message);
        void this.lifecycle.fail("feed", `Market data feed ${feed.name} failed: ${message}`);
      },
    );
  }

  private stopFeed(): void {
    if (this.feedStatus !== "running") return;
    this.options.feed.stop();
    this.feedStatus = "stopped";
    this.publishFeed("stopped", null);
  }

  private publishFeed(status: "started" | "stopped" | "finished" | "error", detail: string | null): void {
    this.bus.publish({
      type: "FEED_STATUS",
      at: this.options.clock.now(),
      feed: this.options.feed.name,
      status,
      detail,
    });
  }
}
