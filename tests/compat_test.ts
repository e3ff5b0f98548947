/**
 * Calls of 32-bit tasks (MSD_RF_COMPAT): named, decoded and selected from the compat tables
 * (i386's on x86_64, arm EABI's on arm64), in records, text, JSON and `-e`'s second bitmap.
 */
import assert from "node:assert/strict";
import { decodeRecords, REC_SYSCALL, RF_COMPAT } from "../src/abi.ts";
import {
  COMPAT_NR_BASE,
  compatSelection,
  compatSyscallNumber,
  compatSyscallTable,
  syscallName,
} from "../src/syscalls.ts";
import { decodeCall } from "../src/decode.ts";
import { jsonLine, JsonRawFormatter } from "../src/format_json.ts";
import { TextFormatter } from "../src/format_text.ts";
import type { Arch, TraceStats } from "../src/record.ts";

/** A SYSCALL record of compat call nr with args, ret and a string item for argument `arg`. */
function compatRecord(
  nr: number,
  args: bigint[],
  ret: bigint,
  path?: [number, string],
): Uint8Array {
  const data = path ? new TextEncoder().encode(path[1]) : new Uint8Array();
  const items = path ? 8 + Math.ceil(data.length / 8) * 8 : 0;
  const size = 112 + items;
  const b = new Uint8Array(size + 48);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, size, true);
  dv.setUint16(2, REC_SYSCALL, true);
  dv.setInt32(4, nr, true);
  dv.setBigUint64(8, 2000n, true);
  dv.setUint32(16, 7, true);
  dv.setUint32(20, 7, true);
  dv.setUint32(28, RF_COMPAT, true);
  b.set(new TextEncoder().encode("prog32"), 32);
  args.forEach((a, i) => dv.setBigUint64(48 + 8 * i, a, true));
  dv.setBigInt64(96, ret, true);
  dv.setBigUint64(104, 1000n, true);
  if (path) {
    dv.setUint16(112, data.length, true);
    b[114] = path[0];
    b[115] = 1; // MSD_IT_STR
    b.set(data, 120);
  }
  // a BATCH record ends the read
  dv.setUint16(size, 48, true);
  dv.setUint16(size + 2, 4, true);
  dv.setBigUint64(size + 8, 3000n, true);
  return b;
}

const CASES: { arch: Arch; abi: string; openat: number; execve: number; exitGroup: number }[] = [
  { arch: "x86_64", abi: "i386", openat: 295, execve: 11, exitGroup: 252 },
  { arch: "aarch64", abi: "arm", openat: 322, execve: 11, exitGroup: 248 },
];

for (const c of CASES) {
  Deno.test(`compat ${c.abi}: the table names its own numbers`, () => {
    assert.equal(compatSyscallTable(c.arch)[c.openat]?.name, "openat");
    assert.equal(compatSyscallNumber(c.arch, "execve"), c.execve);
    assert.equal(compatSyscallNumber(c.arch, "exit_group"), c.exitGroup);
    assert.equal(syscallName(c.arch, COMPAT_NR_BASE + c.openat), "openat");
    assert.equal(syscallName(c.arch, COMPAT_NR_BASE + 1000), "syscall_compat_1000");
    if (c.arch === "aarch64") {
      // arm's private calls, above the table (glibc's TLS set-up)
      assert.equal(syscallName(c.arch, COMPAT_NR_BASE + 0xf0005), "set_tls");
      assert.equal(compatSyscallNumber(c.arch, "set_tls"), 0xf0005);
    }
  });

  Deno.test(`compat ${c.abi}: -e names fill the second bitmap by the same names`, () => {
    const openat = c.arch === "x86_64" ? 257 : 56;
    assert.deepEqual(compatSelection(c.arch, [openat]), [c.openat]);
    assert.equal(compatSelection(c.arch, undefined), undefined);
    // lseek selects the 32-bit ABI's _llseek as well
    const lseek = c.arch === "x86_64" ? 8 : 62;
    const sel = compatSelection(c.arch, [lseek])!;
    assert.ok(sel.includes(compatSyscallNumber(c.arch, "_llseek")!), `${sel}`);
  });

  Deno.test(`compat ${c.abi}: a compat record decodes, prints and serializes from its table`, () => {
    // openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3, registers zero-extended 32-bit values
    const buf = compatRecord(
      c.openat,
      [0xffffff9cn, 0x8049000n, 0n, 0n, 0n, 0n],
      3n,
      [1, "/etc/hostname"],
    );
    const { records } = decodeRecords(buf, buf.length, 0n);
    assert.equal(records.length, 1);
    const r = records[0];
    assert.equal(r.kind, "syscall");
    assert.equal(r.nr, COMPAT_NR_BASE + c.openat);
    const call = decodeCall(c.arch, r.nr, (r as { args: bigint[] }).args, r.items);
    assert.equal(call.name, "openat");
    const text = new TextFormatter(c.arch).format(r);
    assert.match(text, /openat\(AT_FDCWD, "\/etc\/hostname", O_RDONLY\) = 3/);
    const json = jsonLine(r, c.arch);
    assert.match(json, new RegExp(`"nr":${c.openat},"abi":"${c.abi}","syscall":"openat"`));
    assert.match(json, /"filename":"\/etc\/hostname"/);
    const view = new DataView(buf.buffer);
    assert.equal(new JsonRawFormatter(c.arch).line(buf, view, 0, 0n), json);
    assert.equal(new TextFormatter(c.arch).formatModule(buf, view, 0, 0n), text);
  });

  Deno.test(`compat ${c.abi}: a 32-bit long argument is signed`, () => {
    // _llseek is not in the 64-bit table; lseek(fd, -1, SEEK_END) through the compat lseek
    const nr = compatSyscallNumber(c.arch, "lseek")!;
    const buf = compatRecord(nr, [3n, 0xffffffffn, 2n, 0n, 0n, 0n], -22n);
    const r = decodeRecords(buf, buf.length, 0n).records[0];
    const text = new TextFormatter(c.arch).format(r);
    assert.match(text, /lseek\(3, -1, SEEK_END\) = -1 EINVAL/);
  });
}

Deno.test("compat: a capture holds a compat call as its native namesake, and counts the others", async () => {
  const { openCaptureWriter } = await import("../src/scap/writer.ts");
  const path = await Deno.makeTempFile({ suffix: ".scap" });
  const notes: string[] = [];
  try {
    const w = await openCaptureWriter(path, { arch: "x86_64", backend: "file" }, {
      clobber: true,
      note: (m) => notes.push(m),
    });
    const base = { ts: 2000n, cpu: 0, pid: 7, tid: 7, comm: "prog32", enterTs: 1000n };
    const args = [0xffffff9cn, 0x8049000n, 0n, 0n, 0n, 0n];
    // i386's openat (295) and stat64 (195), which x86_64 has no call of that name for
    w.write({ ...base, kind: "syscall", nr: COMPAT_NR_BASE + 295, args, ret: 3n });
    w.write({ ...base, kind: "syscall", nr: COMPAT_NR_BASE + 195, args, ret: 0n });
    await w.close({ seen: 2n, recorded: 2n, dropped: 0n, perCpu: [] } as unknown as TraceStats);
    assert.equal(notes.length, 1);
    assert.match(notes[0], /^1 calls of 32-bit programs left out/);
  } finally {
    await Deno.remove(path);
  }
});
