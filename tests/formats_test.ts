import assert from "node:assert/strict";
import { seedLine } from "../src/format_seed.ts";
import { formatResult, TextFormatter } from "../src/format_text.ts";
import { json64, jsonLine } from "../src/format_json.ts";
import { OrderedMerge } from "../src/merge.ts";
import type { EnterRecord, ExitRecord, TraceRecord } from "../src/record.ts";

const base = { ts: 1764201234123456789n, cpu: 1, pid: 0x21e, tid: 0x21e, comm: "systemd-journal" };
const enter: EnterRecord = {
  ...base,
  kind: "enter",
  nr: 0x101,
  args: [0xffffff9cn, 1n, 2n, 3n, 4n, 5n],
};
const exit: ExitRecord = { ...base, kind: "exit", nr: 0x101, ret: 0x48n };

Deno.test("seed: the original module's lines, byte for byte", () => {
  assert.equal(seedLine(enter), "syscall 0x101, with pid=0x21e, name=systemd-journal");
  assert.equal(
    seedLine(exit),
    "exit syscall, regs[0]=0x48, with pid=0x21e, ret=0x48, name=systemd-journal",
  );
  assert.equal(
    seedLine({ ...exit, ret: -2n }),
    "exit syscall, regs[0]=0xfffffffffffffffe, with pid=0x21e, ret=0xfffffffffffffffe, " +
      "name=systemd-journal",
  );
  assert.equal(seedLine({ ...base, kind: "drop", lost: 3n }), undefined);
});

