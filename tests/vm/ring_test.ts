/**
 * The module's record path, inside the test guest: how read() shares a
 * user buffer among the CPUs, the BATCH mark against records still being
 * written, what the bytes of a record hold (nothing uninitialised), calls
 * that never return, and the smallest ring.
 */
import assert from "node:assert/strict";
import { finish, inGuest, jsonl, prog, sleep, spawnMysysdig, waitTracing } from "./helpers.ts";
import {
  BUF_KB_MIN,
  decodeRecords,
  encodeFilter,
  LAYOUT,
  READ_MIN,
  REC_BATCH,
  REC_DROP,
  REC_ENTER,
  REC_EXIT,
  REC_SYSCALL,
  SNAPLEN_MAX,
} from "../../src/abi.ts";
import { cstr, loadShim, type Shim } from "../../src/ffi.ts";
import { openKmod } from "../../src/backend_kmod.ts";
import { OrderedMerge } from "../../src/merge.ts";
import { RawRecordMerge } from "../../src/rawmerge.ts";
import { hostArch, syscallNumber } from "../../src/syscalls.ts";
import type { SyscallRecord, TraceRecord } from "../../src/record.ts";

const t = (name: string, fn: () => void | Promise<void>) =>
  Deno.test({ name, ignore: !inGuest, sanitizeResources: false, sanitizeOps: false, fn });

const twoCpus = navigator.hardwareConcurrency >= 2;

/** Opens the device with a filter through the shim, for raw reads. */
function rawOpen(filter: Parameters<typeof encodeFilter>[0]): { shim: Shim; fd: number } {
  const shim = loadShim();
  const fd = shim.msd_open(cstr("/dev/my_sysdig"));
  assert.ok(fd >= 0, `open: ${fd}`);
  assert.equal(shim.msd_set_filter(fd, encodeFilter(filter)), 0);
  assert.equal(shim.msd_start(fd), 0);
  return { shim, fd };
}

/** `taskset -c CPU PROG ARGS`: a test program pinned to one CPU. */
function pinned(cpu: number, name: string, args: string[]): Deno.ChildProcess {
  return new Deno.Command("taskset", {
    args: ["-c", String(cpu), prog(name), ...args],
    stdout: "null",
  }).spawn();
}

t("read: a flooding CPU does not starve the others (each read drains in time order)", async () => {
  if (!twoCpus) {
    console.log("skipped: the guest has one CPU");
    return;
  }
  // Both rings are filled well past one read's worth, then tracing stops,
  // so what each read takes from each CPU is deterministic. read() used to
  // drain CPU 0 first: the first reads held CPU 0 only, while CPU 1 (live,
  // its ring full) dropped everything and pinned the BATCH mark. It now
  // drains the CPUs in time order: no read returns records of one CPU more
  // than the slack (1 ms) newer than what it leaves on another, which the
  // read's mark (the oldest record left) shows.
  const SLACK = 1_000_000n;
  const getppid = syscallNumber(hostArch(), "getppid")!;
  const { shim, fd } = rawOpen({
    pids: [],
    follow: false,
    children: true,
    bufferKb: 4096,
    syscalls: [getppid],
  });
  try {
    const loops = [0, 1].map((cpu) => pinned(cpu, "loop", ["20000"]));
    for (const l of loops) assert.equal((await l.status).code, 0);
    assert.equal(shim.msd_stop(fd), 0);
    const buf = new Uint8Array(READ_MIN);
    const perCpu = [0, 0];
    const merge = new OrderedMerge();
    let prevMark = 0n, reads = 0, mixed = 0;
    for (;;) {
      const n = Number(shim.msd_read(fd, buf, BigInt(buf.length)));
      assert.ok(n >= 0, `read: ${n}`);
      if (n === 0) break;
      const b = decodeRecords(buf, n, 0n);
      assert.ok(b.mark !== undefined && b.mark >= prevMark, "marks never go back");
      prevMark = b.mark!;
      const cpus = new Set<number>();
      for (const r of b.records) {
        assert.notEqual(r.kind, "drop", "4 MiB rings hold 20000 records");
        assert.ok(
          r.ts <= b.mark! + SLACK,
          `read ${reads}: a record of CPU ${r.cpu} ${r.ts - b.mark!} ns past what it leaves`,
        );
        cpus.add(r.cpu);
        perCpu[r.cpu]++;
      }
      if (cpus.size === 2) mixed++;
      reads++;
      merge.push(b.records, b.mark);
    }
    assert.ok(perCpu[0] >= 20000 && perCpu[1] >= 20000, `records per CPU ${perCpu}`);
    assert.ok(reads >= 20, `${reads} reads of ${READ_MIN} bytes`);
    merge.flush();
    assert.equal(merge.outOfOrder, 0, "the marks let the merge release in order");
    console.log(`${reads} reads, ${mixed} with records of both CPUs`);
  } finally {
    shim.msd_close(fd);
  }
});

