import type { EngineGateway, Result } from "../../server/gateway/contract";
import { findGateway } from "../../server/gateway/registry";
import { AppError } from "./errors";

/** The Next side's only way to the running engine (see server/gateway/contract.ts for why). */
export function getGateway(): EngineGateway {
  const gateway = findGateway();
  if (gateway === undefined)
    throw new AppError(
      "ENGINE_UNAVAILABLE",
      "The HEAN engine is not running in this process (start it with npm start)",
    );
  return gateway;
}

/** A gateway answer, or the AppError its refusal code maps to (HTTP status, tRPC code). */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new AppError(result.code, result.message);
}
