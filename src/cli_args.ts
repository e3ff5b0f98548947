/**
 * Command-line parsing for `mysysdig`. Hand-written (no std/cli or cliffy:
 * JSR cannot be reached from the machines this is built on) and small:
 * GNU-style long options with `--opt=value` or `--opt value`, short options
 * with attached or separate values, and `--` before a COMMAND.
 *
 * @module
 */
import { UsageError } from "./errors.ts";
import { BLOCK_MAX_MS, BUF_KB_MAX, BUF_KB_MIN } from "./abi.ts";
import { type Expr, FilterSyntaxError, isField, parseFilter } from "./filter_expr.ts";
import { parsePrintFormat } from "./format_fields.ts";
import { type FdSet, parseFdSet } from "./format_dump.ts";
import { type ViewName, VIEWS } from "./views.ts";
import type { FdDecoding } from "./fdtable.ts";

/** Output formats. */
export const FORMATS = ["text", "seed", "json", "perfetto"] as const;
/** An output format name. */
export type Format = typeof FORMATS[number];
/** A backend choice. */
export type BackendChoice = "auto" | "kmod" | "tracefs";
/** Backend choices. */
export const BACKENDS: readonly BackendChoice[] = ["auto", "kmod", "tracefs"];
/** The text format's TIME column (strace's -t, -tt, -ttt, -r). */
export type TimestampStyle = "t" | "tt" | "ttt" | "relative";
/** `--events` choices. */
export const EVENT_MODES = ["syscall", "both"] as const;

/** What the command line asks for. */
export interface CliOptions {
  pids: number[];
  procName?: string;
  follow: boolean;
  /**
   * Syscall names, numbers, %classes or /regexes as given (-e LIST, -e trace=LIST); resolved once
   * the architecture is known. A name with a leading `?` is skipped when unknown.
   */
  syscalls?: string[];
  /** Syscalls left out (-e '!LIST', -e trace=!LIST): every other one is traced. */
  syscallsExcluded?: string[];
  /** -e signal=SET as given: the signals whose delivery lines are shown (default all). */
  signalSet?: string;
  /** -qq: no `+++ exited with N +++` lines. */
  quietExits?: boolean;
  /**
   * The text format's TIME column: "t" HH:MM:SS, "tt" HH:MM:SS.uuuuuu, "ttt" seconds.uuuuuu
   * since the epoch, "relative" seconds since the previous line (strace's -t, -tt, -ttt, -r);
   * undefined: HH:MM:SS.nnnnnnnnn.
   */
  timestamps?: TimestampStyle;
  /**
   * -x: strings with a non-printable byte in \x hex; -xx: every string in hex; 3
   * (--strings-in-hex=non-ascii-chars): C escapes, \x instead of octal for the rest.
   */
  hexStrings?: 1 | 2 | 3;
  /** -y: 1, fds with their paths; -yy: 2, sockets by protocol and addresses too. */
  fdNames?: 1 | 2;
  /** --decode-fds=SET (strace's): which fds -y's names cover; absent: as -y or -yy say. */
  decodeFds?: FdDecoding;
  /** -v: text shows structures whole, as strace -v. */
  verbose?: boolean;
  /** strace's -n (--syscall-number): text lines show the syscall's number, `[  50] listen(...)`. */
  syscallNumbers?: boolean;
  /** -X raw: 1, constants as numbers; -X verbose: 2, numbers with names in a comment. */
  xlatStyle?: 1 | 2;
  /** -e read=SET: the data read from these fds in hex after each line (strace's). */
  dumpRead?: FdSet;
  /** -e write=SET: the data written to these fds in hex after each line. */
  dumpWrite?: FdSet;
  /** -q: no informational lines on standard error (drops and errors are still reported). */
  quiet?: boolean;
  /** I/O data bytes kept per buffer (-s). */
  snaplen?: number;
  /** "both": enter and exit lines; "syscall" (default): one line per completed syscall. */
  events: typeof EVENT_MODES[number];
  /** -c: print a per-syscall summary table instead of events. */
  summary: boolean;
  /** --view NAME: that view instead of -c's table (summary is set too). */
  view?: ViewName;
  /** --top: the view redrawn every second (summary is set too). */
  top?: boolean;
  /** -Z: only syscalls that returned an error. */
  failed: boolean;
  output?: string;
  format: Format;
  backend: BackendChoice;
  /** Per-CPU buffer in KiB. */
  bufferKb?: number;
  /** --blocking-timeout MS: traced threads wait up to MS for the reader instead of dropping. */
  blockMs?: number;
  /** Write a capture file (sysdig's format). */
  write?: string;
  /** Read a capture file instead of tracing. */
  read?: string;
  /** gzip the capture file. */
  gzip: boolean;
  /** Rotate the capture file at this many MB. */
  rotateMb?: number;
  /** Keep a ring of this many capture files. */
  rotateFiles?: number;
  /** True when --format or -o was given (with -w, text output is then written too). */
  textOutput: boolean;
  /** Truncate existing output files that another user owns or that have other hard links. */
  clobber: boolean;
  /** A sysdig filter expression (the arguments before `--` that are not options), parsed. */
  filter?: Expr;
  /** Its text. */
  filterText?: string;
  /** --print FORMAT: sysdig's output format string. */
  print?: string;
  /** COMMAND and its arguments, after `--`. */
  command?: string[];
  help: boolean;
  version: boolean;
}

