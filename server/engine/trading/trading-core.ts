import type { EventBus } from "../bus";
import type { Clock, TimerId } from "../clock";
import {
  type DecisionContext,
  type DecisionSettings,
  decide,
  type EntryBlockers,
  entryBlockers,
  type RiskView,
} from "../decision/decision-pipeline";
import type { EngineEvent } from "../events";
import { FillsVsBook } from "../execution/fills-vs-book";
import type { EngineCommand, EngineState } from "../model/engine-state";
import type { Candle, Tick } from "../model/market";
import type { DecisionRecord } from "../model/records";
import type { Order, OrderRequest, OrderUpdate, Position } from "../model/trading";
import type { Portfolio } from "../portfolio/portfolio";
import { ProtectiveExits } from "../portfolio/protective-exits";
import type { EngineStore, TradingState } from "../ports";
import type { MultiSymbolScanner } from "../scanner/multi-symbol-scanner";
import type { SymbolMetricsTracker } from "../scanner/symbol-metrics";
import { warmUpStrategy } from "../strategy/registry";
import type { Signal, Strategy, StrategyContext } from "../strategy/strategy";
import { ActivityLog } from "./activity-log";
import type { Allocation, Allocator } from "./allocator";
import type { Broker } from "./broker-port";
import type { FundingSettlement } from "./funding-settlement";
import { VENUE_OK, type VenueView } from "./venue-view";

export interface TradingCoreOptions {
  readonly clock: Clock;
  readonly bus: EventBus<EngineEvent>;
  readonly store: EngineStore;
  readonly broker: Broker;
  readonly portfolio: Portfolio;
  /** Strategy instances per symbol; a symbol absent here has no strategy enabled. */
  readonly strategies: ReadonlyMap<string, readonly Strategy[]>;
  readonly decisions: DecisionSettings;
  readonly scanner: MultiSymbolScanner;
  readonly metrics: SymbolMetricsTracker;
  readonly engineState: () => EngineState;
  readonly risk: () => RiskView;
  readonly profitLocked: () => boolean;
  readonly equitySnapshotMs: number;
  /** An exchange broker's reconciliation state; paper trading has none (VENUE_OK). */
  readonly venue?: () => VenueView;
  /** Paper perpetuals: funding settled on the positions at funding times (the exchange settles its own). */
  readonly funding?: FundingSettlement;
  /** Paper perpetuals: close everything at market once equity falls to the maintenance margin. */
  readonly liquidation?: boolean;
  /** The allocation rule sizing uses across symbols; without it, every symbol gets the equal share. */
  readonly allocator?: Allocator;
}

/**
 * The trading funnel: bar → strategies → signal → decision → order → fill → portfolio. Every step
 * is an event on the bus and a record for the store; every decline carries its reason codes.
 */
export class TradingCore {
  readonly activity = new ActivityLog();
  /** Each fill against the top of the book it happened on (paper's honesty on a live market). */
  readonly fillsVsBook = new FillsVsBook();
  private readonly ticks = new Map<string, Tick>();
  private readonly protective: ProtectiveExits;
  private readonly lastEntryAt = new Map<string, number>();
  private readonly mids = new Map<string, number>();
  private sequence = 0;
  /** The decision settings in force (an adaptation may change some of them live). */
  private decisions: DecisionSettings;
  /** Symbols an adaptation switched off: no new entry there. */
  private readonly switchedOff = new Set<string>();
  private snapshotTimer: TimerId | null = null;

  constructor(private readonly o: TradingCoreOptions) {
    this.decisions = { ...o.decisions };
    this.protective = new ProtectiveExits();
    o.broker.connect((update) => this.onOrderUpdate(update));
  }

  get portfolio(): Portfolio {
    return this.o.portfolio;
  }

  get broker(): Broker {
    return this.o.broker;
  }

  /** The allocation rule sizing uses, when there is one. */
  get allocator(): Allocator | undefined {
    return this.o.allocator;
  }

  /** The decision settings in force. */
  decisionSettings(): DecisionSettings {
    return this.decisions;
  }

  /** Changes live decision settings; only the adaptation gate calls this, within its limits. */
  tuneDecisions(patch: Partial<Pick<DecisionSettings, "minConfidence" | "riskPerTradePct">>): void {
    this.decisions = { ...this.decisions, ...patch };
  }

  symbolSwitchedOn(symbol: string): boolean {
    return !this.switchedOff.has(symbol);
  }

