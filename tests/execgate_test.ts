// The gate that starts a COMMAND's trace at its execve (src/execgate.ts), on the module's
// records as bytes and as objects: the same records pass on both paths.
import assert from "node:assert/strict";
import { decodeRecord, REC_DROP, REC_ENTER, REC_EXIT, REC_SYSCALL } from "../src/abi.ts";
import { ExecGate, gateRawBatches } from "../src/execgate.ts";
import type { RawBatch } from "../src/rawmerge.ts";
import type { TraceRecord } from "../src/record.ts";
import { syscallNumber } from "../src/syscalls.ts";
import { layOut, type Rec } from "./module_records.ts";

const arch = "x86_64";
const NR = (n: string) => syscallNumber(arch, n)!;
const CHILD = 500, OTHER = 600;
let ts = 1_000_000n;

function call(tid: number, name: string, ret = 0n, comm = "deno"): Rec {
  ts += 1000n;
  return {
    kind: REC_SYSCALL,
    nr: NR(name),
    ts,
    tid,
    cpu: 0,
    flags: 0,
    comm,
    args: [1n, 2n, 3n, 0n, 0n, 0n],
    ret,
    enterTs: ts - 10n,
  };
}
function enter(tid: number, name: string): Rec {
  ts += 1000n;
  return {
    kind: REC_ENTER,
    nr: NR(name),
    ts,
    tid,
    cpu: 0,
    comm: "deno",
    args: [7n, 0n, 0n, 0n, 0n, 0n],
  };
}
function exit(tid: number, name: string, ret: bigint): Rec {
  ts += 1000n;
  return { kind: REC_EXIT, nr: NR(name), ts, tid, cpu: 0, comm: "ls", ret };
}

/** The launcher's child: signal setup, a PATH search that fails, then COMMAND's execve. */
const RECS: Rec[] = [
  { kind: REC_EXIT, nr: NR("clone3"), ts: ts += 1000n, tid: CHILD, cpu: 0, comm: "deno", ret: 0n },
  call(CHILD, "rt_sigaction"),
  call(OTHER, "getppid", 1n, "other"),
  call(CHILD, "rt_sigaction"),
  enter(CHILD, "execve"),
  call(CHILD, "execve", -2n),
  enter(CHILD, "execve"),
  call(OTHER, "getppid", 1n, "other"),
  call(CHILD, "execve", 0n, "ls"),
  call(CHILD, "brk", 0x1000n, "ls"),
  call(CHILD, "execve", 0n, "ls"), // a later execve of COMMAND itself
];

/** What passes: [tid, kind, nr, ret] of each record. */
const key = (r: TraceRecord) =>
  r.kind === "drop" || r.kind === "signal" || r.kind === "procexit"
    ? [r.kind]
    : [r.tid, r.kind, r.nr, "ret" in r ? r.ret : undefined];

async function viaRaw(recs: Rec[], gate: ExecGate, split: number): Promise<TraceRecord[]> {
  // two batches, cut at `split`, each as the merge hands them out
  const batches: RawBatch[] = [recs.slice(0, split), recs.slice(split)].filter((b) => b.length)
    .map((b) => {
      const { buf, view, offs } = layOut(b);
      return { buf, view, offs: Int32Array.from(offs), n: offs.length };
    });
  async function* source() {
    for (const b of batches) yield b;
  }
  const out: TraceRecord[] = [];
  for await (const b of gateRawBatches(source(), gate)) {
    for (let i = 0; i < b.n; i++) out.push(decodeRecord(b.buf, b.view, b.offs[i], 0n)!);
  }
  return out;
}

function viaObjects(recs: Rec[], gate: ExecGate): TraceRecord[] {
  const { buf, view, offs } = layOut(recs);
  const out: TraceRecord[] = [];
  for (const off of offs) gate.push(decodeRecord(buf, view, off, 0n)!, (r) => out.push(r));
  return out;
}

Deno.test("execgate: nothing of the launcher's child before COMMAND's execve, on both paths", async () => {
  const want = [
    [OTHER, "syscall", NR("getppid"), 1n],
    [OTHER, "syscall", NR("getppid"), 1n],
    [CHILD, "enter", NR("execve"), undefined], // the successful execve's own entry, with its argv
    [CHILD, "syscall", NR("execve"), 0n],
    [CHILD, "syscall", NR("brk"), 0x1000n],
    [CHILD, "syscall", NR("execve"), 0n],
  ];
  const objGate = new ExecGate(arch, CHILD);
  assert.deepEqual(viaObjects(RECS, objGate).map(key), want);
  // clone3's return, two rt_sigaction, the failed execve and its entry
  assert.equal(objGate.skipped, 5);
  for (let split = 0; split <= RECS.length; split++) {
    const g = new ExecGate(arch, CHILD);
    const got = await viaRaw(RECS, g, split);
    assert.deepEqual(got.map(key), want, `split at ${split}`);
    assert.equal(g.skipped, 5);
    assert.ok(g.done);
  }
  // the child's pid unknown (a pid namespace): its first record names it
  assert.deepEqual(viaObjects(RECS, new ExecGate(arch, undefined)).map(key), want);
});

Deno.test("execgate: with execve left out by -e, the gate opens on it and hides it", async () => {
  const want = [
    [OTHER, "syscall", NR("getppid"), 1n],
    [OTHER, "syscall", NR("getppid"), 1n],
    [CHILD, "syscall", NR("brk"), 0x1000n],
  ];
  const g = new ExecGate(arch, CHILD, true);
  assert.deepEqual(viaObjects(RECS, g).map(key), want);
  // and the three execve records
  assert.equal(g.skipped, 8);
  const r = new ExecGate(arch, CHILD, true);
  assert.deepEqual(
    (await viaRaw(RECS, r, 3)).map(key),
    want,
  );
  assert.equal(r.skipped, 8);
  assert.ok(!r.done, "it still drops execve records");
});

Deno.test("execgate: records lost before the execve open the gate", async () => {
  const recs: Rec[] = [
    call(CHILD, "rt_sigaction"),
    { kind: REC_DROP, nr: 0, ts: ts += 1000n, tid: 0, cpu: 0, comm: "", lost: 5n },
    call(CHILD, "brk", 0x1000n, "ls"),
  ];
  const want = [["drop"], [CHILD, "syscall", NR("brk"), 0x1000n]];
  assert.deepEqual(viaObjects(recs, new ExecGate(arch, CHILD)).map(key), want);
  assert.deepEqual(
    (await viaRaw(recs, new ExecGate(arch, CHILD), 1)).map(key),
    want,
  );
});

Deno.test("execgate: an execve as entry and exit records (no pairing slot) opens it too", async () => {
  const recs: Rec[] = [
    call(CHILD, "rt_sigaction"),
    enter(CHILD, "execve"),
    exit(CHILD, "execve", 0n),
    call(CHILD, "brk", 0x1000n, "ls"),
  ];
  const want = [
    [CHILD, "enter", NR("execve"), undefined],
    [CHILD, "exit", NR("execve"), 0n],
    [CHILD, "syscall", NR("brk"), 0x1000n],
  ];
  assert.deepEqual(viaObjects(recs, new ExecGate(arch, CHILD)).map(key), want);
  assert.deepEqual((await viaRaw(recs, new ExecGate(arch, CHILD), 2)).map(key), want);
});
