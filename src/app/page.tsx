import { AccountOverview } from "@/components/account-overview";
import { ConnectionBadge } from "@/components/connection-badge";
import { DecisionsLog } from "@/components/decisions-log";
import { EnginePanel } from "@/components/engine-panel";
import { EquityCurve } from "@/components/equity-curve";
import { MarketChart } from "@/components/market-chart";
import { Panel } from "@/components/panel";
import { PositionsOrders } from "@/components/positions-orders";
import { RiskPanel } from "@/components/risk-panel";
import { SymbolsTable } from "@/components/symbols-table";
import { TickerTable } from "@/components/ticker-table";
import { WhyPanel } from "@/components/why-panel";

export default function DashboardPage() {
  return (
    <main className="mx-auto max-w-7xl space-y-4 p-4">
      <header className="flex items-center justify-between">
        <h1 className="text-lg font-semibold tracking-tight">
          HEAN <span className="text-gray-500">trading engine</span>
        </h1>
        <ConnectionBadge />
      </header>
      <Panel title="Account">
        <div className="space-y-3">
          <AccountOverview />
          <EquityCurve />
        </div>
      </Panel>
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="Engine">
          <EnginePanel />
        </Panel>
        <Panel title="Risk governor">
          <RiskPanel />
        </Panel>
      </div>
      <Panel title="Why it is (or is not) trading">
        <WhyPanel />
      </Panel>
      <Panel title="Symbols">
        <SymbolsTable />
      </Panel>
      <Panel title="Positions and orders">
        <PositionsOrders />
      </Panel>
      <Panel title="Decisions">
        <DecisionsLog />
      </Panel>
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="Chart">
          <MarketChart />
        </Panel>
        <Panel title="Market">
          <TickerTable />
        </Panel>
      </div>
    </main>
  );
}
