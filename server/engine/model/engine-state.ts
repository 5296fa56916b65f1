export const ENGINE_STATES = ["STOPPED", "RUNNING", "PAUSED", "ERROR"] as const;
export type EngineState = (typeof ENGINE_STATES)[number];

export const ENGINE_COMMANDS = ["start", "stop", "pause", "resume", "kill", "restart"] as const;
export type EngineCommand = (typeof ENGINE_COMMANDS)[number];

/** Why a command was refused; each maps to HTTP 409. */
export type ControlErrorCode =
  | "ALREADY_RUNNING"
  | "ALREADY_STOPPED"
  | "ALREADY_PAUSED"
  | "NOT_RUNNING"
  | "NOT_PAUSED"
  | "KILLSWITCH_ACTIVE"
  | "SHUTTING_DOWN"
  /** A component failed while changing state; the engine is now in ERROR (HTTP 500). */
  | "TRANSITION_FAILED";

/** The seed's standard control answer. */
export interface ControlResult {
  readonly ok: boolean;
  readonly engine_state: EngineState;
  readonly message: string;
  readonly error_code: ControlErrorCode | null;
}

export interface ControlRequest {
  readonly command: EngineCommand;
  /** Who asked: "api", "trpc", "system", "ws:<id>", ... */
  readonly actor: string;
  readonly reason?: string;
}

/** One control command as persisted: who, when, why, and its outcome. */
export interface EngineTransitionRecord {
  readonly at: number;
  readonly command: EngineCommand;
  readonly fromState: EngineState;
  readonly toState: EngineState;
  readonly ok: boolean;
  readonly errorCode: ControlErrorCode | null;
  readonly actor: string;
  readonly reason: string | null;
  readonly message: string;
}

export interface KillswitchState {
  readonly triggered: boolean;
  readonly reasons: readonly string[];
  /** Epoch ms, or null when not triggered. */
  readonly triggeredAt: number | null;
}
