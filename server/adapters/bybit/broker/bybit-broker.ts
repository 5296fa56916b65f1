import { RestClientV5, WebsocketClient } from "bybit-api";
import { z } from "zod";
import type { Clock } from "../../../engine/clock";
import { endedOrder, isFinal, newOrder, orderAfterFill } from "../../../engine/execution/order-state";
import type { Tick } from "../../../engine/model/market";
import type { Order, OrderRequest, OrderUpdate } from "../../../engine/model/trading";
import type { AccountGuard, Broker } from "../../../engine/trading/broker-port";
import type { BybitEndpoints } from "../endpoints";
import { type RestResult, restCall } from "../rest-call";
import type { ExecutionItem, OrderItem } from "../v5/account-items";
import { parsePrivateMessage } from "../v5/account-messages";
import {
  accountInfoResult,
  apiKeyInfoResult,
  executionsResult,
  ordersResult,
  positionsResult,
  walletBalanceResult,
} from "../v5/account-rest";
import type { ApiKeyInfo } from "./key-permissions";
import { checkOrder, type InstrumentRules } from "./order-rules";
import type { Difference, VenueBook } from "./reconciliation";
import { RequestLimiter } from "./request-limiter";
import { orderErrorMeaning } from "./ret-codes";
import { ExecutionLedger, orderStatusOf, type VenueExecution } from "./venue-state";

export interface BybitBrokerLogger {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

export interface BybitBrokerOptions {
  readonly endpoints: BybitEndpoints;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly clock: Clock;
  /** The instrument's order rules (from instruments-info); undefined refuses the order. */
  readonly rules: (symbol: string) => InstrumentRules | undefined;
  readonly guard: AccountGuard;
  readonly logger?: BybitBrokerLogger;
  /** When a create's answer is lost or ambiguous: read the order back after each of these delays. */
  readonly readBackDelaysMs?: readonly number[];
  /** A market order still open this long after its create was answered is read back. */
  readonly convergeAfterMs?: number;
  /**
   * The dead-man's switch: once the private stream has been down this long, new orders (all but
   * reduce-only exits) are refused; with cancelOnReturn, HEAN's open orders are cancelled as soon
   * as Bybit can be reached again (what it decided while blind is not left working).
   */
  readonly deadMan?: { readonly afterMs: number; readonly cancelOnReturn: boolean };
}

/** The account Bybit keeps: HEAN's wallet balance and available margin come from here. */
export interface VenueAccount {
  readonly accountType: "UNIFIED" | "CONTRACT";
  readonly marginMode: string;
  readonly walletBalance: number;
  readonly equity: number;
  readonly availableBalance: number | null;
}

const orderCreated = z.object({ orderId: z.string(), orderLinkId: z.string() });

interface Working {
  order: Order;
  midAtSubmit: number | null;
  /** Bybit's cumExecQty last seen: an end waits until the fills have caught up with it. */
  venueFilled: number;
  pendingEnd: { status: "CANCELLED" | "REJECTED"; reason: string } | null;
}

/**
 * Orders on Bybit v5 (linear, one-way mode) behind the engine's Broker port. Each order's
 * clientOrderId is its orderLinkId, so a retried or repeated create can never make a second venue
 * order (Bybit answers 110072). A create's HTTP answer only says the request arrived; the order's
 * life (accepted, fills, end) comes from the private order and execution streams, and a create
 * whose answer is lost or ambiguous is read back until Bybit says what became of it. Each fill
 * counts once (execId), and an order that ends after fills is CANCELLED with them.
 */
export class BybitBroker implements Broker {
  readonly name = "bybit";
  private readonly rest: RestClientV5;
  private ws: WebsocketClient | null = null;
  private listener: ((update: OrderUpdate) => void) | null = null;
  private readonly live = new Map<string, Working>();
  private readonly final = new Map<string, Order>();
  private readonly mids = new Map<string, number>();
  private readonly ledger = new ExecutionLedger();
  /** Since when the private stream is down (null: up). */
  private downSince: number | null;
  private tripped = false;
  private readonly connectionListeners: ((up: boolean) => void)[] = [];
  readonly limiter: RequestLimiter;

