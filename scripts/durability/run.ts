// Durability of the real server (issue 10), on PGlite and on the local PostgreSQL:
//  1. hostile input: every kind of bad text through every REST path, tRPC procedure and /ws
//     message; the write queue drains, every acknowledged control has its row, and after kill -9 and
//     a restart nothing acknowledged is lost and /health is ok;
//  2. a poisoned record (a database trigger refuses one row): the rest is written, the record is in
//     dead_letters, /health is degraded and says why (PostgreSQL, whose tables a test can reach live);
//  3. a PostgreSQL outage (a proxy drops every connection): controls answer in the documented shape
//     (202 NOT_DURABLE), nothing is lost after it; a SIGTERM during the outage keeps the records in
//     the fallback journal and the next start writes them.
// Run by scripts/e2e.mjs after its build; alone: `npx tsx scripts/durability/run.ts`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createTestPgDatabase } from "../../server/adapters/db/testing/pg-test-database";
import {
  freePort,
  killGroup,
  printLog,
  root,
  type ServerProcess,
  sleep,
  startServer,
  waitForHealth,
} from "../lib/server-process.mjs";
import { checkAcknowledged, type DatabaseTarget } from "./db-check";
import { fuzzServer } from "./fuzz";
import { startFaultProxy } from "./tcp-fault-proxy";

process.chdir(root);

const HEALTH_TIMEOUT_MS = 90_000;
const SEED = Number(process.env.DURABILITY_SEED ?? Date.now() % 100_000);
const RUNS = Number(process.env.DURABILITY_RUNS ?? 12);
// The fuzz sends thousands of controls a minute; the rate limit has its own test (security).
const SETTINGS = { LOG_LEVEL: "warn", RATE_LIMIT_CONTROLS_PER_MIN: "1000000" };

class CheckFailed extends Error {}
function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new CheckFailed(message);
}

