// The kernel module's records built by hand for the tests of their byte path (the text and JSON
// formatters, the raw merge, the capture writer): the sizes and offsets of kmod/my_sysdig_abi.h
// written out again here rather than taken from src/abi.ts, and random contents with the edge
// cases in them. A helper of the tests, not a test itself.
import * as abi from "../src/abi.ts";
import { argSpecs } from "../src/decode.ts";
import { prng } from "../src/scap/synth.ts";
import { syscallName, syscallNumber, syscallTable } from "../src/syscalls.ts";
import type { Arch } from "../src/record.ts";

const enc = new TextEncoder();

/** One item after a record's fixed part: the memory of argument `arg`, of item type `type`. */
export interface Item {
  arg: number;
  type: number;
  flags: number;
  data: Uint8Array;
}

/** A record as the module writes one; what its kind does not carry is left out of the bytes. */
export interface Rec {
  kind: number;
  nr: number;
  ts: bigint;
  /** the thread group; the thread's own id when left out */
  pid?: number;
  tid: number;
  cpu: number;
  flags?: number;
  /** a string is written as UTF-8; at most 16 bytes, NUL-terminated when shorter */
  comm: string | Uint8Array;
  /** bytes after comm's NUL (the kernel does not always clear them) */
  commJunk?: boolean;
  /** ENTER and SYSCALL: the six registers, unsigned */
  args?: bigint[];
  /** EXIT and SYSCALL */
  ret?: bigint;
  /** SYSCALL */
  enterTs?: bigint;
  /** DROP: the records lost (taken modulo 2^64) */
  lost?: bigint;
  /** ENTER, EXIT and SYSCALL; DROP and BATCH records have none */
  items?: Item[];
}

const FIXED: Record<number, number> = {
  [abi.REC_ENTER]: 96,
  [abi.REC_EXIT]: 56,
  [abi.REC_DROP]: 56,
  [abi.REC_BATCH]: 48,
  [abi.REC_SYSCALL]: 112,
};

/** The size of a record of this kind before its items. */
export function fixedSize(kind: number): number {
  const size = FIXED[kind];
  if (size === undefined) throw new RangeError(`no record kind ${kind}`);
  return size;
}

/** The record as the module lays it out (kmod/my_sysdig_abi.h). */
export function encodeRec(r: Rec): Uint8Array {
  const fixed = fixedSize(r.kind);
  const items = r.kind === abi.REC_DROP || r.kind === abi.REC_BATCH ? [] : r.items ?? [];
  let size = fixed;
  for (const it of items) size += 8 + ((it.data.length + 7) & ~7);
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, size, true);
  dv.setUint16(2, r.kind, true);
  dv.setInt32(4, r.nr, true);
  dv.setBigUint64(8, r.ts, true);
  dv.setUint32(16, r.pid ?? r.tid, true);
  dv.setUint32(20, r.tid, true);
  dv.setUint32(24, r.cpu, true);
  dv.setUint32(28, r.flags ?? 0, true);
  if (r.commJunk) b.fill(0x41, 32, 48);
  const comm = (typeof r.comm === "string" ? enc.encode(r.comm) : r.comm).subarray(0, 16);
  b.set(comm, 32);
  if (comm.length < 16) b[32 + comm.length] = 0;
  if (r.kind === abi.REC_DROP) dv.setBigUint64(48, BigInt.asUintN(64, r.lost ?? 0n), true);
  if (r.kind === abi.REC_ENTER || r.kind === abi.REC_SYSCALL) {
    r.args?.forEach((a, i) => dv.setBigUint64(48 + 8 * i, a, true));
  }
  if (r.kind === abi.REC_EXIT) dv.setBigInt64(48, r.ret ?? 0n, true);
  if (r.kind === abi.REC_SYSCALL) {
    dv.setBigInt64(96, r.ret ?? 0n, true);
    dv.setBigUint64(104, r.enterTs ?? 0n, true);
  }
  let p = fixed;
  for (const it of items) {
    dv.setUint16(p, it.data.length, true);
    b[p + 2] = it.arg;
    b[p + 3] = it.type;
    dv.setUint16(p + 4, it.flags, true);
    b.set(it.data, p + 8);
    p += 8 + ((it.data.length + 7) & ~7);
  }
  return b;
}

/** The parts end to end in one buffer. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Records end to end, as one read() returns them, with where each starts. With `start`, the
 * records begin that many bytes into a larger buffer: offsets are from the view's start, not 0.
 */
