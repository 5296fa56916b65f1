import os from "node:os";
/** Runs fn repeatedly for about `ms` milliseconds after a warm-up and returns operations per second. */
export function opsPerSecond(fn: () => number, ms = 1500): { opsPerSec: number; nsPerOp: number } {
  fn();
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() - start < budget) ops += fn();
  const ns = Number(process.hrtime.bigint() - start);
  return { opsPerSec: (ops / ns) * 1e9, nsPerOp: ns / ops };
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}
