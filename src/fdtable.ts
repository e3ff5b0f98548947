/**
 * File descriptor names for `-y` and `-yy` (strace's): a table per thread group, fd -> name,
 * filled from /proc for processes that already run and kept up to date from the traced calls
 * that change it (open*, socket, accept*, pipe*, dup*, fcntl F_DUPFD, close, close_range,
 * execve with O_CLOEXEC fds, exit_group, fork). What each call does is the spec's `fd` attribute
 * (src/syscalls/spec.ts, generated into `FD_EFFECT_OF`); the argument it acts on is found by the
 * argument kinds of the same generated table (`path`, `dirfd`, `fd`, `fds`, the argument named
 * `flags`).
 *
 * A name is only ever what the kernel or the call said: a relative path with no known directory,
 * a socket whose inode could not be read, an fd inherited before the trace started, stay unknown
 * (undefined), and the formatters then show the bare number as strace does.
 *
 * Costs: nothing unless -y is on; with it, {@link FdTable.tag} is one Map lookup per fd
 * argument (the text to append, `</etc/hosts>`, is built when the fd is created), and only the
 * state calls are decoded.
 *
 * @example
 * ```ts
 * import { FdTable } from "./fdtable.ts";
 * const t = new FdTable("x86_64");
 * // openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3 by process 42
 * t.before({ kind: "syscall", nr: 257, pid: 42, tid: 42, cpu: 0, comm: "cat", ts: 2n,
 *   enterTs: 1n, args: [0xffffff9cn, 1n, 0n, 0n, 0n, 0n], ret: 3n,
 *   items: [{ arg: 1, type: "str", data: new TextEncoder().encode("/etc/hosts") }] });
 * t.name(42, 3); // "/etc/hosts"
 * t.tag(42, 3); // "</etc/hosts>"
 * ```
 *
 * @module
 */
import type { Arch, SyscallRecord } from "./record.ts";
import { argSpecs, decodeSockaddr } from "./decode.ts";
import { syscallInfo, syscallNumber, syscallTable } from "./syscalls.ts";
import { FD_EFFECT_OF } from "./syscalls/traits.ts";
import type { FdEffect } from "./syscalls/spec.ts";

/** O_CLOEXEC, SOCK_CLOEXEC, EFD_CLOEXEC, EPOLL_CLOEXEC... (x86_64 and aarch64 alike). */
const O_CLOEXEC = 0o2000000n;
const MFD_CLOEXEC = 1n;
const CLONE_FILES = 0x400n;
const CLONE_THREAD = 0x10000n;
const CLOSE_RANGE_CLOEXEC = 4n;
const F_DUPFD = 0, F_SETFD = 2, F_DUPFD_CLOEXEC = 1030;
const AT_FDCWD = -100;

/** sysdig's fd.type of a name: file, directory... as far as the name tells. */
export type FdType =
  | "file"
  | "ipv4"
  | "ipv6"
  | "unix"
  | "pipe"
  | "event"
  | "signalfd"
  | "eventpoll"
  | "inotify"
  | "timerfd"
  | "memfd"
  | "netlink"
  | "socket";

/** One open file descriptor. */
interface Entry {
  /** -y's name (readlink's text: a path, `socket:[ino]`, `pipe:[ino]`, `anon_inode:[eventfd]`). */
  name?: string;
  /** `<name>` as the text shows it, built once. */
  tag?: string;
  /** -yy's `<TCP:[...]>`, when it differs from tag. */
  tagYy?: string;
  /** A device's `</dev/zero<char 1:5>>` (--decode-fds=dev, -yy). */
  tagDev?: string;
  /** A pidfd's `<pid:N>` (--decode-fds=pidfd, -yy), N the process pidfd_open() named. */
  tagPid?: string;
  /** Socket inode, when known. */
  ino?: number;
  /** Socket family from socket()/accept (AF_INET...), for fd.type and -yy. */
  family?: number;
  /** SOCK_STREAM / SOCK_DGRAM... */
  sockType?: number;
  cloexec: boolean;
  type?: FdType;
}

/** A thread group's table; shared by processes cloned with CLONE_FILES. */
type Table = Map<number, Entry>;