  constructor(private readonly o: BybitBrokerOptions) {
    this.rest = new RestClientV5({
      key: o.apiKey,
      secret: o.apiSecret,
      baseUrl: o.endpoints.rest,
      parse_exceptions: true,
    });
    this.limiter = new RequestLimiter(() => o.clock.now());
    this.downSince = o.clock.now();
  }

  /** The private stream's state and the dead-man's switch, for /health and the dashboard. */
  exchangeState(): {
    readonly connected: boolean;
    readonly downSince: number | null;
    readonly deadManTripped: boolean;
  } {
    return { connected: this.downSince === null, downSince: this.downSince, deadManTripped: this.deadManTripped() };
  }

  private deadManTripped(): boolean {
    const limit = this.o.deadMan?.afterMs;
    if (limit === undefined || this.downSince === null) return false;
    if (this.o.clock.now() - this.downSince >= limit) this.tripped = true;
    return this.tripped;
  }

  /** Told true each time the private stream comes up (the first time and after each reconnect), false when it drops. */
  onConnection(listener: (up: boolean) => void): void {
    this.connectionListeners.push(listener);
  }

  private onUp(): void {
    const wasTripped = this.deadManTripped();
    const wasDown = this.downSince !== null;
    this.downSince = null;
    this.tripped = false;
    if (wasDown) for (const listener of this.connectionListeners) listener(true);
    // What the stream missed while it was down is read over REST (it replays nothing).
    if (wasDown) for (const working of this.live.values()) this.convergeLater(working);
    if (wasTripped && this.o.deadMan?.cancelOnReturn) {
      const n = this.cancelAll("dead-man's switch: Bybit was unreachable");
      this.o.logger?.warn({ cancelled: n }, "bybit: back after the dead-man's switch tripped; open orders cancelled");
    }
  }

  private onDown(): void {
    if (this.downSince !== null) return;
    this.downSince = this.o.clock.now();
    for (const listener of this.connectionListeners) listener(false);
  }

  connect(listener: (update: OrderUpdate) => void): void {
    this.listener = listener;
    const ws = new WebsocketClient(
      { key: this.o.apiKey, secret: this.o.apiSecret, wsUrl: this.o.endpoints.wsPrivate, pingInterval: 8_000 },
      { trace: () => undefined, info: () => undefined, error: () => undefined },
    );
    this.ws = ws;
    ws.on("update", (event: unknown) => this.onPrivate(event));
    ws.on("open", () => this.onUp());
    ws.on("reconnected", () => this.onUp());
    ws.on("reconnect", () => this.onDown());
    ws.on("close", () => this.onDown());
    ws.on("exception", (event: unknown) =>
      this.o.logger?.warn(
        { error: String((event as { message?: unknown })?.message ?? "error") },
        "bybit: private stream error",
      ),
    );
    void Promise.allSettled(ws.subscribeV5(["order", "execution", "position", "wallet"], "linear", true));
  }

  /** Closes the private stream. */
  close(): void {
    this.ws?.closeAll(true);
    this.ws = null;
  }

  submit(request: OrderRequest): Order {
    const existing = this.order(request.clientOrderId);
    if (existing !== undefined) return existing;
    if (this.listener === null) throw new Error("BybitBroker: connect() a listener before submitting orders");
    const now = this.o.clock.now();
    const mid = this.mids.get(request.symbol) ?? null;
    const check = checkOrder(this.o.rules(request.symbol), request, request.price ?? mid ?? 0);
    const refusal = !check.ok
      ? check.reason
      : mid === null
        ? "NO_MARKET_DATA"
        : this.limiter.banned()
          ? "IP_BANNED"
          : !request.reduceOnly && this.deadManTripped()
            ? "EXCHANGE_UNREACHABLE"
            : this.o.guard.rejectReason(request, request.price ?? mid);
    if (refusal !== null || !check.ok) {
      const rejected = endedOrder(newOrder(request, now, null), "REJECTED", refusal ?? "REJECTED", now);
      this.final.set(rejected.clientOrderId, rejected);
      this.emit({ type: "ORDER_REJECTED", order: rejected, reason: rejected.rejectReason ?? "" });
      return rejected;
    }
    const working: Working = {
      order: newOrder(request, now, null),
      midAtSubmit: mid,
      venueFilled: 0,
      pendingEnd: null,
    };
    this.live.set(request.clientOrderId, working);
    this.emit({ type: "ORDER_ACCEPTED", order: working.order });
    void this.send(working, check.qty, check.price);
    return working.order;
  }

