/** The seed's six gates and HEAN's exchange gate, each true when it lets the trade through. */
export interface GatingFlags {
  readonly risk_ok: boolean;
  readonly data_fresh_ok: boolean;
  readonly profit_lock_ok: boolean;
  readonly engine_running_ok: boolean;
  readonly symbol_enabled_ok: boolean;
  readonly liquidity_ok: boolean;
  /** The exchange is reachable and reconciled, and nothing unexplained sits on the symbol (paper: always). */
  readonly exchange_ok: boolean;
}
