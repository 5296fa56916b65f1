import type { Order, Position } from "../../engine/model/trading";
import type { HeanRuntime } from "../../runtime";
import { isoOrNull, round } from "./time";
import { requireTrading } from "./trading-why";

export const positionPayload = (p: Position, mark: number | undefined, liquidationPrice: number | null = null) => ({
  symbol: p.symbol,
  side: p.side,
  qty: p.qty,
  entry_price: p.entryPrice,
  mark_price: mark ?? null,
  unrealized_pnl: mark === undefined ? null : round((mark - p.entryPrice) * p.qty * (p.side === "LONG" ? 1 : -1), 8),
  realized_pnl: round(p.realizedPnl, 8),
  stop_loss: p.stopLoss,
  take_profit: p.takeProfit,
  /** Where the cross-margin account would be liquidated, the other marks unchanged (null: nowhere). */
  liquidation_price: liquidationPrice === null ? null : round(liquidationPrice, 8),
  opened_at: isoOrNull(p.openedAt),
  updated_at: isoOrNull(p.updatedAt),
});

export const orderPayload = (o: Order) => ({
  client_order_id: o.clientOrderId,
  symbol: o.symbol,
  side: o.side,
  type: o.type,
  qty: o.qty,
  price: o.price ?? null,
  status: o.status,
  filled_qty: o.filledQty,
  avg_fill_price: o.avgFillPrice,
  reduce_only: o.reduceOnly,
  strategy_id: o.strategyId,
  reject_reason: o.rejectReason,
  created_at: isoOrNull(o.createdAt),
  updated_at: isoOrNull(o.updatedAt),
});

/** GET /portfolio/summary: balances, equity, PnL, positions and open orders, as the engine holds them. */
export function portfolioSummary(rt: HeanRuntime) {
  const trading = requireTrading(rt);
  const p = trading.portfolio.snapshot();
  const account = trading.portfolio.account();
  return {
    account_id: account.id,
    mode: rt.mode,
    balance: round(p.balance, 8),
    equity: round(p.equity, 8),
    unrealized_pnl: round(p.unrealizedPnl, 8),
    realized_pnl: round(p.realizedPnl, 8),
    fees_paid: round(p.feesPaid, 8),
    funding_paid: round(p.fundingPaid, 8),
    maintenance_margin: round(p.maintenanceMargin, 8),
    margin_used: round(p.marginUsed, 8),
    margin_free: round(p.marginFree, 8),
    exposure: round(p.exposure, 8),
    leverage: p.leverage,
    start_equity: round(account.startEquity, 8),
    peak_equity: round(account.peakEquity, 8),
    return_pct: account.startEquity > 0 ? round(((p.equity - account.startEquity) / account.startEquity) * 100, 6) : 0,
    positions: p.positions.map((pos) =>
      positionPayload(pos, trading.portfolio.markPrice(pos.symbol), pos.liquidationPrice),
    ),
    open_orders: trading.broker.openOrders().map(orderPayload),
    timestamp: isoOrNull(rt.engine.clock.now()),
  };
}