t(
  "read: CPUs whose records cover different times drain in time order, little held back",
  async () => {
    if (!twoCpus) {
      console.log("skipped: the guest has one CPU");
      return;
    }
    // One CPU's records all older than the other's (a task that moved, one after the other), then
    // drained at once: reads that took equal shares of bytes from each CPU returned the newer
    // CPU's records ahead of the older CPU's, and user space held them all, the whole backlog.
    const getppid = syscallNumber(hostArch(), "getppid")!;
    const { shim, fd } = rawOpen({
      pids: [],
      follow: false,
      children: true,
      bufferKb: 4096,
      syscalls: [getppid],
    });
    try {
      for (const cpu of [0, 1]) assert.equal((await pinned(cpu, "loop", ["20000"]).status).code, 0);
      assert.equal(shim.msd_stop(fd), 0);
      const merge = new RawRecordMerge(READ_MIN);
      let maxHeld = 0, released = 0, last = -1n;
      const take = (b: ReturnType<RawRecordMerge["push"]>) => {
        for (let i = 0; i < b.n; i++) {
          const ts = b.view.getBigUint64(b.offs[i] + 8, true);
          assert.ok(ts >= last, "released in time order");
          last = ts;
        }
        released += b.n;
      };
      for (;;) {
        const target = merge.readTarget();
        const n = Number(shim.msd_read(fd, target, BigInt(target.length)));
        assert.ok(n >= 0, `read: ${n}`);
        if (n === 0) break;
        take(merge.push(n));
        maxHeld = Math.max(maxHeld, merge.held);
      }
      take(merge.flush());
      assert.ok(released >= 40000, `${released} records`);
      assert.equal(merge.outOfOrder, 0);
      // a read's worth at most (records that came in while it ran), never the backlog (2 MiB)
      assert.ok(maxHeld <= READ_MIN, `held back up to ${maxHeld} bytes`);
    } finally {
      shim.msd_close(fd);
    }
  },
);

t("read: marks are exact, records of migrating tasks merge with no slack", async () => {
  // more busy tasks than CPUs, so they are preempted and migrate between
  // taking their timestamp and writing their record, while reads go on
  const b = await openKmod(
    { pids: [], follow: false, children: true, bufferKb: 2048 },
    { readSize: READ_MIN },
  );
  await b.start();
  const loops = [1, 2, 3, 4].map(() =>
    new Deno.Command(prog("loop"), { args: ["30000"], stdout: "null" }).spawn()
  );
  Promise.all(loops.map((l) => l.status)).then(() => b.stop());
  let n = 0, prev = 0n, backwards = 0;
  for await (const batch of b.batches()) {
    for (const r of batch) {
      if (r.ts < prev) backwards++;
      prev = r.ts;
      if (r.kind !== "drop") n++;
    }
  }
  const s = b.stats();
  await b.close();
  assert.equal(BigInt(n), s.recorded, "every recorded event was read");
  assert.equal(s.outOfOrder ?? 0n, 0n, "no record arrived older than what was released");
  assert.equal(backwards, 0);
});

