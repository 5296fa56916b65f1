import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The recorded BTC perpetual one-minute bars of January 2022, read in place (never copied into the repo). */
export const BTC_1M_FILE = fileURLToPath(
  new URL("../../../../../shared/data/btc-perp-1m-2022-01.csv", import.meta.url),
);
export const BTC_1M_BARS = 45_031;

/** Writes small CSV files into a fresh folder under os.tmpdir(); cleanup() removes it. */
export function tempFiles(): { write(name: string, lines: readonly string[]): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "hean-replay-"));
  return {
    write(name, lines) {
      const path = join(dir, name);
      writeFileSync(path, lines.length === 0 ? "" : `${lines.join("\n")}\n`);
      return path;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const BAR_HEADER = "timestamp,open,high,low,close,volume";
export const QUOTE_HEADER = "timestamp,symbol,bid,ask,bid_size,ask_size";
