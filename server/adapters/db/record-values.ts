// How engine values become SQL parameters, and which ones the database would refuse.

// Years 0001-9999: toISOString() prints them in a form PostgreSQL reads back.
export const MIN_TIME = Date.parse("0001-01-01T00:00:00.000Z");
export const MAX_TIME = Date.parse("9999-12-31T23:59:59.999Z");

/** An epoch-ms time the timestamptz columns cannot hold (they keep whole milliseconds; fractions are cut). */
export function badTime(ms: number): boolean {
  return !Number.isFinite(ms) || ms < MIN_TIME || ms > MAX_TIME;
}

/** Text PostgreSQL refuses: NUL (in text and jsonb) and lone UTF-16 surrogates (no UTF-8 form). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const UNSTORABLE = /\u0000|\p{Surrogate}/u;

export function badText(...values: (string | null | undefined)[]): boolean {
  return values.some((v) => v !== null && v !== undefined && UNSTORABLE.test(v));
}

/** A time for a query bound, clamped into the range the database holds. */
export function clampTime(ms: number): Date {
  if (Number.isNaN(ms)) return new Date(MIN_TIME);
  return new Date(Math.min(MAX_TIME, Math.max(MIN_TIME, ms)));
}

/** A double as text that float8 parses back to the same double (NaN, ±Infinity and -0 included). */
export function num(v: number): string {
  return Object.is(v, -0) ? "-0" : String(v);
}

export function optNum(v: number | null | undefined): string | null {
  return v === null || v === undefined ? null : num(v);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
