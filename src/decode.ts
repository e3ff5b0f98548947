/**
 * What a syscall record means: its arguments by name as structured values
 * (fds as signed ints, flags as names, paths and buffers from the memory the
 * kernel copied, socket addresses), and its result. Decoders never print:
 * the formatters (format_text.ts, format_json.ts) render these values.
 *
 * One small decoder per argument kind, chosen by the syscall's C prototype
 * (src/syscalls_*.ts) and, where the type says too little, by the per-syscall
 * spec (src/syscalls/spec.ts, strace's approach), both resolved once into the
 * generated src/syscalls/args_*.ts.
 *
 * @example
 * ```ts
 * import { decodeCall } from "./decode.ts";
 * const c = decodeCall("x86_64", 257, [0xffffff9cn, 0x1000n, 0x80000n, 0n, 0n, 0n], [
 *   { arg: 1, type: "str", data: new TextEncoder().encode("/etc/hosts") },
 * ]);
 * c.args.map((a) => a.name); // ["dfd", "filename", "flags"]
 * ```
 *
 * @module
 */
import type { Arch, Capture, ExitRecord } from "./record.ts";
import { COMPAT_NR_BASE, isCompatNr, syscallInfo, unknownSyscallName } from "./syscalls.ts";
import { type ArgSpec, OUT_KINDS } from "./syscalls/kinds.ts";
import { SIMPLE_KINDS } from "./xlat/kinds_simple.ts";
import { sigsetText, STRUCT_KINDS, structValue } from "./decode_struct.ts";
import { ARGS_X86_64 } from "./syscalls/args_x86_64.ts";
import { ARGS_AARCH64 } from "./syscalls/args_aarch64.ts";
import { ARGS_I386 } from "./syscalls/args_i386.ts";
import { ARGS_ARM } from "./syscalls/args_arm.ts";
import { HEX_RESULT_NAMES, NO_RETURN_NAMES } from "./syscalls/traits.ts";
import { errnoName } from "./errno.ts";
import { type Sym, unknownComment, type Xlat, xlatFlags, xlatValue } from "./xlat/xlat.ts";
import {
  ACCESS_AT_FLAGS,
  ACCESS_MODES,
  AT_FDCWD,
  AT_FLAGS,
  FCNTL_CMDS,
  FD_FLAGS,
  OPEN_ACCMODE,
  openFlagsTable,
  openTakesMode,
  RENAME_FLAGS,
  SEEK_WHENCE,
} from "./xlat/fcntl.ts";
import { MADV, MAP_TYPES, mapFlagsTable, MREMAP_FLAGS, protTable } from "./xlat/mman.ts";
import { CLONE_FLAGS, WAIT_OPTIONS } from "./xlat/sched.ts";
import {
  ARCH_PRCTL_CODES,
  CLOCK_IDS,
  EFD_FLAGS,
  EPOLL_CTL_OPS,
  EPOLL_FLAGS,
  FLOCK_OPS,
  FUTEX_OP_FLAGS,
  FUTEX_OP_MASK,
  FUTEX_OPS,
  GRND_FLAGS,
  IOCTL_CMDS,
  MCL_FLAGS,
  MFD_FLAGS,
  MS_FLAGS,
  PRCTL_OPTIONS,
  RLIMITS,
  STATX_MASK,
  STATX_SYNC,
  TIMER_FLAGS,
} from "./xlat/misc.ts";
import { signalName, SIGPROCMASK_HOW } from "./xlat/signal.ts";
import {
  MPOL_MODE_FLAGS,
  MPOL_MODE_FLAGS_MASK,
  MPOL_MODES,
  ptraceRequests,
  QUOTA_CMDS,
  QUOTA_TYPES,
} from "./xlat/multiplexed.ts";
import {
  ADDRESS_FAMILIES,
  IP_PROTOCOLS,
  MSG_FLAGS,
  SHUTDOWN_HOW,
  SOCK_FLAGS,
  SOCK_TYPES,
} from "./xlat/socket.ts";

