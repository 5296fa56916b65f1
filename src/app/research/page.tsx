import type { Metadata } from "next";
import { Panel } from "@/components/panel";
import { ResearchLab } from "@/components/research-lab";

export const metadata: Metadata = { title: "HEAN — research" };

export default function ResearchPage() {
  return (
    <Panel title="Backtests on the live kernel">
      <ResearchLab />
    </Panel>
  );
}
