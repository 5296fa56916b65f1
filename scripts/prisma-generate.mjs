// Runs `prisma generate`. Generation itself needs no database engine, but the Prisma CLI
// looks for its native schema-engine binary and tries to download it when absent, which fails
// offline. Only where that binary is missing do we point PRISMA_SCHEMA_ENGINE_BINARY at an
// existing file, for this one command, so users with network access keep the normal behaviour.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const enginesDir = join("node_modules", "@prisma", "engines");
const hasEngine =
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ||
  (existsSync(enginesDir) && readdirSync(enginesDir).some((f) => f.startsWith("schema-engine")));

const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
if (!hasEngine) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
