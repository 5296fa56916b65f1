/**
 * The closed list of reasons the engine declines (or shapes) a trade. Every ORDER_DECISION that is
 * not a plain CREATE carries at least one; /trading/why counts them. Never a bare "RISK_BLOCKED".
 */
export const REASON_CODES = {
  ENGINE_PAUSED: "The engine is paused: no new entries (exits still run)",
  ENGINE_STOPPED: "The engine is stopped",
  KILLSWITCH_ACTIVE: "The killswitch is triggered: no new orders until it is cleared",
  RISK_HARD_STOP: "Risk governor HARD_STOP: all new orders blocked",
  RISK_QUARANTINE: "Risk governor QUARANTINE: this symbol is blocked",
  RISK_SOFT_BRAKE: "Risk governor SOFT_BRAKE: size halved, cooldowns doubled",
  DAILY_LOSS_LIMIT: "The daily loss limit is reached",
  PROFIT_LOCK: "Profit capture locked trading",
  DATA_STALE: "Market data for the symbol is stale",
  LOW_LIQUIDITY: "Spread too wide or volume too thin for the symbol",
  SYMBOL_DISABLED: "The strategy is not enabled for this symbol",
  COOLDOWN: "The symbol traded recently; waiting for its cooldown",
  MAX_POSITIONS: "The maximum number of open positions is reached",
  POSITION_EXISTS: "A position on this side is already open",
  ORDER_PENDING: "An order for this symbol is still open",
  NO_POSITION: "An exit signal with no position to exit",
  LOW_CONFIDENCE: "Signal confidence below the minimum",
  INSUFFICIENT_MARGIN: "Not enough free margin for the order",
  SIZE_TOO_SMALL: "The computed order size is below the minimum notional",
  EXCHANGE_NOT_RECONCILED: "HEAN has not yet reconciled its orders, fills and positions with the exchange",
  EXCHANGE_UNREACHABLE: "The exchange's private stream is down: no new orders until it is back and reconciled",
  VENUE_UNEXPLAINED:
    "The exchange shows an order or position on this symbol that HEAN did not make; a person must review it",
} as const;

export type ReasonCode = keyof typeof REASON_CODES;
export const REASON_CODE_LIST = Object.keys(REASON_CODES) as ReasonCode[];
