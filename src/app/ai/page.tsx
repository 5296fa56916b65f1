import type { Metadata } from "next";
import { AdaptationLog } from "@/components/adaptation-log";
import { AgentsBoard } from "@/components/agents-board";
import { AuditTrail } from "@/components/audit-trail";
import { ChangelogToday } from "@/components/changelog-today";
import { Panel } from "@/components/panel";

export const metadata: Metadata = { title: "HEAN — AI" };

/** What the AI is doing right now, and what changed today. */
export default function AiPage() {
  return (
    <>
      <Panel title="Agents">
        <AgentsBoard />
      </Panel>
      <Panel title="Adaptations (through the gate)">
        <AdaptationLog />
      </Panel>
      <Panel title="Changelog">
        <ChangelogToday />
      </Panel>
      <Panel title="Operator audit trail">
        <AuditTrail />
      </Panel>
    </>
  );
}
