/**
 * Declarative tables of the sysdig events mysysdig writes and reads: event ids, parameter lists,
 * parameter types, and the flag conversions the parameters need.
 *
 * Source: falcosecurity/libs at commit e5c53d64 (the libs of sysdig 0.29.x), as transcribed and
 * checked against Debian's sysdig 0.29.3 in shared/docs/scap-format.md:
 * - event ids: `driver/ppm_events_public.h` enum ppm_event_type (format notes, appendix A);
 * - parameter lists: `driver/event_table.c` (format notes, section 13);
 * - parameter encodings: `enum ppm_param_type` (format notes, section 12);
 * - flag values: `driver/ppm_events_public.h` PPM_O_* and PPM_CL_*, conversions as in
 *   `driver/ppm_flag_helpers.h`; native values from the kernel's uapi headers
 *   (`include/uapi/asm-generic/fcntl.h`, `arch/x86/include/uapi/asm/fcntl.h` does not override,
 *   `arch/arm64/include/uapi/asm/fcntl.h`, `include/uapi/linux/sched.h`).
 *
 * @module
 */
import type { Arch } from "../record.ts";
import { PPM_SC_ALIASES, PPM_SC_NAMES } from "./ppm_sc.ts";
import { SCAP_EVENT_OF } from "../syscalls/traits.ts";

/** Parameter types (`enum ppm_param_type`) used by the events below. */
export const PT = {
  INT32: 3,
  INT64: 4,
  UINT8: 5,
  UINT16: 6,
  UINT32: 7,
  UINT64: 8,
  CHARBUF: 9,
  BYTEBUF: 10,
  ERRNO: 11,
  SOCKADDR: 12,
  SOCKTUPLE: 13,
  FD: 14,
  PID: 15,
  FSPATH: 17,
  SYSCALLID: 18,
  FLAGS32: 30,
  FSRELPATH: 43,
} as const;

/** One of the parameter types in {@linkcode PT}. */
export type ParamType = typeof PT[keyof typeof PT];

/** One parameter of an event, as `driver/event_table.c` lists it. */
export interface ParamSpec {
  /** sysdig's parameter name (what `%evt.arg.NAME` selects). */
  name: string;
  type: ParamType;
}

/** One event type of `driver/event_table.c`. */
export interface EventSpec {
  /** PPME_* id: even for enter, odd for exit. */
  id: number;
  /** sysdig's event name (what `%evt.type` prints, GENERIC excepted). */
  name: string;
  params: readonly ParamSpec[];
}

/** Byte width of a fixed-size parameter type; undefined for variable-length ones. */
export function fixedWidth(t: ParamType): number | undefined {
  switch (t) {
    case PT.UINT8:
      return 1;
    case PT.UINT16:
    case PT.SYSCALLID:
      return 2;
    case PT.INT32:
    case PT.UINT32:
    case PT.FLAGS32:
      return 4;
    case PT.INT64:
    case PT.UINT64:
    case PT.ERRNO:
    case PT.FD:
    case PT.PID:
      return 8;
    default:
      return undefined;
  }
}

/** True for the types stored as a NUL-terminated string. */
export function isStringType(t: ParamType): boolean {
  return t === PT.CHARBUF || t === PT.FSPATH || t === PT.FSRELPATH;
}

/** True for signed integer types. */
export function isSignedType(t: ParamType): boolean {
  return t === PT.INT32 || t === PT.INT64 || t === PT.ERRNO || t === PT.FD || t === PT.PID;
}

const p = (name: string, type: ParamType): ParamSpec => ({ name, type });

/** GENERIC_E (0): any syscall without a dedicated event. */
export const GENERIC_E: EventSpec = {
  id: 0,
  name: "syscall",
  params: [p("ID", PT.SYSCALLID), p("nativeID", PT.UINT16)],
};
/** GENERIC_X (1): has no return value parameter in sysdig's table. */
export const GENERIC_X: EventSpec = { id: 1, name: "syscall", params: [p("ID", PT.SYSCALLID)] };

