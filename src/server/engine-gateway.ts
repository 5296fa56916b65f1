import { findRuntime, type HeanRuntime } from "../../server/runtime";
import { AppError } from "./errors";

/** The Next side's only way to the running engine (see server/runtime.ts for why). */
export function getRuntime(): HeanRuntime {
  const runtime = findRuntime();
  if (runtime === undefined)
    throw new AppError(
      "ENGINE_UNAVAILABLE",
      "The HEAN engine is not running in this process (start it with npm start)",
    );
  return runtime;
}
