// strace's -e read=SET / -e write=SET dumps: the lines after a call's line, as strace 6.1 prints
// them (the expected lines are from its tests read-write, vmsplice and preadv-pwritev).
import assert from "node:assert/strict";
import { hexDump, inFdSet, parseFdSet } from "../src/format_dump.ts";
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
