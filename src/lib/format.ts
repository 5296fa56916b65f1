/** How many decimals a tick size has: 0.1 → 1, 0.0025 → 4, 5 → 0. */
export function tickDecimals(tickSize: number): number {
  for (let d = 0; d <= 12; d++) {
    const scaled = tickSize * 10 ** d;
    if (Math.round(scaled) >= 1 && Math.abs(scaled - Math.round(scaled)) < 1e-9 * scaled) return d;
  }
  return 12;
}

/**
 * A price at its symbol's tick size (BTCUSDT 0.1 → "90,123.4"); without a known tick size, at a
 * precision that suits its magnitude.
 */
export function formatPrice(value: number, tickSize?: number | null): string {
  const digits = tickSize != null && tickSize > 0 ? tickDecimals(tickSize) : magnitudeDecimals(value);
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function magnitudeDecimals(value: number): number {
  const abs = Math.abs(value);
  return abs >= 1000 ? 2 : abs >= 10 ? 3 : abs >= 1 ? 4 : 5;
}

export function formatCompact(value: number): string {
  return Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 }).format(value);
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

/** Local clock time for today's times, date and time for older ones (`now` in ms). */
export function formatClock(iso: string | null, now: number): string {
  if (iso === null) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  const time = d.toLocaleTimeString("en-GB", { hour12: false });
  if (d.toDateString() === new Date(now).toDateString()) return time;
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  return `${date} ${time}`;
}

/** How long ago an ISO time was, from `now` (ms). */
export function formatAgo(iso: string | null, now: number): string {
  if (iso === null) return "never";
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  return seconds < 60
    ? `${Math.round(seconds)} s ago`
    : seconds < 3600
      ? `${Math.round(seconds / 60)} min ago`
      : seconds < 48 * 3600
        ? `${(seconds / 3600).toFixed(1)} h ago`
        : `${Math.round(seconds / 86_400)} d ago`;
}

/** Money with its sign, two decimals: +12.34 / −5.00. */
export function formatSigned(value: number, digits = 2): string {
  const abs = Math.abs(value).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return value > 0 ? `+${abs}` : value < 0 ? `−${abs}` : abs;
}
