// PTRACE_GET_SYSCALL_INFO's struct ptrace_syscall_info as strace 6.1 prints it, from the bytes the
// module copies (the OBYTES copier: the lesser of the result and addr's size). The expected lines
// are strace's own (its tests ptrace_syscall_info, -Xabbrev, -Xraw, -Xverbose, as Debian's strace
// 6.1 printed them in a guest); the seccomp, i386, arm and unknown-op lines follow its
// print_ptrace_syscall_info() (src/ptrace_syscall_info.c).
import assert from "node:assert/strict";
import { TextFormatter } from "../src/format_text.ts";
import { jsonLine } from "../src/format_json.ts";
import { decodeCall } from "../src/decode.ts";
import { waitStatusText } from "../src/decode_struct.ts";
import { syscallNumber } from "../src/syscalls.ts";
import type { Arch, Capture, SyscallRecord } from "../src/record.ts";
import type { XlatStyle } from "../src/xlat/xlat.ts";
import { callRecord } from "./call_records.ts";

const GET_SYSCALL_INFO = 0x420en;
const BUF = 0x7f3396c82fa8n;

interface Info {
  op: number;
  arch: number;
  ip: bigint;
  sp: bigint;
  /** entry.nr, seccomp.nr, exit.rval */
  nr?: bigint;
  args?: bigint[];
  isError?: number;
  retData?: number;
}

/** A struct ptrace_syscall_info (88 bytes) as the kernel lays it out. */
function info(i: Info): Uint8Array {
  const b = new Uint8Array(88);
  const dv = new DataView(b.buffer);
  b.fill(0xff, 1, 4); // the padding: whatever was there
  b[0] = i.op;
  dv.setUint32(4, i.arch, true);
  dv.setBigUint64(8, i.ip, true);
  dv.setBigUint64(16, i.sp, true);
  dv.setBigUint64(24, BigInt.asUintN(64, i.nr ?? 0n), true);
  (i.args ?? []).forEach((a, k) => dv.setBigUint64(32 + 8 * k, a, true));
  if (i.isError !== undefined) b[32] = i.isError;
  if (i.retData !== undefined) dv.setUint32(80, i.retData, true);
  return b;
}

const X86 = 0xc000003e, I386 = 0x40000003, AARCH64 = 0xc00000b7, ARM = 0x40000028;
const NONE = info({ op: 0, arch: X86, ip: 0x7f3396cc5267n, sp: 0x7ffc24e1db28n });
const CHDIR_ARGS = [
  0x55592e936248n,
  0xbad1fed1n,
  0xbad2fed2n,
  0xbad3fed3n,
  0xbad4fed4n,
  0xbad5fed5n,
];
const ENTRY = info({
  op: 1,
  arch: X86,
  ip: 0x7f3396d8a829n,
  sp: 0x7ffc24e1db18n,
  nr: 80n, // x86_64's chdir
  args: CHDIR_ARGS,
});
const EXIT = info({
  op: 2,
  arch: X86,
  ip: 0x7f3396d8a829n,
  sp: 0x7ffc24e1db18n,
  nr: -2n,
  isError: 1,
});

/**
 * The ptrace call with `size` in addr whose result is `ret` (the op's full size), the module's
 * item the first min(size, ret) bytes of `full`; its text in `style`, header and duration off.
 */
function line(
  full: Uint8Array | undefined,
  size: number,
  ret: bigint,
  style: XlatStyle = 0,
  arch: Arch = "x86_64",
  pid = 2829n,
): string {
  const n = Math.min(size, Number(ret));
  const items: Capture[] = full && ret >= 0n && n > 0
    ? [{ arg: 3, type: "struct", data: full.slice(0, n) }]
    : [];
  const r = callRecord("ptrace", [GET_SYSCALL_INFO, pid, BigInt(size), BUF], ret, items, arch);
  return new TextFormatter(arch, { xlat: style }).format(r).replace(/^.*? \(1\) /, "").replace(
    / <[\d.]+>$/,
    "",
  );
}