/** Checks one raw record's bytes; returns a complaint or undefined. */
function checkRecord(buf: Uint8Array, pos: number, size: number): string | undefined {
  const dv = new DataView(buf.buffer, buf.byteOffset + pos, size);
  const kind = dv.getUint16(2, true);
  const zero = (from: number, to: number, what: string) => {
    for (let i = from; i < to; i++) {
      if (buf[pos + i] !== 0) return `${what}: byte ${i} of kind ${kind} is ${buf[pos + i]}`;
    }
    return undefined;
  };
  if (kind === REC_BATCH) {
    return size === 48 ? zero(4, 8, "batch") ?? zero(16, 48, "batch") : "size";
  }
  if (kind === REC_DROP) {
    // everything but size, kind, ts, cpu and lost is zero
    return size === 56
      ? zero(4, 8, "drop") ?? zero(16, 24, "drop") ?? zero(28, 48, "drop")
      : "size";
  }
  const fixed = kind === REC_SYSCALL
    ? LAYOUT["sizeof msd_rec_syscall"]
    : kind === REC_ENTER
    ? LAYOUT["sizeof msd_rec_enter"]
    : kind === REC_EXIT
    ? LAYOUT["sizeof msd_rec_exit"]
    : -1;
  if (fixed < 0) return `unknown kind ${kind}`;
  if (dv.getUint32(28, true) & ~1) return `header flags ${dv.getUint32(28, true)}`;
  let p = fixed;
  while (p < size) {
    if (p + 8 > size) return `item header past the record end at ${p}`;
    const len = dv.getUint16(p, true);
    if (dv.getUint16(p + 6, true) !== 0) return `item reserved ${dv.getUint16(p + 6, true)}`;
    if (dv.getUint16(p + 4, true) & ~3) return `item flags ${dv.getUint16(p + 4, true)}`;
    const end = p + 8 + ((len + 7) & ~7);
    if (end > size) return `item of ${len} bytes past the record end`;
    const bad = zero(p + 8 + len, end, `padding of a ${len}-byte item`);
    if (bad) return bad;
    p = end;
  }
  return undefined;
}

t("records: every padding byte of items and records is zero", async () => {
  // writes of 1..15 bytes of 0xff and paths of 1..15 characters, many rounds
  // through a small ring: padding that is not written shows what earlier
  // laps of the ring held there (vmalloc'd memory is not zeroed either)
  const arch = hostArch();
  const write = syscallNumber(arch, "write")!, openat = syscallNumber(arch, "openat")!;
  const nrs = [write, openat];
  const open = syscallNumber(arch, "open");
  if (open !== undefined) nrs.push(open);
  const { shim, fd } = rawOpen({
    pids: [],
    follow: false,
    children: true,
    bufferKb: BUF_KB_MIN,
    syscalls: nrs,
  });
  const buf = new Uint8Array(READ_MIN);
  let records = 0, items = 0;
  const lens = new Set<number>();
  const problems: string[] = [];
  const drain = () => {
    for (;;) {
      const n = Number(shim.msd_read(fd, buf, BigInt(buf.length)));
      assert.ok(n >= 0, `read: ${n}`);
      if (n === 0) return;
      let pos = 0;
      while (pos < n) {
        const size = buf[pos] | (buf[pos + 1] << 8);
        assert.ok(size >= 48 && size % 8 === 0 && pos + size <= n, `record size ${size}`);
        const bad = checkRecord(buf, pos, size);
        if (bad && problems.length < 10) problems.push(bad);
        pos += size;
      }
      for (const r of decodeRecords(buf, n, 0n).records) {
        if (r.kind === "drop" || r.kind === "signal" || r.kind === "procexit") continue;
        records++;
        for (const it of r.items ?? []) {
          items++;
          lens.add(it.data.length % 8);
        }
      }
    }
  };
  try {
    const p = new Deno.Command(prog("oddio"), { args: ["1500"], stdout: "null" }).spawn();
    let done = false;
    p.status.then(() => done = true);
    while (!done) {
      drain();
      await sleep(5);
    }
    assert.equal((await p.status).code, 0);
    assert.equal(shim.msd_stop(fd), 0);
    drain();
  } finally {
    shim.msd_close(fd);
  }
  assert.deepEqual(problems, [], "bytes user space must never see");
  assert.ok(records > 4000, `${records} records read`);
  assert.equal(lens.size, 8, `item lengths modulo 8: ${[...lens]}`);
  assert.ok(items >= records, `${items} items`);
});

