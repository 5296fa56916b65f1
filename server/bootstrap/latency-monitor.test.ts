import { afterEach, describe, expect, it, vi } from "vitest";
import { LatencyMonitor } from "./latency-monitor";

describe("LatencyMonitor", () => {
  afterEach(() => vi.useRealTimers());

  it("summarises what it recorded since start, then each full minute on its own", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const m = new LatencyMonitor();
    m.start();
    for (const ms of [0.1, 0.2, 0.3, 5]) m.tick(ms);
    m.bar(0.3);
    const first = m.summary();
    expect(first.window).toBe("since_start");
    expect(first.tick_handling.count).toBe(4);
    expect(first.tick_handling.p50_ms).toBeCloseTo(0.2, 2);
    expect(first.tick_handling.max_ms).toBeCloseTo(5, 1);
    expect(first.bar_close.count).toBe(1);
    expect(first.tick_to_decision).toEqual({ count: 0, p50_ms: 0, p99_ms: 0, max_ms: 0 });

    vi.advanceTimersByTime(60_000);
    m.tick(1);
    const minute = m.summary();
    expect(minute.window).toBe("last_60s");
    expect(minute.tick_handling.count).toBe(4); // the finished minute, not the one under way
    vi.advanceTimersByTime(60_000);
    expect(m.summary().tick_handling).toMatchObject({ count: 1, max_ms: expect.closeTo(1, 2) });
    m.stop();
  });
});
