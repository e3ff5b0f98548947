/**
 * The tracefs backend: the kernel's own raw_syscalls events, for machines
 * that cannot load the module.
 *
 * Each trace gets a private ftrace instance (`instances/mysysdig-PID-N`), so
 * the global trace settings and other ftrace users are never touched. The
 * filters go into the kernel (`set_event_pid` with `event-fork`, an event
 * filter on the syscall id and on `comm`); the per-CPU `trace_pipe_raw`
 * files are read without blocking and their ring-buffer pages decoded here
 * (see tracefs_pages.ts). `task_newtask` and `task_rename` events travel in
 * the same buffers, so every record gets the thread group id and the comm its
 * task had at that moment, even for tasks that are gone by the time the
 * record is read.
 *
 * Paths: where the kernel has kprobe events, a probe on each syscall with string arguments
 * fetches them (src/tracefs_probes.ts) and the records carry them as the module's do; where it
 * has not, `note` says once that they are shown as addresses.
 *
 * Callers must make SIGINT and SIGTERM call `stop()` and then `close()`;
 * a normal exit (including `Deno.exit()`) removes the instance through an
 * `unload` listener, and an instance left by a killed tracer is removed at
 * the next start ({@linkcode cleanupStaleInstances}).
 *
 * @module
 */
import * as fs from "node:fs";
import { BackendError } from "./errors.ts";
import { errnoName } from "./errno.ts";
import { loadShim, type Shim } from "./ffi.ts";
import { inInitPidNamespace } from "./pidns.ts";
import {
  type Arch,
  type Backend,
  type CpuStats,
  type Filter,
  recordsOf,
  type TraceRecord,
  type TraceStats,
} from "./record.ts";
import { hostArch } from "./syscalls.ts";
import { decodedBatches, type RawBatch } from "./rawmerge.ts";
import { commWords, type RecordTask, TracefsRecords, TS_BIAS } from "./tracefs_records.ts";
import {
  decodePage,
  type EventFormat,
  type EventHeader,
  type FieldFormat,
  type PageHeader,
  pageTimestamp,
  parseEventFormat,
  parseHeaderEvent,
  parseHeaderPage,
} from "./tracefs_pages.ts";
import {
  cleanupStaleProbes,
  lastError,
  PROBE_GROUP_PREFIX,
  probeDefinition,
  probeFile,
  type ProbeTarget,
  probeTargets,
  PUTNAME,
  putnameDefinition,
  removeGroup,
  writeDefinition,
} from "./tracefs_probes.ts";

/** Prefix of the instances this backend creates: `mysysdig-<pid>-<n>`. */
export const INSTANCE_PREFIX = "mysysdig-";

/** Where tracefs is looked for, in order, when no directory is given. */
export const TRACEFS_DIRS = ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"];

/** Options of {@linkcode openTracefs}. */
export interface TracefsOptions {
  /** The tracefs mount to use; not mounted automatically when given. */
  tracefsDir?: string;
  /** Name of the private instance (default `mysysdig-<pid>-<n>`). */
  instanceName?: string;
  /**
   * How long records() first sleeps when every CPU buffer is empty (ms, default 20); the sleep
   * doubles with each empty round, up to {@linkcode IDLE_POLL_MAX_MS}.
   */
  pollMs?: number;
  /** The longest sleep between rounds over empty buffers (ms, default {@linkcode IDLE_POLL_MAX_MS}). */
  idleMaxMs?: number;
  /**
   * Where an informational line goes (what will be shown as addresses because the kernel cannot
   * fetch it); default: nowhere.
   */
  note?: (msg: string) => void;
  /** Fetch string arguments with kprobe events where the kernel has them (default true). */
  probes?: boolean;
  /**
   * With `probes`, also the putname probe for strings not resident at entry (default true; false
   * to measure what it costs).
   */
  putname?: boolean;
}

/**
 * The ftrace filter selecting syscall numbers `nrs`: runs of consecutive numbers as ranges, so
 * that a long selection (-e '!write': every syscall but one) stays within what the kernel's
 * filter parser takes.
 */
export function idFilter(nrs: readonly number[]): string {
  const sorted = [...new Set(nrs)].sort((a, b) => a - b);
  const terms: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    terms.push(
      j - i >= 2
        ? `(id >= ${sorted[i]} && id <= ${sorted[j]})`
        : sorted.slice(i, j + 1).map((n) => `id == ${n}`).join(" || "),
    );
    i = j + 1;
  }
  return `(${terms.join(" || ")})`;
}

/** Longest sleep between two rounds over empty buffers (ms): an idle trace costs little. */
export const IDLE_POLL_MAX_MS = 100;

function optionalShim(): Shim | undefined {
  try {
    return loadShim();
  } catch {
    return undefined; // node:fs reads instead
  }
}

// How far behind "now" an empty CPU's horizon is put, for events whose
// commit is still in flight when the buffer is found empty (ns).
const EMPTY_CPU_SLACK = 2_000_000;
// Pages read from one CPU before the others get their turn.
const PAGES_PER_ROUND = 64;
const COMM_LEN = 15;
const CLONE_THREAD = 0x10000n;
const SIGNALS: Deno.Signal[] = ["SIGINT", "SIGTERM"];

interface TaskInfo extends RecordTask {
  comm: string;
  /** comm is the --proc-name being traced. */
  named: boolean;
  /** Whether its records are selected, as of #allowed's generation `selGen` (-1: not known). */
  sel: boolean;
  selGen: number;
}

/** A task event, applied in timestamp order before the records after it. */
interface TaskEvent {
  kind: "newtask" | "rename" | "exit";
  /** The task that forked, the one renamed, or the one that exited. */
  tid: number;
  /** newtask: the child's tid. */
  child: number;
  /** newtask: the comm the child inherits; rename: the new comm. */
  comm: string;
  thread: boolean;
}

// A queued event is ROW words of a CpuReader's `rows` and its time in `keys`: the event type,
// the thread, the syscall number, then twelve words: the six arguments as u32 halves (enter),
// the result's halves (exit), the count's halves (drop) or the task event's id (task).
const ROW = 16;
const EV_ENTER = 1;
const EV_EXIT = 2;
const EV_DROP = 3;
const EV_TASK = 4;
// A probe's strings: the thread, the syscall number, their count, then three words each: the
// argument | MSD_IF_* flags << 8, the offset of its bytes in the reader's `strs`, their length.
const EV_STRS = 5;
// The putname probe's path: the thread, 0, the user pointer's halves, the offset of its bytes in
// the reader's `strs`, their length, MSD_IF_* flags.
const EV_NAME = 6;
const IF_FAULT = 1;
const IF_TRUNC = 2;
/** Longest string kept (MSD_PATH_MAX). */
const PATH_MAX = 4096;

/** A probe event of the trace: the call it belongs to and where its strings are. */
interface ProbeEvent {
  nr: number;
  /** The arguments fetched, in field order. */
  args: number[];
  /** Offset of each one's __data_loc word in the event. */
  offs: number[];
  /** __rel_loc fields: the data's offset counts from the end of the word. */
  rel: boolean[];
}

interface CpuReader {
  cpu: number;
  fd: number;
  /** Queued events, ROW words each; `len` of them, the first `head` already taken. */
  rows: Uint32Array;
  /** Time of each queued event, ns after the trace's base time. */
  keys: Float64Array;
  head: number;
  len: number;
  /** Nothing from this CPU before this time is still to come. */
  horizon: number;
  lostPages: bigint;
  /** Losses counted from the kernel's counters (not reported in pages). */
  lostOther: bigint;
  /** Events of this CPU selected and passed on. */
  recorded: number;
  /** Bytes of the probes' strings queued (EV_STRS rows point into it), `strLen` of them. */
  strs: Uint8Array;
  strLen: number;
}