const HEAD = "ptrace(PTRACE_GET_SYSCALL_INFO, 2829";

Deno.test("ptrace: PTRACE_SYSCALL_INFO_NONE at every size, as strace's test shows it", () => {
  const want = (size: number, fields: string) =>
    `${HEAD}, ${size}, {op=PTRACE_SYSCALL_INFO_NONE${fields}}) = 24`;
  const arch = ", arch=AUDIT_ARCH_X86_64";
  const ip = `${arch}, instruction_pointer=0x7f3396cc5267`;
  const sp = `${ip}, stack_pointer=0x7ffc24e1db28`;
  for (let size = 1; size <= 88; size++) {
    const fields = size < 8 ? "" : size < 16 ? arch : size < 24 ? ip : sp;
    assert.equal(line(NONE, size, 24n), want(size, fields), `size ${size}`);
  }
  // no bytes to show: the address, as strace's printaddr()
  assert.equal(line(NONE, 0, 24n), `${HEAD}, 0, 0x7f3396c82fa8) = 24`);
  // a failed call: the address, or NULL
  assert.equal(line(NONE, 1, -14n), `${HEAD}, 1, 0x7f3396c82fa8) = -1 EFAULT (Bad address)`);
  const r = callRecord("ptrace", [GET_SYSCALL_INFO, 2829n, 1n, 0n], -14n);
  assert.equal(
    new TextFormatter("x86_64").format(r).replace(/^.*? \(1\) /, "").replace(/ <.*$/, ""),
    `${HEAD}, 1, NULL) = -1 EFAULT (Bad address)`,
  );
  // memory that faulted: the address
  const faulted = callRecord("ptrace", [GET_SYSCALL_INFO, 2829n, 88n, BUF], 24n, [
    { arg: 3, type: "struct", data: NONE.slice(0, 8), fault: true },
  ]);
  assert.match(new TextFormatter("x86_64").format(faulted), /, 88, 0x7f3396c82fa8\) = 24 </);
});

Deno.test("ptrace: PTRACE_SYSCALL_INFO_ENTRY: entry's nr by name, the args the size holds", () => {
  const common = "{op=PTRACE_SYSCALL_INFO_ENTRY, arch=AUDIT_ARCH_X86_64, " +
    "instruction_pointer=0x7f3396d8a829, stack_pointer=0x7ffc24e1db18";
  const args = (k: number) =>
    k ? `, args=[${CHDIR_ARGS.slice(0, k).map((a) => "0x" + a.toString(16)).join(", ")}]` : "";
  assert.equal(line(ENTRY, 1, 80n), `${HEAD}, 1, {op=PTRACE_SYSCALL_INFO_ENTRY}) = 80`);
  assert.equal(line(ENTRY, 31, 80n), `${HEAD}, 31, ${common}}) = 80`);
  for (let size = 32; size <= 88; size++) {
    const k = Math.min(6, Math.floor((size - 32) / 8));
    assert.equal(
      line(ENTRY, size, 80n),
      `${HEAD}, ${size}, ${common}, entry={nr=__NR_chdir${args(k)}}}) = 80`,
      `size ${size}`,
    );
  }
  // exit_group's first argument 0: `0`, not NULL (print_xint_array_member)
  const eg = info({ op: 1, arch: X86, ip: 1n, sp: 2n, nr: 231n, args: [0n, 0xfac1c0d1n] });
  assert.equal(
    line(eg, 48, 80n),
    `${HEAD}, 48, {op=PTRACE_SYSCALL_INFO_ENTRY, arch=AUDIT_ARCH_X86_64, ` +
      "instruction_pointer=0x1, stack_pointer=0x2, entry={nr=__NR_exit_group, args=[0, 0xfac1c0d1]}}) = 80",
  );
});

