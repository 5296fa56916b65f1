// A deterministic stream of engine turns for persistence tests: decisions, orders that fill in
// one or two parts or are cancelled, the fills, the positions and account they produce, equity
// snapshots, candle updates and transitions, as the engine enqueues them. The same seed always
// gives the same turns, so a test can rebuild what the first N turns must have left behind.
import type { Candle } from "../../../engine/model/market";
import type { AccountRecord, DecisionRecord } from "../../../engine/model/records";
import type { Fill, Order, Position, Side } from "../../../engine/model/trading";
import type { StoreRecord } from "../../../engine/ports";

export const WORKLOAD_ACCOUNT = "paper";
export const WORKLOAD_T0 = Date.UTC(2026, 10, 24, 0, 0, 0);
/** Engine time between two turns. */
export const TURN_MS = 1000;
const START_EQUITY = 10_000;
const SYMBOLS = ["BTCUSDT", "ETHUSDT", "SOLUSDT"] as const;
const BASE_PRICE: Record<string, number> = { BTCUSDT: 50_000, ETHUSDT: 3_000, SOLUSDT: 150 };

/** xorshift32: small, seedable, the same on every platform. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/**
 * A one-way (netting) position after a fill: adds average the entry price, reductions realize PnL,
 * a fill larger than the position flips it. Returns null when the position is closed.
 */
export function applyFill(position: Position | null, fill: Fill): { position: Position | null; realized: number } {
  const side = fill.side === "BUY" ? "LONG" : "SHORT";
  if (position === null) {
    return {
      position: {
        symbol: fill.symbol,
        side,
        qty: fill.qty,
        entryPrice: fill.price,
        realizedPnl: 0,
        stopLoss: null,
        takeProfit: null,
        openedAt: fill.ts,
        updatedAt: fill.ts,
      },
      realized: 0,
    };
  }
  if (position.side === side) {
    const qty = position.qty + fill.qty;
    return {
      position: {
        ...position,
        qty,
        entryPrice: (position.entryPrice * position.qty + fill.price * fill.qty) / qty,
        updatedAt: fill.ts,
      },
      realized: 0,
    };
  }
  const closed = Math.min(position.qty, fill.qty);
  const realized = (fill.price - position.entryPrice) * closed * (position.side === "LONG" ? 1 : -1);
  const left = position.qty - closed;
  if (left > 0) {
    return {
      position: { ...position, qty: left, realizedPnl: position.realizedPnl + realized, updatedAt: fill.ts },
      realized,
    };
  }
  const rest = fill.qty - closed;
  if (rest > 0) {
    const flipped = applyFill(null, { ...fill, qty: rest }).position;
    return { position: flipped, realized };
  }
  return { position: null, realized };
}

export interface FoldedFills {
  readonly positions: Position[];
  readonly balance: number;
  readonly realizedPnl: number;
  readonly feesPaid: number;
}

