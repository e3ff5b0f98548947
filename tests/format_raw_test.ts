// The text formatter's byte path: TextFormatter.formatModule() of a module record against
// format() of the same record decoded, line for line.
import assert from "node:assert/strict";
import { decodeRecord, REC_SYSCALL } from "../src/abi.ts";
import { TextFormatter } from "../src/format_text.ts";
import { prng } from "../src/scap/synth.ts";
import { syscallNumber } from "../src/syscalls.ts";
import type { Arch, TraceRecord } from "../src/record.ts";
import {
  encodeRec,
  type Item,
  layOut,
  randomArg,
  randomData,
  randomRecords,
  randomRet,
  type Rec,
  U64,
} from "./module_records.ts";

const enc = new TextEncoder();

/** Random records from one of two boots: seconds ago, or months ago (durations from enter_ts 0
 * beyond 2^52 ns). */
const records = (arch: Arch, seed: number, count: number) =>
  randomRecords(arch, seed, count, {
    start: seed % 2 ? 5_000_000_000n : 10_000_000_000_000_000n,
    comms: ["nginx", "cat", "a-very-long-nam", 'we"ird\\'],
  });

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
      const recs = records(arch, seed, 6000);
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

  Deno.test(`text ${arch}: -t, -tt, -ttt, -r, -x and -xx alike on both paths`, () => {
    const recs = records(arch, 21, 3000);
    const { buf, view, offs } = layOut(recs);
    const styles = [undefined, "t", "tt", "ttt", "relative"] as const;
    for (const timestamps of styles) {
      for (const hexStrings of [undefined, 1, 2] as const) {
        const opts = { timestamps, hexStrings };
        const fast = new TextFormatter(arch, opts), slow = new TextFormatter(arch, opts);
        for (let i = 0; i < offs.length; i++) {
          const got = fast.formatModule(buf, view, offs[i], OFFSETS[0]);
          assert.equal(
            got,
            slow.format(decodeRecord(buf, view, offs[i], OFFSETS[0])!),
            `${JSON.stringify(opts)} record ${i}`,
          );
        }
      }
    }
  });

  Deno.test(`text ${arch}: fcntl's flag results alike on both paths, on the fast path`, () => {
    const fcntl = syscallNumber(arch, "fcntl")!;
    const recs: Rec[] = [];
    for (const cmd of [0n, 1n, 2n, 3n, 4n, 1030n]) {
      for (const ret of [0n, 1n, 2n, 0x8002n, 0x88802n, 0x7fffffffn, -9n, -22n]) {
        recs.push({
          kind: REC_SYSCALL,
          nr: fcntl,
          ts: 10_000_000_000n,
          tid: 42,
          cpu: 0,
          flags: 0,
          comm: "t",
          args: [3n, cmd, 0x80000n, 0n, 0n, 0n],
          ret: U64(ret),
          enterTs: 10_000_000_000n,
        });
      }
    }
    const { buf, view, offs } = layOut(recs);
    const fast = new CountingFormatter(arch), slow = new TextFormatter(arch);
    for (const off of offs) {
      assert.equal(
        fast.formatModule(buf, view, off, OFFSETS[0]),
        slow.format(decodeRecord(buf, view, off, OFFSETS[0])!),
      );
    }
    assert.equal(fast.slow, 0, "fcntl fell back");
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
    const r = prng(7);
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
        args: Array.from({ length: 6 }, (_, k) =>
          // futex: its common operations (the others take the slow path, futexRest())
          name === "futex" && k === 1
            ? BigInt([0, 1, 0x80, 0x81, 2, 7, 8, 0x100][i % 8])
            : randomArg(r)),
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
    const recs = records(arch, 11, 4000);
    const { buf, view, offs } = layOut(recs);
    const r = prng(12);
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
    /^2 .* openat\(AT_FDCWD, 0x7ffd0000, O_RDONLY\|O_CLOEXEC\) = -1 ENOENT \(No such file or directory\) <0\.000012>$/,
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

Deno.test("text: key serials and whole-register flags on the fast path, as format() shows them", () => {
  const rec = (name: string, args: bigint[]): Rec => ({
    kind: REC_SYSCALL,
    nr: syscallNumber("x86_64", name)!,
    ts: 2_000_012_345n,
    tid: 7,
    cpu: 0,
    flags: 0,
    comm: "t",
    args: [...args, 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6),
    ret: -14n,
    enterTs: 2_000_000_000n,
    items: [],
  });
  const recs = [
    rec("add_key", [0n, 0n, 0n, 0n, 0xffffffffn]),
    rec("add_key", [0n, 0n, 0n, 0n, 0xfffffffffffffff8n]),
    rec("add_key", [0n, 0n, 0n, 0n, 0xb669fd2en]),
    rec("request_key", [0n, 0n, 0n, 1234567890n]),
    rec("get_mempolicy", [0n, 0n, 0n, 0n, 0xffffffffn]),
    rec("get_mempolicy", [0n, 0n, 0n, 0n, 0x100000002n]),
    rec("bpf", [5n, 0n, 0n]),
    rec("setns", [3n, 0x81fdff7fn]),
    rec("unshare", [0xbadc0ded0000000fn]),
    rec("landlock_add_rule", [0n, 0n, 0n, 0n]),
    rec("kcmp", [1n, 2n, 0x7fn, 0n, 0n]),
  ];
  const { buf, view, offs } = layOut(recs);
  const fast = new CountingFormatter("x86_64"), slow = new TextFormatter("x86_64");
  // kcmp's arguments depend on its type, landlock_add_rule's on its rule type (a select):
  // format()'s path; the others, add_key's and request_key's strings cut at -s (printstr())
  // among them, the bytes'
  const got = offs.map((o) =>
    fast.formatModule(buf, view, o, 0n).replace(/^.*? \(7\) | <.*$/g, "")
  );
  assert.equal(fast.slow, 2);
  assert.deepEqual(
    got,
    offs.map((o) => slow.format(decodeRecord(buf, view, o, 0n)!).replace(/^.*? \(7\) | <.*$/g, "")),
  );
  const e = " = -1 EFAULT (Bad address)";
  assert.deepEqual(got, [
    "add_key(NULL, NULL, NULL, 0, KEY_SPEC_THREAD_KEYRING)" + e,
    "add_key(NULL, NULL, NULL, 0, KEY_SPEC_REQUESTOR_KEYRING)" + e,
    "add_key(NULL, NULL, NULL, 0, -1234567890)" + e,
    "request_key(NULL, NULL, NULL, 1234567890)" + e,
    "get_mempolicy(NULL, NULL, 0, NULL, MPOL_F_NODE|MPOL_F_ADDR|MPOL_F_MEMS_ALLOWED|0xfffffff8)" +
    e,
    "get_mempolicy(NULL, NULL, 0, NULL, MPOL_F_ADDR|0x100000000)" + e,
    "bpf(BPF_PROG_LOAD, NULL, 0)" + e,
    "setns(3, 0x81fdff7f /* CLONE_NEW??? */)" + e,
    "unshare(0xbadc0ded0000000f /* CLONE_??? */)" + e,
    "landlock_add_rule(0, 0 /* LANDLOCK_RULE_??? */, NULL, 0)" + e,
    "kcmp(1, 2, 0x7f /* KCMP_??? */, 0, 0)" + e,
  ]);
});

Deno.test("openat2's open_how and the clone3, getdents64 and waitid structures: both paths alike", () => {
  const how = new Uint8Array(24);
  new DataView(how.buffer).setBigUint64(0, 0o101n, true);
  new DataView(how.buffer).setBigUint64(8, 0o600n, true);
  const si = new Uint8Array(128);
  si.set([17, 0, 0, 0, 0, 0, 0, 0, 1]);
  const base = { kind: REC_SYSCALL, ts: 2_000_012_345n, tid: 7, cpu: 1, flags: 0, comm: "t" };
  const recs: Rec[] = [
    {
      ...base,
      nr: syscallNumber("x86_64", "openat2")!,
      args: [U64(-100n), 0x7ffd0000n, 0x7ffd0100n, 24n, 0n, 0n],
      ret: 3n,
      enterTs: 2_000_000_000n,
      items: [
        { arg: 1, type: 1, flags: 0, data: enc.encode("/tmp/x") },
        { arg: 2, type: 7, flags: 0, data: how },
      ],
    },
    {
      ...base,
      nr: syscallNumber("x86_64", "waitid")!,
      args: [1n, 42n, 0x7ffd0200n, 4n, 0n, 0n],
      ret: 0n,
      enterTs: 2_000_000_000n,
      items: [{ arg: 2, type: 7, flags: 0, data: si }],
    },
    {
      ...base,
      nr: syscallNumber("x86_64", "getdents64")!,
      args: [3n, 0x7ffd0300n, 32768n, 0n, 0n, 0n],
      ret: 48n,
      enterTs: 2_000_000_000n,
      items: [{ arg: 1, type: 7, flags: 0, data: Uint8Array.of(2, 0, 0, 0) }],
    },
  ];
  const { buf, view, offs } = layOut(recs);
  const fast = new TextFormatter("x86_64"), slow = new TextFormatter("x86_64");
  const lines = offs.map((o) => {
    const got = fast.formatModule(buf, view, o, 0n);
    assert.equal(got, slow.format(decodeRecord(buf, view, o, 0n)!));
    return got.replace(/^.*\(7\) /, "").replace(/ <.*$/, "");
  });
  assert.deepEqual(lines, [
    'openat2(AT_FDCWD, "/tmp/x", {flags=O_WRONLY|O_CREAT, mode=0600, resolve=0}, 24) = 3',
    "waitid(P_PID, 42, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=0, si_uid=0, si_status=0, si_utime=0, si_stime=0}, WEXITED, NULL) = 0",
    "getdents64(3, 0x7ffd0300 /* 2 entries */, 32768) = 48",
  ]);
});
