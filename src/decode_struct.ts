/**
 * Structures the module copies (STRUCT items, kmod/capture.c) decoded as strace prints them:
 * stat and statx, timespec, rlimit, utsname, sysinfo, sigset and sigaction, wait status, pollfd
 * and epoll_event arrays, and what the common ioctls write back. Layouts are the traced
 * architecture's (x86_64's own stat and packed epoll_event; arm64's generic ones), checked in the
 * module against the kernel's sizes (static_assert in kmod/capture.c).
 *
 * Each decoder returns a `struct` value with every field (JSON shows them all) and, where strace
 * abbreviates a structure without -v, the fields it shows (`short`, then `...`).
 *
 * @module
 */
import type { Arch, Capture } from "./record.ts";
import { findItem, IF_FAULT, structItem } from "./abi.ts";
import type { Field, Value } from "./decode.ts";
import { CAP_KINDS, type Kind, KIND_CAP, STRUCT_OPS } from "./syscalls/kinds.ts";
import { signalName } from "./xlat/signal.ts";
import { socklenValue, sockoptValue } from "./decode_sockopt.ts";
import { clockText, siCodeStyled, siginfoFields, sigStyled, sigText } from "./format_signal.ts";
import { STATX_ATTRS, STATX_MASK } from "./xlat/misc.ts";
import {
  flagsText,
  styledValue,
  unknownComment,
  type Xlat,
  xlat,
  xlatFlags,
  xlatStyle,
  xlatValue,
} from "./xlat/xlat.ts";
import {
  IORING_FEATURES,
  IORING_RSRC_FLAGS,
  IORING_SETUP_FLAGS,
  LANDLOCK_ACCESS_FS,
  MPOL_MODES,
  PTRACE_EVENTS,
  SCHED_ATTR_FLAGS,
  SCHED_POLICIES,
  SECCOMP_RET_ACTIONS,
} from "./xlat/multiplexed.ts";
import { FS_MAGIC, STATFS_FLAGS } from "./xlat/fsmagic.ts";
import { BPF_MAP_FLAGS, BPF_MAP_TYPES } from "./xlat/bpf.ts";
import { ifindexText } from "./ifname.ts";
import { MOUNT_ATTR_FLAGS, MOUNT_PROPAGATION } from "./xlat/system.ts";
import { CLONE3_FLAGS } from "./xlat/sched.ts";
import { addrValue, flagsCommented, flagsOf, modeAndFlags, valueOf } from "./decode.ts";
import { hexBytes } from "./quote.ts";
import { errnoName } from "./errno.ts";
import {
  F_OWNER_TYPES,
  LEASE_TYPES,
  OPEN_ACCMODE,
  openFlagsTable,
  SEEK_WHENCE,
} from "./xlat/fcntl.ts";
import { ioctlArgIsPointer, ioctlDirectValue, ioctlValue } from "./decode_term.ts";
import { ptraceInfoValue } from "./decode_ptrace.ts";

const int = (v: bigint | number): Value => ({ t: "int", v: BigInt(v) });
const text = (s: string): Value => ({ t: "text", s });
/** strace's `%#x`: `0`, `0x2a`. */
export const hexText = (v: bigint): string => (v === 0n ? "0" : "0x" + v.toString(16));

/** A file mode as strace prints it: `S_IFREG|S_ISUID|0755`. */
export function fileModeText(mode: number): string {
  // -X raw, verbose: strace's print_symbolic_mode_t(), `0100644`, `0100644 /* S_IFREG|0644 */`
  if (xlatStyle() !== 0) {
    return styledValue(mode ? "0" + mode.toString(8) : "0", modeAbbrev(mode), "");
  }
  return modeAbbrev(mode);
}

function modeAbbrev(mode: number): string {
  const types: Record<number, string> = {
    0o140000: "S_IFSOCK",
    0o120000: "S_IFLNK",
    0o100000: "S_IFREG",
    0o60000: "S_IFBLK",
    0o40000: "S_IFDIR",
    0o20000: "S_IFCHR",
    0o10000: "S_IFIFO",
  };
  const parts: string[] = [];
  const fmt = mode & 0o170000;
  if (fmt) parts.push(types[fmt] ?? "0" + fmt.toString(8));
  if (mode & 0o4000) parts.push("S_ISUID");
  if (mode & 0o2000) parts.push("S_ISGID");
  if (mode & 0o1000) parts.push("S_ISVTX");
  const perm = (mode & 0o777).toString(8);
  parts.push("0" + perm.padStart(2, "0"));
  return parts.join("|");
}

/** A device number (the kernel's new_encode_dev) as strace's `makedev(0x1, 0x3)`. */
export function makedevText(dev: bigint): string {
  const d = makedevOf(Number(BigInt.asUintN(32, dev)));
  // -X raw and verbose: strace's print_dev_t(), `0x18`, `0x18 /* makedev(0, 0x18) */`
  return xlatStyle() === 0 ? d : styledValue(hexText(BigInt.asUintN(64, dev)), d, "");
}

const S_IFCHR = 0o20000, S_IFBLK = 0o60000;

/**
 * strace's sprinttime_nsec(): seconds since the epoch as local time, `2023-11-14T22:13:20` then
 * `.123456789` when nsec is not 0, then the zone offset (`+0000`); undefined for 0 and 0 or a
 * time it cannot show.
 */
export function isoTime(sec: bigint, nsec: bigint, digits = 9): string | undefined {
  const max = digits === 9 ? 999_999_999n : 999_999n;
  if ((sec === 0n && nsec === 0n) || nsec > max || nsec < 0n) return undefined;
  const ms = Number(sec) * 1000;
  const d = new Date(ms);
  if (!Number.isSafeInteger(ms) || isNaN(d.getTime())) return undefined;
  const east = -d.getTimezoneOffset();
  const l = new Date(ms + east * 60_000);
  const p = (n: number) => String(n).padStart(2, "0");
  let s = `${l.getUTCFullYear()}-${p(l.getUTCMonth() + 1)}-${p(l.getUTCDate())}T` +
    `${p(l.getUTCHours())}:${p(l.getUTCMinutes())}:${p(l.getUTCSeconds())}`;
  if (nsec > 0n) s += "." + String(nsec).padStart(digits, "0");
  const a = Math.abs(east);
  return s + (east >= 0 ? "+" : "-") + p(Math.floor(a / 60)) + p(a % 60);
}

/** A time field: the seconds, and in text strace's comment with the date (isoTime()). */
function timeField(name: string, sec: bigint, nsec: bigint): Field {
  const note = isoTime(sec, nsec);
  return {
    name,
    value: note ? { t: "dual", shown: text(`${sec} /* ${note} */`), data: int(sec) } : int(sec),
  };
}

function statValue(arch: Arch, dv: DataView): Value {
  const x86 = arch === "x86_64";
  const u64 = (o: number) => dv.getBigUint64(o, true);
  const i64 = (o: number) => dv.getBigInt64(o, true);
  const mode = dv.getUint32(x86 ? 24 : 16, true);
  const nlink = x86 ? u64(16) : BigInt(dv.getUint32(20, true));
  const uid = dv.getUint32(x86 ? 28 : 24, true), gid = dv.getUint32(x86 ? 32 : 28, true);
  const rdev = u64(x86 ? 40 : 32);
  const blksize = x86 ? i64(56) : BigInt(dv.getInt32(56, true));
  const dev = (mode & 0o170000) === S_IFCHR || (mode & 0o170000) === S_IFBLK;
  const sizeField: Field = dev
    ? { name: "st_rdev", value: text(makedevText(rdev)) }
    : { name: "st_size", value: int(i64(48)) };
  const modeField: Field = { name: "st_mode", value: text(fileModeText(mode)) };
  const fields: Field[] = [
    { name: "st_dev", value: text(makedevText(u64(0))) },
    { name: "st_ino", value: int(u64(8)) },
    modeField,
    { name: "st_nlink", value: int(nlink) },
    { name: "st_uid", value: int(uid) },
    { name: "st_gid", value: int(gid) },
    { name: "st_blksize", value: int(blksize) },
    { name: "st_blocks", value: int(i64(64)) },
    sizeField,
    timeField("st_atime", i64(72), u64(80)),
    { name: "st_atime_nsec", value: int(u64(80)) },
    timeField("st_mtime", i64(88), u64(96)),
    { name: "st_mtime_nsec", value: int(u64(96)) },
    timeField("st_ctime", i64(104), u64(112)),
    { name: "st_ctime_nsec", value: int(u64(112)) },
  ];
  return { t: "struct", fields, short: [modeField, sizeField] };
}

/** statx's mask as strace prints it: STATX_BASIC_STATS for the eleven basic bits together. */
export function statxMaskText(mask: number): string {
  return flagStyled(STATX_MASK, BigInt(mask));
}

function statxValue(dv: DataView): Value {
  const u32 = (o: number) => dv.getUint32(o, true);
  const u64 = (o: number) => dv.getBigUint64(o, true);
  // strace's print_statx_timestamp(): the date in a comment
  const ts = (o: number): Value => {
    const sec = dv.getBigInt64(o, true), nsec = BigInt(u32(o + 8));
    const v: Value = {
      t: "struct",
      fields: [{ name: "tv_sec", value: int(sec) }, { name: "tv_nsec", value: int(nsec) }],
    };
    const note = isoTime(sec, nsec);
    return note ? { t: "dual", shown: text(`${formatTimes(v)} /* ${note} */`), data: v } : v;
  };
  const mask = u32(0);
  // strace shows a field only when stx_mask says the kernel filled it in
  const has = (bits: number) => (mask & bits) !== 0;
  const attrs = (o: number) => text(flagsText(STATX_ATTRS, u64(o), " /* STATX_ATTR_??? */"));
  const mode: Field = { name: "stx_mode", value: text(fileModeText(dv.getUint16(28, true))) };
  const size: Field = { name: "stx_size", value: int(u64(40)) };
  const short: Field[] = [
    { name: "stx_mask", value: text(statxMaskText(mask)) },
    { name: "stx_attributes", value: attrs(8) },
    ...(has(0x3) ? [mode] : []),
    ...(has(0x200) ? [size] : []),
  ];
  const fields: Field[] = [short[0], { name: "stx_blksize", value: int(u32(4)) }, short[1]];
  const add = (bits: number, ...f: Field[]) => has(bits) && fields.push(...f);
  add(0x4, { name: "stx_nlink", value: int(u32(16)) });
  add(0x8, { name: "stx_uid", value: int(u32(20)) });
  add(0x10, { name: "stx_gid", value: int(u32(24)) });
  add(0x3, mode);
  add(0x100, { name: "stx_ino", value: int(u64(32)) });
  add(0x200, size);
  add(0x400, { name: "stx_blocks", value: int(u64(48)) });
  fields.push({ name: "stx_attributes_mask", value: attrs(56) });
  add(0x20, { name: "stx_atime", value: ts(64) });
  add(0x800, { name: "stx_btime", value: ts(80) });
  add(0x80, { name: "stx_ctime", value: ts(96) });
  add(0x40, { name: "stx_mtime", value: ts(112) });
  fields.push(
    { name: "stx_rdev_major", value: int(u32(128)) },
    { name: "stx_rdev_minor", value: int(u32(132)) },
    { name: "stx_dev_major", value: int(u32(136)) },
    { name: "stx_dev_minor", value: int(u32(140)) },
  );
  add(0x1000, { name: "stx_mnt_id", value: text(hexText(u64(144))) });
  add(
    0x2000,
    { name: "stx_dio_mem_align", value: int(u32(152)) },
    { name: "stx_dio_offset_align", value: int(u32(156)) },
  );
  return { t: "struct", fields, short };
}

