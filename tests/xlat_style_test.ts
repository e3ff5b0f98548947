// strace's -X raw|abbrev|verbose: constants as numbers, names, or numbers with the names in a
// comment, in the text format; the expected lines are strace 6.1's (its tests' -Xraw and
// -Xverbose variants).
import assert from "node:assert/strict";
import { decodeRecord } from "../src/abi.ts";
import { TextFormatter } from "../src/format_text.ts";
import { layOut, randomRecords } from "./module_records.ts";
import { parseArgs } from "../src/cli_args.ts";
import type { Capture, SyscallRecord } from "../src/record.ts";
import { callRecord } from "./call_records.ts";
import type { XlatStyle } from "../src/xlat/xlat.ts";

const P = 0x7ffd0000n;

const rec = callRecord;

/** The call's text in each style: [abbrev, raw, verbose]. */
function styles(r: SyscallRecord): string[] {
  return ([0, 1, 2] as XlatStyle[]).map((x) =>
    new TextFormatter("x86_64", { xlat: x }).format(r).replace(/^.*? \(1\) /, "").replace(
      / <[\d.]+>$/,
      "",
    )
  );
}

const u64 = (v: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return b;
};
const path = (s: string): Capture => ({ arg: 1, type: "str", data: new TextEncoder().encode(s) });

Deno.test("-X: values and flags as strace's printxval() and printflags() show them", () => {
  // openat: AT_FDCWD in decimal, flags in hex, every name in one comment
  assert.deepEqual(styles(rec("openat", [-100n, P, 0x80241n, 0o644n], 3n, [path("/f")])), [
    'openat(AT_FDCWD, "/f", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644) = 3',
    'openat(-100, "/f", 0x80241, 0644) = 3',
    'openat(-100 /* AT_FDCWD */, "/f", 0x80241 /* O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC */, 0644) = 3',
  ]);
  // flags 0 with a name for 0
  assert.deepEqual(styles(rec("openat", [3n, P, 0n], 4n, [path("x")])), [
    'openat(3, "x", O_RDONLY) = 4',
    'openat(3, "x", 0) = 4',
    'openat(3, "x", 0 /* O_RDONLY */) = 4',
  ]);
  // flags none of whose bits has a name: verbose adds the family's comment (mount-Xverbose)
  assert.deepEqual(styles(rec("mlockall", [0x100n], -22n)).slice(1), [
    "mlockall(0x100) = -1 EINVAL (Invalid argument)",
    "mlockall(0x100 /* MCL_??? */) = -1 EINVAL (Invalid argument)",
  ]);
  // signals in decimal (printsignal-Xraw, -Xverbose)
  assert.deepEqual(styles(rec("kill", [2362n, 18n], 0n)), [
    "kill(2362, SIGCONT) = 0",
    "kill(2362, 18) = 0",
    "kill(2362, 18 /* SIGCONT */) = 0",
  ]);
  // a value with no name keeps strace's comment in every style but raw
  assert.deepEqual(styles(rec("lseek", [3n, 0n, 7n], -22n)), [
    "lseek(3, 0, 0x7 /* SEEK_??? */) = -1 EINVAL (Invalid argument)",
    "lseek(3, 0, 0x7) = -1 EINVAL (Invalid argument)",
    "lseek(3, 0, 0x7 /* SEEK_??? */) = -1 EINVAL (Invalid argument)",
  ]);
});

