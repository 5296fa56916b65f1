/** What GET /auth/status answers (server/gateway/commands/access.ts, AccessStatus). */
export interface AccessStatusAnswer {
  readonly configured: boolean;
  readonly unprotected: boolean;
  readonly authenticated: boolean;
  readonly principal: {
    readonly kind: "session" | "token" | "local";
    readonly id?: string;
    readonly name?: string;
  } | null;
}

export async function fetchAccessStatus(): Promise<AccessStatusAnswer> {
  const res = await fetch("/auth/status", { cache: "no-store" });
  if (!res.ok) throw new Error(`GET /auth/status answered ${res.status}`);
  return (await res.json()) as AccessStatusAnswer;
}

/** POST /auth/login: null when logged in, else what to tell the person. */
export async function logIn(password: string): Promise<string | null> {
  const res = await fetch("/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password }),
  });
  if (res.ok) return null;
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  return body.message ?? `Login failed (${res.status})`;
}

export async function logOut(): Promise<void> {
  await fetch("/auth/logout", { method: "POST" });
}
