import { z } from "zod";
import { describeViolation, findTextViolation } from "../../boundary/storable-text";

export const CLIENT_ACTIONS = ["subscribe", "unsubscribe", "ping"] as const;

export const ERROR_CODES = [
  "INVALID_JSON",
  "INVALID_MESSAGE",
  "UNKNOWN_ACTION",
  "UNKNOWN_TOPIC",
  "TOO_MANY_SUBSCRIPTIONS",
] as const;
export type LegacyErrorCode = (typeof ERROR_CODES)[number];

export type ClientCommand =
  | { kind: "subscribe"; topic: string }
  | { kind: "unsubscribe"; topic: string }
  | { kind: "ping" };

export type ParseResult =
  | { readonly ok: true; readonly command: ClientCommand }
  | { readonly ok: false; readonly code: LegacyErrorCode; readonly message: string };

// Extra keys are ignored (zod's default), so older clients that send more fields keep working.
const envelopeSchema = z.object({ action: z.string() });
const topicCommandSchema = z.object({
  action: z.enum(["subscribe", "unsubscribe"]),
  topic: z.string().min(1).max(200),
});

const EXAMPLE = '{"action":"subscribe","topic":"market_ticks"}';

/** Quotes a client-supplied value for an error message without echoing back an arbitrarily long string. */
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

function describeValue(value: unknown): string {
  if (value === undefined) return "no topic";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return value === "" ? "an empty string" : `a string of ${value.length} characters`;
  return `a ${typeof value}`;
}

function fail(code: LegacyErrorCode, message: string): ParseResult {
  return { ok: false, code, message };
}

/** Parses one text frame from a client: JSON `{"action":...}` or the bare text `ping`. */
export function parseClientMessage(text: string): ParseResult {
  if (text.trim() === "ping") return { ok: true, command: { kind: "ping" } };

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail("INVALID_JSON", `message is not valid JSON; send a JSON object such as ${EXAMPLE}, or the text ping`);
  }

  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return fail("INVALID_MESSAGE", `message must be a JSON object such as ${EXAMPLE}`);
  }
  const violation = findTextViolation(json);
  if (violation !== null) return fail("INVALID_MESSAGE", describeViolation(violation, "message"));

  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    return fail("INVALID_MESSAGE", `field "action" must be a string, one of: ${CLIENT_ACTIONS.join(", ")}`);
  }

  const action = envelope.data.action;
  if (action === "ping") return { ok: true, command: { kind: "ping" } };
  if (action !== "subscribe" && action !== "unsubscribe") {
    return fail("UNKNOWN_ACTION", `unknown action ${quote(action)}; allowed actions: ${CLIENT_ACTIONS.join(", ")}`);
  }

  const parsed = topicCommandSchema.safeParse(json);
  if (!parsed.success) {
    const got = describeValue((json as Record<string, unknown>).topic);
    return fail(
      "INVALID_MESSAGE",
      `action "${action}" needs field "topic" as a non-empty string of at most 200 characters (got ${got}), e.g. ${EXAMPLE}`,
    );
  }
  return { ok: true, command: { kind: parsed.data.action, topic: parsed.data.topic } };
}

// Server → client messages. Key order follows the seed report so the wire format matches the old server's.

export interface WelcomeMessage {
  type: "connected";
  timestamp: string;
  topics: readonly string[];
}
export interface AckMessage {
  type: "subscribed" | "unsubscribed";
  topic: string;
  timestamp: string;
}
export interface PongMessage {
  type: "pong";
  timestamp: string;
}
export interface ErrorMessage {
  type: "error";
  error_code: LegacyErrorCode;
  message: string;
  timestamp: string;
}
export interface ShutdownMessage {
  type: "server_shutdown";
  reconnect: true;
  message: string;
  timestamp: string;
}
export interface DataMessage<T = unknown> {
  topic: string;
  data: T;
  timestamp: string;
}
export function welcomeMessage(topics: readonly string[], timestamp: string): string {
  return JSON.stringify({ type: "connected", timestamp, topics } satisfies WelcomeMessage);
}

export function ackMessage(type: AckMessage["type"], topic: string, timestamp: string): string {
  return JSON.stringify({ type, topic, timestamp } satisfies AckMessage);
}

export function pongMessage(timestamp: string): string {
  return JSON.stringify({ type: "pong", timestamp } satisfies PongMessage);
}

export function errorMessage(code: LegacyErrorCode, message: string, timestamp: string): string {
  return JSON.stringify({ type: "error", error_code: code, message, timestamp } satisfies ErrorMessage);
}

export function shutdownMessage(message: string, timestamp: string): string {
  return JSON.stringify({ type: "server_shutdown", reconnect: true, message, timestamp } satisfies ShutdownMessage);
}

/** Throws (TypeError) when `data` cannot be serialized, e.g. it holds a BigInt or a cycle. */
export function dataMessage(topic: string, data: unknown, timestamp: string): string {
  return JSON.stringify({ topic, data, timestamp } satisfies DataMessage);
}
