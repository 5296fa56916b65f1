import type { Metadata } from "next";
import { MarketChart } from "@/components/market-chart";
import { Panel } from "@/components/panel";
import { TickerTable } from "@/components/ticker-table";

export const metadata: Metadata = { title: "HEAN — chart" };

export default function ChartPage() {
  return (
    <>
      <Panel title="Chart">
        <MarketChart />
      </Panel>
      <Panel title="Market">
        <TickerTable />
      </Panel>
    </>
  );
}
