/**
 * select and pselect6 as strace 6.1 shows them: the fd sets as passed (from the ENTER record the
 * module writes at the call's entry), then the sets the kernel returned and the time left (items
 * of the exit record flagged MSD_IF_EXIT). Records are built as the module lays them out, read
 * back with decodeRecord() and joined by the pairer, as the CLI does. Expected lines are
 * strace's (tests/progs/families.c on x86_64, strace's own tests/xselect.c, tests/pselect6.c).
 */
import assert from "node:assert/strict";
import * as abi from "../src/abi.ts";
import { decodeRecord } from "../src/abi.ts";
import { Pairer } from "../src/pair.ts";
import { formatCall, TextFormatter } from "../src/format_text.ts";
import { jsonLine } from "../src/format_json.ts";
import { syscallNumber } from "../src/syscalls.ts";
import type { Arch, SyscallRecord, TraceRecord } from "../src/record.ts";
import { type Item, layOut, type Rec } from "./module_records.ts";

const P = 0x7ffd0000n, Q = 0x7ffd0100n, R = 0x7ffd0200n, T = 0x7ffd0300n, S = 0x7ffd0400n;

/** An fd set of `bytes` bytes with `fds` set. */
function set(fds: number[], bytes = 8): Uint8Array {
  const b = new Uint8Array(bytes);
  for (const fd of fds) b[fd >> 3] |= 1 << (fd & 7);
  return b;
}

function time(sec: bigint, frac: bigint): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setBigInt64(0, sec, true);
  v.setBigUint64(8, BigInt.asUintN(64, frac), true);
  return b;
}

const FDSET = 10, STRUCT = 7;
const fdset = (arg: number, data: Uint8Array, flags = 0): Item => ({
  arg,
  type: FDSET,
  flags,
  data,
});
const struct = (arg: number, data: Uint8Array, flags = 0): Item => ({
  arg,
  type: STRUCT,
  flags,
  data,
});
const EXIT = abi.IF_EXIT;

/**
 * The line of a call whose ENTER record holds `enter` and whose SYSCALL record (at exit) holds
 * `exit`, through the byte layout, decodeRecord() and the pairer.
 */
function call(
  arch: Arch,
  name: string,
  args: bigint[],
  ret: bigint,
  enter: Item[],
  exit: Item[],
): SyscallRecord {
  const nr = syscallNumber(arch, name)!;
  const recs: Rec[] = [
    { kind: abi.REC_ENTER, nr, ts: 1000n, tid: 7, cpu: 0, comm: "t", args, items: enter },
    {
      kind: abi.REC_SYSCALL,
      nr,
      ts: 2000n,
      tid: 7,
      cpu: 0,
      comm: "t",
      args,
      ret,
      enterTs: 1000n,
      items: exit,
    },
  ];
  const { buf, view, offs } = layOut(recs);
  const p = new Pairer(arch);
  const out: TraceRecord[] = [];
  for (const o of offs) out.push(...p.push(decodeRecord(buf, view, o, 0n)!));
  assert.equal(out.length, 1);
  return out[0] as SyscallRecord;
}

const text = (arch: Arch, r: SyscallRecord) => formatCall(arch, r).replace(/ <[0-9.]+>$/, "");

Deno.test("select: the sets as passed, Timeout; the sets returned and the time left", () => {
  // tests/progs/families.c: the pipe is empty, then has a byte
  assert.equal(
    text(
      "x86_64",
      call("x86_64", "select", [4n, P, 0n, 0n, T], 0n, [
        fdset(1, set([3])),
        struct(4, time(0n, 10000n)),
      ], []),
    ),
    "select(4, [3], NULL, NULL, {tv_sec=0, tv_usec=10000}) = 0 (Timeout)",
  );
  assert.equal(
    text(
      "x86_64",
      call("x86_64", "select", [4n, P, 0n, 0n, T], 1n, [
        fdset(1, set([3])),
        struct(4, time(0n, 10000n)),
      ], [fdset(1, set([3]), EXIT), struct(4, time(0n, 9998n), EXIT)]),
    ),
    "select(4, [3], NULL, NULL, {tv_sec=0, tv_usec=10000}) = 1 (in [3], left {tv_sec=0, tv_usec=9998})",
  );
  // xselect.c: a write set, an empty except set; out [1 2 4] returned
  assert.equal(
    text(
      "x86_64",
      call("x86_64", "select", [5n, P, Q, R, T], 3n, [
        fdset(1, set([3, 4])),
        fdset(2, set([1, 2, 3, 4])),
        fdset(3, set([])),
        struct(4, time(0xc0de1n, 0xc0de2n)),
      ], [
        fdset(1, set([]), EXIT),
        fdset(2, set([1, 2, 4]), EXIT),
        fdset(3, set([]), EXIT),
        struct(4, time(0xc0de1n, 0xc0de0n), EXIT),
      ]),
    ),
    "select(5, [3 4], [1 2 3 4], [], {tv_sec=789985, tv_usec=789986}) = 3 (out [1 2 4], left {tv_sec=789985, tv_usec=789984})",
  );
  // the same buffer for all three sets: the except set the kernel wrote last is empty
  assert.equal(
    text(
      "x86_64",
      call("x86_64", "select", [5n, P, P, P, 0n], 1n, [
        fdset(1, set([3, 4])),
        fdset(2, set([3, 4])),
        fdset(3, set([3, 4])),
      ], [fdset(1, set([]), EXIT), fdset(2, set([]), EXIT), fdset(3, set([]), EXIT)]),
    ),
    "select(5, [3 4], [3 4], [3 4], NULL) = 1 ()",
  );
  // the result counts an fd in two sets twice
  assert.equal(
    text(
      "x86_64",
      call("x86_64", "select", [5n, P, Q, 0n, 0n], 2n, [
        fdset(1, set([3])),
        fdset(2, set([3])),
      ], [fdset(1, set([3]), EXIT), fdset(2, set([3]), EXIT)]),
    ),
    "select(5, [3], [3], NULL, NULL) = 2 (in [3], out [3])",
  );
});

