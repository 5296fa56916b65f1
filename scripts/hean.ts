// `npm run hean -- <command>`: the owner's access, from the machine HEAN runs on.
//
//   set-password           asks for the new password twice (or reads one line from a pipe)
//   token create <name>    prints a new API token, the only time it is shown
//   token list             every token, with when it was created, last used and revoked
//   token revoke <id>      revokes a token at once
//
// It opens the configured database (DATABASE_URL, or the PGlite folder PGLITE_DATA_DIR), applies
// pending migrations, and needs no current password: whoever can open the database owns HEAN.
// A PGlite folder opens in one process only, so stop HEAN first when it uses PGlite.
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { config } from "dotenv";
import { accessRecords } from "../server/adapters/db/access-records";
import { migrate } from "../server/adapters/db/migrator";
import { openDatabase } from "../server/adapters/db/open-database";
import { AuthService } from "../server/auth/auth-service";
import { findTextViolation } from "../server/boundary/storable-text";

config({ quiet: true });

const ACTOR = "cli";
const USAGE = `Usage: npm run hean -- set-password | token create <name> | token list | token revoke <id>`;

async function main(args: readonly string[]): Promise<number> {
  const [command, sub, arg] = args;
  if (command === "set-password" && sub === undefined) return withAuth(setPassword);
  if (command === "token" && sub === "create" && arg !== undefined && args.length === 3)
    return withAuth((auth) => createToken(auth, arg));
  if (command === "token" && sub === "list" && arg === undefined) return withAuth(listTokens);
  if (command === "token" && sub === "revoke" && arg !== undefined && args.length === 3)
    return withAuth((auth) => revokeToken(auth, arg));
  console.error(USAGE);
  return 2;
}

async function withAuth(run: (auth: AuthService) => Promise<number>): Promise<number> {
  const db = await openDatabase({
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
    pgliteDataDir: process.env.PGLITE_DATA_DIR?.trim() || "./data/pglite",
  });
  try {
    await migrate(db.sql);
    const auth = new AuthService(accessRecords(db.prisma), { sessionTtlMs: 0 });
    await auth.init();
    return await run(auth);
  } finally {
    await db.close();
  }
}

async function setPassword(auth: AuthService): Promise<number> {
  const password = await askPassword("New owner password: ");
  if (process.stdin.isTTY && (await askPassword("Again: ")) !== password) {
    console.error("The two passwords differ; nothing was changed.");
    return 1;
  }
  const result = await auth.resetPassword(password, ACTOR);
  if (!result.ok) {
    console.error(`${result.message}; nothing was changed.`);
    return 1;
  }
  console.log("Owner password saved; every session was logged out. A running HEAN requires it within 5 s.");
  return 0;
}

async function createToken(auth: AuthService, name: string): Promise<number> {
  if (name.trim() === "" || name.trim().length > 60 || findTextViolation(name) !== null) {
    console.error("A token's name is 1 to 60 characters of text (no control characters).");
    return 2;
  }
  const { id, token } = await auth.createToken(name.trim(), ACTOR, null);
  console.error(
    `API token ${id} (${name.trim()}) created. It is shown once; send it as Authorization: Bearer <token>.`,
  );
  console.log(token);
  return 0;
}

async function listTokens(auth: AuthService): Promise<number> {
  const tokens = await auth.listTokens();
  if (tokens.length === 0) console.log("No API tokens.");
  const when = (at: number | null) => (at === null ? "-" : new Date(at).toISOString());
  for (const t of tokens)
    console.log(
      `${t.id}  ${t.name}  created ${when(t.createdAt)}  last used ${when(t.lastUsedAt)}${t.revokedAt === null ? "" : `  REVOKED ${when(t.revokedAt)}`}`,
    );
  return 0;
}

async function revokeToken(auth: AuthService, id: string): Promise<number> {
  if (await auth.revokeToken(id, ACTOR, null)) {
    console.log(`API token ${id} revoked. A running HEAN refuses it within 30 s; restart it to refuse it at once.`);
    return 0;
  }
  console.error(`No active API token ${id} (npm run hean -- token list).`);
  return 1;
}

/** A line from the terminal, not echoed; or the first line of what is piped in. */
async function askPassword(prompt: string): Promise<string> {
  const tty = process.stdin.isTTY === true;
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: tty });
  if (tty) process.stderr.write(prompt);
  muted = tty;
  try {
    const line = await new Promise<string | null>((resolve) => {
      rl.once("line", resolve);
      rl.once("close", () => resolve(null));
    });
    if (tty) process.stderr.write("\n");
    if (line === null) throw new Error("no password was given");
    return line;
  } finally {
    rl.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`hean: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
