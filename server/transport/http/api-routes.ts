// The API's paths and the methods each answers: the legacy REST paths (src/app/(legacy)/**/route.ts)
// and tRPC over HTTP. Anything else under an API prefix is a JSON 404; a method a path does not
// answer is a JSON 405. A test keeps this table and the route files in step.

export interface ApiRoute {
  /** The path as Next's app router spells it, [param] for a dynamic segment. */
  readonly path: string;
  readonly methods: readonly ("GET" | "POST")[];
}

export const API_ROUTES: readonly ApiRoute[] = [
  { path: "/health", methods: ["GET"] },
  { path: "/telemetry/ping", methods: ["GET"] },
  { path: "/telemetry/summary", methods: ["GET"] },
  { path: "/trading/why", methods: ["GET"] },
  { path: "/portfolio/summary", methods: ["GET"] },
  { path: "/market/ticker", methods: ["GET"] },
  { path: "/market/candles", methods: ["GET"] },
  { path: "/risk/governor/status", methods: ["GET"] },
  { path: "/risk/governor/clear", methods: ["POST"] },
  { path: "/engine/[command]", methods: ["POST"] },
  { path: "/system/agents", methods: ["GET"] },
  { path: "/system/changelog/today", methods: ["GET"] },
  { path: "/api/trpc/[trpc]", methods: ["GET", "POST"] },
  { path: "/auth/status", methods: ["GET"] },
  { path: "/auth/login", methods: ["POST"] },
  { path: "/auth/logout", methods: ["POST"] },
];

/** First path segments that belong to the API rather than to the dashboard's pages. */
const API_SEGMENTS = new Set(API_ROUTES.map((r) => r.path.split("/")[1] as string).filter((s) => s !== ""));

export function isApiPath(pathname: string): boolean {
  return API_SEGMENTS.has(pathname.split("/")[1] ?? "");
}

const matchers = API_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\[[^\]]+\]/g, "[^/]+")}/?$`),
}));

/** The route a path belongs to, or undefined. */
export function findApiRoute(pathname: string): ApiRoute | undefined {
  return matchers.find((m) => m.pattern.test(pathname))?.route;
}

/** The methods a route answers, HEAD with GET (as Next does), OPTIONS always. */
export function allowedMethods(route: ApiRoute): string[] {
  return [...route.methods, ...(route.methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
}
