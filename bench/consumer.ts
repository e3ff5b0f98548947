/**
 * bench/consumer.ts CONFIG [SYSCALLS [ROUND]]: the consumer's CPU per event on the host, over the module's
 * own records (ABI 3), with no kernel involved: the records of an nginx-like mix are laid out as
 * the module's reads return them (two CPUs, a mark at the end of each read) once, before timing,
 * and the configuration consumes them as the CLI would, from the merge to the output file.
 *
 *   merge     the merge alone
 *   pump      merge, then copy each record's bytes to the output (the byte-moving floor)
 *   capture   merge, then -w's byte path (CaptureWriter.writeModuleRecord)
 *   pump-module, capture-module  the same over the records the module writes for -w: each call
 *             the module writes as sysdig events itself (MSD_F_SCAP, kmod/scap.c) is a SCAP record
 *             holding them (built here by the writer from the SYSCALL record, as the guest test
 *             holds the module to); the rest (openat) stays a SYSCALL record
 *   capture-objects  merge, decode each record to an object, then the writer's write() (the
 *             object path, what -w did before the byte path)
 *   text      what `--format text` does with the module's records
 *   text-objects  the same through objects only (what it did before the byte path)
 *   json      what `--format json` does with the module's records
 *   json-objects  the same through objects only
 *
 * Prints one line: `R consumer CONFIG ROUND ns=<per syscall> events=<enter+exit events> ...`
 * (bench/report.ts reads it). A syscall is one record here and two events in a capture file.
 * Each configuration runs in a process of its own. Memory is not measured here: the records
 * held in memory for the run would dominate it (the guest's runs measure the CLI's peak RSS).
 *
 * @module
 */
import { type RawBatch, RawRecordMerge } from "../src/rawmerge.ts";
import { openCaptureWriter } from "../src/scap/writer.ts";
import { captureParams } from "../src/scap/params.ts";
import { decodeRecord } from "../src/abi.ts";
import { syscallNumber } from "../src/syscalls.ts";
import { openLineOutput } from "../src/output.ts";
import { TextFormatter } from "../src/format_text.ts";
import { jsonLine, JsonRawFormatter } from "../src/format_json.ts";
import { Pairer } from "../src/pair.ts";
import type { Arch } from "../src/record.ts";
import { moduleWritesEvents } from "../src/scap/plans.ts";

const [config = "capture", countArg = "1000000", round = "1"] = Deno.args;
const MODULE_EVENTS = config.endsWith("-module");
const offset = 1_700_000_000_000_000_000n;
const SYSCALLS = Number(countArg);
const ARCH: Arch = Deno.build.arch === "aarch64" ? "aarch64" : "x86_64";
const READ = 256 << 10;
const enc = new TextEncoder();

interface Item {
  arg: number;
  type: number;
  data: Uint8Array;
}

