import type { Clock } from "../clock";
import type { Tick } from "../model/market";
import type { AccountRecord, EquitySnapshotRecord } from "../model/records";
import type { Fill, OrderRequest, Position } from "../model/trading";
import type { AccountGuard } from "../trading/broker-port";
import { accountRejectReason } from "./account-checks";
import { type FundingPayment, fundingAmount } from "./funding";
import { DEFAULT_MAINTENANCE_RATE, type HeldPosition, liquidationPrices, maintenanceMargin } from "./liquidation";
import { requireFinite, requirePositive } from "./numbers";
import { type AttachedProtection, applyFillToPosition, direction, type PositionStep } from "./position-math";

export interface PortfolioOptions {
  /** "paper", "testnet" or "live" (AccountRecord.id). */
  readonly accountId: string;
  readonly initialBalance: number;
  readonly leverage: number;
  readonly clock: Clock;
  /** Maintenance margin rate for the liquidation price (DEFAULT_MAINTENANCE_RATE). */
  readonly maintenanceRate?: number;
}

/** What one fill did to the account. */
export interface FillEffect extends PositionStep {
  readonly fill: Fill;
  readonly symbol: string;
  /** The position before the fill, or null when it was flat. */
  readonly previous: Position | null;
}

export interface PositionView extends Position {
  readonly markPrice: number;
  readonly unrealizedPnl: number;
  /** |qty| × mark. */
  readonly notional: number;
  readonly marginUsed: number;
  /** Where the cross-margin account would be liquidated, the other marks unchanged; null: nowhere. */
  readonly liquidationPrice: number | null;
}

export interface PortfolioSnapshot {
  /** initial + realized − fees − funding. */
  readonly balance: number;
  /** balance + unrealized. */
  readonly equity: number;
  readonly unrealizedPnl: number;
  readonly realizedPnl: number;
  readonly feesPaid: number;
  /** Σ funding settled (paid − received). */
  readonly fundingPaid: number;
  /** Σ |qty| × mark × maintenance rate: equity at or below it is liquidated. */
  readonly maintenanceMargin: number;
  /** Σ |qty| × mark / leverage. */
  readonly marginUsed: number;
  /** equity − marginUsed (negative when the account is under water). */
  readonly marginFree: number;
  /** Σ |qty| × mark. */
  readonly exposure: number;
  readonly leverage: number;
  readonly positions: readonly PositionView[];
}

export interface PortfolioState {
  /** null: nothing was persisted yet, keep the initial balance. */
  readonly account: AccountRecord | null;
  readonly positions: readonly Position[];
}

/**
 * The account of linear USDT perpetuals in one-way mode: one net position per symbol, average-cost
 * entry, cash = initial balance + realized PnL − fees − funding, unrealized PnL at the latest mark
 * (quote mid), cross margin with a liquidation price per position.
 * It is also the broker's AccountGuard, so margin and reduce-only checks see exactly these numbers.
 */
export class Portfolio implements AccountGuard {
  readonly accountId: string;
  readonly leverage: number;
  readonly maintenanceRate: number;
  private readonly clock: Clock;
  /** Cash before any PnL, fee or funding: balance = cashBase + realizedPnl − feesPaid − fundingPaid. */
  private cashBase: number;
  private realized = 0;
  private fees = 0;
  private funding = 0;
  private startEquity: number;
  private peakEquity: number;
  private readonly open = new Map<string, Position>();
  private readonly marks = new Map<string, number>();

  constructor(options: PortfolioOptions) {
    if (options.accountId === "") throw new TypeError("accountId must not be empty");
    this.accountId = options.accountId;
    this.cashBase = requireFinite("initialBalance", options.initialBalance);
    if (this.cashBase < 0) throw new RangeError(`initialBalance must not be negative, got ${this.cashBase}`);
    this.leverage = requirePositive("leverage", options.leverage);
    this.maintenanceRate = requireFinite("maintenanceRate", options.maintenanceRate ?? DEFAULT_MAINTENANCE_RATE);
    if (this.maintenanceRate < 0 || this.maintenanceRate >= 1)
      throw new RangeError(`maintenanceRate must be in [0, 1), got ${this.maintenanceRate}`);
    this.clock = options.clock;
    this.startEquity = this.cashBase;
    this.peakEquity = this.cashBase;
  }

  /**
   * Books a fill. `protection` (an order's stopLoss / takeProfit) is attached to the position the fill
   * opens or adds to; the order itself may be passed, since Order carries both fields.
   */
  applyFill(fill: Fill, protection: AttachedProtection = {}): FillEffect {
    validateFill(fill);
    validateProtection(protection.stopLoss, protection.takeProfit);
    const previous = this.open.get(fill.symbol) ?? null;
    const step = applyFillToPosition(previous, fill, protection);
    if (step.position === null) this.open.delete(fill.symbol);
    else this.open.set(fill.symbol, step.position);
    if (!this.marks.has(fill.symbol)) this.marks.set(fill.symbol, fill.price);
    this.realized += step.realizedPnl;
    this.fees += fill.fee;
    this.updatePeak();
    return { ...step, fill, symbol: fill.symbol, previous };
  }