function timespecValue(dv: DataView, off = 0, usec = false): Value {
  return {
    t: "struct",
    fields: [
      { name: "tv_sec", value: int(dv.getBigInt64(off, true)) },
      // the fraction unsigned, as strace prints it (`tv_nsec=13464652301697220333`)
      { name: usec ? "tv_usec" : "tv_nsec", value: int(dv.getBigUint64(off + 8, true)) },
    ],
  };
}

/**
 * struct statfs (the 64-bit layout) as strace's print_struct_statfs(): the magic number by name,
 * the counts, f_fsid's two words in hex, and f_flags when ST_VALID says the kernel set them.
 */
function statfsValue(dv: DataView): Value {
  const u = (o: number) => int(dv.getBigUint64(o, true));
  const type = dv.getBigUint64(0, true);
  const name = xlatValue(FS_MAGIC, type).names[0];
  const fsid = (o: number) => {
    const v = dv.getUint32(o, true);
    return v ? "0x" + v.toString(16) : "0";
  };
  const fields: Field[] = [
    { name: "f_type", value: name ? { t: "sym", names: [name], v: type } : { t: "hex", v: type } },
    { name: "f_bsize", value: u(8) },
    { name: "f_blocks", value: u(16) },
    { name: "f_bfree", value: u(24) },
    { name: "f_bavail", value: u(32) },
    { name: "f_files", value: u(40) },
    { name: "f_ffree", value: u(48) },
    { name: "f_fsid", value: text(`{val=[${fsid(56)}, ${fsid(60)}]}`) },
    { name: "f_namelen", value: u(64) },
    { name: "f_frsize", value: u(72) },
  ];
  const flags = dv.getBigUint64(80, true);
  if (flags & 0x20n) fields.push({ name: "f_flags", value: flagsOf(STATFS_FLAGS, flags) });
  return { t: "struct", fields };
}

const UTIME_NOW = (1n << 30n) - 1n, UTIME_OMIT = (1n << 30n) - 2n;

/**
 * One time of utimes' and utimensat's pairs, as strace's print_timeval_utimes() and
 * print_timespec_t_utime(): the time, with its date in a comment when it is one; utimensat's
 * UTIME_NOW and UTIME_OMIT by name (in -X's styles).
 */
function utimeValue(dv: DataView, off: number, usec: boolean): Value {
  const sec = dv.getBigInt64(off, true), frac = dv.getBigUint64(off + 8, true);
  const t = timespecValue(dv, off, usec);
  if (!usec && (frac === UTIME_NOW || frac === UTIME_OMIT)) {
    const name = frac === UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT";
    const x = xlatStyle();
    if (x === 0) return text(name);
    const raw = `{tv_sec=${sec}, tv_nsec=${frac}}`;
    return text(x === 1 ? raw : `${raw} /* ${name} */`);
  }
  const note = isoTime(sec, frac, usec ? 6 : 9);
  return note ? { t: "dual", shown: text(`${formatTimes(t)} /* ${note} */`), data: t } : t;
}

/** A timespecValue()'s text, `{tv_sec=1, tv_nsec=2}`. */
function formatTimes(v: Value): string {
  if (v.t !== "struct") return "";
  return `{${v.fields.map((f) => `${f.name}=${(f.value as { v: bigint }).v}`).join(", ")}}`;
}

/** itimerval (timevals) or itimerspec (timespecs): `{it_interval={...}, it_value={...}}`. */
function itimerValue(dv: DataView, usec: boolean): Value {
  return {
    t: "struct",
    fields: [
      { name: "it_interval", value: timespecValue(dv, 0, usec) },
      { name: "it_value", value: timespecValue(dv, 16, usec) },
    ],
  };
}

/**
 * strace's rlimit value (print_rlim64_t: the structures decoded are all 64-bit ones, compat
 * calls leave them as addresses): RLIM64_INFINITY, `8192*1024` for a multiple of 1024 above
 * it, or N; -X raw the number, -X verbose both.
 */
function rlimText(v: bigint): string {
  const n = v.toString();
  if (v === 0xffffffffffffffffn) return styledValue(n, "RLIM64_INFINITY", "");
  return styledValue(n, v > 1024n && v % 1024n === 0n ? `${v / 1024n}*1024` : undefined, "");
}

function rlimitValue(dv: DataView): Value {
  return {
    t: "struct",
    fields: [
      { name: "rlim_cur", value: text(rlimText(dv.getBigUint64(0, true))) },
      { name: "rlim_max", value: text(rlimText(dv.getBigUint64(8, true))) },
    ],
  };
}

function cstr(b: Uint8Array, off: number, max: number): Value {
  let end = off;
  while (end < off + max && end < b.length && b[end] !== 0) end++;
  return { t: "str", bytes: b.subarray(off, end) };
}

function utsnameValue(b: Uint8Array): Value {
  const names = ["sysname", "nodename", "release", "version", "machine", "domainname"];
  const fields: Field[] = names.map((name, i) => ({ name, value: cstr(b, 65 * i, 65) }));
  return { t: "struct", fields, short: fields.slice(0, 2) };
}

function sysinfoValue(dv: DataView): Value {
  const u = (o: number) => int(dv.getBigUint64(o, true));
  return {
    t: "struct",
    fields: [
      { name: "uptime", value: int(dv.getBigInt64(0, true)) },
      { name: "loads", value: { t: "array", items: [u(8), u(16), u(24)] } },
      { name: "totalram", value: u(32) },
      { name: "freeram", value: u(40) },
      { name: "sharedram", value: u(48) },
      { name: "bufferram", value: u(56) },
      { name: "totalswap", value: u(64) },
      { name: "freeswap", value: u(72) },
      { name: "procs", value: int(dv.getUint16(80, true)) },
      { name: "totalhigh", value: u(88) },
      { name: "freehigh", value: u(96) },
      { name: "mem_unit", value: int(dv.getUint32(104, true)) },
    ],
  };
}

/** A signal's name without SIG, as strace prints sets: CHLD, RTMIN, RT_1. */
function setName(n: number): string {
  const name = signalName(BigInt(n))?.slice(3);
  // -X raw: the number; verbose: `32 /* RTMIN */`
  return xlatStyle() === 0 ? name ?? String(n) : styledValue(String(n), name, "");
}

/** A sigset as strace prints it: `[CHLD USR1]`, or `~[RTMIN RT_1]` when most bits are set. */
export function sigsetText(lo: number, hi: number): string {
  const on: number[] = [], off: number[] = [];
  for (let n = 1; n <= 64; n++) {
    const bit = n <= 32 ? (lo >>> (n - 1)) & 1 : (hi >>> (n - 33)) & 1;
    (bit ? on : off).push(n);
  }
  if (on.length > 32) return `~[${off.map(setName).join(" ")}]`;
  return `[${on.map(setName).join(" ")}]`;
}

const SA_FLAGS: Xlat = xlat({
  SA_RESTORER: 0x04000000,
  SA_ONSTACK: 0x08000000,
  SA_RESTART: 0x10000000,
  SA_NODEFER: 0x40000000,
  SA_RESETHAND: 0x80000000,
  SA_SIGINFO: 4,
  SA_NOCLDSTOP: 1,
  SA_NOCLDWAIT: 2,
  SA_UNSUPPORTED: 0x400,
  SA_EXPOSE_TAGBITS: 0x800,
});

function flagText(table: Xlat, v: bigint): string {
  const s = xlatFlags(table, v);
  const parts = [...s.names];
  if (s.rest) parts.push(hexText(s.rest));
  return parts.length ? parts.join("|") : "0";
}

/** flagText() in -X's styles: the number, or with the names in a comment. */
const flagStyled = (table: Xlat, v: bigint) => flagsText(table, v, "");

function sigactionValue(dv: DataView): Value {
  const h = dv.getBigUint64(0, true), flags = dv.getBigUint64(8, true);
  const fields: Field[] = [
    {
      name: "sa_handler",
      value: text(
        h > 1n
          ? hexText(h)
          : styledValue(h === 0n ? "0" : "0x1", h === 0n ? "SIG_DFL" : "SIG_IGN", ""),
      ),
    },
    { name: "sa_mask", value: text(sigsetText(dv.getUint32(24, true), dv.getUint32(28, true))) },
    { name: "sa_flags", value: text(flagStyled(SA_FLAGS, flags)) },
  ];
  if (flags & 0x04000000n) {
    fields.push({ name: "sa_restorer", value: text(hexText(dv.getBigUint64(16, true))) });
  }
  return { t: "struct", fields };
}

/**
 * A wait status as strace's printstatus() prints it: `[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]`;
 * a ptrace stop's `[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP | 0x80}]` (PTRACE_O_TRACESYSGOOD) and
 * `[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP}|PTRACE_EVENT_SECCOMP<<16]`; bits left over in hex.
 */
