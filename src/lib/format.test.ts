import { describe, expect, it } from "vitest";
import { formatAgo, formatClock, formatPrice, formatSigned, tickDecimals } from "./format";

describe("price formatting", () => {
  it("counts a tick size's decimals, including ticks that are not powers of ten", () => {
    expect(tickDecimals(1)).toBe(0);
    expect(tickDecimals(5)).toBe(0);
    expect(tickDecimals(0.1)).toBe(1);
    expect(tickDecimals(0.5)).toBe(1);
    expect(tickDecimals(0.01)).toBe(2);
    expect(tickDecimals(0.0025)).toBe(4);
    expect(tickDecimals(0.00001)).toBe(5);
    expect(tickDecimals(1e-8)).toBe(8);
  });

  it("shows a price at its symbol's tick size", () => {
    expect(formatPrice(90123.4, 0.1)).toBe("90,123.4");
    expect(formatPrice(90123, 0.1)).toBe("90,123.0");
    expect(formatPrice(0.16012, 0.00001)).toBe("0.16012");
    expect(formatPrice(2.2, 0.0001)).toBe("2.2000");
    expect(formatPrice(3000.126, 0.01)).toBe("3,000.13");
  });

  it("falls back to a precision that suits the magnitude when the tick size is unknown", () => {
    expect(formatPrice(90123.456)).toBe("90,123.46");
    expect(formatPrice(13.5, null)).toBe("13.500");
    expect(formatPrice(0.16)).toBe("0.16000");
  });

  it("signs money: plus, a real minus sign, and a bare zero", () => {
    expect(formatSigned(12.345)).toBe("+12.35");
    expect(formatSigned(-5)).toBe("−5.00");
    expect(formatSigned(0)).toBe("0.00");
  });
});

describe("time formatting", () => {
  const now = new Date(2026, 10, 24, 15, 30, 0).getTime();

  it("shows today's times as a clock and older ones with their date", () => {
    expect(formatClock(new Date(2026, 10, 24, 9, 5, 7).toISOString(), now)).toBe("09:05:07");
    expect(formatClock(new Date(2026, 10, 23, 23, 59, 1).toISOString(), now)).toBe("2026-11-23 23:59:01");
    expect(formatClock(null, now)).toBe("—");
    expect(formatClock("not a time", now)).toBe("—");
  });

  it("says how long ago, in the unit that reads best", () => {
    const ago = (ms: number) => formatAgo(new Date(now - ms).toISOString(), now);
    expect(ago(4_000)).toBe("4 s ago");
    expect(ago(5 * 60_000)).toBe("5 min ago");
    expect(ago(3 * 3_600_000)).toBe("3.0 h ago");
    expect(ago(5 * 86_400_000)).toBe("5 d ago");
    expect(formatAgo(null, now)).toBe("never");
  });
});
