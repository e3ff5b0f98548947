/**
 * The record model shared by every backend (kernel module, tracefs, capture
 * files) and every sink (text, seed, JSON, scap, summary).
 *
 * @module
 */
import type { FdSet } from "./format_dump.ts";

/** Architectures whose syscall tables mysysdig knows. */
export type Arch = "x86_64" | "aarch64";

/** Fields every record carries. */
export interface RecordBase {
  /** Nanoseconds since the Unix epoch. */
  ts: bigint;
  /** CPU the event happened on. */
  cpu: number;
  /** Thread group id (what `ps` calls the pid). */
  pid: number;
  /** Thread id. */
  tid: number;
  /** Process name as the kernel keeps it (at most 15 characters). */
  comm: string;
}

/** What a {@linkcode Capture} holds. */
export type CaptureType =
  | "str"
  | "buf"
  | "iov"
  | "sockaddr"
  | "argv"
  | "fds"
  | "struct"
  | "iovec"
  | "msghdr"
  | "fdset";

/**
 * Memory a syscall argument pointed at, as the kernel copied it: a path, a
 * buffer's first bytes, a socket address, execve's argv, pipe's two fds.
 */
export interface Capture {
  /** The argument (0..5) this memory belongs to. */
  arg: number;
  /** What the memory held: a string, a buffer, a socket address, argv or fds. */
  type: CaptureType;
  /** The bytes copied (strings without their NUL; argv NUL-separated). */
  data: Uint8Array;
  /** The memory could not be read (data holds what came before the fault). */
  fault?: boolean;
  /** There was more than `data` (snaplen or a size limit). */
  truncated?: boolean;
  /**
   * Copied at the call's exit, as the kernel left it, where the value at entry is another item
   * of the same argument (select's fd sets and timeout: the entry's come from its enter record).
   */
  exit?: boolean;
}

/** A thread entered a syscall. */
export interface EnterRecord extends RecordBase {
  /** Discriminant. */
  kind: "enter";
  /** Syscall number in the table of the traced architecture. */
  nr: number;
  /** The six raw argument registers, as unsigned 64-bit values. */
  args: bigint[];
  /** Input memory copied at entry; absent when the backend copies none. */
  items?: Capture[];
}

/** A thread returned from a syscall. */
export interface ExitRecord extends RecordBase {
  /** Discriminant. */
  kind: "exit";
  /** Syscall number in the table of the traced architecture. */
  nr: number;
  /** Return value as a signed 64-bit integer (-errno on failure). */
  ret: bigint;
  /** Output memory copied at exit; absent when the backend copies none. */
  items?: Capture[];
}

/**
 * A completed syscall: entry and exit in one record. `ts` is the time of
 * the exit, `enterTs` that of the entry. `ret` is undefined for a syscall
 * that never returns (exit_group) or had not returned when the trace ended.
 */
export interface SyscallRecord extends RecordBase {
  /** Discriminant. */
  kind: "syscall";
  /** Syscall number in the table of the traced architecture. */
  nr: number;
  /** The six raw argument registers, as unsigned 64-bit values. */
  args: bigint[];
  /** Return value (signed), or undefined when there was none. */
  ret?: bigint;
  /** Time of the entry, ns since the Unix epoch. */
  enterTs: bigint;
  /** Memory copied; absent when the backend copies none. */
  items?: Capture[];
}

/**
 * Records were lost on one CPU before this point: its buffer was full.
 * pid, tid and comm are 0 and "".
 */
export interface DropRecord extends RecordBase {
  /** Discriminant. */
  kind: "drop";
  /** How many records were lost. */
  lost: bigint;
}

/**
 * A signal delivered to a thread: it is about to run a handler or take the
 * default action (strace's `--- SIGCHLD {...} ---`).
 */
export interface SignalRecord extends RecordBase {
  /** Discriminant. */
  kind: "signal";
  /** The signal number. */
  sig: number;
  /** siginfo's si_code (CLD_EXITED, SI_USER, SEGV_MAPERR, ...). */
  code: number;
  /** siginfo's si_errno. */
  errno: number;
  /** The action's sa_handler: 0 SIG_DFL, 1 SIG_IGN, else the handler's address. */
  handler: bigint;
  /** The action's sa_flags. */
  saFlags: bigint;
  /**
   * siginfo's union, 32 bytes in siginfo_t's layout (si_pid at 0, si_uid at 4, si_status at 8,
   * si_utime at 16, si_stime at 24; si_addr at 0; ...), zero where the backend has none.
   */
  fields: Uint8Array;
}

/** A thread exited (strace's `+++ exited with N +++`, `+++ killed by SIGKILL +++`). */
export interface ProcExitRecord extends RecordBase {
  /** Discriminant. */
  kind: "procexit";
  /**
   * The wait status: the exit status << 8, or the signal that killed the thread | 0x80 when it
   * dumped core (its group's, when it ended with its group); -1 when the backend has none.
   */
  status: number;
  /** It was the last thread of its process. */
  groupDead: boolean;
}

