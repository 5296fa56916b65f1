/** The seed's six gates, each true when it lets the trade through. */
export interface GatingFlags {
  readonly risk_ok: boolean;
  readonly data_fresh_ok: boolean;
  readonly profit_lock_ok: boolean;
  readonly engine_running_ok: boolean;
  readonly symbol_enabled_ok: boolean;
  readonly liquidity_ok: boolean;
}

export const ALL_GATES_OPEN: GatingFlags = {
  risk_ok: true,
  data_fresh_ok: true,
  profit_lock_ok: true,
  engine_running_ok: true,
  symbol_enabled_ok: true,
  liquidity_ok: true,
};
