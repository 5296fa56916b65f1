import { randomUUID } from "node:crypto";

/** The fake exchange's top of book for a symbol, as the public side shows it. */
export type BookOf = (symbol: string) => { bid: number; ask: number };

interface FakeOrder {
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: "Buy" | "Sell";
  orderType: "Market" | "Limit";
  price: number;
  qty: number;
  cumExecQty: number;
  cumExecValue: number;
  cumExecFee: number;
  orderStatus: string;
  reduceOnly: boolean;
  rejectReason: string;
  createdTime: number;
  updatedTime: number;
}

interface FakeExecution {
  execId: string;
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: "Buy" | "Sell";
  execPrice: number;
  execQty: number;
  execValue: number;
  execFee: number;
  execType: "Trade";
  isMaker: boolean;
  execTime: number;
  leavesQty: number;
  seq: number;
}

/** What the account pushes on the private stream: (topic, data items). */
export type PrivatePush = (topic: "order" | "execution" | "position" | "wallet", data: unknown[]) => void;

export type CreateOutcome =
  | { readonly ok: true; readonly orderId: string; readonly orderLinkId: string }
  | { readonly ok: false; readonly retCode: number; readonly retMsg: string };

const TAKER_FEE = 0.00055;
const MAKER_FEE = 0.0002;
const LEVERAGE = 10;

/**
 * The fake exchange's account (one-way mode, USDT linear): orders keyed by orderLinkId (a reuse
 * answers 110072), market orders filled at once against the public top of book, limit orders
 * resting until the book crosses them, a position and a wallet per fill, and the private stream's
 * messages in Bybit's shapes. A test can ask for a duplicated fill message.
 */
export class FakeAccount {
  private readonly orders = new Map<string, FakeOrder>();
  private readonly executions: FakeExecution[] = [];
  private readonly positions = new Map<string, { size: number; entry: number; realised: number }>();
  private balance: number;
  private seq = 1;
  private duplicateFills = 0;
  private holdMarket = false;

  constructor(
    private readonly book: BookOf,
    private readonly push: PrivatePush,
    private readonly now: () => number,
    initialBalance = 10_000,
  ) {
    this.balance = initialBalance;
  }

  /** While on, market orders are accepted but wait for forceFill (an order caught between its phases). */
  holdMarketOrders(on: boolean): void {
    this.holdMarket = on;
  }

  /** Fills `qty` of a working order now (all that is left when omitted): a partial or a late fill. */
  forceFill(orderLinkId: string, qty?: number): void {
    const order = this.orders.get(orderLinkId);
    if (order === undefined || !["New", "PartiallyFilled"].includes(order.orderStatus))
      throw new Error(`fake Bybit: no working order ${orderLinkId}`);
    const { bid, ask } = this.book(order.symbol);
    const price = order.orderType === "Limit" ? order.price : order.side === "Buy" ? ask : bid;
    this.fill(order, price, order.orderType === "Limit", Math.min(qty ?? Infinity, order.qty - order.cumExecQty));
  }

  /** The venue's order for a link id (a test reads its state). */
  orderState(orderLinkId: string): { status: string; cumExecQty: number } | null {
    const o = this.orders.get(orderLinkId);
    return o === undefined ? null : { status: o.orderStatus, cumExecQty: o.cumExecQty };
  }

  /** How many orders the venue holds in all: a restart test proves none was doubled. */
  orderCount(): number {
    return this.orders.size;
  }

  /** The next `n` fills are sent twice on the private stream (as a cancel racing a fill can cause). */
  duplicateNextFills(n: number): void {
    this.duplicateFills = n;
  }

  create(body: Record<string, unknown>): CreateOutcome {
    const orderLinkId = String(body.orderLinkId ?? "");
    const symbol = String(body.symbol ?? "");
    const side = body.side === "Sell" ? "Sell" : "Buy";
    const orderType = body.orderType === "Limit" ? "Limit" : "Market";
    const qty = Number(body.qty);
    const price = Number(body.price ?? 0);
    if (orderLinkId.length > 36) return { ok: false, retCode: 10001, retMsg: "orderLinkId is too long" };
    if (orderLinkId !== "" && this.orders.has(orderLinkId))
      return { ok: false, retCode: 110072, retMsg: "OrderLinkedID is duplicate" };
    if (!(qty > 0)) return { ok: false, retCode: 10001, retMsg: "qty invalid" };
    const reduceOnly = body.reduceOnly === true || body.reduceOnly === "true";
    const { bid, ask } = this.book(symbol);
    const reference = orderType === "Limit" ? price : side === "Buy" ? ask : bid;
    if (!reduceOnly && (qty * reference) / LEVERAGE > this.available())
      return { ok: false, retCode: 110007, retMsg: "ab not enough for new order" };
    const position = this.positions.get(symbol)?.size ?? 0;
    if (reduceOnly && (position === 0 || Math.sign(position) === (side === "Buy" ? 1 : -1)))
      return { ok: false, retCode: 110017, retMsg: "current position is zero, cannot fix reduce-only order qty" };
    const now = this.now();
    const order: FakeOrder = {
      orderId: randomUUID(),
      orderLinkId: orderLinkId || randomUUID(),
      symbol,
      side,
      orderType,
      price: orderType === "Limit" ? price : 0,
      qty,
      cumExecQty: 0,
      cumExecValue: 0,
      cumExecFee: 0,
      orderStatus: "New",
      reduceOnly,
      rejectReason: "EC_NoError",
      createdTime: now,
      updatedTime: now,
    };
    this.orders.set(order.orderLinkId, order);
    this.push("order", [this.orderView(order)]);
    if (orderType === "Market" && !this.holdMarket) this.fill(order, side === "Buy" ? ask : bid, false);
    else if (orderType === "Limit") this.match(order);
    return { ok: true, orderId: order.orderId, orderLinkId: order.orderLinkId };
  }