/**
 * `<` name `>` as strace -y shows it (its print_quoted_string_ex() with `<>` escaped, quotes
 * omitted): the name's UTF-8 bytes, `\\` and `\"` escaped, \t \n \v \f \r by letter, other
 * unprintable bytes (and 0x7f up) in octal, in three digits where a digit follows; in a path `<`
 * and `>` too (a socket's `TCP:[a->b]` keeps its arrow).
 */
export function fdTag(name: string): string {
  const path = name.startsWith("/");
  // the common case, a printable ASCII name: as it is
  if (!/[^\x20-\x7e]|[\\"]/.test(name) && !(path && /[<>]/.test(name))) return `<${name}>`;
  const b = new TextEncoder().encode(name);
  let s = "<";
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0x5c || c === 0x22) s += "\\" + String.fromCharCode(c);
    else if (c < 0x20 || c >= 0x7f || (path && (c === 0x3c || c === 0x3e))) {
      const letter = C_ESCAPES[c];
      if (letter) s += "\\" + letter;
      else {
        const next = b[i + 1];
        const o = c.toString(8);
        s += "\\" + (next >= 0x30 && next <= 0x37 ? o.padStart(3, "0") : o);
      }
    } else s += String.fromCharCode(c);
  }
  return s + ">";
}

const C_ESCAPES: Record<number, string> = { 9: "t", 10: "n", 11: "v", 12: "f", 13: "r" };

function typeOfName(name: string): FdType | undefined {
  if (name.startsWith("/memfd:")) return "memfd";
  if (name.startsWith("/")) return "file";
  if (name.startsWith("pipe:[")) return "pipe";
  if (name.startsWith("socket:[")) return "socket";
  switch (name) {
    case "anon_inode:[eventfd]":
      return "event";
    case "anon_inode:[signalfd]":
      return "signalfd";
    case "anon_inode:[eventpoll]":
      return "eventpoll";
    case "anon_inode:inotify":
      return "inotify";
    case "anon_inode:[timerfd]":
      return "timerfd";
  }
  return undefined;
}

function familyType(family: number | undefined): FdType | undefined {
  return family === 2
    ? "ipv4"
    : family === 10
    ? "ipv6"
    : family === 1
    ? "unix"
    : family === 16
    ? "netlink"
    : family === undefined
    ? undefined
    : "socket";
}

/** `a/b/../c` -> `a/c`, `//x/./y` -> `/x/y`: a path joined to a directory, as the kernel resolves it lexically. */
function joinPath(dir: string, rel: string): string {
  const parts: string[] = [];
  for (const p of `${dir}/${rel}`.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return "/" + parts.join("/");
}

// ---- /proc/net: socket inode -> strace's -yy text ---------------------------

const PROTO_FILES: readonly [string, string, boolean][] = [
  ["tcp", "TCP", false],
  ["tcp6", "TCPv6", true],
  ["udp", "UDP", false],
  ["udp6", "UDPv6", true],
];

function hexIPv4(h: string): string {
  // /proc/net/tcp prints the address as the host-order u32 of network-order bytes
  const v = parseInt(h, 16);
  return `${v & 255}.${(v >>> 8) & 255}.${(v >>> 16) & 255}.${v >>> 24}`;
}

function hexIPv6(h: string): string {
  const b = new Uint8Array(16);
  for (let w = 0; w < 4; w++) {
    const v = parseInt(h.slice(8 * w, 8 * w + 8), 16);
    for (let k = 0; k < 4; k++) b[4 * w + k] = (v >>> (8 * k)) & 255;
  }
  // AF_INET6 text through the decoder's own notation
  const sa = new Uint8Array(28);
  sa[0] = 10;
  sa.set(b, 8);
  return decodeSockaddr(sa)?.addr ?? h;
}

/** Reads a text file; undefined when it cannot be read. */
function readText(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * strace's -yy text of socket inode `ino` from /proc/net (`TCP:[127.0.0.1:80->127.0.0.1:41234]`,
 * `TCP:[127.0.0.1:80]` before a peer, `TCP:[1234]` before an address, `UNIX-STREAM:[1234]`,
 * `UNIX-STREAM:[1234,"/run/x"]`); undefined when no table has it. `root` is /proc (tests).
 */
export function socketText(ino: number, root = "/proc"): string | undefined {
  const want = String(ino);
  for (const [file, proto, v6] of PROTO_FILES) {
    const text = readText(`${root}/net/${file}`);
    if (!text) continue;
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[9] !== want) continue;
      const [la, lp] = f[1].split(":"), [ra, rp] = f[2].split(":");
      const addr = (a: string, p: string) => {
        const ip = v6 ? hexIPv6(a) : hexIPv4(a);
        return `${v6 ? `[${ip}]` : ip}:${parseInt(p, 16)}`;
      };
      const zero = (a: string, p: string) => /^0+$/.test(a) && parseInt(p, 16) === 0;
      if (zero(la, lp) && zero(ra, rp)) return `${proto}:[${ino}]`;
      if (zero(ra, rp)) return `${proto}:[${addr(la, lp)}]`;
      return `${proto}:[${addr(la, lp)}->${addr(ra, rp)}]`;
    }
  }
  const unix = readText(`${root}/net/unix`);
  if (unix) {
    for (const line of unix.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 7 || f[6] !== want) continue;
      const type = parseInt(f[4], 16);
      const proto = type === 1
        ? "UNIX-STREAM"
        : type === 2
        ? "UNIX-DGRAM"
        : type === 5
        ? "UNIX-SEQPACKET"
        : "UNIX";
      const path = f.length > 7 ? f.slice(7).join(" ") : undefined;
      return path ? `${proto}:[${ino},"${path}"]` : `${proto}:[${ino}]`;
    }
  }
  return undefined;
}

