// Telling a record the database refuses from a database that is not taking writes.

/** The SQLSTATE of a failed write, wherever Prisma's driver adapters or pg put it. */
export function sqlState(error: unknown): string | null {
  const e = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
    cause?: unknown;
  } | null;
  if (e === null || typeof e !== "object") return null;
  const fromAdapter = e.meta?.driverAdapterError?.cause?.originalCode;
  if (typeof fromAdapter === "string" && /^[0-9A-Z]{5}$/.test(fromAdapter)) return fromAdapter;
  if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && !e.code.startsWith("P")) return e.code;
  return e.cause !== undefined && e.cause !== error ? sqlState(e.cause) : null;
}

/**
 * "record": the database refused what was written (class 22 data exception, class 23 integrity
 * violation), so the same write will fail again; "database": the database could not take the write
 * (connection, resources, read-only, shutdown, missing table...), so it may succeed later;
 * "unknown": no SQLSTATE (a driver or client error), to be decided by asking the database.
 */
export function classifyWriteError(error: unknown): "record" | "database" | "unknown" {
  const state = sqlState(error);
  if (state === null) return "unknown";
  return state.startsWith("22") || state.startsWith("23") ? "record" : "database";
}

/** A short, storable description of a write error. */
export function describeWriteError(error: unknown): string {
  const state = sqlState(error);
  const e = error as { meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown } } } } | null;
  const original = e?.meta?.driverAdapterError?.cause?.originalMessage;
  const message = typeof original === "string" ? original : error instanceof Error ? error.message : String(error);
  const text = state === null ? message : `${state}: ${message}`;
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