Deno.test("select: no sets read for nfds <= 0, faults and odd timeouts as strace shows them", () => {
  // nfds 0: a nanosleep (strace reads no set)
  assert.equal(
    text(
      "x86_64",
      call("x86_64", "select", [0n, 0n, 0n, 0n, T], 0n, [struct(4, time(0n, 123n))], []),
    ),
    "select(0, NULL, NULL, NULL, {tv_sec=0, tv_usec=123}) = 0 (Timeout)",
  );
  // negative nfds: the sets are addresses
  assert.equal(
    text("x86_64", call("x86_64", "select", [0xffffffffn, 0n, P, 0n, 0n], -22n, [], [])),
    "select(-1, NULL, 0x7ffd0000, NULL, NULL) = -1 EINVAL (Invalid argument)",
  );
  // an unreadable timeout, an unreadable set
  assert.equal(
    text(
      "x86_64",
      call("x86_64", "select", [0n, 0n, 0n, 0n, T + 1n], -14n, [
        struct(4, new Uint8Array(), abi.IF_FAULT),
      ], []),
    ),
    "select(0, NULL, NULL, NULL, 0x7ffd0301) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    text(
      "x86_64",
      call("x86_64", "select", [1025n, P, Q, 0n, T], -14n, [
        fdset(1, new Uint8Array(8), abi.IF_FAULT),
        fdset(2, set([3], 128), abi.IF_TRUNC),
        struct(4, time(0n, 123n)),
      ], []),
    ),
    "select(1025, 0x7ffd0000, [3], NULL, {tv_sec=0, tv_usec=123}) = -1 EFAULT (Bad address)",
  );
  // fds beyond nfds are not shown; tv_usec unsigned
  assert.equal(
    text(
      "x86_64",
      call("x86_64", "select", [4n, P, 0n, 0n, T], -22n, [
        fdset(1, set([3, 5])),
        struct(4, time(0xcafef00ddeadbeefn, 0xbadc0dedfacefeedn)),
      ], []),
    ),
    "select(4, [3], NULL, NULL, {tv_sec=-3819351491602432273, tv_usec=13464652301697220333}) = -1 EINVAL (Invalid argument)",
  );
});

Deno.test("pselect6: timespec, the sigset argument, left", () => {
  const sig = (ptr: bigint, len: bigint, mask?: number) => {
    const b = new Uint8Array(mask === undefined ? 16 : 24);
    const v = new DataView(b.buffer);
    v.setBigUint64(0, ptr, true);
    v.setBigUint64(8, len, true);
    if (mask !== undefined) v.setUint32(16, mask, true);
    return b;
  };
  for (const arch of ["x86_64", "aarch64"] as const) {
    assert.equal(
      text(
        arch,
        call(arch, "pselect6", [4n, P, 0n, 0n, T, 0n], 1n, [
          fdset(1, set([3])),
          struct(4, time(0n, 10000000n)),
        ], [fdset(1, set([3]), EXIT), struct(4, time(0n, 9998000n), EXIT)]),
      ),
      "pselect6(4, [3], NULL, NULL, {tv_sec=0, tv_nsec=10000000}, NULL) = 1 (in [3], left {tv_sec=0, tv_nsec=9998000})",
    );
    assert.equal(
      text(
        arch,
        call(arch, "pselect6", [4n, P, 0n, 0n, T, S], 0n, [
          fdset(1, set([3])),
          struct(4, time(0n, 10000000n)),
          struct(5, sig(R, 8n, 0b11)),
        ], []),
      ),
      "pselect6(4, [3], NULL, NULL, {tv_sec=0, tv_nsec=10000000}, {sigmask=[HUP INT], sigsetsize=8}) = 0 (Timeout)",
    );
  }
  // a NULL mask, a size strace does not read, an unreadable mask, an unreadable pair
  const one = (item: Item | undefined, a5 = S) =>
    text(
      "x86_64",
      call("x86_64", "pselect6", [0n, 0n, 0n, 0n, 0n, a5], 0n, item ? [item] : [], []),
    ).replace(/^pselect6\(0, NULL, NULL, NULL, NULL, (.*)\) = 0 \(Timeout\)$/, "$1");
  assert.equal(one(struct(5, sig(0n, 8n))), "{sigmask=NULL, sigsetsize=8}");
  assert.equal(one(struct(5, sig(R, 4n))), "{sigmask=0x7ffd0200, sigsetsize=4}");
  assert.equal(one(struct(5, sig(R, 8n), abi.IF_FAULT)), "{sigmask=0x7ffd0200, sigsetsize=8}");
  assert.equal(one(struct(5, new Uint8Array(), abi.IF_FAULT)), "0x7ffd0400");
  assert.equal(one(undefined), "0x7ffd0400");
});

