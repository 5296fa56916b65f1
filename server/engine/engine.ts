import { EventBus } from "./bus";
import type { Clock } from "./clock";
import type { DecisionSettings } from "./decision/decision-pipeline";
import { NO_RISK } from "./decision/decision-pipeline";
import type { EngineEvent } from "./events";
import type { LatencyProbe } from "./latency-probe";
import { LifecycleController } from "./lifecycle/lifecycle-controller";
import { CandleAggregator } from "./market/candle-aggregator";
import { type FeedState, FeedSupervisor } from "./market/feed-supervisor";
import { TickerBook } from "./market/ticker-book";
import type {
  ControlRequest,
  ControlResult,
  EngineCommand,
  EngineState,
  EngineTransitionRecord,
  KillswitchState,
} from "./model/engine-state";
import { TIMEFRAMES, type Tick } from "./model/market";
import type { Portfolio } from "./portfolio/portfolio";
import type { EngineStore, MarketDataFeed } from "./ports";
import { restoreCandles, restoreTrading } from "./recovery";
import { createRiskSupervisor } from "./risk/create-risk-supervisor";
import type { ProfitCaptureSettings } from "./risk/profit-capture";
import type { ClearOutcome } from "./risk/risk-governor";
import type { RiskThresholds } from "./risk/risk-rules";
import type { RiskSupervisor } from "./risk/risk-supervisor";
import { MultiSymbolScanner } from "./scanner/multi-symbol-scanner";
import { type RegimeThresholds, SEED_THRESHOLDS } from "./scanner/regime";
import { SymbolMetricsTracker } from "./scanner/symbol-metrics";
import type { Strategy } from "./strategy/strategy";
import type { Allocator } from "./trading/allocator";
import type { Broker } from "./trading/broker-port";
import type { FundingSettlement } from "./trading/funding-settlement";
import { TradingCore } from "./trading/trading-core";
import type { VenueView } from "./trading/venue-view";

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
  /** The trading funnel; without it the engine only runs market data. */
  readonly trading?: TradingOptions;
  /** Hot-path timings (tick handling, tick to decision); none are taken without it. */
  readonly latency?: LatencyProbe;
}

export interface TradingOptions {
  readonly broker: Broker;
  readonly portfolio: Portfolio;
  readonly strategies: ReadonlyMap<string, readonly Strategy[]>;
  readonly decisions: DecisionSettings;
  readonly equitySnapshotMs: number;
  /** The risk governor; without it, the binary killswitch alone (RISK_GOVERNOR_ENABLED=false). */
  readonly riskGovernor?: { readonly thresholds: RiskThresholds; readonly flattenOnHardStop: boolean };
  /** Profit capture; without it, off. */
  readonly profitCapture?: ProfitCaptureSettings;
  /** An exchange broker's reconciliation state (entries wait for it); paper trading has none. */
  readonly venue?: () => VenueView;
  /** Paper perpetuals: funding at funding times; the exchange settles its own. */
  readonly funding?: FundingSettlement;
  /** Paper perpetuals: liquidation at the maintenance margin. */
  readonly liquidation?: boolean;
  /** The allocation rule across symbols (ALLOCATION_MODE); without it, the equal share. */
  readonly allocator?: Allocator;
}

const NOT_KILLED: KillswitchState = { triggered: false, reasons: [], triggeredAt: null };

export interface EngineStatus {
  readonly state: EngineState;
  readonly killswitch: KillswitchState;
  readonly feed: FeedState;
  readonly symbols: readonly string[];
  readonly ticksReceived: number;
  readonly ticksIgnored: number;
  readonly lastTickAt: number | null;
}

const silent: EngineLogger = { info() {}, warn() {}, error() {} };

/**
 * The kernel: composes the engine's parts (feed, tickers, candles, metrics, scanner, trading, risk,
 * lifecycle) around one bus and one clock, and hands each tick through them. The parts do the work.
 * Market data flows whenever the engine is booted, whatever its trading state, so a stopped engine
 * still shows a live market; the lifecycle governs trading.
 */
