// The module's records on their byte path: the raw merge against a sort of the decoded records,
// and the capture writer's writeModuleRecord against write() of the same records decoded.
import assert from "node:assert/strict";
import {
  decodeRecord,
  decodeRecords,
  REC_BATCH,
  REC_DROP,
  REC_ENTER,
  REC_EXIT,
  REC_SYSCALL,
  RF_UNFINISHED,
} from "../src/abi.ts";
import { RawRecordMerge } from "../src/rawmerge.ts";
import { openCaptureWriter } from "../src/scap/writer.ts";
import { captureParams } from "../src/scap/params.ts";
import { prng } from "../src/scap/synth.ts";
import { syscallNumber } from "../src/syscalls.ts";
import type { Arch } from "../src/record.ts";
import { concat, encodeRec, type Item, layOut, type Rec } from "./module_records.ts";

const ARCH: Arch = Deno.build.arch === "aarch64" ? "aarch64" : "x86_64";
const nrOf = (n: string) => syscallNumber(ARCH, n)!;

/** A random mix of the records the module writes, in time order per CPU. */
function randomRecords(seed: number, count: number, ncpu: number): Rec[] {
  const r = prng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const names = [
    "getppid",
    "openat",
    "open",
    "read",
    "write",
    "close",
    "socket",
    "connect",
    "accept",
    "accept4",
    "mmap",
    "futex",
    "execve",
    "execveat",
    "clone",
  ].filter((n) => syscallNumber(ARCH, n) !== undefined);
  const comms = ["nginx", "cat", "a-very-long-nam"];
  const recs: Rec[] = [];
  let ts = 1_000_000_000_000n;
  for (let i = 0; i < count; i++) {
    ts += BigInt(1 + Math.floor(r() * 5000));
    const tid = 100 + Math.floor(r() * 6);
    const pid = r() < 0.9 ? 100 : tid;
    const cpu = Math.floor(r() * ncpu);
    const comm = r() < 0.95 ? comms[tid % 2] : pick(comms);
    const u = r();
    if (u < 0.03) {
      recs.push({ kind: REC_DROP, nr: 0, ts, pid: 0, tid: 0, cpu, comm: "", lost: BigInt(i) });
      continue;
    }
    const nr = r() < 0.02 ? 1000 : nrOf(pick(names));
    const kind = u < 0.6 ? REC_SYSCALL : u < 0.8 ? REC_ENTER : REC_EXIT;
    const args = Array.from(
      { length: 6 },
      () => r() < 0.4 ? 0n : r() < 0.5 ? BigInt(Math.floor(r() * 100)) : 0xffffffffffffff9cn,
    );
    const items: Item[] = [];
    const nitems = Math.floor(r() * 3);
    for (let k = 0; k < nitems; k++) {
      const len = r() < 0.1 ? 30000 : Math.floor(r() * 40);
      const type = 1 + Math.floor(r() * 8); // 8: a type a newer module might add
      let data = Uint8Array.from({ length: len }, (_, j) => (j * 7 + k) & 0xff);
      // strings as the module copies them (no NUL; UTF-8, which the decoded path round-trips)
      if (type === 1) data = data.map((x) => 0x61 + (x % 26));
      // socket addresses: IPv4, IPv6, unix and unknown families
      if (type === 4) {
        const fam = pick([2, 10, 1, 17]);
        data = new Uint8Array(fam === 10 ? 28 : fam === 1 ? 12 : 16).map((_, j) => j + k);
        data[0] = fam;
        data[1] = 0;
      }
      items.push({
        arg: r() < 0.5 ? 1 : Math.floor(r() * 6),
        type,
        flags: r() < 0.2 ? Math.floor(r() * 4) : 0,
        data: r() < 0.05 ? new Uint8Array() : data,
      });
    }
    recs.push({
      kind,
      nr,
      ts,
      pid,
      tid,
      cpu,
      comm,
      commJunk: r() < 0.2,
      args,
      ret: r() < 0.3 ? -2n : BigInt(Math.floor(r() * 10)),
      enterTs: ts - 700n,
      flags: kind === REC_SYSCALL && r() < 0.1 ? RF_UNFINISHED : 0,
      items,
    });
  }
  return recs;
}

async function capture(
  path: string,
  write: (w: Awaited<ReturnType<typeof openCaptureWriter>>) => void,
): Promise<Uint8Array> {
  const w = await openCaptureWriter(path, { arch: ARCH, backend: "kmod" }, {
    procfs: false,
    params: captureParams(ARCH),
  });
  write(w);
  await w.close({ seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] });
  return Deno.readFileSync(path);
}

/** The bytes after the INFO event (whose time is the wall clock's). */
function events(file: Uint8Array): Uint8Array {
  const dv = new DataView(file.buffer);
  let at = 0;
  for (let i = 0; i < 3; i++) at += dv.getUint32(at + 4, true);
  return file.subarray(at);
}

