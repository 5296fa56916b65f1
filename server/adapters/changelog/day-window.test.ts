import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayWindow } from "./day-window";

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 22, 14, 0, 0); // 2026-01-22T14:00:00Z

function expectOk(result: ReturnType<typeof dayWindow>) {
  if (!result.ok) throw new Error(`expected a window, got: ${result.error}`);
  return result;
}

function expectError(result: ReturnType<typeof dayWindow>): string {
  if (result.ok) throw new Error(`expected an error, got the window for ${result.date}`);
  return result.error;
}

describe("dayWindow: the day", () => {
  it("is today in UTC from nowMs when no date is given", () => {
    expect(dayWindow({ nowMs: NOW })).toEqual({
      ok: true,
      date: "2026-01-22",
      timeZone: "UTC",
      startMs: Date.UTC(2026, 0, 22),
      endMs: Date.UTC(2026, 0, 23),
    });
    expect(expectOk(dayWindow({ date: null, nowMs: NOW })).date).toBe("2026-01-22");
  });

  it("is today in the given zone, which may already be tomorrow or still yesterday", () => {
    const late = Date.UTC(2026, 0, 22, 23, 30);
    expect(expectOk(dayWindow({ nowMs: late, timeZone: "Europe/Berlin" })).date).toBe("2026-01-23");
    expect(expectOk(dayWindow({ nowMs: late, timeZone: "UTC" })).date).toBe("2026-01-22");
    const early = Date.UTC(2026, 0, 22, 3, 0);
    expect(expectOk(dayWindow({ nowMs: early, timeZone: "America/New_York" })).date).toBe("2026-01-21");
  });

  it("takes an explicit date, ignoring nowMs, and starts at the zone's midnight", () => {
    const w = expectOk(dayWindow({ date: "2024-02-29", timeZone: "Asia/Tokyo", nowMs: NOW }));
    expect(w.date).toBe("2024-02-29");
    expect(w.startMs).toBe(Date.UTC(2024, 1, 28, 15));
    expect(w.endMs).toBe(Date.UTC(2024, 1, 29, 15));
    const india = expectOk(dayWindow({ date: "2026-01-22", timeZone: "Asia/Kolkata", nowMs: NOW }));
    expect(india.startMs).toBe(Date.UTC(2026, 0, 21, 18, 30));
  });

  it("canonicalises the zone's spelling", () => {
    expect(expectOk(dayWindow({ timeZone: "utc", nowMs: NOW })).timeZone).toBe("UTC");
  });
});

describe("dayWindow: days that are not 24 hours long", () => {
  it("is 23 h on the spring-forward day and 25 h on the fall-back day (Berlin)", () => {
    const spring = expectOk(dayWindow({ date: "2026-03-29", timeZone: "Europe/Berlin", nowMs: NOW }));
    expect(spring.startMs).toBe(Date.UTC(2026, 2, 28, 23));
    expect(spring.endMs - spring.startMs).toBe(23 * HOUR);
    const autumn = expectOk(dayWindow({ date: "2026-10-25", timeZone: "Europe/Berlin", nowMs: NOW }));
    expect(autumn.startMs).toBe(Date.UTC(2026, 9, 24, 22));
    expect(autumn.endMs - autumn.startMs).toBe(25 * HOUR);
  });

  it("starts when the clocks jump if they skip midnight (Santiago, 00:00 → 01:00)", () => {
    const w = expectOk(dayWindow({ date: "2026-09-06", timeZone: "America/Santiago", nowMs: NOW }));
    expect(w.startMs).toBe(Date.UTC(2026, 8, 6, 4)); // 01:00 -03
    expect(w.endMs - w.startMs).toBe(23 * HOUR);
  });

  it("keeps the repeated hour in the day it belongs to (Santiago, 00:00 → 23:00 the day before)", () => {
    const before = expectOk(dayWindow({ date: "2026-04-04", timeZone: "America/Santiago", nowMs: NOW }));
    const after = expectOk(dayWindow({ date: "2026-04-05", timeZone: "America/Santiago", nowMs: NOW }));
    expect(before.endMs).toBe(after.startMs);
    expect(before.endMs - before.startMs).toBe(25 * HOUR);
  });

  it("starts at the first of two midnights when clocks fall back from 01:00 to 00:00 (Havana)", () => {
    const w = expectOk(dayWindow({ date: "2026-11-01", timeZone: "America/Havana", nowMs: NOW }));
    expect(w.startMs).toBe(Date.UTC(2026, 10, 1, 4)); // 00:00 -04, not the second 00:00 -05
    expect(w.endMs - w.startMs).toBe(25 * HOUR);
  });

  it("is empty for a day a zone skipped (Samoa, 2011-12-30)", () => {
    const w = expectOk(dayWindow({ date: "2011-12-30", timeZone: "Pacific/Apia", nowMs: NOW }));
    expect(w.endMs).toBe(w.startMs);
  });

  it("tiles the timeline: each day ends where the next begins, and contains its own noon", () => {
    const zones = [
      "UTC",
      "Europe/Berlin",
      "America/Santiago",
      "America/Havana",
      "Australia/Lord_Howe",
      "Asia/Kathmandu",
    ];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 365 * 60 }), (timeZone, offsetDays) => {
        const noon = Date.UTC(1990, 0, 1 + offsetDays, 12);
        const today = expectOk(dayWindow({ timeZone, nowMs: noon }));
        const tomorrow = expectOk(dayWindow({ timeZone, nowMs: today.endMs }));
        expect(tomorrow.startMs).toBe(today.endMs);
        expect(today.startMs).toBeLessThanOrEqual(noon);
        expect(noon).toBeLessThan(today.endMs);
        expect(today.endMs - today.startMs).toBeGreaterThanOrEqual(22 * HOUR);
        expect(today.endMs - today.startMs).toBeLessThanOrEqual(26 * HOUR);
      }),
    );
  });
});

