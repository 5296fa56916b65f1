"use client";

/** The live link's state, for the "connected / reconnecting" badge and for resync on reconnect. */
export type ConnectionState = "connecting" | "open" | "reconnecting";

type Listener = () => void;
let state: ConnectionState = "connecting";
let opens = 0;
const listeners = new Set<Listener>();

export const connection = {
  get: (): ConnectionState => state,
  /** Increments on every (re)open; components key resync effects on it. */
  opens: (): number => opens,
  set(next: ConnectionState): void {
    if (next === "open") opens++;
    state = next;
    for (const l of listeners) l();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