/** A decoded socket address. */
export interface SockAddr {
  /** AF_INET, AF_UNIX..., or the number when unknown. */
  family: string;
  /** AF_INET/AF_INET6: host-order port. */
  port?: number;
  /** AF_INET/AF_INET6: the address in text form. */
  addr?: string;
  /** AF_INET6 flow information. */
  flowinfo?: number;
  /** AF_INET6 scope id. */
  scopeId?: number;
  /** AF_UNIX: the path (abstract names without their leading NUL). */
  path?: Uint8Array;
  /** AF_UNIX: an abstract name. */
  abstract?: boolean;
  /** Other families: the bytes after the family. */
  data?: Uint8Array;
  /** The kernel copied less than the whole address. */
  truncated?: boolean;
}

/** A decoded value. */
export type Value =
  | { t: "int"; v: bigint }
  | { t: "hex"; v: bigint }
  | { t: "oct"; v: bigint }
  | { t: "null" }
  | { t: "sym"; names: string[]; rest?: bigint; v: bigint; unknown?: string }
  | { t: "str"; bytes: Uint8Array; truncated?: boolean }
  | { t: "strs"; items: Uint8Array[]; truncated?: boolean; fault?: boolean }
  | { t: "fault"; ptr: bigint }
  | { t: "sockaddr"; sa: SockAddr }
  | { t: "fds"; fds: bigint[] }
  /** A structure; `short`: the fields strace shows without -v, then `...`. */
  | { t: "struct"; fields: Field[]; short?: Field[] }
  /** An array of structures; `truncated`: more than the module copied (`...`). */
  | { t: "array"; items: Value[]; truncated?: boolean }
  /** A value in strace's own notation (`S_IFREG|0644`, `makedev(0x1, 0x3)`, `[CHLD]`). */
  | { t: "text"; s: string };

/** A named value. */
export interface Field {
  /** Argument or field name. */
  name: string;
  /** Its decoded value. */
  value: Value;
  /** The value was filled in by the kernel (shown at exit). */
  out?: boolean;
  /** Argument position (0..5) of a syscall argument. */
  arg?: number;
}

/** A decoded syscall. */
export interface DecodedCall {
  /** Syscall name. */
  name: string;
  /** Decoded arguments in order. */
  args: Field[];
}

/** A decoded return value. */
export interface DecodedResult {
  /** The return value, signed. */
  v: bigint;
  /** Set for -4095..-1: the errno name, or "" when unknown. */
  errno?: string;
  /** Shown in hex (addresses: mmap, brk...). */
  hex?: boolean;
}

const I32 = (v: bigint) => BigInt.asIntN(32, v);
const U32 = (v: bigint) => BigInt.asUintN(32, v);
const I64 = (v: bigint) => BigInt.asIntN(64, v);

function sym(s: Sym, v: bigint): Value {
  return { t: "sym", names: s.names, rest: s.rest, v };
}

/** Flags whose low bits are an enumeration (O_RDONLY, MAP_PRIVATE, SOCK_STREAM). */
export function modeAndFlags(mode: Xlat, mask: bigint, flags: Xlat, v: bigint): Value {
  const m = xlatValue(mode, v & mask);
  const f = xlatFlags(flags, v & ~mask);
  const names = [...m.names, ...f.names];
  let rest: bigint | undefined = (m.rest ?? 0n) | (f.rest ?? 0n);
  if (rest === 0n) rest = undefined;
  if (names.length === 0 && rest === undefined) rest = 0n;
  return { t: "sym", names, rest, v };
}

/** Flags by name, unknown bits in hex. */
export function flagsOf(table: Xlat, v: bigint): Value {
  return sym(xlatFlags(table, v), v);
}

/** A named constant; an unknown one in hex with strace's comment (text only): `0x7 /* SEEK_??? *\/`. */
function valueOf(table: Xlat, v: bigint): Value {
  const s = xlatValue(table, v);
  if (s.names.length || s.rest === undefined) return sym(s, v);
  const unknown = unknownComment(table);
  return unknown ? { t: "sym", names: [], rest: s.rest, v, unknown } : sym(s, v);
}