Deno.test("select: a call whose entry was not seen shows its sets as addresses", () => {
  const nr = syscallNumber("x86_64", "select")!;
  const { buf, view, offs } = layOut([{
    kind: abi.REC_SYSCALL,
    nr,
    ts: 2000n,
    tid: 7,
    cpu: 0,
    comm: "t",
    args: [4n, P, 0n, 0n, T, 0n],
    ret: 1n,
    enterTs: 1000n,
    items: [fdset(1, set([3]), EXIT), struct(4, time(0n, 9998n), EXIT)],
  }]);
  const f = new TextFormatter("x86_64");
  assert.match(
    f.formatModule(buf, view, offs[0], 0n),
    /select\(4, 0x7ffd0000, NULL, NULL, 0x7ffd0300\) = 1 \(in \[3\], left \{tv_sec=0, tv_usec=9998\}\) </,
  );
});

Deno.test("select: JSON has the sets as arrays of fds, those returned and the time left", () => {
  const r = call("x86_64", "select", [5n, P, Q, 0n, T], 2n, [
    fdset(1, set([3, 4])),
    fdset(2, set([4])),
    struct(4, time(1n, 0n)),
  ], [
    fdset(1, set([3]), EXIT),
    fdset(2, set([4]), EXIT),
    struct(4, time(0n, 999000n), EXIT),
  ]);
  const j = JSON.parse(jsonLine(r, "x86_64"));
  assert.deepEqual(j.args, {
    n: 5,
    inp: [3, 4],
    outp: [4],
    exp: null,
    tvp: { tv_sec: 1, tv_usec: 0 },
  });
  assert.deepEqual(j.returned, { inp: [3], outp: [4], tvp: { tv_sec: 0, tv_usec: 999000 } });
  assert.equal(j.ret, 2);
  // --events both: the exit record's outputs are the sets returned
  const nr = syscallNumber("x86_64", "select")!;
  const x = JSON.parse(jsonLine({
    kind: "exit",
    nr,
    ts: 1n,
    cpu: 0,
    pid: 1,
    tid: 1,
    comm: "t",
    ret: 1n,
    items: [{ arg: 1, type: "fdset", data: set([3]), exit: true }],
  }, "x86_64"));
  assert.deepEqual(x.args, { inp: [3] });
  // a timeout: no "returned"
  const t = JSON.parse(
    jsonLine(
      call("x86_64", "select", [4n, P, 0n, 0n, 0n], 0n, [fdset(1, set([3]))], []),
      "x86_64",
    ),
  );
  assert.equal(t.returned, undefined);
  assert.deepEqual(t.args.inp, [3]);
});

Deno.test("pairer: a thread blocked in select keeps the other threads' records on the byte path", () => {
  const p = new Pairer("x86_64");
  const nr = syscallNumber("x86_64", "select")!;
  p.push({
    kind: "enter",
    nr,
    ts: 1n,
    cpu: 0,
    pid: 7,
    tid: 7,
    comm: "t",
    args: [4n, P, 0n, 0n, 0n, 0n],
  });
  assert.equal(p.idle(), false);
  assert.equal(p.passes(8, syscallNumber("x86_64", "getppid")!), true);
  assert.equal(p.passes(7, nr), false);
  // an execve may end another thread's entry (the leader takes over the tid)
  assert.equal(p.passes(8, syscallNumber("x86_64", "execve")!), false);
});

Deno.test("32-bit tasks: _newselect's sets (4-byte words), its timeval an address", () => {
  const nr = 142; // i386's _newselect
  const common = { nr, tid: 7, cpu: 0, comm: "t", flags: abi.RF_COMPAT };
  const args = [4n, 0x8000n, 0n, 0n, 0x9000n, 0n];
  const { buf, view, offs } = layOut([
    { ...common, kind: abi.REC_ENTER, ts: 1000n, args, items: [fdset(1, set([3], 4))] },
    {
      ...common,
      kind: abi.REC_SYSCALL,
      ts: 2000n,
      args,
      ret: 1n,
      enterTs: 1000n,
      items: [fdset(1, set([3], 4), EXIT)],
    },
  ]);
  const p = new Pairer("x86_64");
  const out: TraceRecord[] = [];
  for (const o of offs) out.push(...p.push(decodeRecord(buf, view, o, 0n)!));
  assert.equal(
    text("x86_64", out[0] as SyscallRecord),
    "_newselect(4, [3], NULL, NULL, 0x9000) = 1 (in [3])",
  );
});
