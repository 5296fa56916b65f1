// Types for server-process.mjs, so TypeScript callers (the e2e restart test) can use it.
import type { ChildProcess } from "node:child_process";

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly log: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly base: string;
}

export const root: string;
export function sleep(ms: number): Promise<void>;
export function freePort(): Promise<number>;
export function startServer(port: number, env: Record<string, string>): ServerProcess;
export function printLog(server: ServerProcess, why: string): void;
export function waitForHealth(server: ServerProcess, timeoutMs: number): Promise<string | null>;
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void;
