import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { memoryAccessRecords } from "../../adapters/memory/memory-access-records";
import { AuthService } from "../../auth/auth-service";
import { RateLimits } from "../../auth/rate-limits";
import { AccessGate, type AccessGateOptions, PRINCIPAL_HEADER } from "./access-gate";
import { OriginPolicy } from "./origin-policy";

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string | string[] | undefined>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function gateServer(o: {
  listenHost?: string;
  password?: boolean;
  reads?: AccessGateOptions["reads"];
  controls?: number;
}) {
  const auth = new AuthService(memoryAccessRecords(), { sessionTtlMs: 3_600_000 });
  if (o.password) await auth.setPassword("correct horse battery", null, { actor: "test", address: null });
  const listenHost = o.listenHost ?? "127.0.0.1";
  const gate = new AccessGate({
    listenHost,
    reads: o.reads ?? "auto",
    trustProxy: false,
    maxBodyBytes: 1000,
    restMaxBodyBytes: 100,
    origins: new OriginPolicy({ listenHost, allowedHosts: ["hean.example"], corsOrigins: ["https://tools.example"] }),
    auth,
    limits: new RateLimits({ controlsPerMinute: o.controls ?? 100, loginFailuresPerMinute: 10 }),
  });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    void gate.check(req, res, path).then((d) => {
      if (!d.ok) return;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ passed: true, principal: req.headers[PRINCIPAL_HEADER] ?? null }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  const port = (server.address() as AddressInfo).port;
  const send = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    new Promise<Answer>((resolve, reject) => {
      const req = request({
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: { host: `127.0.0.1:${port}`, ...headers },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || "{}"), headers: res.headers }),
        );
      });
      req.on("error", reject);
      req.end(body);
    });
  return { auth, send, port };
}

const json = { "content-type": "application/json" };

