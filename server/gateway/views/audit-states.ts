import type { AuditRecord } from "../../engine/model/records";
import type { HeanRuntime } from "../../runtime";
import { iso } from "./time";

// What the audit trail records as "before" and "after" of each command: the state it changes.

export const engineState = (rt: HeanRuntime) => () => ({
  engine_state: rt.engine.state,
  killswitch: rt.engine.killswitch().triggered,
});

export const riskState = (rt: HeanRuntime) => () => {
  const s = rt.engine.risk?.status();
  return s === undefined ? null : { risk_state: s.state, reason_codes: [...s.reasonCodes] };
};

export const positionState = (rt: HeanRuntime, symbol: string) => () => {
  const trading = rt.engine.trading;
  if (trading === null) return null;
  const p = trading.portfolio.position(symbol);
  return {
    symbol,
    position: p === undefined ? null : { side: p.side, qty: p.qty, entry_price: p.entryPrice },
    open_orders: trading.broker.openOrders().filter((o) => o.symbol === symbol).length,
  };
};

export const orderState = (rt: HeanRuntime, clientOrderId: string) => () => {
  const o = rt.engine.trading?.broker.order(clientOrderId);
  return {
    client_order_id: clientOrderId,
    order: o === undefined ? null : { status: o.status, filled_qty: o.filledQty, qty: o.qty },
  };
};

export const heldState = (rt: HeanRuntime, symbol: string) => () => ({
  symbol,
  held: rt.exchange?.status().unexplained.some((u) => u.symbol === symbol) ?? false,
});

export const auditPayload = (e: AuditRecord) => ({
  timestamp: iso(e.at),
  action: e.action,
  actor: e.actor,
  via: e.via,
  address: e.address,
  outcome: e.outcome,
  detail: e.detail,
  before: e.before,
  after: e.after,
});

export type AuditEntryPayload = ReturnType<typeof auditPayload>;
