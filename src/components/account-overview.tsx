"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { formatSigned } from "@/lib/format";
import { useTRPC } from "@/trpc/client";

const money = (x: number) => x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const tone = (x: number) => (x > 0 ? "text-up" : x < 0 ? "text-down" : "text-gray-100");

/** Equity, balance and PnL from the metrics topic (every second). */
export function AccountOverview() {
  const trpc = useTRPC();
  const metrics = useSubscription(trpc.trading.onMetrics.subscriptionOptions());
  const m = metrics.data;
  if (m === undefined) return <p className="text-sm text-gray-500">Waiting for the account…</p>;
  return (
    <div className="grid grid-cols-2 gap-4 md:grid-cols-5">
      <Figure label="Equity" value={money(m.equity)} testId="equity" />
      <Figure label="Balance" value={money(m.balance)} testId="balance" />
      <Figure
        label="Daily PnL"
        value={`${formatSigned(m.daily_pnl)} (${formatSigned(m.daily_return_pct, 2)}%)`}
        className={tone(m.daily_pnl)}
        testId="daily-pnl"
      />
      <Figure label="Return" value={`${formatSigned(m.return_pct, 2)}%`} className={tone(m.return_pct)} />
      <Figure label="Unrealized" value={formatSigned(m.unrealized_pnl)} className={tone(m.unrealized_pnl)} />
      <Figure label="Realized" value={formatSigned(m.realized_pnl)} className={tone(m.realized_pnl)} />
      <Figure label="Fees" value={money(m.fees_paid)} />
      <Figure label="Funding paid" value={formatSigned(m.funding_paid)} testId="funding-paid" />
      <Figure label="Margin used" value={money(m.margin_used)} />
    </div>
  );
}

function Figure({
  label,
  value,
  className,
  testId,
}: {
  label: string;
  value: string;
  className?: string;
  testId?: string;
}) {
  return (
    <div>
      <div className="text-xs text-gray-500">{label}</div>
      <div data-testid={testId} className={`font-mono text-base ${className ?? ""}`}>
        {value}
      </div>
    </div>
  );
}
