import type { ServerResponse } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

/** The JSON error shape every path answers with: {"error": CODE, "message": "..."}. */
export function errorBody(error: string, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ error, message, ...extra });
}

export function sendJsonError(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = errorBody(error, message);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(body);
}

/** A JSON error written straight to a socket, for requests the HTTP parser refused (no response object). */
export function writeRawJsonError(socket: Duplex, status: number, error: string, message: string): void {
  const body = errorBody(error, message);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
}