export function waitStatusText(s: number): string {
  let t: string;
  let rest = s >>> 0;
  if ((s & 0xff) === 0x7f) {
    const sig = (s >> 8) & 0xff;
    t = `{WIFSTOPPED(s) && WSTOPSIG(s) == ${sigText(sig & 0x7f)}${sig & 0x80 ? " | 0x80" : ""}}`;
    rest = (rest & ~0xff7f) >>> 0;
  } else if ((s & 0x7f) !== 0 && (s & 0x7f) !== 0x7f) {
    t = `{WIFSIGNALED(s) && WTERMSIG(s) == ${sigText(s & 0x7f)}${
      s & 0x80 ? " && WCOREDUMP(s)" : ""
    }}`;
    rest = (rest & ~0xff) >>> 0;
  } else if ((s & 0x7f) === 0) {
    t = `{WIFEXITED(s) && WEXITSTATUS(s) == ${(s >> 8) & 0xff}}`;
    rest = (rest & ~0xff00) >>> 0;
  } else if (s === 0xffff) {
    t = "{WIFCONTINUED(s)}";
    rest = 0;
  } else {
    return `[${hexText(BigInt(rest))}]`;
  }
  const event = rest >>> 16;
  if (event) {
    const e = BigInt(event);
    const name = xlatValue(PTRACE_EVENTS, e).names[0];
    t += `|${styledValue(hexText(e), name, unknownComment(PTRACE_EVENTS))}<<16`;
    rest &= 0xffff;
  }
  if (rest) t += `|${hexText(BigInt(rest))}`;
  return `[${t}]`;
}

const POLL_EVENTS: Xlat = xlat({
  POLLIN: 0x1,
  POLLPRI: 0x2,
  POLLOUT: 0x4,
  POLLERR: 0x8,
  POLLHUP: 0x10,
  POLLNVAL: 0x20,
  POLLRDNORM: 0x40,
  POLLRDBAND: 0x80,
  POLLWRNORM: 0x100,
  POLLWRBAND: 0x200,
  POLLMSG: 0x400,
  POLLREMOVE: 0x1000,
  POLLRDHUP: 0x2000,
});

/** pollfd entries: `{fd=3, events=POLLIN}` (inputs) or, with `revents`, the ones the kernel set. */
export function pollfdsValue(data: Uint8Array, revents: boolean, truncated?: boolean): Value {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const items: Value[] = [];
  for (let o = 0; o + 8 <= data.length; o += 8) {
    const fd: Field = { name: "fd", value: int(dv.getInt32(o, true)) };
    if (!revents) {
      items.push({
        t: "struct",
        fields: [fd, {
          name: "events",
          value: text(flagText(POLL_EVENTS, BigInt(dv.getUint16(o + 4, true)))),
        }],
      });
    } else {
      const r = dv.getUint16(o + 6, true);
      if (r) {
        items.push({
          t: "struct",
          fields: [fd, { name: "revents", value: text(flagText(POLL_EVENTS, BigInt(r))) }],
        });
      }
    }
  }
  return { t: "array", items, truncated };
}

const EPOLL_EVENTS: Xlat = xlat({
  EPOLLIN: 0x1,
  EPOLLPRI: 0x2,
  EPOLLOUT: 0x4,
  EPOLLERR: 0x8,
  EPOLLHUP: 0x10,
  EPOLLNVAL: 0x20,
  EPOLLRDNORM: 0x40,
  EPOLLRDBAND: 0x80,
  EPOLLWRNORM: 0x100,
  EPOLLWRBAND: 0x200,
  EPOLLMSG: 0x400,
  EPOLLRDHUP: 0x2000,
  EPOLLEXCLUSIVE: 1 << 28,
  EPOLLWAKEUP: 1 << 29,
  EPOLLONESHOT: 1 << 30,
  EPOLLET: 0x80000000, // not 1 << 31: a negative number in JavaScript
});

function epollEvents(arch: Arch, data: Uint8Array, truncated?: boolean): Value[] {
  const size = arch === "x86_64" ? 12 : 16, at = arch === "x86_64" ? 4 : 8;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out: Value[] = [];
  for (let o = 0; o + size <= data.length; o += size) {
    const d = dv.getBigUint64(o + at, true);
    out.push({
      t: "struct",
      fields: [
        { name: "events", value: text(flagText(EPOLL_EVENTS, BigInt(dv.getUint32(o, true)))) },
        {
          name: "data",
          value: {
            t: "struct",
            fields: [{ name: "u32", value: int(d & 0xffffffffn) }, { name: "u64", value: int(d) }],
          },
        },
      ],
    });
  }
  if (truncated) out.push(text("..."));
  return out;
}

// ---- text straight from the bytes, for the text and JSON byte paths ---------------------------
// What formatValue(structValue()) prints for the structures hot calls carry (fstat/newfstatat's
// stat, epoll_wait's and epoll_ctl's events), without a Value, a BigInt or a DataView per call.

