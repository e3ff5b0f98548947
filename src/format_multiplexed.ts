/**
 * The text of the multiplexed syscalls whose arguments depend on their request, command or
 * operation, as strace 6.1 shows them: ptrace, keyctl, kcmp, membarrier, seccomp and quotactl
 * (`ptrace(PTRACE_CONT, 1234, NULL, SIGUSR1)`, `keyctl(KEYCTL_REVOKE, KEY_SPEC_GROUP_KEYRING)`,
 * `kcmp(1, 2, KCMP_VM)`). The arguments a request does not use are left out; memory they point
 * at (not copied) is shown as its address. JSON keeps every argument as the spec decodes it.
 * Calls of these kinds are rare: the text is made through the decoded call, with BigInts.
 *
 * @module
 */
import type { Arch } from "./record.ts";
import type { DecodedCall, Value } from "./decode.ts";
import { signalName } from "./xlat/signal.ts";
import { flagsText, styledValue, type Xlat, xlatValue } from "./xlat/xlat.ts";
import {
  KEY_PERMS,
  KEY_REQKEY_DEFL,
  KEY_SPECS,
  KEYCTL_MOVE_FLAGS,
  MEMBARRIER_CMDS,
  MEMBARRIER_FLAGS,
  NT_TYPES,
  PTRACE_OPTIONS,
  SECCOMP_FILTER_FLAGS,
} from "./xlat/multiplexed.ts";
import {
  MS_MOUNT_FLAGS,
  REBOOT_CMDS,
  REBOOT_MAGIC1,
  REBOOT_MAGIC2,
  SYSLOG_ACTIONS,
  SYSLOG_LEVELS,
} from "./xlat/system.ts";
import { fileModeText, makedevText } from "./decode_struct.ts";
import { errnoName } from "./errno.ts";

/** The syscalls {@linkcode multiplexedArgs} shapes. */
export const MULTIPLEXED: ReadonlySet<string> = new Set([
  "ptrace",
  "keyctl",
  "kcmp",
  "membarrier",
  "seccomp",
  "quotactl",
  "reboot",
  "syslog",
  "mknod",
  "mknodat",
  "mq_open",
  "mount",
  "fsconfig",
  "quotactl_fd",
]);

const I32 = (v: bigint) => BigInt.asIntN(32, v);
const U32 = (v: bigint) => BigInt.asUintN(32, v);
const hex = (v: bigint) => (v === 0n ? "0" : `0x${BigInt.asUintN(64, v).toString(16)}`);
const addr = (v: bigint) => (v === 0n ? "NULL" : hex(v));

/** A named value, or the hex number with strace's `/* PREFIX??? *\/` comment (and -X's forms). */
function named(table: Xlat, v: bigint, unknown: string): string {
  return styledValue(hex(v), xlatValue(table, v).names[0], ` /* ${unknown} */`);
}

/** Flags by name, unknown bits in hex; none set and no name for 0: `0`, or with a comment. */
const flags = (table: Xlat, v: bigint, unknown: string) => flagsText(table, v, ` /* ${unknown} */`);

/** A key serial: KEY_SPEC_* or the int. */
const serial = (v: bigint) =>
  styledValue(String(I32(v)), xlatValue(KEY_SPECS, I32(v)).names[0], "");
/** A uid as strace's printuid: -1 as -1, else unsigned. */
const uid = (v: bigint) => (U32(v) === 0xffffffffn ? "-1" : String(U32(v)));
/** A signal as strace's printsignal: its name, or the int. */
const sig = (v: bigint) => styledValue(String(I32(v)), signalName(I32(v)), "");

// ptrace requests, by the numbers of include/uapi/linux/ptrace.h and the architectures' own
const PTRACE_TRACEME = 0n,
  PTRACE_CONT = 7n,
  PTRACE_KILL = 8n,
  PTRACE_SINGLESTEP = 9n,
  PTRACE_ATTACH = 0x10n,
  PTRACE_DETACH = 0x11n,
  PTRACE_SYSCALL = 0x18n,
  PTRACE_SYSEMU = 0x1fn,
  PTRACE_SYSEMU_SINGLESTEP = 0x20n,
  PTRACE_SETOPTIONS = 0x4200n,
  PTRACE_GETREGSET = 0x4204n,
  PTRACE_SETREGSET = 0x4205n,
  PTRACE_SEIZE = 0x4206n,
  PTRACE_INTERRUPT = 0x4207n,
  PTRACE_LISTEN = 0x4208n;