describe("AccessGate", () => {
  it("on loopback without a password, lets controls through as the local principal", async () => {
    const { send } = await gateServer({});
    const a = await send("POST", "/engine/pause", json, "{}");
    expect(a.status).toBe(200);
    expect(JSON.parse(String(a.body.principal))).toEqual({ kind: "local" });
  });

  it("refuses a Host it does not answer to (DNS rebinding), and accepts ALLOWED_HOSTS", async () => {
    const { send } = await gateServer({});
    expect((await send("GET", "/health", { host: "evil.example" })).body.error).toBe("HOST_NOT_ALLOWED");
    expect((await send("GET", "/health", { host: "hean.example:3000" })).status).toBe(200);
  });

  it("refuses another site's page, and text/plain bodies that a cross-site form could send", async () => {
    const { send, port } = await gateServer({});
    const foreign = await send("POST", "/engine/kill", { ...json, origin: "https://evil.example" }, "{}");
    expect([foreign.status, foreign.body.error]).toEqual([403, "ORIGIN_NOT_ALLOWED"]);
    const sneaky = await send("POST", "/engine/kill", { "content-type": "text/plain" }, '{"reason":"x"}');
    expect([sneaky.status, sneaky.body.error]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
    const noOriginCrossSite = await send("POST", "/engine/kill", { ...json, "sec-fetch-site": "cross-site" }, "{}");
    expect(noOriginCrossSite.status).toBe(403);
    const own = await send("POST", "/engine/pause", { ...json, origin: `http://127.0.0.1:${port}` }, "{}");
    expect(own.status).toBe(200);
    const granted = await send("POST", "/engine/pause", { ...json, origin: "https://tools.example" }, "{}");
    expect(granted.status).toBe(200);
    expect(granted.headers["access-control-allow-origin"]).toBe("https://tools.example");
  });

  it("cuts oversized bodies by their declared length", async () => {
    const { send } = await gateServer({});
    const big = await send("POST", "/engine/pause", json, JSON.stringify({ reason: "x".repeat(200) }));
    expect([big.status, big.body.error]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
  });

  it("once a password is set, controls need credentials; reads stay open on loopback (AUTH_READS=auto)", async () => {
    const { send, auth } = await gateServer({ password: true });
    const bare = await send("POST", "/engine/pause", json, "{}");
    expect([bare.status, bare.body.error]).toEqual([401, "UNAUTHORIZED"]);
    expect(bare.headers["www-authenticate"]).toContain("Bearer");
    expect((await send("GET", "/trading/why")).status).toBe(200);
    const { token } = await auth.createToken("bot", "test", null);
    const withToken = await send("POST", "/engine/pause", { ...json, authorization: `Bearer ${token}` }, "{}");
    expect(withToken.status).toBe(200);
    const forged = await send("POST", "/engine/pause", { ...json, authorization: `Bearer ${token}x` }, "{}");
    expect(forged.status).toBe(401);
    const login = await auth.login("correct horse battery", null);
    if (!login.ok) throw new Error("login failed");
    const withCookie = await send(
      "POST",
      "/engine/pause",
      { ...json, cookie: `hean_session=${login.value.session}` },
      "{}",
    );
    expect(withCookie.status).toBe(200);
    const badCookie = await send("POST", "/engine/pause", { ...json, cookie: "hean_session=%E0%A4%A" }, "{}");
    expect(badCookie.status).toBe(401);
  });

  it("a forged principal header from the client never passes", async () => {
    const { send } = await gateServer({ password: true });
    const a = await send("GET", "/trading/why", { [PRINCIPAL_HEADER]: '{"kind":"token","id":"x","name":"x"}' });
    expect(a.status).toBe(200);
    expect(JSON.parse(String(a.body.principal))).toEqual({ kind: "local" }); // a read without credentials
  });

  it("AUTH_READS=required closes reads too; pages and /health stay public", async () => {
    const { send } = await gateServer({ reads: "required" });
    expect((await send("GET", "/trading/why")).status).toBe(401);
    expect((await send("GET", "/api/trpc/engine.status")).status).toBe(401);
    expect((await send("GET", "/health")).status).toBe(200);
    expect((await send("GET", "/")).status).toBe(200);
  });

  it("rate-limits controls per client with a Retry-After", async () => {
    const { send } = await gateServer({ controls: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await send("POST", "/engine/pause", json, "{}")).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await send("POST", "/engine/pause", json, "{}");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect((await send("GET", "/trading/why")).status).toBe(200);
  });
});

describe("OriginPolicy", () => {
  const facts = (host: string, origin: string | null = null, fetchSite: string | null = null) =>
    ({ host, origin, fetchSite, secure: false }) as Parameters<OriginPolicy["hostAllowed"]>[0];
  const policy = new OriginPolicy({ listenHost: "0.0.0.0", allowedHosts: ["hean.lan"], corsOrigins: [] });

  it("answers to loopback names and ALLOWED_HOSTS only, whatever the port", () => {
    for (const host of ["localhost:3000", "127.0.0.1", "[::1]:3000", "hean.lan:8080", "HEAN.LAN"])
      expect(policy.hostAllowed(facts(host.toLowerCase())), host).toBe(true);
    for (const host of ["", "0.0.0.0:3000", "evil.example", "127.0.0.1.evil.example", "hean.lan.evil"])
      expect(policy.hostAllowed(facts(host)), host).toBe(false);
  });

  it("same origin means the same scheme and host", () => {
    expect(policy.sameOriginOrNoBrowser(facts("hean.lan:80", "http://hean.lan:80"))).toBe(true);
    expect(policy.sameOriginOrNoBrowser(facts("hean.lan:80", "https://hean.lan:80"))).toBe(false);
    expect(policy.sameOriginOrNoBrowser(facts("hean.lan:80", "null"))).toBe(false);
    expect(policy.sameOriginOrNoBrowser(facts("hean.lan:80", null, "same-site"))).toBe(false);
    expect(policy.sameOriginOrNoBrowser(facts("hean.lan:80", null, "none"))).toBe(true);
  });
});