  cancel(clientOrderId: string, reason: string): boolean {
    const working = this.live.get(clientOrderId);
    if (working === undefined) return false;
    void this.sendCancel(working, reason);
    return true;
  }

  cancelAll(reason: string): number {
    let n = 0;
    for (const id of [...this.live.keys()]) if (this.cancel(id, reason)) n++;
    return n;
  }

  order(clientOrderId: string): Order | undefined {
    return this.live.get(clientOrderId)?.order ?? this.final.get(clientOrderId);
  }

  openOrders(): Order[] {
    return [...this.live.values()].map((w) => w.order);
  }

  onTick(tick: Tick): void {
    this.mids.set(tick.symbol, (tick.bid + tick.ask) / 2);
  }

  /** Whether this execution's fill is already counted (here or in the database at start). */
  knowsExecution(execId: string): boolean {
    return this.ledger.has(execId);
  }

  /** What a previous process left: its open orders are tracked again, its recorded fills count as seen. */
  resume(state: { readonly openOrders: readonly Order[]; readonly fillIds: readonly string[] }): void {
    this.ledger.known(state.fillIds);
    for (const order of state.openOrders)
      if (!this.live.has(order.clientOrderId))
        this.live.set(order.clientOrderId, {
          order,
          midAtSubmit: null,
          venueFilled: order.filledQty,
          pendingEnd: null,
        });
  }

  /**
   * A reconciliation's order-level differences, Bybit's word winning: untracked HEAN orders are
   * tracked again, then the missed fills are applied (to their orders, or to an order rebuilt from
   * them when HEAN never recorded it), then orders that ended at Bybit end here. Foreign orders and
   * unexplained positions are not the broker's to settle.
   */
  applyDifferences(differences: readonly Difference[]): void {
    for (const d of differences)
      if (d.kind === "UNTRACKED_ORDER") this.track(orderFromVenue(d.venue), d.venue.cumExecQty);
    const missed = new Map<string, ExecutionItem[]>();
    for (const d of differences)
      if (d.kind === "MISSED_FILL")
        missed.set(d.execution.orderLinkId, [...(missed.get(d.execution.orderLinkId) ?? []), d.execution]);
    for (const [linkId, executions] of missed) {
      if (this.order(linkId) === undefined) {
        const rebuilt = orderFromExecutions(executions);
        this.track(rebuilt, rebuilt.qty);
      }
      for (const e of executions) this.onExecution(e);
    }
    for (const d of differences) {
      if (d.kind !== "ORDER_ENDED_AT_VENUE") continue;
      const working = this.live.get(d.clientOrderId);
      if (working === undefined) continue;
      if (d.venue === null) this.end(working, "REJECTED", "NOT_PLACED (Bybit has no such order)");
      else {
        this.onVenueOrder(d.venue);
        if (!isFinal(working.order.status)) this.convergeLater(working);
      }
    }
  }

  private track(order: Order, venueFilled: number): void {
    if (this.order(order.clientOrderId) !== undefined) return;
    const working: Working = { order, midAtSubmit: null, venueFilled, pendingEnd: null };
    this.live.set(order.clientOrderId, working);
    this.emit({ type: "ORDER_ACCEPTED", order });
  }

  /** The account's kind (unified or classic) and its USDT wallet; null when Bybit does not answer. */
  /** What the key in use may do (Bybit's query-api); null when Bybit does not answer. */
  readKey(): Promise<ApiKeyInfo | null> {
    return this.restRead(() => this.rest.getQueryApiKey(), apiKeyInfoResult);
  }

  async readAccount(): Promise<VenueAccount | null> {
    const info = await this.restRead(() => this.rest.getAccountInfo(), accountInfoResult);
    if (info === null) return null;
    const accountType = info.unifiedMarginStatus === 1 ? "CONTRACT" : "UNIFIED";
    const wallet = await this.restRead(
      () => this.rest.getWalletBalance({ accountType, coin: "USDT" }),
      walletBalanceResult,
    );
    if (wallet === null) return null;
    const w = wallet.list[0];
    const usdt = w?.coin.find((c) => c.coin === "USDT");
    if (w === undefined || usdt === undefined || usdt.walletBalance === null) return null;
    return {
      accountType,
      marginMode: info.marginMode,
      walletBalance: usdt.walletBalance,
      equity: usdt.equity ?? usdt.walletBalance,
      availableBalance: w.totalAvailableBalance ?? usdt.availableToWithdraw ?? null,
    };
  }

