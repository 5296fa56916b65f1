// Crash recovery of the real server, against the embedded PGlite and against the local PostgreSQL:
// trade on paper until positions, fills and cooldowns exist, kill -9 the server while it runs,
// restart it on the same database, and check that the account, positions, cooldowns and decision
// history come back exactly as the server last showed them, and that the books still balance.
// Run by scripts/e2e.mjs (after its build); alone: `node scripts/crash-recovery.mjs`.
//
// Env: HEAN_TEST_PG_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/test).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort, killGroup, printLog, root, sleep, startServer, waitForHealth } from "./lib/server-process.mjs";

process.chdir(root);

const PG_ADMIN_URL = process.env.HEAN_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const HEALTH_TIMEOUT_MS = 90_000;
const FIRST_TRADES_TIMEOUT_MS = 5 * 60_000;
/** A state read twice this far apart, unchanged, has been written: the store flushes every 500 ms. */
const QUIET_MS = 1_500;
const ATTEMPTS = 3;
const INITIAL_BALANCE = 10_000;
const SETTINGS = {
  // An hour's cooldown: every entry of the run is still cooling down after the restart.
  COOLDOWN_SEC: "3600",
  INITIAL_BALANCE: String(INITIAL_BALANCE),
  LOG_LEVEL: "warn",
};

class CheckFailed extends Error {}

function check(ok, message) {
  if (!ok) throw new CheckFailed(message);
}

