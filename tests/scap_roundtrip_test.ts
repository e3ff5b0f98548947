import assert from "node:assert/strict";
import type { Arch, TraceRecord, TraceStats } from "../src/record.ts";
import { openCaptureWriter } from "../src/scap/writer.ts";
import { decodeCapture, openCaptureFile } from "../src/scap/reader.ts";
import { synthRecords } from "../src/scap/synth.ts";
import { MsdError } from "../src/errors.ts";
import {
  ByteWriter,
  ITEM_HDR,
  ITEMS_MAX,
  MSD_ENTER_LEN,
  writeEvent,
  writeShb,
} from "../src/scap/codec.ts";
import { MSD_EVENT } from "../src/scap/events.ts";

const STATS: TraceStats = { seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] };

async function writeCapture(
  path: string,
  recs: TraceRecord[],
  arch: Arch,
  opts: { gzip?: boolean } = {},
): Promise<void> {
  const sink = await openCaptureWriter(path, { arch, backend: "test" }, { ...opts, procfs: false });
  for (const r of recs) sink.write(r);
  await sink.close(STATS);
}

async function readAll(path: string) {
  const be = await openCaptureFile(path);
  const out: TraceRecord[] = [];
  for await (const r of be.records()) out.push(r);
  await be.close();
  return { arch: be.arch, records: out, warnings: be.warnings, stats: be.stats() };
}

for (const arch of ["x86_64", "aarch64"] as const) {
  for (const gzip of [false, true]) {
    Deno.test(`scap round trip: ${arch}${gzip ? ", gzip" : ""}`, async () => {
      const dir = await Deno.makeTempDir();
      const path = `${dir}/t.scap`;
      const recs = synthRecords({ arch, count: 20000, seed: 7 });
      await writeCapture(path, recs, arch, { gzip });
      const got = await readAll(path);
      assert.deepEqual(got.arch, arch);
      assert.deepEqual(got.warnings, []);
      assert.deepEqual(got.records.length, recs.length);
      for (let i = 0; i < recs.length; i++) {
        assert.deepEqual(got.records[i], recs[i], `record ${i}`);
      }
      const lost = recs.reduce((s, r) => s + (r.kind === "drop" ? r.lost : 0n), 0n);
      assert.deepEqual(got.stats.dropped, lost);
      assert.deepEqual(got.stats.recorded, BigInt(recs.filter((r) => r.kind !== "drop").length));
      const st = await Deno.stat(path);
      assert.deepEqual(st.mode! & 0o777, 0o600);
      // The in-memory decoder agrees with the file backend.
      assert.deepEqual(decodeCapture(await Deno.readFile(path)).records, got.records);
      await Deno.remove(dir, { recursive: true });
    });
  }
}