export function layOut(
  recs: Rec[],
  start = 0,
): { buf: Uint8Array; view: DataView; offs: number[] } {
  const parts = recs.map(encodeRec);
  const all = concat([new Uint8Array(start), ...parts]);
  const buf = all.subarray(start);
  const offs: number[] = [];
  for (let at = 0, i = 0; i < parts.length; at += parts[i++].length) offs.push(at);
  return { buf, view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength), offs };
}

/** The calls a trace is mostly made of (those an architecture lacks are left out by numbers()). */
export const COMMON = [
  "read",
  "write",
  "openat",
  "open",
  "close",
  "mmap",
  "munmap",
  "mprotect",
  "brk",
  "futex",
  "getppid",
  "execve",
  "fcntl",
  "lseek",
  "pread64",
  "readv",
  "writev",
  "socket",
  "connect",
  "accept4",
  "sendto",
  "recvfrom",
  "shutdown",
  "clone",
  "rt_sigaction",
  "rt_sigprocmask",
  "kill",
  "wait4",
  "madvise",
  "mremap",
  "renameat2",
  "faccessat2",
  "newfstatat",
  "getdents64",
  "pipe2",
  "exit_group",
  "readlinkat",
  "unlinkat",
  "statx",
  "dup3",
  "epoll_wait",
  "epoll_pwait",
  "ioctl",
];

/** The value as the 64 bits of a register. */
export const U64 = (v: bigint): bigint => BigInt.asUintN(64, v);

/** A register value: zero, small, negative ints both ways, flag-like, near 2^53, huge. */
export function randomArg(r: () => number): bigint {
  const u32 = () => BigInt(Math.floor(r() * 4294967296));
  switch (Math.floor(r() * 18)) {
    case 0:
    case 1:
      return 0n;
    case 2:
      return BigInt(Math.floor(r() * 100));
    case 3:
      return U64(-BigInt(1 + Math.floor(r() * 200))); // negative fds, -100, sign-extended
    case 4:
      return BigInt.asUintN(32, -BigInt(1 + Math.floor(r() * 200))); // negative fds, 32 bits
    case 5:
      return r() < 0.5 ? 0xffffff9cn : U64(-100n); // AT_FDCWD, as 32 bits and as 64
    case 6:
      return u32();
    case 7:
      return (u32() << 32n) | u32();
    case 8:
      return 0x7ff000000000n + u32(); // an address
    case 9:
      return BigInt(Math.floor(r() * 0x4000)); // flag-like low bits
    case 10:
      return BigInt(Math.floor(r() * 0x1000000)) | (r() < 0.5 ? 0o2000000n : 0n);
    case 11:
      return (1n << 53n) + BigInt(Math.floor(r() * 5)) - 2n; // 2^53 - 2 .. 2^53 + 2
    case 12:
      return 1n << BigInt(Math.floor(r() * 64));
    case 13:
      return 0xffffffffffffffffn;
    case 14:
      return (BigInt(Math.floor(r() * 8)) << 32n) | u32(); // high bits over flags
    case 15:
      return U64(-(1n << 53n) + BigInt(Math.floor(r() * 5)) - 2n); // -2^53 - 2 .. -2^53 + 2
    case 16:
      return r() < 0.3 ? 1n << 63n : BigInt(Math.floor(r() * 9_007_199)) * 1_000_000_000n -
        BigInt(Math.floor(r() * 3)); // around multiples of 1e9: the decimal split
    default:
      return BigInt(Math.floor(r() * 66)); // signals, commands, families
  }
}

/** A return value: errnos named and unnamed, addresses, the extremes, around +-2^53. */
export function randomRet(r: () => number): bigint {
  switch (Math.floor(r() * 14)) {
    case 0:
      return -2n;
    case 1:
      return -4095n;
    case 2:
      return -4096n;
    case 3:
      return -BigInt(1 + Math.floor(r() * 4095));
    case 4:
      return 0x7f1234567000n + BigInt(Math.floor(r() * 0x10000)) * 4096n;
    case 5:
      return -(1n << 63n);
    case 6:
      return (1n << 63n) - 1n;
    case 7:
      return BigInt.asIntN(64, BigInt(Math.floor(r() * 2 ** 32)) << 20n);
    case 8:
      return -BigInt(Math.floor(r() * 2 ** 40));
    case 9:
      return (r() < 0.5 ? -1n : 1n) * ((1n << 53n) + BigInt(Math.floor(r() * 5)) - 2n);
    case 10:
      return -1n;
    default:
      return BigInt(Math.floor(r() * 100));
  }
}

/**
 * Bytes with both formatters' cases: empty; text with JSON's escapes and valid multi-byte
 * UTF-8; a BOM (which TextDecoder drops); invalid UTF-8; quotes, backslashes and controls; an
 * unprintable last byte; lengths a multiple of 8 (no padding) or 48..55 (the next header's
 * first byte an octal digit).
 */