/** One request's syscalls as nginx makes them (x86_64 names; aarch64 lacks a few). */
function mix(): Array<[string, bigint[], bigint, Item[]]> {
  const sa = new Uint8Array(16);
  sa.set([2, 0, 0xc3, 0x50, 127, 0, 0, 1]);
  const req = enc.encode(
    "GET / HTTP/1.0\r\nHost: 127.0.0.1:8080\r\nUser-Agent: ApacheBench/2.3\r\n",
  );
  const page = enc.encode("<!DOCTYPE html><html><head><title>mysysdig bench</title></head><body>");
  const log = enc.encode('127.0.0.1 - - [06/Dec/2026:03:00:00 +0000] "GET / HTTP/1.0" 200 32768');
  const path = enc.encode("/tmp/ng/html/index.html");
  // the structures the module copies for these calls: one epoll_event (EPOLLIN, data 12), a stat
  // of a 32 KiB regular file; MSD_IT_STRUCT items
  const ev = new Uint8Array(ARCH === "x86_64" ? 12 : 16);
  new DataView(ev.buffer).setUint32(0, 1, true);
  new DataView(ev.buffer).setUint32(ARCH === "x86_64" ? 4 : 8, 12, true);
  const st = new Uint8Array(ARCH === "x86_64" ? 144 : 128);
  const sv = new DataView(st.buffer);
  if (ARCH === "x86_64") {
    sv.setUint32(24, 0o100644, true);
    sv.setBigInt64(48, 32768n, true);
  } else {
    sv.setUint32(16, 0o100644, true);
    sv.setBigInt64(48, 32768n, true);
  }
  // BENCH_STRUCTS=0 leaves out the structures and the other items ABI 6 added (socket lengths,
  // socket option values, iovec elements, sendfile's offset), as the module wrote before them
  const structs = Deno.env.get("BENCH_STRUCTS") !== "0";
  const item = (arg: number, data: Uint8Array, type = 7): Item[] =>
    structs ? [{ arg, type, data }] : [];
  const s32s = (...v: number[]) => new Uint8Array(new Int32Array(v).buffer);
  const u64s = (...v: number[]) => new Uint8Array(new BigUint64Array(v.map(BigInt)).buffer);
  return [
    ["epoll_wait", [8n, 0x7ffc1000n, 512n, 0xffffffffffffffffn], 1n, item(1, ev)],
    ["accept4", [6n, 0x7ffc2000n, 0x7ffc2080n, 0x800n], 12n, [
      { arg: 1, type: 4, data: sa },
      ...item(2, s32s(16, 16)),
    ]],
    ["epoll_ctl", [8n, 1n, 12n, 0x7ffc3000n], 0n, item(3, ev)],
    ["recvfrom", [12n, 0x55550000n, 1024n, 0n, 0n, 0n], 80n, [{ arg: 1, type: 2, data: req }]],
    ["openat", [0xffffffffffffff9cn, 0x5555a000n, 0x80800n], 13n, [{
      arg: 1,
      type: 1,
      data: path,
    }]],
    ["newfstatat", [13n, 0x5555b000n, 0x7ffc4000n, 0x1000n], 0n, [{
      arg: 1,
      type: 1,
      data: new Uint8Array(),
    }, ...item(2, st)]],
    ["setsockopt", [12n, 6n, 3n, 0x7ffc5000n, 4n], 0n, item(3, s32s(1))],
    ["writev", [12n, 0x7ffc6000n, 2n], 32999n, [
      ...item(1, u64s(0x5555d000, 231, 0x5555e000, 32768), 8),
      { arg: 1, type: 3, data: page },
    ]],
    ["sendfile", [12n, 13n, 0x7ffc7000n, 32768n], 32768n, [
      ...item(2, u64s(0)),
      ...item(2, u64s(32768)),
    ]],
    ["write", [4n, 0x5555c000n, 96n], 96n, [{ arg: 1, type: 2, data: log }]],
    ["close", [13n], 0n, []],
    ["close", [12n], 0n, []],
  ].filter(([n]) => syscallNumber(ARCH, n as string) !== undefined) as Array<
    [string, bigint[], bigint, Item[]]
  >;
}

function record(
  nr: number,
  ts: bigint,
  tid: number,
  cpu: number,
  args: bigint[],
  ret: bigint,
  items: Item[],
): Uint8Array {
  let size = 112;
  for (const it of items) size += 8 + ((it.data.length + 7) & ~7);
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, size, true);
  dv.setUint16(2, 5, true);
  dv.setInt32(4, nr, true);
  dv.setBigUint64(8, ts, true);
  dv.setUint32(16, 1000 + (tid & 1), true);
  dv.setUint32(20, tid, true);
  dv.setUint32(24, cpu, true);
  b.set(enc.encode("nginx"), 32);
  args.forEach((a, i) => dv.setBigUint64(48 + 8 * i, a, true));
  dv.setBigInt64(96, ret, true);
  dv.setBigUint64(104, ts - 2500n, true);
  let p = 112;
  for (const it of items) {
    dv.setUint16(p, it.data.length, true);
    b[p + 2] = it.arg;
    b[p + 3] = it.type;
    b.set(it.data, p + 8);
    p += 8 + ((it.data.length + 7) & ~7);
  }
  return b;
}

/**
 * The SCAP record of a SYSCALL record: its header (kind SCAP) and the two event blocks the
 * writer's byte path writes for it, as the module writes them itself.
 */
