/**
 * What a syscall record means: its arguments by name as structured values
 * (fds as signed ints, flags as names, paths and buffers from the memory the
 * kernel copied, socket addresses), and its result. Decoders never print:
 * the formatters (format_text.ts, format_json.ts) render these values.
 *
 * One small decoder per argument kind, chosen by the syscall's C prototype
 * (src/syscalls_*.ts) and, where the type says too little, by a per-syscall
 * override below (strace's approach).
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
import type { Arch, Capture } from "./record.ts";
import { syscallInfo } from "./syscalls.ts";
import { errnoName } from "./errno.ts";
import { type Sym, type Xlat, xlatFlags, xlatValue } from "./xlat/xlat.ts";
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
import { signalName, SIGPROCMASK_HOW } from "./xlat/signal.ts";
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
  | { t: "sym"; names: string[]; rest?: bigint; v: bigint }
  | { t: "str"; bytes: Uint8Array; truncated?: boolean }
  | { t: "strs"; items: Uint8Array[]; truncated?: boolean; fault?: boolean }
  | { t: "fault"; ptr: bigint }
  | { t: "sockaddr"; sa: SockAddr }
  | { t: "fds"; fds: bigint[] }
  | { t: "struct"; fields: Field[] };

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
function modeAndFlags(mode: Xlat, mask: bigint, flags: Xlat, v: bigint): Value {
  const m = xlatValue(mode, v & mask);
  const f = xlatFlags(flags, v & ~mask);
  const names = [...m.names, ...f.names];
  let rest: bigint | undefined = (m.rest ?? 0n) | (f.rest ?? 0n);
  if (rest === 0n) rest = undefined;
  if (names.length === 0 && rest === undefined) rest = 0n;
  return { t: "sym", names, rest, v };
}

function flagsOf(table: Xlat, v: bigint): Value {
  return sym(xlatFlags(table, v), v);
}

function valueOf(table: Xlat, v: bigint): Value {
  return sym(xlatValue(table, v), v);
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
    sa.scopeId = b.length >= 28 ? le32(24) : 0;
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

type Kind =
  | "fd"
  | "dirfd"
  | "int"
  | "long"
  | "uint"
  | "ulong"
  | "hex"
  | "oct"
  | "ptr"
  | "path"
  | "str"
  | "wbuf"
  | "rbuf"
  | "rstr"
  | "wiov"
  | "riov"
  | "sockaddr"
  | "osockaddr"
  | "argv"
  | "fds"
  | "wmsg"
  | "rmsg"
  | "openflags"
  | "oflags"
  | "atflags"
  | "accessatflags"
  | "access"
  | "prot"
  | "mapflags"
  | "clone"
  | "af"
  | "socktype"
  | "sockflags"
  | "msgflags"
  | "proto"
  | "fcntlcmd"
  | "fcntlarg"
  | "signal"
  | "sighow"
  | "whence"
  | "renameflags"
  | "wait"
  | "madv"
  | "mremap"
  | "shut"
  | "skip";

/** Kinds whose memory the kernel fills in: decoded from exit captures. */
const OUT_KINDS = new Set<Kind>(["rbuf", "rstr", "riov", "osockaddr", "fds", "rmsg"]);

/**
 * Per-syscall argument kinds where the C type is not enough, `kind` or
 * `kind=name` (the name for prototypes the tables lack or leave unnamed).
 */
