/** Bybit's limits, with margin: 600 requests per 5 s per IP, 10 order creations per second (linear). */
export interface RequestLimits {
  readonly requestsPer5s: number;
  readonly ordersPerSec: number;
  /** After a 403 Bybit bans the IP for at least 10 minutes: HEAN sends nothing for this long. */
  readonly banMs: number;
  /** Back-off after a rate-limit answer: doubles from min to max until a request succeeds. */
  readonly backOffMinMs: number;
  readonly backOffMaxMs: number;
}

export const BYBIT_LIMITS: RequestLimits = {
  requestsPer5s: 500,
  ordersPerSec: 8,
  banMs: 10 * 60_000,
  backOffMinMs: 1_000,
  backOffMaxMs: 30_000,
};

export type Permit =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "BANNED" | "BACKING_OFF" | "LOCAL_LIMIT"; readonly retryAfterMs: number };

/**
 * The client-side limiter in front of every private REST call: sliding windows under Bybit's
 * limits, a ban after a 403 (no request at all for banMs), and an exponential back-off after a
 * rate-limit answer (10006), or until the reset time Bybit gave.
 */
export class RequestLimiter {
  private readonly requests: number[] = [];
  private readonly orders: number[] = [];
  private bannedUntil = 0;
  private backOffUntil = 0;
  private backOffMs = 0;

  constructor(
    private readonly now: () => number,
    private readonly limits: RequestLimits = BYBIT_LIMITS,
  ) {}

  /** Takes a permit for one request (an order creation counts twice: the IP and the order window). */
  acquire(kind: "order" | "other"): Permit {
    const now = this.now();
    if (now < this.bannedUntil) return { ok: false, reason: "BANNED", retryAfterMs: this.bannedUntil - now };
    if (now < this.backOffUntil) return { ok: false, reason: "BACKING_OFF", retryAfterMs: this.backOffUntil - now };
    prune(this.requests, now - 5_000);
    prune(this.orders, now - 1_000);
    if (this.requests.length >= this.limits.requestsPer5s)
      return { ok: false, reason: "LOCAL_LIMIT", retryAfterMs: (this.requests[0] ?? now) + 5_000 - now };
    if (kind === "order" && this.orders.length >= this.limits.ordersPerSec)
      return { ok: false, reason: "LOCAL_LIMIT", retryAfterMs: (this.orders[0] ?? now) + 1_000 - now };
    this.requests.push(now);
    if (kind === "order") this.orders.push(now);
    return { ok: true };
  }

  /** What the request's answer says about the limits. */
  onAnswer(answer: {
    readonly httpStatus: number | null;
    readonly retCode: number | null;
    readonly resetAt?: number | null;
  }): void {
    const now = this.now();
    if (answer.httpStatus === 403) {
      this.bannedUntil = now + this.limits.banMs;
      return;
    }
    if (answer.retCode === 10006 || answer.retCode === 10018 || answer.httpStatus === 429) {
      this.backOffMs = Math.min(Math.max(this.backOffMs * 2, this.limits.backOffMinMs), this.limits.backOffMaxMs);
      this.backOffUntil = Math.max(now + this.backOffMs, answer.resetAt ?? 0);
      return;
    }
    if (answer.httpStatus !== null && answer.httpStatus < 500) this.backOffMs = 0;
  }

  /** Whether HEAN may talk to Bybit at all now (not banned). */
  banned(): boolean {
    return this.now() < this.bannedUntil;
  }
}

function prune(times: number[], before: number): void {
  let i = 0;
  while (i < times.length && (times[i] ?? 0) <= before) i++;
  if (i > 0) times.splice(0, i);
}
