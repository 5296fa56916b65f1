import { ConnectionBadge } from "@/components/connection-badge";
import { EnginePanel } from "@/components/engine-panel";
import { Panel } from "@/components/panel";
import { TickerTable } from "@/components/ticker-table";

export default function DashboardPage() {
  return (
    <main className="mx-auto max-w-7xl space-y-4 p-4">
      <header className="flex items-center justify-between">
        <h1 className="text-lg font-semibold tracking-tight">
          HEAN <span className="text-gray-500">trading engine</span>
        </h1>
        <ConnectionBadge />
      </header>
      <Panel title="Engine">
        <EnginePanel />
      </Panel>
      <Panel title="Market">
        <TickerTable />
      </Panel>
    </main>
  );
}