/** `n` below 2^53 in strace's hex, `0` for 0. */
const hexNum = (n: number) => (n === 0 ? "0" : "0x" + n.toString(16));
/** The u64 at b[o..o+8) in decimal. */
function u64Text(b: Uint8Array, o: number): string {
  const lo = (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
  const hi = (b[o + 4] | (b[o + 5] << 8) | (b[o + 6] << 16) | (b[o + 7] << 24)) >>> 0;
  return hi < 0x200000
    ? String(hi * 4294967296 + lo)
    : ((BigInt(hi) << 32n) + BigInt(lo)).toString();
}
/** The s64 at b[o..o+8) in decimal. */
function s64Text(b: Uint8Array, o: number): string {
  const lo = (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
  const hi = b[o + 4] | (b[o + 5] << 8) | (b[o + 6] << 16) | (b[o + 7] << 24);
  return hi >= -0x200000 && hi < 0x200000
    ? String(hi * 4294967296 + lo)
    : BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) + BigInt(lo)).toString();
}
export const u32At = (b: Uint8Array, o: number) =>
  (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

// a program stats few distinct modes and waits for few distinct event sets
const modeTexts = new Map<number, string>();
const epollTexts = new Map<number, string>();
export function modeTextOf(mode: number): string {
  if (xlatStyle() !== 0) return fileModeText(mode);
  let s = modeTexts.get(mode);
  if (s === undefined) {
    s = fileModeText(mode);
    if (modeTexts.size < 4096) modeTexts.set(mode, s);
  }
  return s;
}
export function epollTextOf(ev: number): string {
  let s = epollTexts.get(ev);
  if (s === undefined) {
    s = flagText(EPOLL_EVENTS, BigInt(ev));
    if (epollTexts.size < 4096) epollTexts.set(ev, s);
  }
  return s;
}

/** strace's makedev() of the low 32 bits of a device number (new_encode_dev). */
export function makedevOf(d: number): string {
  const major = (d & 0xfff00) >>> 8, minor = (d & 0xff) | ((d >>> 12) & 0xfff00);
  return `makedev(${hexNum(major)}, ${hexNum(minor)})`;
}

/**
 * How one output format writes the structures {@linkcode structFast} prints from the bytes:
 * a stat (its mode already read), one epoll_event, and an array's separator and "more" mark.
 */
export interface FastStructWriter {
  stat(x86: boolean, b: Uint8Array, o: number, mode: number, device: boolean): string;
  /** The epoll_event at b[o..]; its data at b[at..]. */
  event(b: Uint8Array, o: number, at: number): string;
  sep: string;
  more: string;
}

/**
 * `w`'s text of a stat, epev or epevs argument whose item holds `len` bytes at b[o..] (not a
 * fault), as formatValue()/jsonValue() of structValue() print it, straight from the bytes;
 * undefined for another kind or too few bytes (the caller takes the object path, which shows the
 * address).
 */
export function structFast(
  w: FastStructWriter,
  arch: Arch,
  kind: Kind,
  b: Uint8Array,
  o: number,
  len: number,
  truncated: boolean,
): string | undefined {
  const x86 = arch === "x86_64";
  if (kind === "stat") {
    if (len < minSize(arch, kind)) return undefined;
    const mode = u32At(b, o + (x86 ? 24 : 16));
    const fmt = mode & 0o170000;
    return w.stat(x86, b, o, mode, fmt === S_IFCHR || fmt === S_IFBLK);
  }
  const size = x86 ? 12 : 16, at = x86 ? 4 : 8;
  if (kind === "epev") return len < size ? undefined : w.event(b, o, o + at);
  if (kind !== "epevs") return undefined;
  let s = "[";
  for (let k = 0; k + size <= len; k += size) s += (k ? w.sep : "") + w.event(b, o + k, o + k + at);
  if (truncated) s += s === "[" ? w.more : w.sep + w.more;
  return s + "]";
}

/** The text format's writer (strace's abbreviated stat). */
const TEXT_STRUCTS: FastStructWriter = {
  stat: (x86, b, o, mode, device) =>
    `{st_mode=${modeTextOf(mode)}, ${
      device
        ? "st_rdev=" + makedevOf(u32At(b, o + (x86 ? 40 : 32)))
        : "st_size=" + s64Text(b, o + 48)
    }, ...}`,
  event: (b, o, at) =>
    `{events=${epollTextOf(u32At(b, o))}, data={u32=${u32At(b, at)}, u64=${u64Text(b, at)}}}`,
  sep: ", ",
  more: "...",
};

/** {@linkcode structFast} in the text format. */
export function structTextFast(
  arch: Arch,
  kind: Kind,
  b: Uint8Array,
  o: number,
  len: number,
  truncated: boolean,
): string | undefined {
  return structFast(TEXT_STRUCTS, arch, kind, b, o, len, truncated);
}

/**
 * sendfile's offset from the TIMEOUT copier's items (kind `loffinout`): as passed, at b[a..a+8),
 * and as the kernel left it, at b[x..x+8) (x -1: not copied, the call failed). strace's `[0]`, or
 * `[0] => [4096]` when the kernel moved it.
 */
export function loffPairText(b: Uint8Array, a: number, x: number): string {
  const before = u64Text(b, a);
  if (x < 0) return `[${before}]`;
  const after = u64Text(b, x);
  return after === before ? `[${before}]` : `[${before}] => [${after}]`;
}

/**
 * sendfile's offset from its two STRUCT items at `it` (as passed) and after it (as left, when the
 * call succeeded); undefined when the first could not be read.
 */
export function loffText(
  buf: Uint8Array,
  it: number,
  end: number,
  arg: number,
): string | undefined {
  const len = buf[it] | (buf[it + 1] << 8);
  if (buf[it + 4] & IF_FAULT || len < 8) return undefined;
  const x = findItem(buf, it + 8 + ((len + 7) & ~7), end, arg, 7);
  const ok = x >= 0 && !(buf[x + 4] & IF_FAULT) && (buf[x] | (buf[x + 1] << 8)) >= 8;
  return loffPairText(buf, it + 8, ok ? x + 8 : -1);
}

/** {@linkcode loffPairText} of a decoded record's items for the argument (undefined: none usable). */
export function loffPairValue(raw: bigint, before?: Capture, after?: Capture): Value {
  if (raw === 0n) return { t: "null" };
  if (!before || before.fault || before.data.length < 8) return { t: "hex", v: raw };
  const ok = after && !after.fault && after.data.length >= 8;
  // one buffer for both: the text helper reads offsets into a single array
  const b = new Uint8Array(16);
  b.set(before.data.subarray(0, 8), 0);
  if (ok) b.set(after!.data.subarray(0, 8), 8);
  return text(loffPairText(b, 0, ok ? 8 : -1));
}

/** openat2's resolve flags (include/uapi/linux/openat2.h). */
const RESOLVE_FLAGS = xlat({
  RESOLVE_NO_XDEV: 0x01,
  RESOLVE_NO_MAGICLINKS: 0x02,
  RESOLVE_NO_SYMLINKS: 0x04,
  RESOLVE_BENEATH: 0x08,
  RESOLVE_IN_ROOT: 0x10,
  RESOLVE_CACHED: 0x20,
});
const O_CREAT = 0o100n, O_TMPFILE = 0o20000000n;
/** The tail bytes shown: strace cuts them at -s, whose default is 32. */
const OPEN_HOW_TAIL_MAX = 32;

/**
 * openat2's struct open_how as strace's print_open_how(): flags, mode when O_CREAT or O_TMPFILE
 * asks for it or it is not 0, resolve; the bytes past the 24 the kernel knows, when not all 0
 * (`/* bytes 24..31 *\/ "\x01..."`), or `???` when they could not be read. Less than 24: the
 * address.
 */
function openHowValue(arch: Arch, raw: bigint, c: Capture | undefined, size: bigint): Value {
  if (raw === 0n) return { t: "null" };
  if (size < 24n || !c || c.data.length < 24) return { t: "hex", v: raw };
  const dv = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
  const flags = dv.getBigUint64(0, true), mode = dv.getBigUint64(8, true);
  const fields: Field[] = [{
    name: "flags",
    value: modeAndFlags(OPEN_ACCMODE, 3n, openFlagsTable(arch), flags),
  }];
  if (flags & (O_CREAT | O_TMPFILE) || mode) {
    fields.push({
      name: "mode",
      value: text((mode ? "0" + mode.toString(8) : "0").padStart(3, "0")),
    });
  }
  fields.push({ name: "resolve", value: flagsCommented(RESOLVE_FLAGS, dv.getBigUint64(16, true)) });
  const tail = structTail(c, 24, size);
  if (tail) fields.push(tail);
  return { t: "struct", fields };
}

/**
 * strace's print_nonzero_bytes(): a structure passed with `size` bytes, `known` of them the
 * kernel's: `???` where the rest could not be read, `/* bytes 24..31 *\/ "\\x.."` where it is not
 * all 0, nothing when it is.
 */
function structTail(c: Capture, known: number, size: bigint): Field | undefined {
  if (size <= BigInt(known)) return undefined;
  const want = Number(size > 4096n ? 4096n : size);
  if (c.fault || c.truncated || c.data.length < want) return { name: "", value: text("???") };
  if (!c.data.subarray(known, want).some((x) => x !== 0)) return undefined;
  const h = hexBytes(c.data, known, Math.min(want, known + OPEN_HOW_TAIL_MAX));
  const more = want - known > OPEN_HOW_TAIL_MAX ? "..." : "";
  return { name: "", value: text(`/* bytes ${known}..${want - 1} */ "${h}"${more}`) };
}

/**
 * io_uring_register's resource structures as strace's print_io_uring_register_rsrc() (struct
 * io_uring_rsrc_register: FILES2, BUFFERS2) and print_io_uring_update_rsrc() (struct
 * io_uring_rsrc_update2: FILES_UPDATE2, BUFFERS_UPDATE) show them: 32 bytes at least, else the
 * address; the reserved fields when not 0; the bytes past 32 as print_nonzero_bytes(). The data
 * and tags arrays are NULL, or `[]` with no element; their elements are not copied (they are
 * behind a second pointer), so an array with some is its address.
 */
function uringRsrcValue(kind: Kind, raw: bigint, c: Capture | undefined, size: bigint): Value {
  if (raw === 0n) return { t: "null" };
  if (size < 32n || !c || c.data.length < 32) return { t: "hex", v: raw };
  const dv = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
  const u32 = (o: number) => dv.getUint32(o, true), u64 = (o: number) => dv.getBigUint64(o, true);
  const array = (p: bigint, nr: number): Value =>
    p !== 0n && nr === 0 ? { t: "array", items: [] } : addrValue(p);
  const fields: Field[] = [];
  if (kind === "uringrsrc") {
    const nr = u32(0);
    fields.push(
      { name: "nr", value: int(nr) },
      { name: "flags", value: flagsCommented(IORING_RSRC_FLAGS, BigInt(u32(4))) },
    );
    if (u64(8)) fields.push({ name: "resv2", value: { t: "hex", v: u64(8) } });
    fields.push({ name: "data", value: array(u64(16), nr) });
    fields.push({ name: "tags", value: array(u64(24), nr) });
  } else {
    const nr = u32(24);
    fields.push({ name: "offset", value: int(u32(0)) });
    if (u32(4)) fields.push({ name: "resv", value: { t: "hex", v: BigInt(u32(4)) } });
    fields.push(
      { name: "data", value: array(u64(8), nr) },
      { name: "tags", value: array(u64(16), nr) },
      { name: "nr", value: int(nr) },
    );
    if (u32(28)) fields.push({ name: "resv2", value: { t: "hex", v: BigInt(u32(28)) } });
  }
  const tail = structTail(c, 32, size);
  if (tail) fields.push(tail);
  return { t: "struct", fields };
}

/** BPF_MAP_CREATE's part of union bpf_attr: 72 bytes, to map_extra. */
const BPF_MAP_CREATE_SIZE = 72;

/**
 * strace's BPF_MAP_CREATE decoder: the attribute's fields as far as `size` bytes reach (the
 * first four always, the kernel zero-fills the rest), numa_node only with BPF_F_NUMA_NODE, the
 * name cut at the bytes given, `...` for non-zero bytes past the fields.
 */
function bpfMapCreateValue(c: Capture, size: number): Value {
  const b = new Uint8Array(BPF_MAP_CREATE_SIZE);
  const have = Math.min(size, c.data.length);
  b.set(c.data.subarray(0, Math.min(have, BPF_MAP_CREATE_SIZE)));
  const dv = new DataView(b.buffer);
  const u = (o: number) => int(dv.getUint32(o, true));
  const fields: Field[] = [
    {
      name: "map_type",
      value: text(
        styledValue(
          hexText(BigInt(dv.getUint32(0, true))),
          xlatValue(BPF_MAP_TYPES, BigInt(dv.getUint32(0, true))).names[0],
          " /* BPF_MAP_TYPE_??? */",
        ),
      ),
    },
    { name: "key_size", value: u(4) },
    { name: "value_size", value: u(8) },
    { name: "max_entries", value: u(12) },
  ];
  const add = (after: number, f: () => Field | undefined) => {
    if (size <= after) return false;
    const x = f();
    if (x) fields.push(x);
    return true;
  };
  const flags = dv.getUint32(16, true);
  if (
    add(16, () => ({ name: "map_flags", value: flagsCommented(BPF_MAP_FLAGS, BigInt(flags)) })) &&
    add(20, () => ({ name: "inner_map_fd", value: int(dv.getInt32(20, true)) })) &&
    add(24, () =>
      flags & 4
        ? {
          name: "numa_node",
          // strace forces the verbose style: NUMA_NO_NODE is not in the UAPI headers
          value: text(
            dv.getUint32(24, true) === 0xffffffff
              ? "4294967295 /* NUMA_NO_NODE */"
              : String(dv.getUint32(24, true)),
          ),
        }
        : undefined) &&
    add(28, () => {
      // PRINT_FIELD_CSTRING_SZ: no further than the bytes given; no NUL in them: `...`
      const sz = Math.min(16, size - 28);
      const name = b.subarray(28, 28 + sz);
      const nul = name.indexOf(0);
      return {
        name: "map_name",
        value: nul >= 0
          ? { t: "str", bytes: name.subarray(0, nul) }
          : { t: "str", bytes: name.subarray(0, sz - 1), truncated: true },
      };
    }) &&
    add(44, () => ({ name: "map_ifindex", value: text(ifindexText(dv.getUint32(44, true))) })) &&
    add(48, () => ({ name: "btf_fd", value: int(dv.getInt32(48, true)) })) &&
    add(48, () => ({ name: "btf_key_type_id", value: u(52) })) &&
    add(48, () => ({ name: "btf_value_type_id", value: u(56) })) &&
    add(60, () => ({ name: "btf_vmlinux_value_type_id", value: u(60) })) &&
    add(64, () => ({ name: "map_extra", value: int(dv.getBigUint64(64, true)) }))
  ) {
    // bytes past the fields this decoder knows: `...` where one is not zero
    if (have > BPF_MAP_CREATE_SIZE && c.data.subarray(BPF_MAP_CREATE_SIZE, have).some((x) => x)) {
      fields.push({ name: "", value: text("...") });
    }
  }
  return { t: "struct", fields };
}

/** sigaltstack's ss_flags (include/uapi/linux/signal.h). */
const SS_FLAGS = xlat({ SS_ONSTACK: 1, SS_DISABLE: 2, SS_AUTODISARM: 0x80000000 });

const RUSAGE_LONGS = [
  "ru_maxrss",
  "ru_ixrss",
  "ru_idrss",
  "ru_isrss",
  "ru_minflt",
  "ru_majflt",
  "ru_nswap",
  "ru_inblock",
  "ru_oublock",
  "ru_msgsnd",
  "ru_msgrcv",
  "ru_nsignals",
  "ru_nvcsw",
  "ru_nivcsw",
];

/** struct rusage as strace's printrusage(): the two times, then `...` without -v. */
function rusageValue(dv: DataView): Value {
  const times: Field[] = [
    { name: "ru_utime", value: timespecValue(dv, 0, true) },
    { name: "ru_stime", value: timespecValue(dv, 16, true) },
  ];
  const fields = times.concat(
    RUSAGE_LONGS.map((name, i) => ({ name, value: int(dv.getBigUint64(32 + 8 * i, true)) })),
  );
  return { t: "struct", fields, short: times };
}

const CLONE_PIDFD = 0x1000n, CLONE_SETTLS = 0x80000n, CLONE_PARENT_SETTID = 0x100000n;
const CLONE_CHILD_CLEARTID = 0x200000n, CLONE_CHILD_SETTID = 0x1000000n;
const CLONE_INTO_CGROUP = 0x200000000n;

/**
 * clone3's struct clone_args as strace's clone.c shows it at entry: the flags, the pointers the
 * flags use, exit_signal, stack, stack_size, then tls, set_tid and cgroup when used. Less than its
 * first version's 64 bytes copied: the address. (The child's tid written through parent_tid,
 * strace's ` => {parent_tid=[N]}`, is clone3After().)
 */
function clone3Value(raw: bigint, c: Capture | undefined, size: bigint): Value {
  if (raw === 0n) return { t: "null" };
  // strace reads min(size, 88) bytes (CLONE_ARGS_SIZE_VER2); fewer than 64 is the address
  const need = size < 88n ? Number(size) : 88;
  if (!c || need < 64 || c.data.length < need) return { t: "hex", v: raw };
  const dv = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
  const u64 = (i: number) => (8 * i < need ? dv.getBigUint64(8 * i, true) : 0n);
  const flags = u64(0);
  const fields: Field[] = [{ name: "flags", value: flagsCommented(CLONE3_FLAGS, flags) }];
  if (flags & CLONE_PIDFD) fields.push({ name: "pidfd", value: addrValue(u64(1)) });
  if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
    fields.push({ name: "child_tid", value: addrValue(u64(2)) });
  }
  if (flags & CLONE_PARENT_SETTID) fields.push({ name: "parent_tid", value: addrValue(u64(3)) });
  const sig = u64(4);
  const sigName = sig < 0x7fffffffn && sig > 0n ? signalName(sig) : undefined;
  fields.push({
    name: "exit_signal",
    value: sigName ? text(styledValue(String(sig), sigName, "")) : int(sig),
  });
  fields.push({ name: "stack", value: addrValue(u64(5)) });
  fields.push({ name: "stack_size", value: { t: "hex", v: u64(6) } });
  if (flags & CLONE_SETTLS) fields.push({ name: "tls", value: addrValue(u64(7)) });
  if (u64(8) || u64(9)) {
    fields.push({ name: "set_tid", value: addrValue(u64(8)) }, {
      name: "set_tid_size",
      value: int(u64(9)),
    });
  }
  if (need >= 88 && (u64(10) || flags & CLONE_INTO_CGROUP)) {
    fields.push({ name: "cgroup", value: int(u64(10)) });
  }
  const tail = structTail(c, 88, size);
  if (tail) fields.push(tail);
  return { t: "struct", fields };
}

