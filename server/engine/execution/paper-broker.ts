import { randomUUID } from "node:crypto";
import type { Clock, TimerId } from "../clock";
import type { Tick } from "../model/market";
import type { Fill, Liquidity, Order, OrderRequest, OrderUpdate } from "../model/trading";
import type { AccountGuard, Broker } from "../trading/broker-port";
import { ORDER_REJECT_REASONS, requestRejectReason } from "./order-checks";
import { endedOrder, fillableQty, isFinal, newOrder, orderAfterFill } from "./order-state";
import { adverseMove, type SlippageModel, slipped, takerSlippage, validateSlippageModel } from "./slippage";

export interface FeeRates {
  /** Fraction of notional, e.g. 0.0002 (negative for a rebate). */
  readonly makerRate: number;
  readonly takerRate: number;
}

export interface PaperBrokerOptions {
  readonly clock: Clock;
  /** Margin and reduce-only checks, asked at submit and again before every fill. */
  readonly guard: AccountGuard;
  readonly fees: FeeRates;
  readonly slippage: SlippageModel;
  /** Time from submit until the order reaches the simulated venue and can fill. */
  readonly latencyMs: number;
  /** Ids for fills and venue order ids; random UUIDs by default (unique across restarts). */
  readonly idGenerator?: () => string;
  /** How many final orders are remembered for clientOrderId idempotency (oldest forgotten first). */
  readonly rememberFinalOrders?: number;
}

interface WorkingOrder {
  order: Order;
  /** Reached the venue (after latency); only then may it fill. */
  arrived: boolean;
  timer: TimerId | null;
  /** Reference for taker slippage; null for a restored order until the first quote after restart. */
  midAtSubmit: number | null;
}

/** The latest quote of a symbol and what is left of its top-of-book sizes for this tick. */
interface Quote {
  tick: Tick;
  askLeft: number;
  bidLeft: number;
}

/**
 * Fills orders against the feed's quotes. Every order reaches the venue latencyMs after submit (a clock
 * timer). There a MARKET order, or a LIMIT order that is marketable, takes the top of book as taker at
 * ask (buy) / bid (sell) moved by the slippage model, up to the level's size; the rest fills on
 * following ticks. A LIMIT order that is not marketable rests and fills as maker at its price when a
 * later quote trades through it (buy: ask <= price; sell: bid >= price). Each tick's sizes are shared by
 * all orders of that symbol, so two orders never take the same liquidity twice.
 */
export class PaperBroker implements Broker {
  readonly name = "paper";
  private readonly clock: Clock;
  private readonly guard: AccountGuard;
  private readonly fees: FeeRates;
  private readonly slippage: SlippageModel;
  private readonly latencyMs: number;
  private readonly nextId: () => string;
  private readonly rememberFinal: number;
  private listener: ((update: OrderUpdate) => void) | null = null;
  private readonly quotes = new Map<string, Quote>();
  /** Orders not yet final, in submit order. */
  private readonly live = new Map<string, WorkingOrder>();
  private readonly liveBySymbol = new Map<string, WorkingOrder[]>();
  private readonly final = new Map<string, Order>();

  constructor(options: PaperBrokerOptions) {
    const { makerRate, takerRate } = options.fees;
    if (!Number.isFinite(makerRate) || !Number.isFinite(takerRate)) throw new RangeError("fee rates must be finite");
    if (!(Number.isFinite(options.latencyMs) && options.latencyMs >= 0)) {
      throw new RangeError(`latencyMs must be a non-negative finite number, got ${options.latencyMs}`);
    }
    this.clock = options.clock;
    this.guard = options.guard;
    this.fees = options.fees;
    this.slippage = validateSlippageModel(options.slippage);
    this.latencyMs = options.latencyMs;
    this.nextId = options.idGenerator ?? randomUUID;
    this.rememberFinal = options.rememberFinalOrders ?? 50_000;
  }

  connect(listener: (update: OrderUpdate) => void): void {
    this.listener = listener;
  }

