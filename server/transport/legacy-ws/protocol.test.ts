import { describe, expect, it } from "vitest";
import {
  ackMessage,
  dataMessage,
  errorMessage,
  parseClientMessage,
  pongMessage,
  shutdownMessage,
  welcomeMessage,
} from "./protocol";

const TS = "2026-01-22T14:00:00.000Z";

describe("parseClientMessage", () => {
  it("parses the three actions, ignoring extra fields", () => {
    expect(parseClientMessage('{"action":"subscribe","topic":"metrics","id":3}')).toEqual({
      ok: true,
      command: { kind: "subscribe", topic: "metrics" },
    });
    expect(parseClientMessage('{"action":"unsubscribe","topic":"metrics"}')).toEqual({
      ok: true,
      command: { kind: "unsubscribe", topic: "metrics" },
    });
    expect(parseClientMessage('{"action":"ping"}')).toEqual({ ok: true, command: { kind: "ping" } });
    expect(parseClientMessage("ping")).toEqual({ ok: true, command: { kind: "ping" } });
    expect(parseClientMessage(" ping\n")).toEqual({ ok: true, command: { kind: "ping" } });
  });

  it.each([
    ["pong", "INVALID_JSON"],
    ["", "INVALID_JSON"],
    ["null", "INVALID_MESSAGE"],
    ['"subscribe"', "INVALID_MESSAGE"],
    ["{}", "INVALID_MESSAGE"],
    ['{"action":null}', "INVALID_MESSAGE"],
    ['{"action":"PING"}', "UNKNOWN_ACTION"],
    ['{"action":"subscribe"}', "INVALID_MESSAGE"],
    ['{"action":"subscribe","topic":""}', "INVALID_MESSAGE"],
    ['{"action":"subscribe","topic":["metrics"]}', "INVALID_MESSAGE"],
    [`{"action":"subscribe","topic":"${"a".repeat(201)}"}`, "INVALID_MESSAGE"],
  ])("rejects %s with %s", (text, code) => {
    const result = parseClientMessage(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe(code);
  });

  it("refuses text the boundary rule refuses, naming the field", () => {
    for (const [text, field] of [
      ['{"action":"subscribe","topic":"metrics\\u0000"}', "topic"],
      ['{"action":"sub\\ud800","topic":"metrics"}', "action"],
      ['{"action":"ping","extra":{"note":"\\u0007"}}', "extra.note"],
    ] as const) {
      const result = parseClientMessage(text);
      expect(result).toMatchObject({ ok: false, code: "INVALID_MESSAGE" });
      if (!result.ok) expect(result.message.startsWith(`${field} contains`)).toBe(true);
    }
  });

  it("does not echo long client input back in full", () => {
    const result = parseClientMessage(JSON.stringify({ action: "x".repeat(10_000) }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(300);
  });
});

describe("server messages", () => {
  it("serialize with the seed's field names and order", () => {
    expect(welcomeMessage(["metrics"], TS)).toBe(`{"type":"connected","timestamp":"${TS}","topics":["metrics"]}`);
    expect(ackMessage("subscribed", "metrics", TS)).toBe(`{"type":"subscribed","topic":"metrics","timestamp":"${TS}"}`);
    expect(pongMessage(TS)).toBe(`{"type":"pong","timestamp":"${TS}"}`);
    expect(errorMessage("UNKNOWN_TOPIC", "no", TS)).toBe(
      `{"type":"error","error_code":"UNKNOWN_TOPIC","message":"no","timestamp":"${TS}"}`,
    );
    expect(shutdownMessage("bye", TS)).toBe(
      `{"type":"server_shutdown","reconnect":true,"message":"bye","timestamp":"${TS}"}`,
    );
    expect(dataMessage("metrics", { equity: 1 }, TS)).toBe(
      `{"topic":"metrics","data":{"equity":1},"timestamp":"${TS}"}`,
    );
  });

  it("dataMessage throws on unserializable data", () => {
    expect(() => dataMessage("metrics", { n: 1n }, TS)).toThrow(TypeError);
  });
});
