/**
 * prctl's and arch_prctl's option-selected copies (SyscallSpec.select, the module's SELECT
 * copier) and the common ioctls' inputs and outputs, shown as strace 6.1 shows them (src/prctl.c,
 * src/term.c; tests/prctl-*.c), on the byte paths (TextFormatter.formatModule, JsonRawFormatter)
 * and the object path alike.
 */
import assert from "node:assert/strict";
import { formatCall, TextFormatter } from "../src/format_text.ts";
import { jsonLine, JsonRawFormatter } from "../src/format_json.ts";
import { decodeRecord, REC_SYSCALL } from "../src/abi.ts";
import { type Item, layOut, type Rec, U64 } from "./module_records.ts";
import { selectedKind } from "../src/decode.ts";
import { syscallNumber } from "../src/syscalls.ts";
import type { Arch, Capture } from "../src/record.ts";
import { SPEC } from "../src/syscalls/spec.ts";
import { KIND_CAP, parseArg } from "../src/syscalls/kinds.ts";

const P = 0x7ffd0000n;
const enc = new TextEncoder();
const base = { ts: 2_000_000n, cpu: 0, pid: 10, tid: 10, comm: "t" };

function line(arch: Arch, name: string, args: bigint[], items: Capture[] = [], ret = 0n): string {
  return formatCall(arch, {
    ...base,
    kind: "syscall",
    nr: syscallNumber(arch, name)!,
    args: [...args, 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6),
    ret,
    enterTs: 1_988_000n,
    items,
  }).replace(/ <.*$/, "");
}

const str = (arg: number, s: string, extra: Partial<Capture> = {}): Capture => ({
  arg,
  type: "str",
  data: enc.encode(s),
  ...extra,
});
const i32 = (arg: number, v: number): Capture => {
  const data = new Uint8Array(4);
  new DataView(data.buffer).setInt32(0, v, true);
  return { arg, type: "struct", data };
};
const u64 = (arg: number, v: bigint): Capture => {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setBigUint64(0, v, true);
  return { arg, type: "struct", data };
};

Deno.test("prctl: the names PR_SET_NAME reads and PR_GET_NAME writes, as strace", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    const p = (args: bigint[], items: Capture[], ret = 0n) =>
      line(arch, "prctl", [...args, 0n, 0n, 0n], items, ret);
    assert.equal(p([15n, P], [str(1, "fam-renamed")]), 'prctl(PR_SET_NAME, "fam-renamed") = 0');
    // no NUL within TASK_COMM_LEN - 1 bytes: the 15 bytes, then ...
    assert.equal(
      p([15n, P], [str(1, "0123456789abcde", { truncated: true })]),
      'prctl(PR_SET_NAME, "0123456789abcde"...) = 0',
    );
    // unreadable: the address; NULL
    assert.equal(
      p([15n, P], [str(1, "", { fault: true })], -14n).split(" = ")[0],
      "prctl(PR_SET_NAME, 0x7ffd0000)",
    );
    assert.equal(p([15n, 0n], [], -14n).split(" = ")[0], "prctl(PR_SET_NAME, NULL)");
    assert.equal(p([16n, P], [str(1, "fam-renamed")]), 'prctl(PR_GET_NAME, "fam-renamed") = 0');
    // a failed call wrote nothing: the address
    assert.equal(p([16n, P], [], -14n).split(" = ")[0], "prctl(PR_GET_NAME, 0x7ffd0000)");
  }
});

