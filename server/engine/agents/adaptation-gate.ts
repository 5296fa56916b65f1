import type { Clock } from "../clock";

/** A live setting an agent (or a person) may change, only within these limits. */
export interface AdaptableSetting {
  readonly key: string;
  /** The component it belongs to ("SignalSynth", "Allocator", ...). */
  readonly component: string;
  readonly min: number;
  readonly max: number;
  /** The largest change one adaptation may make. */
  readonly maxStep: number;
  /** The least time between two changes of it. */
  readonly minIntervalMs: number;
  read(): number;
  write(value: number): void;
}

export type AdaptVerdict = "ACCEPTED" | "CLIPPED" | "REFUSED";

export type AdaptReasonCode =
  | "WITHIN_LIMITS"
  | "OUT_OF_RANGE"
  | "STEP_TOO_LARGE"
  | "RATE_LIMITED"
  | "NO_CHANGE"
  | "UNKNOWN_SETTING"
  | "INVALID_VALUE"
  | "REVERTED"
  | "CHANGED_SINCE"
  | "NOT_FOUND";

export interface Adaptation {
  readonly id: string;
  readonly at: number;
  readonly key: string;
  readonly component: string;
  readonly before: number | null;
  readonly requested: number;
  readonly after: number | null;
  readonly verdict: AdaptVerdict;
  readonly reasonCode: AdaptReasonCode;
  /** Why it was asked for. */
  readonly reason: string;
  readonly actor: string;
  readonly origin: AdaptOrigin;
  /** The adaptation this one reverts, if it is a revert. */
  readonly revertOf: string | null;
}

/** Where a request came from, for the audit (plain data, passed through). */
export interface AdaptOrigin {
  readonly via: string;
  readonly address: string | null;
}

export interface AdaptRequest {
  readonly key: string;
  readonly value: number;
  readonly reason: string;
  readonly actor: string;
  readonly origin?: AdaptOrigin;
}

/** How many adaptations the gate keeps to show and to revert. */
const KEEP = 200;

/**
 * The one gate every change of a live setting passes: deterministic, with hard limits (the allowed
 * range, the largest step, the least interval between changes). Its verdict (accepted, clipped or
 * refused, with a reason code) is recorded whatever it is; an accepted or clipped change can be
 * reverted while the setting still holds its value.
 */
export class AdaptationGate {
  private readonly settings = new Map<string, AdaptableSetting>();
  private readonly lastChange = new Map<string, number>();
  private readonly history: Adaptation[] = [];
  private seq = 0;

  constructor(
    settings: readonly AdaptableSetting[],
    private readonly clock: Clock,
    private readonly onRecord: (a: Adaptation) => void = () => {},
  ) {
    for (const s of settings) this.settings.set(s.key, s);
  }

  keys(): AdaptableSetting[] {
    return [...this.settings.values()];
  }

  propose(r: AdaptRequest): Adaptation {
    const s = this.settings.get(r.key);
    const now = this.clock.now();
    if (s === undefined) return this.record(r, null, null, null, "REFUSED", "UNKNOWN_SETTING", "");
    const before = s.read();
    if (!Number.isFinite(r.value)) return this.record(r, s, before, null, "REFUSED", "INVALID_VALUE", s.component);
    const last = this.lastChange.get(s.key);
    if (last !== undefined && now - last < s.minIntervalMs)
      return this.record(r, s, before, null, "REFUSED", "RATE_LIMITED", s.component);
    const inRange = Math.min(s.max, Math.max(s.min, r.value));
    const stepped = Math.min(before + s.maxStep, Math.max(before - s.maxStep, inRange));
    const after = Number(stepped.toPrecision(12));
    if (after === before) return this.record(r, s, before, null, "REFUSED", "NO_CHANGE", s.component);
    const code: AdaptReasonCode =
      inRange !== r.value ? "OUT_OF_RANGE" : stepped !== inRange ? "STEP_TOO_LARGE" : "WITHIN_LIMITS";
    s.write(after);
    this.lastChange.set(s.key, now);
    return this.record(r, s, before, after, code === "WITHIN_LIMITS" ? "ACCEPTED" : "CLIPPED", code, s.component);
  }

  /** Puts back the value an adaptation replaced, while the setting still holds what it set. */
  revert(id: string, actor: string, origin?: AdaptOrigin): Adaptation {
    const target = this.history.find((a) => a.id === id);
    const base = {
      value: target?.before ?? Number.NaN,
      actor,
      reason: `revert of ${id}`,
      ...(origin ? { origin } : {}),
    };
    if (target === undefined || target.after === null || target.before === null)
      return this.record({ ...base, key: target?.key ?? "" }, null, null, null, "REFUSED", "NOT_FOUND", "", id);
    const s = this.settings.get(target.key) as AdaptableSetting;
    const current = s.read();
    if (current !== target.after)
      return this.record({ ...base, key: s.key }, s, current, null, "REFUSED", "CHANGED_SINCE", s.component, id);
    s.write(target.before);
    this.lastChange.set(s.key, this.clock.now());
    return this.record({ ...base, key: s.key }, s, current, target.before, "ACCEPTED", "REVERTED", s.component, id);
  }

  /** Newest first. */
  list(): readonly Adaptation[] {
    return [...this.history].reverse();
  }

  /** The values adapted so far (restored at the next start). */
  values(): Record<string, number> {
    return Object.fromEntries([...this.settings.values()].map((s) => [s.key, s.read()]));
  }

  private record(
    r: AdaptRequest,
    s: AdaptableSetting | null,
    before: number | null,
    after: number | null,
    verdict: AdaptVerdict,
    reasonCode: AdaptReasonCode,
    component: string,
    revertOf: string | null = null,
  ): Adaptation {
    const a: Adaptation = {
      id: `adapt-${this.clock.now().toString(36)}-${++this.seq}`,
      at: this.clock.now(),
      key: r.key,
      component: s?.component ?? component,
      before,
      requested: r.value,
      after,
      verdict,
      reasonCode,
      reason: r.reason,
      actor: r.actor,
      origin: r.origin ?? { via: "system", address: null },
      revertOf,
    };
    this.history.push(a);
    if (this.history.length > KEEP) this.history.shift();
    this.onRecord(a);
    return a;
  }
}
