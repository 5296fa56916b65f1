import { AccountOverview } from "@/components/account-overview";
import { AgentsStrip } from "@/components/agents-board";
import { EnginePanel } from "@/components/engine-panel";
import { EquityCurve } from "@/components/equity-curve";
import { ExchangePanel } from "@/components/exchange-panel";
import { Panel } from "@/components/panel";
import { PositionsOrders } from "@/components/positions-orders";
import { RiskPanel } from "@/components/risk-panel";
import { TickerTable } from "@/components/ticker-table";
import { WhyPanel } from "@/components/why-panel";

/** What the engine is doing, what it holds and why, on one screen. */
export default function OverviewPage() {
  return (
    <>
      <Panel title="Account">
        <div className="space-y-3">
          <AccountOverview />
          <EquityCurve />
        </div>
      </Panel>
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="Engine">
          <div className="space-y-3">
            <EnginePanel />
            <AgentsStrip />
          </div>
        </Panel>
        <Panel title="Risk governor">
          <RiskPanel />
        </Panel>
      </div>
      <Panel title="Exchange">
        <ExchangePanel />
      </Panel>
      <Panel title="Why it is (or is not) trading">
        <WhyPanel />
      </Panel>
      <Panel title="Positions and orders">
        <PositionsOrders />
      </Panel>
      <Panel title="Market">
        <TickerTable />
      </Panel>
    </>
  );
}
