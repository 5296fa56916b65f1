import type { EngineGateway } from "./contract";

// The running gateway, on globalThis: Next's bundle loads its own copies of every module, so a
// module-level variable would not be seen from route handlers. One gateway (one engine) a process.
const KEY = "__heanGateway__";
type GatewayGlobal = typeof globalThis & { [KEY]?: EngineGateway };

export function publishGateway(gateway: EngineGateway): void {
  const g = globalThis as GatewayGlobal;
  if (g[KEY] !== undefined) throw new Error("A HEAN engine is already running in this process");
  g[KEY] = gateway;
}

export function findGateway(): EngineGateway | undefined {
  return (globalThis as GatewayGlobal)[KEY];
}
