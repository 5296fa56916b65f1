import type { IncomingMessage, ServerResponse } from "node:http";
import { toStorableText } from "../../boundary/storable-text";
import { allowedMethods, findApiRoute, isApiPath } from "./api-routes";
import { sendJsonError } from "./json-answer";

/** Methods HEAN answers on any path; anything else (TRACE, CONNECT, PROPFIND, ...) is a 405. */
const SERVED_METHODS = new Set(["GET", "HEAD", "POST", "OPTIONS"]);

const shown = (text: string) => JSON.stringify(toStorableText(text.length > 80 ? `${text.slice(0, 80)}…` : text));

/**
 * Answers, before Next sees it, every request whose method or API path HEAN does not serve, in
 * the JSON error shape. Returns true when it answered.
 */
export function refuseUnserved(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  const method = req.method ?? "GET";
  const api = isApiPath(pathname);
  if (!SERVED_METHODS.has(method)) {
    const route = api ? findApiRoute(pathname) : undefined;
    const allow = route === undefined ? [...SERVED_METHODS] : allowedMethods(route);
    sendJsonError(
      res,
      405,
      "METHOD_NOT_ALLOWED",
      `${method} is not allowed on ${shown(pathname)}; allowed: ${allow.join(", ")}`,
      {
        allow: allow.join(", "),
      },
    );
    return true;
  }
  if (!api) return false;
  const route = findApiRoute(pathname);
  if (route === undefined) {
    sendJsonError(res, 404, "NOT_FOUND", `No API path ${shown(pathname)}; see the API section of the README`);
    return true;
  }
  const allow = allowedMethods(route);
  if (method === "OPTIONS") {
    // A preflight: the access gate granted the origin (CORS_ORIGINS) or the answer grants nothing.
    const granted = res.hasHeader("access-control-allow-origin");
    res.writeHead(204, {
      allow: allow.join(", "),
      "cache-control": "no-store",
      ...(granted
        ? {
            "access-control-allow-methods": allow.join(", "),
            "access-control-allow-headers": "content-type, authorization",
          }
        : {}),
    });
    res.end();
    return true;
  }
  if (!allow.includes(method)) {
    sendJsonError(
      res,
      405,
      "METHOD_NOT_ALLOWED",
      `${method} is not allowed on ${shown(pathname)}; allowed: ${allow.join(", ")}`,
      {
        allow: allow.join(", "),
      },
    );
    return true;
  }
  return false;
}
