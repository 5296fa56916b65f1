import type { Metadata } from "next";
import { DecisionsLog } from "@/components/decisions-log";
import { Panel } from "@/components/panel";

export const metadata: Metadata = { title: "HEAN — decisions" };

export default function DecisionsPage() {
  return (
    <Panel title="Decisions">
      <DecisionsLog />
    </Panel>
  );
}