  /**
   * Bybit's book for reconciliation, read in the order that leaves no gap: open orders, then fills
   * since `since`, then positions (a fill between the reads shows in the later ones). Each local
   * open order's own state is read too. null when Bybit does not answer: nothing is concluded then.
   */
  async readVenueBook(since: number, localOpen: readonly string[]): Promise<VenueBook | null> {
    const open = await this.restRead(
      () => this.rest.getActiveOrders({ category: "linear", settleCoin: "USDT" }),
      ordersResult,
    );
    if (open === null) return null;
    const fills = await this.restRead(
      () => this.rest.getExecutionList({ category: "linear", startTime: since, limit: 100 }),
      executionsResult,
    );
    if (fills === null) return null;
    const byLinkId = new Map<string, OrderItem>();
    for (const id of localOpen) {
      const one = await this.restRead(
        () => this.rest.getActiveOrders({ category: "linear", orderLinkId: id }),
        ordersResult,
      );
      if (one === null) return null;
      for (const o of one.list) byLinkId.set(o.orderLinkId, o);
    }
    const positions = await this.restRead(
      () => this.rest.getPositionInfo({ category: "linear", settleCoin: "USDT" }),
      positionsResult,
    );
    if (positions === null) return null;
    return { openOrders: open.list, ordersByLinkId: byLinkId, executions: fills.list, positions: positions.list };
  }

  private async restRead<S extends z.ZodType>(call: () => Promise<unknown>, schema: S): Promise<z.output<S> | null> {
    const permit = await this.permit("other");
    if (!permit.ok) return null;
    const answer = await restCall(call, schema);
    this.noteAnswer(answer);
    if (!answer.ok) this.o.logger?.warn({ error: answer.error }, "bybit: read for reconciliation failed");
    return answer.ok ? answer.value : null;
  }

  // --- sending ---------------------------------------------------------------------------------

  private async send(working: Working, qty: string, price: string | null): Promise<void> {
    const { order } = working;
    const permit = await this.permit("order");
    if (!permit.ok) return this.end(working, "REJECTED", permit.reason);
    const answer = await restCall(
      () =>
        this.rest.submitOrder({
          category: "linear",
          symbol: order.symbol,
          side: order.side === "BUY" ? "Buy" : "Sell",
          orderType: order.type === "LIMIT" ? "Limit" : "Market",
          qty,
          ...(price === null ? {} : { price }),
          timeInForce: order.type === "LIMIT" ? "GTC" : "IOC",
          orderLinkId: order.clientOrderId,
          positionIdx: 0,
          reduceOnly: order.reduceOnly,
          ...(order.stopLoss === undefined ? {} : { stopLoss: String(order.stopLoss) }),
          ...(order.takeProfit === undefined ? {} : { takeProfit: String(order.takeProfit) }),
        }),
      orderCreated,
    );
    this.noteAnswer(answer);
    if (answer.ok) {
      this.setVenueId(working, answer.value.orderId);
      // A market order ends within moments; if the stream says nothing, ask (the stream may be down).
      if (order.type === "MARKET") this.convergeLater(working);
      return;
    }
    const meaning = orderErrorMeaning(answer.retCode, answer.httpStatus);
    this.o.logger?.warn(
      { orderLinkId: order.clientOrderId, error: answer.error, reason: meaning.reason },
      "bybit: order create failed",
    );
    if (meaning.certainty === "rejected") return this.end(working, "REJECTED", meaning.reason);
    await this.readBack(working, meaning.reason);
  }