Deno.test("capture writer: module records written from their bytes equal write() of the decoded records", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    for (const seed of [1, 2, 3]) {
      const recs = randomRecords(seed, 3000, 1);
      const { buf, view, offs } = layOut(recs);
      const offset = 1_700_000_000_000_000_000n;
      const viaObjects = await capture(`${dir}/a.scap`, (w) => {
        for (const off of offs) {
          const r = decodeRecord(buf, view, off, offset);
          if (r) w.write(r);
        }
      });
      const viaBytes = await capture(`${dir}/b.scap`, (w) => {
        for (const off of offs) w.writeModuleRecord(buf, view, off, offset);
      });
      const a = events(viaObjects), b = events(viaBytes);
      assert.ok(a.length > 100_000, `seed ${seed}: ${a.length} bytes`);
      assert.equal(b.length, a.length, `seed ${seed}: lengths`);
      const diff = a.findIndex((x, i) => x !== b[i]);
      assert.equal(diff, -1, `seed ${seed}: first difference at byte ${diff}`);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

/** Splits records as reads would return them: per read, each CPU's share in order, then a mark. */
function reads(recs: Rec[], ncpu: number, perRead: number, seed: number): Uint8Array[] {
  const r = prng(seed);
  const queues: Rec[][] = Array.from({ length: ncpu }, () => []);
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < recs.length || queues.some((q) => q.length)) {
    // records committed "during" this read: some arrive now, the rest next time
    const commit = Math.floor(r() * perRead * 1.5);
    for (let k = 0; k < commit && i < recs.length; k++, i++) queues[recs[i].cpu].push(recs[i]);
    const markTs = i < recs.length ? recs[i].ts : recs[recs.length - 1].ts + 1n;
    const parts: Uint8Array[] = [];
    for (let c = 0; c < ncpu; c++) {
      const take = Math.floor(r() * (queues[c].length + 1));
      let keep = queues[c].splice(0, take);
      // a CPU left behind lowers the mark to its first record left
      parts.push(...keep.map(encodeRec));
      keep = [];
    }
    let mark = markTs;
    for (const q of queues) if (q.length && q[0].ts < mark) mark = q[0].ts;
    parts.push(encodeRec({ kind: REC_BATCH, nr: 0, ts: mark, pid: 0, tid: 0, cpu: 0, comm: "" }));
    out.push(concat(parts));
  }
  return out;
}

Deno.test("raw merge: reads of several CPUs come out in time order, each record once", () => {
  for (const seed of [5, 6, 7]) {
    const ncpu = 1 + seed % 4;
    const recs = randomRecords(seed, 4000, ncpu).map((r) => ({ ...r, items: [] }));
    const m = new RawRecordMerge(1 << 17);
    const got: bigint[] = [];
    let lostSeen = 0n;
    const take = (b: ReturnType<RawRecordMerge["push"]>) => {
      for (let i = 0; i < b.n; i++) {
        const rec = decodeRecord(b.buf, b.view, b.offs[i], 0n)!;
        // the record's own time (an unfinished call's object has its entry's)
        got.push(b.view.getBigUint64(b.offs[i] + 8, true));
        if (rec.kind === "drop") lostSeen += rec.lost;
      }
    };
    for (const chunk of reads(recs, ncpu, 50, seed)) {
      m.readTarget().set(chunk);
      take(m.push(chunk.length));
    }
    take(m.flush());
    const want = recs.map((r) => r.ts);
    assert.equal(got.length, want.length, `seed ${seed}`);
    assert.deepEqual(got, [...want].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    assert.equal(m.outOfOrder, 0);
    assert.equal(lostSeen, recs.reduce((n, r) => n + (r.lost ?? 0n), 0n));
  }
});

Deno.test("raw merge: a record older than one released is counted, not lost", () => {
  const m = new RawRecordMerge(1 << 17);
  const r = (ts: bigint, cpu: number) =>
    encodeRec({ kind: REC_EXIT, nr: 39, ts, pid: 1, tid: 1, cpu, comm: "x" });
  const batch = (ts: bigint) =>
    encodeRec({ kind: REC_BATCH, nr: 0, ts, pid: 0, tid: 0, cpu: 0, comm: "" });
  let c = concat([r(100n, 0), r(200n, 1), batch(300n)]);
  m.readTarget().set(c);
  assert.equal(m.push(c.length).n, 2);
  c = concat([r(150n, 0), r(400n, 1), batch(500n)]);
  m.readTarget().set(c);
  const b = m.push(c.length);
  assert.equal(b.n, 2);
  assert.equal(m.outOfOrder, 1);
  // a malformed size is an error, never a guess
  const bad = r(600n, 0);
  bad[0] = 12;
  m.readTarget().set(bad);
  assert.throws(() => m.push(bad.length), /malformed record/);
});

Deno.test("raw merge: the decoded records equal decodeRecords of the same read", () => {
  const recs = randomRecords(9, 500, 1);
  const chunk = concat([
    ...recs.map(encodeRec),
    encodeRec({ kind: REC_BATCH, nr: 0, ts: 1n << 62n, pid: 0, tid: 0, cpu: 0, comm: "" }),
  ]);
  const m = new RawRecordMerge(chunk.length);
  m.readTarget().set(chunk);
  const b = m.push(chunk.length);
  const viaMerge = Array.from(
    { length: b.n },
    (_, i) => decodeRecord(b.buf, b.view, b.offs[i], 7n),
  );
  assert.deepEqual(viaMerge, decodeRecords(chunk, chunk.length, 7n).records);
});