/** The help text. */
export const HELP = `Usage: mysysdig [options] [FILTER] [-- COMMAND [ARG...]]

Trace the syscalls of selected processes with almost no overhead.

Selection (none given: every process but mysysdig itself):
  -p, --pid PID[,PID...]   trace these processes, all their threads
      --proc-name NAME     trace processes named NAME (first 15 characters)
  -f, --follow             also trace children forked after the start
  -e, --syscalls LIST      only these syscalls, by name or number, comma-separated;
                           strace's classes too: %file, %network (%net),
                           %process, %memory, %signal, %ipc, %desc, and /REGEX
  -e trace=LIST            the same, strace's spelling (trace=all: every one)
  -e '!LIST', -e trace=!LIST
                           every syscall but these
  -e signal=SET            only these signals' "--- SIGxxx {...} ---" lines
                           (names with or without SIG, numbers, all, none,
                           !SET; default all)
  -e read=SET, -e write=SET
                           text: after each read from (write to) an fd of SET
                           (numbers, all, !SET), the data in hex and ASCII, as
                           strace's: read, write, send, recv... whole (the
                           module copies up to half its per-CPU buffer, 4 MiB
                           by default then), the vector calls -s bytes a buffer
  -Z, --failed             only syscalls that returned an error
  -- COMMAND [ARG...]      start COMMAND, trace it and its children from its
                           execve on, stop when it exits and exit with its
                           status; the trace then goes to standard error
                           (strace's way) unless -o is given

Output:
  -o, --output FILE        write events to FILE (-: standard output) instead of
                           standard output (standard error with a COMMAND, as
                           strace); on a terminal lines show at once, into
                           files and pipes they are batched
      --format FORMAT      text (default), seed (the original module's lines),
                           json (JSON Lines), perfetto (a timeline for
                           ui.perfetto.dev: one track per thread, one slice
                           per syscall; binary: -o FILE, or -o - to a pipe)
      --events MODE        syscall (default): one line per completed syscall,
                           with arguments, result and duration; both: entry
                           and exit as lines of their own (a blocked call shows)
  -s, --snaplen N          bytes of I/O data shown per buffer, and of each of
                           execve's argv strings in text (default 80, 0: none)
  -c, --summary            at the end, a table per syscall of calls, errors,
                           total, average and maximum time (like strace -c)
      --view VIEW          at the end, instead of the trace, a view (with -c or
                           alone): syscalls (-c's columns, p50, p99 and a latency
                           histogram), procs (per process), files (bytes read and
                           written, calls, time per file), errors (syscall, errno,
                           count, an example path)
      --top                the view (default syscalls) live: redrawn every second
                           on a terminal, q or Ctrl-C quits; into a pipe or file,
                           one block a second (with -r: a second of the capture)
  -t, -tt, -ttt            text: TIME as HH:MM:SS, HH:MM:SS.uuuuuu, or seconds
                           since the epoch .uuuuuu (default HH:MM:SS.nnnnnnnnn)
      --relative-timestamps
                           text: TIME as seconds since the previous line
                           (strace's -r; mysysdig's -r reads a capture file)
  -T                       accepted: the text format always shows <duration>
  -x, -xx                  text: strings with a non-printable byte in \\x hex;
                           -xx: every string in hex (also strace's
                           --strings-in-hex[=non-ascii|all|non-ascii-chars])
  -X raw|abbrev|verbose    text: constants as numbers (raw), names (abbrev, the
                           default) or both, 0x1 /* O_WRONLY */ (strace's -X,
                           also --const-print-style=STYLE)
  -v                       text: structures unabbreviated (every field of stat,
                           statx, rusage...), as strace -v (JSON has them all)
  -n                       text: each call's number before it, [  50] listen(...)
                           (strace's -n, also --syscall-number)
  -q                       no informational lines on standard error (the
                           backend note and the final count unless events
                           were dropped)
  -qq                      -q, and no "+++ exited with N +++" lines (the
                           "+++ killed by SIG... +++" ones stay, as strace's)
  -y, -yy                  text and json: fds with their names, as strace:
                           read(3</etc/hosts>, ...); -yy: sockets by protocol
                           and addresses, 3<TCP:[127.0.0.1:80->127.0.0.1:41234]>,
                           devices with their numbers, 0</dev/null<char 1:3>>;
                           json adds "fd_names"; an unknown name shows the number
      --decode-fds=SET     which fds those names cover (strace's): path,
                           socket, dev, pidfd, all (-yy), none; also
                           -e decode-fds=SET
      --clobber            overwrite an output file that another user owns or
                           that has other hard links (refused by default);
                           output files are 0600, symbolic links are refused

sysdig's filters and formats:
  FILTER                   a sysdig filter expression, e.g.
                           "proc.name=nginx and evt.type=openat and fd.name contains /etc":
                           fields evt.type evt.dir evt.num evt.res evt.rawres
                           evt.failed evt.latency proc.name proc.pid proc.ppid
                           thread.tid fd.num fd.name fd.type evt.arg.NAME;
                           = != < <= > >= contains icontains startswith endswith
                           in (a, b) exists, and or not, parentheses; what the
                           kernel can select (proc.name, proc.pid, evt.type) it does
      --print FORMAT       lines shaped as sysdig's -p FORMAT (-p is a PID here):
                           "%evt.num %evt.time %proc.name (%thread.tid) %evt.type
                           %evt.args", the filter's fields and evt.time, evt.rawtime,
                           evt.cpu, evt.args; with a leading *, events that lack
                           a field show it as <NA> instead of being left out

Capture files (sysdig's .scap format, opened by sysdig -r and by -r):
  -w, --write FILE         write a capture file (0600); no text output unless
                           --format or -o is given too; a FILE ending in
                           .perfetto-trace or .pftrace gets a Perfetto trace
  -z, --compress           gzip the capture file
  -C, --file-size MB       start a new capture file every MB million bytes:
                           FILE0, FILE1, ...
  -W, --file-count N       with -C, keep a ring of N files, overwriting the oldest
  -r, --read FILE          read a capture file (-: standard input) instead of
                           tracing; selection flags and formats apply as when
                           tracing (sysdig's -r; strace's is
                           --relative-timestamps)

Kernel side:
      --backend NAME       auto (default: the module if /dev/my_sysdig exists,
                           else tracefs), kmod, tracefs
      --buffer-size KB     per-CPU buffer size in KiB (${BUF_KB_MIN}..${BUF_KB_MAX})
      --blocking-timeout MS
                           lose nothing while the reader keeps up within MS ms
                           (1..${BLOCK_MAX_MS}): a traced thread whose call leaves its
                           CPU's buffer half full waits, on its way back to
                           user space, until the buffer is down to a quarter,
                           at most MS each time; the traced program runs at
                           mysysdig's pace. Module only. Not for processes that
                           carry the trace's own output (a terminal, sshd)

  -h, --help               show this help
      --version            show the version

Ctrl-C or SIGTERM stops cleanly; the number of events recorded and dropped is
printed on standard error. Exit status: 0, or COMMAND's status; 1 on a runtime
error; 2 on a usage error.
`;

