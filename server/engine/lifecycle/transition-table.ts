import type { ControlErrorCode, EngineCommand, EngineState } from "../model/engine-state";

/**
 * The transition table. Returns the target state, or the reason the command is refused now.
 * kill is always allowed (an emergency stop must never be refused); start is refused while the
 * killswitch is triggered, until it is cleared.
 */
export function plan(
  command: EngineCommand,
  from: EngineState,
  killswitchTriggered: boolean,
): { to: EngineState } | { refused: ControlErrorCode } {
  switch (command) {
    case "start":
      if (from === "RUNNING") return { refused: "ALREADY_RUNNING" };
      if (from === "PAUSED") return { refused: "ALREADY_RUNNING" };
      if (killswitchTriggered) return { refused: "KILLSWITCH_ACTIVE" };
      return { to: "RUNNING" };
    case "stop":
      return from === "STOPPED" ? { refused: "ALREADY_STOPPED" } : { to: "STOPPED" };
    case "pause":
      if (from === "PAUSED") return { refused: "ALREADY_PAUSED" };
      return from === "RUNNING" ? { to: "PAUSED" } : { refused: "NOT_RUNNING" };
    case "resume":
      return from === "PAUSED" ? { to: "RUNNING" } : { refused: "NOT_PAUSED" };
    case "kill":
      return { to: "STOPPED" };
    case "restart":
      return killswitchTriggered ? { refused: "KILLSWITCH_ACTIVE" } : { to: "RUNNING" };
  }
}

export const REFUSAL_MESSAGES: Record<ControlErrorCode, string> = {
  ALREADY_RUNNING: "Engine is already running",
  ALREADY_STOPPED: "Engine is already stopped",
  ALREADY_PAUSED: "Engine is already paused",
  NOT_RUNNING: "Engine is not running; start it first",
  NOT_PAUSED: "Engine is not paused",
  KILLSWITCH_ACTIVE: "Killswitch is triggered; clear it (POST /risk/governor/clear) before starting",
  SHUTTING_DOWN: "Server is shutting down",
  TRANSITION_FAILED: "A component failed while changing state; the engine is in ERROR",
};

export const SUCCESS_MESSAGES: Record<EngineCommand, string> = {
  start: "Engine started successfully",
  stop: "Engine stopped successfully",
  pause: "Engine paused successfully",
  resume: "Engine resumed successfully",
  kill: "Engine killed: killswitch triggered, trading halted",
  restart: "Engine restarted successfully",
};
