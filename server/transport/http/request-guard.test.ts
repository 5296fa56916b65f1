import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerClientErrors } from "./client-errors";
import { refuseUnserved } from "./request-guard";

// The guard in front of a stand-in for Next, which answers "next" for whatever it is handed.
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (refuseUnserved(req, res, new URL(req.url ?? "/", "http://x").pathname)) return;
    res.end("next");
  });
  answerClientErrors(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function call(method: string, path: string) {
  const res = await fetch(`${base}${path}`, { method });
  const text = await res.text();
  return { status: res.status, allow: res.headers.get("allow"), type: res.headers.get("content-type"), text };
}

describe("refuseUnserved", () => {
  it("answers TRACE and other methods HEAN does not serve with a JSON 405, on any path", async () => {
    for (const path of ["/", "/health", "/engine/pause", "/chart"]) {
      const r = await call("PUT", path);
      expect(r.status).toBe(405);
      expect(r.type).toBe("application/json");
      expect(JSON.parse(r.text)).toMatchObject({
        error: "METHOD_NOT_ALLOWED",
        message: expect.stringMatching(/^PUT is not allowed/),
      });
    }
    // fetch refuses to send TRACE; a raw request does it.
    const raw = await rawRequest("TRACE /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(raw).toMatch(/^HTTP\/1\.1 405/);
    expect(raw).toMatch(/"error":"METHOD_NOT_ALLOWED"/);
  });

  it("answers an unknown API path with a JSON 404 and a wrong method with a JSON 405 and Allow", async () => {
    expect(await call("GET", "/trading/nope")).toMatchObject({ status: 404, type: "application/json" });
    expect(JSON.parse((await call("GET", "/system/nope")).text).error).toBe("NOT_FOUND");
    expect(await call("POST", "/system/agents")).toMatchObject({ status: 405, allow: "GET, HEAD, OPTIONS" });
    expect(await call("GET", "/engine/pause")).toMatchObject({ status: 405, allow: "POST, OPTIONS" });
    expect(await call("POST", "/health")).toMatchObject({ status: 405, allow: "GET, HEAD, OPTIONS" });
    expect(await call("OPTIONS", "/engine/pause")).toMatchObject({ status: 204, allow: "POST, OPTIONS", text: "" });
  });

  it("hands everything it serves to Next", async () => {
    for (const [method, path] of [
      ["GET", "/health"],
      ["HEAD", "/trading/why"],
      ["POST", "/engine/nonsense"],
      ["GET", "/api/trpc/system.status"],
      ["GET", "/"],
      ["GET", "/no-such-page"],
    ] as const)
      expect((await call(method, path)).status).toBe(200);
  });

  it("answers what the HTTP parser refuses in JSON too", async () => {
    expect(await rawRequest("FOO / HTTP/1.1\r\nHost: x\r\n\r\n")).toMatch(
      /^HTTP\/1\.1 405[\s\S]*"error":"METHOD_NOT_ALLOWED"/,
    );
    expect(await rawRequest(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 431[\s\S]*"error":"HEADERS_TOO_LARGE"/,
    );
    expect(await rawRequest("GARBAGE\r\n\r\n")).toMatch(/^HTTP\/1\.1 (400|405)[\s\S]*"error"/);
  });
});

async function rawRequest(text: string): Promise<string> {
  const { connect } = await import("node:net");
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let out = "";
    socket.on("data", (d) => {
      out += d.toString();
    });
    socket.on("end", () => resolve(out));
    socket.on("close", () => resolve(out));
    socket.on("error", reject);
    socket.setTimeout(3000, () => socket.destroy());
  });
}
