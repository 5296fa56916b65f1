import { describe, expect, it } from "vitest";
import { answerToast, failureToast } from "./control-outcome";

describe("control outcome → toast", () => {
  it("maps answers: done, and a refusal as a 409 state conflict with the engine's message", () => {
    expect(
      answerToast("pause", { ok: true, engine_state: "PAUSED", message: "Engine paused", error_code: null }),
    ).toEqual({
      kind: "success",
      title: "Pause: done",
      description: "Engine is PAUSED. Engine paused",
    });
    expect(
      answerToast("resume", {
        ok: false,
        engine_state: "RUNNING",
        message: "Engine is not paused",
        error_code: "NOT_PAUSED",
      }),
    ).toMatchObject({
      kind: "warning",
      title: "Resume: state conflict (409)",
      description: "NOT_PAUSED: Engine is not paused",
    });
  });

  it("says so when a command took effect but is not saved yet", () => {
    expect(
      answerToast("pause", {
        ok: true,
        engine_state: "PAUSED",
        message: "Engine paused. Not saved yet",
        error_code: "NOT_DURABLE",
      }),
    ).toEqual({
      kind: "warning",
      title: "Pause: done, not saved yet",
      description: "Engine is PAUSED. Engine paused. Not saved yet",
    });
  });

  it("maps failures: timeout, network, not supported, conflict, server error", () => {
    expect(failureToast("stop", { name: "AbortError", message: "This operation was aborted" }, 10_000)).toMatchObject({
      title: "Stop: timed out",
      description: expect.stringMatching(/within 10 s/),
    });
    expect(failureToast("stop", { name: "TRPCClientError", message: "Failed to fetch" }, 10_000).title).toBe(
      "Stop: network error",
    );
    expect(failureToast("kill", { message: "No such procedure", data: { httpStatus: 404 } }, 10_000).title).toBe(
      "Kill: not supported (404)",
    );
    expect(failureToast("kill", { message: "nope", data: { httpStatus: 501 } }, 10_000).kind).toBe("warning");
    expect(failureToast("start", { message: "busy", data: { httpStatus: 409 } }, 10_000).title).toBe(
      "Start: state conflict (409)",
    );
    expect(failureToast("start", { message: "database down", data: { httpStatus: 503 } }, 10_000)).toEqual({
      kind: "error",
      title: "Start: server error (503)",
      description: "database down",
    });
  });
});
