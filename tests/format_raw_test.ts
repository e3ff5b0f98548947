// The text formatter's byte path: TextFormatter.formatModule() of a module record against
// format() of the same record decoded, line for line.
import assert from "node:assert/strict";
import {
  decodeRecord,
  REC_DROP,
  REC_ENTER,
  REC_EXIT,
  REC_SYSCALL,
  RF_UNFINISHED,
} from "../src/abi.ts";
import { TextFormatter } from "../src/format_text.ts";
import { argSpecs } from "../src/decode.ts";
import { syscallName, syscallNumber, syscallTable } from "../src/syscalls.ts";
import type { Arch, TraceRecord } from "../src/record.ts";

const enc = new TextEncoder();

/** A tiny deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Item {
  arg: number;
  type: number;
  flags: number;
  data: Uint8Array;
}

interface Rec {
  kind: number;
  nr: number;
  ts: bigint;
  tid: number;
  cpu: number;
  flags: number;
  comm: string;
  args: bigint[];
  ret: bigint;
  enterTs: bigint;
  items: Item[];
}

const FIXED: Record<number, number> = {
  [REC_ENTER]: 96,
  [REC_EXIT]: 56,
  [REC_DROP]: 56,
  [REC_SYSCALL]: 112,
};

/** The record as the module lays it out (kmod/my_sysdig_abi.h). */
function encodeRec(r: Rec): Uint8Array {
  const fixed = FIXED[r.kind];
  let size = fixed;
  const items = r.kind === REC_DROP ? [] : r.items;
  for (const it of items) size += 8 + ((it.data.length + 7) & ~7);
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, size, true);
  dv.setUint16(2, r.kind, true);
  dv.setInt32(4, r.nr, true);
  dv.setBigUint64(8, r.ts, true);
  dv.setUint32(16, r.tid, true);
  dv.setUint32(20, r.tid, true);
  dv.setUint32(24, r.cpu, true);
  dv.setUint32(28, r.flags, true);
  b.set(enc.encode(r.comm).subarray(0, 15), 32);
  if (r.kind === REC_DROP) dv.setBigUint64(48, r.ret & 0xffffffffn, true);
  if (r.kind === REC_ENTER || r.kind === REC_SYSCALL) {
    r.args.forEach((a, i) => dv.setBigUint64(48 + 8 * i, a, true));
  }
  if (r.kind === REC_EXIT) dv.setBigInt64(48, r.ret, true);
  if (r.kind === REC_SYSCALL) {
    dv.setBigInt64(96, r.ret, true);
    dv.setBigUint64(104, r.enterTs, true);
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

/** Records laid end to end, as one read() returns them, with where each starts. */
function layOut(recs: Rec[]): { buf: Uint8Array; view: DataView; offs: number[] } {
  const parts = recs.map(encodeRec);
  const buf = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  const offs: number[] = [];
  let at = 0;
  for (const p of parts) {
    offs.push(at);
    buf.set(p, at);
    at += p.length;
  }
  return { buf, view: new DataView(buf.buffer), offs };
}

const COMMON = [
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
  "epoll_pwait",
  "ioctl",
];

const U64 = (v: bigint) => BigInt.asUintN(64, v);

/** A register value: the small, the signed, the flag-like and the huge. */
function randomArg(r: () => number): bigint {
  const u32 = () => BigInt(Math.floor(r() * 4294967296));
  switch (Math.floor(r() * 16)) {
    case 0:
    case 1:
      return 0n;
    case 2:
      return BigInt(Math.floor(r() * 100));
    case 3:
      return U64(-BigInt(1 + Math.floor(r() * 200))); // negative fds, -100
    case 4:
      return 0xffffff9cn; // AT_FDCWD as a 32-bit register
    case 5:
      return U64(-100n);
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
      return (1n << 53n) + BigInt(Math.floor(r() * 5)) - 2n;
    case 12:
      return 1n << BigInt(Math.floor(r() * 64));
    case 13:
      return 0xffffffffffffffffn;
    case 14:
      return (BigInt(Math.floor(r() * 8)) << 32n) | u32(); // high bits over flags
    default:
      return BigInt(Math.floor(r() * 66)); // signals, commands, families
  }
}

function randomRet(r: () => number): bigint {
  switch (Math.floor(r() * 12)) {
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
    default:
      return BigInt(Math.floor(r() * 100));
  }
}

/** Bytes with the escapes' cases: quotes, backslashes, controls, octal before a digit. */
/** A socket address as the module copies one: IPv4, IPv6, unix (named, abstract), odd. */
function randomSockaddr(r: () => number): Uint8Array {
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

function randomData(r: () => number): Uint8Array {
  if (r() < 0.15) return new Uint8Array();
  // a multiple of 8 (no padding) or 48..55 long (the next header's first byte a digit)
  const n = r() < 0.05
    ? 200 + Math.floor(r() * 300)
    : r() < 0.3
    ? (r() < 0.5 ? 8 : 48) + Math.floor(r() * 8)
    : Math.floor(r() * 40);
  const pool = [0, 1, 9, 10, 13, 34, 92, 0x30, 0x37, 0x38, 0x7f, 0x80, 0xff, 0x41, 0x61, 0x2f];
  const b = Uint8Array.from(
    { length: n },
    () => r() < 0.5 ? pool[Math.floor(r() * pool.length)] : Math.floor(r() * 256),
  );
  if (n && r() < 0.3) b[n - 1] = 1;
  return b;
}

/** Syscall numbers worth drawing: the common calls, every number of the table, holes, unknowns. */
function numbers(arch: Arch): { common: number[]; all: number[] } {
  const common = COMMON.map((n) => syscallNumber(arch, n)).filter((n) => n !== undefined);
  const all: number[] = [];
  syscallTable(arch).forEach((info, nr) => info && all.push(nr));
  all.push(1000, 3000, 4095, 4096, 70000, -1);
  return { common, all };
}

function randomRecords(arch: Arch, seed: number, count: number): Rec[] {
  const r = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const { common, all } = numbers(arch);
  const comms = ["nginx", "cat", "a-very-long-nam", 'we"ird\\'];
  const recs: Rec[] = [];
  // a boot seconds ago or months ago (durations from enter_ts 0 beyond 2^52 ns)
  let ts = (seed % 2 ? 5_000_000_000n : 10_000_000_000_000_000n) +
    BigInt(Math.floor(r() * 1e12));
  for (let i = 0; i < count; i++) {
    // mostly close together (within a second), sometimes across seconds, sometimes back
    const step = r();
    ts += step < 0.9
      ? BigInt(Math.floor(r() * 20000))
      : step < 0.97
      ? BigInt(Math.floor(r() * 3e9))
      : -BigInt(Math.floor(r() * 2e9));
    if (ts < 0n) ts = 1n;
    const tid = 100 + Math.floor(r() * 5);
    const u = r();
    const kind = u < 0.9 ? REC_SYSCALL : u < 0.94 ? REC_ENTER : u < 0.98 ? REC_EXIT : REC_DROP;
    const nr = r() < 0.7 ? pick(common) : pick(all);
    const args = Array.from({ length: 6 }, () => randomArg(r));
    const specs = argSpecs(arch, nr);
    if (specs && r() < 0.5) {
      // the argument fcntl's and proto's decoding depends on: the values that matter
      const name = syscallName(arch, nr);
      if (name === "fcntl") args[1] = BigInt(pick([0, 1, 2, 3, 4, 8, 9, 10, 1024, 1030, 1031, 5]));
      if (name === "socket") args[0] = BigInt(pick([1, 2, 10, 16]));
      if (name === "openat" || name === "open") {
        args[name === "open" ? 1 : 2] = BigInt(pick([0, 0o100, 0o2000000, 0o20200000, 0o20040000]));
      }
    }
    const items: Item[] = [];
    const nitems = Math.floor(r() * 4);
    // items mostly for the arguments that take memory, of the type they take
    const memArgs = specs?.flatMap((s, j) =>
      /^(path|str|rstr|wbuf|rbuf|wiov|riov)$/.test(s.kind) ? [j] : []
    ) ?? [];
    const saArgs = specs?.flatMap((s, j) => /sockaddr$/.test(s.kind) ? [j] : []) ?? [];
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
      const type = r() < 0.8 ? pick([1, 2]) : pick([0, 3, 4, 5, 6, 7]);
      items.push({ arg, type, flags: pick([0, 0, 0, 1, 2, 3]), data: randomData(r) });
    }
    const dur = r();
    const enterTs = dur < 0.85
      ? ts - BigInt(Math.floor(r() * 1e7))
      : dur < 0.9
      ? ts + BigInt(Math.floor(r() * 1e4)) // an entry after the exit: shown as 0
      : dur < 0.95
      ? ts - BigInt(Math.floor(r() * 5e12))
      : 0n;
    recs.push({
      kind,
      nr,
      ts,
      tid,
      cpu: Math.floor(r() * 8),
      flags: r() < 0.08 ? RF_UNFINISHED : 0,
      comm: comms[tid % comms.length],
      args,
      ret: randomRet(r),
      enterTs: enterTs < 0n ? 0n : enterTs,
      items,
    });
  }
  return recs;
}

/** A formatter that counts the records formatModule() handed to format(). */
class CountingFormatter extends TextFormatter {
  slow = 0;
  override format(r: TraceRecord): string {
    this.slow++;
    return super.format(r);
  }
}

const OFFSETS = [
  1_764_201_234_123_456_789n, // CLOCK_REALTIME - CLOCK_MONOTONIC on a recent boot
  0xffffffffn, // a carry between the halves on every record
  0n,
];

for (const arch of ["x86_64", "aarch64"] as const) {
  Deno.test(`text ${arch}: formatModule() equals format() of the decoded record`, () => {
    let fastCount = 0, syscallCount = 0;
    for (const seed of [1, 2, 3, 4]) {
      const recs = randomRecords(arch, seed, 6000);
      const { buf, view, offs } = layOut(recs);
      for (const offset of OFFSETS) {
        const fast = new CountingFormatter(arch), slow = new TextFormatter(arch);
        for (let i = 0; i < offs.length; i++) {
          // the offset may change between records (a second read with a new offset)
          const o = i < offs.length / 2 ? offset : offset + 1_000_000_007n;
          const before = fast.slow;
          const got = fast.formatModule(buf, view, offs[i], o);
          const want = slow.format(decodeRecord(buf, view, offs[i], o)!);
          assert.equal(got, want, `seed ${seed} record ${i} (nr ${recs[i].nr})`);
          if (recs[i].kind === REC_SYSCALL) {
            syscallCount++;
            if (fast.slow === before) fastCount++;
          }
        }
      }
    }
    // most records take the fast path, not the fallback the comparison would also accept
    assert.ok(fastCount > syscallCount * 0.6, `${fastCount} of ${syscallCount} fast`);
  });

  Deno.test(`text ${arch}: the common calls take the fast path`, () => {
    const names = [
      "read",
      "write",
      "openat",
      "close",
      "mmap",
      "futex",
      "getppid",
      "fcntl",
      "lseek",
      "rt_sigaction",
      "rt_sigprocmask",
      "socket",
      "pread64",
      "madvise",
    ];
    const r = rng(7);
    for (const name of names) {
      const nr = syscallNumber(arch, name)!;
      const recs = Array.from({ length: 50 }, (_, i): Rec => ({
        kind: REC_SYSCALL,
        nr,
        ts: 10_000_000_000n + BigInt(i) * 1000n,
        tid: 42,
        cpu: 0,
        flags: 0,
        comm: "t",
        args: Array.from({ length: 6 }, () => randomArg(r)),
        ret: randomRet(r),
        enterTs: 10_000_000_000n,
        items: [{ arg: 1, type: 2, flags: 0, data: randomData(r) }],
      }));
      const { buf, view, offs } = layOut(recs);
      const fast = new CountingFormatter(arch), slow = new TextFormatter(arch);
      for (const off of offs) {
        assert.equal(
          fast.formatModule(buf, view, off, OFFSETS[0]),
          slow.format(decodeRecord(buf, view, off, OFFSETS[0])!),
        );
      }
      assert.equal(fast.slow, 0, `${name} fell back`);
    }
  });

  Deno.test(`text ${arch}: fast and slow calls interleaved share the numbering and clock`, () => {
    const recs = randomRecords(arch, 11, 4000);
    const { buf, view, offs } = layOut(recs);
    const r = rng(12);
    const mixed = new TextFormatter(arch), slow = new TextFormatter(arch);
    const offset = OFFSETS[0];
    for (let i = 0; i < offs.length; i++) {
      const want = slow.format(decodeRecord(buf, view, offs[i], offset)!);
      const got = r() < 0.5
        ? mixed.formatModule(buf, view, offs[i], offset)
        : mixed.format(decodeRecord(buf, view, offs[i], offset)!);
      assert.equal(got, want, `record ${i}`);
      assert.ok(got.startsWith(`${i + 1} `));
    }
  });
}

Deno.test("text: formatModule() of a typical openat, by hand", () => {
  const nr = syscallNumber("x86_64", "openat")!;
  const rec: Rec = {
    kind: REC_SYSCALL,
    nr,
    ts: 2_000_012_345n,
    tid: 7,
    cpu: 3,
    flags: 0,
    comm: "cat",
    args: [U64(-100n), 0x7ffd0000n, 0o2000000n, 0n, 0n, 0n],
    ret: 3n,
    enterTs: 2_000_000_000n,
    items: [{ arg: 1, type: 1, flags: 0, data: enc.encode("/etc/hosts") }],
  };
  const { buf, view } = layOut([rec, { ...rec, ret: -2n, flags: 0, items: [] }]);
  const f = new TextFormatter("x86_64");
  assert.match(
    f.formatModule(buf, view, 0, 0n),
    /^1 \d\d:\d\d:02\.000012345 3 cat \(7\) openat\(AT_FDCWD, "\/etc\/hosts", O_RDONLY\|O_CLOEXEC\) = 3 <0\.000012>$/,
  );
  assert.match(
    f.formatModule(buf, view, encodeRec(rec).length, 0n),
    /^2 .* openat\(AT_FDCWD, 0x7ffd0000, O_RDONLY\|O_CLOEXEC\) = -2\(ENOENT\) <0\.000012>$/,
  );
});

Deno.test("text: formatModule() at the edges of the clock, the durations and the items", () => {
  const nr = syscallNumber("x86_64", "write")!;
  const base = (ts: bigint, enterTs: bigint, items: Item[] = []): Rec => ({
    kind: REC_SYSCALL,
    nr,
    ts,
    tid: 9,
    cpu: 1,
    flags: 0,
    comm: "edge",
    args: [1n, 0x1000n, 5n, 0n, 0n, 0n],
    ret: 5n,
    enterTs,
    items,
  });
  const recs: Rec[] = [];
  const offset = 1_700_000_000_999_999_999n;
  // exactly on, just before and just after second boundaries, forward and back
  for (const k of [3n, 4n, 4n, 5n, 3n, 100n]) {
    for (const d of [-1n, 0n, 1n, 999_999_999n, 1_000_000_000n]) {
      const ts = k * 1_000_000_000n + 1n + d; // + offset: on a boundary at d = 0
      recs.push(base(ts, ts - 1000n));
    }
  }
  // durations around each branch of the duration: negative, 4e15, 2^52, 2^53, 2^63
  const big = 1n << 63n;
  for (
    const d of [
      -5n,
      0n,
      499n,
      500n,
      3_999_999_999_999_999n,
      4_000_000_000_000_000n,
      (1n << 52n) - 1n,
      1n << 52n,
      (1n << 52n) + 1n,
      (1n << 53n) + 501n,
      big - 1n,
    ]
  ) {
    recs.push(base(big, big - d));
  }
  // an unprintable last byte before a byte that reads as an octal digit (the next item's length)
  const tail = Uint8Array.of(0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 1);
  recs.push(
    base(10n, 1n, [
      { arg: 1, type: 2, flags: 2, data: tail },
      { arg: 1, type: 2, flags: 0, data: new Uint8Array(0x33) },
    ]),
  );
  recs.push(base(10n, 1n, [{ arg: 1, type: 2, flags: 0, data: tail }]));
  const { buf, view, offs } = layOut(recs);
  for (const o of [offset, 0xffffffffn, 0x1_0000_0000n - 10n]) {
    const fast = new TextFormatter("x86_64"), slow = new TextFormatter("x86_64");
    for (let i = 0; i < offs.length; i++) {
      assert.equal(
        fast.formatModule(buf, view, offs[i], o),
        slow.format(decodeRecord(buf, view, offs[i], o)!),
        `record ${i}`,
      );
    }
  }
});
