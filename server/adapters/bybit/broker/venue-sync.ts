import type { EventBus } from "../../../engine/bus";
import type { Clock, TimerId } from "../../../engine/clock";
import type { EngineEvent, ReconciliationEvent } from "../../../engine/events";
import type { Position } from "../../../engine/model/trading";
import type { EngineStore } from "../../../engine/ports";
import type { TradingCore } from "../../../engine/trading/trading-core";
import type { VenueView } from "../../../engine/trading/venue-view";
import type { PositionItem } from "../v5/account-items";
import type { BybitBroker, BybitBrokerLogger, VenueAccount } from "./bybit-broker";
import { type Difference, reconcile } from "./reconciliation";

export interface VenueSyncOptions {
  readonly broker: BybitBroker;
  readonly clock: Clock;
  readonly symbols: readonly string[];
  readonly logger?: BybitBrokerLogger;
  /** While not reconciled, try again this often. */
  readonly retryMs?: number;
}

/** The venue sync's state for /health, /trading/why and the dashboard: plain data. */
export interface VenueSyncStatus {
  readonly privateStream: "up" | "down";
  readonly downSince: number | null;
  readonly deadManTripped: boolean;
  readonly reconciled: boolean;
  readonly reconciling: boolean;
  readonly lastReconciledAt: number | null;
  readonly reconciliations: number;
  readonly lastError: string | null;
  readonly lastDifferences: ReconciliationEvent["differences"];
  /** Symbols held back until a person reviews them, with why. */
  readonly unexplained: readonly { readonly symbol: string; readonly reason: string; readonly since: number }[];
  readonly account: VenueAccount | null;
}

/** How far before the oldest thing HEAN knows of (an open order, its last fill) the executions are read. */
const EXECUTION_MARGIN_MS = 15 * 60_000;
/** Bybit's execution list reaches back at most 7 days. */
const EXECUTION_HORIZON_MS = 7 * 24 * 3_600_000;
const STATE_ID = "venue_sync";

/**
 * Keeps HEAN's book in agreement with Bybit's: on start and after every reconnect of the private
 * stream, reads Bybit's open orders, fills and positions, applies the differences (Bybit's word
 * wins), adopts the wallet balance, and publishes what it found. Until that has succeeded, and
 * whenever the stream is down, the decisions open nothing (exits still go). A position or order
 * HEAN cannot explain holds its symbol back until a person acknowledges it; that hold survives a
 * restart.
 */
export class VenueSync {
  private reconciled = false;
  private running: Promise<void> | null = null;
  private again = false;
  private retryTimer: TimerId | null = null;
  private lastReconciledAt: number | null = null;
  private reconciliations = 0;
  private lastError: string | null = null;
  private lastDifferences: ReconciliationEvent["differences"] = [];
  private readonly unexplained = new Map<string, Hold>();
  /** Foreign orders a person has reviewed: they no longer hold their symbol while they stay open. */
  private acknowledged = new Set<string>();
  private account: VenueAccount | null = null;
  private trading: TradingCore | null = null;
  private bus: EventBus<EngineEvent> | null = null;
  private store: EngineStore | null = null;
  private readonly symbols: ReadonlySet<string>;

  constructor(private readonly o: VenueSyncOptions) {
    this.symbols = new Set(o.symbols);
  }

  /** For the decisions: nothing opens until reconciled, nor while the stream is down. */
  view(): VenueView {
    const { connected } = this.o.broker.exchangeState();
    return {
      blockedAll: !connected ? "EXCHANGE_UNREACHABLE" : !this.reconciled ? "EXCHANGE_NOT_RECONCILED" : null,
      unexplained: new Set(this.unexplained.keys()),
    };
  }

  status(): VenueSyncStatus {
    const exchange = this.o.broker.exchangeState();
    return {
      privateStream: exchange.connected ? "up" : "down",
      downSince: exchange.downSince,
      deadManTripped: exchange.deadManTripped,
      reconciled: this.reconciled,
      reconciling: this.running !== null,
      lastReconciledAt: this.lastReconciledAt,
      reconciliations: this.reconciliations,
      lastError: this.lastError,
      lastDifferences: this.lastDifferences,
      unexplained: [...this.unexplained].map(([symbol, u]) => ({ symbol, reason: u.reason, since: u.since })),
      account: this.account,
    };
  }

  /**
   * Starts after the engine has booted (its restored orders handed to the broker): restores the
   * held-back symbols, then reconciles whenever the private stream comes up.
   */
  async start(engine: {
    readonly trading: TradingCore;
    readonly bus: EventBus<EngineEvent>;
    readonly store: EngineStore;
  }): Promise<void> {
    this.trading = engine.trading;
    this.bus = engine.bus;
    this.store = engine.store;
    const saved = (await engine.store.loadTradingState(engine.trading.portfolio.accountId, this.o.clock.now()))
      .riskStates[STATE_ID];
    const holds = savedHolds(saved);
    for (const u of holds.unexplained) this.unexplained.set(u.symbol, u);
    this.acknowledged = new Set(holds.acknowledged);
    this.o.broker.onConnection((up) => {
      if (up) this.requestReconcile("reconnect");
      else this.reconciled = false;
    });
    if (this.o.broker.exchangeState().connected) this.requestReconcile("start");
  }