/**
 * strace's ` => {parent_tid=[1235]}` after clone3's structure: the child's tid the kernel wrote
 * through parent_tid, which is the call's result; "" without CLONE_PARENT_SETTID, a failure, or
 * the copy.
 */
export function clone3After(c: Capture | undefined, ret: bigint | undefined): string {
  if (!c || c.fault || c.data.length < 64 || ret === undefined || ret <= 0n) return "";
  const dv = new DataView(c.data.buffer, c.data.byteOffset, 32);
  if (!(dv.getBigUint64(0, true) & CLONE_PARENT_SETTID)) return "";
  // printnum_int() of parent_tid: NULL for a NULL pointer (the kernel stores nothing there)
  return dv.getBigUint64(24, true) === 0n ? " => {parent_tid=NULL}" : ` => {parent_tid=[${ret}]}`;
}

/**
 * A siginfo_t (64-bit layout: si_signo, si_errno, si_code, then the union at 16) as strace's
 * printsiginfo() shows it: `{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, ...}`, `{}` when
 * si_signo is 0 (waitid with WNOHANG and no child to report).
 */
function siginfoValue(arch: Arch, b: Uint8Array): Value {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const sig = dv.getInt32(0, true);
  if (sig === 0) return { t: "struct", fields: [] };
  const code = dv.getInt32(8, true);
  const r = { sig, code, errno: dv.getInt32(4, true), fields: b.subarray(16, 48) };
  const fields: Field[] = [
    { name: "si_signo", value: text(sigStyled(sig)) },
    { name: "si_code", value: text(siCodeStyled(sig, code)) },
  ];
  // numbers stay numbers (JSON); names, addresses and si_timerid's hex are text
  for (const [name, v] of siginfoFields(arch, r)) {
    fields.push({ name, value: /^-?[0-9]+$/.test(v) ? int(BigInt(v)) : text(v) });
  }
  return { t: "struct", fields };
}

/** PR_GET_TSC's values (strace's xlat/pr_tsc.in). */
const PR_TSC: readonly string[] = ["", "PR_TSC_ENABLE", "PR_TSC_SIGSEGV"];

/**
 * What prctl's and arch_prctl's PR_GET_* and ARCH_GET_* options wrote through their pointer
 * (the kinds SyscallSpec.select gives it), as strace 6.1's src/prctl.c prints it.
 */
function prctlOutValue(kind: Kind, dv: DataView): Value | undefined {
  switch (kind) {
    case "oprint":
      return text(`[${dv.getUint32(0, true)}]`);
    case "oprsig": {
      // printsignal(): the name, or the number
      const n = dv.getInt32(0, true);
      return text(`[${(n > 0 ? signalName(BigInt(n)) : undefined) ?? n}]`);
    }
    case "oprtsc": {
      const n = dv.getUint32(0, true);
      return text(`[${PR_TSC[n] || hexText(BigInt(n)) + " /* PR_TSC_??? */"}]`);
    }
    case "oprunalign": {
      // printflags(pr_unalign_flags, ...): PR_UNALIGN_NOPRINT (1), PR_UNALIGN_SIGBUS (2)
      let n = dv.getUint32(0, true);
      if (n === 0) return text("[0]");
      const names: string[] = [];
      if (n & 1) names.push("PR_UNALIGN_NOPRINT");
      if (n & 2) names.push("PR_UNALIGN_SIGBUS");
      n = (n & ~3) >>> 0;
      if (names.length === 0) return text(`[${hexText(BigInt(n))} /* PR_UNALIGN_??? */]`);
      if (n) names.push(hexText(BigInt(n)));
      return text(`[${names.join("|")}]`);
    }
    case "okptr": {
      // printnum_kptr(): the word as an address
      const v = dv.getBigUint64(0, true);
      return text(`[${v === 0n ? "NULL" : "0x" + v.toString(16)}]`);
    }
    case "ouid": {
      // printuid(): -1 as -1, else unsigned
      const v = dv.getUint32(0, true);
      return text(`[${v === 0xffffffff ? -1 : v}]`);
    }
    case "ouint":
      return text(`[${dv.getUint32(0, true)}]`);
    case "oint":
    case "iint":
      return text(`[${dv.getInt32(0, true)}]`);
    case "oulong":
      return text(`[${dv.getBigUint64(0, true)}]`);
    case "otime": {
      // time()'s tloc: the seconds with their date, as strace's print_time_t()
      const v = dv.getBigInt64(0, true);
      const note = isoTime(v, 0n);
      return text(`[${v}${note ? ` /* ${note} */` : ""}]`);
    }
  }
  return undefined;
}

/** The STRUCT item sizes the decoders need at least, by kind. */
function minSize(arch: Arch, kind: Kind): number {
  switch (kind) {
    case "stat":
      return arch === "x86_64" ? 120 : 120;
    case "statx":
      return 144;
    case "timespec":
    case "otimespec":
    case "remts":
    case "timeout":
    case "rlim":
    case "orlim":
    case "timeval":
    case "otimeval":
      return 16;
    case "itimerval":
    case "oitimerval":
    case "itimerspec":
    case "oitimerspec":
      return 32;
    case "utsname":
      return 390;
    case "sysinfo":
      return 108;
    case "sigset":
    case "osigset":
      return 8;
    case "sigaction":
    case "osigaction":
      return 32;
    case "wstatus":
    case "ompol":
    case "oprint":
    case "oprsig":
    case "oprtsc":
    case "oprunalign":
      return 4;
    case "siginfo":
    case "osiginfo":
      return 48;
    case "orusage":
      return 144;
    case "stackt":
    case "ostackt":
      return 24;
    case "okptr":
    case "otime":
    case "oulong":
    case "timezone":
    case "otimezone":
      return 8;
    case "notifsizes":
      return 6;
    case "sockfprog":
      return 16;
    case "ouid":
    case "ouint":
    case "oint":
    case "iint":
    case "fhandle":
    case "seccompact":
      return 4;
    case "utimbuf":
      return 16;
    case "utimeval":
    case "utimespec":
    case "otms":
      return 32;
    case "statfs":
      return 120;
    case "regsetiov":
      return 16;
    case "ptraceinfo":
      return 1;
    case "epev":
      return arch === "x86_64" ? 12 : 16;
    case "llpath":
    case "kcmpslot":
      return 12;
    case "flock":
    case "oflock":
      return 32;
    case "iouringparams":
      return 120;
    case "sysctlargs":
      return 48;
    case "fownerex":
    case "ofownerex":
      return 8;
    case "worusage":
      return 144;
    case "mqattr":
    case "omqattr":
    case "mqopenattr":
      return 32;
    case "sigevent":
      return 32;
  }
  return 0;
}

/**
 * The value of a structure argument of `kind` from its STRUCT item: NULL, the address when
 * nothing (or too little) was copied (strace shows an unreadable pointer so), or the structure.
 * `args` are the call's raw arguments (ioctl's command, futex's operation); `lens`, for
 * getsockopt's optval (`osockopt`), the SOCKLEN item of its optlen.
 */