Deno.test("prctl: the ints and the address the PR_GET_* options write, as strace", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    const p = (opt: bigint, items: Capture[], ret = 0n) =>
      line(arch, "prctl", [opt, P, 0n, 0n, 0n], items, ret).split(" = ")[0];
    assert.equal(p(2n, [i32(1, 15)]), "prctl(PR_GET_PDEATHSIG, [SIGTERM])");
    assert.equal(p(2n, [i32(1, 0)]), "prctl(PR_GET_PDEATHSIG, [0])");
    assert.equal(p(37n, [i32(1, 0)]), "prctl(PR_GET_CHILD_SUBREAPER, [0])");
    assert.equal(p(37n, [i32(1, -1)]), "prctl(PR_GET_CHILD_SUBREAPER, [4294967295])");
    assert.equal(p(19n, [i32(1, 0)]), "prctl(PR_GET_ENDIAN, [0])");
    assert.equal(p(25n, [i32(1, 1)]), "prctl(PR_GET_TSC, [PR_TSC_ENABLE])");
    assert.equal(p(25n, [i32(1, 7)]), "prctl(PR_GET_TSC, [0x7 /* PR_TSC_??? */])");
    assert.equal(
      p(5n, [i32(1, 3)]),
      "prctl(PR_GET_UNALIGN, [PR_UNALIGN_NOPRINT|PR_UNALIGN_SIGBUS])",
    );
    assert.equal(p(5n, [i32(1, 0)]), "prctl(PR_GET_UNALIGN, [0])");
    assert.equal(p(40n, [u64(1, 0x7f0012345678n)]), "prctl(PR_GET_TID_ADDRESS, [0x7f0012345678])");
    assert.equal(p(40n, [u64(1, 0n)]), "prctl(PR_GET_TID_ADDRESS, [NULL])");
    // failed (nothing copied), a fault: the address
    assert.equal(p(2n, [], -14n), "prctl(PR_GET_PDEATHSIG, 0x7ffd0000)");
    assert.equal(
      p(2n, [{ arg: 1, type: "struct", data: new Uint8Array(0), fault: true }]),
      "prctl(PR_GET_PDEATHSIG, 0x7ffd0000)",
    );
    // an option that selects nothing keeps its address
    assert.equal(p(2n + 0x100n, []).startsWith("prctl(0x102 /* PR_??? */"), true);
  }
});

Deno.test("arch_prctl: ARCH_GET_FS's base, ARCH_GET_CPUID without argument, as strace", () => {
  const a = (args: bigint[], items: Capture[] = [], ret = 0n) =>
    line("x86_64", "arch_prctl", args, items, ret);
  assert.equal(
    a([0x1003n, P], [u64(1, 0x7f5a5c2d0740n)]),
    "arch_prctl(ARCH_GET_FS, [0x7f5a5c2d0740]) = 0",
  );
  assert.equal(a([0x1004n, P], [u64(1, 0n)]), "arch_prctl(ARCH_GET_GS, [NULL]) = 0");
  assert.equal(a([0x1003n, P], [], -14n).split(" = ")[0], "arch_prctl(ARCH_GET_FS, 0x7ffd0000)");
  assert.equal(a([0x1002n, 0x7f00n]), "arch_prctl(ARCH_SET_FS, 0x7f00) = 0");
  assert.equal(a([0x1011n, 0n], [], 1n), "arch_prctl(ARCH_GET_CPUID) = 1");
  assert.equal(
    a([0x9999n, 0n], [], -22n),
    "arch_prctl(0x9999 /* ARCH_??? */, 0) = -1 EINVAL (Invalid argument)",
  );
});

Deno.test("spec: select cases name kinds with a copier of their own, on an argument", () => {
  for (const [name, s] of Object.entries(SPEC)) {
    if (!s.select) continue;
    for (const [v, arg, kindText] of s.select.cases) {
      // `kind:N`: a kind whose copier takes a length argument names it
      const p = parseArg(kindText);
      const cap = p.kind && KIND_CAP[p.kind];
      assert.ok(cap && (cap.len === true) === (p.len !== undefined), `${name}: ${kindText}`);
      const args = [0n, 0n, 0n, 0n, 0n, 0n];
      args[s.select.on] = BigInt(v);
      assert.equal(selectedKind(name, arg, args), p.kind);
    }
  }
  assert.equal(selectedKind("prctl", 1, [15n | 0x100000000n]), "prname");
  assert.equal(selectedKind("prctl", 2, [15n]), undefined);
  assert.equal(selectedKind("read", 1, [15n]), undefined);
});

const T = (arch: Arch, cmd: bigint, items: Capture[], ret = 0n) =>
  line(arch, "ioctl", [3n, cmd, P], items, ret);
const termios = (iflag: number, oflag: number, cflag: number, lflag: number): Uint8Array => {
  const b = new Uint8Array(36);
  const v = new DataView(b.buffer);
  [iflag, oflag, cflag, lflag].forEach((x, i) => v.setUint32(4 * i, x >>> 0, true));
  b[17] = 3; // VINTR
  return b;
};