Deno.test("ptrace: PTRACE_SYSCALL_INFO_EXIT: rval as an errno once is_error is shown", () => {
  const common = "{op=PTRACE_SYSCALL_INFO_EXIT, arch=AUDIT_ARCH_X86_64, " +
    "instruction_pointer=0x7f3396d8a829, stack_pointer=0x7ffc24e1db18";
  assert.equal(line(EXIT, 29, 33n), `${HEAD}, 29, ${common}}) = 33`);
  assert.equal(line(EXIT, 32, 33n), `${HEAD}, 32, ${common}, exit={rval=-2}}) = 33`);
  for (const size of [33, 40, 88]) {
    assert.equal(
      line(EXIT, size, 33n),
      `${HEAD}, ${size}, ${common}, exit={rval=-ENOENT, is_error=1}}) = 33`,
    );
  }
  const ok = info({ op: 2, arch: X86, ip: 0x7f3396d8a829n, sp: 0x7ffc24e1db18n, nr: 2829n });
  assert.equal(line(ok, 32, 33n), `${HEAD}, 32, ${common}, exit={rval=2829}}) = 33`);
  assert.equal(
    line(ok, 88, 33n),
    `${HEAD}, 88, ${common}, exit={rval=2829, is_error=0}}) = 33`,
  );
});

Deno.test("ptrace: PTRACE_SYSCALL_INFO_SECCOMP: nr, args, ret_data once whole", () => {
  const sc = info({
    op: 3,
    arch: X86,
    ip: 0x401000n,
    sp: 0x7ffc0000n,
    nr: 110n, // getppid
    args: [1n, 0n, 3n, 4n, 5n, 6n],
    retData: 42,
  });
  const common = "{op=PTRACE_SYSCALL_INFO_SECCOMP, arch=AUDIT_ARCH_X86_64, " +
    "instruction_pointer=0x401000, stack_pointer=0x7ffc0000";
  assert.equal(
    line(sc, 88, 84n),
    `${HEAD}, 88, ${common}, seccomp={nr=__NR_getppid, args=[0x1, 0, 0x3, 0x4, 0x5, 0x6], ret_data=42}}) = 84`,
  );
  assert.equal(
    line(sc, 83, 84n),
    `${HEAD}, 83, ${common}, seccomp={nr=__NR_getppid, args=[0x1, 0, 0x3, 0x4, 0x5, 0x6]}}) = 84`,
  );
  assert.equal(line(sc, 39, 84n), `${HEAD}, 39, ${common}, seccomp={nr=__NR_getppid}}) = 84`);
});

