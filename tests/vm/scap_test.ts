/**
 * sysdig events written by the module (MSD_F_SCAP, SCAP records): their
 * bytes against what the capture writer writes for the same calls from
 * SYSCALL records, and a capture made with them read back line for line.
 */
import assert from "node:assert/strict";
import { inGuest, mysysdig, prog } from "./helpers.ts";
import {
  encodeFilter,
  READ_MIN,
  REC_BATCH,
  REC_SCAP,
  REC_SYSCALL,
  RF_PAD4,
} from "../../src/abi.ts";
import { cstr, loadShim } from "../../src/ffi.ts";
import { hostArch, syscallName } from "../../src/syscalls.ts";
import { openCaptureWriter } from "../../src/scap/writer.ts";
import { captureParams } from "../../src/scap/params.ts";
import { SPECIFIC_BY_SYSCALL } from "../../src/scap/events.ts";
import { encodeRec, type Item } from "../module_records.ts";

const t = (name: string, fn: () => void | Promise<void>) =>
  Deno.test({ name, ignore: !inGuest, sanitizeResources: false, sanitizeOps: false, fn });

const ARCH = hostArch();

/** Every record (BATCH left out) the module holds after running `progs` as the reader's children. */
async function traceRaw(
  filter: Parameters<typeof encodeFilter>[0],
  progs: string[][],
): Promise<Uint8Array[]> {
  const shim = loadShim();
  const fd = shim.msd_open(cstr("/dev/my_sysdig"));
  assert.ok(fd >= 0, `open: ${fd}`);
  try {
    assert.equal(shim.msd_set_filter(fd, encodeFilter(filter)), 0);
    assert.equal(shim.msd_start(fd), 0);
    for (const [name, ...args] of progs) {
      const s = await new Deno.Command(prog(name), { args, stdout: "null" }).output();
      assert.equal(s.code, 0, `${name} failed`);
    }
    assert.equal(shim.msd_stop(fd), 0);
    const recs: Uint8Array[] = [];
    const buf = new Uint8Array(READ_MIN);
    const dv = new DataView(buf.buffer);
    for (;;) {
      const n = Number(shim.msd_read(fd, buf, BigInt(buf.length)));
      assert.ok(n >= 0, `read: ${n}`);
      if (n === 0) break;
      for (let at = 0; at < n;) {
        const size = dv.getUint16(at, true);
        if (dv.getUint16(at + 2, true) !== REC_BATCH) recs.push(buf.slice(at, at + size));
        at += size;
      }
    }
    return recs;
  } finally {
    shim.msd_close(fd);
  }
}

/** Offsets and lengths of the parameters of the event block at `b`. */
function params(dv: DataView, b: number): [number, number][] {
  const np = dv.getUint32(b + 32, true);
  const out: [number, number][] = [];
  let at = b + 36 + 2 * np;
  for (let i = 0; i < np; i++) {
    const len = dv.getUint16(b + 36 + 2 * i, true);
    out.push([at, len]);
    at += len;
  }
  return out;
}

/**
 * The SYSCALL record the module would have written for the call a SCAP record holds, rebuilt
 * from its events (GENERIC or dedicated): the header, the arguments and items of the enter
 * event (its last two parameters, msd and items), the result from the exit event's msd, the
 * entry time less the offset. With the events' types.
 */
function syscallOf(rec: Uint8Array, offset: bigint): { rec: Uint8Array; types: number[] } {
  const dv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
  const e = 48;
  assert.equal(dv.getUint32(e, true), 0x216, "enter block type");
  const x = e + dv.getUint32(e + 4, true);
  assert.equal(dv.getUint32(x, true), 0x216, "exit block type");
  const end = x + dv.getUint32(x + 4, true);
  assert.equal(end + (dv.getUint32(28, true) & RF_PAD4 ? 4 : 0), rec.length, "record size");
  const ep = params(dv, e), xp = params(dv, x);
  const [msd, msdLen] = ep[ep.length - 2], [first, itemsLen] = ep[ep.length - 1];
  assert.equal(dv.getUint32(msd, true), dv.getInt32(4, true), "msd's number");
  const args: bigint[] = [];
  for (let i = 0; i < 6; i++) {
    args.push(8 + 8 * i < msdLen ? dv.getBigUint64(msd + 8 + 8 * i, true) : 0n);
  }
  const items: Item[] = [];
  for (let p = first; p < first + itemsLen;) {
    const len = dv.getUint16(p, true);
    items.push({
      arg: rec[p + 2],
      type: rec[p + 3],
      flags: rec[p + 4],
      data: rec.slice(p + 8, p + 8 + len),
    });
    p += 8 + len;
  }
  const [xmsd, xmsdLen] = xp[xp.length - 2];
  assert.equal(xmsdLen, 16, "exit msd");
  return {
    rec: encodeRec({
      kind: REC_SYSCALL,
      nr: dv.getInt32(4, true),
      ts: dv.getBigUint64(8, true),
      pid: dv.getUint32(16, true),
      tid: dv.getUint32(20, true),
      cpu: dv.getUint32(24, true),
      comm: rec.slice(32, 48),
      args,
      ret: dv.getBigInt64(xmsd + 8, true),
      enterTs: BigInt.asUintN(64, dv.getBigUint64(e + 10, true) - offset),
      items,
    }),
    types: [dv.getUint16(e + 30, true), dv.getUint16(x + 30, true)],
  };
}