Deno.test("ioctl: terminal and file commands' arguments, read and written, as strace", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    assert.equal(T(arch, 0x5421n, [i32(2, 0)]), "ioctl(3, FIONBIO, [0]) = 0");
    assert.equal(T(arch, 0x5421n, [i32(2, 1)], -25n).split(" = ")[0], "ioctl(3, FIONBIO, [1])");
    assert.equal(T(arch, 0x40045431n, [i32(2, 0)]), "ioctl(3, TIOCSPTLCK, [0]) = 0");
    assert.equal(T(arch, 0x80045430n, [i32(2, 3)]), "ioctl(3, TIOCGPTN, [3]) = 0");
    const ws = new Uint8Array(8);
    new DataView(ws.buffer).setUint16(0, 24, true);
    new DataView(ws.buffer).setUint16(2, 80, true);
    assert.equal(
      T(arch, 0x5414n, [{ arg: 2, type: "struct", data: ws }]),
      "ioctl(3, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0",
    );
    // a pty's default termios (n_tty): strace 6.1 without -v
    const t = termios(0x500, 0x5, 0xbf, 0x8a3b);
    const want =
      "{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}";
    assert.equal(
      T(arch, 0x5401n, [{ arg: 2, type: "struct", data: t }]),
      `ioctl(3, TCGETS, ${want}) = 0`,
    );
    assert.equal(
      T(arch, 0x5402n, [{ arg: 2, type: "struct", data: t }]),
      `ioctl(3, SNDCTL_TMR_START or TCSETS, ${want}) = 0`,
    );
    assert.equal(
      T(arch, 0x5404n, [{ arg: 2, type: "struct", data: t }]).split(", {")[0],
      "ioctl(3, SNDCTL_TMR_CONTINUE or TCSETSF",
    );
    // raw mode, a split input speed, unknown bits
    const r = termios(0, 0x1800 | 0x2000, 0x1002 | 0x100f0000 | 0x20 | 0x80000000 | 0x20000000, 0);
    assert.equal(
      T(arch, 0x5403n, [{ arg: 2, type: "struct", data: r }]),
      "ioctl(3, SNDCTL_TMR_STOP or TCSETSW, {c_iflag=0, c_oflag=NL0|CR0|XTABS|BS1|VT0|FF0|0, c_cflag=B115200|B4000000<<IBSHIFT|CS7|CRTSCTS|0x20000000, c_lflag=0, ...}) = 0",
    );
    // a failed TCGETS wrote nothing: the address
    assert.equal(T(arch, 0x5401n, [], -25n).split(" = ")[0], "ioctl(3, TCGETS, 0x7ffd0000)");
    // NULL for the commands strace reads or writes through, 0 for the others
    assert.equal(
      line(arch, "ioctl", [3n, 0x5401n, 0n], [], -14n).split(" = ")[0],
      "ioctl(3, TCGETS, NULL)",
    );
    assert.equal(
      line(arch, "ioctl", [3n, 0x5421n, 0n], [], -14n).split(" = ")[0],
      "ioctl(3, FIONBIO, NULL)",
    );
    assert.equal(line(arch, "ioctl", [3n, 0x5409n, 0n]).split(" = ")[0], "ioctl(3, TCSBRK, 0)");
    assert.equal(line(arch, "ioctl", [3n, 0x540bn, 2n]), "ioctl(3, TCFLSH, TCIOFLUSH) = 0");
    assert.equal(line(arch, "ioctl", [3n, 0x540an, 1n]), "ioctl(3, TCXONC, TCOON) = 0");
    assert.equal(line(arch, "ioctl", [3n, 0x540en, 1n]), "ioctl(3, TIOCSCTTY, 1) = 0");
    // strace's "ioctls with no parameters" (the text alone; JSON keeps it)
    assert.equal(line(arch, "ioctl", [3n, 0x5451n, 0n]), "ioctl(3, FIOCLEX) = 0");
    assert.equal(
      line(arch, "ioctl", [3n, 0x540cn, 0n], [], -25n).split(" = ")[0],
      "ioctl(3, TIOCEXCL)",
    );
    // commands strace does not decode keep the address, copied or not
    assert.equal(T(arch, 0x40086602n, [u64(2, 5n)]), "ioctl(3, 0x40086602, 0x7ffd0000) = 0");
  }
});