async function scapOf(rec: Uint8Array): Promise<Uint8Array> {
  const dir = Deno.makeTempDirSync({ prefix: "msd-consumer-" });
  const w = await openCaptureWriter(`${dir}/t`, { arch: ARCH, backend: "kmod" }, {
    procfs: false,
    params: captureParams(ARCH),
  });
  w.writeModuleRecord(rec, new DataView(rec.buffer), 0, offset);
  await w.close({ seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] });
  const file = Deno.readFileSync(`${dir}/t`);
  Deno.removeSync(dir, { recursive: true });
  const dv = new DataView(file.buffer);
  const starts: number[] = [];
  for (let at = 0; at < file.length; at += dv.getUint32(at + 4, true)) starts.push(at);
  const e = starts[starts.length - 2];
  const events = file.subarray(e);
  const size = (48 + events.length + 7) & ~7;
  const out = new Uint8Array(size);
  out.set(rec.subarray(0, 48));
  out.set(events, 48);
  const o = new DataView(out.buffer);
  o.setUint16(0, size, true);
  o.setUint16(2, 6, true);
  o.setUint32(28, size - 48 - events.length ? 2 : 0, true);
  return out;
}

/** A SCAP record like `t` for a call whose exit is at `ts` (its entry 2500 ns before). */
function scapAt(t: Uint8Array, ts: bigint): Uint8Array {
  const r = t.slice();
  const dv = new DataView(r.buffer);
  dv.setBigUint64(8, ts, true);
  dv.setBigUint64(48 + 10, BigInt.asUintN(64, ts - 2500n + offset), true);
  dv.setBigUint64(48 + dv.getUint32(48 + 4, true) + 10, BigInt.asUintN(64, ts + offset), true);
  return r;
}

/** The reads the module would return: each CPU's records in order, then a BATCH mark. */
async function makeReads(): Promise<Uint8Array[]> {
  const named = mix();
  const calls = named.map(([n, a, r, it]) => [syscallNumber(ARCH, n)!, a, r, it] as const);
  // with the module's events: each call's SCAP record, per thread, to be stamped with its time
  const templates = new Map<string, Uint8Array>();
  if (MODULE_EVENTS) {
    for (const [i, [nr, args, ret, items]] of calls.entries()) {
      if (!moduleWritesEvents(named[i][0])) continue;
      for (const tid of [1001, 1002]) {
        templates.set(
          `${i}/${tid}`,
          await scapOf(record(nr, 1n << 40n, tid, tid & 1, args, ret, items)),
        );
      }
    }
  }
  const reads: Uint8Array[] = [];
  let ts = 1_000_000_000_000n;
  let parts: Uint8Array[] = [];
  let bytes = 0;
  const flush = () => {
    const batch = new Uint8Array(48);
    const dv = new DataView(batch.buffer);
    dv.setUint16(0, 48, true);
    dv.setUint16(2, 4, true);
    dv.setBigUint64(8, ts + 1n, true);
    // the module returns each CPU's records as a run: CPU 0's, then CPU 1's
    const byCpu = [0, 1].flatMap((c) => parts.filter((p) => p[24] === c));
    const out = new Uint8Array(bytes + 48);
    let at = 0;
    for (const p of byCpu) {
      out.set(p, at);
      at += p.length;
    }
    out.set(batch, at);
    reads.push(out);
    parts = [];
    bytes = 0;
  };
  for (let i = 0; i < SYSCALLS; i++) {
    const [nr, args, ret, items] = calls[i % calls.length];
    ts += 3000n;
    const tid = 1001 + (Math.floor(i / calls.length) & 1);
    const t = templates.get(`${i % calls.length}/${tid}`);
    const r = t ? scapAt(t, ts) : record(nr, ts, tid, tid & 1, args, ret, items);
    if (bytes + r.length + 48 > READ) flush();
    parts.push(r);
    bytes += r.length;
  }
  flush();
  return reads;
}

