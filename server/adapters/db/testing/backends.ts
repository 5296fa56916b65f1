import { migrate } from "../migrator";
import { type Database, type DatabaseSettings, openDatabase } from "../open-database";
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

/** A fresh database of this kind with every migration applied; close `db`, then dispose `backend`. */
export async function openMigratedTestDatabase(kind: BackendKind): Promise<{ backend: TestBackend; db: Database }> {
  const backend = await createBackend(kind);
  const db = await openDatabase(backend.settings);
  await migrate(db.sql);
  return { backend, db };
}
