import type { Metadata } from "next";
import { AccessEvents, PasswordForm, TokensPanel } from "@/components/access-panels";
import { Panel } from "@/components/panel";

export const metadata: Metadata = { title: "HEAN — access" };

/** The owner's password, the API tokens scripts use, and who came in (or was refused). */
export default function AccessPage() {
  return (
    <>
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title="Owner password">
          <PasswordForm />
        </Panel>
        <Panel title="API tokens">
          <TokensPanel />
        </Panel>
      </div>
      <Panel title="Access log">
        <AccessEvents />
      </Panel>
    </>
  );
}
