import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import { writeRawJsonError } from "./json-answer";

/** What Node's HTTP parser refuses, answered in the JSON error shape instead of an empty reply. */
export function answerClientErrors(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code === "HPE_HEADER_OVERFLOW")
      writeRawJsonError(socket, 431, "HEADERS_TOO_LARGE", "Request headers are too large");
    else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT")
      writeRawJsonError(socket, 408, "REQUEST_TIMEOUT", "The request was not received in time");
    else if (error.code === "HPE_INVALID_METHOD")
      writeRawJsonError(socket, 405, "METHOD_NOT_ALLOWED", "Unknown HTTP method; allowed: GET, HEAD, POST, OPTIONS");
    else writeRawJsonError(socket, 400, "BAD_REQUEST", `Malformed HTTP request (${error.code ?? "parse error"})`);
  });
}

/** Timeouts for requests that stall: headers within 10 s, the whole request (body included) within 15 s. */
export function limitRequestTime(server: Server): void {
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
}