/** The 20 parameters of CLONE_20_X, FORK_20_X, VFORK_20_X and CLONE3_X. */
const CLONE_X_PARAMS: readonly ParamSpec[] = [
  p("res", PT.PID),
  p("exe", PT.CHARBUF),
  p("args", PT.BYTEBUF),
  p("tid", PT.PID),
  p("pid", PT.PID),
  p("ptid", PT.PID),
  p("cwd", PT.CHARBUF),
  p("fdlimit", PT.INT64),
  p("pgft_maj", PT.UINT64),
  p("pgft_min", PT.UINT64),
  p("vm_size", PT.UINT32),
  p("vm_rss", PT.UINT32),
  p("vm_swap", PT.UINT32),
  p("comm", PT.CHARBUF),
  p("cgroups", PT.BYTEBUF),
  p("flags", PT.FLAGS32),
  p("uid", PT.UINT32),
  p("gid", PT.UINT32),
  p("vtid", PT.PID),
  p("vpid", PT.PID),
];

/** The 20 parameters of EXECVE_19_X (and EXECVEAT_X). */
const EXECVE_X_PARAMS: readonly ParamSpec[] = [
  p("res", PT.ERRNO),
  p("exe", PT.CHARBUF),
  p("args", PT.BYTEBUF),
  p("tid", PT.PID),
  p("pid", PT.PID),
  p("ptid", PT.PID),
  p("cwd", PT.CHARBUF),
  p("fdlimit", PT.UINT64),
  p("pgft_maj", PT.UINT64),
  p("pgft_min", PT.UINT64),
  p("vm_size", PT.UINT32),
  p("vm_rss", PT.UINT32),
  p("vm_swap", PT.UINT32),
  p("comm", PT.CHARBUF),
  p("cgroups", PT.BYTEBUF),
  p("env", PT.BYTEBUF),
  p("tty", PT.INT32),
  p("pgid", PT.PID),
  p("loginuid", PT.INT32),
  p("flags", PT.FLAGS32),
];

const ACCEPT_X_PARAMS: readonly ParamSpec[] = [
  p("fd", PT.FD),
  p("tuple", PT.SOCKTUPLE),
  p("queuepct", PT.UINT8),
  p("queuelen", PT.UINT32),
  p("queuemax", PT.UINT32),
];

/** An enter/exit pair of a syscall with a dedicated event. */
export interface SyscallEvents {
  /** Kernel syscall name (as in the syscall tables). */
  syscall: string;
  enter: EventSpec;
  exit: EventSpec;
}

/** An enter/exit event pair of `driver/event_table.c`, before a syscall is attached to it. */
interface EventPair {
  enter: EventSpec;
  exit: EventSpec;
}

function pair(id: number, name: string, enter: ParamSpec[], exit: readonly ParamSpec[]): EventPair {
  return { enter: { id, name, params: enter }, exit: { id: id + 1, name, params: exit } };
}

/**
 * The dedicated events mysysdig writes (the newest version at libs e5c53d64, the one the sysdig
 * 0.29 driver emits), by their `PPME_<key>_E`/`_X` name. Which syscall is written as which is
 * the per-syscall spec's `scap` (src/syscalls/spec.ts).
 */