async function json(
  base: string,
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(20_000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const post = (base: string, path: string, body: unknown) =>
  json(base, path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = startServer(await freePort(), { ...SETTINGS, ...env });
  const notReady = await waitForHealth(server, HEALTH_TIMEOUT_MS);
  if (notReady !== null) {
    printLog(server, notReady);
    killGroup(server.child, "SIGKILL");
    throw new CheckFailed(`server did not start: ${notReady}`);
  }
  return server;
}

async function stop(server: ServerProcess, signal: NodeJS.Signals): Promise<{ code: number | null }> {
  killGroup(server.child, signal);
  const exited = await Promise.race([server.exited, sleep(15_000).then(() => null)]);
  if (exited === null) {
    killGroup(server.child, "SIGKILL");
    throw new CheckFailed(`server still running 15 s after ${signal}`);
  }
  return exited;
}

/** Waits until nothing is pending and /health is ok, or says what it shows instead. */
async function waitHealthy(base: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, unknown> = {};
  while (Date.now() < deadline) {
    last = (await json(base, "/health")).body;
    const database = last.database as { pending_writes?: number };
    if (last.status === "ok" && database.pending_writes === 0) return last;
    await sleep(250);
  }
  throw new CheckFailed(`/health not ok with nothing pending: ${JSON.stringify(last)}`);
}

// --- 1. hostile input, then kill -9 -----------------------------------------------------------

async function hostileInput(label: string, env: Record<string, string>, target: DatabaseTarget): Promise<void> {
  let server = await start(env);
  try {
    const outcome = await fuzzServer(server.base, { seed: SEED, runs: RUNS });
    console.log(
      `  ${label}: ${outcome.requests} hostile or real requests, ${outcome.refused} refused with a 4xx, ` +
        `${outcome.acknowledged.length} controls acknowledged`,
    );
    check(
      outcome.failures.length === 0,
      `${label}: ${outcome.failures.length} bad answers:\n    ${outcome.failures.slice(0, 15).join("\n    ")}`,
    );
    check(outcome.acknowledged.length > 0, `${label}: no control was acknowledged`);
    await waitHealthy(server.base);
    // Everything acknowledged was flushed before its answer: kill -9 now must lose none of it.
    await stop(server, "SIGKILL");
    const stored = await checkAcknowledged(target, outcome.acknowledged);
    check(
      stored.missing.length === 0,
      `${label}: ${stored.missing.length} acknowledged controls have no row: ${JSON.stringify(stored.missing.slice(0, 5))}`,
    );
    check(stored.deadLetters === 0, `${label}: ${stored.deadLetters} dead letters: hostile text reached the store`);
    server = await start(env);
    await waitHealthy(server.base);
    console.log(
      `  ${label}: ✓ every acknowledged control has its row after kill -9 (${stored.transitions} rows), /health ok`,
    );
  } catch (error) {
    printLog(server, `${label} failed`);
    throw error;
  } finally {
    killGroup(server.child, "SIGKILL");
  }
}

// --- 2. a poisoned record ---------------------------------------------------------------------

async function poisonedRecord(url: string): Promise<void> {
  const server = await start({ DATABASE_URL: url });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`
      CREATE FUNCTION hean_poison() RETURNS trigger AS $$ BEGIN
        IF NEW.reason = 'poison-by-test' THEN RAISE EXCEPTION 'refused by the test' USING ERRCODE = '22023'; END IF;
        RETURN NEW; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER hean_poison BEFORE INSERT ON engine_transitions FOR EACH ROW EXECUTE FUNCTION hean_poison();`);
    const poisoned = await post(server.base, "/engine/pause", { reason: "poison-by-test" });
    check(
      poisoned.status === 200,
      `pause with the poisoned record: ${poisoned.status} ${JSON.stringify(poisoned.body)}`,
    );
    const after = await post(server.base, "/engine/resume", { reason: "after-the-poison" });
    check(after.status === 200, `resume after the poisoned record: ${after.status} ${JSON.stringify(after.body)}`);
    const health = (await json(server.base, "/health")).body;
    const problems = (health.problems as string[]).join(" | ");
    check(health.status === "degraded", `/health after a dead letter: ${JSON.stringify(health)}`);
    check(
      /dead_letters/.test(problems) && /refused by the test/.test(problems),
      `/health does not say why: ${problems}`,
    );
    const letters = await admin.query("SELECT kind, error, record FROM dead_letters");
    check(
      letters.rows.length === 1 && letters.rows[0].kind === "engine_transition",
      `dead letters: ${JSON.stringify(letters.rows)}`,
    );
    check(String(letters.rows[0].record).includes("poison-by-test"), "the dead letter does not hold the record");
    const rows = await admin.query("SELECT reason FROM engine_transitions WHERE reason = 'after-the-poison'");
    check(rows.rows.length === 1, "the record after the poisoned one was not written");
    console.log(
      `  postgresql: ✓ poisoned record dead-lettered, the rest written, /health degraded: ${problems.slice(0, 120)}…`,
    );
  } catch (error) {
    printLog(server, "poisoned record failed");
    throw error;
  } finally {
    await admin.end();
    killGroup(server.child, "SIGKILL");
  }
}

// --- 3. a PostgreSQL outage -------------------------------------------------------------------