  cancel(body: Record<string, unknown>): CreateOutcome {
    const order = this.find(body);
    if (order === undefined || !["New", "PartiallyFilled"].includes(order.orderStatus))
      return { ok: false, retCode: 110001, retMsg: "order not exists or too late to cancel" };
    order.orderStatus = order.cumExecQty > 0 ? "PartiallyFilledCanceled" : "Cancelled";
    order.updatedTime = this.now();
    this.push("order", [this.orderView(order)]);
    return { ok: true, orderId: order.orderId, orderLinkId: order.orderLinkId };
  }

  /** Resting limit orders that the book now crosses fill as makers at their price. */
  onBook(): void {
    for (const order of this.orders.values()) if (order.orderType === "Limit") this.match(order);
  }

  openOrders(filter: { orderLinkId?: string | null; symbol?: string | null }) {
    return [...this.orders.values()]
      .filter((o) =>
        filter.orderLinkId ? o.orderLinkId === filter.orderLinkId : ["New", "PartiallyFilled"].includes(o.orderStatus),
      )
      .filter((o) => !filter.symbol || o.symbol === filter.symbol)
      .map((o) => this.orderView(o));
  }

  executionList(filter: { startTime: number; orderLinkId?: string | null }) {
    return this.executions
      .filter((e) => e.execTime >= filter.startTime && (!filter.orderLinkId || e.orderLinkId === filter.orderLinkId))
      .map(stringify);
  }

  positionList() {
    return [...this.positions.entries()].map(([symbol, p]) => this.positionView(symbol, p));
  }

  /** Venue orders for a link id: a test proves a retried create made exactly one. */
  ordersFor(orderLinkId: string): number {
    return this.orders.has(orderLinkId) ? 1 : 0;
  }

  wallet() {
    const upl = this.unrealised();
    return {
      accountType: "UNIFIED",
      totalEquity: String(this.balance + upl),
      totalWalletBalance: String(this.balance),
      totalAvailableBalance: String(this.available()),
      totalInitialMargin: String(this.margin()),
      totalMaintenanceMargin: String(this.margin() / 2),
      coin: [
        {
          coin: "USDT",
          equity: String(this.balance + upl),
          walletBalance: String(this.balance),
          availableToWithdraw: String(this.available()),
          locked: "0",
          unrealisedPnl: String(upl),
          cumRealisedPnl: "0",
          totalPositionIM: String(this.margin()),
          totalOrderIM: "0",
        },
      ],
    };
  }

  private find(body: Record<string, unknown>): FakeOrder | undefined {
    if (typeof body.orderLinkId === "string" && body.orderLinkId !== "") return this.orders.get(body.orderLinkId);
    return [...this.orders.values()].find((o) => o.orderId === body.orderId);
  }

  private match(order: FakeOrder): void {
    if (!["New", "PartiallyFilled"].includes(order.orderStatus)) return;
    const { bid, ask } = this.book(order.symbol);
    const crosses = order.side === "Buy" ? ask <= order.price : bid >= order.price;
    if (crosses) this.fill(order, order.price, true);
  }

