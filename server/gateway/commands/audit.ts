import type { AuditRecord } from "../../engine/model/records";
import type { HeanRuntime } from "../../runtime";

/** Where an operator's command came from, beyond who they are. */
export interface Origin {
  readonly via: "rest" | "trpc" | "dashboard";
  readonly address: string | null;
}

/** What a command's answer says of its outcome (refusals are answers, not exceptions). */
function outcomeOf(answer: unknown): { outcome: AuditRecord["outcome"]; detail: string } {
  const a = answer as {
    ok?: unknown;
    message?: unknown;
    error_code?: unknown;
    status?: unknown;
    value?: unknown;
  } | null;
  if (a !== null && typeof a === "object") {
    if (a.ok === false || a.status === "error")
      return {
        outcome: "refused",
        detail: `${a.error_code ?? (a as { code?: unknown }).code ?? "REFUSED"}: ${String(a.message ?? "")}`,
      };
    // A result that wraps an answer: the answer says (a close whose order was rejected is refused).
    const inner =
      a.ok === true && typeof a.value === "object" && a.value !== null
        ? (a.value as { ok?: unknown; message?: unknown })
        : a;
    if (inner !== a && inner.ok === false)
      return { outcome: "refused", detail: typeof inner.message === "string" ? inner.message : "refused" };
    return { outcome: "ok", detail: typeof inner.message === "string" ? inner.message : "" };
  }
  return { outcome: "ok", detail: "" };
}

/**
 * Runs an operator's command and records it in the audit trail: when, what, who, through which
 * interface, from which address, the outcome, and the state before and after. A command that
 * throws is recorded as an error and the error goes on.
 */
export async function audited<T>(
  rt: HeanRuntime,
  action: string,
  actor: string,
  origin: Origin | undefined,
  state: () => object | null,
  run: () => Promise<T>,
  /** What the operator said (a control's reason), kept beside the outcome. */
  note?: string,
): Promise<T> {
  const before = state();
  const record = (outcome: AuditRecord["outcome"], detail: string) =>
    rt.store.enqueue({
      kind: "audit",
      entry: {
        at: rt.engine.clock.now(),
        action,
        actor,
        via: origin?.via ?? (actor.startsWith("api:") ? "rest" : actor.startsWith("trpc:") ? "trpc" : "system"),
        address: origin?.address ?? null,
        outcome,
        detail: (note === undefined || note === "" ? detail : `${note} — ${detail}`).slice(0, 1000),
        before,
        after: state(),
      },
    });
  try {
    const answer = await run();
    const o = outcomeOf(answer);
    record(o.outcome, o.detail);
    return answer;
  } catch (error) {
    record("error", error instanceof Error ? error.message : String(error));
    throw error;
  }
}
