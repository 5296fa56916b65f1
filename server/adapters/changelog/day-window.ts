// Which day `GET /system/changelog/today` reports: `?date=YYYY-MM-DD` (or today), in a time zone.
import { type CalendarDate, calendarDateAt, nextDay, startOfDayMs } from "./zoned-clock";

export type DayWindow = {
  readonly ok: true;
  /** The day, YYYY-MM-DD. */
  readonly date: string;
  /** The zone's canonical IANA name ("utc" → "UTC"). */
  readonly timeZone: string;
  /** First instant of the day (inclusive), epoch milliseconds. */
  readonly startMs: number;
  /** First instant of the next day (exclusive): 23 h or 25 h after startMs on DST days. */
  readonly endMs: number;
};

export type DayWindowResult = DayWindow | { readonly ok: false; readonly error: string };

export interface DayWindowInput {
  /** Untrusted: absent (null or undefined) means today. */
  readonly date?: unknown;
  /** Untrusted: absent means "UTC". */
  readonly timeZone?: unknown;
  /** The present instant, epoch milliseconds: what "today" means. */
  readonly nowMs: number;
}

const MIN_YEAR = 1970;
const MAX_YEAR = 9999;
const MAX_ZONE_CHARS = 64;
const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const DATE_RULE = "date must be a calendar day written YYYY-MM-DD, e.g. 2026-01-22";
const ZONE_RULE = 'timeZone must be an IANA time zone name, e.g. "UTC" or "Europe/Berlin"';

export function dayWindow(input: DayWindowInput): DayWindowResult {
  const zone = parseTimeZone(input.timeZone);
  if (!zone.ok) return zone;
  if (!Number.isFinite(input.nowMs)) return { ok: false, error: "nowMs must be a finite number" };
  let day: CalendarDate;
  if (input.date === undefined || input.date === null) {
    day = calendarDateAt(input.nowMs, zone.timeZone);
  } else {
    const parsed = parseDate(input.date);
    if (!parsed.ok) return parsed;
    day = parsed.day;
  }
  return {
    ok: true,
    date: formatDate(day),
    timeZone: zone.timeZone,
    startMs: startOfDayMs(day, zone.timeZone),
    endMs: startOfDayMs(nextDay(day), zone.timeZone),
  };
}

function parseDate(
  raw: unknown,
): { readonly ok: true; readonly day: CalendarDate } | { readonly ok: false; readonly error: string } {
  if (typeof raw !== "string") return { ok: false, error: DATE_RULE };
  const match = DATE_SHAPE.exec(raw);
  if (match === null) return { ok: false, error: DATE_RULE };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return { ok: false, error: `date ${raw} is outside the years ${MIN_YEAR} to ${MAX_YEAR}` };
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, error: `date ${raw} is not a day of the calendar` };
  }
  return { ok: true, day: { year, month, day } };
}

function parseTimeZone(
  raw: unknown,
): { readonly ok: true; readonly timeZone: string } | { readonly ok: false; readonly error: string } {
  if (raw === undefined || raw === null) return { ok: true, timeZone: "UTC" };
  if (typeof raw !== "string" || raw.length > MAX_ZONE_CHARS || !ZONE_SHAPE.test(raw)) {
    return { ok: false, error: ZONE_RULE };
  }
  try {
    const timeZone = new Intl.DateTimeFormat("en-US", { timeZone: raw }).resolvedOptions().timeZone;
    return { ok: true, timeZone };
  } catch {
    return { ok: false, error: `${ZONE_RULE}; ${raw} is not one` };
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function formatDate(day: CalendarDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(day.year, 4)}-${pad(day.month, 2)}-${pad(day.day, 2)}`;
}