Deno.test("-X: socket types, clone's signal, socket addresses and file modes", () => {
  assert.deepEqual(styles(rec("socket", [1n, 0x80001n, 0n], 3n)), [
    "socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3",
    "socket(0x1, 0x1|0x80000, 0) = 3",
    "socket(0x1 /* AF_UNIX */, 0x1 /* SOCK_STREAM */|0x80000 /* SOCK_CLOEXEC */, 0) = 3",
  ]);
  const sin = Uint8Array.of(2, 0, 0, 80, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
  assert.deepEqual(
    styles(rec("bind", [3n, P, 16n], 0n, [{ arg: 1, type: "sockaddr", data: sin }])),
    [
      'bind(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      'bind(3, {sa_family=0x2, sin_port="\\x00\\x50", sin_addr="\\x7f\\x00\\x00\\x01"}, 16) = 0',
      'bind(3, {sa_family=0x2 /* AF_INET */, sin_port="\\x00\\x50" /* htons(80) */, ' +
      'sin_addr="\\x7f\\x00\\x00\\x01" /* inet_addr("127.0.0.1") */}, 16) = 0',
    ],
  );
  const st = new Uint8Array(144);
  new DataView(st.buffer).setUint32(24, 0o100644, true);
  const stat = styles(rec("fstat", [3n, P], 0n, [{ arg: 1, type: "struct", data: st }]));
  assert.match(stat[0], /st_mode=S_IFREG\|0644,/);
  assert.match(stat[1], /st_mode=0100644,/);
  assert.match(stat[2], /st_mode=0100644 \/\* S_IFREG\|0644 \*\/,/);
  // clone: the flags, then the exit signal in decimal
  const cl = styles(rec("clone", [0x1200011n, 0n, 0n, P, 0n], 42n));
  assert.match(cl[1], /flags=0x1200000\|17,/);
  assert.match(
    cl[2],
    /flags=0x1200000 \/\* CLONE_CHILD_CLEARTID\|CLONE_CHILD_SETTID \*\/\|17 \/\* SIGCHLD \*\/,/,
  );
});

Deno.test("-X: the multiplexed calls, rlimits and quotactl's command", () => {
  assert.deepEqual(styles(rec("ptrace", [0x2n, 447n, 0xdeadbeefn, 0xcafen], -3n)).slice(1), [
    "ptrace(0x2, 447, 0xdeadbeef, 0xcafe) = -1 ESRCH (No such process)",
    "ptrace(0x2 /* PTRACE_PEEKDATA */, 447, 0xdeadbeef, 0xcafe) = -1 ESRCH (No such process)",
  ]);
  assert.deepEqual(
    styles(rec("keyctl", [0n, 0xffffffffn, 0xffffffffn], 5n)),
    [
      "keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, -1) = 5",
      "keyctl(0, -1, -1) = 5",
      "keyctl(0 /* KEYCTL_GET_KEYRING_ID */, -1 /* KEY_SPEC_THREAD_KEYRING */, -1) = 5",
    ],
  );
  const lim = new Uint8Array(16);
  lim.set(u64(8192n * 1024n), 0);
  lim.set(u64(-1n), 8);
  assert.deepEqual(
    styles(rec("setrlimit", [1n, P], 0n, [{ arg: 1, type: "struct", data: lim }])),
    [
      "setrlimit(RLIMIT_FSIZE, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0",
      "setrlimit(0x1, {rlim_cur=8388608, rlim_max=18446744073709551615}) = 0",
      "setrlimit(0x1 /* RLIMIT_FSIZE */, {rlim_cur=8388608 /* 8192*1024 */, " +
      "rlim_max=18446744073709551615 /* RLIM64_INFINITY */}) = 0",
    ],
  );
  const q = styles(rec("quotactl", [0x80000200n, 0n, 0n, 0n], -2n));
  assert.match(q[1], /^quotactl\(2147484160, /);
  assert.match(q[2], /^quotactl\(2147484160 \/\* QCMD\(Q_QUOTAON, USRQUOTA\) \*\/, /);
});

Deno.test("-X: the byte path gives way to the decoded one, and the style stays per formatter", () => {
  const r = rec("kill", [1n, 9n], 0n);
  const raw = new TextFormatter("x86_64", { xlat: 1 });
  const plain = new TextFormatter("x86_64");
  assert.match(raw.format(r), /kill\(1, 9\)/);
  // a formatter of the default style after a raw one still names the signal
  assert.match(plain.format(r), /kill\(1, SIGKILL\)/);
  assert.match(raw.format(r), /kill\(1, 9\)/);
});

Deno.test("-X: the flag's spellings and its errors", () => {
  assert.equal(parseArgs(["-X", "raw", "--", "true"]).xlatStyle, 1);
  assert.equal(parseArgs(["-Xverbose", "--", "true"]).xlatStyle, 2);
  assert.equal(parseArgs(["--const-print-style=abbrev", "--", "true"]).xlatStyle, undefined);
  assert.throws(() => parseArgs(["-X", "loud", "--", "true"]), /one of abbrev, raw, verbose/);
  assert.throws(
    () => parseArgs(["-X", "raw", "--format", "json", "--", "true"]),
    /shape the text format/,
  );
});

Deno.test("-X: formatModule() renders the module's records as format() does, in each style", () => {
  const recs = randomRecords("x86_64", 7, 2000, { start: 5_000_000_000n, comms: ["nginx"] });
  const { buf, view, offs } = layOut(recs);
  for (const xlat of [1, 2] as const) {
    const fast = new TextFormatter("x86_64", { xlat });
    const slow = new TextFormatter("x86_64", { xlat });
    let named = 0;
    for (const off of offs) {
      const got = fast.formatModule(buf, view, off, 0n);
      assert.equal(got, slow.format(decodeRecord(buf, view, off, 0n)!));
      if (/\b(O_|AT_FDCWD|SIG[A-Z])/.test(got)) named++;
    }
    // raw shows no names; verbose shows them, in comments
    if (xlat === 1) assert.equal(named, 0);
    else assert.ok(named > 0);
  }
});

Deno.test("AF_RXRPC addresses, and an address running into unreadable memory", () => {
  const rx = (after: number[]) => {
    const d = new Uint8Array(36);
    d.set([33, 0, ...after]);
    return d;
  };
  const text = (data: Uint8Array, len: bigint, fault = false) =>
    styles(rec("connect", [-1n, P, len], -9n, [{ arg: 1, type: "sockaddr", data, fault }]))[0];
  // strace's own lines (its test sockaddr_xlat)
  const unspec = rx([
    0x82,
    0x83,
    0x84,
    0x85,
    0x86,
    0x87,
    0,
    0,
    ...Array.from({ length: 26 }, (_, i) => 0x8a + i),
  ]);
  assert.equal(
    text(unspec, 36n),
    'connect(-1, {sa_family=AF_RXRPC, srx_service=0x8382 /* ???_SERVICE */, transport_type=0x8584 /* SOCK_??? */, transport_len=34694, transport={family=AF_UNSPEC, "\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243"}}, 36) = -1 EBADF (Bad file descriptor)',
  );
  const sin = rx([0xc5, 0x09, 4, 0, 16, 0, 2, 0, 0xad, 0xde, 0xed, 0xfe, 0xce, 0xfa]);
  assert.equal(
    text(sin, 36n),
    'connect(-1, {sa_family=AF_RXRPC, srx_service=0x9c5 /* YFS_CM_SERVICE */, transport_type=SOCK_RDM, transport_len=16, transport={sin={sin_family=AF_INET, sin_port=htons(44510), sin_addr=inet_addr("237.254.206.250")}}}, 36) = -1 EBADF (Bad file descriptor)',
  );
  // 37 bytes asked for, 36 readable: strace reads none of it and shows the address
  assert.equal(
    text(unspec, 37n, true),
    "connect(-1, 0x7ffd0000, 37) = -1 EBADF (Bad file descriptor)",
  );
});