/** Requests whose addr strace shows as an unsigned number (a size or an index). */
const PTRACE_ADDR_U = new Set([0x420an, 0x420bn, 0x420cn, 0x420dn, 0x420en]);
// x86_64's own: PTRACE_GETREGS, SETREGS, GETFPREGS, SETFPREGS (the registers at data, shown in
// addr's place), PTRACE_OLDSETOPTIONS, PTRACE_SINGLEBLOCK
const X86_REGS = new Set([0xcn, 0xdn, 0xen, 0xfn]);
const X86_OLDSETOPTIONS = 0x15n, X86_SINGLEBLOCK = 0x21n;

/**
 * ptrace's arguments as strace shows them for `request`: `PTRACE_TRACEME`, `PTRACE_ATTACH, 1234`,
 * `PTRACE_CONT, 1234, NULL, SIGUSR1`, `PTRACE_SETOPTIONS, 1234, NULL, PTRACE_O_TRACESYSGOOD`,
 * `PTRACE_GETREGSET, 1234, NT_PRSTATUS, 0x7ffc...`, `PTRACE_GETREGS, 1234, 0x7ffc...` (x86_64).
 */
function ptraceArgs(arch: Arch, req: string, a: bigint[], data: string): string {
  const r = a[0];
  let s = req;
  if (r === PTRACE_TRACEME) return s;
  s += `, ${I32(a[1])}`;
  if (r === PTRACE_ATTACH || r === PTRACE_INTERRUPT || r === PTRACE_KILL || r === PTRACE_LISTEN) {
    return s;
  }
  const x86 = arch === "x86_64";
  if (x86 && X86_REGS.has(r)) return `${s}, ${addr(a[3])}`;
  if (r === PTRACE_GETREGSET || r === PTRACE_SETREGSET) {
    // the iovec the module copied: {iov_base=0x..., iov_len=N}
    return `${s}, ${named(NT_TYPES, a[2], "NT_???")}, ${data}`;
  }
  if (PTRACE_ADDR_U.has(r)) s += `, ${a[2]}`;
  else s += `, ${addr(a[2])}`; // PEEKUSER/POKEUSER: an offset beyond struct user's names
  if (
    r === PTRACE_CONT || r === PTRACE_DETACH || r === PTRACE_SYSCALL || r === PTRACE_SINGLESTEP ||
    r === PTRACE_SYSEMU || r === PTRACE_SYSEMU_SINGLESTEP || (x86 && r === X86_SINGLEBLOCK)
  ) {
    return `${s}, ${sig(a[3])}`;
  }
  if (r === PTRACE_SEIZE || r === PTRACE_SETOPTIONS || (x86 && r === X86_OLDSETOPTIONS)) {
    return `${s}, ${flags(PTRACE_OPTIONS, a[3], "PTRACE_O_???")}`;
  }
  return `${s}, ${data}`;
}

