/**
 * The default, readable format. A completed syscall is one line, strace's
 * call syntax after sysdig's header:
 *
 *     NUM TIME CPU COMM (TID) openat(AT_FDCWD, "/etc/hosts", O_RDONLY|O_CLOEXEC) = 3 <0.000012>
 *     NUM TIME CPU COMM (TID) openat(AT_FDCWD, "/nonexistent", O_RDONLY) = -1 ENOENT (No such file or directory) <0.000009>
 *     NUM TIME CPU COMM (TID) exit_group(0) = ?
 *     NUM TIME CPU !! 1234 events lost (buffer full)
 *
 * With `--events both`, entry and exit are lines of their own, sysdig style:
 *
 *     NUM TIME CPU COMM (TID) > read fd=3 buf=0x7ffc1c0 count=80
 *     NUM TIME CPU COMM (TID) < read res=5 buf="hello"
 *
 * TIME is the local wall-clock time with nanoseconds, of the exit for a
 * completed syscall; `<...>` is its duration in seconds. Byte strings are
 * quoted with strace's escapes and `...` after a truncated one.
 *
 * @module
 */
import { exitText, signalText } from "./format_signal.ts";
import { SOCKET_LEVELS } from "./xlat/sockopt.ts";
import { escapeBytes, escapeRange, hexBytes, setHexStrings } from "./quote.ts";
export { escapeBytes } from "./quote.ts";
import { familyFields, familyText, inetParts, setSockaddrFds } from "./format_sockaddr.ts";
import { sonameText } from "./decode_sockopt.ts";
import {
  ARRAY_KINDS,
  clone3After,
  futexTimed,
  isoTime,
  loffText,
  pollfdsValue,
  recordArgs,
  RESULT_KINDS,
  sockoptLens,
  STRUCT_KINDS,
  structArgs,
  structTextFast,
  structValue,
} from "./decode_struct.ts";
import type { Arch, Capture, TraceRecord } from "./record.ts";
import type { Sink } from "./sink.ts";
import { type LineOutput, lineSink } from "./output.ts";
import { errnoName, errnoText } from "./errno.ts";
import {
  argSpecs,
  decodeCall,
  type DecodedCall,
  type DecodedResult,
  decodeResult,
  decodeSockaddr,
  exitItem,
  exitOutputs,
  fcntlArgOther,
  fdsetFds,
  flagsOf,
  ioprioText,
  modeAndFlags,
  selectedKind,
  selTimeValue,
  sigsetSizeArg,
  sigsetSizeFits,
  type SockAddr,
  STR_SHOWN_MAX,
  type Value,
} from "./decode.ts";
import { SPEC } from "./syscalls/spec.ts";
import { ioctlArgIsPointer, ioctlDirectValue, ioctlTakesNoArg } from "./decode_term.ts";
import {
  commOf,
  decodeRecord,
  findItem,
  IF_FAULT,
  IF_TRUNC,
  itemsWellFormed,
  LAYOUT,
  nrAt,
  REC_SYSCALL,
  RF_UNFINISHED,
  shownTsAt,
  SNAPLEN_DEFAULT,
  structItem,
} from "./abi.ts";
import { COMPAT_NR_BASE, syscallName, syscallNumber } from "./syscalls.ts";
import type { FdTable } from "./fdtable.ts";
import { FD_EFFECT_OF, FORK_NAMES } from "./syscalls/traits.ts";
import type { Kind } from "./syscalls/kinds.ts";
import { SIMPLE_KINDS } from "./xlat/kinds_simple.ts";
import { dataText, DUMP_BUF_CALLS, DUMP_CALLS, dumpLines, type DumpSets } from "./format_dump.ts";
import {
  octText,
  setXlatStyle,
  styledFlags,
  styledValue,
  unknownComment,
  type Xlat,
  type XlatStyle,
  xlatStyle,
  xlatValue,
} from "./xlat/xlat.ts";
import { MULTIPLEXED, multiplexedArgs, multiplexedResult } from "./format_multiplexed.ts";
import { SCHED_POLICIES } from "./xlat/multiplexed.ts";
import {
  ACCESS_AT_FLAGS,
  ACCESS_MODES,
  AT_FLAGS,
  FCNTL_CMDS,
  FD_FLAGS,
  OPEN_ACCMODE,
  openFlagsTable,
  RENAME_FLAGS,
  SEEK_WHENCE,
} from "./xlat/fcntl.ts";
import { MADV, MAP_TYPES, mapFlagsTable, MREMAP_FLAGS, protTable } from "./xlat/mman.ts";
import { WAIT_OPTIONS } from "./xlat/sched.ts";
import {
  ARCH_PRCTL_CODES,
  CLOCK_IDS,
  EFD_FLAGS,
  EPOLL_CTL_OPS,
  EPOLL_FLAGS,
  FLOCK_OPS,
  FUTEX_CMD_MASK,
  FUTEX_OP_FLAGS,
  FUTEX_OP_MASK,
  FUTEX_OPS,
  GRND_FLAGS,
  IOCTL_CMDS,
  MCL_FLAGS,
  MS_FLAGS,
  PRCTL_OPTIONS,
  RLIMITS,
  STATX_MASK,
  STATX_SYNC,
  TIMER_FLAGS,
} from "./xlat/misc.ts";
import { signalName, SIGPROCMASK_HOW } from "./xlat/signal.ts";
import {
  ADDRESS_FAMILIES,
  IP_PROTOCOLS,
  MSG_FLAGS,
  SHUTDOWN_HOW,
  SOCK_FLAGS,
  SOCK_TYPES,
} from "./xlat/socket.ts";

/** Return values in -4095..-1 are errors, as the kernel defines them. */
const MAX_ERRNO = 4095n;

/**
 * The kernel's restart codes, which a traced call returns when a signal interrupts it (the
 * process never sees them), in strace's words: `= ? ERESTARTSYS (To be restarted if SA_RESTART
 * is set)`. Indexed by code - 512.
 */
const RESTART_TEXT: readonly (string | undefined)[] = [
  "? ERESTARTSYS (To be restarted if SA_RESTART is set)",
  "? ERESTARTNOINTR (To be restarted)",
  "? ERESTARTNOHAND (To be restarted if no handler)",
  undefined, // ENOIOCTLCMD
  "? ERESTART_RESTARTBLOCK (Interrupted by signal)",
];

/** strace's text for restart code n (512..516), or undefined. */
export function restartText(n: number): string | undefined {
  return n >= 512 && n <= 516 ? RESTART_TEXT[n - 512] : undefined;
}

/** `3`, `-2(ENOENT)`, or a restart code as strace shows it. */
export function formatResult(ret: bigint): string {
  if (ret < 0n && ret >= -MAX_ERRNO) {
    const restart = restartText(Number(-ret));
    if (restart) return restart;
    const name = errnoName(Number(-ret));
    return name ? `${ret}(${name})` : `${ret}`;
  }
  return ret.toString();
}

/**
 * A completed call's result as strace shows it: `3`, `0x7f12000`,
 * `-1 ENOENT (No such file or directory)`, or a restart code.
 */
export function formatCallResult(r: DecodedResult): string {
  if (r.errno !== undefined) {
    const n = Number(-r.v);
    return restartText(n) ?? `-1 ${r.errno || n} (${errnoText(n)})`;
  }
  return r.hex ? `0x${BigInt.asUintN(64, r.v).toString(16)}` : r.v.toString();
}

/** CLONE_PARENT_SETTID, CLONE_PIDFD, CLONE_SETTLS, CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID. */
const CLONE_PTID = 0x00100000n | 0x00001000n,
  CLONE_TLS = 0x00080000n,
  CLONE_CTID = 0x01000000n | 0x00200000n;

/**
 * clone as strace shows it, its arguments by name and only those its flags use:
 * `clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,
 * child_tidptr=0x7f5a5c2d0a10) = 9277`. (JSON keeps every argument.)
 */
function cloneCall(
  arch: Arch,
  c: DecodedCall,
  r: Extract<TraceRecord, { kind: "syscall" }>,
): string {
  const arg = (name: string) => c.args.find((a) => a.name === name);
  const addr = (name: string) => {
    const a = arg(name);
    const v = a === undefined ? 0n : (r.args[a.arg!] ?? 0n);
    return v === 0n ? "NULL" : hex(v);
  };
  const flagsArg = arg("flags");
  const flags = flagsArg ? (r.args[flagsArg.arg!] ?? 0n) : 0n;
  let s = `clone(child_stack=${addr("stack")}, flags=${
    flagsArg ? formatValue(flagsArg.value) : "0"
  }`;
  // the child's tid the kernel wrote through parent_tid is the call's result (strace reads it)
  if (flags & CLONE_PTID) {
    s += `, parent_tid=${
      r.ret !== undefined && r.ret > 0n && arg("parent_tid") && r.args[arg("parent_tid")!.arg!]
        ? `[${r.ret}]`
        : addr("parent_tid")
    }`;
  }
  if (flags & CLONE_TLS) s += `, tls=${addr("tls")}`;
  if (flags & CLONE_CTID) s += `, child_tidptr=${addr("child_tid")}`;
  if (r.ret === undefined) return `${s}) = ?`;
  return `${s}) = ${formatCallResult(decodeResult(arch, r.nr, r.ret))} <${
    formatDuration(r.ts - r.enterTs)
  }>`;
}

// prctl options by what strace 6.1 shows after the option: nothing, one unsigned number, one
// address (what the call reads or writes through it is not copied), or (any other) all four in hex
const PR_NO_ARGS = new Set([3, 7, 13, 21, 27, 30, 31, 32, 46]);
const PR_UINT_ARG = new Set([8, 10, 12, 14, 20, 36]);
const PR_PTR_ARG = new Set([2, 5, 9, 11, 15, 16, 19, 25, 37, 40]);
/** PR_SET_NO_NEW_PRIVS, PR_SET_THP_DISABLE, PR_SET_IO_FLUSHER: a number, then the rest in hex. */
const PR_UINT_THEN_HEX = new Set([38, 41, 57]);
const SUID_DUMP = ["SUID_DUMP_DISABLE", "SUID_DUMP_USER", "SUID_DUMP_ROOT"];

/**
 * prctl as strace shows it: the arguments its option uses, `prctl(PR_GET_DUMPABLE) = 1
 * (SUID_DUMP_USER)`, `prctl(PR_SET_PDEATHSIG, SIGTERM)`, `prctl(0x.. /* PR_??? *\/, 0x1, 0, 0, 0)`.
 * (JSON keeps every argument.)
 */