Deno.test("scap round trip: odd values", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/odd.scap`;
  const base = { cpu: 65535, pid: 2 ** 31 - 1, tid: 2 ** 31 - 1, comm: "ünïcødé-15chars" };
  const recs: TraceRecord[] = [
    { ...base, kind: "enter", ts: 0n, nr: 0, args: [0n, 0n, 0n, 0n, 0n, 0n] },
    { ...base, kind: "exit", ts: 1n, nr: 0, ret: -(2n ** 63n) },
    { ...base, kind: "enter", ts: 2n, nr: 1023, args: Array(6).fill(2n ** 64n - 1n) },
    { ...base, kind: "exit", ts: 2n ** 64n - 1n, nr: 1023, ret: 2n ** 63n - 1n },
    { ...base, comm: "", kind: "enter", ts: 3n, nr: 3, args: [2n ** 64n - 1n, 0n, 0n, 0n, 0n, 5n] },
    { ...base, comm: "", kind: "exit", ts: 4n, nr: 3, ret: -9n },
    { kind: "drop", ts: 5n, cpu: 3, pid: 0, tid: 0, comm: "", lost: 2n ** 64n - 1n },
  ];
  await writeCapture(path, recs, "x86_64");
  assert.deepEqual((await readAll(path)).records, recs);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("scap: an empty capture is a valid file", async () => {
  const dir = await Deno.makeTempDir();
  await writeCapture(`${dir}/e.scap`, [], "aarch64");
  const got = await readAll(`${dir}/e.scap`);
  assert.deepEqual(got.arch, "aarch64");
  assert.deepEqual(got.records, []);
  assert.deepEqual(got.warnings, []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("scap: truncated file reads up to its last whole event and warns", async () => {
  const dir = await Deno.makeTempDir();
  const recs = synthRecords({ arch: "x86_64", count: 500, seed: 3 });
  await writeCapture(`${dir}/t.scap`, recs, "x86_64");
  const full = await Deno.readFile(`${dir}/t.scap`);
  await Deno.writeFile(`${dir}/cut.scap`, full.subarray(0, full.length - 7));
  const warned: string[] = [];
  const be = await openCaptureFile(`${dir}/cut.scap`, { onWarning: (w) => warned.push(w.message) });
  const got: TraceRecord[] = [];
  for await (const r of be.records()) got.push(r);
  assert.deepEqual(got, recs.slice(0, recs.length - 1));
  assert.deepEqual(be.warnings.map((w) => w.kind), ["truncated"]);
  assert.ok(warned[0].includes("truncated"), warned[0]);
  await be.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("scap: corrupt file names the offset", async () => {
  const dir = await Deno.makeTempDir();
  await writeCapture(`${dir}/t.scap`, synthRecords({ arch: "x86_64", count: 50 }), "x86_64");
  const b = await Deno.readFile(`${dir}/t.scap`);
  b[28 + 4] = 0xff; // length of the block after the section header
  b[28 + 5] = 0xff;
  b[28 + 6] = 0xff;
  await Deno.writeFile(`${dir}/bad.scap`, b);
  await assert.rejects(() => readAll(`${dir}/bad.scap`), (e: Error) => {
    assert.ok(e instanceof MsdError && e.message.includes("offset 28"), e.message);
    return true;
  });
  await Deno.writeFile(`${dir}/text.scap`, new TextEncoder().encode("hello, not a capture\n"));
  await assert.rejects(() => readAll(`${dir}/text.scap`), (e: Error) => {
    assert.ok(e instanceof MsdError && e.message.includes("offset 0"), e.message);
    return true;
  });
  await assert.rejects(() => readAll(`${dir}/missing.scap`), MsdError);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("scap round trip: captured memory (paths, data, addresses, argv, fds) survives", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/items.scap`;
  const u8 = (s: string) => new TextEncoder().encode(s);
  const base = { cpu: 1, pid: 40, tid: 41, comm: "itemprog" };
  const big = new Uint8Array(ITEMS_MAX + 100).fill(0x61);
  const recs: TraceRecord[] = [
    // openat (a dedicated event): the path item next to sysdig's own name parameter
    {
      ...base,
      kind: "enter",
      ts: 10n,
      nr: 257,
      args: [2n ** 64n - 100n, 0x1000n, 0n, 0n, 0n, 0n],
      items: [{ arg: 1, type: "str", data: u8("/etc/hosts") }],
    },
    { ...base, kind: "exit", ts: 11n, nr: 257, ret: 3n },
    // read's data at exit, faulted and truncated flags, an empty buffer
    { ...base, kind: "enter", ts: 12n, nr: 0, args: [3n, 0x2000n, 80n, 0n, 0n, 0n] },
    {
      ...base,
      kind: "exit",
      ts: 13n,
      nr: 0,
      ret: 5n,
      items: [{ arg: 1, type: "buf", data: u8("hel\x00o"), truncated: true }],
    },
    // a generic syscall with several items of every other type
    {
      ...base,
      kind: "enter",
      ts: 14n,
      nr: 59,
      args: [1n, 2n, 3n, 0n, 0n, 0n],
      items: [
        { arg: 0, type: "str", data: u8("/bin/true"), fault: true },
        { arg: 1, type: "argv", data: u8("true\x00a b\x00") },
        { arg: 2, type: "sockaddr", data: Uint8Array.of(2, 0, 0, 80, 127, 0, 0, 1) },
        { arg: 3, type: "iov", data: new Uint8Array() },
        { arg: 4, type: "fds", data: Uint8Array.of(3, 0, 0, 0, 4, 0, 0, 0) },
      ],
    },
    {
      ...base,
      kind: "syscall",
      ts: 16n,
      enterTs: 15n,
      nr: 293,
      args: [0x7000n, 0n, 0n, 0n, 0n, 0n],
      ret: 0n,
      items: [{ arg: 0, type: "fds", data: Uint8Array.of(5, 0, 0, 0, 6, 0, 0, 0) }],
    },
  ];
  await writeCapture(path, recs, "x86_64");
  const got = (await readAll(path)).records;
  // a completed syscall is written as its enter (with every item) and its exit
  const { kind: _k, enterTs, ret, items, args, ...rest } = recs[5] as TraceRecord & {
    kind: "syscall";
  };
  const want = [
    ...recs.slice(0, 5),
    { ...rest, kind: "enter", ts: enterTs, args, items },
    { ...rest, kind: "exit", ret },
  ];
  assert.deepEqual(got, want);

  // more than one event can carry: cut, and said so
  const first = recs[0] as TraceRecord & { kind: "enter" };
  await writeCapture(path, [{ ...first, items: [{ arg: 1, type: "buf", data: big }] }], "x86_64");
  const [cut] = (await readAll(path)).records;
  assert.ok(cut.kind === "enter" && cut.items?.length === 1);
  assert.equal(cut.items![0].truncated, true);
  assert.equal(cut.items![0].data.length, ITEMS_MAX - ITEM_HDR);
  await Deno.remove(dir, { recursive: true });
});

