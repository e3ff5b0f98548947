/**
 * Buffered output of text lines to standard output or a file.
 *
 * @module
 */
import { MsdError } from "./errors.ts";
import { openOutputFile, type OutputFileOptions } from "./outfile.ts";
import type { TraceRecord, TraceStats } from "./record.ts";
import type { Sink } from "./sink.ts";

/** Where lines go: anything with Deno's synchronous writer interface. */
export interface WriterSync {
  writeSync(p: Uint8Array): number;
}

const FLUSH_BYTES = 64 * 1024;

/**
 * Collects lines and writes them in large chunks. A closed pipe (the reader
 * of our standard output went away) raises {@linkcode OutputClosedError}.
 */
export class LineOutput {
  #dest: WriterSync;
  #parts: string[] = [];
  #size = 0;
  #enc = new TextEncoder();
  /**
   * The bytes of a flush, reused: a new buffer per flush is memory outside V8's heap that is
   * only freed when a GC finds its object dead, and piled up to 100+ MiB in a fast trace.
   */
  #bytes = new Uint8Array(3 * FLUSH_BYTES + 1024);
  #close?: () => void;

  /** Lines go to `dest`; `close` releases it when we opened it. */
  constructor(dest: WriterSync, close?: () => void) {
    this.#dest = dest;
    this.#close = close;
  }

  /** Appends one line (without its newline). */
  line(s: string): void {
    this.#parts.push(s);
    this.#size += s.length + 1;
    if (this.#size >= FLUSH_BYTES) this.flushSync();
  }

  /** Writes what is buffered. */
  flushSync(): void {
    if (this.#parts.length === 0) return;
    this.#parts.push("");
    const text = this.#parts.join("\n");
    this.#parts = [];
    this.#size = 0;
    // at most 3 bytes per UTF-16 unit
    const data = 3 * text.length <= this.#bytes.length
      ? this.#bytes.subarray(0, this.#enc.encodeInto(text, this.#bytes).written)
      : this.#enc.encode(text);
    let off = 0;
    try {
      while (off < data.length) off += this.#dest.writeSync(data.subarray(off));
    } catch (e) {
      if (e instanceof Deno.errors.BrokenPipe || (e as { code?: string }).code === "EPIPE") {
        throw new OutputClosedError();
      }
      throw new MsdError(`writing output failed: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Flushes and closes the destination if it was opened for us. */
  close(): void {
    try {
      this.flushSync();
    } finally {
      this.#close?.();
      this.#close = undefined;
    }
  }
}

/** The reader of our output has gone (EPIPE): stop quietly. */
export class OutputClosedError extends MsdError {
  constructor() {
    super("output closed");
    this.name = "OutputClosedError";
  }
}

/** Options of {@linkcode openLineOutput}. */
export interface LineOutputOptions extends OutputFileOptions {
  /** With no file (undefined), write to standard error rather than standard output. */
  stderr?: boolean;
}

/**
 * Opens FILE for output, or standard output for "-" and for undefined (standard error for
 * undefined with `stderr`, a COMMAND's trace as strace writes it). A file is opened as
 * {@linkcode openOutputFile} does: created 0600, never through a symbolic link, another user's
 * file truncated only with `clobber`.
 */
export function openLineOutput(path: string | undefined, opts: LineOutputOptions = {}): LineOutput {
  if (path === undefined && opts.stderr) return new LineOutput(Deno.stderr);
  if (path === undefined || path === "-") return new LineOutput(Deno.stdout);
  const f = openOutputFile(path, opts);
  return new LineOutput(f, () => f.close());
}

/** A sink that writes `render(record)` as a line, skipping undefined. */
export function lineSink(out: LineOutput, render: (r: TraceRecord) => string | undefined): Sink {
  return {
    write(r: TraceRecord) {
      const l = render(r);
      if (l !== undefined) out.line(l);
    },
    flush() {
      out.flushSync();
      return Promise.resolve();
    },
    close(_stats: TraceStats) {
      out.close();
      return Promise.resolve();
    },
  };
}
