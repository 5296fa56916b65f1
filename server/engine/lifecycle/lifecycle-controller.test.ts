import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { ENGINE_COMMANDS, type EngineCommand, type EngineTransitionRecord } from "../model/engine-state";
import { LifecycleController } from "./lifecycle-controller";
import { plan } from "./transition-table";

/** A lifecycle whose killswitch, as the governor would, is set by a recorded kill and lifted by a clear. */
function controller(transition: (c: EngineCommand) => Promise<void> | void = () => {}) {
  const records: EngineTransitionRecord[] = [];
  const killswitch = { triggered: false };
  const lc = new LifecycleController(new ManualClock(1_000), {
    transition: (c) => transition(c),
    record: (r) => {
      records.push(r);
      if (r.command === "kill" && r.ok) killswitch.triggered = true;
    },
    killswitchActive: () => killswitch.triggered,
  });
  return { lc, records, clear: () => (killswitch.triggered = false) };
}

describe("LifecycleController", () => {
  it("answers the seed's standard shape for accepted and refused commands", async () => {
    const { lc } = controller();
    expect(await lc.execute({ command: "start", actor: "t" })).toEqual({
      ok: true,
      engine_state: "RUNNING",
      message: "Engine started successfully",
      error_code: null,
    });
    const again = await lc.execute({ command: "start", actor: "t" });
    expect(again).toMatchObject({ ok: false, engine_state: "RUNNING", error_code: "ALREADY_RUNNING" });
    expect(again.message).toMatch(/already running/i);
  });

  it("walks the documented transitions", async () => {
    const { lc } = controller();
    const seq: Array<[EngineCommand, string, boolean]> = [
      ["pause", "STOPPED", false],
      ["start", "RUNNING", true],
      ["pause", "PAUSED", true],
      ["pause", "PAUSED", false],
      ["resume", "RUNNING", true],
      ["resume", "RUNNING", false],
      ["restart", "RUNNING", true],
      ["stop", "STOPPED", true],
      ["stop", "STOPPED", false],
      ["restart", "RUNNING", true],
    ];
    for (const [command, state, ok] of seq) {
      const r = await lc.execute({ command, actor: "t" });
      expect([command, r.engine_state, r.ok]).toEqual([command, state, ok]);
    }
  });

  it("kill always succeeds, triggers the killswitch, and blocks start until cleared", async () => {
    const { lc, records, clear } = controller();
    await lc.execute({ command: "start", actor: "t" });
    const killed = await lc.execute({ command: "kill", actor: "t", reason: "drill" });
    expect(killed).toMatchObject({ ok: true, engine_state: "STOPPED" });
    expect(records.at(-1)).toMatchObject({ command: "kill", ok: true, reason: "drill", at: 1_000 });
    expect(await lc.execute({ command: "kill", actor: "t" })).toMatchObject({ ok: true });
    expect(await lc.execute({ command: "start", actor: "t" })).toMatchObject({ error_code: "KILLSWITCH_ACTIVE" });
    expect(await lc.execute({ command: "restart", actor: "t" })).toMatchObject({ error_code: "KILLSWITCH_ACTIVE" });
    clear();
    expect(await lc.execute({ command: "start", actor: "t" })).toMatchObject({ ok: true, engine_state: "RUNNING" });
  });

  it("a failing component puts the engine in ERROR, from which start recovers", async () => {
    let fail = true;
    const { lc, records } = controller(() => {
      if (fail) throw new Error("feed exploded");
    });
    const r = await lc.execute({ command: "start", actor: "t" });
    expect(r).toMatchObject({ ok: false, engine_state: "ERROR", error_code: "TRANSITION_FAILED" });
    expect(r.message).toContain("feed exploded");
    fail = false;
    expect(await lc.execute({ command: "start", actor: "t" })).toMatchObject({ ok: true, engine_state: "RUNNING" });
    expect(records.map((x) => x.toState)).toEqual(["ERROR", "RUNNING"]);
  });

  it("never interleaves: concurrent commands see the state their predecessors left", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const { lc, records } = controller(async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, Math.random() * 2));
      inFlight--;
    });
    const commands = Array.from(
      { length: 100 },
      (_, i) => ENGINE_COMMANDS[(i * 7) % ENGINE_COMMANDS.length] as EngineCommand,
    );
    const results = await Promise.all(commands.map((command) => lc.execute({ command, actor: `c${command}` })));
    expect(maxInFlight).toBe(1);
    expect(records).toHaveLength(100);
    // Each record starts where the previous one ended: one consistent history.
    for (let i = 1; i < records.length; i++) expect(records[i]?.fromState).toBe(records[i - 1]?.toState);
    expect(results.at(-1)?.engine_state).toBe(lc.state);
    expect(records.at(-1)?.toState).toBe(lc.state);
  });

  it("matches the transition table for any command sequence (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...ENGINE_COMMANDS), { maxLength: 40 }), async (commands) => {
        const { lc } = controller();
        let killed = false;
        for (const command of commands) {
          const from = lc.state;
          const expected = plan(command, from, killed);
          const r = await lc.execute({ command, actor: "p" });
          if ("refused" in expected)
            expect(r).toMatchObject({ ok: false, engine_state: from, error_code: expected.refused });
          else expect(r).toMatchObject({ ok: true, engine_state: expected.to });
          if (command === "kill") killed = true;
        }
      }),
    );
  });

  it("after close, commands are refused with SHUTTING_DOWN", async () => {
    const { lc } = controller();
    await lc.execute({ command: "start", actor: "t" });
    await lc.close();
    expect(await lc.execute({ command: "pause", actor: "t" })).toMatchObject({
      ok: false,
      error_code: "SHUTTING_DOWN",
    });
  });
});