export function structValue(
  arch: Arch,
  kind: Kind,
  raw: bigint,
  c: Capture | undefined,
  args: readonly bigint[],
  lens?: Capture,
  ret?: bigint,
): Value {
  switch (kind) {
    case "pollfds":
      // poll's and ppoll's array of no fds: `[]`, as print_array() shows it
      if (raw !== 0n && !c && BigInt.asUintN(32, args[1] ?? 0n) === 0n) {
        return { t: "array", items: [] };
      }
      break;
    case "gids":
    case "ogids": {
      // strace's print_groups(): a count above NGROUPS_MAX (getgroups' failure) is the address
      const n = kind === "gids"
        ? BigInt.asUintN(32, args[0] ?? 0n)
        : BigInt.asUintN(32, ret ?? -1n);
      if (n > 65536n) return addrValue(raw);
      return arrayValue(raw, Number(n), c, 4, (dv, o) => {
        const g = dv.getUint32(o, true);
        return { t: "int", v: g === 0xffffffff ? -1n : BigInt(g) };
      });
    }
    case "pageptrs":
    case "pagenodes":
    case "pagestatus": {
      const n = Number(BigInt.asUintN(32, args[1] ?? 0n));
      if ((args[1] ?? 0n) > 0xffffffffn) return addrValue(raw);
      if (kind === "pageptrs") {
        return arrayValue(raw, n, c, 8, (dv, o) => {
          const a = dv.getBigUint64(o, true);
          return a === 0n ? { t: "null" } : { t: "hex", v: a };
        });
      }
      return arrayValue(raw, n, c, 4, (dv, o) => {
        const v = dv.getInt32(o, true);
        // strace's print_err(): a status below 0 is an errno, `-EFAULT`
        const name = kind === "pagestatus" && v < 0 ? errnoName(-v) : undefined;
        return name ? text(styledValue(String(v), "-" + name, "")) : int(v);
      });
    }
    case "nodemask":
    case "onodemask":
    case "mbindmask":
    case "mignodes": {
      // strace's print_nodemask(): (maxnode + 62) / 64 longs, each as 16 hex digits
      const max = BigInt.asUintN(64, args[NODEMASK_MAXNODE[kind] ?? 2] ?? 0n);
      const nmemb = (max + 62n) / 64n;
      if (nmemb < max / 64n || (max && !nmemb)) {
        return addrValue(raw);
      }
      if (nmemb > 0xffffffffn) return addrValue(raw);
      return arrayValue(raw, Number(nmemb), c, 8, (dv, o) => ({
        t: "text",
        s: dv.getBigUint64(o, true).toString(16).padStart(16, "0"),
      }));
    }
    case "iovaddrs":
    case "madviovs": {
      // process_vm_*'s remote iovecs, their count the fifth argument, process_madvise's the third:
      // tprint_iov(iov_decode_addr)
      const n = (kind === "iovaddrs" ? args[4] : args[2]) ?? 0n;
      if (n > 1024n) return addrValue(raw);
      return arrayValue(raw, Number(n), c, 16, (dv, o) => ({
        t: "struct",
        fields: [
          { name: "iov_base", value: addrValue(dv.getBigUint64(o, true)) },
          { name: "iov_len", value: int(dv.getBigUint64(o + 8, true)) },
        ],
      }));
    }
    case "kexecsegs": {
      // strace's print_kexec_segments(): more than KEXEC_SEGMENT_MAX (16) is the address
      const n = args[1] ?? 0n;
      if (n > 16n) return addrValue(raw);
      return arrayValue(raw, Number(n), c, 32, (dv, o) => ({
        t: "struct",
        fields: [
          { name: "buf", value: addrValue(dv.getBigUint64(o, true)) },
          { name: "bufsz", value: int(dv.getBigUint64(o + 8, true)) },
          { name: "mem", value: addrValue(dv.getBigUint64(o + 16, true)) },
          { name: "memsz", value: int(dv.getBigUint64(o + 24, true)) },
        ],
      }));
    }
    case "semops": {
      // strace's tprint_sembuf_array(): {sem_num=N, sem_op=N, sem_flg=SEM_UNDO|IPC_NOWAIT}; the
      // count is an unsigned int (the register's upper half is not the caller's)
      const n = BigInt.asUintN(32, args[2] ?? 0n);
      return arrayValue(raw, Number(n), c, 6, (dv, o) => ({
        t: "struct",
        fields: [
          { name: "sem_num", value: int(dv.getUint16(o, true)) },
          { name: "sem_op", value: int(dv.getInt16(o + 2, true)) },
          {
            name: "sem_flg",
            value: text(flagsText(SEM_FLAGS, BigInt(dv.getUint16(o + 4, true)), " /* SEM_??? */")),
          },
        ],
      }));
    }
    case "futexwaiters": {
      // strace's print_waiter(): {val=0x.., uaddr=0x.., flags=FUTEX_32|..., __reserved=0x..}
      const n = BigInt.asUintN(32, args[1] ?? 0n);
      return arrayValue(raw, Number(n), c, 24, (dv, o) => {
        const reserved = dv.getUint32(o + 20, true);
        const fields: Field[] = [
          { name: "val", value: text(hexText(dv.getBigUint64(o, true))) },
          { name: "uaddr", value: addrValue(dv.getBigUint64(o + 8, true)) },
          {
            name: "flags",
            value: text(
              flagsText(FUTEX_WAITER_FLAGS, BigInt(dv.getUint32(o + 16, true)), " /* FUTEX_??? */"),
            ),
          },
        ];
        if (reserved) fields.push({ name: "__reserved", value: text(hexText(BigInt(reserved))) });
        return { t: "struct", fields };
      });
    }
    case "oschedattr": {
      // strace's print_sched_attr() of sched_getattr: the size the kernel wrote, the fields it
      // covers (48 bytes: to sched_period; 56: the utilization clamps too)
      if (raw === 0n) return { t: "null" };
      const usize = BigInt.asUintN(32, args[2] ?? 0n);
      if (!usize || !c || c.fault || c.data.length < Math.min(Number(usize), 56)) {
        return { t: "hex", v: raw };
      }
      const dv = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
      const size = dv.getUint32(0, true);
      const fields: Field[] = [{ name: "size", value: int(size) }];
      if (size >= 48 && c.data.length >= 48) {
        const u64 = (o: number) => int(dv.getBigUint64(o, true));
        const pol = dv.getUint32(4, true);
        fields.push(
          {
            name: "sched_policy",
            value: text(
              styledValue(
                hexText(BigInt(pol)),
                xlatValue(SCHED_POLICIES, BigInt(pol)).names[0],
                " /* SCHED_??? */",
              ),
            ),
          },
          {
            name: "sched_flags",
            value: flagsCommented(SCHED_ATTR_FLAGS, dv.getBigUint64(8, true)),
          },
          { name: "sched_nice", value: int(dv.getInt32(16, true)) },
          { name: "sched_priority", value: int(dv.getUint32(20, true)) },
          { name: "sched_runtime", value: u64(24) },
          { name: "sched_deadline", value: u64(32) },
          { name: "sched_period", value: u64(40) },
        );
        if (size >= 56 && c.data.length >= 56) {
          fields.push(
            { name: "sched_util_min", value: int(dv.getUint32(48, true)) },
            { name: "sched_util_max", value: int(dv.getUint32(52, true)) },
          );
        }
      }
      return { t: "struct", fields };
    }
    case "osigsetn": {
      // rt_sigpending's: as many bytes as its size (strace takes 1 to 8)
      const n = args[1] ?? 0n;
      if (raw === 0n) return { t: "null" };
      if (n < 1n || n > 8n || !c || c.fault || c.data.length < Number(n)) {
        return { t: "hex", v: raw };
      }
      const b = new Uint8Array(8);
      b.set(c.data.subarray(0, Number(n)));
      const dv = new DataView(b.buffer);
      return text(sigsetText(dv.getUint32(0, true), dv.getUint32(4, true)));
    }
    case "uringrsrc":
    case "uringupdate":
      return uringRsrcValue(kind, raw, c, BigInt.asUintN(32, args[3] ?? 0n));
    case "uringbufreg": {
      // strace's print_io_uring_buf_reg(): pad and resv only when not 0
      if (raw === 0n) return { t: "null" };
      if (!c || c.data.length < 40) return { t: "hex", v: raw };
      const dv = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
      const fields: Field[] = [
        { name: "ring_addr", value: addrValue(dv.getBigUint64(0, true)) },
        { name: "ring_entries", value: int(dv.getUint32(8, true)) },
        { name: "bgid", value: int(dv.getUint16(12, true)) },
      ];
      const pad = dv.getUint16(14, true);
      if (pad) fields.push({ name: "pad", value: { t: "hex", v: BigInt(pad) } });
      const resv = [16, 24, 32].map((o) => dv.getBigUint64(o, true));
      if (resv.some((x) => x !== 0n)) {
        fields.push({
          name: "resv",
          value: { t: "array", items: resv.map((x): Value => ({ t: "hex", v: x })) },
        });
      }
      return { t: "struct", fields };
    }
    case "mountattr": {
      // strace's print_mount_attr(): 32 bytes (MOUNT_ATTR_SIZE_VER0) at least
      const size = args[4] ?? 0n;
      if (raw === 0n) return { t: "null" };
      if (size < 32n || !c || c.data.length < 32) return { t: "hex", v: raw };
      const dv = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
      const set = dv.getBigUint64(0, true), clr = dv.getBigUint64(8, true);
      const prop = dv.getBigUint64(16, true), ns = dv.getBigUint64(24, true);
      const fields: Field[] = [
        { name: "attr_set", value: flagsCommented(MOUNT_ATTR_FLAGS, set) },
        { name: "attr_clr", value: flagsCommented(MOUNT_ATTR_FLAGS, clr) },
        {
          name: "propagation",
          value: text(
            styledValue(
              hexText(prop),
              xlatValue(MOUNT_PROPAGATION, prop).names[0],
              " /* MS_??? */",
            ),
          ),
        },
        { name: "userns_fd", value: int(ns) },
      ];
      const tail = structTail(c, 32, size);
      if (tail) fields.push(tail);
      return { t: "struct", fields };
    }
    case "llruleset": {
      // strace's print_landlock_ruleset_attr(): handled_access_fs, `...` for a larger size
      const size = args[1] ?? 0n;
      if (raw === 0n) return { t: "null" };
      if (size < 8n || !c || c.data.length < 8) return { t: "hex", v: raw };
      const fs = new DataView(c.data.buffer, c.data.byteOffset, 8).getBigUint64(0, true);
      const fields: Field[] = [
        { name: "handled_access_fs", value: flagsCommented(LANDLOCK_ACCESS_FS, fs) },
      ];
      if (size > 8n) fields.push({ name: "", value: text("...") });
      return { t: "struct", fields };
    }
    case "remts":
      // strace's nanosleep(): rem only when a signal interrupted the sleep and it restarts
      // (is_erestart()), the address otherwise
      if (raw === 0n) return { t: "null" };
      if (ret !== -512n && ret !== -513n && ret !== -514n && ret !== -516n) {
        return { t: "hex", v: raw };
      }
      break;
    case "wstatus":
    case "worusage":
      // wait4() returning 0 (WNOHANG, no child changed) wrote nothing: strace shows the address
      if (ret === 0n && raw !== 0n) return { t: "hex", v: raw };
      break;
    case "futexarg":
      // a timeout for FUTEX_WAIT, LOCK_PI, WAIT_BITSET, WAIT_REQUEUE_PI and LOCK_PI2; a number
      // (val2) for the others
      if (!futexTimed(Number(BigInt.asUintN(32, args[1] ?? 0n)))) return { t: "int", v: raw };
      if (raw === 0n) return { t: "null" };
      if (!c || c.fault || c.data.length < 16) return { t: "hex", v: raw };
      return timespecValue(new DataView(c.data.buffer, c.data.byteOffset, 16));
    case "sockopt":
    case "osockopt":
      return sockoptValue(raw, c, args, kind === "osockopt", lens);
    case "socklen":
      return socklenValue(raw, c);
    case "cloneargs":
      return clone3Value(raw, c, args[1] ?? 0n);
    case "openhow":
      return openHowValue(arch, raw, c, args[3] ?? 0n);
  }
  // ioctl's argument is a number for the commands that write nothing back
  if (kind === "ioctlarg") {
    const d = ioctlDirectValue(Number(BigInt.asUintN(32, args[1] ?? 0n)), raw);
    if (d) return d;
  }
  // (strace shows NULL for the commands it reads or writes through)
  if (raw === 0n) {
    return kind === "ioctlarg" && !ioctlArgIsPointer(Number(BigInt.asUintN(32, args[1] ?? 0n)))
      ? { t: "int", v: 0n }
      : { t: "null" };
  }
  if (!c || c.data.length < minSize(arch, kind) || (c.fault && kind !== "pollfds")) {
    return { t: "hex", v: raw };
  }
  const b = c.data;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (kind) {
    case "flock":
    case "oflock": {
      // strace's printflock(): l_pid for what F_GETLK and F_OFD_GETLK filled in only
      const fields: Field[] = [
        { name: "l_type", value: valueOf(LEASE_TYPES, BigInt(dv.getInt16(0, true))) },
        { name: "l_whence", value: valueOf(SEEK_WHENCE, BigInt(dv.getInt16(2, true))) },
        { name: "l_start", value: int(dv.getBigInt64(8, true)) },
        { name: "l_len", value: int(dv.getBigInt64(16, true)) },
      ];
      if (kind === "oflock") fields.push({ name: "l_pid", value: int(dv.getInt32(24, true)) });
      return { t: "struct", fields };
    }
    case "bpfmapcreate":
      return bpfMapCreateValue(c, Number(BigInt.asUintN(32, args[2] ?? 0n)));
    case "sysctlargs":
      // strace's sysctl.c: the fields of struct __sysctl_args
      return {
        t: "struct",
        fields: [
          { name: "name", value: addrValue(dv.getBigUint64(0, true)) },
          { name: "nlen", value: int(dv.getInt32(8, true)) },
          { name: "oldval", value: addrValue(dv.getBigUint64(16, true)) },
          { name: "oldlenp", value: addrValue(dv.getBigUint64(24, true)) },
          { name: "newval", value: addrValue(dv.getBigUint64(32, true)) },
          { name: "newlen", value: int(dv.getBigUint64(40, true)) },
        ],
      };
    case "iouringparams": {
      // strace's io_uring_setup: the caller's fields; after a success what the kernel filled in
      const u = (o: number) => int(dv.getUint32(o, true));
      const x = (o: number) => text(hexText(BigInt(dv.getUint32(o, true))));
      const flags = dv.getUint32(8, true);
      const fields: Field[] = [
        { name: "flags", value: flagsCommented(IORING_SETUP_FLAGS, BigInt(flags)) },
        { name: "sq_thread_cpu", value: x(12) },
        { name: "sq_thread_idle", value: u(16) },
      ];
      if (flags & 32) fields.push({ name: "wq_fd", value: int(dv.getInt32(24, true)) });
      if (dv.getUint32(28, true) || dv.getUint32(32, true) || dv.getUint32(36, true)) {
        fields.push({ name: "resv", value: { t: "array", items: [x(28), x(32), x(36)] } });
      }
      if (ret !== undefined && ret >= 0n) {
        // struct io_sqring_offsets and io_cqring_offsets, their reserved words where set
        const offsets = (o: number, names: string[]): Value => {
          const f: Field[] = names.map((name, k) => ({ name, value: u(o + 4 * k) }));
          if (dv.getUint32(o + 28, true)) f.push({ name: "resv1", value: x(o + 28) });
          const r2 = dv.getBigUint64(o + 32, true);
          if (r2) f.push({ name: "resv2", value: text(hexText(r2)) });
          return { t: "struct", fields: f };
        };
        fields.push(
          { name: "sq_entries", value: u(0) },
          { name: "cq_entries", value: u(4) },
          {
            name: "features",
            value: flagsCommented(IORING_FEATURES, BigInt(dv.getUint32(20, true))),
          },
          {
            name: "sq_off",
            value: offsets(40, [
              "head",
              "tail",
              "ring_mask",
              "ring_entries",
              "flags",
              "dropped",
              "array",
            ]),
          },
          {
            name: "cq_off",
            value: offsets(80, [
              "head",
              "tail",
              "ring_mask",
              "ring_entries",
              "overflow",
              "cqes",
              "flags",
            ]),
          },
        );
      }
      return { t: "struct", fields };
    }
    case "fownerex":
    case "ofownerex":
      return {
        t: "struct",
        fields: [
          { name: "type", value: valueOf(F_OWNER_TYPES, BigInt(dv.getInt32(0, true))) },
          { name: "pid", value: int(dv.getInt32(4, true)) },
        ],
      };
    case "kcmpslot":
      return {
        t: "struct",
        fields: [
          { name: "efd", value: int(dv.getInt32(0, true)) },
          { name: "tfd", value: int(dv.getInt32(4, true)) },
          { name: "toff", value: int(dv.getUint32(8, true)) },
        ],
      };
    case "llpath":
      // struct landlock_path_beneath_attr (packed): allowed_access, parent_fd
      return {
        t: "struct",
        fields: [
          {
            name: "allowed_access",
            value: flagsCommented(LANDLOCK_ACCESS_FS, dv.getBigUint64(0, true)),
          },
          { name: "parent_fd", value: int(dv.getInt32(8, true)) },
        ],
      };
    case "mqattr":
    case "omqattr":
    case "mqopenattr": {
      // strace's printmqattr(): mq_flags by name, but in hex for mq_open
      const f = dv.getBigInt64(0, true);
      return {
        t: "struct",
        fields: [
          {
            name: "mq_flags",
            value: kind === "mqopenattr"
              ? text(hexText(BigInt.asUintN(64, f)))
              : text(flagsText(MQ_FLAGS, BigInt.asUintN(64, f), " /* O_??? */")),
          },
          { name: "mq_maxmsg", value: int(dv.getBigInt64(8, true)) },
          { name: "mq_msgsize", value: int(dv.getBigInt64(16, true)) },
          { name: "mq_curmsgs", value: int(dv.getBigInt64(24, true)) },
        ],
      };
    }
    case "sigevent":
      return sigeventValue(dv);
    case "stat":
      return statValue(arch, dv);
    case "statx":
      return statxValue(dv);
    case "timespec":
    case "otimespec":
    case "remts":
    case "timeout":
      return timespecValue(dv);
    case "timeval":
    case "otimeval":
      return timespecValue(dv, 0, true);
    case "itimerval":
    case "oitimerval":
      return itimerValue(dv, true);
    case "itimerspec":
    case "oitimerspec":
      return itimerValue(dv, false);
    case "rlim":
    case "orlim":
      return rlimitValue(dv);
    case "utsname":
      return utsnameValue(b);
    case "sysinfo":
      return sysinfoValue(dv);
    case "sigset":
    case "osigset":
      return text(sigsetText(dv.getUint32(0, true), dv.getUint32(4, true)));
    case "sigaction":
    case "osigaction":
      return sigactionValue(dv);
    case "wstatus":
      return text(waitStatusText(dv.getInt32(0, true)));
    case "siginfo":
    case "osiginfo":
      return siginfoValue(arch, b);
    case "orusage":
    case "worusage":
      return rusageValue(dv);
    case "stackt":
    case "ostackt": {
      // sigaltstack's stack_t: strace's print_stack_t()
      const sp = dv.getBigUint64(0, true);
      return {
        t: "struct",
        fields: [
          { name: "ss_sp", value: sp === 0n ? { t: "null" } : { t: "hex", v: sp } },
          { name: "ss_flags", value: flagsOf(SS_FLAGS, BigInt(dv.getUint32(8, true))) },
          { name: "ss_size", value: int(dv.getBigUint64(16, true)) },
        ],
      };
    }
    case "regsetiov": {
      // the iovec of PTRACE_GETREGSET and PTRACE_SETREGSET (args[0], the request) alone
      if (args[0] !== 0x4204n && args[0] !== 0x4205n) return { t: "hex", v: raw };
      const base = dv.getBigUint64(0, true);
      return {
        t: "struct",
        fields: [
          { name: "iov_base", value: base === 0n ? { t: "null" } : { t: "hex", v: base } },
          { name: "iov_len", value: int(dv.getBigUint64(8, true)) },
        ],
      };
    }
    case "ptraceinfo":
      // PTRACE_GET_SYSCALL_INFO's, as far as the kernel wrote it (the item's bytes)
      return ptraceInfoValue(arch, b);
    case "ompol": {
      // strace: [MPOL_BIND], an unknown mode [0x7 /* MPOL_??? */]
      const m = dv.getUint32(0, true);
      const n = xlatValue(MPOL_MODES, BigInt(m)).names[0];
      return text(`[${n ?? (m ? "0x" + m.toString(16) : "0") + " /* MPOL_??? */"}]`);
    }
    case "pollfds":
      if (b.length === 0) return { t: "hex", v: raw };
      return pollfdsValue(b, false, c.truncated);
    case "epev":
      return epollEvents(arch, b)[0];
    case "epevs":
      return { t: "array", items: epollEvents(arch, b, c.truncated) };
    case "ioctlarg":
      return ioctlValue(Number(BigInt.asUintN(32, args[1] ?? 0n)), dv) ?? { t: "hex", v: raw };
    case "oprint":
    case "oprsig":
    case "oprtsc":
    case "oprunalign":
    case "okptr":
    case "otime":
    case "ouid":
    case "ouint":
    case "oint":
    case "iint":
    case "oulong":
      return prctlOutValue(kind, dv) ?? { t: "hex", v: raw };
    case "timezone":
    case "otimezone":
      return {
        t: "struct",
        fields: [
          { name: "tz_minuteswest", value: int(dv.getInt32(0, true)) },
          { name: "tz_dsttime", value: int(dv.getInt32(4, true)) },
        ],
      };
    case "utimbuf":
      // strace's struct utimbuf: both times with their dates
      return {
        t: "struct",
        fields: [
          timeField("actime", dv.getBigInt64(0, true), 0n),
          timeField("modtime", dv.getBigInt64(8, true), 0n),
        ],
      };
    case "statfs":
      return statfsValue(dv);
    case "seccompact": {
      const v = dv.getUint32(0, true);
      const n = xlatValue(SECCOMP_RET_ACTIONS, BigInt(v)).names[0];
      return text(`[${n ?? `${v ? "0x" + v.toString(16) : "0"} /* SECCOMP_RET_??? */`}]`);
    }
    case "notifsizes":
      return {
        t: "struct",
        fields: ["seccomp_notif", "seccomp_notif_resp", "seccomp_data"].map((name, k) => ({
          name,
          value: int(dv.getUint16(2 * k, true)),
        })),
      };
    case "sockfprog": {
      const f = dv.getBigUint64(8, true);
      return {
        t: "struct",
        fields: [
          { name: "len", value: int(dv.getUint16(0, true)) },
          { name: "filter", value: f === 0n ? { t: "null" } : { t: "hex", v: f } },
        ],
      };
    }
    case "fhandle":
      // the size the caller gave (strace shows the handle itself after a successful call)
      return { t: "struct", fields: [{ name: "handle_bytes", value: int(dv.getUint32(0, true)) }] };
    case "otms": {
      // struct tms: four clock_t with their seconds (strace's print_clock_t())
      const names = ["tms_utime", "tms_stime", "tms_cutime", "tms_cstime"];
      return {
        t: "struct",
        fields: names.map((name, k) => {
          const v = dv.getBigUint64(8 * k, true);
          return { name, value: { t: "dual", shown: text(clockText(v)), data: int(v) } };
        }),
      };
    }
    case "utimeval":
    case "utimespec":
      return { t: "array", items: [0, 16].map((o) => utimeValue(dv, o, kind === "utimeval")) };
  }
  return { t: "hex", v: raw };
}

