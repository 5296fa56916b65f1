/** The governor's levels, lowest first; the state is the highest level any active finding holds. */
export const RISK_STATES = ["NORMAL", "SOFT_BRAKE", "QUARANTINE", "HARD_STOP"] as const;
export type RiskState = (typeof RISK_STATES)[number];

export type RiskCode =
  | "MAX_DRAWDOWN_SOFT"
  | "MAX_DRAWDOWN_HARD"
  | "DAILY_LOSS_LIMIT"
  | "VOLATILITY_SPIKE"
  | "CONSECUTIVE_LOSSES"
  | "REJECT_RATE_HIGH"
  | "DATA_STALE"
  | "FEED_ERROR"
  | "KILLSWITCH";
