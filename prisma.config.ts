import "dotenv/config";
import { defineConfig } from "prisma/config";

// Used by the Prisma CLI only (generate; migrate deploy where a network is available).
// The application applies prisma/migrations itself at start (server/adapters/db/migrator.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/hean" },
});
