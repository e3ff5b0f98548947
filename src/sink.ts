/**
 * Sinks consume records: one module per output format (text, seed, JSON
 * Lines, capture file, summary).
 *
 * @module
 */
import type { Arch, TraceRecord, TraceStats } from "./record.ts";

/** Facts about the trace that a sink may need to render records. */
export interface SinkContext {
  /** Architecture of the traced kernel (selects the syscall table). */
  arch: Arch;
  /** Name of the backend that produced the records. */
  backend: string;
}

/** A consumer of records. `write` is synchronous and buffers. */
export interface Sink {
  /** Consume one record. */
  write(rec: TraceRecord): void;
  /** Push buffered output to its destination; called at least once a second. */
  flush(): Promise<void>;
  /** Flush and release the destination. `stats` are the final counters. */
  close(stats: TraceStats): Promise<void>;
}
