import type { Adaptation } from "./adaptation-gate";

/** The change in words, as ADAPT_UPDATE and the changelog say it. */
export function adaptationText(a: Adaptation): string {
  if (a.verdict === "REFUSED")
    return `Refused to set ${a.key} to ${a.requested}${a.before === null ? "" : ` (stays ${a.before})`}: ${a.reasonCode}`;
  const verb = a.reasonCode === "REVERTED" ? "Reverted" : a.verdict === "CLIPPED" ? "Changed (clipped)" : "Changed";
  const asked = a.verdict === "CLIPPED" ? ` (asked ${a.requested}: ${a.reasonCode})` : "";
  return `${verb} ${a.key} from ${a.before} to ${a.after}${asked}`;
}