const OVERRIDES: Record<string, string[]> = {
  read: ["fd", "rbuf", "ulong"],
  pread64: ["fd", "rbuf", "ulong", "long"],
  write: ["fd", "wbuf", "ulong"],
  pwrite64: ["fd", "wbuf", "ulong", "long"],
  readv: ["fd", "riov", "ulong"],
  preadv: ["fd", "riov", "ulong"],
  writev: ["fd", "wiov", "ulong"],
  pwritev: ["fd", "wiov", "ulong"],
  open: ["path", "openflags", "oct"],
  creat: ["path", "oct"],
  openat: ["dirfd", "path", "openflags", "oct"],
  openat2: ["dirfd", "path", "ptr", "ulong"],
  access: ["path", "access"],
  faccessat: ["dirfd", "path", "access"],
  faccessat2: ["dirfd", "path", "access", "accessatflags"],
  newfstatat: ["dirfd", "path", "ptr", "atflags"],
  statx: ["dirfd", "path", "atflags", "hex", "ptr"],
  unlinkat: ["dirfd", "path", "atflags"],
  linkat: ["dirfd", "path", "dirfd", "path", "atflags"],
  fchownat: ["dirfd", "path", "int", "int", "atflags"],
  fchmodat: ["dirfd", "path", "oct"],
  utimensat: ["dirfd", "path", "ptr", "atflags"],
  renameat2: ["dirfd", "path", "dirfd", "path", "renameflags"],
  readlink: ["path", "rstr", "int"],
  readlinkat: ["dirfd", "path", "rstr", "int"],
  execve: ["path", "argv", "ptr"],
  execveat: ["dirfd", "path", "argv", "ptr", "atflags"],
  mount: ["str", "path", "str", "hex", "ptr"],
  umount2: ["path", "hex"],
  chown: ["path", "int", "int"],
  lchown: ["path", "int", "int"],
  fchown: ["fd", "int", "int"],
  mmap: ["ptr=addr", "ulong=length", "prot=prot", "mapflags=flags", "fd=fd", "hex=offset"],
  mprotect: ["hex", "ulong", "prot"],
  pkey_mprotect: ["hex", "ulong", "prot", "int"],
  munmap: ["hex", "ulong"],
  brk: ["hex"],
  mremap: ["hex", "ulong", "ulong", "mremap", "hex"],
  madvise: ["hex", "ulong", "madv"],
  arch_prctl: ["hex=code", "hex=addr"],
  rt_sigreturn: [],
  socket: ["af=domain", "socktype=type", "proto=protocol"],
  socketpair: ["af=domain", "socktype=type", "proto=protocol", "fds=sv"],
  connect: ["fd=fd", "sockaddr=addr", "int=addrlen"],
  bind: ["fd=fd", "sockaddr=addr", "int=addrlen"],
  listen: ["fd=fd", "int=backlog"],
  accept: ["fd=fd", "osockaddr=addr", "ptr=addrlen"],
  accept4: ["fd=fd", "osockaddr=addr", "ptr=addrlen", "sockflags=flags"],
  getsockname: ["fd=fd", "osockaddr=addr", "ptr=addrlen"],
  getpeername: ["fd=fd", "osockaddr=addr", "ptr=addrlen"],
  sendto: ["fd=fd", "wbuf=buf", "ulong=len", "msgflags=flags", "sockaddr=addr", "int=addrlen"],
  recvfrom: ["fd=fd", "rbuf=buf", "ulong=len", "msgflags=flags", "osockaddr=addr", "ptr=addrlen"],
  sendmsg: ["fd=fd", "wmsg=msg", "msgflags=flags"],
  recvmsg: ["fd=fd", "rmsg=msg", "msgflags=flags"],
  shutdown: ["fd=fd", "shut=how"],
  setsockopt: ["fd=fd", "int=level", "int=optname", "ptr=optval", "int=optlen"],
  getsockopt: ["fd=fd", "int=level", "int=optname", "ptr=optval", "ptr=optlen"],
  pipe: ["fds"],
  pipe2: ["fds", "oflags"],
  dup3: ["fd", "fd", "oflags"],
  fcntl: ["fd", "fcntlcmd", "fcntlarg"],
  lseek: ["fd", "long", "whence"],
  kill: ["int", "signal"],
  tkill: ["int", "signal"],
  tgkill: ["int", "int", "signal"],
  rt_sigaction: ["signal=signum", "ptr=act", "ptr=oldact", "ulong=sigsetsize"],
  rt_sigprocmask: ["sighow", "ptr", "ptr", "ulong"],
  wait4: ["int", "ptr", "wait", "ptr"],
  waitid: ["int", "int", "ptr", "wait", "ptr"],
  exit: ["int"],
  exit_group: ["int"],
};

/** clone's argument order: x86_64 has child_tid before tls, arm64 after (CLONE_BACKWARDS). */
const CLONE_ARGS: Record<Arch, string[]> = {
  x86_64: ["clone=flags", "hex=stack", "ptr=parent_tid", "ptr=child_tid", "hex=tls"],
  aarch64: ["clone=flags", "hex=stack", "ptr=parent_tid", "hex=tls", "ptr=child_tid"],
};

