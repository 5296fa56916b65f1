// What the Bybit end-to-end scripts share: named checks that print as they go, JSON calls to the
// server under test, and polling with a deadline.
import { sleep } from "../lib/server-process.mjs";

export interface Checks {
  check(ok: unknown, message: string): void;
  readonly failures: string[];
}

export function checks(): Checks {
  const failures: string[] = [];
  return {
    failures,
    check(ok, message) {
      console.log(`  ${ok ? "✓" : "✗"} ${message}`);
      if (!ok) failures.push(message);
    },
  };
}

export interface JsonAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Headers a call carries: an API token once the owner has set a password. */
export type Auth = Readonly<Record<string, string>>;

export const bearer = (token: string): Auth => ({ authorization: `Bearer ${token}` });

export async function get(base: string, path: string, auth: Auth = {}): Promise<JsonAnswer> {
  const res = await fetch(`${base}${path}`, { headers: auth, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A tRPC mutation over HTTP, as a script would send it; the answer's data, or the error. */
export async function mutate(base: string, procedure: string, input: unknown, auth: Auth = {}): Promise<JsonAnswer> {
  const res = await fetch(`${base}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(15_000),
  });
  const json = (await res.json()) as { result?: { data?: Record<string, unknown> }; error?: Record<string, unknown> };
  return { status: res.status, body: json.result?.data ?? json.error ?? {} };
}

/** A tRPC query's data over HTTP. */
export async function query<T>(base: string, procedure: string, auth: Auth = {}): Promise<T | undefined> {
  const res = await fetch(`${base}/api/trpc/${procedure}`, { headers: auth, signal: AbortSignal.timeout(10_000) });
  return ((await res.json()) as { result?: { data?: T } }).result?.data;
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(250);
  }
  console.log(`  (gave up waiting for ${what})`);
  return undefined;
}
