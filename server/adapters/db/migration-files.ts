import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Where `prisma migrate` keeps migrations: prisma/migrations under the project root (the working directory). */
export function defaultMigrationsDir(): string {
  return resolve("prisma", "migrations");
}

export interface MigrationFile {
  /** The folder name, e.g. 20261124000000_init: Prisma's migration_name. */
  readonly name: string;
  readonly script: string;
  readonly checksum: string;
}

/** The migrations in Prisma's layout (<dir>/<name>/migration.sql), in name order as Prisma applies them. */
export function readMigrationFiles(dir: string = defaultMigrationsDir()): MigrationFile[] {
  if (!existsSync(dir)) throw new Error(`No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const script = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, script, checksum: migrationChecksum(script) };
    });
}

/** Prisma's checksum: the sha256 of the script, as 64 lowercase hex digits. */
export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/**
 * Prisma's comparison: line endings are ignored (git may convert them), and old Prisma versions
 * stored hex digits without zero padding.
 */
export function scriptMatchesChecksum(script: string, recorded: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant, "utf8").digest();
    const rendered =
      recorded.length !== 64 && recorded.length > 0
        ? [...digest].map((byte) => byte.toString(16)).join("")
        : digest.toString("hex");
    return rendered === recorded;
  });
}
