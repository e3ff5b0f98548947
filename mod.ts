/**
 * mysysdig: a low-overhead syscall tracer. This module is the library; the
 * `mysysdig` command (cli.ts) is built on it.
 *
 * @example
 * ```ts
 * import { openBackend, seedLine } from "./mod.ts";
 *
 * const backend = await openBackend("auto", { pids: [1234], follow: true }, console.error);
 * await backend.start();
 * setTimeout(() => backend.stop(), 1000);
 * for await (const r of backend.records()) {
 *   const line = seedLine(r);
 *   if (line) console.log(line);
 * }
 * await backend.close();
 * ```
 *
 * `records()` is the simple way; a consumer that must keep up with a busy
 * system iterates `batches()` instead (the same records in arrays: one await
 * per read of the kernel's buffers, not one per record), as the CLI does.
 *
 * @module
 */
export type {
  Arch,
  Backend,
  Capture,
  CaptureType,
  CpuStats,
  DropRecord,
  EnterRecord,
  EventMode,
  ExitRecord,
  Filter,
  RecordBase,
  SyscallRecord,
  TraceRecord,
  TraceStats,
} from "./src/record.ts";
export type { Sink, SinkContext } from "./src/sink.ts";
export { BackendError, MsdError, UsageError } from "./src/errors.ts";
export { openBackend } from "./src/backend.ts";
export type { BackendChoice } from "./src/cli_args.ts";
export { DEVICE, kmodAvailable, type KmodOptions, openKmod } from "./src/backend_kmod.ts";
export type { ModuleInfo } from "./src/abi.ts";
export { OrderedMerge } from "./src/merge.ts";
export { LineOutput, lineSink, openLineOutput } from "./src/output.ts";
export { openOutputFile, OutputFile, type OutputFileOptions } from "./src/outfile.ts";
export { seedLine, seedSink } from "./src/format_seed.ts";
export {
  escapeBytes,
  formatCall,
  formatResult,
  formatValue,
  TextFormatter,
  textSink,
} from "./src/format_text.ts";
export { json64, jsonLine, jsonSink, jsonValue } from "./src/format_json.ts";
export {
  decodeCall,
  type DecodedCall,
  type DecodedResult,
  decodeResult,
  decodeSockaddr,
  type Field,
  isError,
  type SockAddr,
  type Value,
} from "./src/decode.ts";
export { Pairer } from "./src/pair.ts";
export {
  type FdSystem,
  FdTable,
  type FdTableOptions,
  fdTag,
  type FdType,
  socketText,
  widenSelection,
} from "./src/fdtable.ts";
export { summarySink, SummaryTable, type SyscallTotals } from "./src/summary.ts";
export {
  createView,
  type FdResolver,
  noFdNames,
  type View,
  type ViewName,
  type ViewOptions,
  VIEWS,
} from "./src/views.ts";
export { viewSink, type ViewSinkOptions } from "./src/top.ts";
export { CLASSES, classSyscalls, type SyscallClass } from "./src/xlat/classes.ts";
export { errnoName } from "./src/errno.ts";
export {
  hostArch,
  type SyscallArg,
  type SyscallInfo,
  syscallName,
  syscallNumber,
  syscallTable,
} from "./src/syscalls.ts";
