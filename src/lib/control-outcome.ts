/** What a trader is told after pressing a control: one toast, never a silent failure. */
export interface Toast {
  readonly kind: "success" | "warning" | "error";
  readonly title: string;
  readonly description: string;
}

export interface ControlAnswer {
  readonly ok: boolean;
  readonly engine_state: string;
  readonly message: string;
  readonly error_code: string | null;
}

/** The shape of a failed call as the tRPC client reports it (TRPCClientError, AbortError, TypeError). */
export interface CallFailure {
  readonly name?: string;
  readonly message: string;
  readonly data?: { readonly httpStatus?: number; readonly code?: string } | null;
}

const verb = (command: string) => command.charAt(0).toUpperCase() + command.slice(1);

/** A control call that answered: done (success), done but not saved yet, or refused by the state machine (409). */
export function answerToast(command: string, a: ControlAnswer): Toast {
  if (a.ok && a.error_code === "NOT_DURABLE")
    return {
      kind: "warning",
      title: `${verb(command)}: done, not saved yet`,
      description: `Engine is ${a.engine_state}. ${a.message}`,
    };
  if (a.ok)
    return {
      kind: "success",
      title: `${verb(command)}: done`,
      description: `Engine is ${a.engine_state}. ${a.message}`,
    };
  return {
    kind: "warning",
    title: `${verb(command)}: state conflict (409)`,
    description: `${a.error_code ?? "REFUSED"}: ${a.message}`,
  };
}

/** A control call that did not answer normally: timeout, network, unsupported, or a server error. */
export function failureToast(command: string, e: CallFailure, timeoutMs: number): Toast {
  const title = verb(command);
  if (e.name === "AbortError" || e.name === "TimeoutError" || /aborted|timed? ?out/i.test(e.message))
    return {
      kind: "error",
      title: `${title}: timed out`,
      description: `No answer within ${timeoutMs / 1000} s. The engine state updates live; check it before retrying.`,
    };
  const status = e.data?.httpStatus;
  // No HTTP status at all: the request never got an answer.
  if (status === undefined || status === 0)
    return {
      kind: "error",
      title: `${title}: network error`,
      description: `The server could not be reached: ${e.message}`,
    };
  if (status === 404 || status === 405 || status === 501)
    return { kind: "warning", title: `${title}: not supported (${status})`, description: e.message };
  if (status === 409) return { kind: "warning", title: `${title}: state conflict (409)`, description: e.message };
  if (status >= 500) return { kind: "error", title: `${title}: server error (${status})`, description: e.message };
  return { kind: "error", title: `${title}: failed (${status})`, description: e.message };
}
