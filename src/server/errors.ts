/** The one error type services throw; transports map it to HTTP status or tRPC code in one place each. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "UNKNOWN_SYMBOL"
  | "NOT_FOUND"
  | "NO_DATA_YET"
  | "STATE_CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "ENGINE_UNAVAILABLE"
  | "INTERNAL";

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNKNOWN_SYMBOL: 404,
  NOT_FOUND: 404,
  NO_DATA_YET: 503,
  STATE_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  ENGINE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppError extends Error {
  /** The input field the error is about (a 400's "field"), when there is one. */
  readonly field: string | null | undefined;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options: { readonly field?: string | null } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.field = options.field;
  }

  get status(): number {
    return STATUS[this.code];
  }
}
