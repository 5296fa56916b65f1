import type { Metadata } from "next";
import { Panel } from "@/components/panel";
import { TradesTable } from "@/components/trades-table";

export const metadata: Metadata = { title: "HEAN — trades" };

export default function TradesPage() {
  return (
    <Panel title="Closed trades">
      <TradesTable />
    </Panel>
  );
}
