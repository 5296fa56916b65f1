import type { HeanRuntime } from "../../runtime";
import { isoOrNull, round } from "./time";

/** The Bybit session for system_status and the dashboard: null for paper trading. */
export function exchangeStatus(rt: HeanRuntime, now: number) {
  const s = rt.exchange?.status();
  if (s === undefined) return null;
  return {
    private_stream: s.privateStream,
    down_for_sec: s.downSince === null ? null : round((now - s.downSince) / 1000, 1),
    dead_man_tripped: s.deadManTripped,
    reconciled: s.reconciled,
    reconciling: s.reconciling,
    last_reconciled_at: isoOrNull(s.lastReconciledAt),
    reconciliations: s.reconciliations,
    last_error: s.lastError,
    last_differences: s.lastDifferences,
    unexplained: s.unexplained.map((u) => ({ symbol: u.symbol, reason: u.reason, since: isoOrNull(u.since) })),
    account:
      s.account === null
        ? null
        : {
            account_type: s.account.accountType,
            margin_mode: s.account.marginMode,
            wallet_balance: round(s.account.walletBalance, 8),
            equity: round(s.account.equity, 8),
            available_balance: s.account.availableBalance === null ? null : round(s.account.availableBalance, 8),
          },
  };
}

/** What /health and not_trading_because say about the exchange session, in words. */
export function exchangeProblems(rt: HeanRuntime): string[] {
  const s = rt.exchange?.status();
  if (s === undefined) return [];
  const out: string[] = [];
  if (s.privateStream === "down")
    out.push(
      `exchange: Bybit's private stream is down${s.deadManTripped ? " (dead-man's switch tripped)" : ""}: no new orders until it is back and reconciled`,
    );
  else if (!s.reconciled)
    out.push(
      `exchange: not reconciled with Bybit yet${s.lastError === null ? "" : ` (${s.lastError})`}: no new orders until it is`,
    );
  for (const u of s.unexplained)
    out.push(`exchange: ${u.symbol} held back: ${u.reason}; review it at Bybit, then acknowledge it on the dashboard`);
  return out;
}
