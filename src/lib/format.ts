/** Price with precision that suits its magnitude (until per-symbol tick sizes reach the UI). */
export function formatPrice(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 2 : abs >= 10 ? 3 : abs >= 1 ? 4 : 5;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatCompact(value: number): string {
  return Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 }).format(value);
}

export function formatPct(value: number, digits = 3): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(digits)}%`;
}

export function formatAge(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  return `${Math.round(seconds / 60)} min`;
}

export function formatUptime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}

/** An ISO time as the trader's local clock time, with seconds. */
export function formatTime(iso: string | null): string {
  if (iso === null) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : d.toLocaleTimeString("en-GB", { hour12: false });
}

/** How long ago an ISO time was, from `now` (ms). */
export function formatAgo(iso: string | null, now: number): string {
  if (iso === null) return "never";
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  return seconds < 60
    ? `${Math.round(seconds)} s ago`
    : seconds < 3600
      ? `${Math.round(seconds / 60)} min ago`
      : `${(seconds / 3600).toFixed(1)} h ago`;
}

/** Money with its sign, two decimals: +12.34 / −5.00. */
export function formatSigned(value: number, digits = 2): string {
  const abs = Math.abs(value).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return value > 0 ? `+${abs}` : value < 0 ? `−${abs}` : abs;
}
