import type { Clock } from "../clock";
import type {
  ControlRequest,
  ControlResult,
  EngineCommand,
  EngineState,
  EngineTransitionRecord,
} from "../model/engine-state";
import { plan, REFUSAL_MESSAGES, SUCCESS_MESSAGES } from "./transition-table";

export interface LifecycleHooks {
  /**
   * Brings the engine's components from `from` to `to` for `command`. Runs inside the serialized
   * section: no other command starts until it settles. Throwing puts the engine in ERROR.
   */
  transition(command: EngineCommand, from: EngineState, to: EngineState): Promise<void> | void;
  /** Every command's outcome, accepted or refused, in order. */
  record(record: EngineTransitionRecord): void;
  /** Whether the killswitch holds (its owner is the risk governor): start and restart wait for a clear. */
  killswitchActive(): boolean;
}

/**
 * The engine's state machine. Commands are queued and applied one at a time, so concurrent callers
 * never interleave: each sees the state its predecessors left and gets an answer that matches it.
 */
export class LifecycleController {
  private current: EngineState = "STOPPED";
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly hooks: LifecycleHooks,
  ) {}

  get state(): EngineState {
    return this.current;
  }

  execute(request: ControlRequest): Promise<ControlResult> {
    return this.enqueue(() => this.apply(request));
  }

  /** An error from outside a command (e.g. the feed died): the engine goes to ERROR, serialized. */
  fail(actor: string, reason: string): Promise<void> {
    return this.enqueue(async () => {
      const from = this.current;
      if (from === "ERROR") return;
      this.current = "ERROR";
      this.hooks.record(this.recordOf("stop", from, "ERROR", false, "TRANSITION_FAILED", actor, reason, reason));
    });
  }

  /** After this, every command is refused with SHUTTING_DOWN; resolves when queued commands are done. */
  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async apply(request: ControlRequest): Promise<ControlResult> {
    const from = this.current;
    const reason = request.reason ?? null;
    const decision = this.closed
      ? ({ refused: "SHUTTING_DOWN" } as const)
      : plan(request.command, from, this.hooks.killswitchActive());
    if ("refused" in decision) {
      const message = REFUSAL_MESSAGES[decision.refused];
      this.hooks.record(
        this.recordOf(request.command, from, from, false, decision.refused, request.actor, reason, message),
      );
      return { ok: false, engine_state: from, message, error_code: decision.refused };
    }
    try {
      await this.hooks.transition(request.command, from, decision.to);
    } catch (error) {
      this.current = "ERROR";
      const message = `${REFUSAL_MESSAGES.TRANSITION_FAILED}: ${error instanceof Error ? error.message : String(error)}`;
      this.hooks.record(
        this.recordOf(request.command, from, "ERROR", false, "TRANSITION_FAILED", request.actor, reason, message),
      );
      return { ok: false, engine_state: "ERROR", message, error_code: "TRANSITION_FAILED" };
    }
    this.current = decision.to;
    const message = SUCCESS_MESSAGES[request.command];
    this.hooks.record(this.recordOf(request.command, from, decision.to, true, null, request.actor, reason, message));
    return { ok: true, engine_state: decision.to, message, error_code: null };
  }

  private recordOf(
    command: EngineCommand,
    fromState: EngineState,
    toState: EngineState,
    ok: boolean,
    errorCode: EngineTransitionRecord["errorCode"],
    actor: string,
    reason: string | null,
    message: string,
  ): EngineTransitionRecord {
    return { at: this.clock.now(), command, fromState, toState, ok, errorCode, actor, reason, message };
  }
}
