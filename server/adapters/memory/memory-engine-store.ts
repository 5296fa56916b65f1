import type { EngineTransitionRecord } from "../../engine/model/engine-state";
import type { Candle, Timeframe } from "../../engine/model/market";
import type {
  AccountRecord,
  AuditRecord,
  ChangelogRecord,
  DecisionRecord,
  EquitySnapshotRecord,
  FundingPayment,
} from "../../engine/model/records";
import type { Fill, Order, Position } from "../../engine/model/trading";
import {
  type EngineStore,
  RECENT_FILL_IDS_LIMIT,
  RECENT_FILL_IDS_WINDOW_MS,
  type StoreRecord,
  type TradingState,
} from "../../engine/ports";
import type { RiskTransition } from "../../engine/risk/risk-governor";
import type { StoreHealth } from "../db/store-health";
import { sortOrders, sortPositions } from "./trading-state-order";

/**
 * EngineStore kept in process memory, for tests and benchmarks (persistence off). Records are
 * applied on enqueue, so nothing is ever pending. Same rules as the database store: candles are
 * upserted by (symbol, timeframe, openTime), orders by client order id, positions by symbol (null
 * deletes), accounts by id; decisions and fills are kept once per id (the first wins); transitions
 * and equity snapshots are appended. History (decisions, fills, snapshots) is kept whole.
 */
export class MemoryEngineStore implements EngineStore {
  private readonly series = new Map<string, Map<number, Candle>>();
  private readonly transitionLog: EngineTransitionRecord[] = [];
  private readonly changelogLog: ChangelogRecord[] = [];
  private readonly auditLog: AuditRecord[] = [];
  private readonly decisionLog: DecisionRecord[] = [];
  private readonly decisionIds = new Set<string>();
  private readonly orderMap = new Map<string, Order>();
  private readonly fillMap = new Map<string, Fill>();
  private readonly fundingMap = new Map<string, FundingPayment>();
  private readonly positionMap = new Map<string, Position>();
  private readonly accountMap = new Map<string, AccountRecord>();
  private readonly equityLog: EquitySnapshotRecord[] = [];
  private readonly riskEventLog: RiskTransition[] = [];
  private readonly riskStateMap = new Map<string, string>();
  private lastFillAt: number | null = null;
  private recordCount = 0;

  enqueue(record: StoreRecord): void {
    this.recordCount++;
    switch (record.kind) {
      case "candle": {
        const c = record.candle;
        const key = seriesKey(c.symbol, c.timeframe);
        let bars = this.series.get(key);
        if (!bars) {
          bars = new Map();
          this.series.set(key, bars);
        }
        bars.set(c.openTime, c);
        return;
      }
      case "engine_transition":
        this.transitionLog.push(record.transition);
        return;
      case "changelog":
        this.changelogLog.push(record.entry);
        return;
      case "audit":
        this.auditLog.push(record.entry);
        return;
      case "decision":
        if (this.decisionIds.has(record.decision.id)) return;
        this.decisionIds.add(record.decision.id);
        this.decisionLog.push(record.decision);
        return;
      case "order":
        this.orderMap.set(record.order.clientOrderId, record.order);
        return;
      case "fill": {
        const f = record.fill;
        if (this.fillMap.has(f.id)) return;
        this.fillMap.set(f.id, f);
        if (this.lastFillAt === null || f.ts > this.lastFillAt) this.lastFillAt = f.ts;
        return;
      }
      case "funding": {
        const key = `${record.payment.symbol}@${record.payment.at}`;
        if (!this.fundingMap.has(key)) this.fundingMap.set(key, record.payment);
        return;
      }
      case "position":
        if (record.position === null) this.positionMap.delete(record.symbol);
        else this.positionMap.set(record.symbol, record.position);
        return;
      case "account":
        this.accountMap.set(record.account.id, record.account);
        return;
      case "equity":
        this.equityLog.push(record.snapshot);
        return;
      case "risk_event":
        this.riskEventLog.push(record.event);
        return;
      case "risk_state":
        // Kept as the database keeps it: JSON text, so a restore never shares objects with the live state.
        this.riskStateMap.set(record.id, JSON.stringify(record.snapshot));
        return;
    }
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  async loadCandles(symbol: string, timeframe: Timeframe, limit: number): Promise<Candle[]> {
    if (limit <= 0) return [];
    const bars = [...(this.series.get(seriesKey(symbol, timeframe))?.values() ?? [])];
    bars.sort((a, b) => a.openTime - b.openTime);
    return bars.slice(-Math.floor(limit));
  }

  async loadTradingState(accountId: string, since: number): Promise<TradingState> {
    return {
      account: this.accountMap.get(accountId) ?? null,
      positions: sortPositions([...this.positionMap.values()]),
      openOrders: sortOrders(
        [...this.orderMap.values()].filter((o) => o.status === "NEW" || o.status === "PARTIALLY_FILLED"),
      ),
      // Stable sort: decisions of the same millisecond stay in write order.
      recentDecisions: this.decisionLog.filter((d) => !(d.at < since)).sort((a, b) => a.at - b.at),
      lastFillAt: this.lastFillAt,
      recentFillIds: this.recentFillIds(),
      riskStates: Object.fromEntries([...this.riskStateMap].map(([id, json]) => [id, JSON.parse(json) as unknown])),
    };
  }

  private recentFillIds(): string[] {
    if (this.lastFillAt === null) return [];
    const from = this.lastFillAt - RECENT_FILL_IDS_WINDOW_MS;
    const recent = [...this.fillMap.values()]
      .filter((f) => f.ts >= from)
      .sort((a, b) => a.ts - b.ts || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return recent.slice(-RECENT_FILL_IDS_LIMIT).map((f) => f.id);
  }

  pendingCount(): number {
    return 0;
  }
  /** Nothing is ever pending or refused in memory. */
  health(): StoreHealth {
    return {
      pending: 0,
      spilled: 0,
      deadLetters24h: 0,
      failingSince: null,
      lastError: null,
      oldestPendingSec: null,
      problems: [],
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Every transition enqueued, in order. */
  transitions(): readonly EngineTransitionRecord[] {
    return this.transitionLog;
  }

  /** Every decision kept, in write order. */
  decisions(): readonly DecisionRecord[] {
    return this.decisionLog;
  }

  /** Every order's latest state, in order of first appearance. */
  orders(): Order[] {
    return [...this.orderMap.values()];
  }

  /** Every fill kept, in write order. */
  fills(): Fill[] {
    return [...this.fillMap.values()];
  }

  /** Every risk governor transition and clear, in write order. */
  audit(): readonly AuditRecord[] {
    return this.auditLog;
  }

  changelog(): readonly ChangelogRecord[] {
    return this.changelogLog;
  }

  fundingPayments(): readonly FundingPayment[] {
    return [...this.fundingMap.values()];
  }

  riskEvents(): readonly RiskTransition[] {
    return this.riskEventLog;
  }

  /** Every equity snapshot, in write order. */
  equitySnapshots(): readonly EquitySnapshotRecord[] {
    return this.equityLog;
  }

  /** Number of bars stored across all series. */
  candleCount(): number {
    let n = 0;
    for (const bars of this.series.values()) n += bars.size;
    return n;
  }

  /** Records enqueued so far, including candle updates. */
  enqueuedCount(): number {
    return this.recordCount;
  }
}

function seriesKey(symbol: string, timeframe: string): string {
  return `${symbol}\u0000${timeframe}`;
}