function prctlCall(
  arch: Arch,
  c: DecodedCall,
  r: Extract<TraceRecord, { kind: "syscall" }>,
): string {
  const opt = Number(BigInt.asIntN(32, r.args[0] ?? 0n));
  const a2 = r.args[1] ?? 0n;
  const hx = (v: bigint) => (v === 0n ? "0" : hex(v));
  let s = `prctl(${formatValue(c.args[0].value)}`;
  if (PR_NO_ARGS.has(opt)) {
    // nothing more
  } else if (opt === 1) {
    const sig = Number(BigInt.asIntN(32, a2));
    s += `, ${a2 <= 128n ? (signalName(BigInt(sig)) ?? sig) : a2}`;
  } else if (opt === 4) {
    s += `, ${a2 < 3n ? SUID_DUMP[Number(a2)] : hex(a2) + " /* SUID_DUMP_??? */"}`;
  } else if (PR_UINT_ARG.has(opt)) s += `, ${a2}`;
  else if (opt === 29) s += `, ${BigInt.asIntN(64, a2)}`; // PR_SET_TIMERSLACK
  else if (PR_UINT_THEN_HEX.has(opt)) {
    s += `, ${a2}`;
    for (let i = 2; i < 5; i++) s += `, ${hx(r.args[i] ?? 0n)}`;
  } else if (PR_PTR_ARG.has(opt)) {
    // what the module copied for the option (SyscallSpec.select): `"fam-renamed"`, `[SIGTERM]`;
    // the address when nothing was (a failed call's output, a fault)
    const f = selectedKind("prctl", 1, r.args) && c.args.find((a) => a.arg === 1);
    s += `, ${f ? formatValue(f.value) : a2 === 0n ? "NULL" : hex(a2)}`;
  } else for (let i = 1; i < 5; i++) s += `, ${hx(r.args[i] ?? 0n)}`;
  if (r.ret === undefined) return `${s}) = ?`;
  let res = formatCallResult(decodeResult(arch, r.nr, r.ret));
  if (opt === 3 && r.ret >= 0n && r.ret < 3n) res += ` (${SUID_DUMP[Number(r.ret)]})`;
  return `${s}) = ${res} <${formatDuration(r.ts - r.enterTs)}>`;
}

/**
 * fcntl's result as strace shows it: for F_GETFD and F_GETFL the flags it returns,
 * `0x1 (flags FD_CLOEXEC)`, `0x8002 (flags O_RDWR|O_LARGEFILE)`; else the number.
 */
function fcntlResult(arch: Arch, cmd: number, ret: bigint): string {
  if (cmd === 1 && ret !== 0n) {
    return `0x${ret.toString(16)} (flags ${formatValue(flagsOf(FD_FLAGS, ret))})`;
  }
  if (cmd === 3) {
    const v = modeAndFlags(OPEN_ACCMODE, 3n, openFlagsTable(arch), ret);
    return `${ret === 0n ? "0" : "0x" + ret.toString(16)} (flags ${formatValue(v)})`;
  }
  return ret.toString();
}

/** An exit line's result (`--events both`, sysdig's notation): `3`, `0x7f12000`, `-2(ENOENT)`. */
export function formatDecodedResult(r: DecodedResult): string {
  if (r.errno !== undefined) {
    const restart = restartText(Number(-r.v));
    if (restart) return restart;
    return r.errno ? `${r.v}(${r.errno})` : `${r.v}`;
  }
  return r.hex ? `0x${BigInt.asUintN(64, r.v).toString(16)}` : r.v.toString();
}

/** -s for argv's strings (TextOptions.strLimit). Set by the formatter for the line it renders. */
let strLimit = SNAPLEN_DEFAULT;

/** -v (TextOptions.verbose): structures whole. Set by the formatter for the line it renders. */
let verboseStructs = false;

const hex = (v: bigint) => `0x${BigInt.asUintN(64, v).toString(16)}`;

/**
 * A socket address as strace's print_sockaddr() shows it: sa_family, then AF_INET's and
 * AF_INET6's fields, AF_UNIX's path, or the other families' (format_sockaddr.ts).
 */
function formatSockaddr(sa: SockAddr): string {
  let family = sa.family;
  // a family without a name is its number (decodeSockaddr())
  if (family.charCodeAt(0) !== 65) family = familyText(Number(family));
  else if (xlatStyle() !== 0) {
    const fam = ADDRESS_FAMILIES.find(([n]) => n === sa.family)?.[1];
    if (fam !== undefined) family = styledValue(hex(fam), sa.family, "");
  }
  const parts = [`sa_family=${family}`];
  const inet = inetParts(sa);
  if (inet.length) parts.push(...inet);
  else if (sa.path !== undefined && (sa.path.length || sa.abstract)) {
    // sun_path's 108 bytes at most, the abstract name's NUL among them
    const p = sa.path.length > 107 ? sa.path.subarray(0, sa.abstract ? 107 : 108) : sa.path;
    parts.push(`sun_path=${sa.abstract ? "@" : ""}"${escapeBytes(p)}"`);
  } else if (sa.data !== undefined && sa.data.length) {
    parts.push(familyFields(sa.family, sa.data));
  }
  // an address cut short (by the caller's buffer) shows what there is, with no `...`, as strace
  return `{${parts.join(", ")}}`;
}

/** A "sym" value under -X raw or -X verbose, as strace's printxval() and printflags() show it. */
function styledSym(v: Extract<Value, { t: "sym" }>): string {
  if (v.parts) return v.parts.map(formatValue).join("|");
  const num = v.d ? v.v.toString() : v.v === 0n ? "0" : hex(v.v);
  const names = v.rest !== undefined && v.rest !== 0n && v.names.length
    ? [...v.names, hex(v.rest)]
    : v.names;
  const named = names.length ? names.join("|") : undefined;
  if (!v.f) return styledValue(num, named, v.unknown ?? "");
  return styledFlags(num, named, v.unknown ?? (xlatStyle() === 2 ? v.dflt ?? "" : ""));
}

/** One decoded value in strace's notation. */
export function formatValue(v: Value): string {
  switch (v.t) {
    case "int":
      return v.v.toString();
    case "hex":
      return (v.v === 0n ? "0" : hex(v.v)) + (v.note ?? "");
    case "oct":
      return octText(Number(BigInt.asUintN(32, v.v)));
    case "null":
      return "NULL";
    case "sym": {
      if (xlatStyle() !== 0) return styledSym(v);
      if (v.unknown !== undefined) return (v.rest ? hex(v.rest) : "0") + v.unknown;
      const parts = [...v.names];
      if (v.rest !== undefined) parts.push(hex(v.rest));
      return parts.length ? parts.join("|") : "0";
    }
    case "str":
      if (v.hex) return `"${hexBytes(v.bytes)}"${v.truncated ? "..." : ""}`;
      if (v.cut && v.bytes.length > strLimit) return `"${escapeRange(v.bytes, 0, strLimit)}"...`;
      if (v.fault !== undefined) return hex(v.fault);
      return `"${escapeBytes(v.bytes)}"${v.truncated ? "..." : ""}`;
    case "strs": {
      const parts = v.items.map((b) =>
        b.length > strLimit ? `"${escapeRange(b, 0, strLimit)}"...` : `"${escapeBytes(b)}"`
      );
      if (v.truncated || v.fault) parts.push("...");
      return `[${parts.join(", ")}]`;
    }
    case "fault":
      return hex(v.ptr);
    case "sockaddr":
      return formatSockaddr(v.sa);
    case "fds":
      return `[${v.fds.join(", ")}]`;
    case "struct": {
      const short = verboseStructs ? undefined : v.short;
      // a field with no name: strace's note inside the braces (`???`, `/* bytes 24..31 */ ...`)
      const s = (short ?? v.fields).map((f) =>
        f.name ? `${f.name}=${formatValue(f.value)}` : formatValue(f.value)
      );
      if (short) s.push("...");
      return `{${s.join(", ")}}`;
    }
    case "array": {
      // strace's print_array(): at most -s elements unless -v
      const cut = v.cap && !verboseStructs && v.items.length > strLimit;
      const s = (cut ? v.items.slice(0, strLimit) : v.items).map(formatValue);
      if (v.moreAt !== undefined && !cut) s.push(`... /* ${hex(v.moreAt)} */`);
      else if (v.truncated || cut) s.push("...");
      return `[${s.join(", ")}]`;
    }
    case "text":
      return v.s;
    case "dual":
      return formatValue(v.brief && !verboseStructs ? v.brief : v.shown);
  }
}

const pad2 = (n: number) => (n < 10 ? "0" : "") + n;
const ZEROS = "000000000";
/** n (0..999999999) in nine digits. */
const nine = (n: number) => {
  const s = String(n);
  return s.length >= 9 ? s : ZEROS.slice(s.length) + s;
};

/** Formats ns since the epoch as local HH:MM:SS.nnnnnnnnn. */
export class ClockFormatter {
  /** Seconds since the epoch of the last time formatted, in decimal. */
  secText = "";
  #sec = -1n;
  #prefix = "";

  #base = -1n;
  // #base as u32 halves, for formatHalves(); -1 matches no timestamp before the first second
  #baseHi = -1;
  #baseLo = 0;

  format(ts: bigint): string {
    // within the current second the nanoseconds are a small number: no BigInt division
    const inSec = this.#base >= 0n ? Number(ts - this.#base) : -1;
    if (inSec >= 0 && inSec < 1e9) return this.#prefix + nine(inSec);
    const sec = ts / 1_000_000_000n;
    if (sec !== this.#sec) {
      const d = new Date(Number(sec) * 1000);
      this.#sec = sec;
      this.secText = sec.toString();
      this.#prefix = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.`;
    }
    const base = sec * 1_000_000_000n;
    if (base !== this.#base) {
      this.#base = base;
      this.#baseHi = Number(base >> 32n);
      this.#baseLo = Number(base & 0xffffffffn);
    }
    return this.#prefix + nine(Number(ts - base));
  }

