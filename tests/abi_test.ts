import assert from "node:assert/strict";
import {
  decodeFilter,
  decodeRecords,
  encodeFilter,
  F_CHILDREN,
  F_COMM,
  F_COMPAT_SYSCALLS,
  F_FOLLOW,
  F_PIDS,
  F_SYSCALLS,
  IF_FAULT,
  IF_TRUNC,
  LAYOUT,
  REC_BATCH,
  REC_DROP,
  REC_ENTER,
  REC_EXIT,
  REC_SYSCALL,
  RF_COMPAT,
  RF_UNFINISHED,
} from "../src/abi.ts";
import { cstr, loadShim } from "../src/ffi.ts";

Deno.test("abi: every size and offset matches the C header (through the shim)", () => {
  const shim = loadShim();
  for (const [name, value] of Object.entries(LAYOUT)) {
    assert.equal(Number(shim.msd_abi_layout(cstr(name))), value, name);
  }
  assert.equal(Number(shim.msd_abi_layout(cstr("no such field"))), -1);
});

Deno.test("abi: filter flags match the C header", () => {
  const src = Deno.readTextFileSync(new URL("../kmod/my_sysdig_abi.h", import.meta.url));
  const flag = (n: string) =>
    Number(new RegExp(`#define ${n}\\s+\\(1U << (\\d+)\\)`).exec(src)![1]);
  assert.equal(F_PIDS, 1 << flag("MSD_F_PIDS"));
  assert.equal(F_COMM, 1 << flag("MSD_F_COMM"));
  assert.equal(F_FOLLOW, 1 << flag("MSD_F_FOLLOW"));
  assert.equal(F_SYSCALLS, 1 << flag("MSD_F_SYSCALLS"));
  assert.equal(F_CHILDREN, 1 << flag("MSD_F_CHILDREN"));
  assert.equal(F_COMPAT_SYSCALLS, 1 << flag("MSD_F_COMPAT_SYSCALLS"));
  assert.equal(RF_COMPAT, 1 << flag("MSD_RF_COMPAT"));
  const kind = (n: string) => Number(new RegExp(`#define ${n}\\s+(\\d+)`).exec(src)![1]);
  assert.deepEqual([REC_ENTER, REC_EXIT, REC_DROP, REC_BATCH], [
    kind("MSD_REC_ENTER"),
    kind("MSD_REC_EXIT"),
    kind("MSD_REC_DROP"),
    kind("MSD_REC_BATCH"),
  ]);
});

Deno.test("abi: a filter survives encode and decode", () => {
  const f = {
    pids: [1, 42, 4194304],
    procName: "nginx",
    follow: true,
    syscalls: [0, 1, 257, 1023],
    compatSyscalls: [0, 11, 252, 295, 1023],
    children: true,
    bufferKb: 64,
    snaplen: 200,
    events: "both" as const,
  };
  assert.deepEqual(decodeFilter(encodeFilter(f)), f);
  assert.equal(decodeFilter(encodeFilter({ pids: [], follow: false })).snaplen, 80);
  assert.throws(() => encodeFilter({ pids: [], follow: false, snaplen: 16385 }), RangeError);
  const b = encodeFilter({ pids: [], follow: false });
  assert.equal(new DataView(b.buffer).getUint32(LAYOUT["msd_filter.flags"], true), 0);
  assert.throws(() => encodeFilter({ pids: [], follow: false, syscalls: [1024] }), RangeError);
  assert.throws(
    () => encodeFilter({ pids: [], follow: false, compatSyscalls: [1024] }),
    RangeError,
  );
  const c = encodeFilter({ pids: [], follow: false, syscalls: [257], compatSyscalls: [295] });
  const cv = new DataView(c.buffer);
  assert.equal(cv.getUint32(LAYOUT["msd_filter.flags"], true), F_SYSCALLS | F_COMPAT_SYSCALLS);
  assert.equal(c[LAYOUT["msd_filter.compat_syscalls"] + (295 >> 3)], 1 << (295 & 7));
  assert.throws(() => encodeFilter({ pids: Array(65).fill(1), follow: false }), RangeError);
});

function rec(kind: number, size: number, fill: (dv: DataView) => void): Uint8Array {
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, size, true);
  dv.setUint16(2, kind, true);
  fill(dv);
  return b;
}

Deno.test("abi: records decode with the realtime offset added", () => {
  const enter = rec(REC_ENTER, 96, (dv) => {
    dv.setInt32(4, 257, true);
    dv.setBigUint64(8, 1000n, true);
    dv.setUint32(16, 10, true);
    dv.setUint32(20, 11, true);
    dv.setUint32(24, 1, true);
    new Uint8Array(dv.buffer).set(new TextEncoder().encode("cat"), 32);
    for (let i = 0; i < 6; i++) dv.setBigUint64(48 + 8 * i, BigInt(i) + 0xffffffffffffff00n, true);
  });
  const exit = rec(REC_EXIT, 56, (dv) => {
    dv.setInt32(4, 257, true);
    dv.setBigUint64(8, 2000n, true);
    dv.setBigInt64(48, -2n, true);
  });
  const drop = rec(REC_DROP, 56, (dv) => {
    dv.setBigUint64(8, 3000n, true);
    dv.setBigUint64(48, 7n, true);
  });
  const batch = rec(REC_BATCH, 48, (dv) => dv.setBigUint64(8, 4000n, true));
  const buf = new Uint8Array(96 + 56 + 56 + 48);
  buf.set(enter, 0);
  buf.set(exit, 96);
  buf.set(drop, 152);
  buf.set(batch, 208);
  const { records, mark } = decodeRecords(buf, buf.length, 5n);
  assert.equal(mark, 4005n);
  assert.equal(records.length, 3);
  const [e, x, d] = records;
  assert.equal(e.kind, "enter");
  assert.equal(e.ts, 1005n);
  assert.equal(e.kind === "enter" && e.args[5], 0xffffffffffffff05n);
  assert.equal(e.comm, "cat");
  assert.deepEqual([e.pid, e.tid, e.cpu], [10, 11, 1]);
  assert.equal(x.kind === "exit" && x.ret, -2n);
  assert.equal(d.kind === "drop" && d.lost, 7n);
});

