// Sends hostile text through every text field of every REST path, tRPC procedure (HTTP and
// WebSocket) and /ws message of a running HEAN, interleaved with real controls, and checks every
// answer: the boundary refuses bad text with a 4xx in the JSON error shape, never a 5xx.
import WebSocket from "ws";
import { textProblem } from "../../server/boundary/storable-text";
import { API_ROUTES } from "../../server/transport/http/api-routes";
import { appRouter } from "../../src/server/api/root";
import { invalidUtf8, longText, refusedText, sample } from "./hostile-inputs";

/** A control the server answered (200 applied, 202 applied not yet saved, 409 refused): its row must exist. */
export interface Acknowledged {
  readonly reason: string;
  readonly via: string;
  readonly status: number;
}

export interface FuzzOutcome {
  requests: number;
  refused: number;
  readonly failures: string[];
  readonly acknowledged: Acknowledged[];
}

type Input = Record<string, unknown>;

/** Where each procedure keeps its text; the hostile string goes into each of these fields in turn. */
const TEXT_FIELDS: Record<string, (h: string) => Input[]> = {
  "engine.control": (h) => [{ command: "pause", reason: h }, { command: h }],
  "risk.clear": (h) => [{ confirm: true, reason: h }],
  "trading.closePosition": (h) => [{ symbol: h }],
  "trading.cancelOrder": (h) => [{ clientOrderId: h }],
  "trading.decisions": (h) => [{ symbol: h }, { strategy: h }, { reasonCode: h }, { decision: h }],
  "market.ticker": (h) => [{ symbol: h }],
  "market.candles": (h) => [{ symbol: "BTCUSDT", timeframe: h }, { symbol: h }],
  "market.onTicks": (h) => [{ symbols: ["BTCUSDT", h] }],
};

const inputsFor = (path: string, h: string): Input[] => [
  ...(TEXT_FIELDS[path]?.(h) ?? []),
  // Any field at all, and a field name: the rule runs before each procedure's own schema.
  { note: h },
  { [h]: 1 },
];

/** Every legacy GET path: each takes the hostile text as a query parameter. */
const GET_PATHS = API_ROUTES.filter((r) => r.methods.includes("GET") && !r.path.includes("[")).map((r) => r.path);

const PROCEDURES = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures,
).map(([path, p]) => ({ path, type: (p as { _def: { type: "query" | "mutation" | "subscription" } })._def.type }));

export async function fuzzServer(base: string, options: { seed: number; runs: number }): Promise<FuzzOutcome> {
  const out: FuzzOutcome = { requests: 0, refused: 0, failures: [], acknowledged: [] };
  const hostile = sample(refusedText, options.runs, options.seed);
  const long = sample(longText, Math.max(2, Math.floor(options.runs / 5)), options.seed + 1);
  const step = async (name: string, run: () => Promise<void>) => {
    const started = Date.now();
    await run();
    if (process.env.DURABILITY_VERBOSE)
      console.log(`    ${name}: ${Date.now() - started} ms, ${out.requests} requests so far`);
  };
  await step("REST", () => fuzzRest(base, hostile, long, out));
  await step("tRPC over HTTP", () => fuzzTrpcHttp(base, hostile, out));
  await step("tRPC over WebSocket", () => fuzzTrpcWs(base, hostile, out));
  await step("/ws", () => fuzzLegacyWs(base, [...hostile, ...long], out));
  return out;
}

// --- REST -------------------------------------------------------------------------------------

async function rest(
  base: string,
  out: FuzzOutcome,
  method: "GET" | "POST",
  path: string,
  body?: string | Buffer,
): Promise<{ status: number; json: Record<string, unknown> | null }> {
  out.requests++;
  const res = await fetch(`${base}${path}`, {
    method,
    body: typeof body === "string" || body === undefined ? body : new Uint8Array(body),
    headers: body === undefined ? {} : { "content-type": "application/json" },
  });
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    out.failures.push(`${method} ${short(path)}: answered ${res.status} with a body that is not JSON: ${short(text)}`);
  }
  if (res.status >= 500) out.failures.push(`${method} ${short(path)}: answered ${res.status}: ${short(text)}`);
  if (res.status >= 400 && res.status < 500) {
    out.refused++;
    // The JSON error shape, or the documented control answer of a refused command (409).
    if (json !== null && typeof json.error !== "string" && typeof json.error_code !== "string")
      out.failures.push(`${method} ${short(path)}: ${res.status} without the JSON error shape: ${short(text)}`);
  }
  return { status: res.status, json };
}

