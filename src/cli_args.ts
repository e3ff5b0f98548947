/**
 * Command-line parsing for `mysysdig`. Hand-written (no std/cli or cliffy:
 * JSR cannot be reached from the machines this is built on) and small:
 * GNU-style long options with `--opt=value` or `--opt value`, short options
 * with attached or separate values, and `--` before a COMMAND.
 *
 * @module
 */
import { UsageError } from "./errors.ts";
import { BUF_KB_MAX, BUF_KB_MIN } from "./abi.ts";

/** Output formats. */
export const FORMATS = ["text", "seed", "json", "perfetto"] as const;
/** An output format name. */
export type Format = typeof FORMATS[number];
/** A backend choice. */
export type BackendChoice = "auto" | "kmod" | "tracefs";
/** Backend choices. */
export const BACKENDS: readonly BackendChoice[] = ["auto", "kmod", "tracefs"];
/** `--events` choices. */
export const EVENT_MODES = ["syscall", "both"] as const;

/** What the command line asks for. */
export interface CliOptions {
  pids: number[];
  procName?: string;
  follow: boolean;
  /** Syscall names, numbers or %classes as given; resolved once the architecture is known. */
  syscalls?: string[];
  /** I/O data bytes kept per buffer (-s). */
  snaplen?: number;
  /** "both": enter and exit lines; "syscall" (default): one line per completed syscall. */
  events: typeof EVENT_MODES[number];
  /** -c: print a per-syscall summary table instead of events. */
  summary: boolean;
  /** -Z: only syscalls that returned an error. */
  failed: boolean;
  output?: string;
  format: Format;
  backend: BackendChoice;
  /** Per-CPU buffer in KiB. */
  bufferKb?: number;
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
  /** COMMAND and its arguments, after `--`. */
  command?: string[];
  help: boolean;
  version: boolean;
}

/** The help text. */
export const HELP = `Usage: mysysdig [options] [-- COMMAND [ARG...]]

Trace the syscalls of selected processes with almost no overhead.

Selection (none given: every process but mysysdig itself):
  -p, --pid PID[,PID...]   trace these processes, all their threads
      --proc-name NAME     trace processes named NAME (first 15 characters)
  -f, --follow             also trace children forked after the start
  -e, --syscalls LIST      only these syscalls, by name or number, comma-separated;
                           strace's classes too: %file, %network, %process,
                           %memory, %signal, %ipc, %desc
  -Z, --failed             only syscalls that returned an error
  -- COMMAND [ARG...]      start COMMAND, trace it and its children, stop when
                           it exits and exit with its status

Output:
  -o, --output FILE        write events to FILE instead of standard output
      --format FORMAT      text (default), seed (the original module's lines),
                           json (JSON Lines), perfetto (a timeline for
                           ui.perfetto.dev: one track per thread, one slice
                           per syscall; binary, so -o FILE or a pipe)
      --events MODE        syscall (default): one line per completed syscall,
                           with arguments, result and duration; both: entry
                           and exit as lines of their own (a blocked call shows)
  -s, --snaplen N          bytes of I/O data shown per buffer (default 80, 0: none)
  -c, --summary            at the end, a table per syscall of calls, errors,
                           total, average and maximum time (like strace -c)
      --clobber            overwrite an output file that another user owns or
                           that has other hard links (refused by default);
                           output files are 0600, symbolic links are refused

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
                           tracing

Kernel side:
      --backend NAME       auto (default: the module if /dev/my_sysdig exists,
                           else tracefs), kmod, tracefs
      --buffer-size KB     per-CPU buffer size in KiB (${BUF_KB_MIN}..${BUF_KB_MAX})

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
  { long: "snaplen", short: "s", value: true },
  { long: "summary", short: "c", value: false },
  { long: "clobber", value: false },
  { long: "output", short: "o", value: true },
  { long: "format", value: true },
  { long: "write", short: "w", value: true },
  { long: "read", short: "r", value: true },
  { long: "compress", short: "z", value: false },
  { long: "file-size", short: "C", value: true },
  { long: "file-count", short: "W", value: true },
  { long: "backend", value: true },
  { long: "buffer-size", value: true },
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
    case "syscalls": {
      const names = v!.split(",").map((s) => s.trim());
      if (names.some((n) => n === "")) throw new UsageError(`${flag}: empty name in "${v}"`);
      o.syscalls = [...(o.syscalls ?? []), ...names];
      break;
    }
    case "failed":
      o.failed = true;
      break;
    case "summary":
      o.summary = true;
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
      o.rotateMb = parsePositiveInt(flag, v!, 1 << 20);
      break;
    case "file-count":
      o.rotateFiles = parsePositiveInt(flag, v!, 1 << 20);
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
  if (o.summary && o.format !== "text") {
    throw new UsageError("-c prints a summary table: --format does not apply");
  }
  if (o.format === "seed" && (o.failed || o.summary || o.events === "both")) {
    throw new UsageError("--format seed shows the original module's lines: no -Z, -c or --events");
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
    if (o.command) throw new UsageError("-r reads a capture file: it cannot run a COMMAND");
    if (o.backend !== "auto") {
      throw new UsageError("-r reads a capture file: --backend does not apply");
    }
    if (o.bufferKb !== undefined) {
      throw new UsageError("-r reads a capture file: --buffer-size does not apply");
    }
    if (o.write !== undefined && o.write === o.read) {
      throw new UsageError("-r and -w name the same file");
    }
  }
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
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      flag = `--${name}`;
      spec = SPECS.find((s) => s.long === name);
      if (!spec) throw new UsageError(`unknown option ${flag} (see mysysdig --help)`);
      if (eq >= 0) {
        if (!spec.value) throw new UsageError(`${flag} takes no value`);
        value = a.slice(eq + 1);
      }
    } else if (a.startsWith("-") && a.length > 1) {
      flag = a.slice(0, 2);
      spec = SPECS.find((s) => s.short === a[1]);
      if (!spec) throw new UsageError(`unknown option ${flag} (see mysysdig --help)`);
      if (a.length > 2) {
        if (!spec.value) throw new UsageError(`${flag} takes no value (got "${a}")`);
        value = a.slice(2);
      }
    } else {
      throw new UsageError(
        `unexpected argument "${a}": to run a command, put -- before it (mysysdig -- ${a})`,
      );
    }
    if (spec.value && value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
      value = argv[++i];
    }
    apply(o, spec, flag, value);
  }
  checkCombinations(o);
  return o;
}
