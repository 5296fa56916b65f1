import { NextResponse } from "next/server";
import { z } from "zod";
import type { HeanRuntime } from "../../../server/runtime";
import { getRuntime } from "../engine-gateway";
import { AppError } from "../errors";

export interface RouteAnswer {
  readonly body: unknown;
  readonly status?: number;
}

/** The one place errors become HTTP answers for the legacy REST paths. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof z.ZodError) {
    const message = error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message));
    return NextResponse.json(
      { error: "BAD_REQUEST", message: message.join("; "), issues: error.issues },
      { status: 400 },
    );
  }
  if (error instanceof AppError)
    return NextResponse.json({ error: error.code, message: error.message }, { status: error.status });
  console.error(error);
  const message = error instanceof Error ? error.message : String(error);
  return NextResponse.json({ error: "INTERNAL", message }, { status: 500 });
}

/** Wraps a route handler: runtime lookup, JSON answer, errors mapped by errorResponse. */
export function jsonRoute(handler: (rt: HeanRuntime, req: Request) => Promise<RouteAnswer> | RouteAnswer) {
  return async (req: Request): Promise<NextResponse> => {
    try {
      const answer = await handler(getRuntime(), req);
      return NextResponse.json(answer.body, {
        status: answer.status ?? 200,
        headers: { "cache-control": "no-store" },
      });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams.entries());
}

/** Reads an optional JSON body: empty → {}, invalid JSON → 400 that says so. */
export async function optionalJsonBody(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "Request body must be valid JSON (or empty)");
  }
}