const FD_NAMES = new Set([
  "fd",
  "fildes",
  "oldfd",
  "newfd",
  "out_fd",
  "in_fd",
  "epfd",
  "fd_in",
  "fd_out",
  "pidfd",
  "ufd",
]);
const DIRFD_NAMES = new Set(["dfd", "olddfd", "newdfd", "dirfd"]);

/** The kind the C type and name suggest. */
function kindOf(name: string, type: string): Kind {
  if (DIRFD_NAMES.has(name)) return "dirfd";
  if (FD_NAMES.has(name)) return "fd";
  if (type.includes("*")) {
    if (/^(const )?char __user \*$/.test(type) && /name|path/.test(name)) return "path";
    return "ptr";
  }
  if (type === "umode_t") return "oct";
  if (/flags|mask/.test(name)) return "hex";
  switch (type) {
    case "int":
    case "pid_t":
    case "uid_t":
    case "gid_t":
    case "key_t":
    case "timer_t":
    case "clockid_t":
    case "mqd_t":
    case "qid_t":
    case "__s32":
      return "int";
    case "long":
    case "loff_t":
    case "off_t":
    case "ssize_t":
      return "long";
    case "unsigned int":
    case "unsigned":
    case "u32":
    case "__u32":
      return "uint";
    case "unsigned long":
    case "size_t":
    case "u64":
    case "__u64":
      return "ulong";
  }
  return "hex";
}

interface ArgSpec {
  name: string;
  kind: Kind;
}

const specCache: Record<Arch, Map<number, ArgSpec[] | null>> = {
  x86_64: new Map(),
  aarch64: new Map(),
};

/** Names and kinds of a syscall's arguments; null when unknown. */
export function argSpecs(arch: Arch, nr: number): ArgSpec[] | null {
  const cache = specCache[arch];
  const hit = cache.get(nr);
  if (hit !== undefined) return hit;
  const info = syscallInfo(arch, nr);
  let specs: ArgSpec[] | null = null;
  if (info) {
    const over = info.name === "clone" ? CLONE_ARGS[arch] : OVERRIDES[info.name];
    const n = over?.length ?? info.args?.length;
    if (n !== undefined) {
      specs = [];
      for (let i = 0; i < n; i++) {
        const a = info.args?.[i];
        const [k, nm] = (over?.[i] ?? "").split("=");
        const name = nm ?? a?.name ?? `arg${i}`;
        specs.push({ name, kind: (k || kindOf(name, a?.type ?? "")) as Kind });
      }
    }
  }
  cache.set(nr, specs);
  return specs;
}

function itemFor(items: Capture[] | undefined, arg: number, type?: Capture["type"]) {
  return items?.find((c) => c.arg === arg && (type === undefined || c.type === type));
}

/** A pointer argument shown from the memory copied, or as its address. */
function memValue(raw: bigint, c: Capture | undefined): Value {
  if (raw === 0n) return { t: "null" };
  if (!c) return { t: "hex", v: raw };
  if (c.fault && c.data.length === 0) return { t: "fault", ptr: raw };
  return { t: "str", bytes: c.data, truncated: c.truncated || c.fault };
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
): Value {
  const raw = args[i] ?? 0n;
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
      return { t: "oct", v: U32(raw) };
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
  }
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
  const name = info?.name ?? `syscall_${nr}`;
  const specs = argSpecs(arch, nr);
  const out: Field[] = [];
  if (!specs) {
    for (let i = 0; i < 6; i++) {
      out.push({ name: `arg${i}`, value: { t: "hex", v: args[i] ?? 0n } });
    }
    return { name, args: out };
  }
  specs.forEach((s, i) => {
    if (omitted(arch, name, i, args)) return;
    const f: Field = { name: s.name, value: decodeOne(arch, s, i, args, items), arg: i };
    if (OUT_KINDS.has(s.kind)) f.out = true;
    out.push(f);
  });
  return { name, args: out };
}

/** Syscalls whose result is an address. */
const HEX_RESULT = new Set(["mmap", "mremap", "brk", "shmat"]);

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
export const NO_RETURN = new Set(["exit", "exit_group"]);