function errnoCode(e: unknown): string | undefined {
  if (e instanceof Deno.errors.NotFound) return "ENOENT";
  if (e instanceof Deno.errors.PermissionDenied) return "EACCES";
  if (e instanceof Deno.errors.Busy) return "EBUSY";
  if (e instanceof Deno.errors.AlreadyExists) return "EEXIST";
  const code = (e as { code?: unknown })?.code;
  return typeof code === "string" ? code : undefined;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

const readBuf = new Uint8Array(1 << 16);

// Deno.readTextFileSync trusts st_size, which some tracefs files get wrong
// (header_page claims fewer bytes than it has): read until end of file.
function readText(path: string): string {
  const f = Deno.openSync(path);
  try {
    const chunks: Uint8Array[] = [];
    for (;;) {
      const n = f.readSync(readBuf);
      if (n === null || n === 0) break;
      chunks.push(readBuf.slice(0, n));
    }
    if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
    const all = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
    let o = 0;
    for (const c of chunks) {
      all.set(c, o);
      o += c.length;
    }
    return new TextDecoder().decode(all);
  } finally {
    f.close();
  }
}

/** Is tracefs mounted at dir? */
function isTracefs(dir: string): boolean {
  return exists(`${dir}/instances`) && exists(`${dir}/events`);
}

/** Mount points of tracefs in /proc/mounts, accessible or not. */
function tracefsMounts(): string[] {
  try {
    return readText("/proc/mounts").split("\n").map((l) => l.split(" "))
      .filter((f) => f[2] === "tracefs").map((f) => f[1]);
  } catch {
    return []; // no /proc: fall back to the usual places
  }
}

function permissionError(dir: string): BackendError {
  return new BackendError(
    `cannot use tracefs at ${dir}: permission denied; run mysysdig as root`,
  );
}

/** Throws the permission error when dir exists but cannot be read. */
function checkReadable(dir: string): void {
  try {
    Deno.readDirSync(dir);
  } catch (e) {
    if (errnoCode(e) === "EACCES" || errnoCode(e) === "EPERM") throw permissionError(dir);
  }
}

const NOT_FOUND_HINT = 'mount it with "mount -t tracefs nodev /sys/kernel/tracing" as root, ' +
  "or load the my_sysdig module and use --backend kmod";

/**
 * Finds the tracefs mount, mounting it at /sys/kernel/tracing when it is not
 * mounted anywhere. Throws a {@linkcode BackendError} saying what to do.
 */
export function findTracefs(dir?: string): string {
  if (dir !== undefined) {
    if (isTracefs(dir)) return dir;
    if (!exists(dir)) {
      throw new BackendError(`tracefs not found: ${dir} does not exist; ${NOT_FOUND_HINT}`);
    }
    checkReadable(dir);
    throw new BackendError(`tracefs not found: ${dir} is not a tracefs mount; ${NOT_FOUND_HINT}`);
  }
  const mounts = tracefsMounts();
  const mounted = mounts.find(isTracefs) ?? TRACEFS_DIRS.find(isTracefs);
  if (mounted) return mounted;
  for (const m of mounts) checkReadable(m);
  const target = TRACEFS_DIRS[0];
  if (!exists(target)) {
    throw new BackendError(
      `tracefs not available: ${target} does not exist (kernel built without CONFIG_TRACING?); ` +
        "load the my_sysdig module and use --backend kmod",
    );
  }
  let detail = "";
  try {
    const out = new Deno.Command("mount", {
      args: ["-t", "tracefs", "nodev", target],
      stdout: "null",
      stderr: "piped",
    }).outputSync();
    detail = new TextDecoder().decode(out.stderr).trim();
  } catch (e) {
    detail = message(e);
  }
  if (isTracefs(target)) return target;
  throw new BackendError(
    `tracefs is not mounted and mounting it at ${target} failed${detail ? ` (${detail})` : ""}; ` +
      "run mysysdig as root, or mount it yourself with " +
      '"mount -t tracefs nodev /sys/kernel/tracing"',
  );
}

function writeFile(path: string, text: string): void {
  Deno.writeTextFileSync(path, text);
}

/** Disables everything in an instance and removes it; retries while busy. */
function removeInstanceSync(dir: string): void {
  for (
    const [file, value] of [["tracing_on", "0"], ["events/enable", "0"], ["set_event_pid", ""]]
  ) {
    try {
      writeFile(`${dir}/${file}`, value);
    } catch {
      // best effort: rmdir below says whether it mattered
    }
  }
  let last: unknown;
  for (let i = 0; i < 50; i++) {
    try {
      Deno.removeSync(dir);
      return;
    } catch (e) {
      if (errnoCode(e) === "ENOENT") return;
      last = e;
      if (errnoCode(e) !== "EBUSY") break;
      // an exiting reader may still hold a file open for a moment
      const until = Date.now() + 10;
      while (Date.now() < until) { /* wait */ }
    }
  }
  throw new BackendError(`cannot remove tracefs instance ${dir}: ${message(last)}`);
}

function pidAlive(pid: number): boolean {
  return exists(`/proc/${pid}`);
}

/**
 * Removes instances left by tracers that died without cleaning up (killed
 * with SIGKILL, for example): every `instances/mysysdig-<pid>-*` whose pid
 * is no longer running. Returns the names removed.
 */
export function cleanupStaleInstances(tracefsDir?: string): string[] {
  const root = findTracefs(tracefsDir);
  const removed: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(`${root}/instances`)];
  } catch (e) {
    throw new BackendError(`cannot list ${root}/instances: ${message(e)}; run mysysdig as root`);
  }
  for (const ent of entries) {
    const m = new RegExp(`^${INSTANCE_PREFIX}(\\d+)(?:-\\d+)?$`).exec(ent.name);
    if (!m || pidAlive(Number(m[1]))) continue;
    removeInstanceSync(`${root}/instances/${ent.name}`);
    removed.push(ent.name);
  }
  // their probes, now disabled everywhere
  cleanupStaleProbes(root, pidAlive);
  return removed;
}

function selfTids(): number[] {
  try {
    return [...Deno.readDirSync("/proc/self/task")].map((e) => Number(e.name)).filter((n) => n > 0);
  } catch {
    return [Deno.pid];
  }
}

function threadsOf(pid: number): number[] {
  try {
    return [...Deno.readDirSync(`/proc/${pid}/task`)].map((e) => Number(e.name));
  } catch {
    return [pid]; // gone or not yet visible: the pid itself is still a valid entry
  }
}

function cstring(bytes: Uint8Array, offset: number, size: number): string {
  let end = offset;
  while (end < offset + size && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(offset, end));
}

let instanceCounter = 0;
let probeCounter = 0;