export function randomData(r: () => number): Uint8Array {
  const u = r();
  if (u < 0.15) return new Uint8Array();
  if (u < 0.25) {
    return enc.encode(
      ["/etc/hosts", "héllo wörld ✓", 'a"b\\c\n\t', "\u{1f600}"][Math.floor(r() * 4)],
    );
  }
  if (u < 0.28) return Uint8Array.of(0xef, 0xbb, 0xbf, 0x41);
  const n = r() < 0.05
    ? 200 + Math.floor(r() * 300)
    : r() < 0.3
    ? (r() < 0.5 ? 8 : 48) + Math.floor(r() * 8)
    : Math.floor(r() * 40);
  const pool = [
    ...[0, 1, 9, 10, 13, 34, 92, 0x2f, 0x30, 0x37, 0x38, 0x41, 0x61],
    ...[0x7f, 0x80, 0xc3, 0xa9, 0xff],
  ];
  const top = r() < 0.5 ? 128 : 256; // all ASCII, or any byte
  const b = Uint8Array.from(
    { length: n },
    () => r() < 0.5 ? pool[Math.floor(r() * pool.length)] : Math.floor(r() * top),
  );
  if (n && r() < 0.3) b[n - 1] = 1;
  return b;
}

/** A socket address as the module copies one: IPv4, IPv6, unix (named, abstract), odd. */
export function randomSockaddr(r: () => number): Uint8Array {
  const fam = [2, 10, 1, 1, 17, 0][Math.floor(r() * 6)];
  const len = fam === 10 ? 28 : fam === 2 ? 16 : fam === 1 ? 2 + Math.floor(r() * 40) : 16;
  const b = Uint8Array.from(
    { length: r() < 0.1 ? Math.floor(r() * len) : len },
    () => Math.floor(r() * 256),
  );
  if (b.length >= 2) {
    b[0] = fam;
    b[1] = 0;
  }
  if (fam === 1 && b.length > 2) {
    if (r() < 0.3) b[2] = 0; // abstract
    else for (let i = 2; i < b.length; i++) b[i] = 0x61 + (b[i] % 26);
  }
  return b;
}

/** Syscall numbers worth drawing: the common calls, every number of the table, holes, unknowns. */
export function numbers(arch: Arch): { common: number[]; all: number[] } {
  const common = COMMON.map((n) => syscallNumber(arch, n)).filter((n) => n !== undefined);
  const all: number[] = [];
  syscallTable(arch).forEach((info, nr) => info && all.push(nr));
  all.push(1000, 3000, 4095, 4096, 70000, -1);
  return { common, all };
}

/** Half the time, the arguments whose values decide the decoding (fcntl's, socket's, open's). */
function focusArgs(r: () => number, arch: Arch, nr: number, args: bigint[]): void {
  if (r() >= 0.5) return;
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const name = syscallName(arch, nr);
  if (name === "fcntl") args[1] = BigInt(pick([0, 1, 2, 3, 4, 8, 9, 10, 1024, 1030, 1031, 5]));
  if (name === "socket") args[0] = BigInt(pick([1, 2, 10, 16]));
  if (name === "openat" || name === "open") {
    // the flags that decide whether the mode is shown
    args[name === "open" ? 1 : 2] = BigInt(pick([0, 0o100, 0o2000000, 0o20200000, 0o20040000]));
  }
}

/**
 * Up to three items, mostly for the arguments of call `nr` that take memory, of the type they
 * take: socket addresses for the sockaddr arguments, strings and buffers for the others.
 */
/** An IOVEC item's data: 0..5 elements (struct msd_iovec), lengths mostly small, some huge. */
export function randomIovec(r: () => number): Uint8Array {
  const n = Math.floor(r() * 6);
  const b = new Uint8Array(16 * n);
  const dv = new DataView(b.buffer);
  for (let k = 0; k < n; k++) {
    dv.setBigUint64(16 * k, r() < 0.1 ? 0n : randomArg(r), true);
    const u = r();
    dv.setBigUint64(
      16 * k + 8,
      u < 0.8
        ? BigInt(Math.floor(r() * 40))
        : u < 0.9
        ? BigInt(Math.floor(r() * 2 ** 32))
        : randomArg(r),
      true,
    );
  }
  return b;
}