export const EVENTS: Readonly<Record<string, EventPair>> = {
  SYSCALL_OPEN: pair(2, "open", [
    p("name", PT.FSPATH),
    p("flags", PT.FLAGS32),
    p("mode", PT.UINT32),
  ], [
    p("fd", PT.FD),
    p("name", PT.FSPATH),
    p("flags", PT.FLAGS32),
    p("mode", PT.UINT32),
    p("dev", PT.UINT32),
  ]),
  SYSCALL_CLOSE: pair(4, "close", [p("fd", PT.FD)], [p("res", PT.ERRNO)]),
  SYSCALL_READ: pair(6, "read", [p("fd", PT.FD), p("size", PT.UINT32)], [
    p("res", PT.ERRNO),
    p("data", PT.BYTEBUF),
  ]),
  SYSCALL_WRITE: pair(8, "write", [p("fd", PT.FD), p("size", PT.UINT32)], [
    p("res", PT.ERRNO),
    p("data", PT.BYTEBUF),
  ]),
  SOCKET_SOCKET: pair(
    18,
    "socket",
    [p("domain", PT.FLAGS32), p("type", PT.UINT32), p("proto", PT.UINT32)],
    [p("fd", PT.FD)],
  ),
  SOCKET_CONNECT: pair(22, "connect", [p("fd", PT.FD), p("addr", PT.SOCKADDR)], [
    p("res", PT.ERRNO),
    p("tuple", PT.SOCKTUPLE),
  ]),
  SYSCALL_CLONE_20: pair(222, "clone", [], CLONE_X_PARAMS),
  SYSCALL_FORK_20: pair(224, "fork", [], CLONE_X_PARAMS),
  SYSCALL_VFORK_20: pair(226, "vfork", [], CLONE_X_PARAMS),
  SOCKET_ACCEPT_5: pair(246, "accept", [], ACCEPT_X_PARAMS),
  SOCKET_ACCEPT4_5: pair(248, "accept", [p("flags", PT.INT32)], ACCEPT_X_PARAMS),
  SYSCALL_EXECVE_19: pair(292, "execve", [p("filename", PT.FSPATH)], EXECVE_X_PARAMS),
  SYSCALL_OPENAT_2: pair(
    306,
    "openat",
    [p("dirfd", PT.FD), p("name", PT.FSRELPATH), p("flags", PT.FLAGS32), p("mode", PT.UINT32)],
    [
      p("fd", PT.FD),
      p("dirfd", PT.FD),
      p("name", PT.FSRELPATH),
      p("flags", PT.FLAGS32),
      p("mode", PT.UINT32),
      p("dev", PT.UINT32),
    ],
  ),
  SYSCALL_CLONE3: pair(334, "clone3", [], CLONE_X_PARAMS),
};

/**
 * Syscalls written as their dedicated event, in event id order. Every other syscall is written
 * as GENERIC_E/X.
 */
export const SPECIFIC: readonly SyscallEvents[] = Object.entries(SCAP_EVENT_OF).map(
  ([syscall, key]) => {
    const ev = EVENTS[key];
    if (!ev) throw new Error(`src/syscalls/spec.ts: ${syscall}: no event PPME_${key} in events.ts`);
    return { syscall, ...ev };
  },
).sort((a, b) => a.enter.id - b.enter.id);

/** Dedicated events by kernel syscall name. */
export const SPECIFIC_BY_SYSCALL: ReadonlyMap<string, SyscallEvents> = new Map(
  SPECIFIC.map((s) => [s.syscall, s]),
);

/** Dedicated events (enter and exit) by PPME id. */
export const SPECIFIC_BY_ID: ReadonlyMap<number, SyscallEvents> = new Map(
  SPECIFIC.flatMap((s) => [[s.enter.id, s], [s.exit.id, s]]),
);

/** PPME ids of the exits that carry a thread's identity (tid, pid, comm...). */
export const EXECVE_19_X = 293;

/**
 * Event types private to mysysdig. sysdig skips any type >= PPM_EVENT_MAX (336 at e5c53d64)
 * without looking at it, so these stay invisible to it. Far above the range libs grows into.
 */
export const MSD_EVENT = {
  /** First event of every file: format version and architecture. */
  INFO: 0xf000,
  /** A drop record: records lost on the block's CPU. */
  DROP: 0xf002,
  /** A signal delivered to the block's thread (a signal record). */
  SIGNAL: 0xf003,
  /** The exit of the block's thread (a procexit record). */
  PROCEXIT: 0xf004,
} as const;

