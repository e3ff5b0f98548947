// The JSON formatter's byte path: JsonRawFormatter.line() of a module record against
// jsonLine(decodeRecord()) of the same bytes, line for line.
import assert from "node:assert/strict";
import {
  decodeRecord,
  REC_BATCH,
  REC_DROP,
  REC_ENTER,
  REC_EXIT,
  REC_SYSCALL,
  RF_UNFINISHED,
} from "../src/abi.ts";
import { jsonLine, JsonRawFormatter, jsonValue } from "../src/format_json.ts";
import { argSpecs } from "../src/decode.ts";
import { syscallName, syscallNumber, syscallTable } from "../src/syscalls.ts";
import type { Arch } from "../src/record.ts";

const enc = new TextEncoder();

/** mulberry32: the same records on every run. */
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
  pid: number;
  tid: number;
  cpu: number;
  flags: number;
  comm: Uint8Array;
  args: bigint[];
  ret: bigint;
  enterTs: bigint;
  items: Item[];
}

const FIXED: Record<number, number> = {
  [REC_ENTER]: 96,
  [REC_EXIT]: 56,
  [REC_DROP]: 56,
  [REC_BATCH]: 48,
  [REC_SYSCALL]: 112,
};

/** The record as the module lays it out (kmod/my_sysdig_abi.h). */
function encodeRec(r: Rec): Uint8Array {
  const fixed = FIXED[r.kind];
  const items = r.kind === REC_DROP || r.kind === REC_BATCH ? [] : r.items;
  let size = fixed;
  for (const it of items) size += 8 + ((it.data.length + 7) & ~7);
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, size, true);
  dv.setUint16(2, r.kind, true);
  dv.setInt32(4, r.nr, true);
  dv.setBigUint64(8, r.ts, true);
  dv.setUint32(16, r.pid, true);
  dv.setUint32(20, r.tid, true);
  dv.setUint32(24, r.cpu, true);
  dv.setUint32(28, r.flags, true);
  b.set(r.comm.subarray(0, 16), 32);
  if (r.kind === REC_DROP) dv.setBigUint64(48, BigInt.asUintN(64, r.ret), true);
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

/** Records end to end, as one read() returns them, with where each starts. */
function layOut(recs: Rec[]): { buf: Uint8Array; view: DataView; offs: number[] } {
  const parts = recs.map(encodeRec);
  // the records start inside a larger buffer: offsets are from the view's start, not 0
  const buf = new Uint8Array(16 + parts.reduce((n, p) => n + p.length, 0)).subarray(16);
  const offs: number[] = [];
  let at = 0;
  for (const p of parts) {
    offs.push(at);
    buf.set(p, at);
    at += p.length;
  }
  return { buf, view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength), offs };
}

const COMMON = [
  "read",
  "write",
  "openat",
  "open",
  "close",
  "mmap",
  "munmap",
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
  "sendto",
  "recvfrom",
  "clone",
  "rt_sigaction",
  "kill",
  "wait4",
  "madvise",
  "newfstatat",
  "statx",
  "pipe2",
  "exit_group",
  "ioctl",
  "epoll_wait",
];

const U64 = (v: bigint) => BigInt.asUintN(64, v);