  /**
   * `format(hi * 2^32 + lo)` (hi, lo non-negative integers, lo below 2^32) without a BigInt
   * while the time stays within the current second.
   */
  formatHalves(hi: number, lo: number): string {
    // exact whenever it lands in 0..1e9: the halves differ by at most one
    const inSec = (hi - this.#baseHi) * 4294967296 + (lo - this.#baseLo);
    if (inSec >= 0 && inSec < 1e9) return this.#prefix + nine(inSec);
    return this.format((BigInt(hi) << 32n) + BigInt(lo));
  }
}

/** Seconds with microseconds, strace's `<0.000012>`. */
export function formatDuration(ns: bigint): string {
  if (ns < 0n) ns = 0n;
  // exact in a double (< 2^53): number arithmetic, no BigInt division
  if (ns < 4_000_000_000_000_000n) return durationOf(Number(ns));
  const us = (ns + 500n) / 1000n;
  return `${us / 1_000_000n}.${(us % 1_000_000n).toString().padStart(6, "0")}`;
}

/** {@link formatDuration} of an integer ns in 0..4e15. */
function durationOf(ns: number): string {
  const us = Math.floor((ns + 500) / 1000);
  const s = Math.floor(us / 1_000_000);
  const frac = String(us - s * 1_000_000);
  return `${s}.${ZEROS.slice(frac.length + 3)}${frac}`;
}

/**
 * The call part of a completed syscall's line:
 * `openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3 <0.000012>`.
 */
export function formatCall(
  arch: Arch,
  r: Extract<TraceRecord, { kind: "syscall" }>,
  fds?: FdTable,
  decoded?: DecodedCall,
): string {
  const c = decoded ?? decodeCall(arch, r.nr, r.args, r.items, r.ret);
  if (c.name === "clone") return cloneCall(arch, c, r);
  if (c.name === "prctl") return prctlCall(arch, c, r);
  if (MULTIPLEXED.has(c.name)) {
    // -y: the fds they take with their names (kcmp's of either process, mknodat's directory...)
    const fd = fds
      ? (v: bigint, dir = false, pid = r.pid): string => {
        const n = BigInt.asIntN(32, v);
        const val: Value = dir && n === -100n
          ? { t: "sym", names: ["AT_FDCWD"], v: n, d: true }
          : { t: "int", v: n };
        return fdValueText(fds, pid, dir ? "dirfd" : "fd", val);
      }
      : undefined;
    const args = multiplexedArgs(arch, c, r.args, formatValue, r.ret, fd)!;
    if (r.ret === undefined) return `${c.name}(${args}) = ?`;
    const res = multiplexedResult(c.name, r.args, r.ret) ??
      formatCallResult(decodeResult(arch, r.nr, r.ret));
    return `${c.name}(${args}) = ${res} <${formatDuration(r.ts - r.enterTs)}>`;
  }
  // futex: the arguments its operation reads, as strace shows them (JSON keeps them all)
  // mremap: new_address only with MREMAP_FIXED (2)
  // futex: uaddr and op here, the rest as its command picks them (futexRest())
  // arch_prctl: ARCH_GET_CPUID takes no argument
  const shown = c.name === "futex"
    ? 2
    : c.name === "mremap" && !((r.args[3] ?? 0n) & 2n)
    ? 4
    : c.name === "arch_prctl" && BigInt.asUintN(32, r.args[0] ?? 0n) === 0x1011n
    ? 1
    : c.name === "ioctl" && ioctlTakesNoArg(Number(BigInt.asUintN(32, r.args[1] ?? 0n)))
    ? 2
    : 6;
  const specs = fds && argSpecs(arch, r.nr);
  let args = "";
  for (let i = 0; i < c.args.length; i++) {
    if ((c.args[i].arg ?? 0) >= shown) continue;
    if (c.args[i].arg === 4 && HIDES_ARG4.has(c.name)) continue;
    const v = c.args[i].value;
    args += (i ? ", " : "") +
      (specs ? fdValueText(fds!, r.pid, specs[c.args[i].arg ?? 0]?.kind, v) : formatValue(v));
    // clone3: the child's tid written through parent_tid, ` => {parent_tid=[N]}`
    if (c.name === "clone3" && i === 0) args += clone3After(r.items?.[0], r.ret);
  }
  if (c.name === "futex") {
    const a3 = c.args.find((a) => a.arg === 3);
    args += futexRest(Number((r.args[1] ?? 0n) & 0x7fn), r.args, a3 ? formatValue(a3.value) : "");
  }
  if (r.ret === undefined) return `${c.name}(${args}) = ?`;
  let res = c.name === "fcntl" && r.ret >= 0n && r.ret < 0x100000000n
    ? fcntlResult(arch, Number(BigInt.asIntN(32, r.args[1] ?? 0n)), r.ret)
    : c.name === "umask" && r.ret >= 0n && r.ret < 0x10000n
    ? octText(Number(r.ret))
    : formatCallResult(decodeResult(arch, r.nr, r.ret)) + pollResult(c.name, r) +
      resultNote(c.name, r.ret) + selectResult(arch, r);
  if (fds && r.ret >= 0n && r.ret < 0x80000000n && returnsFd(c.name, r.args[1] ?? 0n)) {
    // dup's and F_DUPFD's new fd takes the old one's name after the line (fdtable's after())
    const dup = FD_EFFECT_OF[c.name] === "dup" || c.name === "fcntl";
    res += fds.tag(r.pid, dup ? Number(BigInt.asIntN(32, r.args[0] ?? 0n)) : Number(r.ret)) ?? "";
  }
  return `${c.name}(${args}) = ${res} <${formatDuration(r.ts - r.enterTs)}>`;
}

/** Whether a call's result is a new fd that -y names: open, socket, accept, dup, F_DUPFD... */
function returnsFd(name: string, arg1: bigint): boolean {
  const e = FD_EFFECT_OF[name];
  if (e === "fcntl") return arg1 === 0n || arg1 === 1030n; // F_DUPFD, F_DUPFD_CLOEXEC
  return e === "open" || e === "socket" || e === "accept" || e === "dup" || e === "memfd" ||
    (e !== undefined && e.startsWith("anon:"));
}

/** formatValue() of an argument of kind `kind`, with the fd's name for -y: `3</etc/hosts>`. */
function fdValueText(fds: FdTable, pid: number, kind: Kind | undefined, v: Value): string {
  // an address naming an fd (AF_XDP's sxdp_shared_umem_fd): `7</dev/zero>`
  if (v.t === "sockaddr") {
    setSockaddrFds(fds, pid);
    const s = formatValue(v);
    setSockaddrFds(undefined, 0);
    return s;
  }
  const text = formatValue(v);
  if ((kind === "fd" || kind === "dirfd") && v.t === "int" && v.v >= 0n) {
    return text + (fds.tag(pid, Number(v.v)) ?? "");
  }
  // strace -y: AT_FDCWD</the/working/directory>
  if (kind === "dirfd" && v.t === "sym" && v.v === -100n) return text + (fds.cwdTag(pid) ?? "");
  // select's sets: `[3</dev/null> 4</tmp/x>]`
  if ((kind === "fdsets" || kind === "fdset") && v.t === "dual" && v.data.t === "fds") {
    return `[${v.data.fds.map((fd) => `${fd}${fds.tag(pid, Number(fd)) ?? ""}`).join(" ")}]`;
  }
  if (kind === "fds" && v.t === "fds") {
    return `[${v.fds.map((fd) => `${fd}${fds.tag(pid, Number(fd)) ?? ""}`).join(", ")}]`;
  }
  return text;
}

/** Calls whose successful result strace follows with its name (resultNote()). */
const RESULT_NOTE: ReadonlySet<string> = new Set([
  "sched_getscheduler",
  "rt_sigtimedwait",
  "rt_sigtimedwait_time64",
  "ioprio_get",
  "time",
  "modify_ldt",
]);

/**
 * strace's name of a result: sched_getscheduler's policy ` (SCHED_OTHER)`, rt_sigtimedwait's
 * signal ` (SIGUSR1)`, ioprio_get's priority, time's date, modify_ldt's clipped error; "" for
 * other calls, failures and unnamed values.
 */
function resultNote(name: string, ret: bigint): string {
  if (!RESULT_NOTE.has(name) || ret < 0n) return "";
  if (name === "modify_ldt") {
    // x86's modify_ldt returns an int through an unsigned int: an error is 0xfffff001..
    // 0xffffffff, the number strace prints with the error's name (its ldt.c)
    if (ret < 0xfffff001n || ret > 0xffffffffn) return "";
    const n = Number(0x100000000n - ret);
    return ` ${errnoName(n) ?? n} (${errnoText(n)})`;
  }
  if (name === "ioprio_get") return xlatStyle() === 1 ? "" : ` (${ioprioText(ret)})`;
  if (name === "time") {
    const d = isoTime(ret, 0n);
    return d ? ` (${d})` : "";
  }
  const n = name === "sched_getscheduler"
    ? xlatValue(SCHED_POLICIES, ret).names[0]
    : ret > 0n
    ? signalName(ret)
    : undefined;
  return n ? ` (${n})` : "";
}

/**
 * poll's and ppoll's result note, as strace: ` (Timeout)`, or the entries with revents and, for
 * ppoll, the time left (the timeout's second item, copied at exit).
 */
function pollResult(name: string, r: Extract<TraceRecord, { kind: "syscall" }>): string {
  if ((name !== "poll" && name !== "ppoll") || r.ret === undefined || r.ret < 0n) return "";
  if (r.ret === 0n) return " (Timeout)";
  const fds = r.items?.find((c) => c.arg === 0 && c.type === "struct");
  const left = name === "ppoll" && fds
    ? r.items!.filter((c) => c.arg === 2 && c.type === "struct")[1]
    : undefined;
  return pollNote(fds, left);
}

/** strace's limit on select's result note (its outstr[1024]). */
const SELECT_NOTE_MAX = 1024;
const SELECT_SETS = ["in", "out", "except"];

/**
 * select's and pselect6's result note, as strace's decode_select() writes it: ` (Timeout)`, or
 * the fds of each set the kernel returned (`in [3], out [4]`, as many as the result counts) and
 * the time left (`left {tv_sec=0, tv_usec=9998}`), from the items copied at exit. strace's
 * quirks are kept: fds past its 1024-character buffer are left out, and a set that holds none
 * of the result's fds after one that did still closes with `]`.
 */
function selectResult(arch: Arch, r: Extract<TraceRecord, { kind: "syscall" }>): string {
  const specs = argSpecs(arch, r.nr);
  if (specs?.[1]?.kind !== "fdsets" || r.ret === undefined || r.ret < 0n) return "";
  if (r.ret === 0n) return " (Timeout)";
  const nfds = Number(BigInt.asIntN(32, r.args[0] ?? 0n));
  let ready = r.ret > 0x7fffffffn ? 0x7fffffff : Number(r.ret);
  let out = "", sep = "";
  // strace appends an fd while fewer than 1024 - (sizeof(", except [") + 3 * sizeof(int) + 2)
  // characters are written
  const room = SELECT_NOTE_MAX - (11 + 12 + 2);
  for (let i = 0; i < 3 && ready > 0; i++) {
    const c = exitItem(r.items, i + 1, "fdset");
    if (!(r.args[i + 1] ?? 0n) || !c || c.fault) continue;
    let first = true;
    for (const j of fdsetFds(c.data, nfds)) {
      if (out.length < room) {
        if (first) {
          out += `${sep}${SELECT_SETS[i]} [${j}`;
          first = false;
          sep = ", ";
        } else out += ` ${j}`;
      }
      if (--ready === 0) break;
    }
    if (out.length) out += "]";
  }
  const tv = r.args[4] ?? 0n;
  if (tv) {
    const t = exitItem(r.items, 4, "struct");
    const s = !t
      ? undefined
      : t.fault || t.data.length < 16
      ? `0x${tv.toString(16)}`
      : formatValue(selTimeValue(tv, t, specs[4]?.kind === "tvinout"));
    if (s !== undefined && out.length + 6 + sep.length + s.length < SELECT_NOTE_MAX) {
      out += `${sep}left ${s}`;
    }
  }
  return ` (${out})`;
}

/** ` ([{fd=3, revents=POLLIN}], left {...})` from the pollfd array and ppoll's timeout left. */
function pollNote(fds: Capture | undefined, left: Capture | undefined): string {
  if (!fds || fds.fault) return "";
  return ` (${formatValue(pollfdsValue(fds.data, true))}${leftText(left?.data, left?.fault)})`;
}

/** ppoll's `, left {tv_sec=0, tv_nsec=99958448}`; "" without the copy. */
function leftText(b: Uint8Array | undefined, fault?: boolean): string {
  if (!b || fault || b.length < 16) return "";
  const dv = new DataView(b.buffer, b.byteOffset, 16);
  return `, left {tv_sec=${dv.getBigInt64(0, true)}, tv_nsec=${dv.getBigUint64(8, true)}}`;
}

// ---- completed syscalls from the module's bytes -----------------------------
//
// The same text as formatCall() of the decoded record, computed from the record's bytes with
// numbers: 64-bit values are read as u32 halves, and a BigInt is made only for a value beyond
// 2^53 (printed in decimal) or a clock that moved to another second. What each argument kind
// prints is resolved once per syscall number into a plan; a syscall with a kind the plan does
// not cover is formatted through the decoded record.

const TWO32 = 4294967296;
const SYSCALL_SIZE = LAYOUT["sizeof msd_rec_syscall"];

/** How an argument is printed (mirrors decodeOne() in decode.ts, kind by kind). */
const A_I32 = 0, // fd, int
  A_DIRFD = 1,
  A_I64 = 2, // long
  A_U32 = 3, // uint
  A_U64 = 4, // ulong
  A_OCT = 5,
  A_HEX = 6, // hex, skip, and the arguments of a syscall without a spec
  A_PTR = 7,
  A_MEM = 8, // path, str, rstr, wbuf, rbuf, wiov, riov: memValue()
  A_FLAGS = 9, // flagsOf()
  A_VALUE = 10, // valueOf()
  A_MODE = 11, // modeAndFlags()
  A_SIGNAL = 12,
  A_PROTO = 13,
  A_FCNTLARG = 14,
  A_SADDR = 15, // sockaddr, osockaddr: sockaddrValue()
  A_UID = 16, // uid_t, gid_t: unsigned, -1 as -1
  A_STRUCT = 17, // the structure kinds: structValue()
  A_FD = 18, // -y: an fd with its name
  A_DIRFD_Y = 19, // -y: a dirfd with its name
  A_NAMED = 20, // a one-table kind whose unknown values are numbers (SimpleKind.decimal)
  A_SONAME = 21, // setsockopt's and getsockopt's option name: sonameText()
  A_IOV = 22, // wiov, riov: iovValue(): the elements (an IOVEC item), else as A_MEM
  A_SADDR_Y = 23; // -y: as A_SADDR, the fds the address names with their names

/** Which bits of the register an xlat argument reads: I32(raw), U32(raw) or raw. */
const W_I32 = 0, W_U32 = 1, W_RAW = 2;

/** open/openat's mode and fcntl's arg: omitted() in decode.ts; futex's: futexArgs(). */
const OMIT_NONE = 0,
  OMIT_OPEN_MODE = 1,
  OMIT_FCNTL = 2,
  OMIT_FUTEX = 3,
  OMIT_MREMAP = 4,
  OMIT_ALWAYS = 5,
  OMIT_IOCTL = 6;

/**
 * Calls whose fifth argument strace leaves out (JSON keeps it): preadv2's and pwritev2's pos_h,
 * which a 64-bit kernel ignores (the offset is pos_l).
 */
const HIDES_ARG4: ReadonlySet<string> = new Set(["preadv2", "pwritev2"]);

/** `n` in strace's hex, 0 as `0`. */
const hexNum = (n: number) => (n === 0 ? "0" : "0x" + n.toString(16));

/** FUTEX_WAIT, WAKE, FD, UNLOCK_PI, TRYLOCK_PI: the others pick their arguments (futexCall()). */
const FAST_FUTEX_CMDS: ReadonlySet<number> = new Set([0, 1, 2, 7, 8]);

/**
 * futex's arguments after uaddr and op, as strace 6.1's futex.c picks them per command, from
 * the decoded arguments (`t`: the decoded fourth argument's text, a timeout or val2):
 * `futex(0x..., FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, FUTEX_BITSET_MATCH_ANY)`.
 */
function futexRest(cmd: number, raw: readonly bigint[], t: string): string {
  const val = String(Number(BigInt.asUintN(32, raw[2] ?? 0n)));
  const uaddr2 = (raw[4] ?? 0n) === 0n ? "NULL" : hex(raw[4]!);
  const val3 = Number(BigInt.asUintN(32, raw[5] ?? 0n));
  const bitset = val3 === 0xffffffff ? "FUTEX_BITSET_MATCH_ANY" : hexNum(val3);
  switch (cmd) {
    case 0: // FUTEX_WAIT
      return `, ${val}, ${t}`;
    case 1: // FUTEX_WAKE
    case 2: // FUTEX_FD
      return `, ${val}`;
    case 6: // FUTEX_LOCK_PI
    case 13: // FUTEX_LOCK_PI2
      return `, ${t}`;
    case 7: // FUTEX_UNLOCK_PI
    case 8: // FUTEX_TRYLOCK_PI
      return "";
    case 9: // FUTEX_WAIT_BITSET
      return `, ${val}, ${t}, ${bitset}`;
    case 10: // FUTEX_WAKE_BITSET
      return `, ${val}, ${bitset}`;
    case 3: // FUTEX_REQUEUE
      return `, ${val}, ${t}, ${uaddr2}`;
    case 4: // FUTEX_CMP_REQUEUE
    case 12: // FUTEX_CMP_REQUEUE_PI
      return `, ${val}, ${t}, ${uaddr2}, ${val3}`;
    case 5: // FUTEX_WAKE_OP
      return `, ${val}, ${t}, ${uaddr2}, ${futexWakeOp(val3)}`;
    case 11: // FUTEX_WAIT_REQUEUE_PI
      return `, ${val}, ${t}, ${uaddr2}`;
  }
  return `, ${val}, ${t}, ${uaddr2}, ${hexNum(val3)}`;
}

const FUTEX_WAKE_OPS = [
  "FUTEX_OP_SET",
  "FUTEX_OP_ADD",
  "FUTEX_OP_OR",
  "FUTEX_OP_ANDN",
  "FUTEX_OP_XOR",
];
const FUTEX_WAKE_CMPS = [
  "FUTEX_OP_CMP_EQ",
  "FUTEX_OP_CMP_NE",
  "FUTEX_OP_CMP_LT",
  "FUTEX_OP_CMP_LE",
  "FUTEX_OP_CMP_GT",
  "FUTEX_OP_CMP_GE",
];

/** FUTEX_WAKE_OP's val3 as strace: `FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1`. */
function futexWakeOp(v: number): string {
  const op = (v >>> 28) & 7, cmp = (v >>> 24) & 0xf;
  const shift = (v >>> 28) & 8 ? "FUTEX_OP_OPARG_SHIFT<<28|" : "";
  const o = FUTEX_WAKE_OPS[op] ? `${FUTEX_WAKE_OPS[op]}<<28` : `${op}<<28 /* FUTEX_OP_??? */`;
  const c = FUTEX_WAKE_CMPS[cmp]
    ? `${FUTEX_WAKE_CMPS[cmp]}<<24`
    : `${cmp}<<24 /* FUTEX_OP_CMP_??? */`;
  return `${shift}${o}|${hexNum((v >>> 12) & 0xfff)}<<12|${c}|${hexNum(v & 0xfff)}`;
}

/**
 * How many of futex's arguments strace shows for command `cmd` (the operation's low 7 bits):
 * FUTEX_WAIT uaddr, op, val, timeout; FUTEX_WAKE and FUTEX_FD uaddr, op, val; FUTEX_UNLOCK_PI
 * and FUTEX_TRYLOCK_PI uaddr, op; the others all six.
 */
function futexArgs(cmd: number): number {
  return cmd === 0 ? 4 : cmd === 1 || cmd === 2 ? 3 : cmd === 7 || cmd === 8 ? 2 : 6;
}

/** An xlat table with its values as numbers (every value a u32). */
interface Xlat32 {
  names: string[];
  values: number[];
  /** What follows an unknown value: unknownComment() of the table. */
  unknown: string;
}

interface ArgPlan {
  op: number;
  /** A_MEM, A_SADDR: the item type byte (1 str, 2 buf, 3 iov, 4 sockaddr). A_FLAGS/A_VALUE: W_*. A_MODE: the mask. */
  n: number;
  /** A_FLAGS/A_VALUE/A_PROTO: the table; A_MODE: the flags; A_FCNTLARG: FD_FLAGS. */
  t?: Xlat32;
  /** A_MODE: the enumeration in the masked bits; A_FCNTLARG: open's access modes. */
  m?: Xlat32;
  /** A_FCNTLARG: open's flags. */
  f?: Xlat32;
  /** A_STRUCT: the kind, the architecture and the syscall's name, for structValue(). */
  s?: { kind: Kind; arch: Arch; name: string; z?: number };
  /** A_FLAGS: no name at all, the number with the table's comment (SimpleKind.comment). */
  c?: boolean;
  /** A_NAMED: the names by value (the register's low half, as `n`: W_I32 or W_U32). */
  names?: Map<number, string>;
  /** A_MEM of a `str` (strace's printstr()): cut at -s, with `...`, before a fault shows. */
  cut?: boolean;
  omit: number;
}

interface CallPlan {
  /** `name(` */
  open: string;
  hexResult: boolean;
  /** fcntl: F_GETFD's and F_GETFL's results are flags (the plan of its third argument). */
  fcntl?: ArgPlan;
  /** umask: the result is a mode, in octal. */
  octResult: boolean;
  /** -y: the result is a new fd, shown with its name (fcntl: F_DUPFD only). */
  fdResult?: boolean;
  /** -y: dup*, fcntl: the result's name is the first argument's (it is copied after the line). */
  fdFromArg0?: boolean;
  /** poll, ppoll: the result is followed by ` (Timeout)` or the revents. */
  poll: boolean;
  /** futex: only its common operations (FAST_FUTEX_CMDS) take the byte path. */
  futex: boolean;
  /** ppoll: and by the time left. */
  ppoll: boolean;
  /**
   * SyscallSpec.select: the selecting argument's offset in the record and the values that pick a
   * copy (fcntl's lock commands); those records take decodeCall(), the others the byte path.
   */
  sel?: { at: number; vals: ReadonlySet<number> };
  args: ArgPlan[];
}

/** The table as numbers; undefined when a value is not a u32 (then the kind takes the slow path). */
function xlat32(x: Xlat): Xlat32 | undefined {
  const t: Xlat32 = { names: [], values: [], unknown: unknownComment(x) };
  for (const [name, v] of x) {
    if (v < 0n || v >= 0x100000000n) return undefined;
    t.names.push(name);
    t.values.push(Number(v));
  }
  return t;
}

/** `hex()` of the u64 hi * 2^32 + lo. */
function hex64(hi: number, lo: number): string {
  return hi === 0
    ? "0x" + lo.toString(16)
    : "0x" + hi.toString(16) + lo.toString(16).padStart(8, "0");
}

/** The u64 hi * 2^32 + lo in decimal. */
function dec64(hi: number, lo: number): string {
  return hi < 0x200000 ? String(hi * TWO32 + lo) : ((BigInt(hi) << 32n) + BigInt(lo)).toString();
}

/** The s64 whose halves are hi (signed) and lo in decimal. */
function decS64(hi: number, lo: number): string {
  if (hi >= -0x200000 && hi < 0x200000) return String(hi * TWO32 + lo);
  return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) + BigInt(lo)).toString();
}

