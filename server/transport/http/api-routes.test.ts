import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROUTES, allowedMethods, findApiRoute, isApiPath } from "./api-routes";

const APP = join(process.cwd(), "src", "app");

/** Every route.ts under src/app: its URL path (route groups dropped) and the methods it exports. */
function routeFiles(dir = APP): { path: string; methods: string[] }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    if (name !== "route.ts") return [];
    const segments = relative(APP, dir)
      .split("/")
      .filter((s) => !(s.startsWith("(") && s.endsWith(")")));
    const source = readFileSync(full, "utf8");
    const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) =>
      new RegExp(`export (const|async function|function) ${m}\\b|as ${m}\\b`).test(source),
    );
    return [{ path: `/${segments.join("/")}`, methods }];
  });
}

describe("the API route table", () => {
  it("lists exactly the route handlers on disk, with the methods they export", () => {
    const onDisk = routeFiles().sort((a, b) => a.path.localeCompare(b.path));
    const table = API_ROUTES.map((r) => ({ path: r.path, methods: [...r.methods] })).sort((a, b) =>
      a.path.localeCompare(b.path),
    );
    expect(table).toEqual(onDisk);
  });

  it("matches paths, dynamic segments and a trailing slash", () => {
    expect(findApiRoute("/engine/pause")?.path).toBe("/engine/[command]");
    expect(findApiRoute("/trading/why/")?.path).toBe("/trading/why");
    expect(findApiRoute("/api/trpc/system.status,market.tickers")?.path).toBe("/api/trpc/[trpc]");
    expect(findApiRoute("/engine/pause/now")).toBeUndefined();
    expect(findApiRoute("/trading/nope")).toBeUndefined();
  });

  it("tells API paths from the dashboard's pages", () => {
    for (const p of ["/health", "/engine/x", "/risk/anything", "/api/other", "/system/agents"])
      expect(isApiPath(p)).toBe(true);
    for (const p of ["/", "/chart", "/decisions", "/_next/static/x.js", "/icon.svg"]) expect(isApiPath(p)).toBe(false);
  });

  it("allows HEAD with GET, and OPTIONS everywhere", () => {
    expect(allowedMethods({ path: "/x", methods: ["GET"] })).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods({ path: "/x", methods: ["POST"] })).toEqual(["POST", "OPTIONS"]);
  });
});
