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
import { ifindexText } from "./ifname.ts";
import { hexBytes } from "./quote.ts";
import type { Arch, Capture, ExitRecord } from "./record.ts";
import {
  COMPAT_NR_BASE,
  isCompatNr,
  syscallInfo,
  syscallNumber as syscallNumberOf,
  unknownSyscallName,
} from "./syscalls.ts";
import { type ArgSpec, type Kind, OUT_KINDS } from "./syscalls/kinds.ts";
import { SPEC } from "./syscalls/spec.ts";
import { SIMPLE_KINDS } from "./xlat/kinds_simple.ts";
import {
  hexText,
  loffPairValue,
  makedevText,
  sigsetText,
  STRUCT_KINDS,
  structValue,
} from "./decode_struct.ts";
import { IOPRIO_CLASS, SWAP_FLAG_PRIO_MASK, SWAP_FLAGS } from "./xlat/system.ts";
import { solevelValue, sonameValue } from "./decode_sockopt.ts";
import { ARGS_X86_64 } from "./syscalls/args_x86_64.ts";
import { ARGS_AARCH64 } from "./syscalls/args_aarch64.ts";
import { ARGS_I386 } from "./syscalls/args_i386.ts";
import { ARGS_ARM } from "./syscalls/args_arm.ts";
import { HEX_RESULT_NAMES, NO_RETURN_NAMES } from "./syscalls/traits.ts";
import { errnoName } from "./errno.ts";
import {
  flagsText,
  octText,
  styledValue,
  type Sym,
  unknownComment,
  type Xlat,
  xlat,
  xlatFlags,
  xlatStyle,
  xlatValue,
} from "./xlat/xlat.ts";
import {
  ACCESS_AT_FLAGS,
  ACCESS_MODES,
  AT_FDCWD,
  AT_FLAGS,
  DN_FLAGS,
  F_SEALS,
  FCNTL_CMDS,
  FD_FLAGS,
  LEASE_TYPES,
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
  IPC_RESOURCE_FLAGS,
  KEXEC_ARCHES,
  KEXEC_LOAD_FLAGS,
  MPOL_MODE_FLAGS,
  MPOL_MODE_FLAGS_MASK,
  MPOL_MODES,
  ptraceRequests,
  QUOTA_CMDS,
  QUOTA_TYPES,
  SEMCTL_CMDS,
  SHM_RESOURCE_FLAGS,
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
  /** `note`: strace's comment after the address in text (execve's envp: ` /* 23 vars *\/`). */
  | { t: "hex"; v: bigint; note?: string }
  | { t: "oct"; v: bigint }
  | { t: "null" }
  /**
   * A named constant or flags. `unknown`: strace's comment for a value no name covers; `f`: flags
   * (printflags: -X verbose puts every name in one comment); `d`: -X raw and verbose show the
   * number in decimal (AT_FDCWD, signals, key serials), not hex.
   */
  | {
    t: "sym";
    names: string[];
    rest?: bigint;
    v: bigint;
    unknown?: string;
    f?: true;
    d?: true;
    /** -X raw and verbose: shown as these values, each in its style, joined by `|`. */
    parts?: Value[];
    /** -X verbose: the comment for flags none of whose bits has a name (` /* MS_??? *\/`). */
    dflt?: string;
  }
  /**
   * `cut`: text shows at most -s bytes, then `...` (strace's printstr(), not printpath());
   * `fault`: the address, where the copy faulted before -s + 1 bytes (strace reads no more).
   */
  | {
    t: "str";
    bytes: Uint8Array;
    truncated?: boolean;
    cut?: true;
    fault?: bigint;
    /** every byte in \x hex whatever -x says (strace's QUOTE_FORCE_HEX: getrandom's bytes) */
    hex?: true;
  }
  | { t: "strs"; items: Uint8Array[]; truncated?: boolean; fault?: boolean }
  | { t: "fault"; ptr: bigint }
  | { t: "sockaddr"; sa: SockAddr }
  | { t: "fds"; fds: bigint[] }
  /** A structure; `short`: the fields strace shows without -v, then `...`. */
  | { t: "struct"; fields: Field[]; short?: Field[] }
  /** An array of structures; `truncated`: more than the module copied (`...`). */
  /**
   * `moreAt`: where the part not shown begins, strace's `... /* 0x... *\/` (msg_control); `cap`:
   * text shows at most -s elements unless -v (strace's print_array()).
   */
  | { t: "array"; items: Value[]; truncated?: boolean; moreAt?: bigint; cap?: true }
  /** A value in strace's own notation (`S_IFREG|0644`, `makedev(0x1, 0x3)`, `[CHLD]`). */
  | { t: "text"; s: string }
  /**
   * One value in two forms: `shown` as the text format prints it (strace's), `data` as JSON,
   * filters and the other sinks keep it (an iovec array's elements against its bytes gathered;
   * `128 => 16`, a length the call changed, against the length it left). `brief`: what the text
   * shows instead without -v (strace's abbrev(): a BPF program's address).
   */
  | { t: "dual"; data: Value; shown: Value; brief?: Value };

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
  /**
   * In/out arguments as the call left them, where the module copied them again at exit (select's
   * and pselect6's fd sets and timeout, when the call returned more than 0); `args` has them as
   * they were passed.
   */
  returned?: Field[];
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

function sym(s: Sym, v: bigint, f?: true): Value {
  return f
    ? { t: "sym", names: s.names, rest: s.rest, v, f }
    : { t: "sym", names: s.names, rest: s.rest, v };
}

/** Flags whose low bits are an enumeration (O_RDONLY, MAP_PRIVATE, SOCK_STREAM). */
export function modeAndFlags(mode: Xlat, mask: bigint, flags: Xlat, v: bigint): Value {
  const m = xlatValue(mode, v & mask);
  const f = xlatFlags(flags, v & ~mask);
  const names = [...m.names, ...f.names];
  let rest: bigint | undefined = (m.rest ?? 0n) | (f.rest ?? 0n);
  if (rest === 0n) rest = undefined;
  if (names.length === 0 && rest === undefined) rest = 0n;
  return { t: "sym", names, rest, v, f: true };
}

/**
 * fcntl's argument for F_SETSIG (a signal), F_SETLEASE (F_RDLCK...), F_NOTIFY (DN_*) and
 * F_ADD_SEALS (F_SEAL_*), as strace's print_fcntl(); undefined for the other commands.
 */
export function fcntlArgOther(cmd: number, raw: bigint): Value | undefined {
  switch (cmd) {
    case 10: { // F_SETSIG
      const n = signalName(I32(raw));
      return n ? { t: "sym", names: [n], v: I32(raw), d: true } : { t: "int", v: I32(raw) };
    }
    case 1024: // F_SETLEASE
      return valueOf(LEASE_TYPES, raw);
    case 1026: // F_NOTIFY
      return flagsCommented(DN_FLAGS, raw);
    case 1033: // F_ADD_SEALS
      return flagsCommented(F_SEALS, raw);
  }
  return undefined;
}

/** Flags by name, unknown bits in hex. */
export function flagsOf(table: Xlat, v: bigint): Value {
  const s = sym(xlatFlags(table, v), v, true) as Extract<Value, { t: "sym" }>;
  if (!s.names.length && v !== 0n) s.dflt = unknownComment(table);
  return s;
}

/**
 * Flags as strace's printflags() with a default shows them: none of the bits named, the number
 * with the table's comment (`0x1 /* O_??? *\/`); else as flagsOf().
 */
export function flagsCommented(table: Xlat, v: bigint): Value {
  const f = xlatFlags(table, v);
  return !f.names.length && f.rest
    ? { t: "sym", names: [], rest: f.rest, v, unknown: unknownComment(table), f: true }
    : flagsOf(table, v);
}

/** A named constant; an unknown one in hex with strace's comment (text only): `0x7 /* SEEK_??? *\/`. */
export function valueOf(table: Xlat, v: bigint): Value {
  const s = xlatValue(table, v);
  if (s.names.length || s.rest === undefined) return sym(s, v);
  const unknown = unknownComment(table);
  return unknown ? { t: "sym", names: [], rest: s.rest, v, unknown } : sym(s, v);
}

// ---- socket addresses -------------------------------------------------------

/** An IPv6 address (16 bytes) as inet_ntop() writes it. */
export function ipv6Text(b: Uint8Array): string {
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
  // (a shorter AF_INET or AF_INET6 address than its structure is its bytes, as strace shows it)
  if (family === "AF_INET" && b.length >= 16) {
    sa.port = be16(2);
    sa.addr = `${b[4]}.${b[5]}.${b[6]}.${b[7]}`;
  } else if (family === "AF_INET6" && b.length >= 24) {
    sa.port = be16(2);
    sa.flowinfo = be32(4);
    sa.addr = ipv6Text(b.subarray(8, 24));
    // a 24-byte copy (a short buffer, RFC 2133's layout) has no scope id: none is shown; 25 to
    // 27 bytes have part of one (strace reads the rest as zero)
    if (b.length >= 28) sa.scopeId = le32(24);
    else if (b.length > 24) {
      sa.scopeId = b[24] | ((b[25] ?? 0) << 8) | ((b[26] ?? 0) << 16);
    }
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
  // a string of PATH_MAX bytes or more: strace reads PATH_MAX with the NUL and shows 4095 and
  // `...`; JSON keeps the module's 4096
  if (c.type === "str" && c.data.length >= STR_SHOWN_MAX + 1) {
    return {
      t: "dual",
      data: { t: "str", bytes: c.data, truncated: c.truncated },
      shown: { t: "str", bytes: c.data.subarray(0, STR_SHOWN_MAX), truncated: true },
    };
  }
  return { t: "str", bytes: c.data, truncated: c.truncated };
}

/** The most bytes of a string (a STR item) text shows: PATH_MAX less the NUL, as strace. */
export const STR_SHOWN_MAX = 4095;

/** The position of a syscall's `sigsetsize` argument, when one of its arguments is a sigset. */
export function sigsetSizeArg(arch: Arch, name: string): number | undefined {
  const key = `${arch}/${name}`;
  let z = SIGSET_SIZE_ARG.get(key);
  if (z === undefined) {
    const nr = syscallNumberOf(arch, name);
    const specs = nr === undefined ? undefined : argSpecs(arch, nr);
    const has = specs?.some((s) => s.kind === "sigset" || s.kind === "osigset");
    z = has ? specs!.findIndex((s) => s.name === "sigsetsize") : -1;
    SIGSET_SIZE_ARG.set(key, z);
  }
  return z < 0 ? undefined : z;
}
const SIGSET_SIZE_ARG = new Map<string, number>();

/**
 * Whether strace shows a signal set of `size` bytes (print_sigset_addr_len_limit()): at most
 * NSIG_BYTES (8), and at least a word, except rt_sigpending's (which takes fewer bytes).
 */
export function sigsetSizeOk(name: string, size: bigint): boolean {
  return sigsetSizeFits(name, Number(size >> 32n), Number(size & 0xffffffffn));
}

/** {@link sigsetSizeOk} of the size's two u32 halves (the byte path: no BigInt per call). */
export function sigsetSizeFits(name: string, hi: number, lo: number): boolean {
  return hi === 0 && lo <= 8 && lo >= (name === "rt_sigpending" ? 1 : 8);
}

/** An address as strace's printaddr() shows it. */
/** An address as strace's printaddr(): NULL, or hex. */
export const addrValue = (v: bigint): Value => v === 0n ? { t: "null" } : { t: "hex", v };

/**
 * An iovec array's elements (an IOVEC item) with the bytes gathered from them (the IOV item, if
 * any) split per element, as strace's tprint_iov_upto() shows them:
 * `[{iov_base="ab", iov_len=2}, ...]`. An element shows the bytes that landed in it (the bytes
 * of a short read run out: `""`), cut where the copy was (`...`); an element the copy did not
 * reach because of a fault, or with no bytes copied at all (a failed readv, snaplen 0), its
 * address. The module gathers at most snaplen bytes in all, where strace cuts each element at
 * `-s`: an element after the first snaplen bytes is cut sooner than strace cuts it.
 */
function iovElements(vec: Capture, iov: Capture | undefined, raw = 0n): Value {
  const v = vec.data;
  const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
  const n = v.length >> 4;
  const out: Value[] = [];
  let off = 0;
  for (let k = 0; k < n; k++) {
    const base = dv.getBigUint64(16 * k, true);
    const len = dv.getBigUint64(16 * k + 8, true);
    let shown: Value;
    if (!iov) shown = addrValue(base);
    else {
      const avail = Math.max(0, iov.data.length - off);
      if (len <= BigInt(avail)) {
        shown = { t: "str", bytes: iov.data.subarray(off, off + Number(len)) };
      } else if (iov.fault) shown = addrValue(base);
      else {
        shown = { t: "str", bytes: iov.data.subarray(off, off + avail) };
        if (iov.truncated) shown.truncated = true;
      }
      off += len < BigInt(avail) ? Number(len) : avail;
    }
    out.push({
      t: "struct",
      fields: [{ name: "iov_base", value: shown }, {
        name: "iov_len",
        value: { t: "int", v: len },
      }],
    });
  }
  const a: Value = { t: "array", items: out, cap: true };
  // an element that could not be read: strace's `... /* 0x... */` at its address
  if (vec.fault && raw !== 0n) a.moreAt = BigInt.asUintN(64, raw + BigInt(16 * n));
  else if (vec.truncated || vec.fault) a.truncated = true;
  return a;
}

/** An iovec argument: its bytes gathered, and with an IOVEC item its elements (iovElements()). */
function iovValue(raw: bigint, items: Capture[] | undefined, i: number): Value {
  const iov = itemFor(items, i, "iov");
  const data = memValue(raw, iov);
  const vec = raw === 0n ? undefined : itemFor(items, i, "iovec");
  if (!vec) return data;
  // an array that could not be read: its address, as strace shows it
  if (vec.fault && vec.data.length < 16) {
    return { t: "dual", data, shown: { t: "fault", ptr: raw } };
  }
  return { t: "dual", data, shown: iovElements(vec, iov, raw) };
}

/**
 * sendmsg's and recvmsg's message header from its MSGHDR item (msd_msghdr), as strace's
 * print_struct_msghdr() shows it: `{msg_name=..., msg_namelen=16, msg_iov=[...], msg_iovlen=2,
 * msg_controllen=0, msg_flags=0}` (recvmsg's namelen as `128 => 16` when the call changed it;
 * a failed recvmsg: `{msg_namelen=128}`). JSON keeps the fields as numbers and msg_iov as the
 * bytes gathered.
 */
function msghdrValue(
  raw: bigint,
  h: Capture,
  sa: Capture | undefined,
  iov: Capture | undefined,
  vec: Capture | undefined,
  ctl: Capture | undefined,
  out: boolean,
): Value {
  if (h.fault || h.data.length < 56) return { t: "fault", ptr: raw };
  const dv = new DataView(h.data.buffer, h.data.byteOffset, h.data.byteLength);
  const name = dv.getBigUint64(0, true);
  const iovp = dv.getBigUint64(8, true);
  const iovlen = dv.getBigUint64(16, true);
  const control = dv.getBigUint64(24, true);
  const controllen = dv.getBigUint64(32, true);
  const namelen = BigInt(dv.getInt32(40, true));
  const flags = BigInt(dv.getUint32(44, true));
  const namelenIn = BigInt(dv.getInt32(48, true));
  const nl: Value = { t: "int", v: namelen };
  // a failed recvmsg (the module copies nothing after the header): the caller's namelen alone
  if (out && !sa && !vec && !iov && iovp !== 0n) {
    return {
      t: "dual",
      data: { t: "struct", fields: [{ name: "msg_namelen", value: nl }] },
      shown: { t: "struct", fields: [{ name: "msg_namelen", value: nl }] },
    };
  }
  // JSON keeps the copy's `truncated`; strace decodes the name within the shorter of the caller's
  // buffer and the address, with no `...`
  const nameData: Value = sa && namelen >= 2n ? sockaddrValue(name, sa) : addrValue(name);
  const nameShown: Value = sa && namelen >= 2n
    ? sockaddrValue(name, { ...sa, truncated: false })
    : nameData;
  const iovShown: Value = iovp === 0n
    ? { t: "null" }
    : vec
    ? (vec.fault && vec.data.length < 16 ? { t: "hex", v: iovp } : iovElements(vec, iov))
    : memValue(iovp, iov);
  const common = (namev: Value, iovv: Value, namelenv: Value): Field[] => {
    const f: Field[] = [
      { name: "msg_name", value: namev },
      { name: "msg_namelen", value: namelenv },
      { name: "msg_iov", value: iovv },
      { name: "msg_iovlen", value: { t: "int", v: iovlen } },
    ];
    if (controllen !== 0n) {
      f.push({ name: "msg_control", value: ctl ? cmsgValue(control, ctl) : addrValue(control) });
    }
    f.push(
      { name: "msg_controllen", value: { t: "int", v: controllen } },
      { name: "msg_flags", value: flagsOf(MSG_FLAGS, flags) },
    );
    return f;
  };
  const changed = out && namelenIn >= 0n && namelenIn !== namelen;
  return {
    t: "dual",
    data: {
      t: "struct",
      fields: common(nameData, iovp === 0n ? { t: "null" } : memValue(iovp, iov), nl),
    },
    shown: {
      t: "struct",
      fields: common(
        nameShown,
        iovShown,
        changed ? { t: "text", s: `${namelenIn} => ${namelen}` } : nl,
      ),
    },
  };
}

/**
 * sendmmsg's and recvmmsg's messages, as strace's decode_mmsgvec() shows them:
 * `[{msg_hdr={...}, msg_len=2}, ...]`, from the module's items of the argument: a MSGHDR item
 * begins each message, the items after it up to the next are its own. Without them, the address.
 */
function mmsgValue(
  raw: bigint,
  items: Capture[] | undefined,
  i: number,
  out: boolean,
  ret?: bigint,
): Value {
  const mine = items?.filter((c) => c.arg === i) ?? [];
  const msgs: Value[] = [];
  const data: Value[] = [];
  let truncated = false;
  // a failed sendmmsg's messages, as passed: no msg_len (the kernel wrote none)
  const withLen = ret === undefined || ret >= 0n;
  let moreAt: bigint | undefined;
  for (let k = 0; k < mine.length; k++) {
    const h = mine[k];
    if (h.type !== "msghdr") continue;
    let e = k + 1;
    while (e < mine.length && mine[e].type !== "msghdr") e++;
    const own = mine.slice(k + 1, e);
    const of = (t: Capture["type"]) => own.find((c) => c.type === t);
    if (h.fault || h.data.length < 56) {
      // a message that could not be read ends what the module copied: its address (struct
      // mmsghdr is 64 bytes)
      if (msgs.length) moreAt = BigInt.asUintN(64, raw + 64n * BigInt(msgs.length));
      else truncated = true;
      break;
    }
    const v = msghdrValue(1n, h, of("sockaddr"), of("iov"), of("iovec"), of("buf"), out);
    const len: Value = {
      t: "int",
      v: BigInt(new DataView(h.data.buffer, h.data.byteOffset).getUint32(52, true)),
    };
    const shown = v.t === "dual" ? v.shown : v, kept = v.t === "dual" ? v.data : v;
    const lenField = withLen ? [{ name: "msg_len", value: len }] : [];
    msgs.push({ t: "struct", fields: [{ name: "msg_hdr", value: shown }, ...lenField] });
    data.push({ t: "struct", fields: [{ name: "msg_hdr", value: kept }, ...lenField] });
    if (h.truncated) truncated = true;
  }
  if (msgs.length === 0) return { t: "hex", v: raw };
  return {
    t: "dual",
    data: { t: "array", items: data, truncated: truncated || undefined },
    shown: { t: "array", items: msgs, truncated: truncated || undefined, moreAt },
  };
}

/** cmsg_level names (strace's socketlayers, the common ones). */
const SOL_NAMES = xlat({ SOL_IP: 0, SOL_SOCKET: 1, SOL_TCP: 6, SOL_UDP: 17, SOL_IPV6: 41 });
/** SOL_SOCKET's cmsg_type names. */
const SCM_NAMES = xlat({
  SCM_RIGHTS: 1,
  SCM_CREDENTIALS: 2,
  SCM_SECURITY: 3,
  SCM_PIDFD: 4,
  SO_TIMESTAMP_OLD: 29,
  SO_TIMESTAMPNS_OLD: 35,
  SO_TIMESTAMPING_OLD: 37,
  SO_WIFI_STATUS: 41,
  SCM_TIMESTAMPING_OPT_STATS: 54,
  SCM_TIMESTAMPING_PKTINFO: 58,
  SO_TXTIME: 61,
  SO_TIMESTAMP_NEW: 63,
  SO_TIMESTAMPNS_NEW: 64,
  SO_TIMESTAMPING_NEW: 65,
});
/** The SOL_SOCKET control messages that carry timestamps. */
const SCM_TIMESTAMPS: ReadonlySet<number> = new Set([29, 35, 37, 63, 64, 65]);
/** SOL_IP's control message types (strace's ip_cmsg_types). */
const IP_CMSG_NAMES = xlat({
  IP_TOS: 1,
  IP_TTL: 2,
  IP_RECVOPTS: 6,
  IP_RETOPTS: 7,
  IP_PKTINFO: 8,
  IP_RECVERR: 11,
  IP_ORIGDSTADDR: 20,
  IP_CHECKSUM: 23,
});

/**
 * A SOL_SOCKET timestamp control message's data as strace's print_scm_timestamp*() (64-bit
 * layout: the _OLD and _NEW structures are the same): SO_TIMESTAMP's timeval
 * `{tv_sec=N, tv_usec=N}`, SO_TIMESTAMPNS's timespec, SO_TIMESTAMPING's three timespecs; `???`
 * when the data is shorter than that.
 */
function cmsgTimestamp(type: number, dv: DataView, d: number, len: number): Value {
  const ts = (o: number, usec: boolean): Value => ({
    t: "struct",
    fields: [
      { name: "tv_sec", value: { t: "int", v: dv.getBigInt64(o, true) } },
      { name: usec ? "tv_usec" : "tv_nsec", value: { t: "int", v: dv.getBigUint64(o + 8, true) } },
    ],
  });
  if (type === 37 || type === 65) {
    if (len < 48) return { t: "text", s: "???" };
    return { t: "array", items: [ts(d, false), ts(d + 16, false), ts(d + 32, false)] };
  }
  if (len < 16) return { t: "text", s: "???" };
  return ts(d, type === 29 || type === 63);
}

/**
 * Control messages (a message header's msg_control, copied as a BUF item) as strace's
 * decode_msg_control() shows them: `[{cmsg_len=20, cmsg_level=SOL_SOCKET,
 * cmsg_type=SCM_RIGHTS, cmsg_data=[5]}]`, SCM_CREDENTIALS' `{pid=N, uid=N, gid=N}`, other data
 * in hex. 64-bit layout: struct cmsghdr is a u64 length, two s32, then the data.
 */
function cmsgValue(addr: bigint, c: Capture): Value {
  if (c.fault || c.data.length < 16) return addrValue(addr);
  const b = c.data;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Value[] = [];
  let p = 0, left = b.length;
  while (left >= 16) {
    const cmsgLen = dv.getBigUint64(p, true);
    const level = dv.getInt32(p + 8, true), type = dv.getInt32(p + 12, true);
    const len = cmsgLen > BigInt(left) ? left : Number(cmsgLen);
    const dataLen = len > 16 ? len - 16 : 0;
    const d = p + 16;
    const fields: Field[] = [
      { name: "cmsg_len", value: { t: "int", v: cmsgLen } },
      { name: "cmsg_level", value: valueOf(SOL_NAMES, BigInt(level)) },
    ];
    let data: Value | undefined;
    // strace shows the data of the types it has a printer for, when there is at least what the
    // printer needs (cmsg_socket_printers[], cmsg_ip_printers[]); the others' data not at all
    const ints = (signed: boolean): Value => {
      const items: Value[] = [];
      for (let k = 0; k + 4 <= dataLen; k += 4) {
        const v = signed ? dv.getInt32(d + k, true) : dv.getUint32(d + k, true);
        items.push({ t: "int", v: BigInt(v) });
      }
      return { t: "array", items, cap: true };
    };
    const quoted = (): Value => ({ t: "str", bytes: b.subarray(d, d + dataLen) });
    const hexData = (): Value => ({ t: "text", s: `"${hexBytes(b, d, d + dataLen)}"` });
    if (level === 1) {
      fields.push({ name: "cmsg_type", value: valueOf(SCM_NAMES, BigInt(type)) });
      if (type === 1 && dataLen >= 4) {
        data = ints(true);
      } else if (type === 2 && dataLen >= 12) {
        const n = (o: number) => ({ t: "int", v: BigInt(dv.getUint32(d + o, true)) }) as Value;
        data = {
          t: "struct",
          fields: [
            { name: "pid", value: { t: "int", v: BigInt(dv.getInt32(d, true)) } },
            { name: "uid", value: n(4) },
            { name: "gid", value: n(8) },
          ],
        };
      } else if (type === 3 && dataLen >= 1) {
        data = quoted();
      } else if (SCM_TIMESTAMPS.has(type) && dataLen >= 1) {
        data = cmsgTimestamp(type, dv, d, dataLen);
      }
    } else if (level === 0) {
      fields.push({ name: "cmsg_type", value: valueOf(IP_CMSG_NAMES, BigInt(type)) });
      if ((type === 2 || type === 23) && dataLen >= 4) {
        data = ints(false);
      } else if ((type === 1 || type === 6 || type === 7) && dataLen >= 1) {
        const items: Value[] = [];
        for (let k = 0; k < dataLen; k++) items.push({ t: "hex", v: BigInt(b[d + k]) });
        data = { t: "array", items };
      } else if (type === 3 && dataLen >= 1) {
        data = quoted();
      } else if (type === 8 && dataLen >= 12) {
        // IP_PKTINFO's struct in_pktinfo
        const ip = (o: number) => `inet_addr("${b.subarray(d + o, d + o + 4).join(".")}")`;
        data = {
          t: "struct",
          fields: [
            { name: "ipi_ifindex", value: { t: "text", s: ifindexText(dv.getUint32(d, true)) } },
            { name: "ipi_spec_dst", value: { t: "text", s: ip(4) } },
            { name: "ipi_addr", value: { t: "text", s: ip(8) } },
          ],
        };
      } else if (type === 20 && dataLen >= 16) {
        // IP_ORIGDSTADDR: the original destination, a sockaddr_in
        const sa = decodeSockaddr(b.subarray(d, d + dataLen));
        data = sa ? { t: "sockaddr", sa } : hexData();
      } else if (type === 11 && dataLen >= 32) {
        data = hexData(); // strace: sock_extended_err (not decoded here)
      }
    } else {
      fields.push({ name: "cmsg_type", value: { t: "hex", v: BigInt(type >>> 0) } });
    }
    if (data) fields.push({ name: "cmsg_data", value: data });
    out.push({ t: "struct", fields });
    if (len < 16) {
      left -= 16;
      break;
    }
    const next = (Number(cmsgLen > BigInt(b.length) ? BigInt(b.length) : cmsgLen) + 7) & ~7;
    if (next >= left) {
      left = 0;
      break;
    }
    p += next;
    left -= next;
  }
  const a: Extract<Value, { t: "array" }> = { t: "array", items: out };
  if (left || c.truncated) a.truncated = true;
  // bytes left that hold no whole header: strace names where they begin
  if (left) a.moreAt = addr + BigInt(b.length - left);
  return a;
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
  if (!sa) return { t: "hex", v: raw };
  // an address running into unreadable memory: text shows its pointer, as strace (which reads
  // it whole); JSON keeps the bytes before the fault
  if (c.fault) return { t: "dual", data: { t: "sockaddr", sa }, shown: { t: "fault", ptr: raw } };
  return { t: "sockaddr", sa };
}

// ---- select, pselect6 ----------------------------------------------------------

/** Argument i's item of `type` copied at entry (a FDSET or STRUCT item without `exit`). */
function entryItem(items: Capture[] | undefined, i: number, type: Capture["type"]) {
  return items?.find((c) => c.arg === i && c.type === type && !c.exit);
}

/** Argument i's item of `type` copied at exit (`exit`): what the kernel left. */
export function exitItem(items: Capture[] | undefined, i: number, type: Capture["type"]) {
  return items?.find((c) => c.arg === i && c.type === type && c.exit);
}

/** The fds an fd set holds below nfds (strace's next_set_bit() loop), at most those copied. */
export function fdsetFds(b: Uint8Array, nfds: number): number[] {
  const out: number[] = [];
  const n = Math.min(nfds, b.length * 8);
  for (let k = 0; k * 8 < n; k++) {
    const x = b[k];
    if (!x) continue;
    for (let j = 0; j < 8 && k * 8 + j < n; j++) if (x & (1 << j)) out.push(k * 8 + j);
  }
  return out;
}

/** A set as its fds: `[3 4]` in text (strace's bitset), an array of numbers in JSON. */
function fdsValue(fds: number[]): Value {
  return {
    t: "dual",
    data: { t: "fds", fds: fds.map(BigInt) },
    shown: { t: "text", s: `[${fds.join(" ")}]` },
  };
}

/**
 * One of select's fd sets as passed (its FDSET item without `exit`), as strace's decode_select()
 * shows it: NULL; the address when nfds is not positive (strace reads nothing then), when nothing
 * was copied or the set could not be read; else the fds set below nfds (`[3 4]`, `[]`). The
 * module copies the first 1024 fds (MSD_FDSET_MAX): a larger set shows those alone.
 */
function fdsetValue(raw: bigint, nfds: number, c: Capture | undefined): Value {
  if (raw === 0n) return { t: "null" };
  if (nfds <= 0 || !c) return { t: "hex", v: raw };
  if (c.fault) return { t: "fault", ptr: raw };
  return fdsValue(fdsetFds(c.data, nfds));
}

/**
 * select's timeval or pselect6's timespec from its STRUCT item, strace's `{tv_sec=0,
 * tv_usec=10000}` (tv_sec signed, the fraction unsigned, as strace prints them).
 */
export function selTimeValue(raw: bigint, c: Capture | undefined, usec: boolean): Value {
  if (raw === 0n) return { t: "null" };
  if (!c || c.fault || c.data.length < 16) {
    return c ? { t: "fault", ptr: raw } : { t: "hex", v: raw };
  }
  const dv = new DataView(c.data.buffer, c.data.byteOffset, 16);
  return {
    t: "struct",
    fields: [
      { name: "tv_sec", value: { t: "int", v: dv.getBigInt64(0, true) } },
      { name: usec ? "tv_usec" : "tv_nsec", value: { t: "int", v: dv.getBigUint64(8, true) } },
    ],
  };
}

/**
 * pselect6's sixth argument, `{sigmask=[HUP INT], sigsetsize=8}` (strace's
 * print_kernel_sigset()): the mask shown when its size is 8, else its address.
 */
function sigsetpValue(raw: bigint, c: Capture | undefined): Value {
  if (raw === 0n) return { t: "null" };
  if (!c || c.data.length < 16) return c ? { t: "fault", ptr: raw } : { t: "hex", v: raw };
  const dv = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
  const ptr = dv.getBigUint64(0, true), len = dv.getBigUint64(8, true);
  const mask: Value = len !== 8n || ptr === 0n
    ? addrValue(ptr)
    : c.data.length < 24
    ? { t: "fault", ptr }
    : { t: "text", s: sigsetText(dv.getUint32(16, true), dv.getUint32(20, true)) };
  return {
    t: "struct",
    fields: [{ name: "sigmask", value: mask }, { name: "sigsetsize", value: { t: "int", v: len } }],
  };
}

/**
 * What select and pselect6 left in their sets and timeout, from the items copied at exit
 * (DecodedCall.returned): each set the module copied again as its fds, the timeout left.
 */
function selectReturned(specs: readonly ArgSpec[], args: bigint[], items: Capture[]): Field[] {
  const nfds = Number(I32(args[0] ?? 0n));
  const out: Field[] = [];
  specs.forEach((s, i) => {
    if (s.kind === "fdsets" || s.kind === "fdset") {
      const c = exitItem(items, i, "fdset");
      if (c && (args[i] ?? 0n) !== 0n) {
        out.push({ name: s.name, arg: i, out: true, value: fdsetValue(args[i], nfds, c) });
      }
    } else if (s.kind === "tvinout" || s.kind === "tsinout") {
      const c = exitItem(items, i, "struct");
      if (c && (args[i] ?? 0n) !== 0n) {
        out.push({
          name: s.name,
          arg: i,
          out: true,
          value: selTimeValue(args[i], c, s.kind === "tvinout"),
        });
      }
    }
  });
  return out;
}

function decodeOne(
  arch: Arch,
  s: ArgSpec,
  i: number,
  args: bigint[],
  items: Capture[] | undefined,
  syscall = "",
  ret?: bigint,
): Value {
  const raw = args[i] ?? 0n;
  if (s.kind === "loffinout") {
    const both = items?.filter((c) => c.arg === i && c.type === "struct");
    return loffPairValue(raw, both?.[0], both?.[1]);
  }
  switch (s.kind) {
    case "fdsets":
    case "fdset":
      return fdsetValue(raw, Number(I32(args[0] ?? 0n)), entryItem(items, i, "fdset"));
    case "tvinout":
    case "tsinout":
      return selTimeValue(raw, entryItem(items, i, "struct"), s.kind === "tvinout");
    case "sigsetp":
      return sigsetpValue(raw, itemFor(items, i, "struct"));
  }
  if (STRUCT_KINDS.has(s.kind)) {
    const lens = s.kind === "osockopt" ? itemFor(items, i + 1, "struct") : undefined;
    return structValue(arch, s.kind, raw, itemFor(items, i, "struct"), args, lens, ret);
  }
  switch (s.kind) {
    case "fd":
    case "int":
      return { t: "int", v: I32(raw) };
    case "dirfd": {
      const v = I32(raw);
      return v === AT_FDCWD ? { t: "sym", names: ["AT_FDCWD"], v, d: true } : { t: "int", v };
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
    case "str":
    case "mounttype":
    case "mountdata":
    case "mfdname":
    case "rebootarg": {
      // strace's printstr(): -s bytes at most (the text's cut), read no further than that
      const c = itemFor(items, i, "str");
      if (raw === 0n || !c) return memValue(raw, c);
      const shown: Value = { t: "str", bytes: c.data, truncated: c.truncated, cut: true };
      if (!c.fault) return shown;
      shown.fault = raw;
      return { t: "dual", shown, data: { t: "fault", ptr: raw } };
    }
    case "path":
    case "rstr":
    case "prname":
    case "oprname":
      return memValue(raw, itemFor(items, i, "str"));
    case "cwd": {
      // getcwd's result counts the NUL, which strace does not show
      const c = itemFor(items, i, "str");
      const n = c?.data.length ?? 0;
      return memValue(
        raw,
        c && n && !c.data[n - 1] ? { ...c, data: c.data.subarray(0, n - 1) } : c,
      );
    }
    case "wbuf":
    case "rbuf":
    case "rsockbuf":
      return memValue(raw, itemFor(items, i, "buf"));
    case "randbuf":
    case "hexbuf": {
      const v = memValue(raw, itemFor(items, i, "buf"));
      if (v.t === "str") v.hex = true;
      return v;
    }
    case "xattrval":
    case "oxattrval": {
      // strace's print_xattr_val(): a size above XATTR_SIZE_MAX is the address; a trailing NUL
      // of the whole value is not shown (JSON keeps the bytes)
      const v = memValue(raw, itemFor(items, i, "buf"));
      const size = s.kind === "xattrval" ? args[3] ?? 0n : 0n;
      if (size > 65536n) return { t: "dual", shown: addrValue(raw), data: v };
      // a buffer of size 0 (the argument after it): the address (print_xattr_list())
      if (s.kind === "oxattrval" && (args[i + 1] ?? 0n) === 0n && raw !== 0n) {
        return { t: "dual", shown: addrValue(raw), data: v };
      }
      if (v.t !== "str" || v.truncated || v.bytes[v.bytes.length - 1] !== 0) return v;
      return { t: "dual", shown: { t: "str", bytes: v.bytes.subarray(0, -1) }, data: v };
    }
    case "wiov":
    case "riov":
      return iovValue(raw, items, i);
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
      const h = itemFor(items, i, "msghdr");
      if (h) {
        const vec = itemFor(items, i, "iovec");
        return msghdrValue(raw, h, sa, iov, vec, itemFor(items, i, "buf"), s.kind === "rmsg");
      }
      if (!sa && !iov) return { t: "hex", v: raw };
      if (iov?.fault && iov.data.length === 0 && !sa) return { t: "fault", ptr: raw };
      const fields: Field[] = [];
      if (sa) fields.push({ name: "msg_name", value: sockaddrValue(1n, sa) });
      if (iov) fields.push({ name: "msg_iov", value: memValue(1n, iov) });
      return { t: "struct", fields };
    }
    case "wmmsg":
    case "rmmsg":
      return raw === 0n ? { t: "null" } : mmsgValue(raw, items, i, s.kind === "rmmsg", ret);
    case "openflags":
      return modeAndFlags(OPEN_ACCMODE, 3n, openFlagsTable(arch), U32(raw));
    case "oflags":
      // dup3's and pipe2's flags: strace's printflags(open_mode_flags, ..., "O_???")
      return flagsCommented(openFlagsTable(arch), U32(raw));
    case "atflags":
      // printflags(at_flags, ..., "AT_???")
      return flagsCommented(AT_FLAGS, U32(raw));
    case "accessatflags":
      // printflags(faccessat_flags, ..., "AT_???")
      return flagsCommented(ACCESS_AT_FLAGS, U32(raw));
    case "access":
      return flagsCommented(ACCESS_MODES, U32(raw));
    case "prot":
      // printflags64(mmap_prot, ..., "PROT_???")
      return flagsCommented(protTable(arch), raw);
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
      // -X raw and verbose: the flags, then `|` and the signal in decimal (`0x1200000|17`)
      const parts: Value[] = [flagsOf(CLONE_FLAGS, raw & ~0xffn)];
      if (sig) {
        const n = signalName(sig);
        parts.push(n ? { t: "sym", names: [n], v: sig, d: true } : { t: "int", v: sig });
      }
      return {
        t: "sym",
        names,
        rest: names.length || f.rest ? f.rest : 0n,
        v: raw,
        f: true,
        parts,
      };
    }
    case "af":
      return valueOf(ADDRESS_FAMILIES, I32(raw));
    case "socktype": {
      // strace: a named type, then `|` and the flags (-X raw: `0x1|0x80000`); else all as flags
      const v = modeAndFlags(SOCK_TYPES, 0xfn, SOCK_FLAGS, U32(raw)) as Extract<
        Value,
        { t: "sym" }
      >;
      const t = U32(raw) & 0xfn, f = U32(raw) & ~0xfn;
      if (xlatValue(SOCK_TYPES, t).names.length) {
        v.parts = f ? [valueOf(SOCK_TYPES, t), flagsOf(SOCK_FLAGS, f)] : [valueOf(SOCK_TYPES, t)];
      } else v.parts = [flagsOf(SOCK_FLAGS, U32(raw))];
      return v;
    }
    case "sockflags":
      return flagsOf(SOCK_FLAGS, U32(raw));
    case "msgflags":
      return flagsOf(MSG_FLAGS, U32(raw));
    case "envp": {
      // how many strings the module counted: strace's `0x7ffd... /* 23 vars */`
      if (raw === 0n) return { t: "null" };
      const c = itemFor(items, i, "struct");
      if (!c || c.fault || c.data.length < 4) return { t: "hex", v: raw };
      const n = c.data[0] | (c.data[1] << 8) | (c.data[2] << 16) | (c.data[3] << 24);
      return { t: "hex", v: raw, note: ` /* ${n >>> 0}${c.truncated ? "+" : ""} vars */` };
    }
    case "dents": {
      // how many entries the module counted in the result's bytes: `0x55... /* 5 entries */`
      if (raw === 0n) return { t: "null" };
      const c = itemFor(items, i, "struct");
      if (!c || c.data.length < 4) return { t: "hex", v: raw };
      const n = c.data[0] | (c.data[1] << 8) | (c.data[2] << 16) | (c.data[3] << 24);
      const more = c.fault || c.truncated ? "+" : "";
      return { t: "hex", v: raw, note: ` /* ${n >>> 0}${more} entries */` };
    }
    case "cpuset":
    case "ocpuset": {
      // strace's bitmask: the set CPUs' numbers, `[0 1]`
      if (raw === 0n) return { t: "null" };
      const c = itemFor(items, i, "buf");
      if (!c || (c.fault && c.data.length === 0)) {
        return c ? { t: "fault", ptr: raw } : { t: "hex", v: raw };
      }
      const cpus: number[] = [];
      c.data.forEach((b, k) => {
        for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) cpus.push(k * 8 + bit);
      });
      return { t: "text", s: `[${cpus.join(" ")}]` };
    }
    case "dev":
      return { t: "text", s: makedevText(U32(raw)) };
    case "ioprio":
      // -X raw: the int; verbose: with IOPRIO_PRIO_VALUE(...) in a comment
      return { t: "text", s: styledValue(String(I32(raw)), ioprioText(U32(raw)), "") };
    case "swapflags": {
      // strace: the flags by name, then `|` and the priority in decimal (`SWAP_FLAG_PREFER|42`)
      const v = U32(raw), prio = v & BigInt(SWAP_FLAG_PRIO_MASK), f = v & ~prio;
      const head = f ? flagsText(SWAP_FLAGS, f, " /* SWAP_FLAG_??? */") + "|" : "";
      return { t: "text", s: head + prio };
    }
    case "solevel":
      return solevelValue(raw);
    case "soname":
      return sonameValue(args, syscall === "getsockopt");
    case "proto": {
      const af = I32(args[0] ?? 0n);
      return af === 2n || af === 10n ? valueOf(IP_PROTOCOLS, I32(raw)) : { t: "int", v: I32(raw) };
    }
    case "fcntlcmd":
      return valueOf(FCNTL_CMDS, I32(raw));
    case "fcntlarg": {
      const cmd = I32(args[1] ?? 0n);
      const other = fcntlArgOther(Number(cmd), raw);
      if (other) return other;
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
      return n ? { t: "sym", names: [n], v: I32(raw), d: true } : { t: "int", v: I32(raw) };
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
    case "ipckey": {
      // strace's printxval(ipc_private, (unsigned int) key, NULL)
      const k = U32(raw);
      return { t: "text", s: k ? "0x" + k.toString(16) : styledValue("0", "IPC_PRIVATE", "") };
    }
    case "ipcflags":
    case "shmgetflags": {
      // the get calls' flags, then `|` and the mode in octal: `IPC_CREAT|IPC_EXCL|0600`, `000`
      const v = U32(raw), f = v & ~0o777n;
      const mode = octText(Number(v & 0o777n));
      const table = s.kind === "ipcflags" ? IPC_RESOURCE_FLAGS : SHM_RESOURCE_FLAGS;
      return { t: "text", s: f ? `${flagsText(table, f, "")}|${mode}` : mode };
    }
    case "semctlcmd": {
      // strace's PRINTCTL(): IPC_64 (0x100) first, then the command
      const v = U32(raw), ipc64 = (v & 0x100n) !== 0n, c = v & ~0x100n;
      const t = styledValue(
        "0x" + c.toString(16),
        xlatValue(SEMCTL_CMDS, c).names[0],
        " /* SEM_??? */",
      );
      return { t: "text", s: ipc64 ? "IPC_64|" + t : t };
    }
    case "kexecloadflags": {
      // strace's kexec_load: the architecture (the upper 16 bits of 32), then `|` the flags below
      // and above it, if any: `KEXEC_ARCH_SH|KEXEC_ON_CRASH`, `0xda7a0000 /* KEXEC_ARCH_??? */|...`
      const arch = raw & 0xffff0000n, rest = raw & ~0xffff0000n;
      const a = styledValue(
        hexText(arch),
        xlatValue(KEXEC_ARCHES, arch).names[0],
        " /* KEXEC_ARCH_??? */",
      );
      return {
        t: "text",
        s: rest ? `${a}|${flagsText(KEXEC_LOAD_FLAGS, rest, " /* KEXEC_??? */")}` : a,
      };
    }
    case "mfdflags": {
      // the huge page size (bits 26..31) as strace shows it: `30<<MFD_HUGE_SHIFT`
      const v = U32(raw), huge = v >> 26n;
      const f = flagsOf(MFD_FLAGS, v & 0x3ffffffn) as Extract<Value, { t: "sym" }>;
      if (!huge) return f;
      const names = f.names.concat(f.rest ? ["0x" + f.rest.toString(16)] : []);
      return { t: "sym", names: [...names, `${huge}<<MFD_HUGE_SHIFT`], v, f: true };
    }
    case "epollflags":
      return flagsOf(EPOLL_FLAGS, U32(raw));
    case "statxflags": {
      const v = modeAndFlags(STATX_SYNC, 0x6000n, AT_FLAGS, U32(raw));
      // -X raw: strace's printflags() of 0 with no default prints nothing (`statx(-100, "f", , ...`)
      return U32(raw) === 0n && xlatStyle() === 1
        ? { t: "dual", shown: { t: "text", s: "" }, data: v }
        : v;
    }
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
    // strace's printflags() with a default: no name at all, the number with its comment
    if (k.flags) return k.comment ? flagsCommented(k.table, v) : flagsOf(k.table, v);
    if (k.decimal) {
      const n = xlatValue(k.table, v).names;
      return n.length ? { t: "sym", names: n, v, d: true } : { t: "int", v };
    }
    return valueOf(k.table, v);
  }
  return { t: "hex", v: raw }; // the structure kinds, decoded above
}

/**
 * An I/O priority as strace's ioprio_print(): `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`, an unknown
 * class in hex with its comment.
 */
export function ioprioText(v: bigint): string {
  const cls = v >> 13n, data = v & 0x1fffn;
  const name = xlatValue(IOPRIO_CLASS, cls).names[0];
  const c = styledValue(cls ? "0x" + cls.toString(16) : "0", name, " /* IOPRIO_CLASS_??? */");
  return `IOPRIO_PRIO_VALUE(${c}, ${data})`;
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
  return { t: "sym", names: [...m.names, ...f.names], v: raw, f: true };
}

/** quotactl's command as strace shows it: `QCMD(Q_GETQUOTA, USRQUOTA)`. */
function quotaCmd(v: bigint): Value {
  const part = (table: Xlat, x: bigint, unknown: string) => {
    const n = xlatValue(table, x).names[0];
    return n ?? (x === 0n ? "0" : `0x${x.toString(16)}`) + ` /* ${unknown} */`;
  };
  const qcmd = `QCMD(${part(QUOTA_CMDS, v >> 8n, "Q_???")}, ${
    part(QUOTA_TYPES, v & 0xffn, "???QUOTA")
  })`;
  // -X raw, verbose: the u32 in decimal, QCMD(...) in the comment
  return { t: "text", s: styledValue(String(BigInt.asUintN(32, v)), qcmd, "") };
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
  ret?: bigint,
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
  const sel = SPEC[name]?.select;
  specs.forEach((s, i) => {
    if (omitted(arch, name, i, args)) return;
    // what the module copied for the value of the selecting argument (prctl's option)
    if (sel) {
      const k = selectedKind(name, i, args);
      if (k) s = { ...s, kind: k };
    }
    if (s.kind === "sigframe" && !sigframeMask(items, i)) return;
    const f: Field = {
      name: s.name,
      value: decodeOne(arch, s, i, args, items, name, ret),
      arg: i,
    };
    if (OUT_KINDS.has(s.kind)) f.out = true;
    out.push(f);
  });
  // a signal set whose size argument strace rejects: the address in text (print_sigset_addr_len())
  const z = sigsetSizeArg(arch, name);
  if (z !== undefined && !sigsetSizeOk(name, args[z] ?? 0n)) {
    for (const f of out) {
      const k = specs[f.arg ?? 0]?.kind;
      if (k === "sigset" || k === "osigset") {
        // text only: JSON keeps what the module copied
        f.value = { t: "dual", shown: addrValue(args[f.arg ?? 0] ?? 0n), data: f.value };
      }
    }
  }
  if (items && specs[1]?.kind === "fdsets" && items.some((c) => c.exit)) {
    const returned = selectReturned(specs, args, items);
    if (returned.length) return { name, args: out, returned };
  }
  return { name, args: out };
}

/**
 * The kind SyscallSpec.select gives argument `i` of syscall `name` for these arguments (prctl's
 * PR_GET_NAME name, `oprname`), or undefined: the argument's own.
 */
export function selectedKind(name: string, i: number, args: readonly bigint[]): Kind | undefined {
  const sel = SPEC[name]?.select;
  if (!sel) return undefined;
  const v = Number(BigInt.asUintN(32, args[sel.on] ?? 0n));
  for (const [val, arg, kind] of sel.cases) {
    // `kind:N`: the kind, N its length argument (the module's concern)
    if (val === v && arg === i) return kind.replace(/:\d$/, "") as Kind;
  }
  return undefined;
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
  // select's nfds is not in an exit record: every fd the sets' items hold
  if (argSpecs(arch, r.nr)?.[1]?.kind === "fdsets") args[0] = 0x7fffffffn;
  const c = decodeCall(arch, r.nr, args, r.items, r.ret);
  // select's sets and timeout as the kernel left them (the inputs' items are the entry's)
  if (c.returned) return c.returned;
  return c.args.filter((a) => a.out && r.items!.some((it) => it.arg === a.arg));
}
