import { EventBus } from "./bus";
import type { Clock } from "./clock";
import type { DecisionSettings } from "./decision/decision-pipeline";
import { NO_RISK } from "./decision/decision-pipeline";
import type { EngineEvent } from "./events";
import type { LatencyProbe } from "./latency-probe";
import { LifecycleController } from "./lifecycle/lifecycle-controller";
import { CandleAggregator } from "./market/candle-aggregator";
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
import { ProfitCapture, type ProfitCaptureSettings } from "./risk/profit-capture";
import { type ClearOutcome, RiskGovernor, type RiskMeasurements } from "./risk/risk-governor";
import type { RiskThresholds } from "./risk/risk-rules";
import { RiskSupervisor } from "./risk/risk-supervisor";
import { MultiSymbolScanner } from "./scanner/multi-symbol-scanner";
import { type RegimeThresholds, SEED_THRESHOLDS } from "./scanner/regime";
import { SymbolMetricsTracker } from "./scanner/symbol-metrics";
import type { Strategy } from "./strategy/strategy";
import type { Broker } from "./trading/broker-port";
import { TradingCore } from "./trading/trading-core";

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
}

const PROFIT_CAPTURE_OFF: ProfitCaptureSettings = {
  enabled: false,
  targetPct: 20,
  trailPct: 10,
  mode: "full",
  partialPct: 50,
  afterAction: "pause",
  continueRiskMult: 0.25,
};

/** Thresholds for a governor that only holds the killswitch (no rule is read when disabled). */
const UNUSED_THRESHOLDS: RiskThresholds = {
  drawdownSoftPct: 100,
  drawdownHardPct: 100,
  dailyLossPct: 100,
  volatilitySpikePct: 100,
  consecutiveLosses: Number.POSITIVE_INFINITY,
  rejectRatePct: 100,
  rejectMinOrders: Number.POSITIVE_INFINITY,
  staleDataSec: Number.POSITIVE_INFINITY,
  clearHoldMs: 0,
  quarantineHoldMs: 0,
};

const RISK_EVALUATE_EVERY_MS = 1000;

const NOT_KILLED: KillswitchState = { triggered: false, reasons: [], triggeredAt: null };

/** Decisions older than this (or than the cooldown) are not needed after a restart (5-minute reason counts). */
const RECOVERY_WINDOW_MS = 10 * 60_000;