/** keyctl's arguments for operation `cmd` (strace's keyctl.c), `op` its name. */
function keyctlArgs(op: string, a: bigint[]): string {
  const cmd = I32(a[0]);
  const [, a2, a3, a4, a5] = a;
  let rest: string;
  switch (cmd) {
    case 0n: // KEYCTL_GET_KEYRING_ID
      rest = `${serial(a2)}, ${I32(a3)}`;
      break;
    case 1n: // KEYCTL_JOIN_SESSION_KEYRING: a name (not copied)
      rest = addr(a2);
      break;
    case 2n: // KEYCTL_UPDATE
      rest = `${serial(a2)}, ${addr(a3)}, ${a4}`;
      break;
    case 3n: // KEYCTL_REVOKE
    case 7n: // KEYCTL_CLEAR
    case 16n: // KEYCTL_ASSUME_AUTHORITY
    case 21n: // KEYCTL_INVALIDATE
      rest = serial(a2);
      break;
    case 4n: // KEYCTL_CHOWN
      rest = `${serial(a2)}, ${uid(a3)}, ${uid(a4)}`;
      break;
    case 6n: // KEYCTL_DESCRIBE
    case 11n: // KEYCTL_READ
    case 17n: // KEYCTL_GET_SECURITY
      rest = `${serial(a2)}, ${addr(a3)}, ${a4}`;
      break;
    case 8n: // KEYCTL_LINK
    case 9n: // KEYCTL_UNLINK
      rest = `${serial(a2)}, ${serial(a3)}`;
      break;
    case 10n: // KEYCTL_SEARCH
      rest = `${serial(a2)}, ${addr(a3)}, ${addr(a4)}, ${serial(a5)}`;
      break;
    case 12n: // KEYCTL_INSTANTIATE
      rest = `${serial(a2)}, ${addr(a3)}, ${a4}, ${serial(a5)}`;
      break;
    case 13n: // KEYCTL_NEGATE
      rest = `${serial(a2)}, ${U32(a3)}, ${serial(a4)}`;
      break;
    case 14n: { // KEYCTL_SET_REQKEY_KEYRING
      const v = I32(a2);
      rest = styledValue(
        String(v),
        xlatValue(KEY_REQKEY_DEFL, v).names[0],
        " /* KEY_REQKEY_DEFL_??? */",
      );
      break;
    }
    case 15n: // KEYCTL_SET_TIMEOUT
      rest = `${serial(a2)}, ${U32(a3)}`;
      break;
    case 18n: // KEYCTL_SESSION_TO_PARENT
      return op;
    case 20n: // KEYCTL_INSTANTIATE_IOV
      rest = `${serial(a2)}, ${addr(a3)}, ${a4}, ${serial(a5)}`;
      break;
    case 22n: // KEYCTL_GET_PERSISTENT
      rest = `${uid(a2)}, ${serial(a3)}`;
      break;
    case 5n: // KEYCTL_SETPERM
      rest = `${serial(a2)}, ${flags(KEY_PERMS, U32(a3), "KEY_???")}`;
      break;
    case 19n: { // KEYCTL_REJECT: the error as print_err() shows it, a name or the number
      const e = U32(a4);
      const err = styledValue(String(e), errnoName(Number(e)), "");
      rest = `${serial(a2)}, ${U32(a3)}, ${err}, ${serial(a5)}`;
      break;
    }
    case 29n: // KEYCTL_RESTRICT_KEYRING: two strings (not copied)
      rest = `${serial(a2)}, ${addr(a3)}, ${addr(a4)}`;
      break;
    case 30n: // KEYCTL_MOVE
      rest = `${serial(a2)}, ${serial(a3)}, ${serial(a4)}, ${
        flags(KEYCTL_MOVE_FLAGS, U32(a5), "KEYCTL_MOVE_???")
      }`;
      break;
    case 31n: // KEYCTL_CAPABILITIES: the buffer (not copied) and its length
      rest = `${addr(a2)}, ${BigInt.asUintN(64, a3)}`;
      break;
    default:
      rest = `${hex(a2)}, ${hex(a3)}, ${hex(a4)}, ${hex(a5)}`;
  }
  return `${op}, ${rest}`;
}

/** kcmp's: both pids and the type, then what the type compares (fds for KCMP_FILE). */
function kcmpArgs(type: string, a: bigint[], slot: string, fd: FdText): string {
  const s = `${I32(a[0])}, ${I32(a[1])}, ${type}`;
  const t = U32(a[2]);
  const p1 = Number(I32(a[0])), p2 = Number(I32(a[1]));
  if (t === 0n) return `${s}, ${fd(a[3], false, p1)}, ${fd(a[4], false, p2)}`; // KCMP_FILE
  if (t === 7n) return `${s}, ${fd(a[3], false, p1)}, ${slot}`; // KCMP_EPOLL_TFD: the slot at idx2
  if (t >= 1n && t <= 6n) return s;
  return `${s}, ${hex(a[3])}, ${hex(a[4])}`;
}

