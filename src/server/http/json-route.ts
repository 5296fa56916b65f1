import { NextResponse } from "next/server";
import { z } from "zod";
import { MAX_REST_BODY_BYTES } from "../../../server/boundary/limits";
import { describeViolation, findTextViolation } from "../../../server/boundary/storable-text";
import type { EngineGateway } from "../../../server/gateway/contract";
import { getGateway } from "../engine-gateway";
import { AppError } from "../errors";
import { type Caller, callerOf } from "./caller";
import { readBodyText } from "./read-body";

export interface RouteAnswer {
  readonly body: unknown;
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a legacy REST handler receives: the query and the JSON body, both past the boundary rule. */
export interface RouteInput {
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body; {} when there is none (GET, or an empty POST). */
  readonly body: unknown;
  /** Who sent it, as the access gate established. */
  readonly caller: Caller;
}

/** The one place errors become HTTP answers for the legacy REST paths. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof z.ZodError) {
    const message = error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message));
    const first = error.issues[0];
    return NextResponse.json(
      {
        error: "BAD_REQUEST",
        message: message.join("; "),
        field: first !== undefined && first.path.length > 0 ? first.path.join(".") : null,
        issues: error.issues,
      },
      { status: 400 },
    );
  }
  if (error instanceof AppError)
    return NextResponse.json(
      { error: error.code, message: error.message, ...(error.field !== undefined ? { field: error.field } : {}) },
      { status: error.status },
    );
  console.error(error);
  const message = error instanceof Error ? error.message : String(error);
  return NextResponse.json({ error: "INTERNAL", message }, { status: 500 });
}

/**
 * Wraps a route handler: the gateway, the boundary rule on every query parameter and body field,
 * the JSON answer, errors mapped by errorResponse.
 */
export function jsonRoute(
  handler: (gateway: EngineGateway, input: RouteInput, req: Request) => Promise<RouteAnswer> | RouteAnswer,
) {
  return async (req: Request): Promise<NextResponse> => {
    try {
      const input = await readInput(req);
      const answer = await handler(getGateway(), input, req);
      return NextResponse.json(answer.body, {
        status: answer.status ?? 200,
        headers: { "cache-control": "no-store", ...answer.headers },
      });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

async function readInput(req: Request): Promise<RouteInput> {
  const query = Object.fromEntries(new URL(req.url).searchParams.entries());
  const badQuery = findTextViolation(query);
  if (badQuery !== null)
    throw new AppError("BAD_REQUEST", `query parameter ${describeViolation(badQuery)}`, { field: badQuery.field });
  const body = req.method === "GET" || req.method === "HEAD" ? {} : await optionalJsonBody(req);
  const badBody = findTextViolation(body);
  if (badBody !== null)
    throw new AppError("BAD_REQUEST", describeViolation(badBody, "body"), { field: badBody.field || null });
  return { query, body, caller: callerOf(req) };
}

/** Reads an optional JSON body: empty → {}, invalid JSON → 400 that says so. */
async function optionalJsonBody(req: Request): Promise<unknown> {
  const text = await readBodyText(req, MAX_REST_BODY_BYTES);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "Request body must be valid JSON (or empty)");
  }
}
