import Redis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { RateLimits } from "./rate-limits";

describe("RateLimits", () => {
  it("allows N controls a minute per client, then answers how long to wait", async () => {
    const limits = new RateLimits({ controlsPerMinute: 3, loginFailuresPerMinute: 10 });
    for (let i = 0; i < 3; i++) expect(await limits.control("a")).toEqual({ ok: true });
    const refused = await limits.control("a");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSec).toBeGreaterThan(0);
    expect(await limits.control("b")).toEqual({ ok: true });
  });

  it("blocks logins from an address after N failures in a minute", async () => {
    const limits = new RateLimits({ controlsPerMinute: 3, loginFailuresPerMinute: 2 });
    expect(await limits.loginAllowed("10.0.0.1")).toEqual({ ok: true });
    await limits.loginFailed("10.0.0.1");
    expect(await limits.loginAllowed("10.0.0.1")).toEqual({ ok: true });
    await limits.loginFailed("10.0.0.1");
    expect((await limits.loginAllowed("10.0.0.1")).ok).toBe(false);
    expect(await limits.loginAllowed("10.0.0.2")).toEqual({ ok: true });
  });

  describe("in Redis (127.0.0.1:6379), shared by two processes' limiters", () => {
    const redis = new Redis({ host: "127.0.0.1", port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
    const prefix = `hean-test-${process.pid}-${Date.now()}`;
    afterAll(async () => {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });

    it("counts one client across both", async () => {
      await redis.connect();
      const one = new RateLimits({ controlsPerMinute: 4, loginFailuresPerMinute: 10, redis, keyPrefix: prefix });
      const two = new RateLimits({ controlsPerMinute: 4, loginFailuresPerMinute: 10, redis, keyPrefix: prefix });
      expect(await one.control("c")).toEqual({ ok: true });
      expect(await two.control("c")).toEqual({ ok: true });
      expect(await one.control("c")).toEqual({ ok: true });
      expect(await two.control("c")).toEqual({ ok: true });
      expect((await one.control("c")).ok).toBe(false);
      expect((await redis.keys(`${prefix}*`)).length).toBeGreaterThan(0);
    });
  });
});