/**
 * xlatFlags() formatted as a "sym" value, hi being bits no u32 entry can name; `comment`: none
 * named, the number with the table's comment (SimpleKind.comment).
 */
function flagsText(t: Xlat32, hi: number, lo: number, comment = false): string {
  let s = "";
  let left = lo;
  const { names, values } = t;
  for (let k = 0; k < values.length; k++) {
    const x = values[k];
    if (x === 0) continue;
    if (((left & x) >>> 0) === x) {
      s = s === "" ? names[k] : s + "|" + names[k];
      left = (left & ~x) >>> 0;
    }
  }
  if (left === 0 && hi === 0) {
    if (s !== "") return s;
    const z = values.indexOf(0);
    return z >= 0 ? names[z] : "0";
  }
  if (s === "") return comment ? hex64(hi, left) + t.unknown : hex64(hi, left);
  return s + "|" + hex64(hi, left);
}

/** xlatValue() formatted as a "sym" value. */
function valueText(t: Xlat32, hi: number, lo: number): string {
  if (hi === 0) {
    const k = t.values.indexOf(lo);
    if (k >= 0) return t.names[k];
  }
  // strace prints an unknown 0 as `0 /* PREFIX??? */`
  return (hi === 0 && lo === 0 && t.unknown !== "" ? "0" : hex64(hi, lo)) + t.unknown;
}

