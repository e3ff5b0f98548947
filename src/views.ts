/**
 * `--view`: sysdig's most-used summaries of a trace, by syscall (with a latency histogram), by
 * process, by file and by error. Each view aggregates completed syscalls as they come, keyed by
 * numbers (syscall number, pid, pid and fd, syscall number and errno): no string is made per
 * event. A view holds at most `maxKeys` rows; what comes after is folded into one "other" row,
 * so memory grows with the number of distinct keys, never with the length of the trace.
 *
 * ```ts
 * import { createView } from "./views.ts";
 * const v = createView("procs", "x86_64");
 * // v.add(record) for each completed syscall, then:
 * console.log(v.format().join("\n"));
 * ```
 *
 * @module
 */
import type { Arch, TraceRecord } from "./record.ts";
import { syscallName } from "./syscalls.ts";
import { argSpecs } from "./decode.ts";
import { errnoName } from "./errno.ts";
import { decodeSockaddr } from "./decode.ts";

/** The views `--view` chooses between. */
export const VIEWS = ["syscalls", "procs", "files", "errors"] as const;
/** A view's name. */
export type ViewName = typeof VIEWS[number];

/**
 * Names an open file descriptor of a process at the time of the call, or undefined when it is
 * not known (the files view then shows the row as `PID:fd N`).
 */
export type FdResolver = (pid: number, fd: number) => string | undefined;

/** The resolver used until fd tracking names descriptors: it knows none. */
export function noFdNames(_pid: number, _fd: number): string | undefined {
  return undefined;
}

/** Rows a view keeps before folding new keys into "other". */
export const DEFAULT_MAX_KEYS = 10_000;

/** Options of {@linkcode createView}. */
export interface ViewOptions {
  /** At most this many rows (default 10,000); later keys go into the "other" row. */
  maxKeys?: number;
  /** Names file descriptors (the files view, and the errors view's example). */
  fdName?: FdResolver;
}

/** A view: fed completed syscalls, formatted as a table when asked. */
export interface View {
  /** The view's name. */
  readonly name: ViewName;
  /** Counts one record (completed syscalls; drops are counted as lost events). */
  add(r: TraceRecord): void;
  /** Completed syscalls counted. */
  readonly calls: number;
  /** Events the backend lost (drop records seen). */
  readonly lost: bigint;
  /** Events folded into the "other" row because the table was full. */
  readonly folded: number;
  /**
   * The table as lines: a header, at most `maxRows` rows (all by default), the "other" row
   * when there is one, and a total line when the view has one.
   */
  format(maxRows?: number): string[];
}

/** Log2 buckets of a duration in ns: bucket b holds [2^b, 2^(b+1)) (0 and 1 ns in bucket 0). */
export const LAT_BUCKETS = 48;

/** The log2 bucket of a duration of `ns` nanoseconds (a whole number >= 0). */
export function latBucket(ns: number): number {
  if (ns < 2) return 0;
  const b = ns < 4294967296 ? 31 - Math.clz32(ns) : 63 - Math.clz32(Math.floor(ns / 4294967296));
  return b < LAT_BUCKETS ? b : LAT_BUCKETS - 1;
}

/**
 * The histogram column: 12 characters (· for none), each two log2 buckets wide: <1us, 1us, 4us, 16us, 65us,
 * 262us, 1ms, 4ms, 16ms, 67ms, 268ms, >=1s (character k counts [2^(2k+8), 2^(2k+10)) ns, the
 * first everything shorter, the last everything longer).
 */
export const SPARK_COLUMNS = 12;
const SPARK = "·▁▂▃▄▅▆▇█";

/** The sparkline column of a log2 histogram, each character scaled to the fullest one. */
export function sparkline(hist: ArrayLike<number>): string {
  const cols = new Array<number>(SPARK_COLUMNS).fill(0);
  for (let b = 0; b < hist.length; b++) {
    const k = Math.min(SPARK_COLUMNS - 1, Math.max(0, (b - 8) >> 1));
    cols[k] += hist[b];
  }
  const max = Math.max(...cols);
  return cols.map((c) => SPARK[c === 0 ? 0 : Math.max(1, Math.ceil((c * 8) / max))]).join("");
}

/**
 * The duration at quantile `q` (0..1) of a log2 histogram: the rank's bucket, interpolated
 * linearly inside it, never beyond `maxNs`. The true quantile lies in the same bucket.
 */