class TracefsBackend implements Backend {
  readonly name = "tracefs";
  readonly arch: Arch = hostArch();
  /** Directory of the private instance. */
  readonly instanceDir: string;
  readonly #root: string;
  readonly #filter: Filter;
  readonly #pollMs: number;
  readonly #idleMaxMs: number;
  /** Event bytes the last round read, and whether a CPU had more than it took. */
  #roundBytes = 0;
  #behind = false;
  /** The smallest CPU buffer in bytes (buffer_size_kb). */
  #bufferBytes = 1408 * 1024;
  /** The FFI shim, when it can be loaded: its read() reports an empty buffer without throwing. */
  readonly #shim: Shim | undefined = optionalShim();
  #readers: CpuReader[] = [];
  #page: Uint8Array<ArrayBuffer>;
  #view: DataView;
  #ph!: PageHeader;
  #eh!: EventHeader;
  #enter!: EventFormat;
  #exit!: EventFormat;
  #newtask?: EventFormat;
  #rename?: EventFormat;
  #exitEv?: EventFormat;
  #print?: EventFormat;
  /** Trace-clock time every key is relative to (ns). */
  #base = 0n;
  /** Added to #base + key to get ns since the Unix epoch. */
  #epochBase = 0n;
  #started = false;
  #stopping = false;
  #closed = false;
  #wake: (() => void) | undefined;
  #tasks = new Map<number, TaskInfo>();
  #savedCmdlines = new Map<number, string>();
  /** The comm before the first rename of tasks not looked up yet. */
  #firstComm = new Map<number, string>();
  #savedReadAt = -Infinity;
  /** Thread groups selected by pid, as children of the tracer, or followed. */
  #allowed = new Set<number>();
  /** Changes whenever #allowed does. */
  #allowedGen = 0;
  /** The task #selected() looked up last (a thread's records tend to come in runs). */
  #lastTid = -1;
  #lastTask: TaskInfo | undefined;
  #selectAll: boolean;
  #procName?: string;
  #self = Deno.pid;
  #unload = () => this.#closeSync();
  #onSignal = () => this.stop();
  /** Task events queued in the CPUs' rows, by id. */
  #taskEvents = new Map<number, TaskEvent>();
  #taskSeq = 0;
  /** The selected events as the module's records. */
  #records: TracefsRecords;
  /** Probe events by event id. */
  #probes = new Map<number, ProbeEvent>();
  /** The putname probe's event id (-1: none), and its fields' offsets. */
  #putname = -1;
  /**
   * Threads whose last probed call had a string the entry probe could not read: only their
   * putname events are queued (the others are most of them, and of no use).
   */
  #faulted = new Set<number>();
  #putnamePath = 0;
  #putnameUptr = 0;
  /** The kprobe group of this trace, and the file it was defined in, while it exists. */
  #probeGroup: string | undefined;
  #probeFile: string | undefined;
  readonly #opts: TracefsOptions;
  /**
   * What the records' times are relative to: `ts + info.realtimeOffset` is ns since the epoch,
   * as for the module's records.
   */
  readonly info = { realtimeOffset: 0n };

  constructor(root: string, name: string, filter: Filter, opts: TracefsOptions) {
    this.#root = root;
    this.instanceDir = `${root}/instances/${name}`;
    this.#filter = filter;
    this.#pollMs = opts.pollMs ?? 20;
    this.#idleMaxMs = Math.max(1, opts.idleMaxMs ?? IDLE_POLL_MAX_MS);
    this.#page = new Uint8Array(4096);
    this.#view = new DataView(this.#page.buffer);
    this.#procName = filter.procName?.slice(0, COMM_LEN);
    this.#selectAll = filter.pids.length === 0 && filter.procName === undefined &&
      !filter.children;
    for (const p of filter.pids) this.#allowed.add(p);
    this.#records = new TracefsRecords(this.arch, filter.events === "both");
    this.#opts = opts;
  }