// ---- socket addresses -------------------------------------------------------

function ipv6Text(b: Uint8Array): string {
  const w: number[] = [];
  for (let i = 0; i < 16; i += 2) w.push((b[i] << 8) | b[i + 1]);
  if (w.slice(0, 5).every((x) => x === 0) && w[5] === 0xffff) {
    return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  }
  // RFC 5952: the longest run of two or more zero words becomes ::
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(":");
  if (best < 0) return hex(w);
  return `${hex(w.slice(0, best))}::${hex(w.slice(best + bestLen))}`;
}

/** Decodes a socket address as user memory held it. */
export function decodeSockaddr(b: Uint8Array, truncated?: boolean): SockAddr | undefined {
  if (b.length < 2) return undefined;
  const fam = BigInt(b[0] | (b[1] << 8));
  const family = xlatValue(ADDRESS_FAMILIES, fam).names[0] ?? String(fam);
  const sa: SockAddr = { family };
  if (truncated) sa.truncated = true;
  const be16 = (o: number) => (b[o] << 8) | b[o + 1];
  const be32 = (o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  const le32 = (o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
  if (family === "AF_INET" && b.length >= 8) {
    sa.port = be16(2);
    sa.addr = `${b[4]}.${b[5]}.${b[6]}.${b[7]}`;
  } else if (family === "AF_INET6" && b.length >= 24) {
    sa.port = be16(2);
    sa.flowinfo = be32(4);
    sa.addr = ipv6Text(b.subarray(8, 24));
    // a 24-byte copy (a short buffer, RFC 2133's layout) has no scope id: none is shown
    if (b.length >= 28) sa.scopeId = le32(24);
  } else if (family === "AF_UNIX") {
    let p = b.subarray(2);
    if (p.length > 0 && p[0] === 0) {
      sa.abstract = true;
      p = p.subarray(1);
    } else {
      const nul = p.indexOf(0);
      if (nul >= 0) p = p.subarray(0, nul);
    }
    sa.path = p;
  } else {
    sa.data = b.subarray(2);
  }
  return sa;
}

// ---- argument kinds ---------------------------------------------------------

const ARGS: Record<Arch, readonly (readonly ArgSpec[] | null)[]> = {
  x86_64: ARGS_X86_64,
  aarch64: ARGS_AARCH64,
};

/**
 * Names and kinds of a syscall's arguments; null when unknown. From the per-syscall spec
 * (src/syscalls/spec.ts) resolved against the C prototypes by tools/gen_spec.ts, the same
 * resolution that gives the module its copiers.
 */
export function argSpecs(arch: Arch, nr: number): readonly ArgSpec[] | null {
  if (isCompatNr(nr)) return COMPAT_ARGS[arch][nr - COMPAT_NR_BASE] ?? null;
  return ARGS[arch][nr] ?? null;
}

/** The compat ABIs' arguments (src/syscalls.ts, COMPAT_NR_BASE), by their own numbers. */
const COMPAT_ARGS: Record<Arch, readonly (readonly ArgSpec[] | null)[]> = {
  x86_64: ARGS_I386,
  aarch64: ARGS_ARM,
};

function itemFor(items: Capture[] | undefined, arg: number, type?: Capture["type"]) {
  return items?.find((c) => c.arg === arg && (type === undefined || c.type === type));
}

/** A pointer argument shown from the memory copied, or as its address. */
function memValue(raw: bigint, c: Capture | undefined): Value {
  if (raw === 0n) return { t: "null" };
  if (!c) return { t: "hex", v: raw };
  // memory that could not be read to its end (a string running into an unmapped page): the
  // address, as strace shows it, not the bytes before the fault
  if (c.fault) return { t: "fault", ptr: raw };
  return { t: "str", bytes: c.data, truncated: c.truncated };
}

function splitArgv(c: Capture): Value {
  const items: Uint8Array[] = [];
  let s = 0;
  for (let i = 0; i < c.data.length; i++) {
    if (c.data[i] === 0) {
      items.push(c.data.subarray(s, i));
      s = i + 1;
    }
  }
  if (s < c.data.length) items.push(c.data.subarray(s));
  return { t: "strs", items, truncated: c.truncated, fault: c.fault };
}

function sockaddrValue(raw: bigint, c: Capture | undefined): Value {
  if (raw === 0n) return { t: "null" };
  if (!c || (c.fault && c.data.length === 0)) {
    return c ? { t: "fault", ptr: raw } : { t: "hex", v: raw };
  }
  const sa = decodeSockaddr(c.data, c.truncated);
  return sa ? { t: "sockaddr", sa } : { t: "hex", v: raw };
}

function decodeOne(
  arch: Arch,
  s: ArgSpec,
  i: number,
  args: bigint[],
  items: Capture[] | undefined,
  syscall = "",
): Value {
  const raw = args[i] ?? 0n;
  if (STRUCT_KINDS.has(s.kind)) {
    return structValue(arch, s.kind, raw, itemFor(items, i, "struct"), args, syscall);
  }
  switch (s.kind) {
    case "fd":
    case "int":
      return { t: "int", v: I32(raw) };
    case "dirfd": {
      const v = I32(raw);
      return v === AT_FDCWD ? { t: "sym", names: ["AT_FDCWD"], v } : { t: "int", v };
    }
    case "long":
      return { t: "int", v: I64(raw) };
    case "uint":
      return { t: "int", v: U32(raw) };
    case "ulong":
      return { t: "int", v: raw };
    case "oct":
      // umode_t is 16 bits: the register's upper bits are not the caller's
      return { t: "oct", v: raw & 0xffffn };
    case "uid":
      // uid_t and gid_t are unsigned; -1 ("no change") is shown as -1, as strace does
      return { t: "int", v: U32(raw) === 0xffffffffn ? -1n : U32(raw) };
    case "hex":
    case "skip":
      return { t: "hex", v: raw };
    case "ptr":
      return raw === 0n ? { t: "null" } : { t: "hex", v: raw };
    case "path":
    case "str":
    case "rstr":
      return memValue(raw, itemFor(items, i, "str"));
    case "wbuf":
    case "rbuf":
      return memValue(raw, itemFor(items, i, "buf"));
    case "wiov":
    case "riov":
      return memValue(raw, itemFor(items, i, "iov"));
    case "argv": {
      const c = itemFor(items, i, "argv");
      if (raw === 0n) return { t: "null" };
      if (!c || (c.fault && c.data.length === 0)) {
        return c ? { t: "fault", ptr: raw } : { t: "hex", v: raw };
      }
      return splitArgv(c);
    }
    case "sockaddr":
    case "osockaddr":
      return sockaddrValue(raw, itemFor(items, i, "sockaddr"));
    case "fds": {
      const c = itemFor(items, i, "fds");
      if (!c || c.data.length < 8) {
        if (raw === 0n) return { t: "null" };
        return c ? { t: "fault", ptr: raw } : { t: "hex", v: raw };
      }
      const dv = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
      return { t: "fds", fds: [BigInt(dv.getInt32(0, true)), BigInt(dv.getInt32(4, true))] };
    }
    case "wmsg":
    case "rmsg": {
      if (raw === 0n) return { t: "null" };
      const sa = itemFor(items, i, "sockaddr");
      const iov = itemFor(items, i, "iov");
      if (!sa && !iov) return { t: "hex", v: raw };
      if (iov?.fault && iov.data.length === 0 && !sa) return { t: "fault", ptr: raw };
      const fields: Field[] = [];
      if (sa) fields.push({ name: "msg_name", value: sockaddrValue(1n, sa) });
      if (iov) fields.push({ name: "msg_iov", value: memValue(1n, iov) });
      return { t: "struct", fields };
    }
    case "openflags":
      return modeAndFlags(OPEN_ACCMODE, 3n, openFlagsTable(arch), U32(raw));
    case "oflags":
      return flagsOf(openFlagsTable(arch), U32(raw));
    case "atflags":
      return flagsOf(AT_FLAGS, U32(raw));
    case "accessatflags":
      return flagsOf(ACCESS_AT_FLAGS, U32(raw));
    case "access":
      return flagsOf(ACCESS_MODES, U32(raw));
    case "prot":
      return flagsOf(protTable(arch), raw);
    case "mapflags":
      return modeAndFlags(MAP_TYPES, 0xfn, mapFlagsTable(arch), U32(raw));
    case "clone": {
      const f = xlatFlags(CLONE_FLAGS, raw & ~0xffn);
      const sig = raw & 0xffn;
      const names = [...f.names];
      if (sig) {
        const n = signalName(sig);
        if (n) names.push(n);
        else f.rest = (f.rest ?? 0n) | sig;
      }
      return { t: "sym", names, rest: names.length || f.rest ? f.rest : 0n, v: raw };
    }
    case "af":
      return valueOf(ADDRESS_FAMILIES, I32(raw));
    case "socktype":
      return modeAndFlags(SOCK_TYPES, 0xfn, SOCK_FLAGS, U32(raw));
    case "sockflags":
      return flagsOf(SOCK_FLAGS, U32(raw));
    case "msgflags":
      return flagsOf(MSG_FLAGS, U32(raw));
    case "proto": {
      const af = I32(args[0] ?? 0n);
      return af === 2n || af === 10n ? valueOf(IP_PROTOCOLS, I32(raw)) : { t: "int", v: I32(raw) };
    }
    case "fcntlcmd":
      return valueOf(FCNTL_CMDS, I32(raw));
    case "fcntlarg": {
      const cmd = I32(args[1] ?? 0n);
      if (cmd === 2n) return flagsOf(FD_FLAGS, raw); // F_SETFD
      if (cmd === 4n) return modeAndFlags(OPEN_ACCMODE, 3n, openFlagsTable(arch), U32(raw)); // F_SETFL
      if (
        cmd === 0n || cmd === 1030n || cmd === 8n || cmd === 10n || cmd === 1024n || cmd === 1031n
      ) {
        return { t: "int", v: I32(raw) };
      }
      return { t: "hex", v: raw };
    }
    case "signal": {
      const n = signalName(I32(raw));
      return n ? { t: "sym", names: [n], v: I32(raw) } : { t: "int", v: I32(raw) };
    }
    case "sighow":
      return valueOf(SIGPROCMASK_HOW, I32(raw));
    case "whence":
      return valueOf(SEEK_WHENCE, U32(raw));
    case "renameflags":
      return flagsOf(RENAME_FLAGS, U32(raw));
    case "wait":
      return flagsOf(WAIT_OPTIONS, U32(raw));
    case "madv":
      return valueOf(MADV, I32(raw));
    case "mremap":
      return flagsOf(MREMAP_FLAGS, raw);
    case "shut":
      return valueOf(SHUTDOWN_HOW, I32(raw));
    case "futexop":
      return modeAndFlags(FUTEX_OPS, BigInt(FUTEX_OP_MASK), FUTEX_OP_FLAGS, U32(raw));
    case "clockid":
      return valueOf(CLOCK_IDS, I32(raw));
    case "timerflags":
      return flagsOf(TIMER_FLAGS, U32(raw));
    case "ioctlcmd":
      return valueOf(IOCTL_CMDS, U32(raw));
    case "archprctl":
      return valueOf(ARCH_PRCTL_CODES, I32(raw));
    case "prctlopt":
      return valueOf(PRCTL_OPTIONS, U32(raw)); // strace: unsigned int option
    case "rlimit":
      return valueOf(RLIMITS, U32(raw));
    case "grndflags":
      return flagsOf(GRND_FLAGS, U32(raw));
    case "flockop":
      return flagsOf(FLOCK_OPS, U32(raw));
    case "mclflags":
      return flagsOf(MCL_FLAGS, U32(raw));
    case "msflags":
      return flagsOf(MS_FLAGS, U32(raw));
    case "efdflags":
      return flagsOf(EFD_FLAGS, U32(raw));
    case "mfdflags":
      return flagsOf(MFD_FLAGS, U32(raw));
    case "epollflags":
      return flagsOf(EPOLL_FLAGS, U32(raw));
    case "statxflags":
      return modeAndFlags(STATX_SYNC, 0x6000n, AT_FLAGS, U32(raw));
    case "statxmask":
      return flagsOf(STATX_MASK, U32(raw));
    case "epollctl":
      return valueOf(EPOLL_CTL_OPS, I32(raw));
    case "ptracereq":
      return valueOf(ptraceRequests(arch), raw); // strace: printxval64 of the long
    case "mpolmode":
      // set_mempolicy's mode is an int (strace: its unsigned int), mbind's an unsigned long
      return mpolMode(syscall === "set_mempolicy" ? U32(raw) : raw);
    case "quotacmd":
      return quotaCmd(U32(raw));
    case "sigframe": {
      // rt_sigreturn's frame: the mask it restores, which the module read at the call's entry
      const d = sigframeMask(items, i)!;
      const lo = d[0] | (d[1] << 8) | (d[2] << 16) | (d[3] << 24);
      const hi = d[4] | (d[5] << 8) | (d[6] << 16) | (d[7] << 24);
      return {
        t: "struct",
        fields: [{ name: "mask", value: { t: "text", s: sigsetText(lo >>> 0, hi >>> 0) } }],
      };
    }
  }
  const k = SIMPLE_KINDS[s.kind];
  if (k) {
    const v = k.width === "i32" ? I32(raw) : k.width === "u32" ? U32(raw) : raw;
    if (k.flags) {
      const f = xlatFlags(k.table, v);
      // strace's printflags() with a default: no name at all, the number with its comment
      if (k.comment && !f.names.length && f.rest) {
        return { t: "sym", names: [], rest: f.rest, v, unknown: unknownComment(k.table) };
      }
      return sym(f, v);
    }
    if (k.decimal) {
      const n = xlatValue(k.table, v).names;
      return n.length ? { t: "sym", names: n, v } : { t: "int", v };
    }
    return valueOf(k.table, v);
  }
  return { t: "hex", v: raw }; // the structure kinds, decoded above
}

/**
 * A memory policy as strace shows one: `MPOL_BIND`, `MPOL_BIND|MPOL_F_STATIC_NODES`, an unknown
 * mode without flags as `0x7 /* MPOL_??? *\/`, with flags as flags (`MPOL_F_STATIC_NODES|0x7`).
 */
function mpolMode(raw: bigint): Value {
  const flags = raw & MPOL_MODE_FLAGS_MASK;
  const mode = raw & ~MPOL_MODE_FLAGS_MASK;
  if (flags === 0n) return valueOf(MPOL_MODES, mode);
  const m = xlatValue(MPOL_MODES, mode);
  if (!m.names.length) return flagsOf(MPOL_MODE_FLAGS, raw);
  const f = xlatFlags(MPOL_MODE_FLAGS, flags);
  return { t: "sym", names: [...m.names, ...f.names], v: raw };
}

/** quotactl's command as strace shows it: `QCMD(Q_GETQUOTA, USRQUOTA)`. */
function quotaCmd(v: bigint): Value {
  const part = (table: Xlat, x: bigint, unknown: string) => {
    const n = xlatValue(table, x).names[0];
    return n ?? (x === 0n ? "0" : `0x${x.toString(16)}`) + ` /* ${unknown} */`;
  };
  return {
    t: "text",
    s: `QCMD(${part(QUOTA_CMDS, v >> 8n, "Q_???")}, ${part(QUOTA_TYPES, v & 0xffn, "???QUOTA")})`,
  };
}

/** rt_sigreturn's mask as the module copied it (8 bytes), or undefined (then no argument). */
function sigframeMask(items: Capture[] | undefined, i: number): Uint8Array | undefined {
  const c = itemFor(items, i, "struct");
  return c && !c.fault && c.data.length >= 8 ? c.data : undefined;
}

/** Arguments a syscall has but strace leaves out: open's mode without O_CREAT, fcntl's unused arg. */
function omitted(arch: Arch, name: string, i: number, args: bigint[]): boolean {
  if ((name === "open" && i === 2) || (name === "openat" && i === 3)) {
    return !openTakesMode(arch, U32(args[i - 1] ?? 0n));
  }
  if (name === "fcntl" && i === 2) {
    const cmd = I32(args[1] ?? 0n);
    return cmd === 1n || cmd === 3n || cmd === 9n || cmd === 11n || cmd === 1025n ||
      cmd === 1032n ||
      cmd === 1034n;
  }
  return false;
}

/**
 * Decodes a syscall's arguments. `items` is the memory the kernel copied
 * (absent: every pointer is shown as an address). Arguments filled in by the
 * kernel are marked `out`.
 */
export function decodeCall(
  arch: Arch,
  nr: number,
  args: bigint[],
  items?: Capture[],
): DecodedCall {
  const info = syscallInfo(arch, nr);
  const name = info?.name ?? unknownSyscallName(nr);
  const specs = argSpecs(arch, nr);
  const out: Field[] = [];
  if (!specs) {
    for (let i = 0; i < 6; i++) {
      out.push({ name: `arg${i}`, value: { t: "hex", v: args[i] ?? 0n } });
    }
    return { name, args: out };
  }
  if (isCompatNr(nr)) {
    // 32-bit registers: a `long` is sign-extended from 32 bits, everything else zero-extended
    args = args.map((a, i) =>
      specs[i]?.kind === "long" ? BigInt.asUintN(64, BigInt.asIntN(32, a)) : BigInt.asUintN(32, a)
    );
  }
  specs.forEach((s, i) => {
    if (omitted(arch, name, i, args)) return;
    if (s.kind === "sigframe" && !sigframeMask(items, i)) return;
    const f: Field = { name: s.name, value: decodeOne(arch, s, i, args, items, name), arg: i };
    if (OUT_KINDS.has(s.kind)) f.out = true;
    out.push(f);
  });
  return { name, args: out };
}

const HEX_RESULT = new Set(HEX_RESULT_NAMES);

/** Decodes a return value: errors in -4095..-1 get their errno name. */
export function decodeResult(arch: Arch, nr: number, ret: bigint): DecodedResult {
  if (ret < 0n && ret >= -4095n) return { v: ret, errno: errnoName(Number(-ret)) ?? "" };
  const cache = hexResultCache[arch];
  let hex = cache.get(nr);
  if (hex === undefined) cache.set(nr, hex = HEX_RESULT.has(syscallInfo(arch, nr)?.name ?? ""));
  return hex ? { v: ret, hex: true } : { v: ret };
}
const hexResultCache: Record<Arch, Map<number, boolean>> = {
  x86_64: new Map(),
  aarch64: new Map(),
};

/** True for a result in -4095..-1, the kernel's error range. */
export function isError(ret: bigint | undefined): boolean {
  return ret !== undefined && ret < 0n && ret >= -4095n;
}

/** Syscalls that do not return to the caller. */
export const NO_RETURN: ReadonlySet<string> = new Set(NO_RETURN_NAMES);

/**
 * The outputs an exit record carries (read's data, accept's address...). An
 * exit has no arguments, so each is decoded from its item alone.
 */
export function exitOutputs(arch: Arch, r: ExitRecord): Field[] {
  if (!r.items) return [];
  const args = [0n, 0n, 0n, 0n, 0n, 0n];
  for (const it of r.items) if (it.arg < 6) args[it.arg] = 1n;
  const c = decodeCall(arch, r.nr, args, r.items);
  return c.args.filter((a) => a.out && r.items!.some((it) => it.arg === a.arg));
}
