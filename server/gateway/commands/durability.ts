import type { HeanRuntime } from "../../runtime";

/** How long an answer waits for the database to confirm what a command changed. */
export const DURABLE_WAIT_MS = 5_000;

export type Durability = { readonly durable: true } | { readonly durable: false; readonly reason: string };

/**
 * Waits until everything recorded so far (a command's audit row, the state it changed) is in the
 * database, for at most DURABLE_WAIT_MS. Never throws: a command that took effect is answered as
 * such, with whether it is saved yet.
 */
export async function confirmDurable(rt: HeanRuntime, waitMs = DURABLE_WAIT_MS): Promise<Durability> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Durability>((resolve) => {
    timer = setTimeout(
      () => resolve({ durable: false, reason: `the database did not confirm within ${waitMs / 1000} s` }),
      waitMs,
    );
  });
  try {
    return await Promise.race([
      rt.store.flush().then(
        (): Durability => ({ durable: true }),
        (error: unknown): Durability => ({
          durable: false,
          reason: `the database did not confirm it (${error instanceof Error ? error.message : String(error)})`,
        }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The sentence a not-yet-durable answer carries after what was done. */
export function notYetSaved(d: { readonly reason: string }): string {
  return `Not saved yet: ${d.reason}. It took effect and is written as soon as the database takes it (see /health)`;
}