async function getJson(base, path) {
  const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
  const body = await res.json();
  check(res.status === 200, `GET ${path}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function readState(base) {
  const why = await getJson(base, "/trading/why");
  const summary = await getJson(base, "/portfolio/summary");
  return { why, summary };
}

/** What a crash must not change: cash, PnL, fees, positions with their protection, the last fill. */
function durable({ why, summary }) {
  return {
    balance: summary.balance,
    realized_pnl: summary.realized_pnl,
    fees_paid: summary.fees_paid,
    last_fill_ts: why.last_fill_ts,
    positions: summary.positions.map((p) => ({
      symbol: p.symbol,
      side: p.side,
      qty: p.qty,
      entry_price: p.entry_price,
      stop_loss: p.stop_loss,
      take_profit: p.take_profit,
      opened_at: p.opened_at,
    })),
  };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The books balance whatever happened: cash = initial + realized − fees; equity = cash + unrealized. */
function checkBooks({ why, summary }, label) {
  const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  check(
    close(summary.balance, INITIAL_BALANCE + summary.realized_pnl - summary.fees_paid),
    `${label}: balance ${summary.balance} ≠ ${INITIAL_BALANCE} + realized ${summary.realized_pnl} − fees ${summary.fees_paid}`,
  );
  check(
    close(why.equity, why.balance + why.unreal_pnl),
    `${label}: equity ${why.equity} ≠ balance ${why.balance} + unrealized ${why.unreal_pnl}`,
  );
  for (const p of summary.positions)
    check(p.qty > 0 && p.entry_price > 0, `${label}: position ${JSON.stringify(p)} is not a valid position`);
}

async function waitForTrades(base) {
  const deadline = Date.now() + FIRST_TRADES_TIMEOUT_MS;
  for (;;) {
    const state = await readState(base);
    if (state.summary.positions.length > 0 && state.why.last_fill_ts !== null && state.why.cooldowns.length > 0)
      return state;
    check(Date.now() < deadline, `no open position within ${FIRST_TRADES_TIMEOUT_MS / 1000} s`);
    await sleep(2_000);
  }
}

/** A state that stayed the same for QUIET_MS, so everything it shows has reached the database. */
async function quietState(base) {
  for (;;) {
    const first = await readState(base);
    await sleep(QUIET_MS);
    const second = await readState(base);
    if (same(durable(first), durable(second)) && same(first.why.cooldowns, second.why.cooldowns)) return second;
  }
}

async function crashAndRestart(server, port, dbEnv) {
  killGroup(server.child, "SIGKILL");
  const { signal } = await server.exited;
  check(signal === "SIGKILL", `server ended with ${signal}, not SIGKILL`);
  const next = startServer(port, { ...dbEnv, ...SETTINGS, ENGINE_AUTOSTART: "false" });
  const notReady = await waitForHealth(next, HEALTH_TIMEOUT_MS);
  if (notReady) {
    printLog(next, "restart after kill -9");
    throw new CheckFailed(`restart after kill -9: ${notReady}`);
  }
  return next;
}

function compare(before, after) {
  const b = durable(before);
  const a = durable(after);
  for (const key of ["balance", "realized_pnl", "fees_paid", "last_fill_ts"])
    check(same(a[key], b[key]), `${key}: ${JSON.stringify(b[key])} before the crash, ${JSON.stringify(a[key])} after`);
  check(
    same(a.positions, b.positions),
    `positions before the crash ${JSON.stringify(b.positions)}, after ${JSON.stringify(a.positions)}`,
  );
  const cooldownsAfter = new Map(after.why.cooldowns.map((c) => [c.symbol, c.until]));
  for (const c of before.why.cooldowns)
    check(cooldownsAfter.get(c.symbol) === c.until, `cooldown of ${c.symbol} until ${c.until} was not restored`);
  check(after.why.last_decision_ts !== null, "the decision history was not restored");
  check(
    Date.parse(after.why.last_decision_ts) >= Date.parse(before.why.last_decision_ts),
    `last decision ${before.why.last_decision_ts} before the crash, ${after.why.last_decision_ts} after`,
  );
  check(after.summary.open_orders.length === 0, "paper orders open at the crash were not cancelled at restart");
  check(after.why.engine_state === "STOPPED", `engine is ${after.why.engine_state} after a restart without autostart`);
  checkBooks(after, "after the crash");
}

/**
 * One database: trade until there is something to lose, then up to ATTEMPTS kill -9 / restart
 * rounds. A round is inconclusive only when a fill reached the database between the last read and
 * the kill (a protective exit can fire at any tick); a wrong restore fails at once.
 */
async function runOn(label, dbEnv) {
  const port = await freePort();
  let server = startServer(port, { ...dbEnv, ...SETTINGS, ENGINE_AUTOSTART: "true" });
  try {
    const notReady = await waitForHealth(server, HEALTH_TIMEOUT_MS);
    check(notReady === null, `start: ${notReady}`);
    const traded = await waitForTrades(server.base);
    console.log(
      `${label}: ${traded.summary.positions.length} open position(s), last fill ${traded.why.last_fill_ts}; killing -9 while RUNNING`,
    );
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const before = await quietState(server.base);
      checkBooks(before, "before the crash");
      server = await crashAndRestart(server, port, dbEnv);
      const after = await readState(server.base);
      if (after.why.last_fill_ts !== before.why.last_fill_ts) {
        check(
          after.why.last_fill_ts !== null && Date.parse(after.why.last_fill_ts) > Date.parse(before.why.last_fill_ts),
          `last fill ${before.why.last_fill_ts} before the crash, ${after.why.last_fill_ts} after: a fill was lost`,
        );
        console.log(
          `${label}: attempt ${attempt} inconclusive (a fill at ${after.why.last_fill_ts}, after the last read at ${before.why.last_fill_ts}); again`,
        );
        continue;
      }
      compare(before, after);
      console.log(
        `${label}: restored exactly after kill -9: balance ${after.summary.balance}, ${after.summary.positions.length} position(s), ${after.why.cooldowns.length} cooldown(s), last decision ${after.why.last_decision_ts}`,
      );
      return;
    }
    throw new CheckFailed(`${ATTEMPTS} attempts were all inconclusive`);
  } catch (error) {
    printLog(server, `${label} failed`);
    throw error;
  } finally {
    killGroup(server.child, "SIGKILL");
    await server.exited;
  }
}

async function withPgAdmin(fn) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function main() {
  const failures = [];
  const dir = mkdtempSync(join(tmpdir(), "hean-crash-"));
  try {
    await runOn("PGlite", { PGLITE_DATA_DIR: join(dir, "pglite") });
  } catch (error) {
    failures.push(`PGlite: ${error.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const name = `hean_crash_${randomBytes(6).toString("hex")}`;
  try {
    await withPgAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    await runOn("PostgreSQL", { DATABASE_URL: url.toString() });
  } catch (error) {
    failures.push(`PostgreSQL: ${error.message}`);
  } finally {
    await withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => undefined);
  }

  for (const f of failures) console.error(`crash recovery FAILED: ${f}`);
  if (failures.length === 0) console.log("crash recovery OK (PGlite and PostgreSQL)");
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
