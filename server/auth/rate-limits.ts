import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/** What a limiter says: go on, or wait this long. */
export type Allowance = { readonly ok: true } | { readonly ok: false; readonly retryAfterSec: number };

export interface RateLimitOptions {
  readonly controlsPerMinute: number;
  readonly loginFailuresPerMinute: number;
  /** An ioredis client: the limits are then shared by every HEAN process on that Redis. */
  readonly redis?: unknown;
  /** Keys live under this prefix in Redis. */
  readonly keyPrefix?: string;
}

interface Limiter {
  consume(key: string, points?: number): Promise<unknown>;
  get(key: string): Promise<RateLimiterRes | null>;
}

/**
 * Per-client limits (rate-limiter-flexible): controls per minute, and failed logins per address per
 * minute. In memory by default; in Redis when one is configured, with memory as its fallback while
 * Redis does not answer, so a Redis outage never lifts the limits.
 */
export class RateLimits {
  private readonly controls: Limiter;
  private readonly logins: Limiter;
  private readonly loginLimit: number;

  constructor(o: RateLimitOptions) {
    this.loginLimit = o.loginFailuresPerMinute;
    const make = (name: string, points: number): Limiter => {
      const memory = new RateLimiterMemory({ points, duration: 60, keyPrefix: name });
      if (o.redis === undefined) return memory;
      return new RateLimiterRedis({
        storeClient: o.redis,
        points,
        duration: 60,
        keyPrefix: `${o.keyPrefix ?? "hean"}:${name}`,
        insuranceLimiter: memory,
      });
    };
    this.controls = make("controls", o.controlsPerMinute);
    this.logins = make("login-failures", o.loginFailuresPerMinute);
  }

  /** Counts one control by this client. */
  control(key: string): Promise<Allowance> {
    return take(this.controls, key);
  }

  /** Whether this address has failed too many logins in the last minute. */
  async loginAllowed(address: string): Promise<Allowance> {
    const res = await this.logins.get(address);
    if (res === null || res.consumedPoints < this.loginLimit) return { ok: true };
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
  }

  async loginFailed(address: string): Promise<void> {
    await take(this.logins, address);
  }
}

async function take(limiter: Limiter, key: string): Promise<Allowance> {
  try {
    await limiter.consume(key);
    return { ok: true };
  } catch (error) {
    if (error instanceof RateLimiterRes)
      return { ok: false, retryAfterSec: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    throw error;
  }
}
