import { ManualClock } from "../../clock";
import { type FeeRates, PaperBroker } from "../../execution/paper-broker";
import { NO_SLIPPAGE, type SlippageModel } from "../../execution/slippage";
import type { Tick } from "../../model/market";
import type { Fill, Order, OrderRequest, OrderUpdate } from "../../model/trading";
import { type FillEffect, Portfolio } from "../portfolio";
import { ProtectiveExits } from "../protective-exits";

export interface PaperDeskOptions {
  readonly start?: number;
  readonly initialBalance?: number;
  readonly leverage?: number;
  readonly latencyMs?: number;
  readonly fees?: FeeRates;
  readonly slippage?: SlippageModel;
}

/**
 * Test wiring of clock, portfolio, paper broker and protective exits as the engine wires them: every
 * fill is booked in the portfolio inside the broker's listener, so the next account check sees it.
 */
export class PaperDesk {
  readonly clock: ManualClock;
  readonly initialBalance: number;
  readonly portfolio: Portfolio;
  readonly broker: PaperBroker;
  readonly exits = new ProtectiveExits();
  readonly updates: OrderUpdate[] = [];
  readonly fills: Fill[] = [];
  readonly effects: FillEffect[] = [];
  /** Every order ever submitted, by client id, as first returned by submit. */
  readonly submitted = new Map<string, Order>();
  private seq = 0;

  constructor(options: PaperDeskOptions = {}) {
    this.clock = new ManualClock(options.start ?? Date.UTC(2022, 0, 1));
    this.initialBalance = options.initialBalance ?? 10_000;
    this.portfolio = new Portfolio({
      accountId: "paper",
      initialBalance: this.initialBalance,
      leverage: options.leverage ?? 10,
      clock: this.clock,
    });
    let n = 0;
    this.broker = new PaperBroker({
      clock: this.clock,
      guard: this.portfolio,
      fees: options.fees ?? { makerRate: 0.0002, takerRate: 0.00055 },
      slippage: options.slippage ?? NO_SLIPPAGE,
      latencyMs: options.latencyMs ?? 0,
      idGenerator: () => `id-${++n}`,
    });
    this.broker.connect((update) => {
      this.updates.push(update);
      if (update.type !== "ORDER_FILLED") return;
      this.fills.push(update.fill);
      this.effects.push(this.portfolio.applyFill(update.fill, update.order.reduceOnly ? {} : update.order));
    });
  }

  /** A tick as the engine delivers it: clock, mark, matching, then stop-loss / take-profit. */
  tick(tick: Tick): void {
    this.clock.advanceTo(tick.ts);
    this.portfolio.markTick(tick);
    this.broker.onTick(tick);
    const position = this.portfolio.position(tick.symbol);
    if (position === undefined) return;
    const exit = this.exits.check(tick, position, this.broker);
    if (exit !== null) this.submit(exit);
  }

  submit(request: Omit<OrderRequest, "clientOrderId" | "strategyId" | "decisionId"> & Partial<OrderRequest>): Order {
    const order = this.broker.submit({
      clientOrderId: `o-${++this.seq}`,
      strategyId: "test",
      decisionId: null,
      ...request,
    });
    if (!this.submitted.has(order.clientOrderId)) this.submitted.set(order.clientOrderId, order);
    return order;
  }
}

export function quote(symbol: string, ts: number, bid: number, ask: number, size = 10): Tick {
  return { symbol, ts, bid, ask, last: (bid + ask) / 2, bidSize: size, askSize: size, volume: 0 };
}