/** membarrier's: the command, its flags, and the CPU with MEMBARRIER_CMD_FLAG_CPU. */
function membarrierArgs(cmd: string, a: bigint[]): string {
  const f = U32(a[1]);
  const s = `${cmd}, ${flags(MEMBARRIER_FLAGS, f, "MEMBARRIER_CMD_FLAG_???")}`;
  return f & 1n ? `${s}, ${I32(a[2])}` : s;
}

/**
 * seccomp's: the operation, its flags (SECCOMP_SET_MODE_FILTER's by name), and what the module
 * copied of its third argument for the operation (the address otherwise).
 */
function seccompArgs(op: string, a: bigint[], arg: string): string {
  const f = U32(a[1]);
  const fl = U32(a[0]) === 1n ? flags(SECCOMP_FILTER_FLAGS, f, "SECCOMP_FILTER_FLAG_???") : hex(f);
  return `${op}, ${fl}, ${arg}`;
}

/** quotactl's: QCMD(...), the device, then what the command uses (strace's quota.c). */
function quotactlArgs(
  c: DecodedCall,
  a: bigint[],
  fmt: (v: Value) => string,
  fd?: FdText,
): string {
  // quotactl_fd(fd, cmd, id, addr): the fd where quotactl has its command, then the same
  const s = fd
    ? `${fd(a[0])}, ${fmt(c.args[1].value)}`
    : `${fmt(c.args[0].value)}, ${fmt(c.args[1].value)}`;
  const cmd = U32(fd ? a[1] : a[0]) >> 8n;
  // Q_QUOTAOFF, Q_SYNC, Q_XQUOTASYNC: nothing more
  if (cmd === 0x800003n || cmd === 0x800001n || cmd === 0x5807n) return s;
  if (cmd === 0x800002n) { // Q_QUOTAON: the format and the quota file's path
    const QFMT = ["QFMT_VFS_OLD", "QFMT_VFS_V0", "QFMT_OCFS2", "QFMT_VFS_V1"];
    const id = U32(a[2]);
    const f = styledValue(
      hex(id),
      id >= 1n && id <= 4n ? QFMT[Number(id) - 1] : undefined,
      " /* QFMT_VFS_??? */",
    );
    return `${s}, ${f}, ${fmt(c.args[3].value)}`;
  }
  // the commands without an id: Q_GETFMT, Q_GETINFO, Q_SETINFO, Q_XQUOTAON, Q_XQUOTAOFF,
  // Q_XGETQSTAT, Q_XQUOTARM, Q_XGETQSTATV (the address only); the others, and a command strace
  // does not know, the id as a uid and the address
  const NO_ID = [0x800004n, 0x800005n, 0x800006n, 0x5801n, 0x5802n, 0x5805n, 0x5806n, 0x5808n];
  if (NO_ID.includes(cmd)) return `${s}, ${addr(a[3])}`;
  return `${s}, ${uid(a[2])}, ${addr(a[3])}`;
}

/** reboot's: both magic numbers and the command, and RESTART2's string (strace's reboot.c). */
function rebootArgs(a: bigint[], fmt: (v: Value) => string, arg3: Value): string {
  const cmd = U32(a[2]);
  const s = `${named(REBOOT_MAGIC1, U32(a[0]), "LINUX_REBOOT_MAGIC_???")}, ${
    named(REBOOT_MAGIC2, U32(a[1]), "LINUX_REBOOT_MAGIC_???")
  }, ${named(REBOOT_CMDS, cmd, "LINUX_REBOOT_CMD_???")}`;
  return cmd === 0xa1b2c3d4n ? `${s}, ${fmt(arg3)}` : s;
}

/**
 * A number with its name always in a comment (strace's XLAT_STYLE_VERBOSE | XLAT_STYLE_FMT_D, in
 * every -X style): `9 /* SYSLOG_ACTION_SIZE_UNREAD *\/`.
 */