  /** What became of an order whose create answer was lost or ambiguous: Bybit's word, read back. */
  private async readBack(working: Working, why: string): Promise<void> {
    for (const delay of this.o.readBackDelaysMs ?? [250, 1_000, 2_000, 4_000]) {
      await new Promise((r) => setTimeout(r, delay));
      if (isFinal(working.order.status) || working.order.venueOrderId !== null) return; // the stream told us
      const permit = await this.permit("other");
      if (!permit.ok) continue;
      const answer = await restCall(
        () =>
          this.rest.getActiveOrders({
            category: "linear",
            symbol: working.order.symbol,
            orderLinkId: working.order.clientOrderId,
          }),
        ordersResult,
      );
      this.noteAnswer(answer);
      if (!answer.ok) continue;
      const venue = answer.value.list.find((v) => v.orderLinkId === working.order.clientOrderId);
      if (venue !== undefined) return this.onVenueOrder(venue);
      if (this.live.get(working.order.clientOrderId) !== working) return;
    }
    if (working.order.venueOrderId === null && !isFinal(working.order.status))
      this.end(working, "REJECTED", `NOT_PLACED (${why}; Bybit has no such order)`);
  }

  /** An order the stream has not settled: its fills and its state, read over REST. */
  private async converge(working: Working): Promise<void> {
    if (isFinal(working.order.status) || this.live.get(working.order.clientOrderId) !== working) return;
    const id = working.order.clientOrderId;
    const permit = await this.permit("other");
    if (!permit.ok) return;
    const fills = await restCall(
      () => this.rest.getExecutionList({ category: "linear", symbol: working.order.symbol, orderLinkId: id }),
      executionsResult,
    );
    if (fills.ok) for (const exec of fills.value.list) this.onExecution(exec);
    const orders = await restCall(
      () => this.rest.getActiveOrders({ category: "linear", symbol: working.order.symbol, orderLinkId: id }),
      ordersResult,
    );
    if (orders.ok) for (const venue of orders.value.list) this.onVenueOrder(venue);
  }

  private async sendCancel(working: Working, reason: string): Promise<void> {
    const permit = await this.permit("other");
    if (!permit.ok) return;
    working.pendingEnd ??= { status: "CANCELLED", reason };
    const answer = await restCall(
      () =>
        this.rest.cancelOrder({
          category: "linear",
          symbol: working.order.symbol,
          orderLinkId: working.order.clientOrderId,
        }),
      orderCreated,
    );
    this.noteAnswer(answer);
    // Either way the order's end comes from the stream (a cancel can lose to a fill), or, if the
    // stream says nothing, from reading the order back.
    this.convergeLater(working);
  }

  private convergeLater(working: Working): void {
    setTimeout(() => void this.converge(working), this.o.convergeAfterMs ?? 3_000);
  }

  /** A permit now, or after waiting out a short local limit; a ban or back-off refuses at once. */
  private async permit(kind: "order" | "other") {
    for (let i = 0; i < 20; i++) {
      const permit = this.limiter.acquire(kind);
      if (permit.ok || permit.reason !== "LOCAL_LIMIT") return permit;
      await new Promise((r) => setTimeout(r, Math.min(permit.retryAfterMs, 1_000)));
    }
    return this.limiter.acquire(kind);
  }

  // --- the private stream ----------------------------------------------------------------------

  private onPrivate(event: unknown): void {
    const { wsKey: _key, ...message } = (event ?? {}) as Record<string, unknown>;
    const parsed = parsePrivateMessage(message);
    if (!parsed.ok) return;
    const { value } = parsed;
    if (value.kind === "order") for (const item of value.message.data) this.onVenueOrder(item);
    else if (value.kind === "execution") for (const item of value.message.data) this.onExecution(item);
  }

  private onVenueOrder(venue: OrderItem): void {
    const working = this.live.get(venue.orderLinkId);
    if (working === undefined) return; // not ours, or already final (reconciliation reports strangers)
    this.setVenueId(working, venue.orderId);
    working.venueFilled = Math.max(working.venueFilled, venue.cumExecQty);
    const status = orderStatusOf(venue.orderStatus, venue.cumExecQty);
    if (status === "CANCELLED" || status === "REJECTED") {
      working.pendingEnd = {
        status,
        reason:
          status === "REJECTED"
            ? venue.rejectReason || "REJECTED"
            : (working.pendingEnd?.reason ?? venue.cancelType ?? "CANCELLED"),
      };
      this.endIfSettled(working);
    }
  }