describe("dayWindow: hostile input", () => {
  it("refuses days that are not on the calendar", () => {
    expect(expectError(dayWindow({ date: "2026-02-30", nowMs: NOW }))).toBe(
      "date 2026-02-30 is not a day of the calendar",
    );
    for (const date of ["2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00", "1900-02-29"]) {
      expect(dayWindow({ date, nowMs: NOW }).ok, date).toBe(false);
    }
    expect(dayWindow({ date: "2028-02-29", nowMs: NOW }).ok).toBe(true);
  });

  it("refuses years outside 1970 to 9999", () => {
    expect(expectError(dayWindow({ date: "1969-12-31", nowMs: NOW }))).toMatch(/outside the years 1970 to 9999/);
    expect(expectError(dayWindow({ date: "0000-01-01", nowMs: NOW }))).toMatch(/outside/);
  });

  it("refuses anything but YYYY-MM-DD, and does not echo it", () => {
    const rule = "date must be a calendar day written YYYY-MM-DD, e.g. 2026-01-22";
    const hostile = [
      "",
      "../../etc",
      "../../etc/passwd",
      "2026-1-22",
      "22-01-2026",
      "2026/01/22",
      " 2026-01-22",
      "2026-01-22\n",
      "2026-01-22T00:00:00Z",
      "+02026-01-22",
      "２０２６-01-22",
      "2026-01-22\u0000",
      "x".repeat(100_000),
      `2026-01-22${"0".repeat(10_000)}`,
    ];
    for (const date of hostile) {
      expect(expectError(dayWindow({ date, nowMs: NOW }))).toBe(rule);
    }
    for (const date of [20260122, ["2026-01-22"], { toString: () => "2026-01-22" }, true]) {
      expect(expectError(dayWindow({ date, nowMs: NOW }))).toBe(rule);
    }
  });

  it("refuses zones that are not IANA names", () => {
    const rule = /^timeZone must be an IANA time zone name/;
    for (const timeZone of [
      "Foo/Bar",
      "Mars/Olympus_Mons",
      "../../etc",
      "/etc/localtime",
      "Europe/../Berlin",
      "+05:00",
      "",
      "Europe/Berlin\u0000",
      "Europe/Berlin ",
      "A".repeat(65),
      "Europe/".repeat(10_000),
      42,
      ["UTC"],
    ]) {
      expect(expectError(dayWindow({ timeZone, nowMs: NOW }))).toMatch(rule);
    }
  });

  it("refuses a nowMs that is not an instant", () => {
    expect(expectError(dayWindow({ nowMs: Number.NaN }))).toBe("nowMs must be a finite number");
    expect(dayWindow({ nowMs: Number.POSITIVE_INFINITY }).ok).toBe(false);
  });

  it("answers any string with a window or a message, never a throw", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (date, timeZone) => {
        const result = dayWindow({ date, timeZone, nowMs: NOW });
        if (result.ok) expect(result.date).toBe(date);
        else expect(result.error.length).toBeGreaterThan(0);
      }),
    );
  });
});