/** Refused: 400 for what the text is, or 431 for a URL too long to read at all (10 kB, percent-encoded). */
function expect400(r: { status: number }, what: string, out: FuzzOutcome): void {
  if (r.status !== 400 && r.status !== 431) out.failures.push(`${what}: expected 400, got ${r.status}`);
}

let counter = 0;
const nextReason = (via: string) => `fuzz-${via}-${++counter}`;

async function control(base: string, out: FuzzOutcome, reason: string, via: string, raw?: Buffer): Promise<void> {
  const command = counter % 2 === 0 ? "pause" : "resume";
  const r = await rest(base, out, "POST", `/engine/${command}`, raw ?? JSON.stringify({ reason }));
  if (r.status === 200 || r.status === 202 || r.status === 409)
    out.acknowledged.push({ reason, via, status: r.status });
  else out.failures.push(`control ${command} (${via}) answered ${r.status}: ${JSON.stringify(r.json)}`);
}

/**
 * A URL carries bytes: a lone surrogate has no UTF-8 form and arrives as U+FFFD, which is fine
 * text; NUL and control characters arrive as they are. So a query is refused when what arrives is.
 */
function queryValue(h: string): { q: string; refused: boolean } {
  const bytes = Buffer.from(h, "utf8");
  const q = [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
  return { q, refused: textProblem(bytes.toString("utf8")) !== null };
}

function expect4xx(r: { status: number }, refused: boolean, what: string, out: FuzzOutcome): void {
  if (refused) expect400(r, what, out);
  else if (r.status >= 500) out.failures.push(`${what}: answered ${r.status}`);
}

async function fuzzRest(base: string, hostile: string[], long: string[], out: FuzzOutcome): Promise<void> {
  for (const [i, h] of hostile.entries()) {
    const { q, refused } = queryValue(h);
    expect400(
      await rest(base, out, "POST", "/engine/pause", JSON.stringify({ reason: h })),
      "POST /engine/pause reason",
      out,
    );
    expect400(
      await rest(base, out, "POST", "/engine/kill", JSON.stringify({ [h]: "x" })),
      "POST /engine/kill field name",
      out,
    );
    expect400(
      await rest(base, out, "POST", "/risk/governor/clear", JSON.stringify({ confirm: true, reason: h })),
      "POST /risk/governor/clear reason",
      out,
    );
    // The ticker's symbol and the candles' timeframe are refused by their own schemas anyway.
    expect400(await rest(base, out, "GET", `/market/ticker?symbol=${q}`), "GET /market/ticker symbol", out);
    expect400(
      await rest(base, out, "GET", `/market/candles?symbol=BTCUSDT&timeframe=${q}`),
      "GET /market/candles",
      out,
    );
    for (const path of GET_PATHS)
      expect4xx(await rest(base, out, "GET", `${path}?note=${q}`), refused, `GET ${path} query`, out);
    await rest(base, out, "POST", `/engine/${q}`, JSON.stringify({}));
    if (i % 3 === 0) await control(base, out, nextReason("rest"), "rest");
  }
  for (const h of long) {
    expect400(await rest(base, out, "POST", "/engine/pause", JSON.stringify({ reason: h })), "10 kB reason", out);
    expect400(await rest(base, out, "GET", `/market/ticker?symbol=${queryValue(h).q}`), "10 kB symbol", out);
  }
  // Bytes that are not UTF-8 decode to U+FFFD: the command is applied with that text, and stored.
  for (const bytes of invalidUtf8) {
    const body = Buffer.concat([Buffer.from('{"reason":"bad-'), bytes, Buffer.from('"}')]);
    const reason = new TextDecoder().decode(body).slice('{"reason":"'.length, -2);
    counter++;
    await control(base, out, reason, "rest-invalid-utf8", body);
  }
}

// --- tRPC over HTTP ---------------------------------------------------------------------------

async function fuzzTrpcHttp(base: string, hostile: string[], out: FuzzOutcome): Promise<void> {
  for (const [i, h] of hostile.entries()) {
    for (const { path, type } of PROCEDURES) {
      if (type === "subscription") continue;
      for (const input of inputsFor(path, h)) {
        out.requests++;
        const url = `${base}/api/trpc/${path}`;
        const res =
          type === "query"
            ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`)
            : await fetch(url, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify(input),
              });
        const text = await res.text();
        if (res.status !== 400 && !(res.status === 431 && type === "query"))
          out.failures.push(
            `tRPC ${path} ${short(JSON.stringify(input))}: expected 400, got ${res.status} ${short(text)}`,
          );
        else out.refused++;
      }
    }
    if (i % 3 === 0) {
      const reason = nextReason("trpc-http");
      out.requests++;
      const res = await fetch(`${base}/api/trpc/engine.control`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ command: counter % 2 === 0 ? "pause" : "resume", reason }),
      });
      const text = await res.text();
      if (res.status === 200) out.acknowledged.push({ reason, via: "trpc-http", status: 200 });
      else out.failures.push(`tRPC engine.control answered ${res.status}: ${short(text)}`);
    }
  }
}

// --- tRPC over WebSocket ----------------------------------------------------------------------

async function fuzzTrpcWs(base: string, hostile: string[], out: FuzzOutcome): Promise<void> {
  const ws = await open(`${base.replace(/^http/, "ws")}/api/trpc`);
  const waiting = new Map<number, (msg: Record<string, unknown>) => void>();
  ws.on("message", (data) => {
    const msg = JSON.parse(String(data)) as Record<string, unknown>;
    const id = msg.id as number;
    waiting.get(id)?.(msg);
    waiting.delete(id);
  });
  let id = 0;
  const call = (method: string, path: string, input: unknown) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const n = ++id;
      out.requests++;
      const timer = setTimeout(() => reject(new Error(`tRPC WS ${path}: no answer in 10 s`)), 10_000);
      waiting.set(n, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      ws.send(JSON.stringify({ id: n, method, params: { path, input } }));
    });
  try {
    for (const [i, h] of hostile.entries()) {
      for (const { path, type } of PROCEDURES) {
        for (const input of inputsFor(path, h)) {
          const msg = await call(type, path, input);
          const error = msg.error as { data?: { code?: string } } | undefined;
          if (error?.data?.code !== "BAD_REQUEST")
            out.failures.push(
              `tRPC WS ${path} ${short(JSON.stringify(input))}: expected BAD_REQUEST, got ${short(JSON.stringify(msg))}`,
            );
          else out.refused++;
        }
      }
      if (i % 3 === 0) {
        const reason = nextReason("trpc-ws");
        const msg = await call("mutation", "engine.control", {
          command: counter % 2 === 0 ? "pause" : "resume",
          reason,
        });
        if (msg.result !== undefined) out.acknowledged.push({ reason, via: "trpc-ws", status: 200 });
        else out.failures.push(`tRPC WS engine.control failed: ${short(JSON.stringify(msg))}`);
      }
    }
  } finally {
    ws.close();
  }
}

// --- legacy /ws -------------------------------------------------------------------------------

async function fuzzLegacyWs(base: string, texts: string[], out: FuzzOutcome): Promise<void> {
  const url = `${base.replace(/^http/, "ws")}/ws`;
  const replies: Record<string, unknown>[] = [];
  // Each connection starts with a welcome; the replies counted are those after it.
  const connect = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once("error", reject);
      // The welcome can arrive with the handshake itself: listen before "open".
      socket.once("message", () => {
        socket.on("message", (d) => replies.push(JSON.parse(String(d)) as Record<string, unknown>));
        resolve(socket);
      });
    });
  let ws = await connect();
  for (const h of texts) {
    const bad = textProblem(h) !== null;
    // A long but valid field name on a ping is just ignored; everything else here is refused.
    for (const [message, refused] of [
      [{ action: "subscribe", topic: h }, true],
      [{ action: h }, true],
      [{ action: "ping", [h]: 1 }, bad],
    ] as const) {
      out.requests++;
      const before = replies.length;
      ws.send(JSON.stringify(message));
      const reply = (await waitFor(() => replies.length > before && replies.at(-1), 5000)) as
        | { type?: string }
        | undefined;
      const expected = refused ? "error" : "pong";
      if (reply?.type !== expected)
        out.failures.push(
          `/ws ${short(JSON.stringify(message))}: expected ${expected}, got ${short(JSON.stringify(reply))}`,
        );
      else if (refused) out.refused++;
    }
  }
  // A text frame that is not UTF-8 is a protocol error: the server closes with 1007, and serves the next client.
  for (const bytes of invalidUtf8) {
    out.requests++;
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.send(bytes, { binary: false });
    const code = await Promise.race([closed, sleep(5000).then(() => -1)]);
    if (code !== 1007) out.failures.push(`/ws invalid UTF-8 frame: expected close 1007, got ${code}`);
    ws = await connect();
  }
  ws.close();
}

// --- helpers ----------------------------------------------------------------------------------

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

async function waitFor<T>(check: () => T | false | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = check();
    if (v) return v;
    await sleep(5);
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function short(text: string): string {
  const safe = JSON.stringify(text).slice(1, -1);
  return safe.length > 160 ? `${safe.slice(0, 160)}…` : safe;
}