/**
 * getsockopt's optlen item (SOCKLEN, the argument after optval `i`) among a record's items in
 * [items, end), for structValue() on the byte paths; undefined for the other kinds.
 */
export function sockoptLens(
  kind: Kind,
  buf: Uint8Array,
  items: number,
  end: number,
  i: number,
): Capture | undefined {
  if (kind !== "osockopt") return undefined;
  const it = findItem(buf, items, end, i + 1, 7);
  return it < 0 ? undefined : structItem(buf, it, i + 1);
}

/**
 * The call's arguments structValue() reads for `kind`, from a SYSCALL record at `off` (the byte
 * paths): ioctl's command, futex's operation, ptrace's request, a socket option's level, name and
 * length, open_how's size; none for the other kinds (no BigInt made for them).
 */
export function structArgs(kind: Kind, view: DataView, off: number): bigint[] {
  switch (kind) {
    case "ioctlarg":
    case "futexarg":
      return [0n, BigInt(view.getUint32(off + 56, true))];
    case "regsetiov":
      return [view.getBigUint64(off + 48, true)];
    case "sockopt":
    case "osockopt":
    case "openhow":
    case "cloneargs":
    case "oschedattr":
    case "osigsetn":
    case "mountattr":
    case "uringrsrc":
    case "uringupdate":
    case "llruleset":
    case "semops":
    case "kexecsegs":
    case "nodemask":
    case "onodemask":
    case "mbindmask":
    case "mignodes":
    case "madviovs":
    case "futexwaiters":
    case "gids":
    case "pageptrs":
    case "pagenodes":
    case "pagestatus":
    case "iovaddrs":
      return recordArgs(view, off, 5);
  }
  return [];
}

