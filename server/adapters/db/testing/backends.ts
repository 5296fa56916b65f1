import type { DatabaseSettings } from "../open-database";
import { createTestPgDatabase } from "./pg-test-database";

/** Every database test runs against both: embedded PGlite (in memory) and a real PostgreSQL. */
export const BACKENDS = ["pglite", "postgresql"] as const;
export type BackendKind = (typeof BACKENDS)[number];

export interface TestBackend {
  readonly kind: BackendKind;
  /** For PGlite each open gives a new, empty in-memory database; for PostgreSQL the same fresh database. */
  readonly settings: DatabaseSettings;
  dispose(): Promise<void>;
}

export async function createBackend(kind: BackendKind): Promise<TestBackend> {
  if (kind === "pglite") {
    return { kind, settings: { pgliteDataDir: "memory://" }, dispose: async () => undefined };
  }
  const database = await createTestPgDatabase();
  return {
    kind,
    settings: { databaseUrl: database.url, pgliteDataDir: "memory://" },
    dispose: () => database.drop(),
  };
}