  #path(rel: string): string {
    return `${this.instanceDir}/${rel}`;
  }

  #write(rel: string, value: string, what: string): void {
    try {
      writeFile(this.#path(rel), value);
    } catch (e) {
      let log = "";
      try {
        log = readText(this.#path("error_log")).trim().split("\n").slice(-3).join(" / ");
      } catch {
        // no error_log in older kernels
      }
      throw new BackendError(
        `tracefs refused ${what} (${rel} <- ${JSON.stringify(value)}): ${message(e)}` +
          (log ? ` [${log}]` : ""),
      );
    }
  }

  #format(event: string): EventFormat {
    return parseEventFormat(readText(this.#path(`events/${event}/format`)));
  }

  /** Creates nothing; reads formats, sets the clock and buffers, opens readers. */
  setup(): void {
    try {
      this.#ph = parseHeaderPage(readText(`${this.#root}/events/header_page`));
      this.#eh = parseHeaderEvent(readText(`${this.#root}/events/header_event`));
    } catch (e) {
      throw new BackendError(`cannot read the ring-buffer layout from tracefs: ${message(e)}`);
    }
    try {
      this.#enter = this.#format("raw_syscalls/sys_enter");
      this.#exit = this.#format("raw_syscalls/sys_exit");
    } catch (e) {
      throw new BackendError(
        `this kernel has no raw_syscalls events (CONFIG_FTRACE_SYSCALLS off?): ${message(e)}; ` +
          "use the my_sysdig module (--backend kmod)",
      );
    }
    for (
      const [ev, f] of [[this.#enter, ["common_type", "common_pid", "id", "args"]], [
        this.#exit,
        ["common_type", "common_pid", "id", "ret"],
      ]] as const
    ) {
      for (const n of f) {
        if (!ev.fields.has(n)) throw new BackendError(`raw_syscalls/${ev.name} has no field ${n}`);
      }
    }
    const optional = (ev: string) => {
      try {
        return this.#format(ev);
      } catch {
        return undefined;
      }
    };
    this.#newtask = optional("task/task_newtask");
    this.#rename = optional("task/task_rename");
    this.#exitEv = optional("sched/sched_process_exit");
    this.#print = optional("ftrace/print");

    let pageSize = this.#ph.dataOffset + this.#ph.dataSize;
    try {
      const sub = Number(readText(this.#path("buffer_subbuf_size_kb")).trim());
      if (sub > 0) pageSize = Math.max(pageSize, sub * 1024);
    } catch {
      // kernels before 6.8 have one fixed page size
    }
    this.#page = new Uint8Array(pageSize);
    this.#view = new DataView(this.#page.buffer);

    const clocks = readText(this.#path("trace_clock"));
    const clock = ["boot", "mono", "global"].find((c) =>
      new RegExp(`(^|[\\s\\[])${c}($|[\\s\\]])`).test(clocks)
    );
    if (clock) this.#write("trace_clock", clock, "the trace clock");
    this.#write("options/overwrite", "1", "overwrite mode");
    if (this.#filter.bufferKb !== undefined) {
      this.#write("buffer_size_kb", String(this.#filter.bufferKb), "the buffer size");
    }
    // "1408", or "7 (expanded: 1408)" before the buffer is first used
    const size = readText(this.#path("buffer_size_kb"));
    const kb = Number(/expanded: (\d+)/.exec(size)?.[1] ?? Number.parseInt(size, 10));
    if (kb > 0) this.#bufferBytes = kb * 1024;

    const cpus = [...Deno.readDirSync(this.#path("per_cpu"))]
      .map((e) => /^cpu(\d+)$/.exec(e.name)).filter((m) => m !== null).map((m) => Number(m![1]))
      .sort((a, b) => a - b);
    for (const cpu of cpus) {
      const fd = fs.openSync(
        this.#path(`per_cpu/cpu${cpu}/trace_pipe_raw`),
        fs.constants.O_RDONLY | fs.constants.O_NONBLOCK,
      );
      this.#readers.push({
        cpu,
        fd,
        rows: new Uint32Array(1024 * ROW),
        keys: new Float64Array(1024),
        head: 0,
        len: 0,
        horizon: 0,
        lostPages: 0n,
        lostOther: 0n,
        recorded: 0,
        strs: new Uint8Array(0),
        strLen: 0,
      });
    }
    this.#syncClock();
    this.info.realtimeOffset = this.#epochBase - BigInt(TS_BIAS);
    if (this.#opts.probes !== false) this.#setupProbes();
    this.#setFilters();
  }

  /**
   * Creates the probes that fetch the string arguments of the traced syscalls (a group of this
   * trace's own), or says through the note what will be shown as addresses.
   */
  #setupProbes(): void {
    const note = this.#opts.note ?? (() => {});
    const targets = probeTargets(this.arch, this.#filter.syscalls);
    if (targets.length === 0) return;
    const pf = probeFile(this.#root);
    if (!("file" in pf)) {
      note(`${pf.reason}: the tracefs backend shows path and string arguments as addresses`);
      return;
    }
    const group = `${PROBE_GROUP_PREFIX}${Deno.pid}_${probeCounter++}`;
    this.#probeGroup = group;
    this.#probeFile = pf.file;
    const failed: string[] = [];
    let why = "";
    // a syscall this kernel does not have (no syscalls/sys_enter_<entry> event) has no function
    // to probe, and no call of it will be traced but as ENOSYS
    const known = exists(`${this.#root}/events/syscalls`)
      ? (t: ProbeTarget) => exists(`${this.#root}/events/syscalls/sys_enter_${t.entry}`)
      : () => true;
    for (const t of targets) {
      if (!known(t)) continue;
      const err = writeDefinition(pf.file, probeDefinition(this.arch, group, t));
      let ev: EventFormat | undefined;
      if (err === undefined) {
        try {
          ev = this.#format(`${group}/${t.name}`);
        } catch {
          // created, but not in this instance: not usable
        }
      }
      if (ev === undefined) {
        failed.push(t.name);
        if (!why) why = lastError(this.#root) || err || "not found in the instance";
        continue;
      }
      const offs: number[] = [], rel: boolean[] = [];
      for (const a of t.args) {
        const f = ev.fields.get(`a${a}`);
        if (!f) throw new BackendError(`probe ${group}/${t.name} has no field a${a}`);
        offs.push(f.offset);
        rel.push(f.type.startsWith("__rel_loc"));
      }
      this.#probes.set(ev.id, { nr: t.nr, args: t.args, offs, rel });
      this.#records.probed(t.nr);
    }
    if (this.#probes.size > 0 && this.#opts.putname !== false) this.#setupPutname(pf.file, group);
    if (this.#probes.size === 0) {
      note(
        `cannot create kprobe events (${why}): the tracefs backend shows path and string ` +
          "arguments as addresses",
      );
    } else if (failed.length) {
      note(
        `no kprobe event for ${failed.join(", ")} (${why}): their path and string arguments are ` +
          "shown as addresses",
      );
    }
  }

  /**
   * The putname probe, for strings the entry probes could not read (src/tracefs_probes.ts,
   * putnameDefinition); without it those stay addresses, as they would anyway.
   */
  #setupPutname(file: string, group: string): void {
    if (writeDefinition(file, putnameDefinition(this.arch, group)) !== undefined) return;
    try {
      const ev = this.#format(`${group}/${PUTNAME}`);
      const path = ev.fields.get("path"), uptr = ev.fields.get("uptr");
      if (!path || !uptr || path.type.startsWith("__rel_loc")) return;
      this.#putname = ev.id;
      this.#putnamePath = path.offset;
      this.#putnameUptr = uptr.offset;
    } catch {
      // not in this instance: none
    }
  }

  /** Removes this trace's probes (disabled with the instance first). */
  #removeProbes(): void {
    if (this.#probeGroup === undefined || this.#probeFile === undefined) return;
    removeGroup(this.#root, this.#probeFile, this.#probeGroup);
    this.#probeGroup = undefined;
  }

  /** Realtime and trace clock: a marker written between two clock reads. */
  #syncClock(): void {
    const nowNs = () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    if (this.#print) {
      const typeOff = this.#print.fields.get("common_type")!.offset;
      const pidOff = this.#print.fields.get("common_pid")!.offset;
      const t0 = nowNs();
      let ok = true;
      try {
        writeFile(this.#path("trace_marker"), "mysysdig clock sync");
      } catch {
        ok = false;
      }
      const t1 = nowNs();
      let found: bigint | undefined;
      for (const r of ok ? this.#readers : []) {
        while (this.#readPage(r)) {
          const info = decodePage(this.#view, this.#ph, this.#eh, (delta, off) => {
            if (
              this.#view.getUint16(off + typeOff, true) === this.#print!.id &&
              this.#view.getInt32(off + pidOff, true) === this.#self
            ) found = BigInt(delta);
          });
          if (found !== undefined) {
            found += info.ts;
            break;
          }
        }
        if (found !== undefined) break;
      }
      if (found !== undefined) {
        this.#base = found;
        this.#epochBase = (t0 + t1) / 2n;
        return;
      }
    }
    // no marker: the stats file's "now ts" has microsecond resolution
    const t0 = nowNs();
    const now = this.#traceNow();
    this.#base = now;
    this.#epochBase = t0;
  }

  /** Current trace-clock time, from per_cpu/cpuN/stats (µs resolution). */
  #traceNow(): bigint {
    const cpu = this.#readers[0]?.cpu ?? 0;
    const s = readText(this.#path(`per_cpu/cpu${cpu}/stats`));
    const m = /now ts:\s*(\d+)\.(\d+)/.exec(s);
    if (!m) throw new BackendError(`cannot read the trace clock from ${this.instanceDir}`);
    return BigInt(m[1]) * 1_000_000_000n + BigInt(m[2].padEnd(9, "0").slice(0, 9));
  }

  #setFilters(): void {
    const f = this.#filter;
    const parts: string[] = [];
    if (f.syscalls !== undefined) {
      parts.push(
        f.syscalls.length ? idFilter(f.syscalls) : "id == -1",
      );
    }
    // A name alone is a comm filter; pids and children alone are a pid list
    // (event-fork adds new threads and children, which records() drops again
    // unless --follow). A name with other selectors is an "either" the kernel
    // cannot express: then only the syscall filter is in the kernel and the
    // selection is made here, from what the task events tell.
    const nameOnly = f.procName !== undefined && f.pids.length === 0 && !f.children && !f.follow;
    const usePidList = f.procName === undefined && (f.pids.length > 0 || !!f.children);
    const tids = selfTids();
    let excludeSelf = !usePidList || !!f.children;
    if (nameOnly) {
      if (/["\\\n]/.test(this.#procName!)) {
        throw new BackendError(
          "the tracefs backend cannot filter on a process name containing quotes or backslashes",
        );
      }
      parts.push(`comm == "${this.#procName}"`);
      excludeSelf = this.#task(this.#self).comm === this.#procName;
    }
    if (excludeSelf) parts.push(...tids.map((t) => `common_pid != ${t}`));
    if (parts.length) {
      const expr = parts.join(" && ");
      this.#write("events/raw_syscalls/sys_enter/filter", expr, "the syscall filter");
      this.#write("events/raw_syscalls/sys_exit/filter", expr, "the syscall filter");
    }
    // the probes: the same selection of tasks (their calls are chosen by which probes exist)
    const taskParts = f.syscalls !== undefined ? parts.slice(1) : parts;
    if (this.#probes.size && taskParts.length) {
      this.#write(`events/${this.#probeGroup}/filter`, taskParts.join(" && "), "the probe filter");
    }
    if (usePidList) {
      const list = new Set<number>();
      for (const p of f.pids) for (const t of threadsOf(p)) list.add(t);
      if (f.children) { for (const t of tids) list.add(t); }
      this.#write("options/event-fork", "1", "the event-fork option");
      this.#write("set_event_pid", [...list].join(" "), "the pid filter");
    }
  }

  start(): Promise<void> {
    if (this.#closed) throw new BackendError("the tracefs backend is closed");
    if (this.#started || this.#stopping) return Promise.resolve();
    this.#started = true;
    try {
      if (this.#newtask) this.#write("events/task/task_newtask/enable", "1", "task events");
      if (this.#rename) this.#write("events/task/task_rename/enable", "1", "task events");
      if (this.#exitEv) {
        this.#write("events/sched/sched_process_exit/enable", "1", "thread exit events");
      }
      if (this.#probes.size) {
        this.#write(`events/${this.#probeGroup}/enable`, "1", "the string probes");
      }
      this.#write("events/raw_syscalls/sys_exit/enable", "1", "the sys_exit event");
      this.#write("events/raw_syscalls/sys_enter/enable", "1", "the sys_enter event");
      this.#write("tracing_on", "1", "tracing_on");
    } catch (e) {
      this.#closeSync();
      throw e;
    }
    return Promise.resolve();
  }

  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    if (!this.#closed) {
      try {
        writeFile(this.#path("tracing_on"), "0");
      } catch {
        // close() removes the instance anyway
      }
    }
    this.#wake?.();
  }

  /** Reads one page into #page; false when the CPU's buffer is empty. */
  #readPage(r: CpuReader): boolean {
    if (this.#shim) {
      // the shim's read() says "empty" with 0, where node:fs throws an EAGAIN error per call
      const n = Number(this.#shim.msd_read(r.fd, this.#page, BigInt(this.#page.length)));
      if (n < 0) {
        throw new BackendError(
          `reading cpu${r.cpu}/trace_pipe_raw failed: ${errnoName(-n) ?? `errno ${-n}`}`,
        );
      }
      if (n === 0) return false;
      if (n < this.#page.length) this.#page.fill(0, n);
      return true;
    }
    try {
      const n = fs.readSync(r.fd, this.#page, 0, this.#page.length, null);
      if (n <= 0) return false;
      if (n < this.#page.length) this.#page.fill(0, n);
      return true;
    } catch (e) {
      if (errnoCode(e) === "EAGAIN") return false;
      throw new BackendError(`reading cpu${r.cpu}/trace_pipe_raw failed: ${message(e)}`);
    }
  }

  #kernelLost(cpu: number): { overrun: bigint; other: bigint } {
    try {
      const s = readText(this.#path(`per_cpu/cpu${cpu}/stats`));
      const num = (k: string) => BigInt(new RegExp(`^${k}:\\s*(\\d+)`, "m").exec(s)?.[1] ?? "0");
      return { overrun: num("overrun"), other: num("commit overrun") + num("dropped events") };
    } catch {
      return { overrun: 0n, other: 0n };
    }
  }

  /** Room for one more event in r's queue: the index of its first word; `key` is its time. */
  #push(r: CpuReader, key: number): number {
    if (r.len === r.keys.length) {
      const keys = new Float64Array(r.keys.length * 2);
      keys.set(r.keys);
      const rows = new Uint32Array(r.rows.length * 2);
      rows.set(r.rows);
      r.keys = keys;
      r.rows = rows;
    }
    r.keys[r.len] = key;
    return r.len++ * ROW;
  }

  /** Decodes the page in #page into r's queue; returns the bytes of events the page held. */
  #decode(r: CpuReader): number {
    const view = this.#view;
    const bytes = this.#page;
    const enter = this.#enter, exit = this.#exit;
    const typeOff = enter.fields.get("common_type")!.offset;
    const enterPid = enter.fields.get("common_pid")!.offset;
    const exitPid = exit.fields.get("common_pid")!.offset;
    const enterId = enter.fields.get("id")!.offset;
    const exitId = exit.fields.get("id")!.offset;
    const args = enter.fields.get("args")!;
    const argSize = args.size / (args.arrayLen ?? 6);
    const ret = exit.fields.get("ret")!;
    const nt = this.#newtask, rn = this.#rename, ex = this.#exitEv;
    const f = (ev: EventFormat | undefined, n: string): FieldFormat | undefined =>
      ev?.fields.get(n);
    const ntPid = f(nt, "pid"), ntComm = f(nt, "comm"), ntFlags = f(nt, "clone_flags");
    const rnPid = f(rn, "pid"), rnComm = f(rn, "newcomm"), rnOld = f(rn, "oldcomm");
    const exPid = f(ex, "pid");
    const probes = this.#probes;
    let p: ProbeEvent | undefined;
    const pageKey = Number(pageTimestamp(view, this.#ph) - this.#base);
    const queued = r.len;
    const info = decodePage(view, this.#ph, this.#eh, (delta, off) => {
      const type = view.getUint16(off + typeOff, true);
      const key = pageKey + delta;
      if (type === enter.id) {
        const i = this.#push(r, key);
        const w = r.rows;
        w[i] = EV_ENTER;
        w[i + 1] = view.getInt32(off + enterPid, true);
        w[i + 2] = view.getInt32(off + enterId, true);
        const ao = off + args.offset;
        if (argSize === 8) {
          for (let k = 0; k < 12; k++) w[i + 3 + k] = view.getUint32(ao + 4 * k, true);
        } else {
          for (let k = 0; k < 6; k++) {
            w[i + 3 + 2 * k] = view.getUint32(ao + argSize * k, true);
            w[i + 4 + 2 * k] = 0;
          }
        }
      } else if (type === exit.id) {
        const i = this.#push(r, key);
        const w = r.rows;
        w[i] = EV_EXIT;
        w[i + 1] = view.getInt32(off + exitPid, true);
        w[i + 2] = view.getInt32(off + exitId, true);
        const lo = view.getInt32(off + ret.offset, true);
        w[i + 3] = lo;
        w[i + 4] = ret.size === 8 ? view.getUint32(off + ret.offset + 4, true) : lo >> 31;
      } else if (type === this.#putname) {
        const tid = view.getInt32(off + enterPid, true);
        if (this.#faulted.size && this.#faulted.has(tid)) this.#pushName(r, key, off, tid);
      } else if (probes.size && (p = probes.get(type)) !== undefined) {
        this.#pushStrings(r, key, off, view.getInt32(off + enterPid, true), p);
      } else if (nt && type === nt.id && ntPid && ntComm && ntFlags) {
        this.#pushTask(r, key, {
          kind: "newtask",
          tid: view.getInt32(off + enterPid, true),
          child: view.getInt32(off + ntPid.offset, true),
          comm: cstring(bytes, off + ntComm.offset, ntComm.size),
          thread: (view.getBigUint64(off + ntFlags.offset, true) & CLONE_THREAD) !== 0n,
        });
      } else if (rn && type === rn.id && rnPid && rnComm) {
        const tid = view.getInt32(off + rnPid.offset, true);
        // /proc, read later for a task not seen yet, will show the new name
        if (rnOld && !this.#tasks.has(tid) && !this.#firstComm.has(tid)) {
          this.#firstComm.set(tid, cstring(bytes, off + rnOld.offset, rnOld.size));
        }
        this.#pushTask(r, key, {
          kind: "rename",
          tid,
          child: 0,
          comm: cstring(bytes, off + rnComm.offset, rnComm.size),
          thread: false,
        });
      } else if (ex && type === ex.id && exPid) {
        this.#pushTask(r, key, {
          kind: "exit",
          tid: view.getInt32(off + exPid.offset, true),
          child: 0,
          comm: "",
          thread: false,
        });
      }
    });
    if (info.missed) {
      let lost = info.lost;
      if (lost === undefined) {
        // the count did not fit in the page: the kernel's counter has it
        const k = this.#kernelLost(r.cpu).overrun;
        lost = k > r.lostPages ? k - r.lostPages : 1n;
      }
      this.#pushDrop(r, pageKey, lost, queued);
      r.lostPages += lost;
    }
    return info.length;
  }

  /** Queues a probe event's strings (from the event at `off` in #page). */
  #pushStrings(r: CpuReader, key: number, off: number, tid: number, p: ProbeEvent): void {
    const view = this.#view, page = this.#page;
    const i = this.#push(r, key);
    const w = r.rows;
    w[i] = EV_STRS;
    w[i + 1] = tid;
    w[i + 2] = p.nr;
    w[i + 3] = p.args.length;
    let fault = false;
    for (let j = 0; j < p.args.length; j++) {
      const loc = view.getUint32(off + p.offs[j], true);
      const len = loc >>> 16;
      const start = off + (loc & 0xffff) + (p.rel[j] ? p.offs[j] + 4 : 0);
      let flags = 0, n = 0;
      if (len === 0 || start + len > page.length) {
        flags = IF_FAULT; // ftrace stores a string it could not read as empty
        fault = true;
      } else {
        n = this.#copyString(r, start, len);
        if (n === len || n >= PATH_MAX - 1) flags = IF_TRUNC;
      }
      w[i + 4 + 3 * j] = p.args[j] | (flags << 8);
      w[i + 5 + 3 * j] = r.strLen;
      w[i + 6 + 3 * j] = n;
      r.strLen += n;
    }
    if (fault) this.#faulted.add(tid);
    else if (this.#faulted.size) this.#faulted.delete(tid);
  }

  /**
   * Copies the string at `start` in #page (at most `len` bytes, up to its NUL, at most PATH_MAX)
   * to the end of r's string bytes, without advancing `strLen`; returns its length.
   */
  #copyString(r: CpuReader, start: number, len: number): number {
    const page = this.#page;
    const max = Math.min(len, PATH_MAX);
    if (r.strLen + max > r.strs.length) {
      const nb = new Uint8Array(Math.max(r.strLen + max, r.strs.length * 2, 4096));
      nb.set(r.strs.subarray(0, r.strLen));
      r.strs = nb;
    }
    const d = r.strs, at = r.strLen;
    let n = 0;
    for (; n < max; n++) {
      const c = page[start + n];
      if (c === 0) break;
      d[at + n] = c;
    }
    return n;
  }

  /** Queues the putname probe's path (from the event at `off` in #page). */
  #pushName(r: CpuReader, key: number, off: number, tid: number): void {
    const view = this.#view, page = this.#page;
    const loc = view.getUint32(off + this.#putnamePath, true);
    const len = loc >>> 16;
    const start = off + (loc & 0xffff);
    if (len === 0 || start + len > page.length) return; // nothing read: nothing to offer
    const n = this.#copyString(r, start, len);
    const flags = n === len || n >= PATH_MAX - 1 ? IF_TRUNC : 0;
    const i = this.#push(r, key);
    const w = r.rows;
    w[i] = EV_NAME;
    w[i + 1] = tid;
    w[i + 2] = 0;
    w[i + 3] = view.getUint32(off + this.#putnameUptr, true);
    w[i + 4] = view.getUint32(off + this.#putnameUptr + 4, true);
    w[i + 5] = r.strLen;
    w[i + 6] = n;
    w[i + 7] = flags;
    r.strLen += n;
  }

  #pushTask(r: CpuReader, key: number, ev: TaskEvent): void {
    const id = this.#taskSeq++;
    this.#taskEvents.set(id, ev);
    const i = this.#push(r, key);
    r.rows[i] = EV_TASK;
    r.rows[i + 3] = id;
  }

  /** Queues a drop marker before the event at index `at` (default: at the end). */
  #pushDrop(r: CpuReader, key: number, lost: bigint, at = r.len): void {
    this.#push(r, key);
    if (at < r.len - 1) {
      r.rows.copyWithin((at + 1) * ROW, at * ROW, (r.len - 1) * ROW);
      r.keys.copyWithin(at + 1, at, r.len - 1);
      r.keys[at] = key;
    }
    const i = at * ROW;
    r.rows.fill(0, i, i + ROW);
    r.rows[i] = EV_DROP;
    r.rows[i + 3] = Number(lost & 0xffffffffn);
    r.rows[i + 4] = Number(lost >> 32n);
  }

  /** A task's identity, with its comm as the records hold it. */
  #info(tgid: number, comm: string): TaskInfo {
    const [c0, c1, c2, c3] = commWords(comm);
    return { tgid, comm, c0, c1, c2, c3, named: comm === this.#procName, sel: false, selGen: -1 };
  }

  /** Thread group and comm of a thread, from what is known or /proc. */
  #task(tid: number): TaskInfo {
    let t = this.#tasks.get(tid);
    if (t) return t;
    try {
      const status = readText(`/proc/${tid}/status`);
      const tgid = Number(/^Tgid:\s*(\d+)/m.exec(status)?.[1] ?? tid);
      const comm = this.#firstComm.get(tid) ?? readText(`/proc/${tid}/comm`).replace(/\n$/, "");
      t = this.#info(tgid, comm);
    } catch {
      // gone before we looked: the kernel's saved comms, and tid as tgid
      const now = performance.now();
      if (!this.#savedCmdlines.has(tid) && now - this.#savedReadAt > 100) {
        this.#savedReadAt = now;
        try {
          for (const line of readText(`${this.#root}/saved_cmdlines`).split("\n")) {
            const sp = line.indexOf(" ");
            if (sp > 0) this.#savedCmdlines.set(Number(line.slice(0, sp)), line.slice(sp + 1));
          }
        } catch {
          // not readable: "<...>" as ftrace prints it
        }
      }
      t = this.#info(tid, this.#firstComm.get(tid) ?? this.#savedCmdlines.get(tid) ?? "<...>");
    }
    this.#firstComm.delete(tid);
    this.#tasks.set(tid, t);
    return t;
  }

  /** Applies a task event. */
  #apply(ev: TaskEvent): void {
    if (ev.kind === "exit") {
      // its state goes (a tid reused later is looked up afresh); a call it was in never returns
      this.#tasks.delete(ev.tid);
      this.#firstComm.delete(ev.tid);
      this.#lastTask = undefined;
      this.#records.gone(ev.tid);
      return;
    }
    if (ev.kind === "rename") {
      const t = this.#task(ev.tid);
      this.#tasks.set(ev.tid, this.#info(t.tgid, ev.comm));
      this.#lastTask = undefined;
      return;
    }
    const parent = this.#task(ev.tid);
    const tgid = ev.thread ? parent.tgid : ev.child;
    this.#tasks.set(ev.child, this.#info(tgid, ev.comm));
    this.#lastTask = undefined;
    if (ev.thread) return;
    const f = this.#filter;
    if (
      (parent.tgid === this.#self && f.children) ||
      ((f.follow || f.children) && parent.tgid !== this.#self &&
        (this.#allowed.has(parent.tgid) || parent.comm === this.#procName))
    ) {
      this.#allowed.add(ev.child);
      this.#allowedGen++;
    }
  }

  /** The task of `tid` when its records are selected. */
  #selected(tid: number): TaskInfo | undefined {
    let t = this.#lastTask;
    if (t === undefined || this.#lastTid !== tid) {
      t = this.#task(tid);
      this.#lastTid = tid;
      this.#lastTask = t;
    }
    if (t.selGen !== this.#allowedGen) {
      t.sel = t.tgid !== this.#self &&
        (this.#selectAll || t.named || this.#allowed.has(t.tgid));
      t.selGen = this.#allowedGen;
    }
    return t.sel ? t : undefined;
  }

  /**
   * Moves queued events up to `limit` into #records, in time order; task events update what is
   * known of the tasks. False when everything below `limit` was taken, true when #records filled
   * up first.
   */
  #emit(limit: number): boolean {
    const rs = this.#readers;
    const nrs = rs.length;
    const out = this.#records;
    for (;;) {
      if (out.full()) return true;
      let best: CpuReader | undefined;
      let bestKey = limit;
      for (let c = 0; c < nrs; c++) {
        const r = rs[c];
        if (r.head < r.len) {
          const k = r.keys[r.head];
          if (k <= bestKey && (best === undefined || k < bestKey)) {
            best = r;
            bestKey = k;
          }
        }
      }
      if (best === undefined) return false;
      const i = best.head++ * ROW;
      const q = best.rows;
      const type = q[i];
      if (type === EV_TASK) {
        const id = q[i + 3];
        const ev = this.#taskEvents.get(id);
        this.#taskEvents.delete(id);
        if (ev) this.#apply(ev);
      } else if (type === EV_DROP) {
        out.drop(bestKey, best.cpu, q[i + 3], q[i + 4]);
      } else if (type === EV_NAME) {
        const tid = q[i + 1];
        if (this.#selected(tid) !== undefined) {
          out.kernelString(tid, q[i + 3], q[i + 4], best.strs, q[i + 5], q[i + 6], q[i + 7]);
        }
      } else if (type === EV_STRS) {
        const tid = q[i + 1];
        if (this.#selected(tid) !== undefined) {
          out.strings(tid, q[i + 2] | 0, q[i + 3], q, i + 4, best.strs);
        }
      } else {
        const tid = q[i + 1];
        const t = this.#selected(tid);
        if (t === undefined) continue;
        best.recorded++;
        if (type === EV_ENTER) out.enter(bestKey, best.cpu, t, tid, q[i + 2] | 0, q, i + 3);
        else out.exit(bestKey, best.cpu, t, tid, q[i + 2] | 0, q[i + 3], q[i + 4]);
      }
    }
  }

  /** Drops what the queues hold before their heads. */
  #compact(): void {
    for (const r of this.#readers) {
      if (r.head === 0) continue;
      if (r.head === r.len) {
        r.head = r.len = 0;
        r.strLen = 0;
      } else if (r.head > 8192 || r.head * 2 > r.len) {
        if (r.strLen) this.#compactStrings(r);
        r.rows.copyWithin(0, r.head * ROW, r.len * ROW);
        r.keys.copyWithin(0, r.head, r.len);
        r.len -= r.head;
        r.head = 0;
      }
    }
  }

  /** Drops the strings of the rows before r's head (the rows after it point past them). */
  #compactStrings(r: CpuReader): void {
    const q = r.rows;
    let first = -1;
    for (let k = r.head; k < r.len && first < 0; k++) {
      if (q[k * ROW] === EV_STRS && q[k * ROW + 3] > 0) first = q[k * ROW + 5];
      else if (q[k * ROW] === EV_NAME) first = q[k * ROW + 5];
    }
    if (first < 0) {
      r.strLen = 0;
      return;
    }
    if (first === 0) return;
    r.strs.copyWithin(0, first, r.strLen);
    r.strLen -= first;
    for (let k = r.head; k < r.len; k++) {
      const b = k * ROW;
      if (q[b] === EV_NAME) q[b + 5] -= first;
      if (q[b] !== EV_STRS) continue;
      for (let j = 0; j < q[b + 3]; j++) q[b + 5 + 3 * j] -= first;
    }
  }

  /** The trace clock relative to #base, -Infinity when it cannot be read. */
  #now(): number {
    try {
      return Number(this.#traceNow() - this.#base);
    } catch {
      return -Infinity;
    }
  }

  /**
   * One round over the CPUs: each is read until its buffer is empty or PAGES_PER_ROUND pages.
   * Returns the pages read; `#roundBytes` gets their events' bytes and `#behind` whether a CPU
   * had more than the round took.
   */
  #poll(): number {
    let pages = 0, bytes = 0;
    let behind = false;
    // The clock moves an empty CPU's horizon, which matters only while records wait for it:
    // with nothing held anywhere, an idle round reads no stats file.
    let now = NaN;
    if (this.#readers.some((r) => r.len > r.head)) now = this.#now();
    for (const r of this.#readers) {
      let n = 0;
      let empty = false;
      while (n < PAGES_PER_ROUND) {
        if (!this.#readPage(r)) {
          empty = true;
          break;
        }
        bytes += this.#decode(r);
        n++;
      }
      if (!empty) behind = true;
      pages += n;
      const last = r.len > r.head ? r.keys[r.len - 1] : r.horizon;
      r.horizon = empty && !Number.isNaN(now) ? Math.max(last, now - EMPTY_CPU_SLACK) : last;
    }
    if (Number.isNaN(now) && pages > 0) {
      // a CPU read earlier in the round found records after all: let the empty ones advance
      now = this.#now();
      for (const r of this.#readers) {
        if (r.len <= r.head) r.horizon = Math.max(r.horizon, now - EMPTY_CPU_SLACK);
      }
    }
    this.#roundBytes = bytes;
    this.#behind = behind;
    return pages;
  }

  /**
   * How long to sleep after a light round (ms): long enough for the buffers to fill a quarter at
   * the rate the round saw, at least 1 ms and at most the poll interval.
   */
  #catchUpSleep(elapsedMs: number): number {
    const rate = this.#roundBytes / Math.max(elapsedMs, 1); // bytes per ms, all CPUs
    if (rate <= 0) return this.#pollMs;
    const quarter = this.#bufferBytes / 4;
    return Math.max(1, Math.min(this.#pollMs, Math.floor(quarter / rate)));
  }

  /** Adds drops the pages cannot report (nested-writer or no-room losses). */
  #finalDrops(): void {
    for (const r of this.#readers) {
      const other = this.#kernelLost(r.cpu).other;
      if (other > r.lostOther) {
        const key = r.len ? r.keys[r.len - 1] : r.horizon;
        this.#pushDrop(r, key, other - r.lostOther);
        r.lostOther = other;
      }
    }
  }

  /** Threads whose identity the backend holds (for diagnostics and tests). */
  get knownTasks(): number {
    return this.#tasks.size;
  }

  /**
   * The selected events as the module's records (completed syscalls, or entries and exits with
   * `events: "both"`; drops), in time order, as bytes: see RawBatch. Each batch is valid until
   * the next is asked for; `ts + info.realtimeOffset` is ns since the epoch.
   */
  async *rawBatches(): AsyncIterableIterator<RawBatch> {
    let breath = performance.now();
    let idleMs = this.#pollMs;
    let roundAt = performance.now();
    while (!this.#closed) {
      const stopping = this.#stopping;
      const pages = this.#poll();
      const t = performance.now();
      const elapsed = t - roundAt;
      roundAt = t;
      if (stopping && pages === 0) {
        // tracing is off and every buffer is empty: release the rest
        this.#finalDrops();
        while (this.#emit(Infinity)) yield* this.#take();
        while (this.#records.finish()) yield* this.#take();
        yield* this.#take();
        return;
      }
      let limit = Infinity;
      for (const r of this.#readers) limit = Math.min(limit, r.horizon);
      let emitted = false;
      while (this.#emit(limit)) {
        emitted = true;
        yield* this.#take();
      }
      this.#compact();
      for (const b of this.#take()) {
        emitted = true;
        yield b;
      }
      if (this.#closed) return;
      if (this.#stopping && !stopping) continue;
      // A CPU with more than the round took, or a round of many pages: read on at once, but let
      // timers (the caller's flushes) run every 50 ms. A light round: sleep until the buffers
      // are a quarter full at the rate it saw (at most the poll interval), so that the next round
      // finds whole pages rather than a few events per read(). Idle: back off to 100 ms.
      const busy = this.#behind || pages >= this.#readers.length * 4;
      if (busy && performance.now() - breath < 50) continue;
      idleMs = pages > 0 || emitted
        ? this.#catchUpSleep(elapsed)
        : Math.min(idleMs * 2, this.#idleMaxMs);
      await new Promise<void>((resolve) => {
        const id = setTimeout(() => {
          this.#wake = undefined;
          resolve();
        }, busy ? 0 : idleMs);
        this.#wake = () => {
          clearTimeout(id);
          this.#wake = undefined;
          resolve();
        };
      });
      breath = performance.now();
    }
  }

  /** What #records holds, if anything. */
  *#take(): Generator<RawBatch> {
    const b = this.#records.take();
    if (b) yield b;
  }

  /** The selected events as objects (decoded from rawBatches()), in time order. */
  batches(): AsyncIterableIterator<TraceRecord[]> {
    return decodedBatches(this.rawBatches(), this.info.realtimeOffset);
  }

  records(): AsyncIterableIterator<TraceRecord> {
    return recordsOf(this.batches());
  }

  stats(): TraceStats {
    const perCpu: Array<CpuStats | undefined> = [];
    let seen = 0n, recorded = 0n, dropped = 0n;
    for (const r of this.#readers) {
      const d = r.lostPages + r.lostOther;
      const rec = BigInt(r.recorded);
      perCpu[r.cpu] = { seen: rec + d, recorded: rec, dropped: d };
      seen += rec + d;
      recorded += rec;
      dropped += d;
    }
    return { seen, recorded, dropped, perCpu };
  }

  #closeSync(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopping = true;
    globalThis.removeEventListener("unload", this.#unload);
    for (const sig of SIGNALS) Deno.removeSignalListener(sig, this.#onSignal);
    for (const r of this.#readers) {
      try {
        fs.closeSync(r.fd);
      } catch {
        // already closed
      }
    }
    this.#wake?.();
    try {
      removeInstanceSync(this.instanceDir);
    } finally {
      this.#removeProbes();
    }
  }

  /**
   * Once the instance exists: a normal exit removes it, and SIGINT or
   * SIGTERM stop the trace so that the caller's close() runs.
   */
  guard(): void {
    globalThis.addEventListener("unload", this.#unload);
    for (const sig of SIGNALS) Deno.addSignalListener(sig, this.#onSignal);
  }

  close(): Promise<void> {
    try {
      this.#closeSync();
    } catch (e) {
      return Promise.reject(e);
    }
    return Promise.resolve();
  }
}

/** What {@linkcode openTracefs} returns: a Backend that also hands out the module's records. */
export type TracefsBackendHandle = Backend & {
  /** Directory of the private instance. */
  readonly instanceDir: string;
  /** `ts + realtimeOffset` of a record is ns since the epoch. */
  readonly info: { realtimeOffset: bigint };
  /** The selected events as the module's records, in time order (see TracefsBackend). */
  rawBatches(): AsyncIterableIterator<RawBatch>;
  /** Threads whose identity the backend holds. */
  readonly knownTasks: number;
};

/**
 * Opens the tracefs backend: mounts tracefs if needed, removes instances
 * left by killed tracers, creates a private instance and sets the filter in
 * the kernel. Recording begins at `start()`. Throws a
 * {@linkcode BackendError} with what to do when tracefs is missing or
 * unusable.
 *
 * @example
 * ```ts
 * const b = await openTracefs({ pids: [1234], follow: false });
 * Deno.addSignalListener("SIGINT", () => b.stop());
 * await b.start();
 * try {
 *   for await (const r of b.records()) console.log(r);
 * } finally {
 *   await b.close();
 * }
 * ```
 */
export async function openTracefs(
  filter: Filter,
  opts: TracefsOptions = {},
): Promise<TracefsBackendHandle> {
  const nameOnly = filter.procName !== undefined && filter.pids.length === 0 &&
    !filter.children && !filter.follow;
  if (!nameOnly && !inInitPidNamespace()) {
    // ftrace's pid filters take the kernel's pids: ours would select the wrong processes
    // (or none) and fail to leave this process out
    throw new BackendError(
      "the tracefs backend cannot select processes by pid inside a pid namespace, whose pids " +
        "are not the kernel's: use --proc-name alone, load the module (--backend kmod), or " +
        "run mysysdig in the host's pid namespace",
    );
  }
  const root = findTracefs(opts.tracefsDir);
  cleanupStaleInstances(root);
  // Listen before the instance exists: a signal from here on stops the
  // trace instead of killing the process with the instance left behind.
  let signalled = false;
  const early = () => signalled = true;
  for (const sig of SIGNALS) Deno.addSignalListener(sig, early);
  let b: TracefsBackend;
  try {
    let name: string | undefined;
    for (let attempt = 0; attempt < 100 && name === undefined; attempt++) {
      const n = opts.instanceName ?? `${INSTANCE_PREFIX}${Deno.pid}-${instanceCounter++}`;
      try {
        Deno.mkdirSync(`${root}/instances/${n}`);
        name = n;
      } catch (e) {
        const code = errnoCode(e);
        if (code === "EEXIST" && opts.instanceName === undefined) continue;
        if (code === "EACCES" || code === "EPERM") {
          throw new BackendError(
            `cannot create a tracefs instance in ${root}: permission denied; run mysysdig as root`,
          );
        }
        throw new BackendError(
          `cannot create tracefs instance ${root}/instances/${n}: ${message(e)}`,
        );
      }
    }
    if (name === undefined) throw new BackendError(`cannot find a free instance name in ${root}`);
    b = new TracefsBackend(root, name, filter, opts);
    b.guard();
  } finally {
    for (const sig of SIGNALS) Deno.removeSignalListener(sig, early);
  }
  try {
    b.setup();
  } catch (e) {
    await b.close().catch(() => {});
    if (e instanceof BackendError) throw e;
    throw new BackendError(`setting up tracefs instance ${b.instanceDir} failed: ${message(e)}`, {
      cause: e,
    });
  }
  if (signalled) b.stop();
  return b;
}