  submit(request: OrderRequest): Order {
    if (request.clientOrderId === "") throw new TypeError("an order needs a clientOrderId");
    const existing = this.order(request.clientOrderId);
    if (existing !== undefined) return existing;
    if (this.listener === null) throw new Error("PaperBroker: connect() a listener before submitting orders");

    const now = this.clock.now();
    const quote = this.quotes.get(request.symbol);
    const reason =
      requestRejectReason(request) ??
      (quote === undefined
        ? ORDER_REJECT_REASONS.NO_MARKET_DATA
        : this.guard.rejectReason(request, referencePrice(request, quote.tick)));
    if (reason !== null || quote === undefined) {
      const rejected = endedOrder(newOrder(request, now, null), "REJECTED", reason ?? "", now);
      this.remember(rejected);
      this.emit({ type: "ORDER_REJECTED", order: rejected, reason: rejected.rejectReason ?? "" });
      return rejected;
    }

    const working: WorkingOrder = {
      order: newOrder(request, now, this.nextId()),
      arrived: false,
      timer: null,
      midAtSubmit: mid(quote.tick),
    };
    this.addLive(working);
    working.timer = this.clock.setTimer(() => this.arrive(working), this.latencyMs);
    this.emit({ type: "ORDER_ACCEPTED", order: working.order });
    return this.order(request.clientOrderId) ?? working.order;
  }

  cancel(clientOrderId: string, reason: string): boolean {
    const working = this.live.get(clientOrderId);
    if (working === undefined) return false;
    this.end(working, "CANCELLED", reason);
    return true;
  }

  cancelAll(reason: string): number {
    let count = 0;
    for (const id of [...this.live.keys()]) if (this.cancel(id, reason)) count++;
    return count;
  }

  order(clientOrderId: string): Order | undefined {
    return this.live.get(clientOrderId)?.order ?? this.final.get(clientOrderId);
  }

  openOrders(): Order[] {
    return [...this.live.values()].map((w) => w.order);
  }

  onTick(tick: Tick): void {
    validateTick(tick);
    const quote: Quote = { tick, askLeft: tick.askSize, bidLeft: tick.bidSize };
    this.quotes.set(tick.symbol, quote);
    const orders = this.liveBySymbol.get(tick.symbol);
    if (orders === undefined || orders.length === 0) return;
    // A copy: listeners may submit or cancel while fills are delivered.
    for (const working of [...orders]) {
      if (!working.arrived || this.live.get(working.order.clientOrderId) !== working) continue;
      working.midAtSubmit ??= mid(tick);
      if (working.order.type === "MARKET") this.take(working, quote);
      else if (tradesThrough(working.order, tick)) this.make(working, quote);
    }
  }

  /**
   * Recovery: orders that were open before a restart become live again as if they had reached the
   * venue (they had been acknowledged). Emits nothing; the store already holds their state.
   */
  restore(orders: readonly Order[]): void {
    for (const order of orders) {
      if (isFinal(order.status) || this.order(order.clientOrderId) !== undefined) continue;
      this.addLive({ order, arrived: true, timer: null, midAtSubmit: null });
    }
  }

  private arrive(working: WorkingOrder): void {
    working.timer = null;
    if (this.live.get(working.order.clientOrderId) !== working) return;
    working.arrived = true;
    const quote = this.quotes.get(working.order.symbol);
    if (quote === undefined) return;
    if (working.order.type === "MARKET" || tradesThrough(working.order, quote.tick)) this.take(working, quote);
  }

  /** Taker fill against the quote's remaining top-of-book size, capped at a limit order's price. */
  private take(working: WorkingOrder, quote: Quote): void {
    const { order } = working;
    const buy = order.side === "BUY";
    const available = buy ? quote.askLeft : quote.bidLeft;
    if (available <= 0) return;
    const qty = fillableQty(order, available);
    const topSize = buy ? quote.tick.askSize : quote.tick.bidSize;
    let price = slipped(order.side, buy ? quote.tick.ask : quote.tick.bid, takerSlippage(this.slippage, qty, topSize));
    if (order.type === "LIMIT" && order.price !== undefined) {
      price = buy ? Math.min(price, order.price) : Math.max(price, order.price);
    }
    const reference = working.midAtSubmit ?? mid(quote.tick);
    this.fill(working, quote, qty, price, "TAKER", adverseMove(order.side, price, reference));
  }

