/** The one error type services throw; transports map it to HTTP status or tRPC code in one place each. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNKNOWN_SYMBOL"
  | "NOT_FOUND"
  | "NO_DATA_YET"
  | "STATE_CONFLICT"
  | "ENGINE_UNAVAILABLE"
  | "INTERNAL";

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNKNOWN_SYMBOL: 404,
  NOT_FOUND: 404,
  NO_DATA_YET: 503,
  STATE_CONFLICT: 409,
  ENGINE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return STATUS[this.code];
  }
}