async function outage(url: string, fallbackDir: string): Promise<void> {
  const real = new URL(url);
  const proxy = await startFaultProxy({ host: real.hostname, port: Number(real.port || 5432) });
  const viaProxy = new URL(url);
  viaProxy.hostname = "127.0.0.1";
  viaProxy.port = String(proxy.port);
  const env = { DATABASE_URL: viaProxy.toString(), STORE_FALLBACK_DIR: fallbackDir };
  let server = await start(env);
  const reasons: string[] = [];
  try {
    await proxy.cut();
    // Controls during the outage: applied, answered in the documented shape, saying they are not saved yet.
    for (const [i, command] of ["pause", "resume", "pause", "resume"].entries()) {
      const reason = `outage-${i}`;
      const r = await post(server.base, `/engine/${command}`, { reason });
      check(r.status === 202, `${command} during the outage: ${r.status} ${JSON.stringify(r.body)}`);
      check(
        r.body.ok === true &&
          r.body.error_code === "NOT_DURABLE" &&
          typeof r.body.engine_state === "string" &&
          typeof r.body.message === "string",
        `${command} during the outage: not the documented shape: ${JSON.stringify(r.body)}`,
      );
      reasons.push(reason);
    }
    const health = (await json(server.base, "/health")).body;
    check(health.status === "degraded", `/health during the outage: ${JSON.stringify(health)}`);
    const trpc = await fetch(`${server.base}/api/trpc/engine.control`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ command: "pause", reason: "outage-trpc" }),
    });
    const trpcBody = (await trpc.json()) as { result?: { data?: Record<string, unknown> } };
    check(
      trpc.status === 200 && trpcBody.result?.data?.error_code === "NOT_DURABLE",
      `tRPC control during the outage: ${trpc.status} ${JSON.stringify(trpcBody)}`,
    );
    reasons.push("outage-trpc");
    await proxy.restore();
    await waitHealthy(server.base, 60_000);
    let stored = await checkAcknowledged(
      { databaseUrl: url, pgliteDataDir: "memory://" },
      reasons.map((reason) => ({ reason, via: "rest", status: 202 })),
    );
    check(stored.missing.length === 0, `after the outage, missing rows: ${JSON.stringify(stored.missing)}`);
    console.log(
      "  postgresql: ✓ outage: controls answered 202 NOT_DURABLE, /health degraded, every row written after it",
    );

    // A SIGTERM during an outage: the records go to the fallback journal, the next start writes them.
    await proxy.cut();
    const last = await post(server.base, "/engine/resume", { reason: "before-sigterm" });
    check(last.status === 202, `resume before SIGTERM: ${last.status} ${JSON.stringify(last.body)}`);
    const exited = await stop(server, "SIGTERM");
    check(exited.code === 0, `SIGTERM during the outage: exit code ${exited.code}`);
    check(
      server.log.some((l) => /kept in the local fallback journal/.test(l)),
      "the shutdown log does not say the records went to the fallback journal",
    );
    await proxy.restore();
    server = await start(env);
    check(
      server.log.some((l) => /previous run left in the local fallback journal/.test(l)),
      "the next start does not say it wrote the journal",
    );
    stored = await checkAcknowledged({ databaseUrl: url, pgliteDataDir: "memory://" }, [
      { reason: "before-sigterm", via: "rest", status: 202 },
    ]);
    check(
      stored.missing.length === 0,
      "the control acknowledged before SIGTERM is not in the database after the restart",
    );
    await waitHealthy(server.base);
    console.log("  postgresql: ✓ SIGTERM during the outage: journalled, written by the next start, /health ok");
  } catch (error) {
    printLog(server, "outage failed");
    throw error;
  } finally {
    killGroup(server.child, "SIGKILL");
    await proxy.close();
  }
}

async function main(): Promise<number> {
  console.log(`durability: seed ${SEED}, ${RUNS} hostile strings per field (DURABILITY_SEED to replay)`);
  const tmp = mkdtempSync(join(tmpdir(), "hean-durability-"));
  const databases: { drop(): Promise<void> }[] = [];
  try {
    const pglite = join(tmp, "pglite");
    await hostileInput(
      "pglite",
      { PGLITE_DATA_DIR: pglite, STORE_FALLBACK_DIR: join(tmp, "fallback-pglite") },
      { pgliteDataDir: pglite },
    );
    const fuzzDb = await createTestPgDatabase();
    databases.push(fuzzDb);
    await hostileInput(
      "postgresql",
      { DATABASE_URL: fuzzDb.url, STORE_FALLBACK_DIR: join(tmp, "fallback-pg") },
      { databaseUrl: fuzzDb.url, pgliteDataDir: "memory://" },
    );
    const poisonDb = await createTestPgDatabase();
    databases.push(poisonDb);
    await poisonedRecord(poisonDb.url);
    const outageDb = await createTestPgDatabase();
    databases.push(outageDb);
    await outage(outageDb.url, join(tmp, "fallback-outage"));
    console.log("durability OK");
    return 0;
  } catch (error) {
    console.error(error instanceof CheckFailed ? `durability FAILED: ${error.message}` : error);
    return 1;
  } finally {
    for (const d of databases) await d.drop().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
