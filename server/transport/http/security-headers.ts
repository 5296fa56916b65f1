import type { ServerResponse } from "node:http";

/**
 * Headers every answer carries, pages and JSON alike. Next's pages inline their bootstrap scripts
 * and styles, so scripts and styles allow 'unsafe-inline' (and 'unsafe-eval' in development, for
 * React's dev tooling); everything else loads from this origin only, nothing may frame the
 * dashboard, and forms post only here.
 */
export function securityHeaders(dev: boolean): Readonly<Record<string, string>> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
}

export function applySecurityHeaders(res: ServerResponse, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