export class Engine {
  readonly bus: EventBus<EngineEvent>;
  readonly candles: CandleAggregator;
  readonly tickers: TickerBook;
  readonly metrics = new SymbolMetricsTracker();
  readonly scanner: MultiSymbolScanner;
  readonly trading: TradingCore | null;
  /** The risk governor and profit capture on the order path; null without trading. */
  readonly risk: RiskSupervisor | null;
  readonly symbols: readonly string[];
  private readonly symbolSet: ReadonlySet<string>;
  private readonly lifecycle: LifecycleController;
  private readonly log: EngineLogger;
  private readonly feed: FeedSupervisor;
  private ticksReceived = 0;
  private ticksIgnored = 0;
  private lastTickAt: number | null = null;
  /** The probe's time at which the tick being handled was handed over; null between ticks. */
  private tickStartedAt: number | null = null;

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
    const t = options.trading;
    this.trading =
      t === undefined
        ? null
        : new TradingCore({
            clock: options.clock,
            bus: this.bus,
            store: options.store,
            broker: t.broker,
            portfolio: t.portfolio,
            strategies: t.strategies,
            decisions: t.decisions,
            scanner: this.scanner,
            metrics: this.metrics,
            engineState: () => this.lifecycle.state,
            risk: () => this.risk?.view() ?? NO_RISK,
            profitLocked: () => this.risk?.profitLocked() ?? false,
            equitySnapshotMs: t.equitySnapshotMs,
            ...(t.venue === undefined ? {} : { venue: t.venue }),
            ...(t.funding === undefined ? {} : { funding: t.funding }),
            ...(t.liquidation === undefined ? {} : { liquidation: t.liquidation }),
            ...(t.allocator === undefined ? {} : { allocator: t.allocator }),
          });
    this.lifecycle = new LifecycleController(options.clock, {
      transition: (command, from, to) => this.transition(command, from, to),
      record: (record) => this.onRecord(record),
      killswitchActive: () => this.killswitch().triggered,
    });
    this.feed = new FeedSupervisor({
      feed: options.feed,
      clock: options.clock,
      bus: this.bus,
      onFailure: (message) => {
        this.log.error({ feed: options.feed.name, err: message }, "market data feed failed");
        void this.lifecycle.fail("feed", `Market data feed ${options.feed.name} failed: ${message}`);
      },
    });
    this.risk =
      this.trading === null || t === undefined
        ? null
        : createRiskSupervisor({
            clock: options.clock,
            bus: this.bus,
            store: options.store,
            trading: this.trading,
            symbols: this.symbols,
            metrics: this.metrics,
            riskGovernor: t.riskGovernor,
            profitCapture: t.profitCapture,
            ticksReceived: () => this.ticksReceived,
            feedFailure: () => this.feed.failure(),
            pauseEngine: async (reason) => {
              await this.control({ command: "pause", actor: "profit_capture", reason });
            },
          });
    const probe = options.latency;
    if (probe !== undefined)
      this.bus.subscribe("ORDER_DECISION", () => {
        if (this.tickStartedAt !== null) probe.decision(probe.now() - this.tickStartedAt);
      });
  }

  /**
   * POST /risk/governor/clear: lifts every finding a clear may lift, the killswitch included, or
   * says what holds them; null without trading (there is no governor to clear).
   */
  clearRisk(actor: string, reason: string): ClearOutcome | null {
    return this.risk?.clear(actor, reason) ?? null;
  }

  /** The killswitch, held by the risk governor (POST /engine/kill sets it, a clear lifts it). */
  killswitch(): KillswitchState {
    return this.risk?.killswitch() ?? NOT_KILLED;
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get state(): EngineState {
    return this.lifecycle.state;
  }

  /** Loads persisted candle history and trading state, then starts the market data feed. */
  async boot(): Promise<void> {
    const { store, clock } = this.options;
    if (this.trading !== null)
      await restoreTrading({
        trading: this.trading,
        risk: this.risk,
        store,
        clock,
        cooldownMs: this.options.trading?.decisions.cooldownMs ?? 0,
        log: this.log,
      });
    await restoreCandles({
      candles: this.candles,
      store,
      feed: this.options.feed,
      symbols: this.symbols,
      clock,
      historyLimit: this.options.candleHistoryLimit,
    });
    // Only closed bars: the forming one is still open.
    this.trading?.warmUp((symbol) => this.candles.history(symbol, "1m").slice(0, -1));
    this.feed.start((tick) => this.onTick(tick));
    if (this.options.analysis?.enabled ?? true)
      this.scanner.start(
        (change) => this.bus.publish({ type: "REGIME_CHANGED", ...change }),
        (scans, at) => this.bus.publish({ type: "SCAN_CYCLE", at, scans }),
      );
    this.risk?.start();
  }

  control(request: ControlRequest): Promise<ControlResult> {
    return this.lifecycle.execute(request);
  }

  /**
   * Refuses further commands and stops trading and the feed. What the engine recorded stays with
   * the store, whose owner closes it (writing it, or keeping it for the next start).
   */
  async shutdown(reason: string): Promise<void> {
    if (this.lifecycle.state !== "STOPPED") await this.control({ command: "stop", actor: "system", reason });
    await this.lifecycle.close();
    this.scanner.stop();
    this.risk?.stop();
    this.trading?.stop();
    this.feed.stop();
  }

  /** The symbol's price increment, or null when the feed does not say (a recorded file). */
  tickSize(symbol: string): number | null {
    return this.symbolSet.has(symbol) ? (this.options.feed.tickSize?.(symbol) ?? null) : null;
  }

  status(): EngineStatus {
    return {
      state: this.lifecycle.state,
      killswitch: this.killswitch(),
      feed: this.feed.state(),
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
    const probe = this.options.latency;
    if (probe === undefined) {
      this.handleTick(tick);
      return;
    }
    const started = probe.now();
    this.tickStartedAt = started;
    try {
      const barsClosed = this.handleTick(tick);
      const ms = probe.now() - started;
      probe.tick(ms);
      if (barsClosed) probe.bar(ms);
    } finally {
      this.tickStartedAt = null;
    }
  }

  /** Returns whether the tick closed a bar. */
  private handleTick(tick: Tick): boolean {
    this.ticksReceived++;
    this.lastTickAt = tick.ts;
    this.tickers.onTick(tick);
    this.metrics.onTick(tick);
    const closed = this.candles.onTick(tick);
    this.trading?.onTick(tick);
    this.bus.publish({ type: "TICK", tick });
    for (const candle of closed) {
      this.options.store.enqueue({ kind: "candle", candle });
      this.bus.publish({ type: "CANDLE_CLOSED", candle });
      this.trading?.onBar(candle);
    }
    return closed.length > 0;
  }

  private async transition(command: EngineCommand, from: EngineState, to: EngineState): Promise<void> {
    // A restart (or a start out of ERROR) also revives a feed that failed or finished.
    if ((command === "restart" || command === "start") && !this.feed.running)
      this.feed.start((tick) => this.onTick(tick));
    await this.trading?.onTransition(command, from, to);
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
    if (record.command === "kill" && record.ok) {
      this.risk?.kill([record.reason ?? "MANUAL_KILL"], record.actor);
      this.bus.publish({ type: "KILLSWITCH", at: record.at, state: this.killswitch() });
    }
  }
}