export function quantileNs(hist: ArrayLike<number>, q: number, maxNs: number): number {
  let n = 0;
  for (let b = 0; b < hist.length; b++) n += hist[b];
  if (n === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let b = 0; b < hist.length; b++) {
    if (seen + hist[b] >= rank) {
      const lo = b === 0 ? 0 : 2 ** b;
      const hi = 2 ** (b + 1) - 1;
      const v = Math.floor(lo + ((hi - lo) * (rank - seen)) / hist[b]);
      return Math.min(v, maxNs);
    }
    seen += hist[b];
  }
  return maxNs;
}

/** True for a result in -4095..-1. */
function failed(ret: bigint): boolean {
  return ret < 0n && ret >= -4095n;
}

const sec = (ns: number) => (ns / 1e9).toFixed(6);
const usec = (ns: number) => Math.round(ns / 1000).toString();

/** A table with at most `max` keys; keys beyond go to `other`. */
class Capped<K, R> {
  readonly rows = new Map<K, R>();
  other?: R;
  folded = 0;
  constructor(readonly max: number, readonly make: (k: K | undefined) => R) {}

  /** The row of `k`, or "other" when the table is full and `k` is new. */
  get(k: K): R {
    let row = this.rows.get(k);
    if (row) return row;
    if (this.rows.size < this.max) {
      this.rows.set(k, row = this.make(k));
      return row;
    }
    this.folded++;
    return this.other ??= this.make(undefined);
  }
}

abstract class Base {
  calls = 0;
  lost = 0n;
  protected abstract readonly table: { folded: number };

  get folded(): number {
    return this.table.folded;
  }

  /** Completed calls go to `count`; drops to `lost`. */
  add(r: TraceRecord): void {
    if (r.kind === "syscall") {
      if (r.ret === undefined) return;
      this.calls++;
      this.count(r.pid, r.nr, r.ret, Number(r.ts - r.enterTs), r);
    } else if (r.kind === "drop") this.lost += r.lost;
  }

  protected abstract count(
    pid: number,
    nr: number,
    ret: bigint,
    ns: number,
    r: Extract<TraceRecord, { kind: "syscall" }>,
  ): void;
}

// ---- by syscall -------------------------------------------------------------

/** One row of the syscalls view. */
export interface SyscallRow {
  /** Syscall number; undefined for the "other" row. */
  nr?: number;
  /** Completed calls. */
  calls: number;
  /** Calls that failed. */
  errors: number;
  /** Sum of durations, ns. */
  totalNs: number;
  /** Longest call, ns. */
  maxNs: number;
  /** Calls per log2 bucket of their duration ({@linkcode latBucket}). */
  hist: Float64Array;
}

/** By syscall: -c's columns, p50 and p99, and a histogram of durations. */
export class SyscallView extends Base implements View {
  readonly name = "syscalls";
  protected readonly table: Capped<number, SyscallRow>;
  #arch: Arch;

  /** A view of `arch`'s syscalls. */
  constructor(arch: Arch, opts: ViewOptions = {}) {
    super();
    this.#arch = arch;
    this.table = new Capped(opts.maxKeys ?? DEFAULT_MAX_KEYS, (nr) => ({
      nr,
      calls: 0,
      errors: 0,
      totalNs: 0,
      maxNs: 0,
      hist: new Float64Array(LAT_BUCKETS),
    }));
  }

  protected count(_pid: number, nr: number, ret: bigint, ns: number): void {
    const row = this.table.get(nr);
    row.calls++;
    if (failed(ret)) row.errors++;
    row.totalNs += ns;
    if (ns > row.maxNs) row.maxNs = ns;
    row.hist[latBucket(ns)]++;
  }

