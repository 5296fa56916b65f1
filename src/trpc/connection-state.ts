"use client";

/** The live link's state, for the "connected / reconnecting" badge and for resync on reconnect. */
export type ConnectionState = "connecting" | "open" | "reconnecting";

type Listener = () => void;
let state: ConnectionState = "connecting";
let opens = 0;
let lostAt: number | null = null;
const listeners = new Set<Listener>();

export const connection = {
  get: (): ConnectionState => state,
  /** Increments on every (re)open; components key resync effects on it. */
  opens: (): number => opens,
  /** When an open link was lost (ms), until it is open again; null while connected or never connected. */
  lostAt: (): number | null => lostAt,
  set(next: ConnectionState): void {
    if (next === state) return;
    if (next === "open") {
      opens++;
      lostAt = null;
    } else if (state === "open") lostAt = Date.now();
    state = next;
    for (const l of listeners) l();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