/** Any record a backend produces. */
export type TraceRecord =
  | EnterRecord
  | ExitRecord
  | SyscallRecord
  | DropRecord
  | SignalRecord
  | ProcExitRecord;

/** How syscalls are recorded: one record per completed call, or entry and exit apart. */
export type EventMode = "syscall" | "both";

/** What a backend records. Empty selectors mean every process. */
export interface Filter {
  /** Thread group ids to trace (all their threads). */
  pids: number[];
  /** Trace processes whose comm equals this (first 15 characters). */
  procName?: string;
  /** Also trace children forked by traced processes after the start. */
  follow: boolean;
  /** Only these syscall numbers; undefined means all. */
  syscalls?: number[];
  /**
   * Calls of 32-bit tasks: only these numbers of the compat ABI (i386's on x86_64, arm's on
   * arm64; src/syscalls.ts `compatSyscallNumber`). Undefined: all of them when `syscalls` is
   * undefined, none otherwise (the kmod backend; tracefs cannot tell them apart).
   */
  compatSyscalls?: number[];
  /** Trace the children of the tracer itself (used to run a COMMAND). */
  children?: boolean;
  /** Per-CPU buffer size in KiB; undefined means the backend's default. */
  bufferKb?: number;
  /** I/O data bytes copied per buffer (default 80, 0 for none). */
  snaplen?: number;
  /** "both": separate enter and exit records; default: completed syscalls. */
  events?: EventMode;
  /**
   * Kmod backend, completed syscalls only: the module writes what it can as sysdig's own events
   * (SCAP records, for a capture file); the rest stays records to decode.
   */
  scap?: boolean;
  /** With `scap`: CLOCK_REALTIME - CLOCK_MONOTONIC in ns, for the events' times. */
  rtOffset?: bigint;
  /** Also record signals delivered to the selected threads (signal records). */
  signals?: boolean;
  /** Also record the exits of the selected threads (procexit records). */
  exits?: boolean;
  /**
   * Kmod backend: the whole buffers of strace's dumpio() buffer calls on these fds, as DATA
   * records after the call's (strace's `-e read=SET`, `-e write=SET`).
   */
  dump?: { read?: FdSet; write?: FdSet };
  /**
   * Kmod backend: backpressure. A traced thread whose call leaves its CPU's buffer more than half
   * full waits, at most this many ms each time, for the reader to empty it to a quarter
   * (MSD_IOC_SET_BLOCK). Undefined or 0: threads never wait; a full buffer drops.
   */
  blockMs?: number;
}

/** Counters of one CPU, or of all CPUs summed. */
export interface CpuStats {
  /** Events that matched the filter. */
  seen: bigint;
  /** Events written to the buffer. */
  recorded: bigint;
  /** Events lost because the buffer was full. */
  dropped: bigint;
  /** Syscalls recorded as enter and exit because no pairing slot was free. */
  unpaired?: bigint;
}

/** Counters a backend reports when asked and at the end of a trace. */
export interface TraceStats extends CpuStats {
  /** Per-CPU counters, indexed by CPU number (holes for absent CPUs). */
  perCpu: Array<CpuStats | undefined>;
  /**
   * Records that reached user space older than records it had already
   * released in timestamp order, so printed out of place (kmod backend).
   */
  outOfOrder?: bigint;
  /** With `blockMs`: the times traced threads waited for the reader, and how many timed out. */
  blocked?: { waits: bigint; timeouts: bigint; noSlot: bigint };
}

/**
 * A source of records. `batches()` yields arrays of records in timestamp
 * order until `stop()` is called and the buffers are drained; `records()`
 * yields the same records one by one. Iterate one of the two, once.
 * `batches()` is the fast path: an await per batch, not per record.
 */
export interface Backend {
  /** "kmod", "tracefs" or "file". */
  readonly name: string;
  /** Architecture of the traced kernel, which selects the syscall table. */
  readonly arch: Arch;
  /** Begin recording. */
  start(): Promise<void>;
  /** The records in timestamp order, a batch at a time (never empty). Ends after stop() once drained. */
  batches(): AsyncIterableIterator<TraceRecord[]>;
  /** The records one at a time, in timestamp order. Ends after stop() once drained. */
  records(): AsyncIterableIterator<TraceRecord>;
  /** Ask the backend to stop; records() drains what is buffered and ends. */
  stop(): void;
  /** Current counters. */
  stats(): TraceStats;
  /** Release every kernel and file resource. Safe to call twice. */
  close(): Promise<void>;
}

/** The records of `batches`, one at a time (the `records()` of a backend). */
export async function* recordsOf(
  batches: AsyncIterable<TraceRecord[]>,
): AsyncIterableIterator<TraceRecord> {
  for await (const b of batches) {
    // a plain loop: yield* over an array costs an extra await per record
    for (let i = 0; i < b.length; i++) yield b[i];
  }
}