  /**
   * Settles funding on the symbol's position at its mark: longs pay shorts when the rate is
   * positive. null when there is no position (or no mark yet).
   */
  applyFunding(symbol: string, rate: number): FundingPayment | null {
    requireFinite(`funding rate of ${symbol}`, rate);
    const position = this.open.get(symbol);
    const markPrice = this.marks.get(symbol);
    if (position === undefined || markPrice === undefined) return null;
    const amount = fundingAmount(position.side, position.qty, markPrice, rate);
    this.funding += amount;
    this.updatePeak();
    const at = this.clock.now();
    return { symbol, at, side: position.side, qty: position.qty, markPrice, rate, amount };
  }

  /** The exchange would liquidate now: something is held and equity is at or below the maintenance margin. */
  liquidatable(): boolean {
    if (this.open.size === 0) return false;
    // On every tick of a held symbol: one pass, nothing allocated.
    let unrealized = 0;
    let maintenance = 0;
    for (const p of this.open.values()) {
      const mark = this.marks.get(p.symbol) ?? p.entryPrice;
      unrealized += direction(p.side) * (mark - p.entryPrice) * p.qty;
      maintenance += p.qty * mark * this.maintenanceRate;
    }
    return this.balance() + unrealized <= maintenance;
  }

  /** Sets the price unrealized PnL and margin are measured at (the mid of the latest quote). */
  mark(symbol: string, price: number): void {
    requirePositive(`mark price of ${symbol}`, price);
    this.marks.set(symbol, price);
    if (this.open.has(symbol)) this.updatePeak();
  }

  markTick(tick: Tick): void {
    this.mark(tick.symbol, (tick.bid + tick.ask) / 2);
  }

  markPrice(symbol: string): number | undefined {
    return this.marks.get(symbol);
  }

  position(symbol: string): Position | undefined {
    return this.open.get(symbol);
  }

  positions(): Position[] {
    return [...this.open.values()];
  }

  /** Replaces the position's stop-loss and take-profit (null clears one); null when there is no position. */
  setProtection(symbol: string, stopLoss: number | null, takeProfit: number | null): Position | null {
    validateProtection(stopLoss ?? undefined, takeProfit ?? undefined);
    const current = this.open.get(symbol);
    if (current === undefined) return null;
    const next: Position = { ...current, stopLoss, takeProfit, updatedAt: this.clock.now() };
    this.open.set(symbol, next);
    return next;
  }

  rejectReason(request: OrderRequest, referencePrice: number): string | null {
    requirePositive("referencePrice", referencePrice);
    requirePositive("order qty", request.qty);
    return accountRejectReason(request, referencePrice, {
      position: this.open.get(request.symbol),
      marginFree: this.equity() - this.exposure() / this.leverage,
      leverage: this.leverage,
    });
  }

  snapshot(): PortfolioSnapshot {
    const positions: PositionView[] = [];
    let unrealizedPnl = 0;
    let exposure = 0;
    for (const p of this.open.values()) {
      const markPrice = this.marks.get(p.symbol) ?? p.entryPrice;
      const pnl = direction(p.side) * (markPrice - p.entryPrice) * p.qty;
      const notional = p.qty * markPrice;
      unrealizedPnl += pnl;
      exposure += notional;
      positions.push({
        ...p,
        markPrice,
        unrealizedPnl: pnl,
        notional,
        marginUsed: notional / this.leverage,
        liquidationPrice: null,
      });
    }
    const balance = this.balance();
    const equity = balance + unrealizedPnl;
    const marginUsed = exposure / this.leverage;
    const held = this.held();
    const liquidation = liquidationPrices(held, equity, this.maintenanceRate);
    return {
      balance,
      equity,
      unrealizedPnl,
      realizedPnl: this.realized,
      feesPaid: this.fees,
      fundingPaid: this.funding,
      maintenanceMargin: maintenanceMargin(held, this.maintenanceRate),
      marginUsed,
      marginFree: equity - marginUsed,
      exposure,
      leverage: this.leverage,
      positions: positions.map((p) => ({ ...p, liquidationPrice: liquidation.get(p.symbol) ?? null })),
    };
  }

  account(): AccountRecord {
    return {
      id: this.accountId,
      balance: this.balance(),
      realizedPnl: this.realized,
      feesPaid: this.fees,
      fundingPaid: this.funding,
      startEquity: this.startEquity,
      peakEquity: this.peakEquity,
      updatedAt: this.clock.now(),
    };
  }