/** Parameters of the private INFO event. */
export const MSD_INFO_PARAMS: readonly ParamSpec[] = [
  p("magic", PT.CHARBUF),
  p("version", PT.UINT16),
  p("arch", PT.CHARBUF),
];
/** Parameters of the private DROP event. */
export const MSD_DROP_PARAMS: readonly ParamSpec[] = [p("lost", PT.UINT64)];
/** Parameters of the private SIGNAL event: the signal record's fields, siginfo's union as bytes. */
export const MSD_SIGNAL_PARAMS: readonly ParamSpec[] = [
  p("sig", PT.INT32),
  p("code", PT.INT32),
  p("errno", PT.INT32),
  p("handler", PT.UINT64),
  p("sa_flags", PT.UINT64),
  p("fields", PT.BYTEBUF),
];
/** Parameters of the private PROCEXIT event: the wait status and whether the group is gone. */
export const MSD_PROCEXIT_PARAMS: readonly ParamSpec[] = [
  p("status", PT.INT32),
  p("group_dead", PT.UINT8),
];
/** Value of the INFO event's magic parameter. */
export const MSD_MAGIC = "mysysdig";
/**
 * Version of mysysdig's private additions (INFO/DROP events, the parameters after sysdig's).
 * 1: one parameter of varints (enter: the arguments; GENERIC_X: result and number). 2: `msd`
 * (number, flags, arguments or result, fixed width) and `items` (the captured memory) on every
 * syscall event.
 */
export const MSD_FORMAT_VERSION = 2;

const PPM_SC_BY_NAME: ReadonlyMap<string, number> = new Map([
  ...PPM_SC_NAMES.map((n, i) => [n, i] as [string, number]).filter(([, i]) => i > 0),
  ...Object.entries(PPM_SC_ALIASES),
]);

/**
 * sysdig's PPM_SC code for a kernel syscall name, 0 (`<unknown>`) for syscalls sysdig 0.29 has no
 * code for. This is how the driver routes native numbers (by `__NR_name`), so it holds for every
 * architecture.
 */
export function ppmScOf(name: string | undefined): number {
  return (name !== undefined && PPM_SC_BY_NAME.get(name)) || 0;
}

/** The kernel syscall name of a PPM_SC code (undefined for 0 and out-of-range codes). */
export function syscallOfPpmSc(code: number): string | undefined {
  if (code <= 0 || code >= PPM_SC_NAMES.length) return undefined;
  for (const [alias, c] of Object.entries(PPM_SC_ALIASES)) if (c === code) return alias;
  return PPM_SC_NAMES[code];
}

// Open flags. Native values from include/uapi/asm-generic/fcntl.h; x86_64 uses the generic ones,
// arm64 overrides O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE (arch/arm64/.../fcntl.h).
interface OpenFlagBits {
  DIRECT: number;
  DIRECTORY: number;
  LARGEFILE: number;
}
const OPEN_ARCH: Record<Arch, OpenFlagBits> = {
  x86_64: { DIRECT: 0o40000, DIRECTORY: 0o200000, LARGEFILE: 0o100000 },
  aarch64: { DIRECT: 0o200000, DIRECTORY: 0o40000, LARGEFILE: 0o400000 },
};
const O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0o100, O_EXCL = 0o200, O_TRUNC = 0o1000;
const O_APPEND = 0o2000, O_NONBLOCK = 0o4000, O_DSYNC = 0o10000, O_CLOEXEC = 0o2000000;
const O_SYNC = 0o4010000, O_TMPFILE_BIT = 0o20000000;

/** PPM_O_* values (ppm_events_public.h). */
export const PPM_O = {
  RDONLY: 1 << 0,
  WRONLY: 1 << 1,
  RDWR: (1 << 0) | (1 << 1),
  CREAT: 1 << 2,
  APPEND: 1 << 3,
  DSYNC: 1 << 4,
  EXCL: 1 << 5,
  NONBLOCK: 1 << 6,
  SYNC: 1 << 7,
  TRUNC: 1 << 8,
  DIRECT: 1 << 9,
  DIRECTORY: 1 << 10,
  LARGEFILE: 1 << 11,
  CLOEXEC: 1 << 12,
  TMPFILE: 1 << 13,
} as const;