/** How much recent history a fresh install backfills: enough to warm every strategy's indicators. */
const BACKFILL_MS = 45 * 60_000;

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
  readonly trading: TradingCore | null;
  /** The risk governor and profit capture on the order path; null without trading. */
  readonly risk: RiskSupervisor | null;
  readonly symbols: readonly string[];
  private readonly symbolSet: ReadonlySet<string>;
  private readonly lifecycle: LifecycleController;
  private readonly log: EngineLogger;
  private feedStatus: FeedStatus = "idle";
  private feedError: string | null = null;
  private ticksReceived = 0;
  private ticksIgnored = 0;
  private orderUpdates = 0;
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
          });
    this.lifecycle = new LifecycleController(options.clock, {
      transition: (command, from, to) => this.transition(command, from, to),
      record: (record) => this.onRecord(record),
      killswitchActive: () => this.killswitch().triggered,
    });
    this.risk = this.trading === null || t === undefined ? null : this.createRisk(this.trading, t);
    const probe = options.latency;
    if (probe !== undefined)
      this.bus.subscribe("ORDER_DECISION", () => {
        if (this.tickStartedAt !== null) probe.decision(probe.now() - this.tickStartedAt);
      });
  }

  private createRisk(trading: TradingCore, t: TradingOptions): RiskSupervisor {
    const { clock } = this.options;
    const governor = new RiskGovernor({
      enabled: t.riskGovernor !== undefined,
      thresholds: t.riskGovernor?.thresholds ?? UNUSED_THRESHOLDS,
    });
    const profit = new ProfitCapture(t.profitCapture ?? PROFIT_CAPTURE_OFF, t.portfolio.account().startEquity);
    const supervisor = new RiskSupervisor({
      clock,
      bus: this.bus,
      store: this.options.store,
      governor,
      profit,
      evaluateEveryMs: RISK_EVALUATE_EVERY_MS,
      flattenOnHardStop: t.riskGovernor?.flattenOnHardStop ?? false,
      measure: () => this.measureRisk(trading),
      activity: () => this.ticksReceived + this.orderUpdates,
      cancelAllOrders: (reason) => trading.broker.cancelAll(reason),
      closePositions: (share, actor) => trading.closeAll(share, actor),
      pauseEngine: async (reason) => {
        await this.control({ command: "pause", actor: "profit_capture", reason });
      },
    });
    this.bus.subscribe("POSITION_CHANGED", (e) => {
      if (e.position === null) supervisor.onPositionClosed(e.realizedPnl);
    });
    this.bus.subscribe("ENGINE_STATE", (e) => supervisor.onEngineState(e.to));
    this.bus.subscribe("ORDER_UPDATE", () => {
      this.orderUpdates++;
    });
    return supervisor;
  }

  private measureRisk(trading: TradingCore): RiskMeasurements {
    const now = this.options.clock.now();
    const counts = trading.activity.orderCounts5m(now);
    return {
      now,
      equity: trading.portfolio.equity(),
      symbols: this.symbols.map((symbol) => {
        const m = this.metrics.get(symbol, now);
        return {
          symbol,
          priceChange1mPct: m?.priceChange1mPct ?? 0,
          tickAgeSec: m?.lastTickAgeSec ?? Number.POSITIVE_INFINITY,
        };
      }),
      orders5m: counts.orders,
      rejects5m: counts.rejects,
      feedError: this.feedStatus === "error" ? (this.feedError ?? "feed error") : null,
    };
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
    if (this.trading !== null) await this.restoreTrading(this.trading);
    for (const symbol of this.symbols)
      for (const tf of TIMEFRAMES)
        this.candles.seed(await this.options.store.loadCandles(symbol, tf, this.options.candleHistoryLimit));
    this.backfillIfEmpty();
    // Only closed bars: the forming one is still open.
    this.trading?.warmUp((symbol) => this.candles.history(symbol, "1m").slice(0, -1));
    this.startFeed();
    if (this.options.analysis?.enabled ?? true)
      this.scanner.start((change) => this.bus.publish({ type: "REGIME_CHANGED", ...change }));
    this.risk?.start();
  }

  /** A fresh install gets recent history from the feed; otherwise the feed resumes from our last prices. */
  private backfillIfEmpty(): void {
    const feed = this.options.feed;
    const lastPrices = new Map<string, number>();
    for (const s of this.symbols) {
      const last = this.candles.history(s, "1m", 1)[0];
      if (last !== undefined) lastPrices.set(s, last.close);
    }
    if (lastPrices.size > 0) {
      feed.resumeFrom?.(lastPrices);
      return;
    }
    if (feed.backfill === undefined) return;
    const now = this.options.clock.now();
    for (const tick of feed.backfill(now - BACKFILL_MS, now)) {
      if (!this.symbolSet.has(tick.symbol)) continue;
      for (const candle of this.candles.onTick(tick)) this.options.store.enqueue({ kind: "candle", candle });
    }
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
    this.stopFeed();
  }

  /** The symbol's price increment, or null when the feed does not say (a recorded file). */
  tickSize(symbol: string): number | null {
    return this.symbolSet.has(symbol) ? (this.options.feed.tickSize?.(symbol) ?? null) : null;
  }

  status(): EngineStatus {
    return {
      state: this.lifecycle.state,
      killswitch: this.killswitch(),
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
    if ((command === "restart" || command === "start") && this.feedStatus !== "running") this.startFeed();
    await this.trading?.onTransition(command, from, to);
  }

  /**
   * Account, positions, cooldowns and recent decisions come back from the store. Paper orders that
   * were open when the process died cannot be resumed truthfully, so they are recorded as cancelled.
   */
  private async restoreTrading(trading: TradingCore): Promise<void> {
    const now = this.options.clock.now();
    const accountId = trading.portfolio.account().id;
    const windowMs = Math.max(RECOVERY_WINDOW_MS, this.options.trading?.decisions.cooldownMs ?? 0);
    const state = await this.options.store.loadTradingState(accountId, now - windowMs);
    trading.restore(state);
    this.restoreRisk(trading, state.riskStates);
    for (const order of state.openOrders)
      this.options.store.enqueue({
        kind: "order",
        order: { ...order, status: "CANCELLED", rejectReason: "PROCESS_RESTART", updatedAt: now },
      });
    if (state.account !== null || state.positions.length > 0)
      this.log.info(
        {
          positions: state.positions.length,
          cancelledOrders: state.openOrders.length,
          decisions: state.recentDecisions.length,
        },
        "trading state restored",
      );
  }

  private restoreRisk(trading: TradingCore, states: Readonly<Record<string, unknown>>): void {
    const risk = this.risk;
    if (risk === null) return;
    const account = trading.portfolio.account();
    // Without a saved profit watch, it starts from the restored account's start and peak.
    risk.profit.restore({
      ...risk.profit.snapshot(),
      startEquity: account.startEquity,
      peakEquity: account.peakEquity,
    });
    risk.restore(states);
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