/** How the table reaches the system; replaced by the tests. */
export interface FdSystem {
  /** readlink(/proc/PID/fd/FD); undefined when it fails. */
  readlink(pid: number, fd: number): string | undefined;
  /** The fds /proc/PID/fd lists; undefined when it cannot be read. */
  listFds(pid: number): number[] | undefined;
  /** -yy's text of a socket inode ({@link socketText}). */
  socketText(ino: number): string | undefined;
  /** Whether `tid` is a thread of process `pid` (/proc/PID/task/TID). */
  isThread(pid: number, tid: number): boolean;
  /** readlink(/proc/PID/cwd); undefined when it fails. */
  cwd(pid: number): string | undefined;
  /** A device file's type and numbers as strace shows them (`char 1:5`); undefined otherwise. */
  devText(path: string): string | undefined;
}

/** The real /proc. */
export const PROC: FdSystem = {
  readlink(pid, fd) {
    try {
      return Deno.readLinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return undefined;
    }
  },
  listFds(pid) {
    try {
      const fds: number[] = [];
      for (const e of Deno.readDirSync(`/proc/${pid}/fd`)) {
        const n = Number(e.name);
        if (Number.isInteger(n)) fds.push(n);
      }
      return fds.sort((a, b) => a - b);
    } catch {
      return undefined;
    }
  },
  socketText: (ino) => socketText(ino),
  devText(path) {
    try {
      const st = Deno.statSync(path);
      if (!st.isCharDevice && !st.isBlockDevice) return undefined;
      // the kernel's new_encode_dev()
      const d = BigInt(st.rdev ?? 0);
      const major = ((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn);
      const minor = (d & 0xffn) | ((d >> 12n) & ~0xffn);
      return `${st.isCharDevice ? "char" : "block"} ${major}:${minor}`;
    } catch {
      return undefined;
    }
  },
  cwd(pid) {
    try {
      return Deno.readLinkSync(`/proc/${pid}/cwd`);
    } catch {
      return undefined;
    }
  },
  isThread(pid, tid) {
    try {
      Deno.statSync(`/proc/${pid}/task/${tid}`);
      return true;
    } catch {
      return false;
    }
  },
};

/** Options of {@link FdTable}. */
export interface FdTableOptions {
  /** -yy: sockets by protocol and addresses, devices by their numbers. */
  yy?: boolean;
  /**
   * strace's --decode-fds=SET: which fds are named (paths, and AT_FDCWD's directory; sockets by
   * protocol and addresses; devices with their numbers); default: -y's paths, -yy's all three.
   */
  decode?: FdDecoding;
  /** Where /proc is read (tests give a fake). */
  sys?: FdSystem;
}

/** What a state syscall does, per number. */
interface Plan {
  effect: FdEffect;
  /** Argument positions: the path, the dir fd, the fds array, the flags (-1: none). */
  path: number;
  dirfd: number;
  flags: number;
  socktype: number;
}

/** What --decode-fds asks for. */
export interface FdDecoding {
  path: boolean;
  socket: boolean;
  dev: boolean;
  pidfd?: boolean;
}

/** The fd tables of every traced process. */
export class FdTable {
  #arch: Arch;
  #yy: boolean;
  #path: boolean;
  #dev: boolean;
  #pidfd: boolean;
  #sys: FdSystem;
  #tables = new Map<number, Table>();
  /** Working directories, for paths relative to AT_FDCWD; absent: unknown. */
  #cwd = new Map<number, string>();
  #plans: (Plan | undefined)[] = [];
  /** 1 at the numbers of the syscalls that change fd tables. */
  readonly isState: Uint8Array;

  /** Empty tables for records of `arch`; `opts.yy` for -yy, `opts.sys` a fake /proc (tests). */
  constructor(arch: Arch, opts: FdTableOptions = {}) {
    this.#arch = arch;
    const d = opts.decode ??
      { path: true, socket: opts.yy ?? false, dev: opts.yy ?? false, pidfd: opts.yy ?? false };
    this.#yy = d.socket;
    this.#path = d.path;
    this.#dev = d.dev;
    this.#pidfd = d.pidfd ?? false;
    this.#sys = opts.sys ?? PROC;
    const table = syscallTable(arch);
    this.isState = new Uint8Array(table.length);
    table.forEach((info, nr) => {
      const effect = info && FD_EFFECT_OF[info.name];
      if (!effect) return;
      const specs = argSpecs(arch, nr) ?? [];
      const at = (pred: (k: string, n: string) => boolean) =>
        specs.findIndex((s) => pred(s.kind, s.name));
      this.#plans[nr] = {
        effect,
        path: at((k) => k === "path" || k === "fds"),
        dirfd: at((k) => k === "dirfd"),
        flags: at((_k, n) => n === "flags"),
        socktype: at((k) => k === "socktype"),
      };
      this.isState[nr] = 1;
    });
  }

  /** The syscall numbers whose calls keep the tables (the backend must record them). */
  stateSyscalls(): number[] {
    const nrs: number[] = [];
    this.isState.forEach((v, nr) => v && nrs.push(nr));
    return nrs;
  }

  // the last process looked up and its table: a line's fds, a run of one process's lines
  #lastPid = -1;
  #last: Table | undefined;

  #entry(pid: number, fd: number): Entry | undefined {
    if (pid !== this.#lastPid) {
      this.#lastPid = pid;
      this.#last = this.#tables.get(pid);
    }
    return this.#last?.get(fd);
  }

  /** Tables were added, replaced or dropped: the cached one may be stale. */
  #moved(): void {
    this.#lastPid = -1;
    this.#last = undefined;
  }

  /**
   * The text to append to fd `fd` of process `pid`: `</etc/hosts>`; undefined when unknown. One
   * Map lookup while the lines are of one process.
   */
  tag(pid: number, fd: number): string | undefined {
    const e = this.#entry(pid, fd);
    if (!e) return undefined;
    if (e.ino !== undefined) return this.#yy && e.tagYy !== undefined ? e.tagYy : this.#pathTag(e);
    if (e.tagPid !== undefined && this.#pidfd) return e.tagPid;
    if (this.#dev && e.tagDev !== undefined) return e.tagDev;
    return this.#pathTag(e);
  }

  /** A name without --decode-fds' details: -y's, when paths are asked for. */
  #pathTag(e: Entry): string | undefined {
    return this.#path ? e.tag : undefined;
  }

  /** The text to append to AT_FDCWD for process `pid`, its working directory: `</tmp>`. */
  cwdTag(pid: number): string | undefined {
    if (!this.#path) return undefined;
    const d = this.#cwd.get(pid);
    // a directory of PATH_MAX - 1 bytes or more: strace's readlink of it comes back cut, no name
    if (d === undefined || (d.length >= 1023 && new TextEncoder().encode(d).length >= 4095)) {
      return undefined;
    }
    return fdTag(d);
  }

  /** The name of fd `fd` of process `pid` (-y's; -yy's for a socket with -yy); undefined when unknown. */
  name(pid: number, fd: number): string | undefined {
    const e = this.#entry(pid, fd);
    if (!e) return undefined;
    if (this.#yy && e.tagYy !== undefined) return e.tagYy.slice(1, -1);
    return e.name;
  }

  /** sysdig's fd.type of fd `fd` of process `pid`; undefined when unknown. */
  type(pid: number, fd: number): FdType | undefined {
    return this.#entry(pid, fd)?.type;
  }

  /** {@link name} as a function, for the views (src/views.ts): `(pid, fd) => name`. */
  readonly resolver = (pid: number, fd: number): string | undefined => this.name(pid, fd);

  /** The processes that have a table. */
  pids(): number[] {
    return [...this.#tables.keys()];
  }

  #table(pid: number): Table {
    let t = this.#tables.get(pid);
    if (!t) {
      this.#tables.set(pid, t = new Map());
      this.#moved();
    }
    return t;
  }

  #set(pid: number, fd: number, e: Entry): void {
    if (e.name !== undefined) {
      e.tag = fdTag(e.name);
      e.type ??= typeOfName(e.name);
      if (e.ino === undefined) {
        const m = /^socket:\[(\d+)\]$/.exec(e.name);
        if (m) e.ino = Number(m[1]);
      }
    }
    e.type = familyType(e.family) ?? e.type;
    if (this.#yy && e.ino !== undefined) this.#refreshYy(e);
    // strace's `</dev/null<char 1:3>>`: the path, then the device
    if (this.#dev && e.name?.startsWith("/dev/") && e.tag) {
      const d = this.#sys.devText(e.name);
      if (d !== undefined) e.tagDev = `${e.tag.slice(0, -1)}<${d}>>`;
    }
    this.#table(pid).set(fd, e);
  }

  #refreshYy(e: Entry): void {
    if (e.ino === undefined) return;
    const t = this.#sys.socketText(e.ino);
    if (t !== undefined) e.tagYy = fdTag(t);
  }

  /**
   * Reads the fds process `pid` has now from /proc (`-p` targets, --proc-name matches that
   * already run); replaces its table. False when /proc has no such process.
   */
  loadProc(pid: number): boolean {
    const fds = this.#sys.listFds(pid);
    if (!fds) return false;
    const t: Table = new Map();
    this.#tables.set(pid, t);
    this.#moved();
    const cwd = this.#sys.cwd(pid);
    if (cwd?.startsWith("/")) this.#cwd.set(pid, cwd);
    for (const fd of fds) {
      const name = this.#sys.readlink(pid, fd);
      // the cloexec bit of an inherited fd is in /proc/PID/fdinfo; unknown: kept at execve
      if (name !== undefined) this.#set(pid, fd, { name, cloexec: false });
    }
    return true;
  }

  /** Sets the working directory of process `pid` (COMMAND starts in mysysdig's). */
  setCwd(pid: number, dir: string): void {
    if (dir.startsWith("/")) this.#cwd.set(pid, dir);
  }

  /** Gives process `pid` the fds `from` has (COMMAND inherits mysysdig's 0, 1, 2). */
  inherit(pid: number, fds: readonly number[], fromPid: number): void {
    for (const fd of fds) {
      const name = this.#sys.readlink(fromPid, fd);
      if (name !== undefined) this.#set(pid, fd, { name, cloexec: false });
    }
  }

  #arg(r: SyscallRecord, i: number): bigint {
    return i < 0 ? 0n : r.args[i] ?? 0n;
  }

  #cloexec(r: SyscallRecord, p: Plan): boolean {
    if (p.effect === "memfd") return (this.#arg(r, p.flags) & MFD_CLOEXEC) !== 0n;
    if (p.flags >= 0) return (this.#arg(r, p.flags) & O_CLOEXEC) !== 0n;
    if (p.socktype >= 0) return (this.#arg(r, p.socktype) & O_CLOEXEC) !== 0n;
    return false;
  }

  /**
   * A new fd whose name only the kernel knows (a socket's or a pipe's inode), read from /proc as
   * the call is processed. Only a name of the kind the call makes is taken; the process may
   * still have closed the fd and made another of the same kind on its number since (then the
   * later inode is shown: the one case where the name can be wrong).
   */
  #fromProc(pid: number, fd: number, want: string, e: Entry): Entry {
    const name = this.#sys.readlink(pid, fd);
    // the process may have closed it and opened another since: only the kind asked for counts
    if (name === undefined || !name.startsWith(want)) return e;
    if (e.family !== undefined && want === "socket:[") {
      // and a socket /proc/net lists under another protocol is not this call's
      const text = this.#sys.socketText(Number(name.slice(8, -1)));
      const expect = protoPrefix(e.family, e.sockType);
      if (text !== undefined && expect !== undefined && !text.startsWith(expect)) return e;
    }
    e.name = name;
    return e;
  }

  /**
   * The effect of completed call `r` that its own line already shows: fds it creates (open,
   * socket, accept, pipe, dup, fcntl F_DUPFD), addresses it gives (connect, bind), fork. Call
   * before formatting `r`.
   */
  before(r: SyscallRecord): void {
    const p = this.#plans[r.nr];
    if (!p) return;
    if (p.effect === "addr") {
      // even a failed connect: a non-blocking one returns EINPROGRESS and connects after
      if (!this.#yy) return;
      const e = this.#tables.get(r.pid)?.get(Number(BigInt.asIntN(32, this.#arg(r, 0))));
      if (e) this.#refreshYy(e);
      return;
    }
    if (r.ret === undefined || r.ret < 0n) return;
    const ret = Number(r.ret);
    const pid = r.pid;
    switch (p.effect) {
      case "open": {
        const path = r.items?.find((c) => c.arg === p.path && c.type === "str");
        const e: Entry = { cloexec: this.#cloexec(r, p) };
        // creat: O_CREAT|O_WRONLY|O_TRUNC, no O_CLOEXEC
        if (path && !path.truncated && !path.fault) {
          const s = new TextDecoder().decode(path.data);
          if (s.startsWith("/")) e.name = joinPath("/", s);
          else if (p.dirfd >= 0) {
            const dfd = Number(BigInt.asIntN(32, this.#arg(r, p.dirfd)));
            const dir = dfd === AT_FDCWD ? this.#cwd.get(pid) : this.name(pid, dfd);
            if (dir?.startsWith("/")) e.name = joinPath(dir, s);
          } else {
            // open, creat: relative to the working directory
            const dir = this.#cwd.get(pid);
            if (dir !== undefined) e.name = joinPath(dir, s);
          }
        }
        // no path copied (the tracefs backend), or relative to an unknown directory: unknown. (The
        // fd may hold another file by now: /proc cannot say which file this call opened.)
        this.#set(pid, ret, e);
        return;
      }
      case "socket": {
        const e: Entry = {
          cloexec: this.#cloexec(r, p),
          family: Number(BigInt.asIntN(32, this.#arg(r, 0))),
          sockType: Number(this.#arg(r, 1) & 0xfn),
        };
        this.#set(pid, ret, this.#fromProc(pid, ret, "socket:[", e));
        return;
      }
      case "accept": {
        const lfd = this.#table(pid).get(Number(BigInt.asIntN(32, this.#arg(r, 0))));
        const e: Entry = {
          cloexec: this.#cloexec(r, p),
          family: lfd?.family,
          sockType: lfd?.sockType,
        };
        this.#set(pid, ret, this.#fromProc(pid, ret, "socket:[", e));
        return;
      }
      case "pair": {
        const c = r.items?.find((c) => c.arg === p.path && c.type === "fds");
        if (!c || c.data.length < 8) return;
        const dv = new DataView(c.data.buffer, c.data.byteOffset, 8);
        const socket = p.socktype >= 0;
        const es = [dv.getInt32(0, true), dv.getInt32(4, true)].map((fd) => {
          const e: Entry = { cloexec: this.#cloexec(r, p) };
          if (socket) {
            e.family = Number(BigInt.asIntN(32, this.#arg(r, 0)));
            e.sockType = Number(this.#arg(r, 1) & 0xfn);
          }
          return this.#fromProc(pid, fd, socket ? "socket:[" : "pipe:[", e);
        });
        // a pipe's two ends are one inode, a socket pair's two differ: else neither is this call's
        const [a, b] = es;
        if (a.name === undefined || b.name === undefined || (a.name === b.name) === socket) {
          a.name = b.name = undefined;
        }
        this.#set(pid, dv.getInt32(0, true), a);
        this.#set(pid, dv.getInt32(4, true), b);
        return;
      }
      case "chdir": {
        // chdir(path) or fchdir(fd): a directory the table cannot name makes the cwd unknown
        let dir: string | undefined;
        if (p.path >= 0) {
          const c = r.items?.find((c) => c.arg === p.path && c.type === "str");
          if (c && !c.truncated && !c.fault) {
            const s = new TextDecoder().decode(c.data);
            const base = s.startsWith("/") ? "/" : this.#cwd.get(pid);
            if (base !== undefined) dir = joinPath(base, s);
          }
        } else {
          const n = this.name(pid, Number(BigInt.asIntN(32, this.#arg(r, 0))));
          if (n?.startsWith("/")) dir = n;
        }
        if (dir === undefined) this.#cwd.delete(pid);
        else this.#cwd.set(pid, dir);
        return;
      }
      case "memfd": {
        const c = r.items?.find((c) => c.arg === 0 && c.type === "str");
        const e: Entry = { cloexec: this.#cloexec(r, p) };
        if (c && !c.truncated && !c.fault) {
          e.name = `/memfd:${new TextDecoder().decode(c.data)} (deleted)`;
        }
        this.#set(pid, ret, e);
        return;
      }
      case "fork": {
        if (ret === 0) return;
        const name = syscallInfo(this.#arch, r.nr)?.name;
        const flags = name === "clone" ? this.#cloneFlags(r) : 0n;
        if (flags & CLONE_THREAD) return;
        // clone3's flags are in a struct no record carries: a thread of the group is in its
        // task list (one that has exited already gets a table it never uses)
        if (name === "clone3" && this.#sys.isThread(pid, ret)) return;
        const cwd = this.#cwd.get(pid);
        if (cwd !== undefined && !this.#cwd.has(ret)) this.#cwd.set(ret, cwd);
        const parent = this.#tables.get(pid);
        if (!parent) return;
        if (flags & CLONE_FILES) {
          this.#tables.set(ret, parent);
          this.#moved();
          return;
        }
        // the child's own calls may have come first: those stay
        const child = this.#tables.get(ret);
        const copy: Table = new Map();
        for (const [fd, e] of parent) copy.set(fd, { ...e });
        if (child) { for (const [fd, e] of child) copy.set(fd, e); }
        this.#tables.set(ret, copy);
        this.#moved();
        return;
      }
      default:
        if (p.effect.startsWith("anon:")) {
          const name = "anon_inode:" + p.effect.slice(5);
          const e: Entry = { name, cloexec: this.#cloexec(r, p) };
          // pidfd_open(pid, ...): strace's -yy shows the process, `<pid:N>`
          if (p.effect === "anon:[pidfd]") {
            e.tagPid = `<pid:${BigInt.asIntN(32, this.#arg(r, 0))}>`;
          }
          this.#set(pid, ret, e);
        }
    }
  }

  #cloneFlags(r: SyscallRecord): bigint {
    const specs = argSpecs(this.#arch, r.nr) ?? [];
    const i = specs.findIndex((s) => s.kind === "clone");
    return i < 0 ? 0n : this.#arg(r, i);
  }

  /**
   * The effect of completed call `r` that comes after its line (its fds are shown by their
   * old names, as strace shows `dup2(3</a>, 1</dev/pts/0>) = 1</a>`): dup*, fcntl, close,
   * close_range, execve (O_CLOEXEC fds close), exit_group.
   */
  after(r: SyscallRecord): void {
    const p = this.#plans[r.nr];
    if (!p) return;
    const pid = r.pid;
    const ok = r.ret !== undefined && r.ret >= 0n;
    const ret = Number(r.ret ?? -1n);
    switch (p.effect) {
      case "dup": {
        if (!ok) return;
        const old = this.#table(pid).get(Number(BigInt.asIntN(32, this.#arg(r, 0))));
        const cloexec = this.#cloexec(r, p);
        if (old) this.#table(pid).set(ret, { ...old, cloexec });
        else this.#table(pid).delete(ret);
        return;
      }
      case "fcntl": {
        if (!ok) return;
        const fd = Number(BigInt.asIntN(32, this.#arg(r, 0)));
        const cmd = Number(BigInt.asIntN(32, this.#arg(r, 1)));
        const t = this.#table(pid);
        if (cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC) {
          const old = t.get(fd);
          if (old) t.set(ret, { ...old, cloexec: cmd === F_DUPFD_CLOEXEC });
          else t.delete(ret);
        } else if (cmd === F_SETFD) {
          const e = t.get(fd);
          if (e) e.cloexec = (this.#arg(r, 2) & 1n) !== 0n;
        }
        return;
      }
      case "close":
        // closed even when close fails with EINTR (Linux frees the fd first)
        if (r.ret === undefined || r.ret !== -9n) {
          this.#tables.get(pid)?.delete(Number(BigInt.asIntN(32, this.#arg(r, 0))));
        }
        return;
      case "close_range": {
        if (r.ret !== 0n) return;
        const t = this.#tables.get(pid);
        if (!t) return;
        const lo = Number(BigInt.asUintN(32, this.#arg(r, 0)));
        const hi = Number(BigInt.asUintN(32, this.#arg(r, 1)));
        const cloexec = (this.#arg(r, 2) & CLOSE_RANGE_CLOEXEC) !== 0n;
        for (const [fd, e] of t) {
          if (fd < lo || fd > hi) continue;
          if (cloexec) e.cloexec = true;
          else t.delete(fd);
        }
        return;
      }
      case "exec": {
        if (r.ret !== 0n) return;
        const t = this.#tables.get(pid);
        if (!t) return;
        // execve unshares a table shared by CLONE_FILES
        const own: Table = new Map();
        for (const [fd, e] of t) if (!e.cloexec) own.set(fd, e);
        this.#tables.set(pid, own);
        this.#moved();
        return;
      }
      case "exit":
        this.#tables.delete(pid);
        this.#cwd.delete(pid);
        this.#moved();
        return;
    }
  }

  /** Process `pid` has gone (its exit record): its table and working directory go. */
  forget(pid: number): void {
    this.#tables.delete(pid);
    this.#cwd.delete(pid);
    this.#moved();
  }

  /** Both halves at once (a record that is not shown). */
  observe(r: SyscallRecord): void {
    this.before(r);
    this.after(r);
  }
}

/** The syscall numbers `selected` plus the state calls; `hidden` flags the added ones by number. */
export function widenSelection(
  table: FdTable,
  selected: number[],
): { nrs: number[]; hidden: Uint8Array } {
  const have = new Set(selected);
  const hidden = new Uint8Array(table.isState.length);
  const nrs = [...selected];
  for (const nr of table.stateSyscalls()) {
    if (have.has(nr)) continue;
    nrs.push(nr);
    hidden[nr] = 1;
  }
  return { nrs, hidden };
}

/** The start of -yy's text for a socket of this family and type: `TCP:`, `UDPv6:`, `UNIX`. */
function protoPrefix(family: number, type: number | undefined): string | undefined {
  if (family === 1) return "UNIX";
  if (family !== 2 && family !== 10) return undefined;
  const v6 = family === 10 ? "v6:" : ":";
  return type === 1 ? "TCP" + v6 : type === 2 ? "UDP" + v6 : undefined;
}

/** The number of a syscall by name, for the tests and the CLI. */
export function nrOf(arch: Arch, name: string): number {
  const nr = syscallNumber(arch, name);
  if (nr === undefined) throw new Error(`no ${name} on ${arch}`);
  return nr;
}
