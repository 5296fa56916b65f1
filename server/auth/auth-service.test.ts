import { describe, expect, it } from "vitest";
import { memoryAccessRecords } from "../adapters/memory/memory-access-records";
import { AuthService } from "./auth-service";

const HOUR = 3_600_000;
const PASSWORD = "correct horse battery";

function setup() {
  let now = 1_800_000_000_000;
  const records = memoryAccessRecords();
  const auth = new AuthService(records, { sessionTtlMs: 10 * HOUR, now: () => now });
  return { auth, records, advance: (ms: number) => (now += ms) };
}

const ctx = { address: "127.0.0.1", actor: "test" };

describe("AuthService", () => {
  it("is unconfigured until a password is set, then refuses a change without the current one", async () => {
    const { auth } = setup();
    await auth.init();
    expect(auth.isConfigured()).toBe(false);
    expect(await auth.login(PASSWORD, null)).toMatchObject({ ok: false, code: "NOT_CONFIGURED" });
    expect(await auth.setPassword("short", null, ctx)).toMatchObject({ ok: false, code: "BAD_PASSWORD" });
    expect(await auth.setPassword(PASSWORD, null, ctx)).toEqual({ ok: true, value: null });
    expect(auth.isConfigured()).toBe(true);
    expect(await auth.setPassword("another long password", null, ctx)).toMatchObject({ code: "WRONG_PASSWORD" });
    expect(await auth.setPassword("another long password", "not it at all", ctx)).toMatchObject({
      code: "WRONG_PASSWORD",
    });
    expect(await auth.setPassword("another long password", PASSWORD, ctx)).toMatchObject({ ok: true });
  });

  it("logs in with the right password only, and the session it gives authenticates", async () => {
    const { auth, records } = setup();
    await auth.setPassword(PASSWORD, null, ctx);
    expect(await auth.login("wrong password!!", "10.0.0.9")).toMatchObject({ ok: false, code: "WRONG_PASSWORD" });
    const login = await auth.login(PASSWORD, "10.0.0.9");
    if (!login.ok) throw new Error(login.message);
    const who = await auth.authenticate({ session: login.value.session }, null);
    expect(who).toMatchObject({ ok: true, value: { kind: "session" } });
    expect(await auth.authenticate({ session: "forged" }, null)).toMatchObject({ ok: false, code: "EXPIRED_SESSION" });
    expect(await auth.authenticate({}, null)).toMatchObject({ ok: false, code: "NO_CREDENTIALS" });
    expect(records.events.map((e) => e.kind)).toEqual(["password_set", "login_failed", "login"]);
  });

  it("sessions expire, slide while used, and end at logout and at a password change", async () => {
    const { auth, advance } = setup();
    await auth.setPassword(PASSWORD, null, ctx);
    const first = await auth.login(PASSWORD, null);
    const second = await auth.login(PASSWORD, null);
    if (!first.ok || !second.ok) throw new Error("login failed");
    advance(6 * HOUR); // past half its life: this use extends it by the full TTL
    expect(await auth.authenticate({ session: first.value.session }, null)).toMatchObject({ ok: true });
    advance(6 * HOUR); // 12 h after login: the extended one lives, the unused one has expired
    expect(await auth.authenticate({ session: first.value.session }, null)).toMatchObject({ ok: true });
    expect(await auth.authenticate({ session: second.value.session }, null)).toMatchObject({ ok: false });
    await auth.logout(first.value.session, null);
    expect(await auth.authenticate({ session: first.value.session }, null)).toMatchObject({
      ok: false,
      code: "EXPIRED_SESSION",
    });
    const third = await auth.login(PASSWORD, null);
    const fourth = await auth.login(PASSWORD, null);
    if (!third.ok || !fourth.ok) throw new Error("login failed");
    await auth.authenticate({ session: fourth.value.session }, null); // cached now: the change must still end it
    await auth.setPassword("a brand new password", PASSWORD, { ...ctx, keepSession: third.value.session });
    expect(await auth.authenticate({ session: third.value.session }, null)).toMatchObject({ ok: true });
    expect(await auth.authenticate({ session: fourth.value.session }, null)).toMatchObject({ ok: false });
  });

  it("tokens authenticate by their secret, are refused once revoked (at once, despite the cache), and forged ones never", async () => {
    const { auth, records } = setup();
    const { id, token } = await auth.createToken("bot", "test", null);
    expect(token.startsWith(`hean_${id}_`)).toBe(true);
    expect(await auth.authenticate({ bearer: token }, "127.0.0.1")).toEqual({
      ok: true,
      value: { kind: "token", id, name: "bot" },
    });
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(await auth.authenticate({ bearer: forged }, null)).toMatchObject({ ok: false, code: "BAD_CREDENTIALS" });
    expect(await auth.authenticate({ bearer: "not-a-token" }, null)).toMatchObject({ code: "BAD_CREDENTIALS" });
    expect(await auth.revokeToken(id, "test", null)).toBe(true);
    expect(await auth.authenticate({ bearer: token }, null)).toMatchObject({ ok: false, code: "REVOKED_TOKEN" });
    expect(await auth.revokeToken(id, "test", null)).toBe(false);
    expect((await auth.listTokens())[0]).toMatchObject({ id, name: "bot", revokedAt: expect.any(Number) });
    expect(JSON.stringify(records.events)).not.toContain(token);
  });

  it("a bearer token wins over a session cookie", async () => {
    const { auth } = setup();
    await auth.setPassword(PASSWORD, null, ctx);
    const login = await auth.login(PASSWORD, null);
    if (!login.ok) throw new Error("login failed");
    expect(await auth.authenticate({ bearer: "hean_00000000_x", session: login.value.session }, null)).toMatchObject({
      ok: false,
    });
  });

  it("refresh: a password set elsewhere (the command line, on a shared database) protects a running HEAN", async () => {
    const { auth, records } = setup();
    await auth.init();
    expect(auth.isConfigured()).toBe(false);
    const other = new AuthService(records, { sessionTtlMs: HOUR });
    await other.resetPassword(PASSWORD, "cli");
    expect(auth.isConfigured()).toBe(false);
    await auth.refresh();
    expect(auth.isConfigured()).toBe(true);
  });

  it("resetPassword (the command line) needs no current password and ends every session", async () => {
    const { auth } = setup();
    await auth.setPassword(PASSWORD, null, ctx);
    const login = await auth.login(PASSWORD, null);
    if (!login.ok) throw new Error("login failed");
    expect(await auth.resetPassword("forgotten and reset", "cli")).toEqual({ ok: true, value: null });
    expect(await auth.authenticate({ session: login.value.session }, null)).toMatchObject({ ok: false });
    expect(await auth.login("forgotten and reset", null)).toMatchObject({ ok: true });
  });
});