function randomItems(r: () => number, arch: Arch, nr: number): Item[] {
  const specs = argSpecs(arch, nr);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const memArgs =
    specs?.flatMap((s, j) => /^(path|str|rstr|wbuf|rbuf|wiov|riov)$/.test(s.kind) ? [j] : []) ?? [];
  const saArgs = specs?.flatMap((s, j) => /sockaddr$/.test(s.kind) ? [j] : []) ?? [];
  const items: Item[] = [];
  const nitems = Math.floor(r() * 4);
  for (let k = 0; k < nitems; k++) {
    if (saArgs.length && r() < 0.5) {
      items.push({
        arg: pick(saArgs),
        type: 4,
        flags: pick([0, 0, 1, 2]),
        data: randomSockaddr(r),
      });
      continue;
    }
    const arg = memArgs.length && r() < 0.8 ? pick(memArgs) : Math.floor(r() * 7);
    if (/iov$/.test(specs?.[arg]?.kind ?? "") && r() < 0.6) {
      // an iovec argument's IOVEC item (bases, mostly small lengths), and often its bytes
      items.push({ arg, type: 8, flags: pick([0, 0, 0, 1, 2]), data: randomIovec(r) });
      if (r() < 0.8) items.push({ arg, type: 3, flags: pick([0, 0, 1, 2]), data: randomData(r) });
      continue;
    }
    const type = r() < 0.8 ? pick([1, 2]) : pick([0, 3, 4, 5, 6, 7, 8, 9]);
    items.push({ arg, type, flags: pick([0, 0, 0, 1, 2, 3]), data: randomData(r) });
  }
  return items;
}

/** The next record's time: mostly close (within a second), sometimes seconds on, sometimes back. */
function stepTs(r: () => number, ts: bigint): bigint {
  const step = r();
  ts += step < 0.9
    ? BigInt(Math.floor(r() * 20000))
    : step < 0.97
    ? BigInt(Math.floor(r() * 3e9))
    : -BigInt(Math.floor(r() * 2e9));
  return ts < 0n ? 1n : ts >= 1n << 64n ? (1n << 64n) - 1n : ts;
}

/**
 * The entry time of a call that ended at `ts`: mostly shortly before; after it (a negative
 * duration); long before; more than 2^53 ns either way; or 0. Within 0..2^64.
 */
function randomEnterTs(r: () => number, ts: bigint): bigint {
  const d = r();
  const t = d < 0.85
    ? ts - BigInt(Math.floor(r() * 1e7))
    : d < 0.9
    ? ts + BigInt(Math.floor(r() * 1e4)) // an entry after the exit: a negative duration
    : d < 0.93
    ? ts - BigInt(Math.floor(r() * 5e12))
    : d < 0.96
    ? ts + (r() < 0.5 ? -1n : 1n) * ((1n << 53n) + BigInt(Math.floor(r() * 2 ** 33)) - 2n ** 32n)
    : 0n;
  return t < 0n ? 0n : t >= 1n << 64n ? (1n << 64n) - 1n : t;
}

/** What {@linkcode randomRecords} draws besides the seed. */
export interface RandomRecordsOptions {
  /** about when the first record is (the boot's time before the offset is added) */
  start: bigint;
  /** the threads' names, one a thread (thread ids 100..105) */
  comms: (string | Uint8Array)[];
}

/**
 * Random records as the formatters meet them: mostly completed calls of the common syscalls
 * (every number of the table now and then, unknown ones too), some entries, exits and drops,
 * with the registers, returns, times and items of the functions above; threads in pairs of a
 * thread group.
 */
export function randomRecords(
  arch: Arch,
  seed: number,
  count: number,
  { start, comms }: RandomRecordsOptions,
): Rec[] {
  const r = prng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const { common, all } = numbers(arch);
  const recs: Rec[] = [];
  let ts = start + BigInt(Math.floor(r() * 1e6));
  for (let i = 0; i < count; i++) {
    ts = stepTs(r, ts);
    const tid = 100 + Math.floor(r() * 6);
    const u = r();
    const kind = u < 0.9
      ? abi.REC_SYSCALL
      : u < 0.94
      ? abi.REC_ENTER
      : u < 0.98
      ? abi.REC_EXIT
      : abi.REC_DROP;
    const nr = r() < 0.7 ? pick(common) : pick(all);
    const args = Array.from({ length: 6 }, () => randomArg(r));
    focusArgs(r, arch, nr, args);
    const ret = randomRet(r);
    recs.push({
      kind,
      nr,
      ts,
      pid: tid - (tid % 2),
      tid,
      cpu: Math.floor(r() * 8),
      flags: r() < 0.08 ? abi.RF_UNFINISHED : 0,
      comm: comms[tid % comms.length],
      args,
      ret,
      enterTs: randomEnterTs(r, ts),
      lost: ret,
      items: randomItems(r, arch, nr),
    });
  }
  return recs;
}
