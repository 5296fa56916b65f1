import { type Settings, settingsSchema } from "./settings-schema";

/** Settings whose values never enter a changelog or a log: only whether they are set. */
const SECRET = new Set(["BYBIT_API_KEY", "BYBIT_API_SECRET", "DATABASE_URL", "REDIS_URL", "LIVE_TRADING_CONFIRM"]);
/** Settings that differ between runs without changing what HEAN does. */
const NOISE = new Set(["NODE_ENV", "PORT", "LOG_LEVEL"]);

export type ConfigSnapshot = Readonly<Record<string, string>>;

/** Every setting as text, secrets as "(set)" or "(unset)": what a start-up is compared by. */
export function configSnapshot(settings: Settings): ConfigSnapshot {
  const out: Record<string, string> = {};
  for (const key of Object.keys(settingsSchema.shape).sort()) {
    if (NOISE.has(key)) continue;
    const value = (settings as unknown as Record<string, unknown>)[key];
    if (SECRET.has(key)) out[key] = value === undefined || value === "" ? "(unset)" : "(set)";
    else out[key] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return out;
}

/** What changed since the previous start, in words; null when nothing did. */
export function configChanges(previous: unknown, current: ConfigSnapshot): string | null {
  const before = readSnapshot(previous);
  if (before === null) return null;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(current)])].sort();
  const changed = keys.filter((k) => before[k] !== current[k]);
  if (changed.length === 0) return null;
  return `Configuration changed at start: ${changed
    .map((k) => `${k} ${before[k] ?? "(none)"} → ${current[k] ?? "(removed)"}`)
    .join("; ")}`;
}

function readSnapshot(saved: unknown): Record<string, string> | null {
  if (typeof saved !== "object" || saved === null || Array.isArray(saved)) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(saved)) if (typeof v === "string") out[k] = v;
  return out;
}
