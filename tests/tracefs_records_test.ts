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

/**
 * A probe's strings as the backend queues them: their count, their words from 0 in `q`, and their
 * bytes ([arg, the string or null for a fault, MSD_IF_* flags]).
 */
function probeStrings(
  strs: Array<[number, string | null, number?]>,
): [number, Uint32Array, number, Uint8Array] {
  const q = new Uint32Array(3 * strs.length);
  const parts: Uint8Array[] = [];
  let off = 0;
  strs.forEach(([arg, s, flags], j) => {
    const b = new TextEncoder().encode(s ?? "");
    q[3 * j] = arg | ((s === null ? 1 : flags ?? 0) << 8);
    q[3 * j + 1] = off;
    q[3 * j + 2] = b.length;
    parts.push(b);
    off += b.length;
  });
  const bytes = new Uint8Array(off);
  off = 0;
  for (const p of parts) {
    bytes.set(p, off);
    off += p.length;
  }
  return [strs.length, q, 0, bytes];
}

for (const arch of ["x86_64", "aarch64"] as Arch[]) {
  Deno.test(`tracefs records: ${arch}: a probe's strings are the call's STR items, shown as the module's`, async () => {
    const { formatCall } = await import("../src/format_text.ts");
    const openat = syscallNumber(arch, "openat")!;
    const execve = syscallNumber(arch, "execve")!;
    const renameat = syscallNumber(arch, "renameat2")!;
    const [c0, c1, c2, c3] = commWords("cat");
    const t = { tgid: 7, c0, c1, c2, c3 };
    const w = new TracefsRecords(arch, false);
    for (const nr of [openat, execve, renameat]) w.probed(nr);
    const args = new Uint32Array(12);
    args[0] = 0xffffff9c, args[1] = 0xffffffff; // AT_FDCWD
    args[2] = 0x1000, args[3] = 0x7fff; // the path's address
    const enter = (key: number, tid: number, nr: number) => w.enter(key, 0, t, tid, nr, args, 0);
    // openat: the path, then the exit
    enter(100, 7, openat);
    w.strings(7, openat, ...probeStrings([[1, "/etc/hostname"]]));
    w.exit(200, 0, t, 7, openat, 3, 0);
    // a fault: shown as the address
    enter(300, 7, openat);
    w.strings(7, openat, ...probeStrings([[1, null]]));
    w.exit(400, 0, t, 7, openat, 0xfffffff2, 0xffffffff);
    // strings of another call, or with no entry waiting, are ignored
    w.strings(8, openat, ...probeStrings([[1, "/nope"]]));
    enter(500, 7, openat);
    w.strings(7, execve, ...probeStrings([[0, "/nope"]]));
    w.exit(600, 0, t, 7, openat, 4, 0);
    // execve: its ENTER record waits for the strings, the completed call carries none
    enter(700, 8, execve);
    w.strings(8, execve, ...probeStrings([[0, "/bin/true"]]));
    w.exit(800, 0, t, 8, execve, 0, 0);
    // two strings; an ENTER record whose strings never come is written at the thread's next event
    enter(900, 9, renameat);
    w.strings(9, renameat, ...probeStrings([[1, "a"], [3, "b".repeat(40), 2]]));
    w.exit(1000, 0, t, 9, renameat, 0, 0);
    enter(1100, 10, execve);
    w.exit(1200, 0, t, 10, execve, 0xfffffffe, 0xffffffff);
    const b = w.take()!;
    const recs = Array.from(
      { length: b.n },
      (_, i) => decodeRecord(b.buf, b.view, b.offs[i], -BigInt(TS_BIAS))!,
    );
    assert.deepEqual(recs.map((r) => [r.kind, r.tid, r.ts]), [
      ["syscall", 7, 200n],
      ["syscall", 7, 400n],
      ["syscall", 7, 600n],
      ["enter", 8, 700n],
      ["syscall", 8, 800n],
      ["syscall", 9, 1000n],
      ["enter", 10, 1100n],
      ["syscall", 10, 1200n],
    ]);
    const call = (i: number) =>
      formatCall(arch, recs[i] as Extract<TraceRecord, { kind: "syscall" }>).replace(
        / <[\d.]+>$/,
        "",
      );
    assert.equal(call(0), 'openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3');
    assert.equal(call(1), "openat(AT_FDCWD, 0x7fff00001000, O_RDONLY) = -1 EFAULT (Bad address)");
    assert.equal(call(2), "openat(AT_FDCWD, 0x7fff00001000, O_RDONLY) = 4");
    const items = (i: number) =>
      (recs[i] as { items?: { arg: number; data: Uint8Array; truncated?: boolean }[] }).items?.map((
        c,
      ) => [c.arg, new TextDecoder().decode(c.data), c.truncated === true]);
    assert.deepEqual(items(3), [[0, "/bin/true", false]]);
    assert.equal(items(4), undefined);
    assert.deepEqual(items(5), [[1, "a", false], [3, "b".repeat(40), true]]);
    assert.equal(items(6), undefined);
    assert.equal(w.waiting, 0);
  });

  Deno.test(`tracefs records: ${arch}, --events both: an entry with a probe waits for its strings`, () => {
    const openat = syscallNumber(arch, "openat")!;
    const getppid = syscallNumber(arch, "getppid")!;
    const t = { tgid: 7, c0: 0, c1: 0, c2: 0, c3: 0 };
    const w = new TracefsRecords(arch, true);
    w.probed(openat);
    const args = new Uint32Array(12);
    w.enter(100, 0, t, 7, openat, args, 0);
    w.enter(110, 0, t, 8, getppid, args, 0);
    w.strings(7, openat, ...probeStrings([[1, "/etc/passwd"]]));
    w.exit(120, 0, t, 7, openat, 3, 0);
    w.enter(130, 0, t, 7, openat, args, 0);
    assert.equal(w.finish(), false);
    const b = w.take()!;
    const recs = Array.from(
      { length: b.n },
      (_, i) => decodeRecord(b.buf, b.view, b.offs[i], -BigInt(TS_BIAS))!,
    );
    assert.deepEqual(
      recs.map((r) => [r.kind, r.tid, r.ts, (r as { items?: unknown[] }).items?.length]),
      [
        ["enter", 8, 110n, undefined],
        ["enter", 7, 100n, 1],
        ["exit", 7, 120n, undefined],
        ["enter", 7, 130n, undefined],
      ],
    );
  });
}