  stop(): void {
    if (this.retryTimer !== null) this.o.clock.clearTimer(this.retryTimer);
    this.retryTimer = null;
  }

  /** A person has reviewed what Bybit showed on the symbol: HEAN may open there again. */
  acknowledge(symbol: string, actor: string): boolean {
    const held = this.unexplained.get(symbol);
    if (held === undefined) return false;
    this.unexplained.delete(symbol);
    for (const id of held.orderIds) this.acknowledged.add(id);
    this.saveHolds();
    this.o.logger?.info({ symbol, actor, reason: held.reason }, "bybit: unexplained symbol acknowledged");
    return true;
  }

  /** Runs a reconciliation now, or once more after the one running (a reconnect during a read). */
  requestReconcile(trigger: string): Promise<void> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    // Never a rejection: whatever goes wrong, HEAN stays unreconciled (no entries) and says why.
    this.running = this.run(trigger)
      .catch((error: unknown) =>
        this.failed(trigger, `the reconciliation failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.requestReconcile("reconnect");
        }
      });
    return this.running;
  }

  private async run(trigger: string): Promise<void> {
    const trading = this.trading;
    if (trading === null) return;
    const { broker, clock } = this.o;
    const now = clock.now();
    const localOpen = broker.openOrders();
    const since = Math.max(
      now - EXECUTION_HORIZON_MS,
      Math.min(now, trading.activity.lastFillAt ?? now, ...localOpen.map((o) => o.createdAt)) - EXECUTION_MARGIN_MS,
    );
    const venue = await broker.readVenueBook(
      since,
      localOpen.map((o) => o.clientOrderId),
    );
    const account = venue === null ? null : await broker.readAccount();
    if (venue === null || account === null)
      return this.failed(trigger, "Bybit did not answer the reconciliation's reads");
    const hedged = venue.positions.find((p) => p.positionIdx !== 0);
    if (hedged !== undefined)
      return this.failed(
        trigger,
        `the account is in hedge mode (${hedged.symbol} positionIdx ${hedged.positionIdx}); HEAN trades one-way mode only: switch the position mode to one-way in Bybit`,
      );
    const positions = venue.positions.filter((p) => this.symbols.has(p.symbol) && p.size > 0);
    // Reviewed foreign orders stop counting once they are gone; while open they hold nothing.
    const venueIds = new Set(venue.openOrders.map((o) => o.orderId));
    this.acknowledged = new Set([...this.acknowledged].filter((id) => venueIds.has(id)));
    const result = reconcile(
      {
        openOrders: broker.openOrders(),
        positions: trading.portfolio.positions(),
        hasFill: (id) => broker.knowsExecution(id),
      },
      {
        ...venue,
        openOrders: venue.openOrders.filter((o) => this.symbols.has(o.symbol) && !this.acknowledged.has(o.orderId)),
        positions,
      },
    );
    broker.applyDifferences(result.differences);
    for (const d of result.differences) {
      if (d.kind !== "POSITION_MISMATCH") continue;
      const item = positions.find((p) => p.symbol === d.symbol);
      trading.replacePosition(d.symbol, item === undefined ? null : positionOf(item, trading, clock.now()));
    }
    for (const symbol of result.blockedSymbols)
      if (!this.unexplained.has(symbol))
        this.unexplained.set(symbol, {
          symbol,
          reason: holdReason(result.differences, symbol),
          since: clock.now(),
          orderIds: foreignOrderIds(result.differences, symbol),
        });
    if (result.blockedSymbols.length > 0) this.saveHolds();
    const differences = result.differences.map(inWords);
    const balanceBefore = trading.portfolio.snapshot().balance;
    if (Math.abs(balanceBefore - account.walletBalance) > 1e-6) {
      trading.setBalance(account.walletBalance);
      differences.push({
        kind: "BALANCE_ADJUSTED",
        symbol: "",
        detail: `wallet balance ${account.walletBalance} USDT at Bybit; HEAN had ${round(balanceBefore)}`,
      });
    }
    this.account = account;
    this.reconciled = true;
    this.lastReconciledAt = clock.now();
    this.reconciliations++;
    this.lastError = null;
    this.lastDifferences = differences;
    this.stop();
    if (differences.length > 0)
      this.o.logger?.warn({ trigger, differences }, "bybit: reconciliation found differences; Bybit's word applied");
    this.publish({ trigger, ok: true, differences, blockedSymbols: [...this.unexplained.keys()].sort(), error: null });
  }

  private failed(trigger: string, error: string): void {
    this.reconciled = false;
    this.lastError = error;
    this.o.logger?.warn({ trigger, error }, "bybit: reconciliation could not finish; no new orders until it does");
    this.publish({ trigger, ok: false, differences: [], blockedSymbols: [...this.unexplained.keys()].sort(), error });
    if (this.retryTimer === null)
      this.retryTimer = this.o.clock.setRepeating(() => {
        if (this.o.broker.exchangeState().connected) void this.requestReconcile("retry");
      }, this.o.retryMs ?? 10_000);
  }

  private publish(e: Omit<ReconciliationEvent, "type" | "at">): void {
    this.bus?.publish({ type: "RECONCILIATION", at: this.o.clock.now(), ...e });
  }

  private saveHolds(): void {
    this.store?.enqueue({
      kind: "risk_state",
      id: STATE_ID,
      at: this.o.clock.now(),
      snapshot: { unexplained: [...this.unexplained.values()], acknowledged: [...this.acknowledged] },
    });
  }
}

interface Hold {
  readonly symbol: string;
  readonly reason: string;
  readonly since: number;
  /** The foreign orders behind the hold, reviewed together when a person acknowledges it. */
  readonly orderIds: readonly string[];
}

/** The saved holds, as far as they can be read: a damaged snapshot holds nothing it cannot name. */
function savedHolds(saved: unknown): { unexplained: Hold[]; acknowledged: string[] } {
  const s = saved as { unexplained?: unknown; acknowledged?: unknown } | undefined;
  const list = Array.isArray(s?.unexplained) ? (s.unexplained as unknown[]) : [];
  const unexplained = list.flatMap((u) => {
    const x = u as Partial<Record<keyof Hold, unknown>> | null;
    if (typeof x?.symbol !== "string" || typeof x.reason !== "string" || typeof x.since !== "number") return [];
    const orderIds = Array.isArray(x.orderIds) ? x.orderIds.filter((id): id is string => typeof id === "string") : [];
    return [{ symbol: x.symbol, reason: x.reason, since: x.since, orderIds }];
  });
  const acknowledged = Array.isArray(s?.acknowledged)
    ? s.acknowledged.filter((id): id is string => typeof id === "string")
    : [];
  return { unexplained, acknowledged };
}

function foreignOrderIds(differences: readonly Difference[], symbol: string): string[] {
  return differences.flatMap((d) => (d.kind === "FOREIGN_ORDER" && d.venue.symbol === symbol ? [d.venue.orderId] : []));
}

/** Bybit's position in HEAN's terms; HEAN's own stop and target stay when it held the same side. */
function positionOf(item: PositionItem, trading: TradingCore, now: number): Position | null {
  if (item.side === "" || !(item.size > 0)) return null;
  const side = item.side === "Buy" ? "LONG" : "SHORT";
  const local = trading.portfolio.position(item.symbol);
  const kept = local?.side === side ? local : undefined;
  return {
    symbol: item.symbol,
    side,
    qty: item.size,
    entryPrice: item.avgPrice ?? item.entryPrice ?? item.markPrice ?? 0,
    realizedPnl: kept?.realizedPnl ?? 0,
    stopLoss: item.stopLoss !== null && item.stopLoss > 0 ? item.stopLoss : (kept?.stopLoss ?? null),
    takeProfit: item.takeProfit !== null && item.takeProfit > 0 ? item.takeProfit : (kept?.takeProfit ?? null),
    openedAt: kept?.openedAt ?? item.createdTime ?? now,
    updatedAt: now,
  };
}

function holdReason(differences: readonly Difference[], symbol: string): string {
  const d = differences.find((x) => inWords(x).symbol === symbol && x.kind !== "MISSED_FILL");
  return d === undefined ? "unexplained" : inWords(d).detail;
}

const round = (x: number) => Number(x.toFixed(8));

function inWords(d: Difference): ReconciliationEvent["differences"][number] {
  switch (d.kind) {
    case "MISSED_FILL":
      return {
        kind: d.kind,
        symbol: d.execution.symbol,
        detail: `fill ${d.execution.execId} of ${d.execution.orderLinkId}: ${d.execution.side} ${d.execution.execQty} at ${d.execution.execPrice}, recovered`,
      };
    case "ORDER_ENDED_AT_VENUE":
      return {
        kind: d.kind,
        symbol: d.venue?.symbol ?? "",
        detail: `order ${d.clientOrderId} ${d.venue === null ? "was never placed at Bybit" : `is ${d.venue.orderStatus} at Bybit`}`,
      };
    case "UNTRACKED_ORDER":
      return {
        kind: d.kind,
        symbol: d.venue.symbol,
        detail: `HEAN order ${d.venue.orderLinkId} open at Bybit without a record here: tracked again`,
      };
    case "FOREIGN_ORDER":
      return {
        kind: d.kind,
        symbol: d.venue.symbol,
        detail: `order ${d.venue.orderId} (${d.venue.side} ${d.venue.qty}) was not placed by HEAN`,
      };
    case "POSITION_MISMATCH":
      return {
        kind: d.kind,
        symbol: d.symbol,
        detail: `Bybit holds ${d.venue}, HEAN's fills explain ${d.local}: Bybit's position adopted`,
      };
  }
}