const reads = await makeReads();
const dir = Deno.makeTempDirSync({ prefix: "msd-consumer-" });
const outPath = `${dir}/out`;
const merge = new RawRecordMerge(READ);
const stats = { seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] };

let consume: (b: RawBatch) => void;
let finish: () => Promise<void>;
if (config === "merge") {
  // the merge alone: what every configuration pays before its own work
  let n = 0;
  consume = (b) => {
    n += b.n;
  };
  finish = () => {
    Deno.writeTextFileSync(outPath, String(n));
    return Promise.resolve();
  };
} else if (config === "pump" || config === "pump-module") {
  const out = new Uint8Array(1 << 20);
  const f = Deno.openSync(outPath, { write: true, create: true, truncate: true });
  let len = 0;
  // records that follow each other in the buffer (one CPU's run) are copied in one go
  consume = (b) => {
    let i = 0;
    while (i < b.n) {
      const start = b.offs[i];
      let end = start + b.view.getUint16(start, true);
      for (i++; i < b.n && b.offs[i] === end && end - start < 65536; i++) {
        end += b.view.getUint16(end, true);
      }
      if (len + end - start > out.length) {
        f.writeSync(out.subarray(0, len));
        len = 0;
      }
      out.set(b.buf.subarray(start, end), len);
      len += end - start;
    }
  };
  finish = () => {
    f.writeSync(out.subarray(0, len));
    f.close();
    return Promise.resolve();
  };
} else if (config === "capture" || config === "capture-module" || config === "capture-objects") {
  const w = await openCaptureWriter(outPath, { arch: ARCH, backend: "kmod" }, {
    procfs: false,
    params: captureParams(ARCH),
  });
  consume = config !== "capture-objects"
    ? (b) => {
      for (let i = 0; i < b.n; i++) w.writeModuleRecord(b.buf, b.view, b.offs[i], offset);
    }
    : (b) => {
      for (let i = 0; i < b.n; i++) {
        const r = decodeRecord(b.buf, b.view, b.offs[i], offset);
        if (r) w.write(r);
      }
    };
  finish = () => w.close(stats);
} else if (["text", "text-objects", "json", "json-objects"].includes(config)) {
  const out = openLineOutput(outPath);
  const pairer = new Pairer(ARCH);
  const fmt = new TextFormatter(ARCH);
  const render = !config.startsWith("json")
    ? (r: Parameters<typeof fmt.format>[0]) => fmt.format(r)
    : (r: Parameters<typeof fmt.format>[0]) => jsonLine(r, ARCH);
  // as the CLI does: completed syscalls from their bytes where the format has that path
  const jf = new JsonRawFormatter(ARCH);
  const fast = config === "text"
    ? (b: RawBatch, off: number) => fmt.formatModule(b.buf, b.view, off, offset)
    : config === "json"
    ? (b: RawBatch, off: number) => jf.line(b.buf, b.view, off, offset)
    : undefined;
  consume = (b) => {
    for (let i = 0; i < b.n; i++) {
      const off = b.offs[i];
      if (fast && b.view.getUint16(off + 2, true) === 5 && pairer.idle()) {
        out.line(fast(b, off));
        continue;
      }
      const r = decodeRecord(b.buf, b.view, off, offset);
      if (r) { for (const p of pairer.push(r)) out.line(render(p)); }
    }
  };
  finish = () => {
    out.close();
    return Promise.resolve();
  };
} else {
  throw new Error(`unknown configuration ${config}`);
}

const t0 = performance.now();
for (const r of reads) {
  merge.readTarget().set(r);
  consume(merge.push(r.length));
}
consume(merge.flush());
await finish();
const ms = performance.now() - t0;
const size = Deno.statSync(outPath).size;
// BENCH_OUT=FILE keeps the output (to check what a configuration wrote)
const keep = Deno.env.get("BENCH_OUT");
if (keep) Deno.copyFileSync(outPath, keep);
Deno.removeSync(dir, { recursive: true });
console.log(
  `R consumer ${config} ${round} ns=${((ms * 1e6) / SYSCALLS).toFixed(1)} syscalls=${SYSCALLS} ` +
    `events=${2 * SYSCALLS} bytes=${size}`,
);
