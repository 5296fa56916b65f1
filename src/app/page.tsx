import { AccountOverview } from "@/components/account-overview";
import { ConnectionBadge } from "@/components/connection-badge";
import { EnginePanel } from "@/components/engine-panel";
import { MarketChart } from "@/components/market-chart";
import { Panel } from "@/components/panel";
import { PositionsOrders } from "@/components/positions-orders";
import { RiskPanel } from "@/components/risk-panel";
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
        <AccountOverview />
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
      <Panel title="Positions and orders">
        <PositionsOrders />
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
