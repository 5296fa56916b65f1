// `npm run db:migrate`: applies prisma/migrations to the configured database (PostgreSQL when
// DATABASE_URL is set, otherwise the embedded PGlite folder) and records them as Prisma does.
import { config } from "dotenv";
import { migrate } from "../server/adapters/db/migrator";
import { openDatabase, redactUrl } from "../server/adapters/db/open-database";

config({ quiet: true });

const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
const pgliteDataDir = process.env.PGLITE_DATA_DIR?.trim() || "./data/pglite";
const target = databaseUrl ? `PostgreSQL (${redactUrl(databaseUrl)})` : `PGlite (${pgliteDataDir})`;

async function main(): Promise<number> {
  const db = await openDatabase({ databaseUrl, pgliteDataDir });
  try {
    const applied = await migrate(db.sql, { log: (message) => console.log(`  ${message}`) });
    console.log(
      applied.length === 0
        ? `Database ${target} is up to date; no migration to apply.`
        : `Applied ${applied.length} migration(s) to ${target}: ${applied.join(", ")}`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Migration of ${target} failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