/** Positions and cash after applying fills in order to an empty book of START_EQUITY. */
export function foldFills(fills: readonly Fill[]): FoldedFills {
  const book = new Map<string, Position>();
  let balance = START_EQUITY;
  let realizedPnl = 0;
  let feesPaid = 0;
  for (const fill of fills) {
    const { position, realized } = applyFill(book.get(fill.symbol) ?? null, fill);
    if (position === null) book.delete(fill.symbol);
    else book.set(fill.symbol, position);
    balance = balance + realized - fill.fee;
    realizedPnl += realized;
    feesPaid += fill.fee;
  }
  const positions = [...book.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return { positions, balance, realizedPnl, feesPaid };
}

/** How many turns of the workload a stored account shows were written (its updatedAt is the last turn's time). */
export function turnsWritten(account: AccountRecord | null): number {
  return account === null ? 0 : (account.updatedAt - WORKLOAD_T0) / TURN_MS + 1;
}

export class TradingWorkload {
  /** Turns produced so far. */
  turns = 0;
  private readonly rand: () => number;
  private readonly open = new Map<string, Order>();
  private readonly book = new Map<string, Position>();
  private account: AccountRecord = {
    id: WORKLOAD_ACCOUNT,
    balance: START_EQUITY,
    realizedPnl: 0,
    feesPaid: 0,
    fundingPaid: 0,
    startEquity: START_EQUITY,
    peakEquity: START_EQUITY,
    updatedAt: WORKLOAD_T0,
  };
  private lastFill: Fill | null = null;

  constructor(seed: number) {
    this.rand = random(seed);
  }

  /** The records the engine would enqueue during the next turn, in its order. */
  nextTurn(): StoreRecord[] {
    const turn = this.turns++;
    const now = WORKLOAD_T0 + turn * TURN_MS;
    const out: StoreRecord[] = [];
    const r = this.rand();
    const openOrders = [...this.open.values()];
    if (openOrders.length > 0 && r < 0.45) this.fill(this.pick(openOrders), now, out);
    else if (openOrders.length > 0 && r < 0.52) this.cancel(this.pick(openOrders), now, out);
    else this.decide(turn, now, out);

    out.push({ kind: "candle", candle: this.candle(now) });
    if (turn % 5 === 4) {
      let unrealized = 0;
      for (const p of this.book.values()) unrealized += p.entryPrice * 0.001 * (p.side === "LONG" ? 1 : -1) * p.qty;
      out.push({
        kind: "equity",
        snapshot: {
          at: now,
          balance: this.account.balance,
          equity: this.account.balance + unrealized,
          unrealizedPnl: unrealized,
          realizedPnl: this.account.realizedPnl,
          marginUsed: [...this.book.values()].reduce((m, p) => m + (p.qty * p.entryPrice) / 10, 0),
          feesPaid: this.account.feesPaid,
        },
      });
    }
    if (turn % 50 === 0) {
      out.push({
        kind: "engine_transition",
        transition: {
          at: now,
          command: "start",
          fromState: "STOPPED",
          toState: "RUNNING",
          ok: true,
          errorCode: null,
          actor: "workload",
          reason: null,
          message: `turn ${turn}`,
        },
      });
    }
    // A fill delivered twice (a venue resending it) must be stored once.
    if (turn % 17 === 16 && this.lastFill !== null) out.push({ kind: "fill", fill: this.lastFill });
    this.account = { ...this.account, updatedAt: now };
    out.push({ kind: "account", account: this.account });
    return out;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)] as T;
  }

  private decide(turn: number, now: number, out: StoreRecord[]): void {
    const symbol = this.pick(SYMBOLS);
    const create = this.rand() < 0.6;
    const side: Side = this.rand() < 0.5 ? "BUY" : "SELL";
    const blocked = !create && this.rand() < 0.5;
    const id = `d${turn}`;
    const orderId = create ? `o${turn}` : null;
    const decision: DecisionRecord = {
      id,
      at: now,
      symbol,
      strategyId: this.rand() < 0.5 ? "impulse_engine" : "mean_reversion",
      decision: create ? "CREATE" : blocked ? "BLOCK" : "SKIP",
      reasonCodes: create ? [] : blocked ? ["RISK_HARD_STOP", "LOW_LIQUIDITY"] : ["COOLDOWN"],
      gatingFlags: { risk_ok: !blocked, data_fresh_ok: true, liquidity_ok: this.rand() < 0.8 },
      marketRegime: this.pick(["TREND", "RANGE", "LOW_LIQ"]),
      marketMetrics: {
        price_change_1m: this.rand() - 0.5,
        spread_pct: this.rand() / 10,
        tick_age_sec: turn % 7 === 0 ? Number.NaN : this.rand() * 3,
      },
      side: create || this.rand() < 0.5 ? side : null,
      score: this.rand(),
      confidence: this.rand(),
      orderId,
    };
    out.push({ kind: "decision", decision });
    if (orderId === null) return;
    const limit = this.rand() < 0.5;
    const base = BASE_PRICE[symbol] ?? 100;
    const order: Order = {
      clientOrderId: orderId,
      symbol,
      side,
      type: limit ? "LIMIT" : "MARKET",
      qty: (1 + Math.floor(this.rand() * 8)) / 4,
      ...(limit ? { price: base + Math.floor(this.rand() * 80 - 40) / 4 } : {}),
      reduceOnly: false,
      strategyId: decision.strategyId,
      decisionId: id,
      ...(this.rand() < 0.5 ? { stopLoss: base * 0.98, takeProfit: base * 1.03 } : {}),
      status: turn % 23 === 0 ? "REJECTED" : "NEW",
      filledQty: 0,
      avgFillPrice: null,
      createdAt: now,
      updatedAt: now,
      rejectReason: turn % 23 === 0 ? "INSUFFICIENT_MARGIN" : null,
      venueOrderId: null,
    };
    if (order.status === "NEW") this.open.set(orderId, order);
    out.push({ kind: "order", order });
  }

  private cancel(order: Order, now: number, out: StoreRecord[]): void {
    this.open.delete(order.clientOrderId);
    out.push({ kind: "order", order: { ...order, status: "CANCELLED", updatedAt: now } });
  }

  /** Fills half of what is left (a partial fill) or all of it. */
  private fill(order: Order, now: number, out: StoreRecord[]): void {
    const left = order.qty - order.filledQty;
    const qty = order.filledQty === 0 && this.rand() < 0.4 ? left / 2 : left;
    const base = BASE_PRICE[order.symbol] ?? 100;
    const price = order.price ?? base + Math.floor(this.rand() * 200 - 100) / 4;
    const fill: Fill = {
      id: `f${this.turns - 1}`,
      orderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      qty,
      price,
      fee: qty * price * 0.0004,
      liquidity: order.type === "LIMIT" ? "MAKER" : "TAKER",
      ts: now,
      latencyMs: this.rand() * 50,
      slippage: (this.rand() - 0.3) / 1000,
    };
    const filledQty = order.filledQty + qty;
    const updated: Order = {
      ...order,
      status: filledQty === order.qty ? "FILLED" : "PARTIALLY_FILLED",
      filledQty,
      avgFillPrice: ((order.avgFillPrice ?? 0) * order.filledQty + price * qty) / filledQty,
      updatedAt: now,
      venueOrderId: `v-${order.clientOrderId}`,
    };
    if (updated.status === "FILLED") this.open.delete(order.clientOrderId);
    else this.open.set(order.clientOrderId, updated);

    const { position, realized } = applyFill(this.book.get(order.symbol) ?? null, fill);
    if (position === null) this.book.delete(order.symbol);
    else this.book.set(order.symbol, position);
    const balance = this.account.balance + realized - fill.fee;
    this.account = {
      ...this.account,
      balance,
      realizedPnl: this.account.realizedPnl + realized,
      feesPaid: this.account.feesPaid + fill.fee,
      peakEquity: Math.max(this.account.peakEquity, balance),
      updatedAt: now,
    };
    this.lastFill = fill;
    // The engine's order: the order's new state, the fill, the position it made, the account.
    out.push({ kind: "order", order: updated });
    out.push({ kind: "fill", fill });
    out.push({ kind: "position", symbol: order.symbol, position });
    out.push({ kind: "account", account: this.account });
  }

  private candle(now: number): Candle {
    const openTime = Math.floor(now / 60_000) * 60_000;
    const close = 50_000 + Math.floor(this.rand() * 400 - 200) / 4;
    return {
      symbol: "BTCUSDT",
      timeframe: "1m",
      openTime,
      open: 50_000,
      high: Math.max(50_000, close),
      low: Math.min(50_000, close),
      close,
      volume: (now - openTime) / 1000,
      trades: (now - openTime) / TURN_MS + 1,
    };
  }
}
