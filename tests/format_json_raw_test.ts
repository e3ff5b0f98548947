// The JSON formatter's byte path: JsonRawFormatter.line() of a module record against
// jsonLine(decodeRecord()) of the same bytes, line for line.
import assert from "node:assert/strict";
import { decodeRecord, REC_SYSCALL, RF_UNFINISHED } from "../src/abi.ts";
import { jsonLine, JsonRawFormatter, jsonValue } from "../src/format_json.ts";
import { prng } from "../src/scap/synth.ts";
import { syscallNumber } from "../src/syscalls.ts";
import type { Arch } from "../src/record.ts";
import {
  layOut,
  randomArg,
  randomData,
  randomRecords,
  randomRet,
  type Rec,
} from "./module_records.ts";

const enc = new TextEncoder();

/** The records start inside a larger buffer: offsets are from the view's start, not 0. */
const AT = 16;

const COMMS = ["nginx", "cat", "a-very-long-nam", 'we"ird\\', "tab\there"].map((s) =>
  enc.encode(s)
);
COMMS.push(Uint8Array.of(0x66, 0xff, 0xc3, 0x28)); // not UTF-8

/** Random records from a boot seconds ago, or long ago; or just below 2^32 or 2^64 for the
 * carries between the times' halves. */
const records = (arch: Arch, seed: number, count: number) =>
  randomRecords(arch, seed, count, {
    start: [5_000_000_000n, 10_000_000_000_000_000n, 0xfffff000n, 0xffffffff_00000000n][seed % 4],
    comms: COMMS,
  });

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
      const recs = records(arch, seed, 3000);
      const { buf, view, offs } = layOut(recs, AT);
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
    const r = prng(11);
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
      const { buf, view, offs } = layOut(recs, AT);
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
  }], AT);
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
  const { buf, view, offs } = layOut(recs, AT);
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

Deno.test("json: byte strings of every ASCII character are what JSON.stringify makes of them", () => {
  const r = prng(77);
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

Deno.test("json: the multiplexed calls' requests by name on the fast path", () => {
  const rec = (name: string, args: bigint[]): Rec => ({
    kind: REC_SYSCALL,
    nr: syscallNumber("x86_64", name)!,
    ts: 2_000_012_345n,
    tid: 7,
    cpu: 0,
    flags: 0,
    comm: "t",
    args: [...args, 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6),
    ret: 0n,
    enterTs: 2_000_000_000n,
    items: [],
  });
  const recs = [
    rec("ptrace", [0x4206n, 12n, 0n, 1n]),
    rec("quotactl", [0x80000701n, 0n, 5n, 0n]),
    rec("mbind", [0n, 0n, 0x8002n, 0n, 0n, 1n]),
    rec("add_key", [0n, 0n, 0n, 0n, 0xfffffffdn]),
    rec("keyctl", [3n, 0xfffffffan]),
  ];
  const { buf, view, offs } = layOut(recs);
  const f = new JsonRawFormatter("x86_64");
  const lines = offs.map((o) => f.line(buf, view, o, 0n));
  assert.equal(f.slowCount, 0);
  assert.deepEqual(
    lines,
    offs.map((o) => jsonLine(decodeRecord(buf, view, o, 0n)!, "x86_64")),
  );
  const args = lines.map((l) => JSON.parse(l).args);
  assert.deepEqual(args[0], { request: "PTRACE_SEIZE", pid: 12, addr: null, data: 1 });
  assert.equal(args[1].cmd, "QCMD(Q_GETQUOTA, GRPQUOTA)");
  assert.equal(args[2].mode, "MPOL_BIND|MPOL_F_STATIC_NODES");
  assert.equal(args[2].flags, "MPOL_MF_STRICT");
  assert.equal(args[3].destringid, "KEY_SPEC_SESSION_KEYRING");
  assert.equal(args[4].cmd, "KEYCTL_REVOKE");
  // PTRACE_GET_SYSCALL_INFO's structure, which its request selects: the slow path's line
  const info = new Uint8Array(24);
  new DataView(info.buffer).setUint32(4, 0xc000003e, true);
  const sel = layOut([{
    ...rec("ptrace", [0x420en, 12n, 88n, 0x7ffc0000n]),
    ret: 24n,
    items: [{ arg: 3, type: 7, flags: 0, data: info }],
  }]);
  const g = new JsonRawFormatter("x86_64");
  const l = g.line(sel.buf, sel.view, sel.offs[0], 0n);
  assert.equal(g.slowCount, 1);
  assert.equal(l, jsonLine(decodeRecord(sel.buf, sel.view, sel.offs[0], 0n)!, "x86_64"));
  assert.deepEqual(JSON.parse(l).args.data, {
    op: "PTRACE_SYSCALL_INFO_NONE",
    arch: "AUDIT_ARCH_X86_64",
    instruction_pointer: null,
    stack_pointer: null,
  });
});
