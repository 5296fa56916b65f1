import type { Fill, OrderStatus } from "../../../engine/model/trading";

/**
 * Bybit's orderStatus in the engine's terms; `filledQty` decides what an end means: an order that
 * was partly filled and then rejected or cancelled is CANCELLED with its fills, never REJECTED (which
 * says nothing happened). Unknown statuses are null: the order is read back, not guessed.
 */
export function orderStatusOf(bybit: string, filledQty: number): OrderStatus | null {
  if (bybit === "Rejected" && filledQty > 0) return "CANCELLED";
  switch (bybit) {
    case "Created":
    case "New":
    case "Untriggered":
    case "Triggered":
      return "NEW";
    case "PartiallyFilled":
      return "PARTIALLY_FILLED";
    case "Filled":
      return "FILLED";
    case "Cancelled":
    case "PartiallyFilledCanceled":
    case "Deactivated":
      return "CANCELLED";
    case "Rejected":
      return "REJECTED";
    default:
      return null;
  }
}

/** An execution as Bybit reports it (stream or REST), the fields a fill needs. */
export interface VenueExecution {
  readonly execId: string;
  readonly orderLinkId: string;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: "Buy" | "Sell";
  readonly execPrice: number;
  readonly execQty: number;
  readonly execFee?: number | null;
  readonly execType?: string | undefined;
  readonly isMaker: boolean;
  readonly execTime: number;
}

/** Executions that move a position (a funding settlement or a delivery does not). */
const TRADES = new Set(["Trade", "AdlTrade", "BustTrade"]);

/** Whether an execution moves a position (one without a type is a trade). */
export const movesPosition = (execType: string | undefined) => execType === undefined || TRADES.has(execType);

/**
 * Turns executions into fills, each execId once: a cancel racing a fill can bring the same fill
 * twice (two `Filled` order messages, the execution stream and the REST list after a reconnect).
 * Remembers the last `capacity` ids; older ones are caught by the database's unique fill id.
 */
export class ExecutionLedger {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];
  private head = 0;

  constructor(private readonly capacity = 50_000) {}

  /** The fill for this execution, or null when it was already counted or moves no position. */
  apply(
    exec: VenueExecution,
    context: { readonly submittedAt: number | null; readonly slippage: number },
  ): Fill | null {
    if (!movesPosition(exec.execType)) return null;
    if (!(exec.execQty > 0) || this.seen.has(exec.execId)) return null;
    this.remember(exec.execId);
    return {
      id: exec.execId,
      // Executions Bybit starts itself (auto-deleveraging, liquidation) belong to no HEAN order.
      orderId: exec.orderLinkId === "" ? `venue:${exec.orderId}` : exec.orderLinkId,
      symbol: exec.symbol,
      side: exec.side === "Buy" ? "BUY" : "SELL",
      qty: exec.execQty,
      price: exec.execPrice,
      fee: exec.execFee ?? 0,
      liquidity: exec.isMaker ? "MAKER" : "TAKER",
      ts: exec.execTime,
      latencyMs: context.submittedAt === null ? 0 : Math.max(0, exec.execTime - context.submittedAt),
      slippage: context.slippage,
    };
  }

  /** Whether this execution was already counted. */
  has(execId: string): boolean {
    return this.seen.has(execId);
  }

  /** Marks ids as counted (fills restored from the database at start). */
  known(ids: Iterable<string>): void {
    for (const id of ids) if (!this.seen.has(id)) this.remember(id);
  }

  private remember(id: string): void {
    this.seen.add(id);
    this.order.push(id);
    if (this.order.length - this.head > this.capacity) this.seen.delete(this.order[this.head++] ?? "");
    if (this.head > this.capacity) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }
}