// every range decodeRecords reads differently
const ARGS = [7n, 4096n, 0xffffffffn, 0x1_0000_0001n, 0x1f_ffff_ffff_ffffn, 0xffff_ffff_ffff_ff9cn];

Deno.test("abi: SYSCALL records and their items, fault and truncation marked", () => {
  const size = 112 + 8 + 8 + 8 + 0 + 8 + 16;
  const b = rec(REC_SYSCALL, size, (dv) => {
    dv.setInt32(4, 0, true);
    dv.setBigUint64(8, 2000n, true);
    ARGS.forEach((a, i) => dv.setBigUint64(48 + 8 * i, a, true));
    dv.setBigInt64(96, 5n, true);
    dv.setBigUint64(104, 1500n, true);
    const u = new Uint8Array(dv.buffer);
    // item 1: 5 bytes "hello", truncated
    dv.setUint16(112, 5, true);
    u[114] = 1;
    u[115] = 2;
    dv.setUint16(116, IF_TRUNC, true);
    u.set(new TextEncoder().encode("hello"), 120);
    // item 2: a fault, no data
    dv.setUint16(128, 0, true);
    u[130] = 4;
    u[131] = 4;
    dv.setUint16(132, IF_FAULT, true);
    // item 3: unknown type 99, skipped by length
    dv.setUint16(136, 9, true);
    u[139] = 99;
  });
  const { records } = decodeRecords(b, b.length, 10n);
  const r = records[0];
  assert.equal(r.kind, "syscall");
  if (r.kind !== "syscall") return;
  assert.equal(r.ret, 5n);
  assert.deepEqual(r.args, ARGS, "small, 32-bit, 53-bit and full 64-bit values");
  assert.equal(r.enterTs, 1510n);
  assert.equal(r.ts, 2010n);
  assert.equal(r.items?.length, 2);
  assert.deepEqual(r.items?.[0], {
    arg: 1,
    type: "buf",
    data: new TextEncoder().encode("hello"),
    truncated: true,
  });
  assert.deepEqual(r.items?.[1], { arg: 4, type: "sockaddr", data: new Uint8Array(), fault: true });
  const plain = rec(REC_EXIT, 56, () => {});
  const e = decodeRecords(plain, plain.length, 0n).records[0];
  assert.ok(e.kind === "exit" && !("items" in e), "no items: absent, not empty");
});

Deno.test("abi: an unfinished SYSCALL record has no result", () => {
  const b = rec(REC_SYSCALL, 112, (dv) => {
    dv.setBigUint64(8, 2000n, true);
    dv.setUint32(28, RF_UNFINISHED, true);
    dv.setBigUint64(48, 3n, true);
    dv.setBigUint64(104, 1500n, true);
  });
  const r = decodeRecords(b, b.length, 0n).records[0];
  assert.ok(r.kind === "syscall" && !("ret" in r), "ret absent: text `= ?`, JSON without ret");
  assert.equal(r.enterTs, 1500n);
  assert.equal(r.args[0], 3n);
  const src = Deno.readTextFileSync(new URL("../kmod/my_sysdig_abi.h", import.meta.url));
  assert.equal(
    RF_UNFINISHED,
    1 << Number(/#define MSD_RF_UNFINISHED\s+\(1U << (\d+)\)/.exec(src)![1]),
  );
});

Deno.test("abi: a malformed record is an error, not a guess", () => {
  const bad = rec(REC_ENTER, 96, () => {});
  new DataView(bad.buffer).setUint16(0, 12, true);
  assert.throws(() => decodeRecords(bad, bad.length, 0n), /malformed record at byte 0/);
  const long = rec(REC_ENTER, 96, () => {});
  assert.throws(() => decodeRecords(long, 60, 0n), /malformed/);
});

Deno.test("abi: a thread's comm is decoded again when it changes (exec)", () => {
  const one = (comm: string) =>
    rec(REC_EXIT, 56, (dv) => {
      dv.setUint32(20, 77, true);
      new Uint8Array(dv.buffer).set(new TextEncoder().encode(comm), 32);
    });
  const comms = ["sh", "sh", "nginx", "nginx: worker p", "sh"].map((c) => {
    const b = one(c);
    return decodeRecords(b, b.length, 0n).records[0].comm;
  });
  assert.deepEqual(comms, ["sh", "sh", "nginx", "nginx: worker p", "sh"]);
});