interface Spec {
  long: string;
  short?: string;
  value: boolean;
}

const SPECS: Spec[] = [
  { long: "pid", short: "p", value: true },
  { long: "proc-name", value: true },
  { long: "follow", short: "f", value: false },
  { long: "syscalls", short: "e", value: true },
  { long: "failed", short: "Z", value: false },
  { long: "events", value: true },
  { long: "relative-timestamps", value: false },
  { long: "const-print-style", short: "X", value: true },
  { long: "snaplen", short: "s", value: true },
  { long: "summary", short: "c", value: false },
  { long: "view", value: true },
  { long: "top", value: false },
  { long: "clobber", value: false },
  { long: "output", short: "o", value: true },
  { long: "format", value: true },
  { long: "print", value: true },
  { long: "write", short: "w", value: true },
  { long: "read", short: "r", value: true },
  { long: "compress", short: "z", value: false },
  { long: "file-size", short: "C", value: true },
  { long: "file-count", short: "W", value: true },
  { long: "backend", value: true },
  { long: "buffer-size", value: true },
  { long: "blocking-timeout", value: true },
  { long: "help", short: "h", value: false },
  { long: "version", value: false },
];

function parsePositiveInt(flag: string, s: string, max: number): number {
  if (!/^[0-9]+$/.test(s)) throw new UsageError(`${flag}: "${s}" is not a number`);
  const n = Number(s);
  if (n < 1 || n > max) throw new UsageError(`${flag}: ${s} is out of range 1..${max}`);
  return n;
}

