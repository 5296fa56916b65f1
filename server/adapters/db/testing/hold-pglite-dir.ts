// Test helper run as a separate process: opens a PGlite folder, says "ready", holds it until killed.
import { openDatabase } from "../open-database";

const dir = process.argv[2];
if (!dir) throw new Error("usage: hold-pglite-dir.ts <dir>");
const db = await openDatabase({ pgliteDataDir: dir });
process.stdout.write("ready\n");
process.on("SIGTERM", () => {
  void db.close().then(() => process.exit(0));
});
setInterval(() => undefined, 60_000);