Deno.test("tracefs records: the kernel's copy of a path stands in for a string that faulted at entry", () => {
  const arch: Arch = "x86_64";
  const readlink = syscallNumber(arch, "readlink")!;
  const execve = syscallNumber(arch, "execve")!;
  const t = { tgid: 7, c0: 0, c1: 0, c2: 0, c3: 0 };
  const w = new TracefsRecords(arch, false);
  w.probed(readlink);
  w.probed(execve);
  const args = new Uint32Array(12);
  args[0] = 0x5c2c98; // the path's address
  const path = new TextEncoder().encode("/proc/self/exe");
  w.enter(100, 0, t, 7, readlink, args, 0);
  w.strings(7, readlink, ...probeStrings([[0, null]]));
  // another address: not this argument's
  w.kernelString(7, 0x1234, 0, path, 0, path.length, 0);
  w.kernelString(7, 0x5c2c98, 0, path, 0, path.length, 0);
  w.exit(200, 0, t, 7, readlink, 14, 0);
  // execve's ENTER record waits for it
  w.enter(300, 0, t, 8, execve, args, 0);
  w.strings(8, execve, ...probeStrings([[0, null]]));
  w.kernelString(8, 0x5c2c98, 0, path, 0, path.length, 0);
  w.exit(400, 0, t, 8, execve, 0, 0);
  // no copy came: the fault stays, the ENTER record goes at the exit
  w.enter(500, 0, t, 9, execve, args, 0);
  w.strings(9, execve, ...probeStrings([[0, null]]));
  w.exit(600, 0, t, 9, execve, 0xfffffffe, 0xffffffff);
  const b = w.take()!;
  const recs = Array.from(
    { length: b.n },
    (_, i) => decodeRecord(b.buf, b.view, b.offs[i], -BigInt(TS_BIAS))!,
  );
  const items = (i: number) =>
    (recs[i] as { items?: { arg: number; data: Uint8Array; fault?: boolean }[] }).items?.map((
      c,
    ) => [c.arg, new TextDecoder().decode(c.data), c.fault === true]);
  assert.deepEqual(recs.map((r) => [r.kind, r.tid, r.ts]), [
    ["syscall", 7, 200n],
    ["enter", 8, 300n],
    ["syscall", 8, 400n],
    ["enter", 9, 500n],
    ["syscall", 9, 600n],
  ]);
  assert.deepEqual(items(0), [[0, "/proc/self/exe", false]]);
  assert.deepEqual(items(1), [[0, "/proc/self/exe", false]]);
  assert.deepEqual(items(3), [[0, "", true]]);
});