/** modeAndFlags() formatted, v a u32. */
function modeText(mode: Xlat32, mask: number, flags: Xlat32, v: number): string {
  const mv = (v & mask) >>> 0;
  const k = mode.values.indexOf(mv);
  let s = k >= 0 ? mode.names[k] : "";
  let rest = k >= 0 ? 0 : mv;
  let left = (v & ~mask) >>> 0;
  let named = false;
  const { names, values } = flags;
  for (let j = 0; j < values.length; j++) {
    const x = values[j];
    if (x === 0) continue;
    if (((left & x) >>> 0) === x) {
      s = s === "" ? names[j] : s + "|" + names[j];
      named = true;
      left = (left & ~x) >>> 0;
    }
  }
  if (!named && left === 0) {
    const z = values.indexOf(0);
    if (z >= 0) s = s === "" ? names[z] : s + "|" + names[z];
  }
  rest = (rest | left) >>> 0;
  if (rest !== 0 || s === "") s = s === "" ? hex64(0, rest) : s + "|" + hex64(0, rest);
  return s;
}

/** signalName() of 0..64 (none has a name outside 1..64). */
const SIGNAL_NAMES: (string | undefined)[] = Array.from(
  { length: 65 },
  (_, i) => signalName(BigInt(i)),
);

const FCNTL_INT_CMDS = [0, 1030, 8, 10, 1024, 1031];
/** fcntl commands whose result strace shows as flags: F_GETFD (1), F_GETFL (3). */
const FCNTL_FLAG_RESULT = (cmd: number) => cmd === 1 || cmd === 3;
const FCNTL_NO_ARG_CMDS = [1, 3, 9, 11, 1025, 1032, 1034];

/** The plan of one argument kind; undefined for a kind the fast path leaves to decodeCall(). */
function argPlan(
  arch: Arch,
  kind: Kind,
  omit: number,
  name = "",
  fds = false,
): ArgPlan | undefined {
  const simple = (op: number, n = 0): ArgPlan => ({ op, n, omit });
  const table = (op: number, x: Xlat, n: number): ArgPlan | undefined => {
    const t = xlat32(x);
    return t && { op, n, t, omit };
  };
  // printflags() with a default: no name at all is the number with the table's comment
  const commented = (a: ArgPlan | undefined): ArgPlan | undefined => {
    if (a) a.c = true;
    return a;
  };
  const mode = (m: Xlat, mask: number, f: Xlat): ArgPlan | undefined => {
    const mt = xlat32(m), ft = xlat32(f);
    return mt && ft && { op: A_MODE, n: mask, t: ft, m: mt, omit };
  };
  if (fds && kind === "fd") return simple(A_FD);
  if (fds && kind === "dirfd") return simple(A_DIRFD_Y);
  switch (kind) {
    case "fd":
    case "int":
      return simple(A_I32);
    case "dirfd":
      return simple(A_DIRFD);
    case "long":
      return simple(A_I64);
    case "uint":
      return simple(A_U32);
    case "ulong":
      return simple(A_U64);
    case "oct":
      return simple(A_OCT);
    case "uid":
      return simple(A_UID);
    case "hex":
    case "skip":
      return simple(A_HEX);
    case "ptr":
      return simple(A_PTR);
    case "path":
    case "rstr":
      return simple(A_MEM, 1);
    case "str":
      return { op: A_MEM, n: 1, omit, cut: true };
    case "wbuf":
    case "rbuf":
    case "rsockbuf":
      return simple(A_MEM, 2);
    case "wiov":
    case "riov":
      return simple(A_IOV, 3);
    case "sockaddr":
    case "osockaddr":
      return simple(fds ? A_SADDR_Y : A_SADDR, 4);
    case "openflags":
      return mode(OPEN_ACCMODE, 3, openFlagsTable(arch));
    case "oflags":
      return commented(table(A_FLAGS, openFlagsTable(arch), W_U32));
    case "atflags":
      return commented(table(A_FLAGS, AT_FLAGS, W_U32));
    case "accessatflags":
      return commented(table(A_FLAGS, ACCESS_AT_FLAGS, W_U32));
    case "access":
      // printflags(access_modes, ..., "?_OK"): `0x8 /* ?_OK */`
      return commented(table(A_FLAGS, ACCESS_MODES, W_U32));
    case "prot":
      return commented(table(A_FLAGS, protTable(arch), W_RAW));
    case "mapflags":
      return mode(MAP_TYPES, 0xf, mapFlagsTable(arch));
    case "af":
      return table(A_VALUE, ADDRESS_FAMILIES, W_I32);
    case "socktype":
      return mode(SOCK_TYPES, 0xf, SOCK_FLAGS);
    case "sockflags":
      return table(A_FLAGS, SOCK_FLAGS, W_U32);
    case "msgflags":
      return table(A_FLAGS, MSG_FLAGS, W_U32);
    case "proto":
      return table(A_PROTO, IP_PROTOCOLS, W_I32);
    case "fcntlcmd":
      return table(A_VALUE, FCNTL_CMDS, W_I32);
    case "fcntlarg": {
      const fd = xlat32(FD_FLAGS), acc = xlat32(OPEN_ACCMODE);
      const open = xlat32(openFlagsTable(arch));
      return fd && acc && open && { op: A_FCNTLARG, n: 0, t: fd, m: acc, f: open, omit };
    }
    case "signal":
      return simple(A_SIGNAL);
    case "sighow":
      return table(A_VALUE, SIGPROCMASK_HOW, W_I32);
    case "whence":
      return table(A_VALUE, SEEK_WHENCE, W_U32);
    case "renameflags":
      return table(A_FLAGS, RENAME_FLAGS, W_U32);
    case "wait":
      return table(A_FLAGS, WAIT_OPTIONS, W_U32);
    case "madv":
      return table(A_VALUE, MADV, W_I32);
    case "mremap":
      return table(A_FLAGS, MREMAP_FLAGS, W_RAW);
    case "shut":
      return table(A_VALUE, SHUTDOWN_HOW, W_I32);
    case "futexop":
      return mode(FUTEX_OPS, FUTEX_OP_MASK, FUTEX_OP_FLAGS);
    case "clockid":
      return table(A_VALUE, CLOCK_IDS, W_I32);
    case "timerflags":
      return table(A_FLAGS, TIMER_FLAGS, W_U32);
    case "ioctlcmd":
      return table(A_VALUE, IOCTL_CMDS, W_U32);
    case "archprctl":
      return table(A_VALUE, ARCH_PRCTL_CODES, W_I32);
    case "prctlopt":
      return table(A_VALUE, PRCTL_OPTIONS, W_U32);
    case "rlimit":
      return table(A_VALUE, RLIMITS, W_U32);
    case "grndflags":
      return table(A_FLAGS, GRND_FLAGS, W_U32);
    case "flockop":
      return table(A_FLAGS, FLOCK_OPS, W_U32);
    case "mclflags":
      return table(A_FLAGS, MCL_FLAGS, W_U32);
    case "msflags":
      return table(A_FLAGS, MS_FLAGS, W_U32);
    case "efdflags":
      return table(A_FLAGS, EFD_FLAGS, W_U32);
    case "epollflags":
      return table(A_FLAGS, EPOLL_FLAGS, W_U32);
    case "statxflags":
      return mode(STATX_SYNC, 0x6000, AT_FLAGS);
    case "statxmask":
      return table(A_FLAGS, STATX_MASK, W_U32);
    case "epollctl":
      return table(A_VALUE, EPOLL_CTL_OPS, W_I32);
    case "solevel": {
      const t = xlat32(SOCKET_LEVELS);
      return t && { op: A_VALUE, n: W_U32, t: { ...t, unknown: " /* SOL_?? */" }, omit };
    }
    case "soname":
      return { op: A_SONAME, n: name === "getsockopt" ? 1 : 0, omit };
  }
  // structures the result decides (wait4's status, getgroups' count): decodeCall()
  if (RESULT_KINDS.has(kind)) return undefined;
  if (STRUCT_KINDS.has(kind)) {
    // a signal set with its size in another argument: strace shows the address for a bad size
    const z = kind === "sigset" || kind === "osigset" ? sigsetSizeArg(arch, name) : undefined;
    return { op: A_STRUCT, n: 7, s: { kind, arch, name, z }, omit };
  }
  const k = SIMPLE_KINDS[kind];
  if (k?.decimal) {
    // a name, or the number in decimal: by the register's low half read as k.width says
    const byValue = new Map<number, string>();
    for (const [n, v] of k.table) {
      const key = Number(k.width === "i32" ? BigInt.asIntN(32, v) : BigInt.asUintN(32, v));
      if (!byValue.has(key)) byValue.set(key, n);
    }
    return k.width === "u64"
      ? undefined
      : { op: A_NAMED, n: k.width === "i32" ? W_I32 : W_U32, names: byValue, omit };
  }
  if (k) {
    const a = table(
      k.flags ? A_FLAGS : A_VALUE,
      k.table,
      k.width === "i32" ? W_I32 : k.width === "u32" ? W_U32 : W_RAW,
    );
    if (a && k.comment) a.c = true;
    return a;
  }
  // clone, socket addresses, argv, fds, msghdr: decodeCall()
  return undefined;
}