const decimalNamed = (table: Xlat, v: bigint, unknown: string) =>
  `${v} /* ${xlatValue(table, v).names[0] ?? unknown} */`;

/** syslog's: the action; the buffer and length for the actions that take them (strace's syslog.c). */
function syslogArgs(a: bigint[], fmt: (v: Value) => string, buf: Value, ret?: bigint): string {
  const type = I32(a[0]), len = I32(a[2]);
  const s = decimalNamed(SYSLOG_ACTIONS, type, "SYSLOG_ACTION_???");
  // CLOSE, OPEN, CLEAR, CONSOLE_OFF, CONSOLE_ON, SIZE_UNREAD, SIZE_BUFFER: nothing more
  if ([0n, 1n, 5n, 6n, 7n, 9n, 10n].includes(type)) return s;
  if (type === 8n) {
    return `${s}, ${addr(a[1])}, ${decimalNamed(SYSLOG_LEVELS, len, "LOGLEVEL_???")}`;
  }
  // READ, READ_ALL, READ_CLEAR: the bytes read, or the address when the call failed
  const read = type >= 2n && type <= 4n && ret !== undefined && ret >= 0n;
  return `${s}, ${read ? fmt(buf) : addr(a[1])}, ${len}`;
}

/**
 * mknod's and mknodat's: the path, the mode with its file type, and the device only for
 * S_IFCHR and S_IFBLK (strace's decode_mknod()); `at`: the index of the path.
 */
function mknodArgs(
  c: DecodedCall,
  a: bigint[],
  fmt: (v: Value) => string,
  at: number,
  fd: FdText = plainFd,
): string {
  const mode = Number(a[at + 1] & 0xffffn);
  const fmtBits = mode & 0o170000;
  // a file type strace has no name for: the whole mode in octal (`0177777`)
  const known = fmtBits === 0 ||
    [0o140000, 0o120000, 0o100000, 0o60000, 0o40000, 0o20000, 0o10000].includes(fmtBits);
  const m = !fmtBits
    ? fmt({ t: "oct", v: BigInt(mode) })
    : known
    ? fileModeText(mode)
    : "0" + mode.toString(8);
  // mknodat's directory fd with its name
  const head = at ? `${fd(a[0], true)}, ${fmt(c.args[1].value)}` : fmt(c.args[0].value);
  const s = `${head}, ${m}`;
  return fmtBits === 0o20000 || fmtBits === 0o60000 ? `${s}, ${makedevText(U32(a[at + 2]))}` : s;
}

/**
 * fsconfig's, as strace's: the key for the FSCONFIG_SET_* commands, the value as each reads it
 * (a string, a path, bytes in hex; the module copies it by a select on the command), aux as a
 * directory fd, an fd or a number.
 */
function fsconfigArgs(
  c: DecodedCall,
  a: bigint[],
  fmt: (v: Value) => string,
  fd: FdText,
): string {
  const cmd = U32(a[1]);
  const key = cmd <= 5n ? fmt(c.args[2].value) : addr(a[2]);
  // SET_STRING (1), SET_BINARY (2, aux its size), SET_PATH (3), SET_PATH_EMPTY (4)
  const binary = cmd === 2n && I32(a[4]) >= 0n && I32(a[4]) <= 1048576n;
  const value = cmd === 1n || cmd === 3n || cmd === 4n || binary
    ? fmt(c.args[3].value)
    : addr(a[3]);
  const aux = cmd === 3n || cmd === 4n ? fd(a[4], true) : cmd === 5n ? fd(a[4]) : String(I32(a[4]));
  return `${fd(a[0])}, ${fmt(c.args[1].value)}, ${key}, ${value}, ${aux}`;
}

/**
 * mount's, as strace's: MS_MGC_VAL's old magic first, the type as an address for MS_REMOUNT and
 * the data too for MS_BIND, MS_MOVE and the propagation changes (the kernel reads neither then).
 */
