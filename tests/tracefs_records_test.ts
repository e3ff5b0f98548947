// TracefsRecords (the tracefs backend's events as the module's records) against the object
// pairer (src/pair.ts) over random streams of entries and exits: the same calls, paired the same
// way, with the same arguments, results, times, threads and comms.
import assert from "node:assert/strict";
import { decodeRecord } from "../src/abi.ts";
import { Pairer } from "../src/pair.ts";
import type { Arch, EnterRecord, ExitRecord, TraceRecord } from "../src/record.ts";
import { syscallName, syscallNumber } from "../src/syscalls.ts";
import { prng } from "../src/scap/synth.ts";
import { commWords, RECORDS_BYTES, TracefsRecords, TS_BIAS } from "../src/tracefs_records.ts";

const OFFSET = 1_700_000_000_000_000_000n;

type Ev =
  | {
    kind: "enter";
    key: number;
    cpu: number;
    tid: number;
    tgid: number;
    comm: string;
    nr: number;
    args: number[];
  }
  | {
    kind: "exit";
    key: number;
    cpu: number;
    tid: number;
    tgid: number;
    comm: string;
    nr: number;
    ret: bigint;
  }
  | { kind: "drop"; key: number; cpu: number; lost: bigint };

/** Random events: threads making calls, some blocked, some never returning, execve by a thread. */
function stream(arch: Arch, seed: number, n: number): Ev[] {
  const r = prng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const nrs = [
    "read",
    "write",
    "openat",
    "close",
    "getppid",
    "futex",
    "exit_group",
    "exit",
    "execve",
  ]
    .map((s) => syscallNumber(arch, s)!);
  const execve = syscallNumber(arch, "execve")!;
  // threads: tid -> tgid; 100 and 200 are leaders with threads
  const threads: Array<[number, number]> = [[100, 100], [101, 100], [102, 100], [200, 200], [
    201,
    200,
  ], [300, 300]];
  const comms = ["nginx", "sh", "a-fifteen-char", "ümlaut"];
  const open = new Map<number, number>(); // tid -> nr in progress
  const out: Ev[] = [];
  let key = Math.floor(r() * 1e6) - 500_000; // some events before the base
  for (let i = 0; i < n; i++) {
    key += Math.floor(r() * 3000);
    const [tid, tgid] = pick(threads);
    const cpu = Math.floor(r() * 4);
    const comm = pick(comms);
    const x = r();
    if (x < 0.02) {
      out.push({ kind: "drop", key, cpu, lost: BigInt(Math.floor(r() * 2 ** 40)) });
      continue;
    }
    const cur = open.get(tid);
    if (cur !== undefined && x < 0.8) {
      // mostly the exit of the call in progress; sometimes of another (a mismatch)
      const nr = r() < 0.9 ? cur : pick(nrs.slice(0, -1));
      // execve of a thread returns under the leader's tid (the leader is in no call by then: the
      // kernel ends every other thread of the process first)
      const etid = nr === execve && cur === execve && !open.has(tgid) && r() < 0.5 ? tgid : tid;
      const ret = r() < 0.3
        ? -BigInt(1 + Math.floor(r() * 4095))
        : BigInt(Math.floor(r() * 2 ** 50));
      out.push({ kind: "exit", key, cpu, tid: etid, tgid, comm, nr, ret });
      // an exit of another call leaves the entry waiting, as the pairers do
      if (nr === cur) open.delete(tid);
    } else if (x < 0.85) {
      // an exit whose entry came before the trace (not an execve's: one of those under the
      // leader's tid completes another thread's entry)
      out.push({ kind: "exit", key, cpu, tid, tgid, comm, nr: pick(nrs.slice(0, -1)), ret: 0n });
    } else {
      let nr = pick(nrs);
      // one execve at a time per process (which of two would return is not the pairer's to say)
      if (
        nr === execve && threads.some(([o, g]) => g === tgid && o !== tid && open.get(o) === execve)
      ) {
        nr = nrs[0];
      }
      const args = Array.from({ length: 12 }, () => Math.floor(r() * 4294967296));
      out.push({ kind: "enter", key, cpu, tid, tgid, comm, nr, args });
      open.set(tid, nr);
    }
  }
  return out;
}

/**
 * The events as TracefsRecords writes them, decoded and through the object pairer as the CLI
 * takes them (an execve's ENTER record and its completed call become one call there); `raw` gets
 * the records as written.
 */
function viaBytes(arch: Arch, evs: Ev[], both: boolean, raw: TraceRecord[] = []): TraceRecord[] {
  const w = new TracefsRecords(arch, both);
  const offset = OFFSET - BigInt(TS_BIAS);
  const drain = () => {
    const b = w.take();
    if (!b) return;
    for (let i = 0; i < b.n; i++) raw.push(decodeRecord(b.buf, b.view, b.offs[i], offset)!);
  };
  for (const e of evs) {
    if (w.full()) drain();
    if (e.kind === "drop") {
      w.drop(e.key, e.cpu, Number(e.lost & 0xffffffffn), Number(e.lost >> 32n));
      continue;
    }
    const [c0, c1, c2, c3] = commWords(e.comm);
    const t = { tgid: e.tgid, c0, c1, c2, c3 };
    if (e.kind === "enter") w.enter(e.key, e.cpu, t, e.tid, e.nr, Uint32Array.from(e.args), 0);
    else {
      const u = BigInt.asUintN(64, e.ret);
      w.exit(e.key, e.cpu, t, e.tid, e.nr, Number(u & 0xffffffffn), Number(u >> 32n));
    }
  }
  drain();
  while (w.finish()) drain();
  drain();
  assert.equal(w.waiting, 0);
  if (both) return raw;
  const p = new Pairer(arch);
  const out: TraceRecord[] = [];
  for (const r of raw) out.push(...p.push(r));
  out.push(...p.flush());
  return out;
}