Deno.test("text: arguments by name, errors by errno name", () => {
  const f = new TextFormatter("x86_64");
  const l1 = f.format(enter);
  assert.match(
    l1,
    /^1 \d\d:\d\d:\d\d\.123456789 1 systemd-journal \(542\) > openat dfd=AT_FDCWD filename=0x1 flags=O_RDWR$/,
  );
  assert.match(f.format({ ...exit, ret: -2n }), /^2 .* < openat res=-2\(ENOENT\)$/);
  assert.match(f.format({ ...base, kind: "drop", lost: 9n }), /^3 .* 1 !! 9 events lost/);
  assert.equal(formatResult(3n), "3");
  assert.equal(formatResult(-512n), "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
  assert.equal(formatResult(-513n), "? ERESTARTNOINTR (To be restarted)");
  assert.equal(formatResult(-514n), "? ERESTARTNOHAND (To be restarted if no handler)");
  assert.equal(formatResult(-515n), "-515(ENOIOCTLCMD)");
  assert.equal(formatResult(-516n), "? ERESTART_RESTARTBLOCK (Interrupted by signal)");
  assert.equal(formatResult(-4096n), "-4096");
});

Deno.test("json: one object per line, 64-bit values exact", () => {
  const e = JSON.parse(jsonLine(enter, "x86_64"));
  assert.deepEqual(e, {
    ts: "1764201234123456789",
    cpu: 1,
    pid: 0x21e,
    tid: 0x21e,
    comm: "systemd-journal",
    dir: "enter",
    nr: 257,
    syscall: "openat",
    args: { dfd: "AT_FDCWD", filename: 1, flags: "O_RDWR" },
    raw: [0xffffff9c, 1, 2, 3, 4, 5],
  });
  const big = JSON.parse(
    jsonLine({ ...enter, args: [0xffffffffffffffffn, 0n, 0n, 0n, 0n, 0n] }, "x86_64"),
  );
  assert.equal(big.raw[0], "18446744073709551615");
  assert.equal(JSON.parse(jsonLine({ ...exit, ret: -2n }, "x86_64")).ret, -2);
  assert.deepEqual(JSON.parse(jsonLine({ ...base, kind: "drop", lost: 4n }, "x86_64")), {
    ts: "1764201234123456789",
    cpu: 1,
    dir: "drop",
    lost: 4,
  });
  assert.equal(json64(9007199254740991n), "9007199254740991");
  assert.equal(json64(9007199254740992n), '"9007199254740992"');
  assert.equal(json64(-9007199254740992n), '"-9007199254740992"');
});

Deno.test("merge: per-CPU streams come out in timestamp order", () => {
  const m = new OrderedMerge();
  const r = (ts: bigint, cpu: number): TraceRecord => ({ ...exit, ts, cpu });
  const ms = 1_000_000n;
  // CPU 0 then CPU 1, as one read returns them; the mark is 100 ms
  const out1 = m.push([r(10n * ms, 0), r(50n * ms, 0), r(5n * ms, 1), r(100n * ms, 1)], 100n * ms);
  assert.deepEqual(out1.map((x) => x.ts), [5n * ms, 10n * ms, 50n * ms]);
  const out2 = m.push([r(92n * ms, 0)], undefined);
  assert.deepEqual(out2, []);
  assert.deepEqual(m.flush().map((x) => x.ts), [92n * ms, 100n * ms]);
  assert.equal(m.outOfOrder, 0);
});

Deno.test("merge: a record older than what was released is counted out of order", () => {
  const r = (ts: bigint): TraceRecord => ({ ...exit, ts, cpu: 0 });
  const m = new OrderedMerge();
  assert.deepEqual(m.push([r(10n), r(20n)], 30n).map((x) => x.ts), [10n, 20n]);
  // 15 came after the mark promised everything below 30: it goes out late
  assert.deepEqual(m.push([r(15n), r(40n)], 50n).map((x) => x.ts), [15n, 40n]);
  assert.equal(m.outOfOrder, 1);
  assert.deepEqual(m.flush(), []);
  // with a slack, the same record is held back and put in its place
  const s = new OrderedMerge(10n);
  assert.deepEqual(s.push([r(10n), r(25n)], 30n).map((x) => x.ts), [10n]);
  assert.deepEqual(s.push([r(15n)], 50n).map((x) => x.ts), [15n, 25n]);
  assert.equal(s.outOfOrder, 0);
});

Deno.test("text: -x and -xx quote strings in hex as strace does", () => {
  const enc = new TextEncoder();
  const write = (data: string): TraceRecord => ({
    ...base,
    kind: "syscall",
    nr: 1,
    args: [1n, 0x1000n, BigInt(data.length), 0n, 0n, 0n],
    ret: BigInt(data.length),
    enterTs: base.ts - 1000n,
    items: [{ arg: 1, type: "buf", data: enc.encode(data) }],
  });
  const call = (opts: { hexStrings?: 1 | 2 }, data: string) =>
    / (write\(.*\) = \d+) </.exec(new TextFormatter("x86_64", opts).format(write(data)))![1];
  // strace -x: a string with a byte neither printable nor \t..\r goes all in hex
  assert.equal(call({ hexStrings: 1 }, "a\x01b\n"), 'write(1, "\\x61\\x01\\x62\\x0a", 4) = 4');
  assert.equal(call({ hexStrings: 1 }, "hi\n"), 'write(1, "hi\\n", 3) = 3');
  assert.equal(call({ hexStrings: 1 }, "\xe9"), 'write(1, "\\xc3\\xa9", 1) = 1');
  // -xx: every string
  assert.equal(call({ hexStrings: 2 }, "hi\n"), 'write(1, "\\x68\\x69\\x0a", 3) = 3');
  // default: strace's escapes
  assert.equal(call({}, "a\x01b\n"), 'write(1, "a\\1b\\n", 4) = 4');
});

Deno.test("text: syscall -1 as strace names it", () => {
  const line = new TextFormatter("x86_64").format({
    ...base,
    kind: "syscall",
    nr: -1,
    args: [1n, 2n, 0n, 0n, 0n, 0n],
    ret: -38n,
    enterTs: base.ts,
  });
  assert.match(
    line,
    / syscall_0xffffffffffffffff\(0x1, 0x2, 0, 0, 0, 0\) = -1 ENOSYS \(Function not implemented\) </,
  );
});