  private onExecution(exec: VenueExecution): void {
    const working = this.live.get(exec.orderLinkId);
    const fill = this.ledger.apply(exec, {
      submittedAt: working?.order.createdAt ?? null,
      slippage: working === undefined ? 0 : slippageOf(working, exec),
    });
    if (fill === null || working === undefined) return;
    const order = orderAfterFill(working.order, fill.qty, fill.price, this.o.clock.now());
    working.order = order;
    if (order.status === "FILLED") this.retire(working);
    this.emit({ type: "ORDER_FILLED", order, fill });
    this.endIfSettled(working);
  }

  /** An end Bybit reported is applied once every fill it counted has arrived. */
  private endIfSettled(working: Working): void {
    const end = working.pendingEnd;
    if (end === null || isFinal(working.order.status)) return;
    if (working.order.filledQty + 1e-12 < working.venueFilled) return;
    this.end(working, working.order.filledQty > 0 ? "CANCELLED" : end.status, end.reason);
  }

  private end(working: Working, status: "CANCELLED" | "REJECTED", reason: string): void {
    if (isFinal(working.order.status)) return;
    const order = endedOrder(working.order, status, reason, this.o.clock.now());
    working.order = order;
    this.retire(working);
    this.emit(
      status === "CANCELLED" ? { type: "ORDER_CANCELLED", order, reason } : { type: "ORDER_REJECTED", order, reason },
    );
  }

  private setVenueId(working: Working, venueOrderId: string): void {
    if (working.order.venueOrderId === null) working.order = { ...working.order, venueOrderId };
  }

  private retire(working: Working): void {
    this.live.delete(working.order.clientOrderId);
    this.final.set(working.order.clientOrderId, working.order);
    if (this.final.size > 50_000) this.final.delete(this.final.keys().next().value ?? "");
  }

  /** Every REST answer tells the limiter about bans and rate limits. */
  private noteAnswer(answer: RestResult<unknown>): void {
    this.limiter.onAnswer({ httpStatus: answer.ok ? 200 : answer.httpStatus, retCode: answer.ok ? 0 : answer.retCode });
  }

  private emit(update: OrderUpdate): void {
    this.listener?.(update);
  }
}

/** A HEAN order open at Bybit that HEAN has no record of, as Bybit describes it (its fills come apart). */
function orderFromVenue(v: OrderItem): Order {
  return {
    clientOrderId: v.orderLinkId,
    symbol: v.symbol,
    side: v.side === "Buy" ? "BUY" : "SELL",
    type: v.orderType === "Limit" ? "LIMIT" : "MARKET",
    qty: v.qty,
    ...(v.orderType === "Limit" && v.price !== null && v.price > 0 ? { price: v.price } : {}),
    reduceOnly: v.reduceOnly ?? false,
    strategyId: null,
    decisionId: null,
    ...(v.stopLoss !== null && v.stopLoss > 0 ? { stopLoss: v.stopLoss } : {}),
    ...(v.takeProfit !== null && v.takeProfit > 0 ? { takeProfit: v.takeProfit } : {}),
    status: "NEW",
    filledQty: 0,
    avgFillPrice: null,
    createdAt: v.createdTime,
    updatedAt: v.updatedTime,
    rejectReason: null,
    venueOrderId: v.orderId,
  };
}

/** A HEAN order known only from its fills (its create was never recorded and it is no longer open). */
function orderFromExecutions(executions: readonly ExecutionItem[]): Order {
  const first = executions[0] as ExecutionItem;
  const at = Math.min(...executions.map((e) => e.execTime));
  return {
    clientOrderId: first.orderLinkId,
    symbol: first.symbol,
    side: first.side === "Buy" ? "BUY" : "SELL",
    type: "MARKET",
    qty: executions.reduce((sum, e) => sum + e.execQty, 0),
    reduceOnly: false,
    strategyId: null,
    decisionId: null,
    status: "NEW",
    filledQty: 0,
    avgFillPrice: null,
    createdAt: at,
    updatedAt: at,
    rejectReason: null,
    venueOrderId: first.orderId,
  };
}

/** Adverse move of the fill against the mid at submit, as a fraction (0.0005 = 5 bp). */
function slippageOf(working: Working, exec: VenueExecution): number {
  const mid = working.midAtSubmit;
  if (mid === null || mid <= 0) return 0;
  const move = (exec.execPrice - mid) / mid;
  return working.order.side === "BUY" ? move : -move;
}