/**
 * Calls with a SyscallSpec.select whose records take the byte path unless the selecting argument
 * picks a copy (CallPlan.sel): fcntl, bpf. arch_prctl's other codes, among others, print
 * differently.
 */
const SELECT_BYTE_PATH: ReadonlySet<string> = new Set(["fcntl", "bpf"]);

/** The plan of syscall `nr`; null when one of its arguments needs decodeCall(). */
function callPlan(arch: Arch, nr: number, fds = false): CallPlan | null {
  const name = syscallName(arch, nr);
  // prctl's arguments depend on its option: formatCall()'s prctlCall(); those of ptrace, keyctl...
  // on their request: multiplexedArgs()
  // arch_prctl's on its code (SyscallSpec.select: what the module copied for it); of the calls
  // with a select, those whose other values print as their kinds say take the byte path for them
  if (
    name === "prctl" || MULTIPLEXED.has(name) || (SPEC[name]?.select && !SELECT_BYTE_PATH.has(name))
  ) {
    return null;
  }
  // a named result (resultNote()), clone3's parent_tid after the call (clone3After()): the
  // decoded path (none of these is frequent)
  if (RESULT_NOTE.has(name) || name === "clone3") return null;
  const specs = argSpecs(arch, nr);
  // the values of a selecting argument that pick a copy take decodeCall() (SyscallSpec.select)
  const sel = SPEC[name]?.select;
  const args: ArgPlan[] = [];
  if (!specs) {
    for (let i = 0; i < 6; i++) args.push({ op: A_HEX, n: 0, omit: OMIT_NONE });
  } else {
    for (let i = 0; i < specs.length; i++) {
      const omit = (name === "open" && i === 2) || (name === "openat" && i === 3)
        ? OMIT_OPEN_MODE
        : name === "fcntl" && i === 2
        ? OMIT_FCNTL
        : name === "futex" && i >= 2
        ? OMIT_FUTEX
        : name === "mremap" && i === 4
        ? OMIT_MREMAP
        : name === "ioctl" && i === 2
        ? OMIT_IOCTL
        : i === 4 && HIDES_ARG4.has(name)
        ? OMIT_ALWAYS
        : OMIT_NONE;
      const a = argPlan(arch, specs[i].kind, omit, name, fds);
      if (!a) return null;
      args.push(a);
    }
  }
  return {
    open: name + "(",
    hexResult: decodeResult(arch, nr, 0n).hex === true,
    args,
    fcntl: name === "fcntl" ? args[2] : undefined,
    octResult: name === "umask",
    fdResult: fds && FD_EFFECT_OF[name] !== undefined &&
      (name === "fcntl" || returnsFd(name, 0n)),
    fdFromArg0: FD_EFFECT_OF[name] === "dup" || name === "fcntl",
    poll: name === "poll" || name === "ppoll",
    futex: name === "futex",
    ppoll: name === "ppoll",
    sel: sel && { at: 48 + 8 * sel.on, vals: new Set(sel.cases.map(([v]) => v)) },
  };
}

/** Plans by syscall number, built on first use; null: the syscall takes the slow path. */
/** Syscall numbers from here on are not planned (they are not in any table). */
const PLAN_NR_MAX = 4096;
// filled with undefined up front: an array written at scattered indices would turn sparse
const unplanned = () => new Array<CallPlan | null | undefined>(PLAN_NR_MAX).fill(undefined);
const PLANS: Record<Arch, (CallPlan | null | undefined)[]> = {
  x86_64: unplanned(),
  aarch64: unplanned(),
};
/** The same with fd names (-y). */
const PLANS_Y: Record<Arch, (CallPlan | null | undefined)[]> = {
  x86_64: unplanned(),
  aarch64: unplanned(),
};

/** -y: the fd tables the byte path's A_FD arguments look up (one per CLI run). */
let yFds: FdTable | undefined;

/** O_TMPFILE's bits (it includes O_DIRECTORY, whose value differs by architecture). */
const tmpfileBits = (arch: Arch) =>
  Number(openFlagsTable(arch).find(([name]) => name === "O_TMPFILE")![1]);

/** Whether argument `i` (ArgPlan.omit) is left out, as omitted() decides. */
function isOmitted(how: number, view: DataView, off: number, i: number, tmp: number): boolean {
  if (how === OMIT_OPEN_MODE) {
    // openTakesMode() of U32(args[i - 1])
    const f = view.getUint32(off + 40 + 8 * i, true);
    return !((f & 0o100) !== 0 || ((f & tmp) >>> 0) === tmp);
  }
  if (how === OMIT_ALWAYS) return true;
  if (how === OMIT_IOCTL) return ioctlTakesNoArg(view.getUint32(off + 56, true));
  if (how === OMIT_FUTEX) return i >= futexArgs(view.getUint32(off + 56, true) & FUTEX_CMD_MASK);
  // mremap's new_address, unless flags (its fourth argument) has MREMAP_FIXED
  if (how === OMIT_MREMAP) return (view.getUint32(off + 72, true) & 2) === 0;
  const cmd = view.getInt32(off + 56, true);
  return FCNTL_NO_ARG_CMDS.includes(cmd);
}

/** The text of argument `i` of the record at `off`, as formatValue(decodeOne()) prints it. */
function argText(
  a: ArgPlan,
  buf: Uint8Array,
  view: DataView,
  off: number,
  end: number,
  i: number,
): string {
  const p = off + 48 + 8 * i;
  const lo = view.getUint32(p, true);
  switch (a.op) {
    case A_I32:
      return String(lo | 0);
    case A_DIRFD:
      return (lo | 0) === -100 ? "AT_FDCWD" : String(lo | 0);
    case A_FD:
    case A_DIRFD_Y: {
      const v = lo | 0;
      if (v < 0) {
        if (v !== -100 || a.op !== A_DIRFD_Y) return String(v);
        // strace -y: AT_FDCWD</the/working/directory>
        return "AT_FDCWD" + (yFds!.cwdTag(view.getUint32(off + 16, true)) ?? "");
      }
      const tag = yFds!.tag(view.getUint32(off + 16, true), v);
      return tag === undefined ? String(v) : v + tag;
    }
    case A_I64:
      return decS64(view.getInt32(p + 4, true), lo);
    case A_U32:
      return String(lo);
    case A_U64:
      return dec64(view.getUint32(p + 4, true), lo);
    case A_OCT:
      return octText(lo & 0xffff);
    case A_UID:
      return lo === 0xffffffff ? "-1" : String(lo);
    case A_HEX: {
      const hi = view.getUint32(p + 4, true);
      return lo === 0 && hi === 0 ? "0" : hex64(hi, lo);
    }
    case A_PTR: {
      const hi = view.getUint32(p + 4, true);
      return lo === 0 && hi === 0 ? "NULL" : hex64(hi, lo);
    }
    case A_IOV:
    case A_MEM:
    case A_SADDR:
    case A_SADDR_Y: {
      const hi = view.getUint32(p + 4, true);
      if (lo === 0 && hi === 0) return "NULL";
      const items = off + SYSCALL_SIZE;
      const it = end > items ? findItem(buf, items, end, i, a.n) : -1;
      if (a.op === A_IOV) {
        const vt = end > items ? findItem(buf, items, end, i, 8) : -1;
        if (vt >= 0) return iovText(buf, view, vt, it, hi, lo);
      }
      if (it < 0) return hex64(hi, lo);
      const len = buf[it] | (buf[it + 1] << 8);
      const flags = buf[it + 4] | (buf[it + 5] << 8);
      // printstr(): -s bytes, read no further, so a fault past them does not show
      if (a.cut && len > strLimit) {
        return '"' + escapeRange(buf, it + 8, it + 8 + strLimit) + '"...';
      }
      // memory that could not be read to its end: the address, as strace's umoven_or_printaddr()
      if (flags & IF_FAULT) return hex64(hi, lo);
      if (a.op === A_SADDR) {
        // an object for the address alone, as rare as the calls that carry one
        const sa = decodeSockaddr(buf.subarray(it + 8, it + 8 + len), (flags & IF_TRUNC) !== 0);
        return sa ? formatSockaddr(sa) : hex64(hi, lo);
      }
      if (a.op === A_SADDR_Y) {
        const sa = decodeSockaddr(buf.subarray(it + 8, it + 8 + len), (flags & IF_TRUNC) !== 0);
        if (!sa) return hex64(hi, lo);
        setSockaddrFds(yFds, view.getUint32(off + 16, true));
        const text = formatSockaddr(sa);
        setSockaddrFds(undefined, 0);
        return text;
      }
      // a string item (a.n 1) of PATH_MAX bytes: 4095 and `...`, as memValue()
      if (a.n === 1 && len > STR_SHOWN_MAX) {
        return '"' + escapeRange(buf, it + 8, it + 8 + STR_SHOWN_MAX) + '"...';
      }
      const q = '"' + escapeRange(buf, it + 8, it + 8 + len) + '"';
      return flags & IF_TRUNC ? q + "..." : q;
    }
    case A_FLAGS:
      return flagsText(a.t!, a.n === W_RAW ? view.getUint32(p + 4, true) : 0, lo, a.c === true);
    case A_SONAME:
      return sonameText(view.getUint32(off + 56, true), lo, a.n === 1);
    case A_VALUE:
      // I32(raw) is shown, when no name has it, as the u64 of its sign extension
      return valueText(
        a.t!,
        a.n === W_RAW
          ? view.getUint32(p + 4, true)
          : a.n === W_I32 && (lo | 0) < 0
          ? 0xffffffff
          : 0,
        lo,
      );
    case A_NAMED: {
      const v = a.n === W_I32 ? lo | 0 : lo;
      return a.names!.get(v) ?? String(v);
    }
    case A_MODE:
      return modeText(a.m!, a.n, a.t!, lo);
    case A_SIGNAL: {
      const v = lo | 0;
      return (v >= 0 && v <= 64 ? SIGNAL_NAMES[v] : undefined) ?? String(v);
    }
    case A_PROTO: {
      const af = view.getInt32(off + 48, true);
      if (af !== 2 && af !== 10) return String(lo | 0);
      return valueText(a.t!, (lo | 0) < 0 ? 0xffffffff : 0, lo);
    }
    case A_STRUCT: {
      // an object for the structure alone, as formatValue(structValue()) of decodeCall()
      const s = a.s!;
      const hi = view.getUint32(p + 4, true);
      // ioctl's argument as a value its command names (TCFLSH's TCIFLUSH, TCSBRK's int)
      if (s.kind === "ioctlarg") {
        const d = ioctlDirectValue(view.getUint32(off + 56, true), view.getBigUint64(p, true));
        if (d) return formatValue(d);
      }
      if (lo === 0 && hi === 0) {
        return (s.kind === "ioctlarg" && !ioctlArgIsPointer(view.getUint32(off + 56, true))) ||
            (s.kind === "futexarg" && !futexTimed(view.getUint32(off + 56, true)))
          ? "0"
          : "NULL";
      }
      if (s.z !== undefined) {
        // (two u32 reads: no BigInt on this path, rt_sigprocmask's)
        const z = off + 48 + 8 * s.z;
        if (!sigsetSizeFits(s.name, view.getUint32(z + 4, true), view.getUint32(z, true))) {
          return hex64(hi, lo);
        }
      }
      const items = off + SYSCALL_SIZE;
      const it = end > items ? findItem(buf, items, end, i, 7) : -1;
      // nothing copied (a failed call, the tracefs backend): the address, with no object; an
      // array of no elements has no item either: `[]`
      if (it < 0) {
        if (!ARRAY_KINDS.has(s.kind)) return hex64(hi, lo);
        const raw = view.getBigUint64(p, true);
        return formatValue(structValue(s.arch, s.kind, raw, undefined, recordArgs(view, off)));
      }
      const iflags = buf[it + 4];
      if (s.kind === "loffinout") return loffText(buf, it, end, i) ?? hex64(hi, lo);
      if (!verboseStructs && !(iflags & IF_FAULT)) {
        const t = structTextFast(
          s.arch,
          s.kind,
          buf,
          it + 8,
          buf[it] | (buf[it + 1] << 8),
          (iflags & IF_TRUNC) !== 0,
        );
        if (t !== undefined) return t;
      }
      const raw = view.getBigUint64(p, true);
      const c = structItem(buf, it, i);
      const args = structArgs(s.kind, view, off);
      return formatValue(
        structValue(s.arch, s.kind, raw, c, args, sockoptLens(s.kind, buf, items, end, i)),
      );
    }
    case A_FCNTLARG: {
      const cmd = view.getInt32(off + 56, true);
      const hi = view.getUint32(p + 4, true);
      // F_SETSIG, F_SETLEASE, F_NOTIFY, F_ADD_SEALS
      if (cmd === 10 || cmd === 1024 || cmd === 1026 || cmd === 1033) {
        return formatValue(fcntlArgOther(cmd, view.getBigUint64(p, true))!);
      }
      if (cmd === 2) return flagsText(a.t!, hi, lo); // F_SETFD
      if (cmd === 4) return modeText(a.m!, 3, a.f!, lo); // F_SETFL
      if (FCNTL_INT_CMDS.includes(cmd)) return String(lo | 0);
      return lo === 0 && hi === 0 ? "0" : hex64(hi, lo);
    }
  }
  throw new Error(`no argument op ${a.op}`);
}