function mountArgs(c: DecodedCall, a: bigint[], fmt: (v: Value) => string): string {
  const MS_MGC_MSK = 0xffff0000n, MS_MGC_VAL = 0xc0ed0000n;
  let f = a[3];
  const magic = (f & MS_MGC_MSK) === MS_MGC_VAL;
  if (magic) f &= ~MS_MGC_MSK;
  const remount = (f & 0x20n) !== 0n;
  // MS_BIND, MS_MOVE, MS_UNBINDABLE, MS_PRIVATE, MS_SLAVE, MS_SHARED
  const ignoreBoth = !remount && (f & 0x1e3000n) !== 0n;
  const parts: string[] = [];
  if (magic) parts.push(styledValue(hex(MS_MGC_VAL), "MS_MGC_VAL", ""));
  if (f || !magic) parts.push(flags(MS_MOUNT_FLAGS, f, "MS_???"));
  return [
    fmt(c.args[0].value),
    fmt(c.args[1].value),
    remount || ignoreBoth ? addr(a[2]) : fmt(c.args[2].value),
    parts.join("|"),
    ignoreBoth ? addr(a[4]) : fmt(c.args[4].value),
  ].join(", ");
}

/**
 * An fd argument's text: the number with its `-y` name (`3</dev/null>`), a directory fd's
 * AT_FDCWD with the working directory; of process `pid`, the caller's by default.
 */
export type FdText = (v: bigint, dir?: boolean, pid?: number) => string;

/** {@link FdText} without names: the int, AT_FDCWD by name. */
const plainFd: FdText = (v, dir) =>
  dir && I32(v) === -100n ? styledValue("-100", "AT_FDCWD", "") : String(I32(v));

/**
 * The argument text (inside the parentheses) of a multiplexed call, or undefined for a call
 * {@linkcode MULTIPLEXED} does not hold. `fmt` formats a decoded value (format_text's
 * formatValue), `fd` an fd argument (with -y's names).
 */
export function multiplexedArgs(
  arch: Arch,
  c: DecodedCall,
  raw: bigint[],
  fmt: (v: Value) => string,
  ret?: bigint,
  fd: FdText = plainFd,
): string | undefined {
  const a = [0, 1, 2, 3, 4, 5].map((i) => raw[i] ?? 0n);
  const first = () => fmt(c.args[0].value);
  switch (c.name) {
    case "ptrace":
      return ptraceArgs(arch, first(), a, fmt(c.args[3].value));
    case "keyctl":
      return keyctlArgs(first(), a);
    case "kcmp":
      return kcmpArgs(fmt(c.args[2].value), a, fmt(c.args[4].value), fd);
    case "membarrier":
      return membarrierArgs(first(), a);
    case "seccomp":
      return seccompArgs(first(), a, fmt(c.args[2].value));
    case "quotactl":
      return quotactlArgs(c, a, fmt);
    case "quotactl_fd":
      return quotactlArgs(c, a, fmt, fd);
    case "reboot":
      return rebootArgs(a, fmt, c.args[3].value);
    case "syslog":
      return syslogArgs(a, fmt, c.args[1].value, ret);
    case "mknod":
      return mknodArgs(c, a, fmt, 0);
    case "mknodat":
      return mknodArgs(c, a, fmt, 1, fd);
    case "fsconfig":
      return fsconfigArgs(c, a, fmt, fd);
    case "mount":
      return mountArgs(c, a, fmt);
    case "mq_open": {
      // the mode and attributes only with O_CREAT (strace's mq.c)
      const n = a[1] & 0o100n ? 4 : 2;
      return c.args.slice(0, n).map((x) => fmt(x.value)).join(", ");
    }
  }
  return undefined;
}

/**
 * A result strace explains after the number, or undefined: membarrier(MEMBARRIER_CMD_QUERY)'s
 * commands, `= 0x1ff (MEMBARRIER_CMD_GLOBAL|...)`.
 */
export function multiplexedResult(name: string, raw: bigint[], ret: bigint): string | undefined {
  if (name === "membarrier" && I32(raw[0] ?? 0n) === 0n && ret > 0n && ret < 0x100000000n) {
    return `${hex(ret)} (${flags(MEMBARRIER_CMDS, ret, "MEMBARRIER_CMD_???")})`;
  }
  return undefined;
}