  /** Switches new entries on a symbol off or on (exits still go); only the adaptation gate calls this. */
  switchSymbol(symbol: string, on: boolean): void {
    if (on) this.switchedOff.delete(symbol);
    else this.switchedOff.add(symbol);
  }

  /** The allocation rule's current weights and mode; null without one. */
  allocation(): { readonly mode: "volatility" | "equal"; readonly weights: readonly Allocation[] } | null {
    const a = this.o.allocator;
    return a === undefined ? null : { mode: a.mode, weights: a.current() };
  }

  /** Symbols whose last entry is more recent than the cooldown, with the time each one ends. */
  cooldowns(now: number): { symbol: string; until: number }[] {
    const out: { symbol: string; until: number }[] = [];
    for (const [symbol, at] of this.lastEntryAt) {
      const until = at + this.decisions.cooldownMs;
      if (until > now) out.push({ symbol, until });
    }
    return out.sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  start(): void {
    if (this.snapshotTimer !== null) return;
    this.snapshotTimer = this.o.clock.setRepeating(() => this.snapshotEquity(), this.o.equitySnapshotMs);
  }

  stop(): void {
    if (this.snapshotTimer !== null) this.o.clock.clearTimer(this.snapshotTimer);
    this.snapshotTimer = null;
  }

  onTick(tick: Tick): void {
    const mid = (tick.bid + tick.ask) / 2;
    this.mids.set(tick.symbol, mid);
    this.ticks.set(tick.symbol, tick);
    this.o.portfolio.mark(tick.symbol, mid);
    this.o.broker.onTick(tick);
    const funding = this.o.funding;
    if (funding !== undefined) {
      funding.observe(tick.symbol, mid, tick.ts);
      if (funding.due(tick.ts)) this.settleFunding(funding);
    }
    const position = this.o.portfolio.position(tick.symbol);
    if (position !== undefined) {
      if (this.o.liquidation === true && this.o.portfolio.liquidatable()) this.liquidate();
      const exit = this.protective.check(tick, position, this.o.broker);
      if (exit !== null) this.submit(exit);
    }
    const strategies = this.o.strategies.get(tick.symbol);
    if (strategies === undefined) return;
    for (const strategy of strategies) {
      if (strategy.onTick === undefined) continue;
      const signal = strategy.onTick(tick, this.contextFor(tick.symbol));
      if (signal) this.onSignal(signal);
    }
  }

  /** Closed 1-minute bars drive the strategies. Indicators stay warm whatever the engine state. */
  onBar(bar: Candle): void {
    if (bar.timeframe !== "1m") return;
    const allocator = this.o.allocator;
    if (allocator?.onBar(bar) === true)
      this.o.bus.publish({
        type: "ALLOCATION",
        at: this.o.clock.now(),
        mode: allocator.mode,
        weights: allocator.current(),
      });
    const strategies = this.o.strategies.get(bar.symbol);
    if (strategies === undefined) return;
    const ctx = this.contextFor(bar.symbol);
    for (const strategy of strategies) {
      const signal = strategy.onBar?.(bar, ctx);
      if (signal) this.onSignal(signal);
    }
  }

  private contextFor(symbol: string): StrategyContext {
    const position = this.o.portfolio.position(symbol);
    return {
      symbol,
      clock: this.o.clock,
      regime: this.o.scanner.scan(symbol)?.regime ?? null,
      metrics: this.o.metrics.get(symbol, this.o.clock.now()),
      position:
        position === undefined ? null : { side: position.side, qty: position.qty, entryPrice: position.entryPrice },
    };
  }

  /** Lifecycle effects on trading: stop and kill cancel every open order. */
  async onTransition(command: EngineCommand, from: EngineState, to: EngineState): Promise<void> {
    if (command === "kill" || to === "STOPPED")
      this.o.broker.cancelAll(command === "kill" ? "KILLSWITCH" : "ENGINE_STOPPED");
    if (to === "RUNNING") this.start();
    if ((from === "RUNNING") !== (to === "RUNNING")) this.publishStrategyStates(to === "RUNNING" ? "active" : "idle");
  }

  private publishStrategyStates(state: "active" | "idle"): void {
    const at = this.o.clock.now();
    for (const [symbol, strategies] of this.o.strategies)
      for (const s of strategies) this.o.bus.publish({ type: "STRATEGY_STATE", at, strategyId: s.id, symbol, state });
  }

  /** Runs restored history through the strategies so their indicators are warm before live bars. */
  warmUp(history: (symbol: string) => readonly Candle[]): void {
    for (const [symbol, strategies] of this.o.strategies)
      for (const strategy of strategies) warmUpStrategy(strategy, symbol, history(symbol), this.o.clock);
  }

  /** Restores the account, positions, cooldowns and the 5-minute decision history after a restart. */
  restore(state: TradingState): void {
    this.o.portfolio.restore({ account: state.account, positions: state.positions });
    this.activity.restore(state.recentDecisions, state.lastFillAt);
    for (const d of state.recentDecisions)
      if (d.decision === "CREATE" && d.strategyId !== "protective_exit") this.lastEntryAt.set(d.symbol, d.at);
  }

  /**
   * Closes `share` (0..1] of every open position (profit capture, a HARD_STOP flatten); each close
   * is a decision of strategy `actor`. Returns what it closed, in words.
   */
  closeAll(share: number, actor: string): string {
    const closed: string[] = [];
    for (const p of this.o.portfolio.positions()) {
      const order = this.closePosition(p.symbol, actor, share, actor);
      if (order !== null) closed.push(`${p.side} ${order.qty} ${p.symbol}`);
    }
    return closed.length === 0 ? "no open position" : `closed ${closed.join(", ")}`;
  }

  /**
   * A trader closes a position by hand: a reduce-only market order for all of it (or `share` of it),
   * recorded as a decision of strategy "manual". Returns null when there is no position.
   */
  closePosition(symbol: string, actor: string, share = 1, strategyId = "manual"): Order | null {
    const position = this.o.portfolio.position(symbol);
    if (position === undefined) return null;
    const qty = share >= 1 ? position.qty : Number((position.qty * share).toPrecision(6));
    if (!(qty > 0)) return null;
    const now = this.o.clock.now();
    const id = this.nextId(now);
    const side = position.side === "LONG" ? "SELL" : "BUY";
    const decision: DecisionRecord = {
      id,
      at: now,
      symbol,
      strategyId,
      decision: "CREATE",
      reasonCodes: [],
      gatingFlags: {},
      marketRegime: this.o.scanner.scan(symbol)?.regime ?? "STALE_DATA",
      marketMetrics: {},
      side,
      score: 1,
      confidence: 1,
      orderId: `hean-${id}`,
    };
    this.activity.onDecision(decision);
    this.o.store.enqueue({ kind: "decision", decision });
    this.o.bus.publish({ type: "ORDER_DECISION", decision });
    return this.o.broker.submit({
      clientOrderId: `hean-${id}`,
      symbol,
      side,
      type: "MARKET",
      qty,
      reduceOnly: true,
      strategyId: strategyId === "manual" ? `manual:${actor}` : strategyId,
      decisionId: id,
    });
  }

  /** Every position pays or receives funding at its mark; each payment recorded and published. */
  private settleFunding(funding: FundingSettlement): void {
    const o = this.o;
    let settled = false;
    for (const p of o.portfolio.positions()) {
      const rate = funding.rate(p.symbol);
      if (rate === null) continue;
      const payment = o.portfolio.applyFunding(p.symbol, rate.rate);
      if (payment === null) continue;
      settled = true;
      o.store.enqueue({ kind: "funding", payment });
      o.bus.publish({ type: "FUNDING_SETTLED", payment, source: rate.source });
    }
    if (settled) o.store.enqueue({ kind: "account", account: o.portfolio.account() });
  }

  /**
   * Equity at the maintenance margin: the exchange would take every position. Paper does the same
   * with reduce-only market orders (strategy "liquidation"), once per position until it is closed.
   */
  private liquidate(): void {
    const open = this.o.broker.openOrders();
    for (const p of this.o.portfolio.positions()) {
      if (open.some((x) => x.symbol === p.symbol && x.reduceOnly)) continue;
      this.closePosition(p.symbol, "liquidation", 1, "liquidation");
    }
  }

  /** The exchange's position replaces HEAN's (a reconciliation's verdict): recorded and published. */
  replacePosition(symbol: string, position: Position | null): void {
    const o = this.o;
    o.portfolio.replacePosition(symbol, position);
    o.store.enqueue({ kind: "position", symbol, position });
    o.store.enqueue({ kind: "account", account: o.portfolio.account() });
    o.bus.publish({ type: "POSITION_CHANGED", at: o.clock.now(), symbol, position, realizedPnl: 0 });
  }

  /** The exchange's wallet balance replaces HEAN's computed one (a reconciliation's verdict). */
  setBalance(balance: number): void {
    this.o.portfolio.setBalance(balance);
    this.o.store.enqueue({ kind: "account", account: this.o.portfolio.account() });
  }

  cancelOrder(clientOrderId: string, actor: string): boolean {
    return this.o.broker.cancel(clientOrderId, `CANCELLED_BY_${actor.toUpperCase()}`);
  }

  /** What would hold back a new entry on the symbol right now (the decision's own gates). */
  entryBlockers(symbol: string): EntryBlockers {
    return entryBlockers(symbol, this.decisionContext(symbol, this.o.clock.now(), null), this.decisions);
  }

  /** What a decision on this symbol reads: one place, for real signals and for entryBlockers. */
  private decisionContext(symbol: string, now: number, strategyId: string | null): DecisionContext {
    const o = this.o;
    const portfolio = o.portfolio.snapshot();
    const enabled = o.strategies.get(symbol) ?? [];
    return {
      now,
      engineState: o.engineState(),
      risk: o.risk(),
      profitLocked: o.profitLocked(),
      regime: o.scanner.scan(symbol)?.regime ?? null,
      metrics: o.metrics.get(symbol, now),
      symbolEnabled:
        !this.switchedOff.has(symbol) &&
        (strategyId === null ? enabled.length > 0 : enabled.some((s) => s.id === strategyId)),
      position: o.portfolio.position(symbol),
      hasOpenOrder: o.broker.openOrders().some((x) => x.symbol === symbol),
      openPositions: portfolio.positions.length,
      lastEntryAt: this.lastEntryAt.get(symbol),
      equity: portfolio.equity,
      marginFree: portfolio.marginFree,
      price: this.mids.get(symbol),
      venue: o.venue?.() ?? VENUE_OK,
      allocation: o.allocator?.scale(symbol) ?? 1,
    };
  }

  private onSignal(signal: Signal): void {
    const o = this.o;
    const now = o.clock.now();
    this.activity.onSignal(signal.ts);
    o.bus.publish({ type: "SIGNAL", signal });
    const { record, order } = decide(
      { id: this.nextId(now), signal, ...this.decisionContext(signal.symbol, now, signal.strategyId) },
      this.decisions,
    );
    this.activity.onDecision(record);
    o.store.enqueue({ kind: "decision", decision: record });
    o.bus.publish({ type: "ORDER_DECISION", decision: record });
    if (order === null) return;
    if (signal.intent === "entry") this.lastEntryAt.set(signal.symbol, now);
    this.submit(order);
  }

  private submit(request: OrderRequest): void {
    this.o.broker.submit(request);
  }

  private onOrderUpdate(update: OrderUpdate): void {
    const o = this.o;
    const now = o.clock.now();
    this.activity.onOrderUpdate(update, now);
    o.store.enqueue({ kind: "order", order: update.order });
    if (update.type === "ORDER_FILLED") {
      const fill = update.fill;
      const order = update.order;
      // Protection attaches only when this fill opens, adds to or flips into the order's side.
      const effect = o.portfolio.applyFill(fill, order.reduceOnly ? {} : order);
      this.fillsVsBook.onFill(fill, this.ticks.get(fill.symbol));
      const after = o.portfolio.position(fill.symbol) ?? null;
      o.store.enqueue({ kind: "fill", fill });
      o.store.enqueue({ kind: "position", symbol: fill.symbol, position: after });
      o.store.enqueue({ kind: "account", account: o.portfolio.account() });
      o.bus.publish({ type: "ORDER_UPDATE", at: now, update });
      o.bus.publish({
        type: "POSITION_CHANGED",
        at: now,
        symbol: fill.symbol,
        position: after,
        realizedPnl: effect.realizedPnl,
      });
      return;
    }
    o.bus.publish({ type: "ORDER_UPDATE", at: now, update });
  }

  private snapshotEquity(): void {
    const snapshot = this.o.portfolio.equitySnapshot();
    this.o.store.enqueue({ kind: "equity", snapshot });
    this.o.store.enqueue({ kind: "account", account: this.o.portfolio.account() });
    this.o.bus.publish({ type: "EQUITY", snapshot });
  }

  private nextId(now: number): string {
    this.sequence = (this.sequence + 1) % 1_000_000;
    return `${now.toString(36)}-${this.sequence.toString(36).padStart(4, "0")}`;
  }
}