/** Starts `blocker` and a tracer of it; returns once blocker is blocked in read(). */
async function blockedUnderTrace(...tracerArgs: string[]) {
  const blk = new Deno.Command(prog("blocker"), { stdout: "piped" }).spawn();
  const tracer = spawnMysysdig(...tracerArgs, "-p", String(blk.pid));
  await waitTracing(tracer.pid);
  blk.kill("SIGUSR1");
  const reader = blk.stdout.getReader();
  const { value } = await reader.read();
  assert.match(new TextDecoder().decode(value), /blocking/);
  reader.releaseLock();
  await sleep(300); // into read() and asleep there
  return { blk, tracer };
}

t("unfinished: a call still blocked when tracing stops is reported with = ?", async () => {
  const { blk, tracer } = await blockedUnderTrace("--format", "text");
  try {
    tracer.kill("SIGINT");
    const r = await finish(tracer);
    assert.equal(r.code, 0, r.stderr);
    const reads = r.stdout.split("\n").filter((l) => /\bread\(/.test(l));
    assert.equal(reads.length, 1, `one read line in:\n${r.stdout}`);
    assert.match(reads[0], /read\(3, .*, 7\) = \?$/, reads[0]);
    assert.match(r.stdout, /nanosleep\(.*= -1 EINTR \(Interrupted system call\)|nanosleep\(.*= 0/);
  } finally {
    blk.kill("SIGKILL");
    await blk.status;
  }
});

t("unfinished: a call its thread was killed in (SIGKILL) is reported with no result", async () => {
  const { blk, tracer } = await blockedUnderTrace("--format", "json");
  blk.kill("SIGKILL");
  assert.equal((await blk.status).signal, "SIGKILL");
  const r = await finish(tracer); // -p ends once the process is gone
  assert.equal(r.code, 0, r.stderr);
  const reads = jsonl(r.stdout).filter((e) => e.syscall === "read" && e.tid === blk.pid);
  assert.equal(reads.length, 1, r.stdout);
  assert.ok(!("ret" in reads[0]), `no result: ${JSON.stringify(reads[0])}`);
  assert.equal(reads[0].raw[2], 7, "the arguments, read from the blocked task");
});

t("ring size: the smallest ring holds the largest records (execve, 16 KiB writes)", async () => {
  const execve = syscallNumber(hostArch(), "execve")!;
  const write = syscallNumber(hostArch(), "write")!;
  const b = await openKmod({
    pids: [],
    follow: false,
    children: true,
    bufferKb: BUF_KB_MIN,
    snaplen: SNAPLEN_MAX,
    syscalls: [execve, write],
  });
  await b.start();
  const longArg = "a".repeat(6000);
  const dd = new Deno.Command("dd", {
    args: ["if=/dev/zero", "of=/dev/null", "bs=16384", "count=3"],
    stdout: "null",
    stderr: "null",
  }).output();
  const ls = new Deno.Command(prog("loop"), { args: ["1", longArg], stdout: "null" }).output();
  await Promise.all([dd, ls]);
  await sleep(200);
  b.stop();
  const recs: TraceRecord[] = [];
  for await (const r of b.records()) recs.push(r);
  const s = b.stats();
  await b.close();
  assert.equal(s.dropped, 0n, "nothing dropped");
  const big = recs.find((r) =>
    (r.kind === "enter" || r.kind === "syscall") && r.nr === execve &&
    r.items?.some((c) =>
      c.type === "argv" && new TextDecoder().decode(c.data).includes("a".repeat(64))
    )
  );
  assert.ok(big, "the execve with a 6000-character argument was recorded");
  const w = recs.filter((r): r is SyscallRecord =>
    r.kind === "syscall" && r.nr === write && r.ret === 16384n
  );
  assert.ok(w.length >= 3, `${w.length} writes of 16 KiB`);
  assert.ok(w.every((r) => r.items?.[0].data.length === 16384), "with all their data");
});