Deno.test("ptrace: -X raw and -X verbose, as strace's -Xraw and -Xverbose tests", () => {
  const none = info({ op: 0, arch: X86, ip: 0x7f3d4dd0a267n, sp: 0x7ffc647a22d8n });
  assert.equal(line(none, 1, 24n, 1, "x86_64", 275n), "ptrace(0x420e, 275, 1, {op=0}) = 24");
  assert.equal(
    line(none, 88, 24n, 1, "x86_64", 275n),
    "ptrace(0x420e, 275, 88, {op=0, arch=0xc000003e, instruction_pointer=0x7f3d4dd0a267, " +
      "stack_pointer=0x7ffc647a22d8}) = 24",
  );
  const entry = info({
    op: 1,
    arch: X86,
    ip: 0x7f3d4ddcf829n,
    sp: 0x7ffc647a22c8n,
    nr: 80n,
    args: [0x558c6d3393f2n],
  });
  assert.equal(
    line(entry, 40, 80n, 1, "x86_64", 275n),
    "ptrace(0x420e, 275, 40, {op=0x1, arch=0xc000003e, instruction_pointer=0x7f3d4ddcf829, " +
      "stack_pointer=0x7ffc647a22c8, entry={nr=80, args=[0x558c6d3393f2]}}) = 80",
  );
  const exit = info({
    op: 2,
    arch: X86,
    ip: 0x7f3d4ddcf829n,
    sp: 0x7ffc647a22c8n,
    nr: -2n,
    isError: 1,
  });
  assert.equal(
    line(exit, 36, 33n, 1, "x86_64", 275n),
    "ptrace(0x420e, 275, 36, {op=0x2, arch=0xc000003e, instruction_pointer=0x7f3d4ddcf829, " +
      "stack_pointer=0x7ffc647a22c8, exit={rval=-2, is_error=1}}) = 33",
  );
  const V = "ptrace(0x420e /* PTRACE_GET_SYSCALL_INFO */, 392";
  const vnone = info({ op: 0, arch: X86, ip: 0x7fcadb400267n, sp: 0x7fff008b8218n });
  assert.equal(
    line(vnone, 9, 24n, 2, "x86_64", 392n),
    `${V}, 9, {op=0 /* PTRACE_SYSCALL_INFO_NONE */, arch=0xc000003e /* AUDIT_ARCH_X86_64 */}) = 24`,
  );
  const ventry = info({
    op: 1,
    arch: X86,
    ip: 0x7fcadb4c5829n,
    sp: 0x7fff008b8208n,
    nr: 80n,
    args: [0x5627a3a54904n],
  });
  assert.equal(
    line(ventry, 40, 80n, 2, "x86_64", 392n),
    `${V}, 40, {op=0x1 /* PTRACE_SYSCALL_INFO_ENTRY */, arch=0xc000003e /* AUDIT_ARCH_X86_64 */, ` +
      "instruction_pointer=0x7fcadb4c5829, stack_pointer=0x7fff008b8208, " +
      "entry={nr=80 /* __NR_chdir */, args=[0x5627a3a54904]}}) = 80",
  );
  const vexit = info({
    op: 2,
    arch: X86,
    ip: 0x7fcadb4c5829n,
    sp: 0x7fff008b8208n,
    nr: -2n,
    isError: 1,
  });
  assert.equal(
    line(vexit, 37, 33n, 2, "x86_64", 392n),
    `${V}, 37, {op=0x2 /* PTRACE_SYSCALL_INFO_EXIT */, arch=0xc000003e /* AUDIT_ARCH_X86_64 */, ` +
      "instruction_pointer=0x7fcadb4c5829, stack_pointer=0x7fff008b8208, " +
      "exit={rval=-2 /* -ENOENT */, is_error=1}}) = 33",
  );
  // an op and an arch without a name: the number and strace's comment, raw the number alone
  const odd = info({ op: 0xff, arch: 0x1234, ip: 0n, sp: 0n });
  assert.deepEqual([0, 1, 2].map((s) => line(odd, 24, 24n, s as XlatStyle)), [
    `${HEAD}, 24, {op=0xff /* PTRACE_SYSCALL_INFO_??? */, arch=0x1234 /* AUDIT_ARCH_??? */, ` +
    "instruction_pointer=NULL, stack_pointer=NULL}) = 24",
    "ptrace(0x420e, 2829, 24, {op=0xff, arch=0x1234, instruction_pointer=NULL, stack_pointer=NULL}) = 24",
    "ptrace(0x420e /* PTRACE_GET_SYSCALL_INFO */, 2829, 24, {op=0xff /* PTRACE_SYSCALL_INFO_??? */, " +
    "arch=0x1234 /* AUDIT_ARCH_??? */, instruction_pointer=NULL, stack_pointer=NULL}) = 24",
  ]);
});