/** The events as objects through the object pairer. */
function viaObjects(arch: Arch, evs: Ev[], both: boolean): TraceRecord[] {
  const p = new Pairer(arch);
  const out: TraceRecord[] = [];
  for (const e of evs) {
    const ts = OFFSET + BigInt(e.key);
    let r: TraceRecord;
    if (e.kind === "drop") {
      r = { kind: "drop", ts, cpu: e.cpu, pid: 0, tid: 0, comm: "", lost: e.lost };
    } else if (e.kind === "enter") {
      const args: bigint[] = [];
      for (let k = 0; k < 6; k++) {
        args.push(BigInt(e.args[2 * k]) | (BigInt(e.args[2 * k + 1]) << 32n));
      }
      r = {
        kind: "enter",
        ts,
        cpu: e.cpu,
        pid: e.tgid,
        tid: e.tid,
        comm: e.comm,
        nr: e.nr,
        args,
      } as EnterRecord;
    } else {
      r = {
        kind: "exit",
        ts,
        cpu: e.cpu,
        pid: e.tgid,
        tid: e.tid,
        comm: e.comm,
        nr: e.nr,
        ret: e.ret,
      } as ExitRecord;
    }
    if (both) out.push(r);
    else out.push(...p.push(r));
  }
  if (!both) out.push(...p.flush());
  return out;
}

/** A call that never returned. */
const unfinished = (r: TraceRecord) => r.kind === "syscall" && r.ret === undefined;

for (const arch of ["x86_64", "aarch64"] as Arch[]) {
  for (const both of [false, true]) {
    Deno.test(`tracefs records: ${arch}${both ? ", --events both" : ""}: as the object pairer pairs them`, () => {
      for (let seed = 1; seed <= 40; seed++) {
        const evs = stream(arch, seed, 3000);
        const raw: TraceRecord[] = [];
        const a = viaBytes(arch, evs, both, raw);
        const b = viaObjects(arch, evs, both);
        assert.equal(a.length, b.length, `seed ${seed}: record count`);
        // the object pairer flushes its leftovers by entry time; so are they written here
        for (let i = 0; i < a.length; i++) {
          assert.deepEqual(a[i], b[i], `seed ${seed}, record ${i}`);
        }
        // as a backend hands them out: in time order, but for calls that never returned (at
        // their entry's time, known later); an execve's entry as a record of its own
        let last = -1n;
        for (let i = 0; i < raw.length; i++) {
          if (unfinished(raw[i])) continue;
          assert.ok(last <= raw[i].ts, `seed ${seed}: order at ${i}`);
          last = raw[i].ts;
        }
        if (!both) {
          const entries = raw.filter((r) => r.kind === "enter");
          assert.ok(entries.every((r) => syscallName(arch, r.nr).startsWith("execve")));
          assert.ok(seed > 3 || entries.length > 0, `seed ${seed}: execve entries`);
        }
      }
    });
  }
}

Deno.test("tracefs records: more than a batch holds goes out in several, none lost", () => {
  const evs = stream("x86_64", 7, 20000);
  const w = new TracefsRecords("x86_64", true);
  let batches = 0, n = 0;
  for (const e of evs) {
    if (w.full()) {
      const b = w.take()!;
      batches++;
      n += b.n;
      assert.ok(b.offs[b.n - 1] < RECORDS_BYTES);
    }
    if (e.kind === "drop") w.drop(e.key, e.cpu, 1, 0);
    else if (e.kind === "exit") {
      w.exit(e.key, e.cpu, { tgid: 1, c0: 0, c1: 0, c2: 0, c3: 0 }, e.tid, e.nr, 0, 0);
    } else {w.enter(
        e.key,
        e.cpu,
        { tgid: 1, c0: 0, c1: 0, c2: 0, c3: 0 },
        e.tid,
        e.nr,
        Uint32Array.from(e.args),
        0,
      );}
  }
  n += w.take()?.n ?? 0;
  assert.ok(batches >= 2, `${batches} full batches`);
  assert.equal(n, evs.length);
});

Deno.test("tracefs records: a thread that exits in a call leaves it unfinished, written at its exit", () => {
  const nr = syscallNumber("x86_64", "read")!;
  const w = new TracefsRecords("x86_64", false);
  const [c0, c1, c2, c3] = commWords("cat");
  const t = { tgid: 7, c0, c1, c2, c3 };
  const args = Uint32Array.from({ length: 12 }, (_, i) => i);
  w.enter(100, 0, t, 7, nr, args, 0);
  w.enter(150, 1, t, 8, nr, args, 0);
  w.gone(7);
  w.exit(300, 0, t, 8, nr, 5, 0);
  // a tid reused after the exit pairs afresh: this exit has no entry
  w.exit(400, 0, t, 7, nr, 0, 0);
  assert.equal(w.waiting, 0);
  const b = w.take()!;
  const recs = Array.from(
    { length: b.n },
    (_, i) => decodeRecord(b.buf, b.view, b.offs[i], -BigInt(TS_BIAS))!,
  );
  assert.deepEqual(recs.map((r) => [r.kind, r.tid, r.ts]), [
    ["syscall", 7, 100n],
    ["syscall", 8, 300n],
    ["exit", 7, 400n],
  ]);
  const gone = recs[0] as { ret?: bigint; enterTs: bigint };
  assert.equal(gone.ret, undefined);
  assert.equal(gone.enterTs, 100n);
  assert.equal(w.finish(), false);
  assert.equal(w.take(), undefined);
});