/** A capture file of `recs` written through CaptureWriter.writeModuleRecord; its events. */
async function capture(path: string, recs: Uint8Array[], offset: bigint): Promise<Uint8Array> {
  const w = await openCaptureWriter(path, { arch: ARCH, backend: "kmod" }, {
    procfs: false,
    params: captureParams(ARCH),
  });
  for (const r of recs) w.writeModuleRecord(r, new DataView(r.buffer, r.byteOffset), 0, offset);
  await w.close({ seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] });
  const file = Deno.readFileSync(path);
  // the events after the header blocks and the INFO event (its time is the wall clock's)
  const dv = new DataView(file.buffer);
  let at = 0;
  for (let i = 0; i < 3; i++) at += dv.getUint32(at + 4, true);
  return file.subarray(at);
}

t(
  "module events: SCAP records are the bytes the capture writer writes from SYSCALL records",
  async () => {
    // any offset does: both paths are given the same
    const offset = 1_765_000_000_123_456_789n;
    const recs = await traceRaw(
      {
        pids: [],
        follow: false,
        children: true,
        bufferKb: 8192,
        snaplen: 200,
        scap: true,
        rtOffset: offset,
      },
      [["decodeprog"], ["oddio"]],
    );
    const scap = recs.filter((r) => new DataView(r.buffer).getUint16(2, true) === REC_SCAP);
    const syscall = recs.filter((r) => new DataView(r.buffer).getUint16(2, true) === REC_SYSCALL);
    const nameOf = (r: Uint8Array) => syscallName(ARCH, new DataView(r.buffer).getInt32(4, true));
    assert.ok(scap.length > 100, `${scap.length} SCAP records of ${recs.length}`);
    // generic syscalls, and the dedicated events the module fills (read, write, close, ...)
    // with their own types; the others (openat's flags, connect's address) stay records
    const rebuilt = scap.map((r) => syscallOf(r, offset));
    scap.forEach((r, i) => {
      const ev = SPECIFIC_BY_SYSCALL.get(nameOf(r));
      assert.deepEqual(rebuilt[i].types, ev ? [ev.enter.id, ev.exit.id] : [0, 1], nameOf(r));
    });
    for (const name of ["read", "write", "close"]) {
      assert.ok(scap.some((r) => nameOf(r) === name), `no ${name} SCAP record`);
    }
    assert.ok(syscall.some((r) => nameOf(r) === "openat"), "no openat SYSCALL record");
    // memory copied on generic calls travels in the module's events
    const withItems = scap.filter((r) => {
      const ep = params(new DataView(r.buffer), 48);
      return ep[ep.length - 1][1] > 0;
    });
    assert.ok(withItems.length > 10, `${withItems.length} SCAP records with items`);
    const dir = Deno.makeTempDirSync();
    try {
      const a = await capture(`${dir}/module.scap`, scap, offset);
      const b = await capture(`${dir}/writer.scap`, rebuilt.map((r) => r.rec), offset);
      assert.ok(a.length > 10000, `${a.length} bytes`);
      assert.equal(a.length, b.length, "file sizes");
      const at = a.findIndex((v, i) => v !== b[i]);
      assert.equal(at, -1, `first difference at byte ${at} of the events`);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
);

t("module events: the module refuses SCAP records with separate entries and exits", () => {
  const shim = loadShim();
  const fd = shim.msd_open(cstr("/dev/my_sysdig"));
  assert.ok(fd >= 0, `open: ${fd}`);
  try {
    const f = encodeFilter({ pids: [], follow: false, events: "both" });
    new DataView(f.buffer).setUint32(0, new DataView(f.buffer).getUint32(0, true) | (1 << 6), true);
    assert.equal(shim.msd_set_filter(fd, f), -22);
  } finally {
    shim.msd_close(fd);
  }
});

t("module events: -w alone, then -r prints every line the test program expects", async () => {
  const r = await mysysdig("-w", "/tmp/modev.scap", "--", prog("decodeprog"));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /events recorded, 0 dropped/);
  const expected = r.stdout.trimEnd().split("\n");
  assert.ok(expected.length > 60, r.stdout.slice(0, 500));
  const back = await mysysdig("-r", "/tmp/modev.scap", "-o", "/tmp/modev.out");
  assert.equal(back.code, 0, back.stderr);
  const lines = Deno.readTextFileSync("/tmp/modev.out").split("\n");
  const calls: string[] = [];
  let tid: number | undefined;
  for (const l of lines) {
    const m = /^\d+ \S+ \d+ decodeprog \((\d+)\) (.*)$/.exec(l);
    if (!m) continue;
    if (tid === undefined && m[2].startsWith("sched_yield()")) tid = Number(m[1]);
    if (tid !== undefined && Number(m[1]) === tid) calls.push(m[2].replace(/ <\d+\.\d{6}>$/, ""));
  }
  const at = calls.indexOf(expected[0]);
  assert.ok(at >= 0, `first line missing: ${expected[0]}\n${calls.slice(0, 20).join("\n")}`);
  for (let i = 0; i < expected.length; i++) {
    assert.equal(calls[at + i], expected[i], `line ${i + 1} of decodeprog's expectations`);
  }
  Deno.removeSync("/tmp/modev.scap");
  Deno.removeSync("/tmp/modev.out");
});