for (const arch of ["x86_64", "aarch64"] as const) {
  Deno.test(`prctl, arch_prctl and ioctl ${arch}: the byte paths print what the object path does`, () => {
    const nr = (n: string) => syscallNumber(arch, n)!;
    const rec = (name: string, args: bigint[], ret: bigint, items: Item[]): Rec => ({
      kind: REC_SYSCALL,
      nr: nr(name),
      ts: 10_000_000_000n,
      tid: 42,
      cpu: 0,
      flags: 0,
      comm: "t",
      args: [...args, 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6),
      ret: U64(ret),
      enterTs: 10_000_000_000n,
      items,
    });
    const st = (arg: number, data: Uint8Array, flags = 0): Item => ({ arg, type: 7, flags, data });
    const s = (arg: number, text: string, flags = 0): Item => ({
      arg,
      type: 1,
      flags,
      data: enc.encode(text),
    });
    const int = (v: number) => new Uint8Array(new Int32Array([v]).buffer);
    const cases: Array<[Rec, string, string]> = [
      [rec("prctl", [15n, P], 0n, [s(1, "fam-renamed")]), '"fam-renamed"', '"fam-renamed"'],
      [rec("prctl", [16n, P], 0n, [s(1, "fam-renamed")]), '"fam-renamed"', '"fam-renamed"'],
      [rec("prctl", [2n, P], 0n, [st(1, int(15))]), "[SIGTERM]", '"[SIGTERM]"'],
      [rec("prctl", [37n, P], 0n, [st(1, int(0))]), "[0]", '"[0]"'],
      [rec("prctl", [16n, P], -14n, []), "0x7ffd0000", String(Number(P))],
      [rec("ioctl", [3n, 0x5421n, P], 0n, [st(2, int(0))]), "[0]", '"[0]"'],
      [rec("ioctl", [3n, 0x5401n, 0n], -14n, []), "NULL", "null"],
      [rec("ioctl", [3n, 0x5409n, 0n], 0n, []), "0", "0"],
      [rec("ioctl", [3n, 0x5409n, 0xffffffffn], 0n, []), "-1", "-1"],
      [rec("ioctl", [3n, 0x540bn, 0n], 0n, []), "TCIFLUSH", '"TCIFLUSH"'],
      [rec("ioctl", [3n, 0x540an, 9n], -22n, []), "0x9 /* TC??? */", '"0x9 /* TC??? */"'],
      [rec("ioctl", [3n, 0x5451n, 0n], 0n, []), "", "0"],
      [
        rec("ioctl", [3n, 0x5401n, P], 0n, [st(2, termios(0x500, 5, 0xbf, 0x8a3b))]),
        "{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, ...}",
        "",
      ],
    ];
    if (arch === "x86_64") {
      cases.push([
        rec("arch_prctl", [0x1003n, P], 0n, [
          st(1, new Uint8Array(new BigUint64Array([0x7f5a5c2d0740n]).buffer)),
        ]),
        "[0x7f5a5c2d0740]",
        '"[0x7f5a5c2d0740]"',
      ]);
    }
    const { buf, view, offs } = layOut(cases.map(([r]) => r));
    const text = new TextFormatter(arch), slow = new TextFormatter(arch);
    const json = new JsonRawFormatter(arch);
    cases.forEach(([r, want, wantJson], i) => {
      const decoded = decodeRecord(buf, view, offs[i], 0n)!;
      const fast = text.formatModule(buf, view, offs[i], 0n)!;
      assert.equal(fast, slow.format(decoded), `record ${i}`);
      assert.ok(
        want ? fast.includes(`, ${want}`) : fast.includes("FIOCLEX) = 0"),
        `${fast} has ${want}`,
      );
      const fj = json.line(buf, view, offs[i], 0n);
      assert.equal(fj, jsonLine(decoded, arch), `JSON record ${i}`);
      const j = JSON.parse(fj);
      const key = r.nr === nr("ioctl") ? "arg" : r.nr === nr("prctl") ? "arg2" : "addr";
      if (wantJson) assert.equal(JSON.stringify(j.args[key]), wantJson, fj);
      else assert.equal(j.args[key].c_cflag, "B38400|CS8|CREAD", fj);
    });
  });
}