  private fill(order: FakeOrder, price: number, maker: boolean, qty = order.qty - order.cumExecQty): void {
    const now = this.now();
    const fee = qty * price * (maker ? MAKER_FEE : TAKER_FEE);
    order.cumExecQty += qty;
    order.cumExecValue += qty * price;
    order.cumExecFee += fee;
    order.orderStatus = order.qty - order.cumExecQty < 1e-12 ? "Filled" : "PartiallyFilled";
    order.updatedTime = now;
    const exec: FakeExecution = {
      execId: randomUUID(),
      orderId: order.orderId,
      orderLinkId: order.orderLinkId,
      symbol: order.symbol,
      side: order.side,
      execPrice: price,
      execQty: qty,
      execValue: qty * price,
      execFee: fee,
      execType: "Trade",
      isMaker: maker,
      execTime: now,
      leavesQty: order.qty - order.cumExecQty,
      seq: this.seq++,
    };
    this.executions.push(exec);
    this.balance -= fee;
    this.applyToPosition(order.symbol, order.side === "Buy" ? qty : -qty, price);
    const times = this.duplicateFills > 0 ? 2 : 1;
    if (this.duplicateFills > 0) this.duplicateFills--;
    for (let i = 0; i < times; i++) {
      this.push("execution", [stringify(exec)]);
      this.push("order", [this.orderView(order)]);
    }
    const p = this.positions.get(order.symbol);
    this.push("position", [this.positionView(order.symbol, p ?? { size: 0, entry: 0, realised: 0 })]);
    this.push("wallet", [this.wallet()]);
  }

  private applyToPosition(symbol: string, signedQty: number, price: number): void {
    const p = this.positions.get(symbol) ?? { size: 0, entry: 0, realised: 0 };
    if (p.size === 0 || Math.sign(p.size) === Math.sign(signedQty)) {
      const size = p.size + signedQty;
      p.entry = (p.entry * Math.abs(p.size) + price * Math.abs(signedQty)) / Math.abs(size);
      p.size = size;
    } else {
      const closing = Math.min(Math.abs(signedQty), Math.abs(p.size));
      const pnl = closing * (price - p.entry) * Math.sign(p.size);
      p.realised += pnl;
      this.balance += pnl;
      p.size += signedQty;
      if (Math.abs(p.size) < 1e-12) p.size = 0;
      if (p.size !== 0 && Math.sign(p.size) === Math.sign(signedQty)) p.entry = price;
    }
    this.positions.set(symbol, p);
  }

  private positionView(symbol: string, p: { size: number; entry: number; realised: number }) {
    const { bid, ask } = this.book(symbol);
    const mark = (bid + ask) / 2;
    return {
      category: "linear",
      symbol,
      side: p.size > 0 ? "Buy" : p.size < 0 ? "Sell" : "",
      size: String(Math.abs(p.size)),
      positionIdx: 0,
      entryPrice: String(p.entry),
      avgPrice: String(p.entry),
      markPrice: String(mark),
      leverage: String(LEVERAGE),
      positionValue: String(Math.abs(p.size) * p.entry),
      liqPrice: "",
      unrealisedPnl: String(p.size * (mark - p.entry)),
      cumRealisedPnl: String(p.realised),
      positionStatus: "Normal",
      createdTime: String(this.now()),
      updatedTime: String(this.now()),
      seq: this.seq++,
    };
  }

  private orderView(o: FakeOrder) {
    return {
      category: "linear",
      symbol: o.symbol,
      orderId: o.orderId,
      orderLinkId: o.orderLinkId,
      side: o.side,
      orderType: o.orderType,
      orderStatus: o.orderStatus,
      price: String(o.price),
      qty: String(o.qty),
      leavesQty: String(["New", "PartiallyFilled"].includes(o.orderStatus) ? o.qty - o.cumExecQty : 0),
      cumExecQty: String(o.cumExecQty),
      cumExecValue: String(o.cumExecValue),
      cumExecFee: String(o.cumExecFee),
      avgPrice: o.cumExecQty > 0 ? String(o.cumExecValue / o.cumExecQty) : "",
      timeInForce: o.orderType === "Market" ? "IOC" : "GTC",
      reduceOnly: o.reduceOnly,
      positionIdx: 0,
      rejectReason: o.rejectReason,
      createdTime: String(o.createdTime),
      updatedTime: String(o.updatedTime),
    };
  }

  private unrealised(): number {
    let upl = 0;
    for (const [symbol, p] of this.positions) {
      const { bid, ask } = this.book(symbol);
      upl += p.size * ((bid + ask) / 2 - p.entry);
    }
    return upl;
  }

  private margin(): number {
    let m = 0;
    for (const p of this.positions.values()) m += (Math.abs(p.size) * p.entry) / LEVERAGE;
    return m;
  }

  private available(): number {
    return this.balance + Math.min(0, this.unrealised()) - this.margin();
  }
}

function stringify(e: FakeExecution) {
  return {
    category: "linear",
    ...e,
    execPrice: String(e.execPrice),
    execQty: String(e.execQty),
    execValue: String(e.execValue),
    execFee: String(e.execFee),
    feeRate: String(e.isMaker ? MAKER_FEE : TAKER_FEE),
    leavesQty: String(e.leavesQty),
    execTime: String(e.execTime),
  };
}
