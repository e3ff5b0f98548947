// strace's -e read=SET / -e write=SET dumps: the lines after a call's line, as strace 6.1 prints
// them (the expected lines are from its tests read-write, vmsplice and preadv-pwritev).
import assert from "node:assert/strict";
import { hexDump, inFdSet, parseFdSet } from "../src/format_dump.ts";
import { DF_FAULT, DF_LIMIT, encodeDump, LAYOUT as L, REC_DATA } from "../src/abi.ts";
import { TextFormatter } from "../src/format_text.ts";
import { parseArgs } from "../src/cli_args.ts";
import type { Capture, SyscallRecord } from "../src/record.ts";
import { callRecord } from "./call_records.ts";

const enc = new TextEncoder();
const P = 0x7ffd0000n;

const rec = callRecord;

/** The lines of one call under -e read=0 -e write=1, without mysysdig's prefix and duration. */
function lines(r: SyscallRecord, read = "0", write = "1"): string[] {
  const f = new TextFormatter("x86_64", {
    dump: { read: parseFdSet(read), write: parseFdSet(write) },
  });
  return f.format(r).split("\n").map((l) => l.replace(/^.*? \(1\) /, "").replace(/ <[\d.]+>$/, ""));
}

/** An iovec array's element bytes (IOVEC item) and the bytes gathered from them (IOV item). */
function iovItems(arg: number, parts: string[]): Capture[] {
  const vec = new Uint8Array(16 * parts.length);
  const dv = new DataView(vec.buffer);
  parts.forEach((p, i) => {
    dv.setBigUint64(16 * i, P + BigInt(0x100 * i), true);
    dv.setBigUint64(16 * i + 8, BigInt(p.length), true);
  });
  return [
    { arg, type: "iovec", data: vec },
    { arg, type: "iov", data: enc.encode(parts.join("")) },
  ];
}

Deno.test("dump: strace's hex and ASCII lines, offsets and the short last line", () => {
  assert.deepEqual(hexDump(enc.encode("0123456789abcde")), [
    " | 00000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65     0123456789abcde  |",
  ]);
  const all = Uint8Array.from({ length: 0x21 }, (_, i) => i * 8);
  assert.deepEqual(hexDump(all), [
    " | 00000  00 08 10 18 20 28 30 38  40 48 50 58 60 68 70 78  .... (08@HPX`hpx |",
    " | 00010  80 88 90 98 a0 a8 b0 b8  c0 c8 d0 d8 e0 e8 f0 f8  ................ |",
    " | 00020  00                                                .                |",
  ]);
  // fewer bytes copied than the call moved: what there is; a wider offset past 1 MiB
  assert.equal(hexDump(all, 1 << 21).length, 3);
  assert.match(hexDump(all, (1 << 20) + 1)[2], /^ \| 000020 {2}00 /);
});

Deno.test("dump: write and read, by fd set; none for a failed or other-fd call", () => {
  const w = rec("write", [1n, P, 15n], 15n, [{
    arg: 1,
    type: "buf",
    data: enc.encode("0123456789abcde"),
  }]);
  assert.deepEqual(lines(w), [
    'write(1, "0123456789abcde", 15) = 15',
    " | 00000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65     0123456789abcde  |",
  ]);
  assert.equal(lines(w, "0", "2").length, 1);
  assert.equal(lines(w, "0", "!1").length, 1);
  assert.equal(lines(w, "0", "all").length, 2);
  const r = rec("read", [0n, P, 15n], 7n, [{ arg: 1, type: "buf", data: enc.encode("89abcde") }]);
  assert.deepEqual(lines(r), [
    'read(0, "89abcde", 15) = 7',
    " | 00000  38 39 61 62 63 64 65                              89abcde          |",
  ]);
  // a read that failed: no dump (strace dumps reads only when they succeed)
  assert.equal(lines(rec("read", [0n, P, 15n], -14n)).length, 1);
  // an empty write: no line
  assert.equal(
    lines(rec("write", [1n, P, 0n], 0n, [{ arg: 1, type: "buf", data: new Uint8Array() }])).length,
    1,
  );
});

Deno.test("dump: the vector calls, a line per buffer", () => {
  const v = rec("vmsplice", [1n, P, 3n, 2n], 15n, iovItems(1, ["012", "34567", "89abcde"]));
  assert.deepEqual(lines(v).slice(1), [
    " * 3 bytes in buffer 0",
    " | 00000  30 31 32                                          012              |",
    " * 5 bytes in buffer 1",
    " | 00000  33 34 35 36 37                                    34567            |",
    " * 7 bytes in buffer 2",
    " | 00000  38 39 61 62 63 64 65                              89abcde          |",
  ]);
  // readv: the buffers up to the result's bytes
  const r = rec(
    "readv",
    [0n, P, 2n],
    4n,
    iovItems(1, ["012", "3"]).map((c) =>
      c.type === "iovec"
        ? (() => {
          const d = new Uint8Array(c.data);
          new DataView(d.buffer).setBigUint64(24, 8n, true); // the second buffer holds 8
          return { ...c, data: d };
        })()
        : c
    ),
  );
  assert.deepEqual(lines(r).slice(1), [
    " * 3 bytes in buffer 0",
    " | 00000  30 31 32                                          012              |",
    " * 1 bytes in buffer 1",
    " | 00000  33                                                3                |",
  ]);
});