/** One event block by hand (parameters given as bytes). */
function event(w: ByteWriter, ts: bigint, tid: number, type: number, params: Uint8Array[]): void {
  writeEvent(w, 0, ts, BigInt(tid), type, params);
}
const le16 = (v: number) => Uint8Array.of(v & 0xff, v >> 8);

/** A format 2 capture's start, by hand: the section header and mysysdig's INFO (x86_64). */
function header(w: ByteWriter): void {
  writeShb(w);
  event(w, 1n, 7, MSD_EVENT.INFO, [
    new TextEncoder().encode("mysysdig\0"),
    le16(2),
    new TextEncoder().encode("x86_64\0"),
  ]);
}

Deno.test("scap reader: an item may point at one of sysdig's parameters", () => {
  const w = new ByteWriter();
  header(w);
  // OPENAT_2_E: dirfd, name, flags, mode, msd, items with a reference to parameter 2 (name)
  const msd = new Uint8Array(MSD_ENTER_LEN);
  new DataView(msd.buffer).setUint32(0, 257, true);
  const item = Uint8Array.of(0, 0, 1, 1, 0, 0, 2, 0);
  event(w, 2n, 7, 306, [
    new Uint8Array(8),
    new TextEncoder().encode("/etc/passwd\0"),
    new Uint8Array(4),
    new Uint8Array(4),
    msd,
    item,
  ]);
  const { records } = decodeCapture(w.data());
  assert.equal(records.length, 1);
  const r = records[0];
  assert.ok(r.kind === "enter");
  assert.deepEqual(r.items, [{
    arg: 1,
    type: "str",
    data: new TextEncoder().encode("/etc/passwd"),
  }]);
  // a reference past the parameters is an error, not a guess
  item[6] = 9;
  const w2 = new ByteWriter();
  header(w2);
  event(w2, 2n, 7, 306, [
    new Uint8Array(8),
    Uint8Array.of(0),
    new Uint8Array(4),
    new Uint8Array(4),
    msd,
    item,
  ]);
  assert.throws(() => decodeCapture(w2.data()), /bad item reference/);
});

Deno.test("scap reader: an item of a type it does not know is skipped and reported", () => {
  const w = new ByteWriter();
  header(w);
  const msd = new Uint8Array(MSD_ENTER_LEN);
  new DataView(msd.buffer).setUint32(0, 257, true);
  // a 4-byte item of type 200 (a newer writer's), then a string item for argument 1
  const items = Uint8Array.of(
    4,
    0,
    2,
    200,
    0,
    0,
    0,
    0,
    1,
    2,
    3,
    4,
    3,
    0,
    1,
    1,
    0,
    0,
    0,
    0,
    0x2f,
    0x65,
    0x74,
  );
  event(w, 2n, 7, 306, [
    new Uint8Array(8),
    new TextEncoder().encode("/et\0"),
    new Uint8Array(4),
    new Uint8Array(4),
    msd,
    items,
  ]);
  const { records, warnings } = decodeCapture(w.data());
  assert.equal(records.length, 1);
  const r = records[0];
  assert.ok(r.kind === "enter");
  assert.deepEqual(r.items, [{ arg: 1, type: "str", data: new TextEncoder().encode("/et") }]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0].message, /skipped 1 copied values of types this mysysdig does not know/);
});

Deno.test("scap reader: format 1 captures (varint tails) still read", () => {
  const uvarint = (v: bigint): number[] => {
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    return out;
  };
  const w = new ByteWriter();
  writeShb(w);
  event(w, 1n, 9, MSD_EVENT.INFO, [
    new TextEncoder().encode("mysysdig\0"),
    le16(1),
    new TextEncoder().encode("aarch64\0"),
  ]);
  // GENERIC_E getppid (aarch64 173) with arguments 5, 2^64-1; GENERIC_X with -2 (zig-zag 3), nr
  event(w, 2n, 9, 0, [
    le16(0),
    le16(173),
    Uint8Array.from([...uvarint(5n), ...uvarint(2n ** 64n - 1n)]),
  ]);
  event(w, 3n, 9, 1, [le16(0), Uint8Array.from([...uvarint(3n), ...uvarint(173n)])]);
  const { arch, records } = decodeCapture(w.data());
  assert.equal(arch, "aarch64");
  const base = { cpu: 0, pid: 9, tid: 9, comm: "", nr: 173 };
  assert.deepEqual(records, [
    { ...base, ts: 2n, kind: "enter", args: [5n, 2n ** 64n - 1n, 0n, 0n, 0n, 0n] },
    { ...base, ts: 3n, kind: "exit", ret: -2n },
  ]);
});