  /** The rows by total time, longest first (then by name); "other" apart. */
  rows(): { rows: SyscallRow[]; other?: SyscallRow } {
    const name = (r: SyscallRow) => syscallName(this.#arch, r.nr!);
    const rows = [...this.table.rows.values()].sort((a, b) =>
      b.totalNs - a.totalNs || name(a).localeCompare(name(b))
    );
    return { rows, other: this.table.other };
  }

  format(maxRows = Infinity): string[] {
    const { rows, other } = this.rows();
    const all = other ? [...rows, other] : rows;
    const total = all.reduce((a, r) => a + r.totalNs, 0);
    const line = (cells: string[], name: string) =>
      [6, 11, 11, 9, 9, 11, 9, 9].map((w, i) => cells[i].padStart(w)).join(" ") +
      ` ${cells[8].padEnd(SPARK_COLUMNS)} ${name}`;
    const dash = (w: number) => "-".repeat(w);
    const rule = line([6, 11, 11, 9, 9, 11, 9, 9].map(dash).concat(dash(SPARK_COLUMNS)), dash(16));
    const out = [
      line(
        [
          "% time",
          "seconds",
          "usecs/call",
          "p50 us",
          "p99 us",
          "max usecs",
          "calls",
          "errors",
          "<1us....>=1s",
        ],
        "syscall",
      ),
      rule,
    ];
    const row = (r: SyscallRow, name: string) => {
      const pct = total ? ((r.totalNs * 100) / total).toFixed(2) : "0.00";
      return line([
        pct,
        sec(r.totalNs),
        usec(r.totalNs / (r.calls || 1)),
        usec(quantileNs(r.hist, 0.5, r.maxNs)),
        usec(quantileNs(r.hist, 0.99, r.maxNs)),
        usec(r.maxNs),
        String(r.calls),
        r.errors ? String(r.errors) : "",
        sparkline(r.hist),
      ], name);
    };
    for (const r of rows.slice(0, maxRows)) out.push(row(r, syscallName(this.#arch, r.nr!)));
    if (other) out.push(row(other, `(other: ${this.folded} calls)`));
    const calls = all.reduce((a, r) => a + r.calls, 0);
    const errors = all.reduce((a, r) => a + r.errors, 0);
    out.push(rule);
    out.push(
      line([
        "100.00",
        sec(total),
        usec(total / (calls || 1)),
        "",
        "",
        "",
        String(calls),
        errors ? String(errors) : "",
        "",
      ], "total"),
    );
    return out;
  }
}

// ---- by process -------------------------------------------------------------

/** One row of the processes view. */
export interface ProcRow {
  /** Thread group id; undefined for "other". */
  pid?: number;
  /** The process's name at its latest call. */
  comm: string;
  /** Completed calls. */
  calls: number;
  /** Calls that failed. */
  errors: number;
  /** Time in syscalls, ns (threads summed). */
  totalNs: number;
}

/** By process: pid, name, calls, errors, time in syscalls. */
export class ProcView extends Base implements View {
  readonly name = "procs";
  protected readonly table: Capped<number, ProcRow>;

  /** A view of processes. */
  constructor(_arch: Arch, opts: ViewOptions = {}) {
    super();
    this.table = new Capped(
      opts.maxKeys ?? DEFAULT_MAX_KEYS,
      (pid) => ({ pid, comm: "", calls: 0, errors: 0, totalNs: 0 }),
    );
  }

  protected count(
    pid: number,
    _nr: number,
    ret: bigint,
    ns: number,
    r: Extract<TraceRecord, { kind: "syscall" }>,
  ): void {
    const row = this.table.get(pid);
    row.comm = r.comm;
    row.calls++;
    if (failed(ret)) row.errors++;
    row.totalNs += ns;
  }

  /** The rows by time in syscalls, then calls, then pid; "other" apart. */
  rows(): { rows: ProcRow[]; other?: ProcRow } {
    const rows = [...this.table.rows.values()].sort((a, b) =>
      b.totalNs - a.totalNs || b.calls - a.calls || a.pid! - b.pid!
    );
    return { rows, other: this.table.other };
  }

  format(maxRows = Infinity): string[] {
    const { rows, other } = this.rows();
    const total = rows.reduce((a, r) => a + r.totalNs, other?.totalNs ?? 0);
    const line = (c: string[]) =>
      `${c[0].padStart(8)} ${c[1].padEnd(16)} ${c[2].padStart(9)} ${c[3].padStart(9)} ${
        c[4].padStart(11)
      } ${c[5].padStart(6)}`;
    const row = (r: ProcRow, pid: string, comm: string) =>
      line([
        pid,
        comm,
        String(r.calls),
        r.errors ? String(r.errors) : "",
        sec(r.totalNs),
        total ? ((r.totalNs * 100) / total).toFixed(2) : "0.00",
      ]);
    const out = [line(["pid", "comm", "calls", "errors", "seconds", "% time"])];
    for (const r of rows.slice(0, maxRows)) out.push(row(r, String(r.pid), r.comm));
    if (other) out.push(row(other, "", `(other: ${this.folded} calls)`));
    return out;
  }
}

// ---- by file ----------------------------------------------------------------

const READS = ["read", "pread64", "readv", "preadv", "preadv2", "recvfrom", "recvmsg"];
const WRITES = [
  "write",
  "pwrite64",
  "writev",
  "pwritev",
  "pwritev2",
  "sendto",
  "sendmsg",
  "sendfile",
];
/** What a syscall is to the files view: 0 not an fd call, 1 an fd call, 2 a read, 3 a write. */
const FD_CALL = 1, FD_READ = 2, FD_WRITE = 3;
const fdClasses: Partial<Record<Arch, Uint8Array>> = {};

/** Per syscall number: whether its first argument is an fd, and whether it reads or writes. */
export function fdClass(arch: Arch, nr: number): number {
  let t = fdClasses[arch];
  if (!t) {
    t = fdClasses[arch] = new Uint8Array(1024);
    for (let i = 0; i < t.length; i++) {
      if (argSpecs(arch, i)?.[0]?.kind !== "fd") continue;
      const name = syscallName(arch, i);
      t[i] = READS.includes(name) ? FD_READ : WRITES.includes(name) ? FD_WRITE : FD_CALL;
    }
  }
  return nr >= 0 && nr < t.length ? t[nr] : 0;
}

/** One row of the files view. */
export interface FileRow {
  /** The file's name; undefined when unresolved (see pid and fd) or for "other". */
  file?: string;
  /** The process, when the descriptor had no name. */
  pid?: number;
  /** The descriptor, when it had no name. */
  fd?: number;
  /** Bytes read (results of read-like calls). */
  read: number;
  /** Bytes written (results of write-like calls). */
  written: number;
  /** Calls on the descriptor (any whose first argument is an fd). */
  calls: number;
  /** Time in those calls, ns. */
  totalNs: number;
}

/** The label of a file row: its name, or `PID:fd N`. */
export function fileLabel(r: FileRow): string {
  return r.file ?? `${r.pid}:fd ${r.fd}`;
}

/** By file: bytes read and written, calls and time, per file name (or pid and fd). */
export class FileView extends Base implements View {
  readonly name = "files";
  #named = new Map<string, FileRow>();
  /** Unnamed descriptors by pid, then fd (small integers: V8's fastest keys). */
  #anon = new Map<number, Map<number, FileRow>>();
  #anonRows = 0;
  #max: number;
  #other?: FileRow;
  protected readonly table = { folded: 0 };
  #arch: Arch;
  #fdName: FdResolver;

  /** A view of `arch`'s fd calls, naming descriptors with `opts.fdName`. */
  constructor(arch: Arch, opts: ViewOptions = {}) {
    super();
    this.#arch = arch;
    this.#max = opts.maxKeys ?? DEFAULT_MAX_KEYS;
    this.#fdName = opts.fdName ?? noFdNames;
  }

  #row(pid: number, fd: number): FileRow {
    const file = this.#fdName(pid, fd);
    let fds: Map<number, FileRow> | undefined;
    let row: FileRow | undefined;
    if (file === undefined) {
      fds = this.#anon.get(pid);
      row = fds?.get(fd);
    } else row = this.#named.get(file);
    if (row) return row;
    if (this.#named.size + this.#anonRows >= this.#max) {
      this.table.folded++;
      return this.#other ??= { read: 0, written: 0, calls: 0, totalNs: 0 };
    }
    row = { read: 0, written: 0, calls: 0, totalNs: 0 };
    if (file === undefined) {
      row.pid = pid;
      row.fd = fd;
      if (!fds) this.#anon.set(pid, fds = new Map());
      fds.set(fd, row);
      this.#anonRows++;
    } else {
      row.file = file;
      this.#named.set(file, row);
    }
    return row;
  }

  protected count(
    pid: number,
    nr: number,
    ret: bigint,
    ns: number,
    r: Extract<TraceRecord, { kind: "syscall" }>,
  ): void {
    const c = fdClass(this.#arch, nr);
    if (c === 0) return;
    const a = r.args[0];
    // an int: a value with the sign bit set (or above 32 bits) is no descriptor
    if (a > 0x7fffffffn) return;
    const row = this.#row(pid, Number(a));
    row.calls++;
    row.totalNs += ns;
    if (c !== FD_CALL && ret > 0n && !failed(ret)) {
      if (c === FD_READ) row.read += Number(ret);
      else row.written += Number(ret);
    }
  }

  /** The rows by bytes moved, then time, then label; "other" apart. */
  rows(): { rows: FileRow[]; other?: FileRow } {
    const anon = [...this.#anon.values()].flatMap((fds) => [...fds.values()]);
    const rows = [...this.#named.values(), ...anon].sort((a, b) =>
      b.read + b.written - a.read - a.written || b.totalNs - a.totalNs ||
      fileLabel(a).localeCompare(fileLabel(b))
    );
    return { rows, other: this.#other };
  }

  format(maxRows = Infinity): string[] {
    const { rows, other } = this.rows();
    const line = (c: string[]) =>
      `${c[0].padStart(12)} ${c[1].padStart(12)} ${c[2].padStart(9)} ${c[3].padStart(11)} ${c[4]}`;
    const row = (r: FileRow, label: string) =>
      line([String(r.read), String(r.written), String(r.calls), sec(r.totalNs), label]);
    const out = [line(["bytes read", "written", "calls", "seconds", "file"])];
    for (const r of rows.slice(0, maxRows)) out.push(row(r, fileLabel(r)));
    if (other) out.push(row(other, `(other: ${this.folded} calls)`));
    return out;
  }
}

// ---- by error ---------------------------------------------------------------

/** One row of the errors view. */
export interface ErrorRow {
  /** Syscall number; undefined for "other". */
  nr?: number;
  /** The error number (positive). */
  errno: number;
  /** Failed calls. */
  count: number;
  /** A path, address or file name of one such call, when one was captured. */
  example?: string;
}

const dec = new TextDecoder();

/** A path or socket address the call carried (the first captured string), or its fd's name. */
function examplePath(
  arch: Arch,
  r: Extract<TraceRecord, { kind: "syscall" }>,
  fdName: FdResolver,
): string | undefined {
  for (const c of r.items ?? []) {
    if (c.type === "str" && c.data.length) return dec.decode(c.data);
    if (c.type === "sockaddr") {
      const sa = decodeSockaddr(c.data, c.truncated);
      if (sa?.path !== undefined) return dec.decode(sa.path);
      if (sa?.addr !== undefined) return sa.port !== undefined ? `${sa.addr}:${sa.port}` : sa.addr;
    }
  }
  if (fdClass(arch, r.nr) !== 0 && r.args[0] <= 0x7fffffffn) {
    return fdName(r.pid, Number(r.args[0]));
  }
  return undefined;
}

/** By error: syscall, errno name, count, and an example path when one was captured. */
export class ErrorView extends Base implements View {
  readonly name = "errors";
  protected readonly table: Capped<number, ErrorRow>;
  #arch: Arch;
  #fdName: FdResolver;

  /** A view of `arch`'s failed calls. */
  constructor(arch: Arch, opts: ViewOptions = {}) {
    super();
    this.#arch = arch;
    this.#fdName = opts.fdName ?? noFdNames;
    this.table = new Capped(opts.maxKeys ?? DEFAULT_MAX_KEYS, (k) => ({
      nr: k === undefined ? undefined : Math.floor(k / 4096),
      errno: k === undefined ? 0 : k % 4096,
      count: 0,
    }));
  }

  protected count(
    _pid: number,
    nr: number,
    ret: bigint,
    _ns: number,
    r: Extract<TraceRecord, { kind: "syscall" }>,
  ): void {
    if (!failed(ret)) return;
    const row = this.table.get(nr * 4096 + Number(-ret));
    row.count++;
    if (row.example === undefined && row.nr !== undefined) {
      row.example = examplePath(this.#arch, r, this.#fdName);
    }
  }

  /** The rows by count, then syscall name, then errno; "other" apart. */
  rows(): { rows: ErrorRow[]; other?: ErrorRow } {
    const name = (r: ErrorRow) => syscallName(this.#arch, r.nr!);
    const rows = [...this.table.rows.values()].sort((a, b) =>
      b.count - a.count || name(a).localeCompare(name(b)) || a.errno - b.errno
    );
    return { rows, other: this.table.other };
  }

  format(maxRows = Infinity): string[] {
    const { rows, other } = this.rows();
    const line = (c: string[]) =>
      `${c[0].padStart(9)} ${c[1].padEnd(16)} ${c[2].padEnd(15)} ${c[3]}`.trimEnd();
    const out = [line(["count", "syscall", "errno", "example"])];
    for (const r of rows.slice(0, maxRows)) {
      out.push(line([
        String(r.count),
        syscallName(this.#arch, r.nr!),
        errnoName(r.errno) ?? String(r.errno),
        r.example ?? "",
      ]));
    }
    if (other) out.push(line([String(other.count), `(other: ${this.folded} calls)`, "", ""]));
    return out;
  }
}

/** A view by its name. */
export function createView(name: ViewName, arch: Arch, opts: ViewOptions = {}): View {
  switch (name) {
    case "syscalls":
      return new SyscallView(arch, opts);
    case "procs":
      return new ProcView(arch, opts);
    case "files":
      return new FileView(arch, opts);
    case "errors":
      return new ErrorView(arch, opts);
  }
}
