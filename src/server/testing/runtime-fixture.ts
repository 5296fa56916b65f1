import { createTestRuntime, type TestRuntimeOptions } from "../../../server/testing/test-runtime";
import { createCaller } from "../api/root";

export { createTestRuntime, type TestRuntimeOptions };

/** A test runtime booted and started, with a tRPC caller on it (as the dashboard would call). */
export async function createStartedRuntime(symbols?: string[], options: TestRuntimeOptions = {}) {
  const t = createTestRuntime(symbols, options);
  await t.engine.boot();
  await t.engine.control({ command: "start", actor: "test" });
  return { ...t, caller: createCaller({ gateway: t.gateway, actor: "trpc" }) };
}