/** Native open(2) flags to sysdig's PPM_O_* form, as the driver's open_flags_to_scap. */
export function openFlagsToPpm(arch: Arch, flags: number): number {
  const a = OPEN_ARCH[arch];
  let r = (flags & 3) === O_WRONLY
    ? PPM_O.WRONLY
    : (flags & 3) === O_RDWR
    ? PPM_O.RDWR
    : PPM_O.RDONLY;
  const tmpfile = O_TMPFILE_BIT | a.DIRECTORY;
  if (flags & O_CREAT) r |= PPM_O.CREAT;
  if ((flags & tmpfile) === tmpfile) r |= PPM_O.TMPFILE;
  if (flags & O_APPEND) r |= PPM_O.APPEND;
  if (flags & O_DSYNC) r |= PPM_O.DSYNC;
  if (flags & O_EXCL) r |= PPM_O.EXCL;
  if (flags & O_NONBLOCK) r |= PPM_O.NONBLOCK;
  if ((flags & O_SYNC) === O_SYNC) r |= PPM_O.SYNC;
  if (flags & O_TRUNC) r |= PPM_O.TRUNC;
  if (flags & a.DIRECT) r |= PPM_O.DIRECT;
  if ((flags & a.DIRECTORY) && !(r & PPM_O.TMPFILE)) r |= PPM_O.DIRECTORY;
  if (flags & a.LARGEFILE) r |= PPM_O.LARGEFILE;
  if (flags & O_CLOEXEC) r |= PPM_O.CLOEXEC;
  return r >>> 0;
}

/** The mode the driver reports: the permission bits, only when the call can create a file. */
export function openModeToPpm(arch: Arch, flags: number, mode: number): number {
  const tmpfile = O_TMPFILE_BIT | OPEN_ARCH[arch].DIRECTORY;
  return (flags & O_CREAT) || (flags & tmpfile) === tmpfile ? mode & 0o7777 : 0;
}

// Clone flags: include/uapi/linux/sched.h (same on every architecture) -> PPM_CL_*.
const CLONE_TO_PPM: ReadonlyArray<[number, number]> = [
  [0x00000400, 1 << 0], // CLONE_FILES
  [0x00000200, 1 << 1], // CLONE_FS
  [0x80000000, 1 << 2], // CLONE_IO
  [0x08000000, 1 << 3], // CLONE_NEWIPC
  [0x40000000, 1 << 4], // CLONE_NEWNET
  [0x00020000, 1 << 5], // CLONE_NEWNS
  [0x20000000, 1 << 6], // CLONE_NEWPID
  [0x04000000, 1 << 7], // CLONE_NEWUTS
  [0x00008000, 1 << 8], // CLONE_PARENT
  [0x00100000, 1 << 9], // CLONE_PARENT_SETTID
  [0x00002000, 1 << 10], // CLONE_PTRACE
  [0x00000800, 1 << 11], // CLONE_SIGHAND
  [0x00040000, 1 << 12], // CLONE_SYSVSEM
  [0x00010000, 1 << 13], // CLONE_THREAD
  [0x00800000, 1 << 14], // CLONE_UNTRACED
  [0x00000100, 1 << 15], // CLONE_VM
  [0x10000000, 1 << 20], // CLONE_NEWUSER
  [0x00200000, 1 << 23], // CLONE_CHILD_CLEARTID
  [0x01000000, 1 << 24], // CLONE_CHILD_SETTID
  [0x00080000, 1 << 25], // CLONE_SETTLS
  [0x00004000, 1 << 27], // CLONE_VFORK
  [0x02000000, 1 << 28], // CLONE_NEWCGROUP
];

/** PPM_CL_* bits sysdig reads from clone exits. */
export const PPM_CL = {
  CLONE_FILES: 1 << 0,
  CLONE_VM: 1 << 15,
  CLONE_THREAD: 1 << 13,
  CLONE_VFORK: 1 << 27,
} as const;

/** Native clone(2) flags to sysdig's PPM_CL_* form, as the driver's clone_flags_to_scap. */
export function cloneFlagsToPpm(flags: bigint): number {
  const f = Number(flags & 0xffffffffn);
  let r = 0;
  for (const [native, ppm] of CLONE_TO_PPM) if ((f & native) >>> 0) r |= ppm;
  return r >>> 0;
}
