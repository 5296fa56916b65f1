import type { Metadata } from "next";
import { Panel } from "@/components/panel";
import { SymbolsTable } from "@/components/symbols-table";

export const metadata: Metadata = { title: "HEAN — symbols" };

export default function SymbolsPage() {
  return (
    <Panel title="Symbols">
      <SymbolsTable />
    </Panel>
  );
}