/** An address as printaddr() shows it: NULL, or hex. */
const addrText = (hi: number, lo: number) => (hi === 0 && lo === 0 ? "NULL" : hex64(hi, lo));

/**
 * iovElements() in decode.ts from the bytes: the IOVEC item at `vt` (struct msd_iovec per
 * element) with the IOV item of their bytes gathered at `it` (-1: none); hi, lo the argument.
 */
function iovText(
  buf: Uint8Array,
  view: DataView,
  vt: number,
  it: number,
  hi: number,
  lo: number,
): string {
  const n = (buf[vt] | (buf[vt + 1] << 8)) >> 4, vflags = buf[vt + 4];
  if (vflags & IF_FAULT && n === 0) return hex64(hi, lo);
  const dlen = it < 0 ? -1 : buf[it] | (buf[it + 1] << 8), dflags = it < 0 ? 0 : buf[it + 4];
  const d = it + 8;
  let s = "[";
  let used = 0;
  // strace's print_array(): at most -s elements unless -v
  const shownN = !verboseStructs && n > strLimit ? strLimit : n;
  for (let k = 0; k < shownN; k++) {
    const e = vt + 8 + 16 * k;
    const bLo = view.getUint32(e, true), bHi = view.getUint32(e + 4, true);
    const lLo = view.getUint32(e + 8, true), lHi = view.getUint32(e + 12, true);
    let shown: string;
    if (dlen < 0) shown = addrText(bHi, bLo);
    else {
      const avail = dlen - used;
      if (lHi === 0 && lLo <= avail) {
        shown = '"' + escapeRange(buf, d + used, d + used + lLo) + '"';
        used += lLo;
      } else {
        shown = dflags & IF_FAULT
          ? addrText(bHi, bLo)
          : '"' + escapeRange(buf, d + used, d + dlen) + (dflags & IF_TRUNC ? '"...' : '"');
        used = dlen;
      }
    }
    s += (k === 0 ? "{iov_base=" : ", {iov_base=") + shown + ", iov_len=" + dec64(lHi, lLo) + "}";
  }
  // an element that could not be read, right after those shown: `... /* its address */`
  const sep = n > 0 ? ", " : "";
  if (vflags & IF_FAULT && shownN === n) {
    const at = BigInt.asUintN(
      64,
      BigInt(hi >>> 0) * 0x100000000n + BigInt(lo >>> 0) + BigInt(16 * n),
    );
    return s + sep + "... /* 0x" + at.toString(16) + " */]";
  }
  // more elements than the item holds or shown
  if (vflags & IF_TRUNC || vflags & IF_FAULT || shownN < n) return s + sep + "...]";
  return s + "]";
}

const ZERO_DURATION = durationOf(0);

/** Options of the text format (strace's -t, -tt, -ttt, -r, -x, -xx). */
export interface TextOptions {
  /**
   * TIME as "t" HH:MM:SS, "tt" HH:MM:SS.uuuuuu, "ttt" seconds.uuuuuu since the epoch, "relative"
   * seconds.uuuuuu since the previous line's TIME; undefined: HH:MM:SS.nnnnnnnnn.
   */
  timestamps?: "t" | "tt" | "ttt" | "relative";
  /**
   * 1: strings with a byte neither printable nor \t..\r in \x hex (-x); 2: all (-xx); 3: C
   * escapes, \x instead of octal for the other bytes (--strings-in-hex=non-ascii-chars).
   */
  hexStrings?: 1 | 2 | 3;
  /**
   * -s: the bytes shown of each of execve's argv strings (the module copies them whole), cut
   * as strace cuts them, `"abc"...`; undefined: SNAPLEN_DEFAULT.
   */
  strLimit?: number;
  /** -v: structures with every field, where strace abbreviates them without -v. */
  verbose?: boolean;
  /** -n: a completed call's number before it, `[  50] listen(0, 0) = 0` (strace's). */
  syscallNumbers?: boolean;
  /** -X: constants by name (0, the default), as numbers (1, raw) or both (2, verbose). */
  xlat?: XlatStyle;
  /** -e read=SET, -e write=SET: the data of these fds' reads and writes dumped after the line. */
  dump?: DumpSets;
  /**
   * The module dumps the buffer calls' buffers whole: their dump lines come from the DATA
   * records after them ({@link TextFormatter.formatData}), not from the call's record.
   */
  moduleDumps?: boolean;
  /** -y, -yy: fds with their names, from this table (kept up to date by the caller). */
  fds?: FdTable;
  /**
   * --events both: every exit is a line, the child's return from a fork too. Otherwise that
   * return (an exit with no entry, 0, of clone, clone3, fork or vfork) has no line, as with
   * strace -f: the parent's line shows the call.
   */
  both?: boolean;
}

/** strace's -n: `[  50] `, the number in its own ABI (a compat call's without COMPAT_NR_BASE). */
function nrTag(nr: number): string {
  return `[${String(nr >= COMPAT_NR_BASE ? nr - COMPAT_NR_BASE : nr).padStart(4)}] `;
}

const forkNrs = new Map<Arch, Set<number>>();
/** Whether r is a child's return from a fork: an exit record with no entry, 0, of a fork call. */
export function isChildReturn(arch: Arch, r: TraceRecord): boolean {
  if (r.kind !== "exit" || r.ret !== 0n) return false;
  let s = forkNrs.get(arch);
  if (!s) {
    s = new Set(FORK_NAMES.map((n) => syscallNumber(arch, n)).filter((n) => n !== undefined));
    forkNrs.set(arch, s);
  }
  return s.has(r.nr);
}

/** Renders records as text lines; keeps the event counter. */
export class TextFormatter {
  #arch: Arch;
  #num = 0;
  #clock = new ClockFormatter();
  #style: TextOptions["timestamps"];
  #hex: number;
  #strLimit: number;
  #verbose: boolean;
  #nrs: boolean;
  #xlat: XlatStyle;
  #dump: DumpSets | undefined;
  #moduleDumps: boolean;
  // the previous line's time as u32 halves (relative timestamps); -1: none yet
  #prevHi = -1;
  #prevLo = 0;
  // the halves of the last `offset` formatModule() was given; #offHi -1: outside 0..2^64
  #offset: bigint | undefined;
  #offLo = 0;
  #offHi = -1;
  #tmpfile: number;
  #fds: FdTable | undefined;
  #plans: (CallPlan | null | undefined)[];