Deno.test("ptrace: the 32-bit ABI's syscalls without __NR_, arm64's own, unknown numbers", () => {
  // i386's chdir (12) seen by a 64-bit tracer: strace names it in a comment
  const i386 = info({ op: 1, arch: I386, ip: 0x8049000n, sp: 0xffffd000n, nr: 12n, args: [] });
  assert.deepEqual(
    [0, 1, 2].map((s) => line(i386, 32, 80n, s as XlatStyle).replace(/^.*entry=/, "")),
    [
      "{nr=12 /* chdir */}}) = 80",
      "{nr=12}}) = 80",
      "{nr=12 /* chdir */}}) = 80",
    ],
  );
  const a64 = info({ op: 1, arch: AARCH64, ip: 0xffff8000n, sp: 0xfffff000n, nr: 49n, args: [1n] });
  assert.equal(
    line(a64, 88, 80n, 0, "aarch64"),
    `${HEAD}, 88, {op=PTRACE_SYSCALL_INFO_ENTRY, arch=AUDIT_ARCH_AARCH64, ` +
      "instruction_pointer=0xffff8000, stack_pointer=0xfffff000, " +
      "entry={nr=__NR_chdir, args=[0x1, 0, 0, 0, 0, 0]}}) = 80",
  );
  const arm = info({ op: 1, arch: ARM, ip: 0x10000n, sp: 0xbefff000n, nr: 12n });
  assert.match(line(arm, 32, 80n, 0, "aarch64"), /, entry=\{nr=12 \/\* chdir \*\/\}\}\) = 80$/);
  // x86_64's numbers in an arm64 trace, a number no table has: the number
  assert.match(line(a64.slice(), 32, 80n, 0, "x86_64"), /entry=\{nr=49\}\}\) = 80$/);
  const big = info({ op: 1, arch: X86, ip: 1n, sp: 1n, nr: -1n });
  assert.match(line(big, 32, 80n), /entry=\{nr=18446744073709551615\}\}\) = 80$/);
});

Deno.test("ptrace: the request selects the copy; JSON keeps the structure", () => {
  const nr = syscallNumber("x86_64", "ptrace")!;
  const item: Capture = { arg: 3, type: "struct", data: ENTRY.slice(0, 80) };
  const c = decodeCall("x86_64", nr, [GET_SYSCALL_INFO, 5n, 88n, BUF, 0n, 0n], [item]);
  assert.equal(c.args[3].out, true);
  assert.equal(c.args[3].value.t, "struct");
  // another request's data is its address, whatever was copied
  const peek = decodeCall("x86_64", nr, [2n, 5n, 0x1000n, BUF, 0n, 0n], [item]);
  assert.deepEqual(peek.args[3].value, { t: "hex", v: BUF });
  const r: SyscallRecord = callRecord("ptrace", [GET_SYSCALL_INFO, 5n, 88n, BUF], 80n, [item]);
  const j = JSON.parse(jsonLine(r, "x86_64"));
  assert.equal(j.args.request, "PTRACE_GET_SYSCALL_INFO");
  assert.equal(j.args.data.op, "PTRACE_SYSCALL_INFO_ENTRY");
  assert.equal(j.args.data.arch, "AUDIT_ARCH_X86_64");
  assert.equal(j.args.data.instruction_pointer, 0x7f3396d8a829);
  assert.equal(j.args.data.entry.args.length, 6);
});

Deno.test("ptrace: wait statuses of ptrace stops as strace's printstatus()", () => {
  // PTRACE_O_TRACESYSGOOD's syscall stop, a seccomp event stop, an unknown event
  assert.equal(
    waitStatusText(((5 | 0x80) << 8) | 0x7f),
    "[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP | 0x80}]",
  );
  assert.equal(
    waitStatusText((7 << 16) | (5 << 8) | 0x7f),
    "[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP}|PTRACE_EVENT_SECCOMP<<16]",
  );
  assert.equal(
    waitStatusText((0x42 << 16) | (5 << 8) | 0x7f),
    "[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGTRAP}|0x42 /* PTRACE_EVENT_??? */<<16]",
  );
  assert.equal(waitStatusText(0x137f), "[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]");
  assert.equal(waitStatusText(0), "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]");
  assert.equal(waitStatusText(0x80), "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}|0x80]");
});