/** A register value: zero, small, negative ints both ways, flag-like, near 2^53, huge. */
function randomArg(r: () => number): bigint {
  const u32 = () => BigInt(Math.floor(r() * 4294967296));
  switch (Math.floor(r() * 18)) {
    case 0:
    case 1:
      return 0n;
    case 2:
      return BigInt(Math.floor(r() * 100));
    case 3:
      return U64(-BigInt(1 + Math.floor(r() * 200))); // negative fds, sign-extended
    case 4:
      return BigInt.asUintN(32, -BigInt(1 + Math.floor(r() * 200))); // negative fds, 32 bits
    case 5:
      return r() < 0.5 ? 0xffffff9cn : U64(-100n); // AT_FDCWD
    case 6:
      return u32();
    case 7:
      return (u32() << 32n) | u32();
    case 8:
      return 0x7ff000000000n + u32(); // an address
    case 9:
      return BigInt(Math.floor(r() * 0x4000)); // flag-like
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

function randomRet(r: () => number): bigint {
  switch (Math.floor(r() * 14)) {
    case 0:
      return -2n;
    case 1:
      return -4095n;
    case 2:
      return -4096n;
    case 3:
      return -BigInt(1 + Math.floor(r() * 4095)); // named errnos and unnamed ones
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

/** Bytes: empty, ASCII, JSON's escapes, valid multi-byte UTF-8, a BOM, invalid UTF-8. */
function randomData(r: () => number): Uint8Array {
  const u = r();
  if (u < 0.15) return new Uint8Array();
  if (u < 0.3) {
    return enc.encode(
      ["/etc/hosts", "héllo wörld ✓", 'a"b\\c\n\t', "\u{1f600}"][
        Math.floor(r() * 4)
      ],
    );
  }
  if (u < 0.35) return Uint8Array.of(0xef, 0xbb, 0xbf, 0x41); // a BOM: TextDecoder drops it
  const n = r() < 0.05 ? 200 + Math.floor(r() * 300) : Math.floor(r() * 40);
  const pool = [0, 1, 9, 10, 13, 34, 92, 0x2f, 0x41, 0x61, 0x7f, 0x80, 0xc3, 0xa9, 0xff];
  return Uint8Array.from(
    { length: n },
    () => r() < 0.6 ? pool[Math.floor(r() * pool.length)] : Math.floor(r() * 128),
  );
}

/** Syscall numbers: the common calls, every number of the table, holes and unknowns. */
function numbers(arch: Arch): { common: number[]; all: number[] } {
  const common = COMMON.map((n) => syscallNumber(arch, n)).filter((n) => n !== undefined);
  const all: number[] = [];
  syscallTable(arch).forEach((info, nr) => info && all.push(nr));
  all.push(1000, 3000, 4095, 4096, 70000, -1);
  return { common, all };
}

const COMMS = ["nginx", "cat", "a-very-long-nam", 'we"ird\\', "tab\there"].map((s) =>
  enc.encode(s)
);
COMMS.push(Uint8Array.of(0x66, 0xff, 0xc3, 0x28)); // not UTF-8

function randomRecords(arch: Arch, seed: number, count: number): Rec[] {
  const r = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const { common, all } = numbers(arch);
  const recs: Rec[] = [];
  // a boot seconds ago, or long ago; just below 2^32 and 2^64 for the halves' carries
  let ts = [5_000_000_000n, 10_000_000_000_000_000n, 0xfffff000n, 0xffffffff_00000000n][seed % 4] +
    BigInt(Math.floor(r() * 1e6));
  for (let i = 0; i < count; i++) {
    const step = r();
    ts += step < 0.9
      ? BigInt(Math.floor(r() * 20000))
      : step < 0.97
      ? BigInt(Math.floor(r() * 3e9))
      : -BigInt(Math.floor(r() * 2e9));
    if (ts < 0n) ts = 1n;
    if (ts >= 1n << 64n) ts = (1n << 64n) - 1n;
    const tid = 100 + Math.floor(r() * 6);
    const u = r();
    const kind = u < 0.92 ? REC_SYSCALL : u < 0.95 ? REC_ENTER : u < 0.98 ? REC_EXIT : REC_DROP;
    const nr = r() < 0.7 ? pick(common) : pick(all);
    const args = Array.from({ length: 6 }, () => randomArg(r));
    const specs = argSpecs(arch, nr);
    const name = syscallName(arch, nr);
    if (r() < 0.5 && (name === "openat" || name === "open")) {
      // the flags that decide whether the mode is shown
      args[name === "open" ? 1 : 2] = BigInt(pick([0, 0o100, 0o2000000, 0o20200000, 0o20040000]));
    }
    const items: Item[] = [];
    const memArgs = specs?.flatMap((s, j) =>
      /^(path|str|rstr|wbuf|rbuf|wiov|riov)$/.test(s.kind) ? [j] : []
    ) ?? [];
    const saArgs = specs?.flatMap((s, j) => /sockaddr$/.test(s.kind) ? [j] : []) ?? [];
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
      const type = r() < 0.85 ? pick([1, 2]) : pick([0, 3, 4, 5, 6, 7]);
      items.push({ arg, type, flags: pick([0, 0, 0, 1, 2, 3]), data: randomData(r) });
    }
    const d = r();
    let enterTs = d < 0.85
      ? ts - BigInt(Math.floor(r() * 1e7))
      : d < 0.9
      ? ts + BigInt(Math.floor(r() * 1e4)) // an entry after the exit: a negative dur
      : d < 0.93
      ? ts - BigInt(Math.floor(r() * 5e12))
      : d < 0.96
      ? ts + (r() < 0.5 ? -1n : 1n) * ((1n << 53n) + BigInt(Math.floor(r() * 2 ** 33)) - 2n ** 32n)
      : 0n; // dur beyond 2^53 for the long-ago boots
    if (enterTs < 0n) enterTs = 0n;
    if (enterTs >= 1n << 64n) enterTs = (1n << 64n) - 1n;
    recs.push({
      kind,
      nr,
      ts,
      pid: tid - (tid % 2),
      tid,
      cpu: Math.floor(r() * 8),
      flags: r() < 0.08 ? RF_UNFINISHED : 0,
      comm: COMMS[tid % COMMS.length],
      args,
      ret: randomRet(r),
      enterTs,
      items,
    });
  }
  return recs;
}

const OFFSETS = [
  1_764_201_234_123_456_789n, // CLOCK_REALTIME - CLOCK_MONOTONIC on a recent boot
  0xffffffffn, // a carry from the low half on nearly every record
  0x1_ffffffffn,
  0xffffffff_ffffffffn, // sums beyond 2^64
  0n,
  -5n, // outside 0..2^64: the slow path
  1n << 64n,
];

for (const arch of ["x86_64", "aarch64"] as const) {
  Deno.test(`json ${arch}: line() equals jsonLine() of the decoded record`, () => {
    let syscalls = 0, slow = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const recs = randomRecords(arch, seed, 3000);
      const { buf, view, offs } = layOut(recs);
      for (const offset of OFFSETS) {
        const f = new JsonRawFormatter(arch);
        for (let i = 0; i < offs.length; i++) {
          // a later read() may come with another offset
          const o = i < offs.length / 2 ? offset : offset + 1_000_000_007n;
          const before = f.slowCount;
          const got = f.line(buf, view, offs[i], o);
          const want = jsonLine(decodeRecord(buf, view, offs[i], o)!, arch);
          assert.equal(got, want, `seed ${seed} offset ${o} record ${i} (nr ${recs[i].nr})`);
          if (recs[i].kind === REC_SYSCALL && o >= 0n && o < 1n << 64n) {
            syscalls++;
            if (f.slowCount !== before) slow++;
          }
        }
      }
    }
    // the comparison would also pass were everything to fall back: most must not
    assert.ok(slow < syscalls * 0.3, `${slow} of ${syscalls} completed syscalls fell back`);
  });

  Deno.test(`json ${arch}: the common calls take the fast path`, () => {
    const r = rng(11);
    for (
      const name of [
        "read",
        "write",
        "openat",
        "close",
        "mmap",
        "futex",
        "getppid",
        "lseek",
        "newfstatat",
        "rt_sigaction",
        "ioctl",
        "brk",
        "munmap",
      ]
    ) {
      const nr = syscallNumber(arch, name)!;
      const recs = Array.from({ length: 200 }, (_, i): Rec => ({
        kind: REC_SYSCALL,
        nr,
        ts: 0xfffff000n + BigInt(i) * 1000n,
        pid: 42,
        tid: 42,
        cpu: 0,
        flags: i % 10 === 0 ? RF_UNFINISHED : 0,
        comm: COMMS[i % COMMS.length],
        // register values the fast path keeps: below 2^53 in magnitude as signed numbers
        args: Array.from({ length: 6 }, () => {
          const v = randomArg(r);
          return BigInt.asIntN(64, v) < 1n << 53n && BigInt.asIntN(64, v) > -(1n << 53n) ? v : 1n;
        }),
        ret: randomRet(r),
        enterTs: 0xffffe000n,
        items: [{ arg: 1, type: 1 + (i % 2), flags: i % 4, data: randomData(r) }],
      }));
      const { buf, view, offs } = layOut(recs);
      const f = new JsonRawFormatter(arch);
      for (const off of offs) {
        assert.equal(
          f.line(buf, view, off, OFFSETS[0]),
          jsonLine(decodeRecord(buf, view, off, OFFSETS[0])!, arch),
        );
      }
      assert.equal(f.slowCount, 0, `${name} fell back`);
    }
  });
}

Deno.test("json: a record of the example in docs/json-schema.md", () => {
  const nr = syscallNumber("x86_64", "openat")!;
  const { buf, view, offs } = layOut([{
    kind: REC_SYSCALL,
    nr,
    ts: 1_000_012_000n,
    pid: 42,
    tid: 42,
    cpu: 0,
    flags: 0,
    comm: enc.encode("cat"),
    args: [0xffffff9cn, 94827364n, 0o2000000n, 0n, 0n, 0n],
    ret: 3n,
    enterTs: 1_000_000_000n,
    items: [{ arg: 1, type: 1, flags: 0, data: enc.encode("/etc/hosts") }],
  }]);
  const f = new JsonRawFormatter("x86_64");
  assert.equal(
    f.line(buf, view, offs[0], 1764201233123444789n),
    '{"ts":"1764201234123456789","cpu":0,"pid":42,"tid":42,"comm":"cat","dir":"syscall",' +
      '"nr":257,"syscall":"openat","args":{"dfd":"AT_FDCWD","filename":"/etc/hosts",' +
      '"flags":"O_RDONLY|O_CLOEXEC"},"raw":[4294967196,94827364,524288,0,0,0],"ret":3,' +
      '"enter_ts":"1764201234123444789","dur":12000}',
  );
  assert.equal(f.slowCount, 0);
});

Deno.test("json: times whose low halves sum to exactly 2^32, and other edges of the halves", () => {
  const nr = syscallNumber("x86_64", "getppid")!;
  const times = [
    0n,
    1n,
    999_999_999n,
    1_000_000_000n,
    1_500_000_000n,
    2_000_000_000n, // the first ns of the second after the one printed last
    0xffffffffn,
    0x1_00000001n,
    (1n << 53n) - 1n,
    (1n << 53n) + 1n,
    0x7fffffff_00000001n,
    0xffffffff_00000001n,
    0xffffffff_ffffffffn,
  ];
  const offsets = [0n, 1n, 0xffffffffn, 0x1_ffffffffn, 0xffffffff_ffffffffn, 1764201234123456789n];
  const recs: Rec[] = [];
  for (const ts of times) {
    for (const enterTs of times) {
      recs.push({
        kind: REC_SYSCALL,
        nr,
        ts,
        pid: 1,
        tid: 1,
        cpu: 0,
        flags: 0,
        comm: COMMS[0],
        args: [0n, 0n, 0n, 0n, 0n, 0n],
        ret: 1n,
        enterTs,
        items: [],
      });
    }
  }
  const { buf, view, offs } = layOut(recs);
  for (const offset of offsets) {
    const f = new JsonRawFormatter("x86_64");
    for (const off of offs) {
      assert.equal(
        f.line(buf, view, off, offset),
        jsonLine(decodeRecord(buf, view, off, offset)!, "x86_64"),
      );
    }
    assert.equal(f.slowCount, 0);
  }
});

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

Deno.test("json: byte strings of every ASCII character are what JSON.stringify makes of them", () => {
  const r = rng(77);
  const cases: Uint8Array[] = [Uint8Array.from({ length: 128 }, (_, i) => i)];
  for (let k = 0; k < 500; k++) {
    cases.push(Uint8Array.from({ length: Math.floor(r() * 60) }, () => Math.floor(r() * 128)));
  }
  for (const b of cases) {
    const want = JSON.stringify(new TextDecoder().decode(b));
    assert.equal(jsonValue({ t: "str", bytes: b }), want);
    assert.equal(
      jsonValue({ t: "str", bytes: b, truncated: true }),
      `{"text":${want},"truncated":true}`,
    );
  }
});
