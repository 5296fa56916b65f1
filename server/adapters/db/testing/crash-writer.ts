// Test helper run as a separate process, to be killed with SIGKILL at any moment:
//   node --import tsx crash-writer.ts (--pglite <dir> | --url <postgresql-url>) [--seed N] [--ack-every N]
// Opens (and migrates) the database, resumes the TradingWorkload after the turns already stored,
// and writes turns through a PrismaEngineStore without end. Prints "ready <turns stored>" once,
// then "ack <turns>" each time a flush() has resolved: those turns are durable and must survive.
import { parseArgs } from "node:util";
import { migrate } from "../migrator";
import { openDatabase } from "../open-database";
import { PrismaEngineStore } from "../prisma-engine-store";
import { readTradingState } from "../trading-records";
import { TradingWorkload, turnsWritten, WORKLOAD_ACCOUNT } from "./trading-workload";

const { values } = parseArgs({
  options: {
    pglite: { type: "string" },
    url: { type: "string" },
    seed: { type: "string", default: "1" },
    "ack-every": { type: "string", default: "10" },
    // Small batches, so that many batch boundaries fall inside turns.
    "max-batch": { type: "string", default: "3" },
  },
});
if (!values.pglite === !values.url) throw new Error("crash-writer: give --pglite <dir> or --url <postgresql-url>");
const ackEvery = Math.max(1, Number(values["ack-every"]));

const db = await openDatabase({ databaseUrl: values.url, pgliteDataDir: values.pglite ?? "memory://" });
await migrate(db.sql);
const stored = turnsWritten((await readTradingState(db.prisma, WORKLOAD_ACCOUNT, Date.now())).account);
const workload = new TradingWorkload(Number(values.seed));
while (workload.turns < stored) workload.nextTurn();

const store = new PrismaEngineStore(db.prisma, {
  flushIntervalMs: 2,
  maxBatch: Number(values["max-batch"]),
  onError: (error) => process.stderr.write(`store: ${error.message}\n`),
});
process.stdout.write(`ready ${stored}\n`);

for (;;) {
  for (const record of workload.nextTurn()) store.enqueue(record);
  if (workload.turns % ackEvery === 0) {
    const turns = workload.turns;
    await store.flush();
    process.stdout.write(`ack ${turns}\n`);
  } else {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
