import { describe, expect, it } from "vitest";
import { memoryAccessRecords } from "../../adapters/memory/memory-access-records";
import { AuthService } from "../../auth/auth-service";
import { RateLimits } from "../../auth/rate-limits";
import { accessCommands } from "./access";

async function setup(withPassword: boolean) {
  const records = memoryAccessRecords();
  const auth = new AuthService(records, { sessionTtlMs: 3_600_000 });
  if (withPassword) await auth.setPassword("correct horse battery", null, { actor: "test", address: null });
  const limits = new RateLimits({ controlsPerMinute: 100, loginFailuresPerMinute: 3 });
  const recent = {
    recentAccess: async (limit: number) => records.events.slice(-limit).map((e, i) => ({ ...e, id: i + 1 })),
  };
  return { auth, access: accessCommands(auth, limits, recent, () => !auth.isConfigured()) };
}

describe("access commands", () => {
  it("while unprotected, the local caller manages access (sets the first password, makes tokens)", async () => {
    const { access } = await setup(false);
    expect(access.statusOf({ kind: "local" })).toMatchObject({ configured: false, unprotected: true });
    expect((await access.createToken({ kind: "local" }, "bot", null)).ok).toBe(true);
    expect(
      await access.setPassword(
        { kind: "local" },
        { password: "correct horse battery" },
        { session: null, address: null },
      ),
    ).toEqual({ ok: true, value: null });
  });

  it("once a password is set, a local read is no one: it cannot list tokens, make them, or read the log", async () => {
    const { access } = await setup(true);
    expect(access.statusOf({ kind: "local" })).toMatchObject({
      configured: true,
      unprotected: false,
      authenticated: false,
      principal: null,
    });
    expect(await access.tokens({ kind: "local" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await access.createToken({ kind: "local" }, "x", null)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await access.events({ kind: "local" }, 10)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("tokens cannot manage access; a session can", async () => {
    const { access } = await setup(true);
    const bot = { kind: "token", id: "0badf00d", name: "bot" } as const;
    expect(await access.tokens(bot)).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await access.setPassword(bot, { password: "another long password" }, { session: null, address: null }),
    ).toMatchObject({ code: "FORBIDDEN" });
    const owner = { kind: "session", id: "abcd1234" } as const;
    const made = await access.createToken(owner, "bot", null);
    if (!made.ok) throw new Error(made.message);
    expect(await access.tokens(owner)).toMatchObject({
      ok: true,
      value: [{ id: made.value.id, name: "bot", revoked_at: null }],
    });
    expect(await access.revokeToken(owner, made.value.id, null)).toEqual({ ok: true, value: null });
    expect(await access.revokeToken(owner, made.value.id, null)).toMatchObject({ code: "NOT_FOUND" });
  });

  it("failed logins past the limit are refused before the password is checked", async () => {
    const { access } = await setup(true);
    for (let i = 0; i < 3; i++)
      expect(await access.login("wrong wrong wrong", "10.0.0.1")).toMatchObject({ code: "WRONG_PASSWORD" });
    expect(await access.login("correct horse battery", "10.0.0.1")).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(await access.login("correct horse battery", "10.0.0.2")).toMatchObject({ ok: true });
  });
});
