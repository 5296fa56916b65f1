// How the gateway says no. Views and commands throw a Refusal on the server side; the gateway
// turns it into a plain result before anything crosses to the Next side, so no class crosses.

/** Why the gateway could not answer; each maps to one HTTP status and one tRPC code on the Next side. */
export type RefusalCode =
  | "BAD_REQUEST"
  | "UNKNOWN_SYMBOL"
  | "NOT_FOUND"
  | "NO_DATA_YET"
  | "STATE_CONFLICT"
  | "ENGINE_UNAVAILABLE";

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: RefusalCode; readonly message: string };

/** Server side only: caught by the gateway and answered as a Result. */
export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = "Refusal";
  }
}

export function attempt<T>(read: () => T): Result<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    return refused(error);
  }
}

export async function attemptAsync<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return refused(error);
  }
}

function refused(error: unknown): { ok: false; code: RefusalCode; message: string } {
  if (error instanceof Refusal) return { ok: false, code: error.code, message: error.message };
  throw error;
}