  /** The periodic snapshot (every EQUITY_SNAPSHOT_SEC): the totals only, no per-position views. */
  equitySnapshot(): EquitySnapshotRecord {
    const balance = this.balance();
    const equity = this.equity();
    return {
      at: this.clock.now(),
      balance,
      equity,
      unrealizedPnl: equity - balance,
      realizedPnl: this.realized,
      marginUsed: this.exposure() / this.leverage,
      feesPaid: this.fees,
    };
  }

  /** Recovery: replaces the account and positions with persisted ones. Marks already seen are kept. */
  restore(state: PortfolioState): void {
    const seen = new Set<string>();
    for (const p of state.positions) {
      validatePosition(p);
      if (seen.has(p.symbol)) throw new Error(`restore: two positions for ${p.symbol}`);
      seen.add(p.symbol);
    }
    const { account } = state;
    if (account !== null) {
      if (account.id !== this.accountId) {
        throw new Error(`restore: account ${account.id} is not this portfolio's account ${this.accountId}`);
      }
      for (const key of ["balance", "realizedPnl", "feesPaid", "startEquity", "peakEquity"] as const) {
        requireFinite(`account.${key}`, account[key]);
      }
      // A record from before funding was modelled has none.
      const funding = requireFinite("account.fundingPaid", account.fundingPaid ?? 0);
      this.realized = account.realizedPnl;
      this.fees = account.feesPaid;
      this.funding = funding;
      this.cashBase = account.balance - account.realizedPnl + account.feesPaid + funding;
      this.startEquity = account.startEquity;
      this.peakEquity = account.peakEquity;
    }
    this.open.clear();
    for (const p of state.positions) this.open.set(p.symbol, p);
    this.updatePeak();
  }

  /**
   * The exchange's position replaces this one (reconciliation found they differ): no PnL is booked
   * for the difference, since HEAN cannot know at what price it arose.
   */
  replacePosition(symbol: string, position: Position | null): void {
    if (position === null) this.open.delete(symbol);
    else {
      if (position.symbol !== symbol) throw new Error(`replacePosition: ${position.symbol} is not ${symbol}`);
      validatePosition(position);
      this.open.set(symbol, position);
    }
    this.updatePeak();
  }

  /**
   * The exchange's wallet balance replaces the computed one (funding and fees HEAN did not see).
   * Realized PnL and fees stay as HEAN counted them; the difference moves the cash base.
   */
  setBalance(balance: number): void {
    requireFinite("balance", balance);
    this.cashBase = balance - this.realized + this.fees + this.funding;
    this.updatePeak();
  }

  private balance(): number {
    return this.cashBase + this.realized - this.fees - this.funding;
  }

  private held(): HeldPosition[] {
    const out: HeldPosition[] = [];
    for (const p of this.open.values()) out.push({ ...p, markPrice: this.marks.get(p.symbol) ?? p.entryPrice });
    return out;
  }

  /** The hot-path totals (every mark of a held symbol), without building the snapshot's views. */
  equity(): number {
    let unrealized = 0;
    for (const p of this.open.values()) {
      unrealized += direction(p.side) * ((this.marks.get(p.symbol) ?? p.entryPrice) - p.entryPrice) * p.qty;
    }
    return this.balance() + unrealized;
  }

  private exposure(): number {
    let exposure = 0;
    for (const p of this.open.values()) exposure += p.qty * (this.marks.get(p.symbol) ?? p.entryPrice);
    return exposure;
  }

  private updatePeak(): void {
    const equity = this.equity();
    if (equity > this.peakEquity) this.peakEquity = equity;
  }
}

function validateFill(fill: Fill): void {
  if (fill.symbol === "") throw new TypeError(`fill ${fill.id} has no symbol`);
  if (fill.side !== "BUY" && fill.side !== "SELL") throw new TypeError(`fill ${fill.id} has side ${String(fill.side)}`);
  requirePositive(`fill ${fill.id} qty`, fill.qty);
  requirePositive(`fill ${fill.id} price`, fill.price);
  requireFinite(`fill ${fill.id} fee`, fill.fee);
  requireFinite(`fill ${fill.id} ts`, fill.ts);
}

function validateProtection(stopLoss: number | undefined, takeProfit: number | undefined): void {
  if (stopLoss !== undefined) requirePositive("stopLoss", stopLoss);
  if (takeProfit !== undefined) requirePositive("takeProfit", takeProfit);
}

function validatePosition(p: Position): void {
  if (p.side !== "LONG" && p.side !== "SHORT") throw new TypeError(`position ${p.symbol} has side ${String(p.side)}`);
  requirePositive(`position ${p.symbol} qty`, p.qty);
  requirePositive(`position ${p.symbol} entryPrice`, p.entryPrice);
  requireFinite(`position ${p.symbol} realizedPnl`, p.realizedPnl);
  validateProtection(p.stopLoss ?? undefined, p.takeProfit ?? undefined);
}