Deno.test("dump: the flag's spellings, sets and errors", () => {
  const o = parseArgs(["-e", "read=0,5", "-ewrite=1", "--", "true"]);
  assert.ok(inFdSet(o.dumpRead!, 5) && !inFdSet(o.dumpRead!, 1));
  assert.ok(inFdSet(o.dumpWrite!, 1));
  const n = parseFdSet("!3");
  assert.ok(inFdSet(n, 4) && !inFdSet(n, 3));
  assert.ok(!inFdSet(parseFdSet("none"), 0));
  assert.throws(() => parseArgs(["-e", "write=x", "--", "true"]), /not a file descriptor/);
  assert.throws(
    () => parseArgs(["-e", "read=0", "--format", "json", "--", "true"]),
    /shape the text/,
  );
});

/** A DATA record (kmod/my_sysdig_abi.h, struct msd_rec_data) of `data` at `at` of `total`. */
function dataRecord(data: Uint8Array, at: number, total: number, flags = 0): Uint8Array {
  const size = L["sizeof msd_rec_data"] + ((data.length + 7) & ~7);
  const b = new Uint8Array(size + 8);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, size, true);
  dv.setUint16(2, REC_DATA, true);
  dv.setUint32(L["msd_rec_hdr.tid"], 4242, true);
  dv.setBigUint64(L["msd_rec_data.addr"], 0x7f0000001000n, true);
  dv.setBigUint64(L["msd_rec_data.total"], BigInt(total), true);
  dv.setBigUint64(L["msd_rec_data.offset"], BigInt(at), true);
  dv.setUint32(L["msd_rec_data.len"], data.length, true);
  dv.setUint16(L["msd_rec_data.flags"], flags, true);
  b.set(data, L["sizeof msd_rec_data"]);
  return b;
}

Deno.test("dump: the module's DATA records, at their offsets in the dump", () => {
  const f = new TextFormatter("x86_64", { dump: { write: parseFdSet("1") }, moduleDumps: true });
  const text = (b: Uint8Array) => f.formatData(b, new DataView(b.buffer), 0);
  const bytes = Uint8Array.from({ length: 20 }, (_, i) => i + 0x41);
  // the second record of a 100000-byte dump: offsets from 0x8000, five digits
  assert.deepEqual(text(dataRecord(bytes, 0x8000, 100000)).split("\n"), [
    " | 08000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  ABCDEFGHIJKLMNOP |",
    " | 08010  51 52 53 54                                       QRST             |",
  ]);
  // past 2^20 bytes the offsets take six digits, as strace's (its read-write test)
  assert.equal(
    text(dataRecord(bytes.subarray(0, 16), 0x100000, (1 << 20) + 1)),
    " | 100000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  ABCDEFGHIJKLMNOP |",
  );
  assert.equal(
    text(dataRecord(new Uint8Array(16), 0, (1 << 20) + 65536)).slice(0, 11),
    " | 000000  ",
  );
  // a unit the module could not read: strace's line, but none when it is the first
  assert.equal(
    text(dataRecord(new Uint8Array(0), 0x110000, 0x110001, DF_FAULT)),
    " | <Cannot fetch 1 byte from pid 4242 @0x7f0000111000>",
  );
  assert.equal(
    text(dataRecord(new Uint8Array(0), 0x10000, 0x10000 + 70000, DF_FAULT)),
    " | <Cannot fetch 65536 bytes from pid 4242 @0x7f0000011000>",
  );
  assert.equal(text(dataRecord(new Uint8Array(0), 0, 10, DF_FAULT)), "");
  assert.match(
    text(dataRecord(new Uint8Array(0), 0x200000, 0x300000, DF_LIMIT)),
    /^ \| <1048576 more bytes not dumped: .*--buffer-size/,
  );
});

Deno.test("dump: with the module's dumps a buffer call's line has none of its own", () => {
  const r = rec("write", [1n, P, 5n], 5n, [{ arg: 1, type: "buf", data: enc.encode("hello") }]);
  const withItems = new TextFormatter("x86_64", { dump: { write: parseFdSet("1") } });
  assert.equal(withItems.format(r).split("\n").length, 2);
  const f = new TextFormatter("x86_64", { dump: { write: parseFdSet("1") }, moduleDumps: true });
  assert.equal(f.format(r).split("\n").length, 1);
  // a vector call's dump still comes from its record
  const w = rec("writev", [1n, P, 1n], 3n, iovItems(1, ["abc"]));
  assert.equal(f.format(w).split("\n").length, 3);
});

Deno.test("dump: the sets as MSD_IOC_SET_DUMP takes them", () => {
  const b = encodeDump(parseFdSet("0,5,2000"), parseFdSet("!1"));
  const dv = new DataView(b.buffer);
  // READ, WRITE and WRITE_NOT; fd 2000 is past the bitmap (it is not in a negated set)
  assert.equal(dv.getUint32(L["msd_dump.flags"], true), 1 | 2 | 8);
  assert.equal(b[L["msd_dump.read_fds"]], 0b100001);
  assert.equal(b[L["msd_dump.write_fds"]], 0b10);
  assert.equal(b.slice(L["msd_dump.read_fds"] + 1, L["msd_dump.write_fds"]).some((x) => x), false);
  assert.equal(new DataView(encodeDump().buffer).getUint32(0, true), 0);
});