  /** Maker fill of a resting limit at its own price; the size on the crossing side bounds it. */
  private make(working: WorkingOrder, quote: Quote): void {
    const { order } = working;
    const available = order.side === "BUY" ? quote.askLeft : quote.bidLeft;
    if (available <= 0 || order.price === undefined) return;
    this.fill(working, quote, fillableQty(order, available), order.price, "MAKER", 0);
  }

  private fill(working: WorkingOrder, quote: Quote, qty: number, price: number, liquidity: Liquidity, slip: number) {
    // The account may have changed since submit (other fills, price moves): check this very fill.
    const reason = this.guard.rejectReason({ ...working.order, qty }, price);
    if (reason !== null) {
      this.end(working, working.order.filledQty === 0 ? "REJECTED" : "CANCELLED", reason);
      return;
    }
    if (working.order.side === "BUY") quote.askLeft = Math.max(0, quote.askLeft - qty);
    else quote.bidLeft = Math.max(0, quote.bidLeft - qty);

    const now = this.clock.now();
    const order = orderAfterFill(working.order, qty, price, now);
    working.order = order;
    const rate = liquidity === "MAKER" ? this.fees.makerRate : this.fees.takerRate;
    const fill: Fill = {
      id: this.nextId(),
      orderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      qty,
      price,
      fee: qty * price * rate,
      liquidity,
      ts: now,
      latencyMs: now - order.createdAt,
      slippage: slip,
    };
    if (order.status === "FILLED") this.removeLive(working);
    this.emit({ type: "ORDER_FILLED", order, fill });
  }

  private end(working: WorkingOrder, status: "CANCELLED" | "REJECTED", reason: string): void {
    if (working.timer !== null) this.clock.clearTimer(working.timer);
    working.timer = null;
    const order = endedOrder(working.order, status, reason, this.clock.now());
    working.order = order;
    this.removeLive(working);
    this.emit(
      status === "CANCELLED" ? { type: "ORDER_CANCELLED", order, reason } : { type: "ORDER_REJECTED", order, reason },
    );
  }

  private addLive(working: WorkingOrder): void {
    this.live.set(working.order.clientOrderId, working);
    const list = this.liveBySymbol.get(working.order.symbol);
    if (list === undefined) this.liveBySymbol.set(working.order.symbol, [working]);
    else list.push(working);
  }

  private removeLive(working: WorkingOrder): void {
    this.live.delete(working.order.clientOrderId);
    const list = this.liveBySymbol.get(working.order.symbol);
    const at = list?.indexOf(working) ?? -1;
    if (list !== undefined && at >= 0) list.splice(at, 1);
    this.remember(working.order);
  }

  private remember(order: Order): void {
    this.final.set(order.clientOrderId, order);
    if (this.final.size <= this.rememberFinal) return;
    const oldest = this.final.keys().next();
    if (oldest.done !== true) this.final.delete(oldest.value);
  }

  private emit(update: OrderUpdate): void {
    if (this.listener === null) throw new Error("PaperBroker: no listener connected");
    this.listener(update);
  }
}

function mid(tick: Tick): number {
  return (tick.bid + tick.ask) / 2;
}

/** The price the account checks use at submit: where a market order would fill, or the limit price. */
function referencePrice(request: OrderRequest, tick: Tick): number {
  if (request.type === "LIMIT" && request.price !== undefined) return request.price;
  return request.side === "BUY" ? tick.ask : tick.bid;
}

/** A limit order the quote reaches: buy when ask <= price, sell when bid >= price. */
function tradesThrough(order: Order, tick: Tick): boolean {
  if (order.price === undefined) return false;
  return order.side === "BUY" ? tick.ask <= order.price : tick.bid >= order.price;
}

function validateTick(tick: Tick): void {
  const ok =
    Number.isFinite(tick.bid) &&
    tick.bid > 0 &&
    Number.isFinite(tick.ask) &&
    tick.ask > 0 &&
    Number.isFinite(tick.bidSize) &&
    tick.bidSize >= 0 &&
    Number.isFinite(tick.askSize) &&
    tick.askSize >= 0;
  if (!ok) throw new RangeError(`PaperBroker: bad quote for ${tick.symbol}: ${JSON.stringify(tick)}`);
}
