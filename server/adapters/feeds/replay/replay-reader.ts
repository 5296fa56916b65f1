import { createReadStream } from "node:fs";
import type { Tick } from "../../../engine/model/market";
import { barToTicks, quoteToTick } from "./record-ticks";
import {
  detectReplayFormat,
  expectedHeaders,
  parseReplayLine,
  ReplayFileError,
  type ReplayFormat,
  ReplayLineError,
} from "./replay-format";

export interface ReplayReadOptions {
  /** Symbol of a bar file (bar files have no symbol column); ignored for quote files. */
  readonly symbol?: string;
  /** Synthetic spread put around a bar's prices, in basis points. */
  readonly spreadBps?: number;
}

/** The file's lines, a chunk (~64 KiB) at a time, so a huge file never sits in memory. */
async function* readLineChunks(file: string): AsyncGenerator<string[]> {
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 16 });
  let rest = "";
  for await (const chunk of stream as AsyncIterable<string>) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    if (lines.length > 0) yield lines;
  }
  if (rest.length > 0) yield [rest];
}

/**
 * Streams a recorded file as ticks, one batch per chunk of lines. A bad line ends the stream with a
 * ReplayFileError naming file, line and reason; the ticks of the lines before it are delivered first.
 */
export class ReplayReader {
  private readonly chunks: AsyncGenerator<string[]>;
  private lineNo = 0;
  private fileFormat: ReplayFormat | undefined;
  private lastTs = Number.NEGATIVE_INFINITY;
  private pendingError: unknown;
  private ended = false;

  constructor(
    readonly file: string,
    private readonly options: ReplayReadOptions = {},
  ) {
    this.chunks = readLineChunks(file);
  }

  get format(): ReplayFormat | undefined {
    return this.fileFormat;
  }

  /** The next ticks in file order, or undefined at the end of the file. */
  async nextBatch(): Promise<Tick[] | undefined> {
    if (this.pendingError !== undefined) throw this.pendingError;
    while (!this.ended) {
      const chunk = await this.chunks.next();
      if (chunk.done === true) {
        this.ended = true;
        if (this.fileFormat === undefined) throw new ReplayFileError(this.file, 1, "file is empty: no header line");
        return undefined;
      }
      const out: Tick[] = [];
      try {
        for (const line of chunk.value) this.parseLine(line, out);
      } catch (error) {
        this.ended = true;
        await this.close();
        if (out.length === 0) throw error;
        this.pendingError = error;
      }
      if (out.length > 0) return out;
    }
    if (this.pendingError !== undefined) throw this.pendingError;
    return undefined;
  }

  /** Releases the file early (e.g. when a replay is stopped). */
  async close(): Promise<void> {
    this.ended = true;
    await this.chunks.return(undefined);
  }

  private parseLine(raw: string, out: Tick[]): void {
    this.lineNo++;
    const line = raw.trim();
    if (this.fileFormat === undefined) {
      this.fileFormat = this.readHeader(line);
      return;
    }
    // Blank lines (a trailing newline, CRLF leftovers) carry no data; anything else must parse.
    if (line === "") return;
    let record: ReturnType<typeof parseReplayLine>;
    try {
      record = parseReplayLine(this.fileFormat, line);
    } catch (error) {
      if (error instanceof ReplayLineError) throw new ReplayFileError(this.file, this.lineNo, error.message);
      throw error;
    }
    const forward = record.kind === "bar" ? record.ts > this.lastTs : record.ts >= this.lastTs;
    if (!forward) {
      throw new ReplayFileError(
        this.file,
        this.lineNo,
        `timestamp ${new Date(record.ts).toISOString()} is not after the previous line's ${new Date(this.lastTs).toISOString()}`,
      );
    }
    this.lastTs = record.ts;
    if (record.kind === "quote") {
      out.push(quoteToTick(record));
      return;
    }
    for (const tick of barToTicks(record, this.options.symbol ?? "", this.options.spreadBps ?? 1)) out.push(tick);
  }

  private readHeader(line: string): ReplayFormat {
    const format = detectReplayFormat(line);
    if (format === undefined) {
      throw new ReplayFileError(this.file, this.lineNo, `unknown header "${line}": expected ${expectedHeaders()}`);
    }
    if (format === "bars" && (this.options.symbol ?? "") === "") {
      throw new ReplayFileError(this.file, this.lineNo, "a bar file has no symbol column: pass the symbol option");
    }
    return format;
  }
}

/** Every tick of a recorded file, in order (benchmarks load a whole file with this). */
export async function* readReplayFile(file: string, options: ReplayReadOptions = {}): AsyncGenerator<Tick> {
  const reader = new ReplayReader(file, options);
  try {
    for (;;) {
      const batch = await reader.nextBatch();
      if (batch === undefined) return;
      yield* batch;
    }
  } finally {
    await reader.close();
  }
}