/** The first `n` argument registers of the SYSCALL record at `off` (the byte paths' rare needs). */
export function recordArgs(view: DataView, off: number, n = 6): bigint[] {
  const a: bigint[] = [];
  for (let k = 0; k < n; k++) a.push(view.getBigUint64(off + 48 + 8 * k, true));
  return a;
}

/** Whether futex operation `op` (its second argument) takes a timeout in its fourth. */
export function futexTimed(op: number): boolean {
  const cmd = op & 0x7f;
  return cmd === 0 || cmd === 6 || cmd === 9 || cmd === 11 || cmd === 13;
}

/** The argument holding a node mask's maxnode, by kind (set/get_mempolicy's: the third). */
const NODEMASK_MAXNODE: Partial<Record<Kind, number>> = { mbindmask: 4, mignodes: 1 };

/** semop's sem_flg bits. */
const SEM_FLAGS: Xlat = xlat({ SEM_UNDO: 0x1000, IPC_NOWAIT: 0x800 });
/** futex_waitv's per-waiter flags. */
const FUTEX_WAITER_FLAGS: Xlat = xlat({ FUTEX_32: 2, FUTEX_PRIVATE_FLAG: 128 });
/** mq_attr's mq_flags. */
const MQ_FLAGS: Xlat = xlat({ O_NONBLOCK: 0o4000 });
const SIGEV_NOTIFY: Xlat = xlat({
  SIGEV_SIGNAL: 0,
  SIGEV_NONE: 1,
  SIGEV_THREAD: 2,
  SIGEV_THREAD_ID: 4,
});

/** struct sigevent as strace's print_sigevent(). */
function sigeventValue(dv: DataView): Value {
  const ptr = dv.getBigUint64(0, true), signo = dv.getInt32(8, true);
  const notify = dv.getInt32(12, true);
  const fields: Field[] = [];
  if (ptr) {
    fields.push({
      name: "sigev_value",
      value: {
        t: "struct",
        fields: [
          { name: "sival_int", value: int(dv.getInt32(0, true)) },
          { name: "sival_ptr", value: addrValue(ptr) },
        ],
      },
    });
  }
  const bySignal = notify === 0 || notify === 2 || notify === 4;
  fields.push({
    name: "sigev_signo",
    value: bySignal ? text(sigStyled(signo)) : int(signo >>> 0),
  });
  fields.push({
    name: "sigev_notify",
    value: text(
      styledValue(
        hexText(BigInt(notify >>> 0)),
        xlatValue(SIGEV_NOTIFY, BigInt(notify)).names[0],
        " /* SIGEV_??? */",
      ),
    ),
  });
  if (notify === 4) {
    fields.push({ name: "sigev_notify_thread_id", value: int(dv.getInt32(16, true)) });
  }
  if (notify === 2) {
    fields.push(
      { name: "sigev_notify_function", value: addrValue(dv.getBigUint64(16, true)) },
      { name: "sigev_notify_attributes", value: addrValue(dv.getBigUint64(24, true)) },
    );
  }
  return { t: "struct", fields };
}

/**
 * strace's print_array() of `count` elements of `size` bytes at `raw`, from the STRUCT item `c`
 * (cut at MSD_STRUCT_MAX bytes; a fault ends it where the memory did): NULL, `[]`, the address
 * when the first element was not read, `[a, b, ... /* 0x... *\/]` where a later one was not; at
 * most -s elements in text unless -v (`cap`).
 */
export function arrayValue(
  raw: bigint,
  count: number,
  c: Capture | undefined,
  size: number,
  elem: (dv: DataView, off: number) => Value,
): Value {
  if (raw === 0n) return { t: "null" };
  if (count === 0) return { t: "array", items: [] };
  const n = Math.min(count, Math.floor((c?.data.length ?? 0) / size));
  if (!c || n === 0 || raw + BigInt(count * size) > 0xffffffffffffffffn) {
    return { t: "hex", v: raw };
  }
  const dv = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
  const items: Value[] = [];
  for (let i = 0; i < n; i++) items.push(elem(dv, i * size));
  const v: Value = { t: "array", items, cap: true };
  if (n < count) {
    if (c.fault) v.moreAt = raw + BigInt(n * size);
    else v.truncated = true;
  }
  return v;
}

/**
 * Arrays strace's print_array() shows (the IARRAY and OARRAY_N kinds but rt_sigpending's set and
 * sched_getattr's structure): no elements, no item, and `[]` all the same.
 */
export const ARRAY_KINDS: ReadonlySet<Kind> = new Set<Kind>(
  [...CAP_KINDS.IARRAY, ...CAP_KINDS.OARRAY_N].filter((k) =>
    k !== "osigsetn" && k !== "oschedattr"
  ),
);

/** Structure kinds whose text depends on the call's result: the byte paths leave them alone. */
export const RESULT_KINDS: ReadonlySet<Kind> = new Set<Kind>([
  "wstatus",
  "worusage",
  "ogids",
  "remts",
  "iouringparams",
]);

/** Kinds decoded here: those the module copies with a structure copier (KIND_CAP). */
export const STRUCT_KINDS: ReadonlySet<Kind> = new Set(
  (Object.keys(KIND_CAP) as Kind[]).filter((k) => STRUCT_OPS.has(KIND_CAP[k]!.op)),
);