function apply(o: CliOptions, spec: Spec, flag: string, v: string | undefined): void {
  switch (spec.long) {
    case "pid":
      if (v!.includes("%")) {
        throw new UsageError(
          `${flag} takes process ids (strace's meaning); for sysdig's -p FORMAT use ` +
            `--print "${v}"`,
        );
      }
      for (const p of v!.split(",")) {
        if (p === "") throw new UsageError(`${flag}: empty pid in "${v}"`);
        o.pids.push(parsePositiveInt(flag, p, 4194304));
      }
      break;
    case "proc-name":
      if (v === "") throw new UsageError(`${flag}: the name is empty`);
      o.procName = v;
      break;
    case "follow":
      o.follow = true;
      break;
    case "syscalls":
      applyExpression(o, flag, v!);
      break;
    case "relative-timestamps":
      setTimestamps(o, "relative");
      break;
    case "const-print-style": {
      const x = ({ abbrev: 0, raw: 1, verbose: 2 } as Record<string, 0 | 1 | 2>)[v!];
      if (x === undefined) {
        throw new UsageError(`${flag} ${v}: one of abbrev, raw, verbose (strace's -X)`);
      }
      o.xlatStyle = x === 0 ? undefined : x;
      break;
    }
    case "failed":
      o.failed = true;
      break;
    case "summary":
      o.summary = true;
      break;
    case "view":
      if (!(VIEWS as readonly string[]).includes(v!)) {
        throw new UsageError(`${flag}: unknown view "${v}" (choose ${VIEWS.join(", ")})`);
      }
      o.view = v as ViewName;
      o.summary = true;
      break;
    case "top":
      o.top = o.summary = true;
      o.view ??= "syscalls";
      break;
    case "events":
      if (!(EVENT_MODES as readonly string[]).includes(v!)) {
        throw new UsageError(`${flag}: unknown mode "${v}" (choose ${EVENT_MODES.join(", ")})`);
      }
      o.events = v as typeof EVENT_MODES[number];
      break;
    case "snaplen":
      if (!/^[0-9]+$/.test(v!) || Number(v) > 16384) {
        throw new UsageError(`${flag}: "${v}" is not a number of bytes in 0..16384`);
      }
      o.snaplen = Number(v);
      break;
    case "output":
      if (v === "") throw new UsageError(`${flag}: the file name is empty`);
      o.output = v;
      o.textOutput = true;
      break;
    case "write":
    case "read":
      if (v === "") throw new UsageError(`${flag}: the file name is empty`);
      if (spec.long === "write") o.write = v;
      else o.read = v;
      break;
    case "compress":
      o.gzip = true;
      break;
    case "clobber":
      o.clobber = true;
      break;
    case "file-size":
      if (!/^[0-9]+$/.test(v!)) {
        throw new UsageError(
          `${flag} MB rotates a capture file (sysdig's meaning): "${v}" is not a number; for ` +
            "strace's -C (the trace and a summary) there is no counterpart: use -c for the summary",
        );
      }
      o.rotateMb = parsePositiveInt(flag, v!, 1 << 20);
      break;
    case "file-count":
      o.rotateFiles = parsePositiveInt(flag, v!, 1 << 20);
      break;
    case "print":
      if (v === "") throw new UsageError(`${flag}: the format is empty`);
      try {
        parsePrintFormat(v!);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      o.print = v;
      o.textOutput = true;
      break;
    case "format":
      if (!(FORMATS as readonly string[]).includes(v!)) {
        throw new UsageError(`${flag}: unknown format "${v}" (choose ${FORMATS.join(", ")})`);
      }
      o.format = v as Format;
      o.textOutput = true;
      break;
    case "backend":
      if (!(BACKENDS as readonly string[]).includes(v!)) {
        throw new UsageError(`${flag}: unknown backend "${v}" (choose ${BACKENDS.join(", ")})`);
      }
      o.backend = v as BackendChoice;
      break;
    case "buffer-size":
      o.bufferKb = parsePositiveInt(flag, v!, BUF_KB_MAX);
      if (o.bufferKb < BUF_KB_MIN) {
        throw new UsageError(
          `${flag}: at least ${BUF_KB_MIN} KiB (twice the largest record the module writes)`,
        );
      }
      break;
    case "blocking-timeout":
      o.blockMs = parsePositiveInt(flag, v!, BLOCK_MAX_MS);
      break;
    case "help":
      o.help = true;
      break;
    case "version":
      o.version = true;
      break;
  }
}

/** `-w` names a Perfetto trace (by its extension) rather than a capture file. */
const PERFETTO_EXT = /\.(perfetto-trace|pftrace)$/;

/** strace's -e qualifiers that mysysdig has no counterpart for, and what to use instead. */
const QUALIFIER_HINTS: Record<string, string> = {
  abbrev: "text abbreviates structures as strace by default; -v shows them whole",
  verbose: "use -v: text shows structures whole; JSON has every field",
  raw: 'use --format json: its "raw" field holds every argument register',
  status: "use -Z for failed calls only",
  quiet: "use -q",
  fault: "mysysdig only observes: it cannot inject faults",
  inject: "mysysdig only observes: it cannot inject faults",
  kvm: "there is no KVM decoding",
  "decode-pids": "pid decoding is not supported",
  x: "use -x or -xx",
};

/** `-e EXPR`: `LIST`, `trace=LIST`, `!LIST`, `trace=!LIST`, `signal=SET`. */
function applyExpression(o: CliOptions, flag: string, expr: string): void {
  let list = expr;
  const eq = expr.indexOf("=");
  if (eq >= 0) {
    const q = expr.slice(0, eq);
    list = expr.slice(eq + 1);
    if (q === "signal" || q === "signals" || q === "s") {
      o.signalSet = list;
      return;
    }
    if (
      q === "read" || q === "reads" || q === "r" || q === "write" || q === "writes" || q === "w"
    ) {
      let set: FdSet;
      try {
        set = parseFdSet(list);
      } catch (e) {
        throw new UsageError(`${flag} ${q}=${list}: ${(e as Error).message}`);
      }
      if (q[0] === "r") o.dumpRead = set;
      else o.dumpWrite = set;
      return;
    }
    if (q === "decode-fds" || q === "decode-fd") {
      decodeFds(o, flag, list);
      return;
    }
    if (q !== "trace" && q !== "t") {
      const hint = QUALIFIER_HINTS[q];
      throw new UsageError(
        hint !== undefined
          ? `${flag} ${q}=: strace's qualifier has no counterpart in mysysdig: ${hint}`
          : `${flag}: unknown qualifier "${q}" (mysysdig takes trace=, signal=, read= and write=)`,
      );
    }
  }
  let negate = false;
  if (list.startsWith("!")) {
    negate = true;
    list = list.slice(1);
  }
  const names = list.split(",").map((s) => s.trim());
  if (names.some((n) => n === "")) throw new UsageError(`${flag}: empty name in "${expr}"`);
  if (names.includes("none")) {
    throw new UsageError(`${flag}: trace=none would trace nothing (use -e LIST to choose calls)`);
  }
  if (names.includes("all")) {
    if (names.length > 1) throw new UsageError(`${flag}: "all" stands alone`);
    if (negate) {
      throw new UsageError(`${flag}: !all would trace nothing (use -e LIST to choose calls)`);
    }
    // every syscall: the same as no -e at all
    return;
  }
  if (negate) o.syscallsExcluded = [...(o.syscallsExcluded ?? []), ...names];
  else o.syscalls = [...(o.syscalls ?? []), ...names];
}

function setTimestamps(o: CliOptions, t: TimestampStyle): void {
  if (o.timestamps !== undefined && o.timestamps !== t) {
    throw new UsageError(
      "-t, -tt, -ttt and --relative-timestamps choose the one TIME column: give one of them",
    );
  }
  o.timestamps = t;
}

/**
 * strace's long forms of its flags that take an optional value: --strings-in-hex[=WHICH] (-x,
 * -xx, and non-ascii-chars: C escapes with \x for the rest), --no-abbrev (-v). Returns true when
 * `a` was one of them.
 */
function straceLongFlag(o: CliOptions, a: string): boolean {
  if (a === "--no-abbrev") {
    o.verbose = true;
    return true;
  }
  if (a === "--syscall-number") {
    o.syscallNumbers = true;
    return true;
  }
  if (a === "--decode-fds" || a.startsWith("--decode-fds=")) {
    // strace: --decode-fds alone is -y
    decodeFds(o, "--decode-fds", a.length > 12 ? a.slice(13) : "path");
    return true;
  }
  if (a !== "--strings-in-hex" && !a.startsWith("--strings-in-hex=")) return false;
  const v = a.length > "--strings-in-hex".length ? a.slice("--strings-in-hex=".length) : "all";
  const styles: Record<string, 0 | 1 | 2 | 3> = {
    none: 0,
    "non-ascii": 1,
    all: 2,
    "non-ascii-chars": 3,
  };
  const x = styles[v];
  if (x === undefined) {
    throw new UsageError(
      `--strings-in-hex=${v}: one of none, non-ascii-chars, non-ascii, all (strace's)`,
    );
  }
  o.hexStrings = x === 0 ? undefined : x;
  return true;
}

/**
 * strace's --decode-fds=SET and -e decode-fds=SET: `path` (-y), `socket`, `dev`, `all` (-yy),
 * `none`, or a list of them.
 */
function decodeFds(o: CliOptions, flag: string, set: string): void {
  const d: FdDecoding = { path: false, socket: false, dev: false, pidfd: false };
  for (const w of set.split(",")) {
    if (w === "all") {
      d.path =
        d.socket =
        d.dev =
        d.pidfd =
          true;
    } else if (w === "path" || w === "socket" || w === "dev" || w === "pidfd") d[w] = true;
    else if (w !== "none") {
      throw new UsageError(
        `${flag}=${set}: "${w}" is not one of path, socket, dev, pidfd, all, none`,
      );
    }
  }
  const any = d.path || d.socket || d.dev || d.pidfd;
  o.fdNames = any ? (d.socket || d.dev || d.pidfd ? 2 : 1) : undefined;
  o.decodeFds = any ? d : undefined;
}

/**
 * strace's repeatable one-letter flags (-tt, -xx, ...) and the ones mysysdig refuses with a
 * hint. Returns true when `a` was one of them.
 */
function straceShortFlag(o: CliOptions, a: string): boolean {
  switch (a) {
    case "-t":
    case "-tt":
    case "-ttt":
      setTimestamps(o, a.slice(1) as TimestampStyle);
      return true;
    case "-T":
      // the text format always shows the time spent in each call
      return true;
    case "-x":
    case "-xx":
      o.hexStrings = a.length === 2 ? 1 : 2;
      return true;
    case "-v":
      o.verbose = true;
      return true;
    case "-n":
      o.syscallNumbers = true;
      return true;
    case "-q":
    case "-qq":
      o.quiet = true;
      if (a === "-qq") o.quietExits = true;
      return true;
    case "-y":
    case "-yy":
      o.fdNames = a.length === 2 ? 1 : 2;
      return true;
    case "-ff":
      throw new UsageError(
        "-ff (one output file per process) is not supported: use -f, and -o FILE for one file",
      );
    case "-tttt":
      throw new UsageError("-tttt: at most -ttt (seconds since the epoch with microseconds)");
  }
  return false;
}

/** Flags of strace or sysdig that mysysdig spells differently or lacks, with what to use. */
const FLAG_HINTS: Record<string, string> = {
  "-j": "sysdig's -j: use --format json",
  "--json": "use --format json",
  "-A": "sysdig's -A: text lines show I/O data as strace does; -x shows it in hex",
  "-S": "strace's -S: -c sorts by time",
  "-C": "strace's -C: use -c (mysysdig's -C MB rotates a capture file)",
  "-k": "strace's -k: stack traces are not supported",
  "-i": "strace's -i: instruction pointers are not supported",
  "-u": "strace's -u: run COMMAND as that user yourself (sudo -u USER mysysdig ...)",
  "-P": "strace's -P: select calls with -e %file or -e LIST",
  "-D": "strace's -D: mysysdig never attaches to COMMAND, it is traced from the kernel",
  "-a": "strace's -a: results are not aligned in a column",
  "-b": "strace's -b: mysysdig never attaches to COMMAND, it is traced from the kernel",
  "-I": "strace's -I: mysysdig never attaches to COMMAND, it is traced from the kernel",
  "-E":
    "strace's -E: set the variable in the environment of mysysdig itself (env VAR=VAL mysysdig ...)",
  "--follow-forks": "use -f / --follow",
  "--summary-only": "use -c / --summary",
  "--failed-only": "use -Z / --failed",
  "--string-limit": "use -s / --snaplen",
  "--attach": "use -p / --pid",
  "--trace": "use -e trace=LIST",
  "--signal": "use -e signal=SET",
  "--timestamps": "use -t, -tt or -ttt",
  "--syscall-times": "use -T (durations are always shown)",
};

/** The error for an unknown option, naming the counterpart when there is one. */
function unknownOption(flag: string): UsageError {
  const hint = FLAG_HINTS[flag];
  return new UsageError(
    hint
      ? `unknown option ${flag}: ${hint} (see mysysdig --help)`
      : `unknown option ${flag} (see mysysdig --help)`,
  );
}

function checkCombinations(o: CliOptions): void {
  if (o.write !== undefined && PERFETTO_EXT.test(o.write)) {
    if (o.textOutput) {
      throw new UsageError(
        `-w ${o.write} writes a Perfetto trace (by its name): not with --format or -o ` +
          "(use --format perfetto -o FILE for one, -w FILE.scap for a capture file)",
      );
    }
    if (o.gzip || o.rotateMb !== undefined || o.rotateFiles !== undefined) {
      throw new UsageError("-z, -C and -W apply to a capture file, not to a Perfetto trace");
    }
    o.format = "perfetto";
    o.output = o.write;
    o.write = undefined;
    o.textOutput = true;
  }
  const textOnly = o.timestamps !== undefined || o.hexStrings !== undefined ||
    o.xlatStyle !== undefined || o.dumpRead !== undefined || o.dumpWrite !== undefined;
  if (textOnly && o.format !== "text") {
    throw new UsageError(
      "-t, -tt, -ttt, --relative-timestamps, -x, -xx, -X and -e read=/write= shape the text " +
        "format: not with --format " + o.format,
    );
  }
  if (o.print !== undefined && (o.format !== "text" || o.summary)) {
    throw new UsageError(
      `--print shapes each line itself: not with ${o.summary ? "-c" : `--format ${o.format}`}`,
    );
  }
  if (o.summary && o.format !== "text") {
    throw new UsageError(
      `${o.view ? "--view and --top print a view" : "-c prints a summary table"}: --format does ` +
        "not apply",
    );
  }
  if (o.format === "seed" && (o.failed || o.summary || o.events === "both")) {
    throw new UsageError("--format seed shows the original module's lines: no -Z, -c or --events");
  }
  if (
    o.fdNames &&
    (o.events === "both" || o.format === "seed" || o.format === "perfetto" ||
      (o.write !== undefined && !o.textOutput && !o.summary))
  ) {
    throw new UsageError(
      "-y and -yy name the fds of completed syscalls in text and json lines: not with " +
        "--events both, --format seed or perfetto, or a capture file alone",
    );
  }
  if (o.view && o.events === "both") {
    throw new UsageError("--view and --top count completed syscalls: not with --events both");
  }
  if (o.failed && o.events === "both") {
    throw new UsageError("-Z selects completed syscalls by their result: not with --events both");
  }
  if (!o.write && (o.gzip || o.rotateMb !== undefined || o.rotateFiles !== undefined)) {
    throw new UsageError("-z, -C and -W apply to a capture file: add -w FILE");
  }
  if (o.rotateFiles !== undefined && o.rotateMb === undefined) {
    throw new UsageError("-W N needs -C MB: the ring rotates by size");
  }
  if (o.read !== undefined) {
    if (o.command) {
      throw new UsageError(
        "-r reads a capture file: it cannot run a COMMAND (strace's relative timestamps are " +
          "--relative-timestamps)",
      );
    }
    if (o.backend !== "auto") {
      throw new UsageError("-r reads a capture file: --backend does not apply");
    }
    if (o.bufferKb !== undefined) {
      throw new UsageError("-r reads a capture file: --buffer-size does not apply");
    }
    if (o.blockMs !== undefined) {
      throw new UsageError("-r reads a capture file: --blocking-timeout does not apply");
    }
    if (o.write !== undefined && o.write === o.read) {
      throw new UsageError("-r and -w name the same file");
    }
  }
}

function readNotRelative(flag: string): UsageError {
  return new UsageError(
    `${flag} FILE reads a capture file (sysdig's meaning): for strace's relative timestamps ` +
      "use --relative-timestamps",
  );
}

/**
 * The filter expression of the words that are not options. A first word that is no field (a
 * command without `--`) gets the hint it needs rather than a filter error.
 */
function setFilter(o: CliOptions, words: string[]): void {
  const text = words.join(" ");
  const first = /^[^\s=!<>(]*/.exec(text.replace(/^[\s(]*(not\s+)?[\s(]*/, ""))![0];
  try {
    o.filter = parseFilter(text);
  } catch (e) {
    if (!(e instanceof FilterSyntaxError)) throw e;
    if (!isField(first)) {
      throw new UsageError(
        `unexpected argument "${words[0]}": to run a command, put -- before it (mysysdig -- ${
          words.join(" ")
        }); a filter expression compares fields (proc.name=${words[0]})`,
      );
    }
    throw new UsageError(`${e.message} in "${text}"`);
  }
  o.filterText = text;
}

/** Parses argv (without the program name). Throws UsageError. */
export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = {
    pids: [],
    follow: false,
    events: "syscall",
    summary: false,
    failed: false,
    format: "text",
    backend: "auto",
    gzip: false,
    clobber: false,
    textOutput: false,
    help: false,
    version: false,
  };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      o.command = argv.slice(i + 1);
      if (o.command.length === 0) throw new UsageError("-- must be followed by a COMMAND");
      break;
    }
    let spec: Spec | undefined;
    let flag: string;
    let value: string | undefined;
    if (a.startsWith("--")) {
      if (straceLongFlag(o, a)) continue;
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      flag = `--${name}`;
      spec = SPECS.find((s) => s.long === name);
      if (!spec) throw unknownOption(flag);
      if (eq >= 0) {
        if (!spec.value) throw new UsageError(`${flag} takes no value`);
        value = a.slice(eq + 1);
      }
    } else if (a.startsWith("-") && a.length > 1) {
      if (straceShortFlag(o, a)) continue;
      flag = a.slice(0, 2);
      spec = SPECS.find((s) => s.short === a[1]);
      if (!spec) throw unknownOption(flag);
      if (a.length > 2) {
        if (!spec.value) throw new UsageError(`${flag} takes no value (got "${a}")`);
        value = a.slice(2);
      }
    } else {
      // sysdig's filter expression: the words that are not options, joined
      positional.push(a);
      continue;
    }
    if (spec.value && value === undefined) {
      if (i + 1 >= argv.length) {
        if (spec.long === "read") throw readNotRelative(flag);
        throw new UsageError(`${flag} needs a value`);
      }
      value = argv[++i];
      // `-r -- ls`, `-r -t`: strace's relative timestamps, not a capture file named "--"
      if (spec.long === "read" && value !== "-" && value.startsWith("-")) {
        throw readNotRelative(flag);
      }
    }
    apply(o, spec, flag, value);
  }
  if (positional.length) setFilter(o, positional);
  checkCombinations(o);
  return o;
}