  /** A formatter for records of `arch`, numbering events from 1. */
  constructor(arch: Arch, opts: TextOptions = {}) {
    this.#arch = arch;
    this.#fds = opts.fds;
    if (opts.fds) yFds = opts.fds;
    this.#plans = opts.fds ? PLANS_Y[arch] : PLANS[arch];
    this.#tmpfile = tmpfileBits(arch);
    this.#style = opts.timestamps;
    this.#hex = opts.hexStrings ?? 0;
    this.#strLimit = opts.strLimit ?? SNAPLEN_DEFAULT;
    this.#verbose = opts.verbose ?? false;
    this.#nrs = opts.syscallNumbers ?? false;
    this.#xlat = opts.xlat ?? 0;
    // -X raw and verbose: every call through the decoded record (the fast path writes names)
    if (this.#xlat !== 0) this.#plans = new Array(PLAN_NR_MAX).fill(null);
    // dumps: the calls that may have one too (format() adds it)
    this.#dump = opts.dump?.read || opts.dump?.write ? opts.dump : undefined;
    this.#moduleDumps = opts.moduleDumps ?? false;
    if (this.#dump && this.#xlat === 0) {
      this.#plans = unplanned();
      for (const n of DUMP_CALLS) {
        if (this.#moduleDumps && DUMP_BUF_CALLS.has(n)) continue;
        const nr = syscallNumber(arch, n);
        if (nr !== undefined && nr < PLAN_NR_MAX) this.#plans[nr] = null;
      }
    }
  }

  /** TIME of ns since the epoch hi * 2^32 + lo in a style other than the default. */
  #styled(hi: number, lo: number): string {
    const clock = this.#clock.formatHalves(hi, lo);
    switch (this.#style) {
      case "t":
        return clock.slice(0, 8);
      case "tt":
        return clock.slice(0, 15);
      case "ttt":
        return this.#clock.secText + "." + clock.slice(9, 15);
    }
    // relative: since the previous line (the first line: 0)
    const d = this.#prevHi < 0 ? 0 : (hi - this.#prevHi) * TWO32 + (lo - this.#prevLo);
    this.#prevHi = hi;
    this.#prevLo = lo;
    return d < 0 ? "-" + durationOf(-d) : durationOf(d);
  }

  /** TIME of `ts` (ns since the epoch). */
  #time(ts: bigint): string {
    if (this.#style === undefined) return this.#clock.format(ts);
    return ts < 0n || ts >= 0x10000000000000000n
      ? this.#clock.format(ts)
      : this.#styled(Number(ts >> 32n), Number(ts & 0xffffffffn));
  }

  /**
   * The text line of the module's record at `off` in `buf` (`view` views `buf` from its start):
   * `format(decodeRecord(buf, view, off, offset)!)`, computed from the bytes without decoding
   * the record for a completed syscall whose arguments are all of the kinds the fast path
   * knows. Numbering and clock are shared with {@link format}.
   */
  formatModule(buf: Uint8Array, view: DataView, off: number, offset: bigint): string {
    const size = view.getUint16(off, true);
    const nr = nrAt(view, off);
    if (
      view.getUint16(off + 2, true) !== REC_SYSCALL || size < SYSCALL_SIZE || nr < 0 ||
      nr >= PLAN_NR_MAX
    ) {
      return this.format(decodeRecord(buf, view, off, offset)!);
    }
    const plans = this.#plans;
    let plan = plans[nr];
    if (plan === undefined) plan = plans[nr] = callPlan(this.#arch, nr, this.#fds !== undefined);
    if (offset !== this.#offset) {
      this.#offset = offset;
      const ok = offset >= 0n && offset < 0x10000000000000000n;
      this.#offLo = ok ? Number(offset & 0xffffffffn) : 0;
      this.#offHi = ok ? Number(offset >> 32n) : -1;
    }
    const end = off + size;
    if (
      plan === null || this.#offHi < 0 ||
      (size > SYSCALL_SIZE && !itemsWellFormed(buf, off + SYSCALL_SIZE, end)) ||
      (plan.futex && !FAST_FUTEX_CMDS.has(view.getUint32(off + 56, true) & FUTEX_CMD_MASK)) ||
      (plan.sel !== undefined && plan.sel.vals.has(view.getUint32(off + plan.sel.at, true)))
    ) {
      return this.format(decodeRecord(buf, view, off, offset)!);
    }

    const tsAt = shownTsAt(view, off);
    const tsLo = view.getUint32(tsAt, true), tsHi = view.getUint32(tsAt + 4, true);
    let lo = tsLo + this.#offLo, hi = tsHi + this.#offHi;
    if (lo >= TWO32) {
      lo -= TWO32;
      hi++;
    }
    const tid = view.getUint32(off + 20, true);
    setHexStrings(this.#hex);
    verboseStructs = this.#verbose;
    strLimit = this.#strLimit;
    let line = `${++this.#num} ${
      this.#style === undefined ? this.#clock.formatHalves(hi, lo) : this.#styled(hi, lo)
    } ${view.getUint32(off + 24, true)} ${commOf(view, buf, off + 32, tid)} (${tid}) ${
      this.#nrs ? nrTag(nr) : ""
    }${plan.open}`;

    const args = plan.args;
    let first = true;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.omit !== OMIT_NONE && isOmitted(a.omit, view, off, i, this.#tmpfile)) continue;
      const s = argText(a, buf, view, off, end, i);
      line += first ? s : ", " + s;
      first = false;
    }
    if (view.getUint32(off + 28, true) & RF_UNFINISHED) return line + ") = ?";

    const rLo = view.getUint32(off + 96, true), rHi = view.getInt32(off + 100, true);
    let res: string;
    if (rHi === -1 && rLo > TWO32 - 4096) {
      const n = TWO32 - rLo;
      res = (n >= 512 && n <= 516 ? RESTART_TEXT[n - 512] : undefined) ??
        "-1 " + (errnoName(n) ?? n) + " (" + errnoText(n) + ")";
    } else if (
      plan.fcntl !== undefined && rHi === 0 && FCNTL_FLAG_RESULT(view.getInt32(off + 56, true))
    ) {
      // F_GETFD, F_GETFL: `= 0x1 (flags FD_CLOEXEC)`, `= 0x8002 (flags O_RDWR|O_LARGEFILE)`
      const f = plan.fcntl;
      res = view.getInt32(off + 56, true) === 1
        ? (rLo === 0 ? "0" : `0x${rLo.toString(16)} (flags ${flagsText(f.t!, 0, rLo)})`)
        : `${rLo === 0 ? "0" : "0x" + rLo.toString(16)} (flags ${modeText(f.m!, 3, f.f!, rLo)})`;
    } else if (plan.octResult && rHi === 0 && rLo < 0x10000) {
      res = octText(rLo);
    } else res = plan.hexResult ? hex64(rHi >>> 0, rLo) : decS64(rHi, rLo);
    if (plan.fdResult && rHi === 0 && rLo < 0x80000000) {
      const cmd = view.getInt32(off + 56, true);
      if (plan.fcntl === undefined || cmd === 0 || cmd === 1030) {
        const fd = plan.fdFromArg0 ? view.getInt32(off + 48, true) : rLo;
        res += yFds!.tag(view.getUint32(off + 16, true), fd) ?? "";
      }
    }
    if (plan.poll && rHi === 0) {
      // poll's note: ` (Timeout)`, or the entries the kernel set revents in
      if (rLo === 0) res += " (Timeout)";
      else {
        const items = off + SYSCALL_SIZE;
        const it = end > items ? findItem(buf, items, end, 0, 7) : -1;
        let left = -1;
        if (it >= 0 && plan.ppoll) {
          // the timeout's second item: as the kernel left it
          const t1 = findItem(buf, items, end, 2, 7);
          if (t1 >= 0) {
            left = findItem(buf, t1 + 8 + (((buf[t1] | (buf[t1 + 1] << 8)) + 7) & ~7), end, 2, 7);
          }
        }
        res += pollNote(
          it < 0 ? undefined : structItem(buf, it, 0),
          left < 0 ? undefined : structItem(buf, left, 2),
        );
      }
    }

    // ts - enter_ts: the offset added to both cancels
    const dHi = tsHi - view.getUint32(off + 108, true);
    let dur: string;
    if (dHi < 0x100000) {
      const ns = dHi * TWO32 + (tsLo - view.getUint32(off + 104, true));
      dur = ns <= 0 ? ZERO_DURATION : ns < 4e15 ? durationOf(ns) : formatDuration(BigInt(ns));
    } else {
      dur = formatDuration(view.getBigUint64(off + 8, true) - view.getBigUint64(off + 104, true));
    }
    return `${line}) = ${res} <${dur}>`;
  }

  /** The dump lines after a syscall's line, each after a newline, or "". */
  #dumped(r: Extract<TraceRecord, { kind: "syscall" }>, c: DecodedCall): string {
    const fd = Number(BigInt.asIntN(32, r.args[0] ?? 0n));
    const lines = dumpLines(this.#dump!, c.name, fd, c.args, r.args, r.ret, this.#moduleDumps);
    return lines.length ? "\n" + lines.join("\n") : "";
  }

  /**
   * The dump lines of the module's DATA record at `off` in `buf` (after its call's line, which
   * the caller wrote), joined by newlines; "" when there are none.
   */
  formatData(buf: Uint8Array, view: DataView, off: number): string {
    return dataText(buf, view, off);
  }

  /** The text line of one record. */
  format(r: TraceRecord): string {
    // -X raw and verbose: the style for this line only (the default style's lines, the byte
    // path's above all, never set it)
    if (this.#xlat === 0) return this.#format(r);
    setXlatStyle(this.#xlat);
    try {
      return this.#format(r);
    } finally {
      setXlatStyle(0);
    }
  }

  #format(r: TraceRecord): string {
    setHexStrings(this.#hex);
    strLimit = this.#strLimit;
    verboseStructs = this.#verbose;
    const head = `${++this.#num} ${this.#time(r.ts)} ${r.cpu}`;
    if (r.kind === "drop") return `${head} !! ${r.lost} events lost (buffer full)`;
    const who = `${head} ${r.comm} (${r.tid})`;
    if (r.kind === "syscall") {
      const n = this.#nrs ? nrTag(r.nr) : "";
      if (!this.#dump || !DUMP_CALLS.has(syscallName(this.#arch, r.nr))) {
        return `${who} ${n}${formatCall(this.#arch, r, this.#fds)}`;
      }
      // one decoding for the line and its dump
      const c = decodeCall(this.#arch, r.nr, r.args, r.items, r.ret);
      return `${who} ${n}${formatCall(this.#arch, r, this.#fds, c)}${this.#dumped(r, c)}`;
    }
    if (r.kind === "signal") return `${who} ${signalText(this.#arch, r)}`;
    if (r.kind === "procexit") return `${who} ${exitText(r)}`;
    if (r.kind === "exit") {
      const name = decodeCall(this.#arch, r.nr, []).name;
      let line = `${who} < ${name} res=${
        formatDecodedResult(decodeResult(this.#arch, r.nr, r.ret))
      }`;
      for (const a of exitOutputs(this.#arch, r)) line += ` ${a.name}=${formatValue(a.value)}`;
      return line;
    }
    const c = decodeCall(this.#arch, r.nr, r.args, r.items);
    let line = `${who} > ${c.name}`;
    for (const a of c.args) if (!a.out) line += ` ${a.name}=${formatValue(a.value)}`;
    return line;
  }
}

/** A sink writing text lines. */
export function textSink(out: LineOutput, arch: Arch, opts: TextOptions = {}): Sink {
  const f = new TextFormatter(arch, opts);
  if (opts.both) return lineSink(out, (r) => f.format(r));
  return lineSink(out, (r) => isChildReturn(arch, r) ? undefined : f.format(r));
}
