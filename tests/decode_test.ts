import assert from "node:assert/strict";
import { decodeResult, decodeSockaddr } from "../src/decode.ts";
import { escapeBytes, formatCall, formatValue } from "../src/format_text.ts";
import { jsonLine } from "../src/format_json.ts";
import { Pairer } from "../src/pair.ts";
import { SummaryTable } from "../src/summary.ts";
import { classSyscalls } from "../src/xlat/classes.ts";
import { scapSockaddr } from "../src/scap/params.ts";
import type { Capture, SyscallRecord, TraceRecord } from "../src/record.ts";
import { syscallNumber } from "../src/syscalls.ts";

const enc = new TextEncoder();
const str = (arg: number, s: string, extra: Partial<Capture> = {}): Capture => ({
  arg,
  type: "str",
  data: enc.encode(s),
  ...extra,
});
const base = { ts: 2_000_000n, cpu: 0, pid: 10, tid: 10, comm: "t" };
const call = (
  arch: "x86_64" | "aarch64",
  name: string,
  args: bigint[],
  items?: Capture[],
  ret = 0n,
) =>
  formatCall(arch, {
    ...base,
    kind: "syscall",
    nr: syscallNumber(arch, name)!,
    args: [...args, 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6),
    ret,
    enterTs: 1_988_000n,
    ...(items ? { items } : {}),
  });

Deno.test("decode: openat as strace shows it, on both architectures", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    assert.equal(
      call(arch, "openat", [0xffffff9cn, 0x1000n, 0o2000000n], [str(1, "/etc/hosts")], 3n),
      'openat(AT_FDCWD, "/etc/hosts", O_RDONLY|O_CLOEXEC) = 3 <0.000012>',
    );
  }
  // O_DIRECTORY differs: 0200000 on x86_64, 040000 on arm64
  assert.match(call("x86_64", "openat", [3n, 0n, 0o200000n]), /O_RDONLY\|O_DIRECTORY\)/);
  assert.match(call("aarch64", "openat", [3n, 0n, 0o40000n]), /O_RDONLY\|O_DIRECTORY\)/);
  // unknown bits stay, as hex; mode only with O_CREAT
  assert.equal(
    call("x86_64", "openat", [0xffffff9cn, 1n, 0x40000041n, 0o644n], undefined, -2n),
    "openat(AT_FDCWD, 0x1, O_WRONLY|O_CREAT|0x40000000, 0644) = -1 ENOENT (No such file or directory) <0.000012>",
  );
  // a fault, a truncation, NULL
  assert.equal(
    call("x86_64", "openat", [5n, 7n, 0n], [{
      arg: 1,
      type: "str",
      data: new Uint8Array(),
      fault: true,
    }]),
    "openat(5, 0x7, O_RDONLY) = 0 <0.000012>",
  );
  assert.equal(
    call("x86_64", "openat", [5n, 7n, 0n], [str(1, "abc", { truncated: true })]),
    'openat(5, "abc"..., O_RDONLY) = 0 <0.000012>',
  );
  assert.equal(call("x86_64", "openat", [5n, 0n, 0n]), "openat(5, NULL, O_RDONLY) = 0 <0.000012>");
});

Deno.test("decode: mmap, clone, socket, signals, fcntl", () => {
  assert.equal(
    call("x86_64", "mmap", [0n, 4096n, 3n, 0x22n, 0xffffffffn, 0n], undefined, 0x7f0000001000n),
    "mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000001000 <0.000012>",
  );
  assert.match(
    call("x86_64", "clone", [0x01200011n, 0n, 0n, 0x7000n, 0n], undefined, 42n),
    // strace's notation: named, and only the arguments the flags use
    /^clone\(child_stack=NULL, flags=CLONE_CHILD_CLEARTID\|CLONE_CHILD_SETTID\|SIGCHLD, child_tidptr=0x7000\) = 42 </,
  );
  assert.match(
    call("aarch64", "clone", [0x11n, 0n, 0n, 0x7000n, 0n]),
    /^clone\(child_stack=NULL, flags=SIGCHLD\)/,
  );
  // arm64 has tls before child_tid
  assert.match(
    call(
      "aarch64",
      "clone",
      [0x1d0f00n | 0x00200000n, 0x7f00n, 0x7100n, 0x7200n, 0x7300n],
      undefined,
      7n,
    ),
    // the child's tid written through parent_tid is the result
    /^clone\(child_stack=0x7f00, flags=CLONE_VM\|CLONE_FS\|CLONE_FILES\|CLONE_SIGHAND\|CLONE_THREAD\|CLONE_SYSVSEM\|CLONE_SETTLS\|CLONE_PARENT_SETTID\|CLONE_CHILD_CLEARTID, parent_tid=\[7\], tls=0x7200, child_tidptr=0x7300\) = 7 </,
  );
  assert.match(
    call("aarch64", "clone", [0x1d0f00n, 0x7f00n, 0x7100n, 0x7200n, 0x7300n], undefined, -11n),
    /, parent_tid=0x7100, tls=0x7200\) = -1 EAGAIN/,
  );
  assert.match(call("x86_64", "brk", [0n, 0n, 0n], undefined, 0x1000n), /^brk\(NULL\) = 0x1000 </);
  assert.match(call("x86_64", "umask", [0o22n], undefined, 0o77n), /^umask\(022\) = 077 </);
  assert.match(
    call("x86_64", "socket", [10n, 0x80801n, 6n]),
    /^socket\(AF_INET6, SOCK_STREAM\|SOCK_CLOEXEC\|SOCK_NONBLOCK, IPPROTO_TCP\)/,
  );
  assert.match(call("x86_64", "kill", [1n, 15n]), /^kill\(1, SIGTERM\)/);
  assert.match(call("x86_64", "kill", [1n, 40n]), /^kill\(1, SIGRT_8\)/);
  assert.match(call("x86_64", "fcntl", [3n, 2n, 1n]), /^fcntl\(3, F_SETFD, FD_CLOEXEC\)/);
  assert.match(call("x86_64", "access", [0n, 6n]), /^access\(NULL, R_OK\|W_OK\)/);
  assert.equal(syscallNumber("aarch64", "access"), undefined);
  assert.deepEqual(decodeResult("x86_64", 0, -512n), { v: -512n, errno: "ERESTARTSYS" });
});

Deno.test("decode: socket addresses, IPv4, IPv6, unix, abstract", () => {
  const v4 = Uint8Array.from([2, 0, 0x1f, 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(decodeSockaddr(v4), { family: "AF_INET", port: 8080, addr: "127.0.0.1" });
  const v6 = new Uint8Array(28);
  v6[0] = 10;
  v6[3] = 80;
  v6[23] = 1;
  assert.equal(
    formatValue({ t: "sockaddr", sa: decodeSockaddr(v6)! }),
    '{sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}',
  );
  // cut short by the caller's buffer: what was not copied is not shown
  assert.equal(
    formatValue({ t: "sockaddr", sa: decodeSockaddr(v6.subarray(0, 24), true)! }),
    '{sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr)}',
  );
  assert.equal(
    formatValue({ t: "sockaddr", sa: decodeSockaddr(v4.subarray(0, 4), true)! }),
    '{sa_family=AF_INET, sa_data="\\37\\220"}',
  );
  v6[8] = 0x20;
  v6[9] = 0x01;
  v6[11] = 0x0d;
  assert.equal(decodeSockaddr(v6)!.addr, "2001:d::1");
  const abs = Uint8Array.from([1, 0, 0, ...enc.encode("x")]);
  assert.equal(
    formatValue({ t: "sockaddr", sa: decodeSockaddr(abs)! }),
    '{sa_family=AF_UNIX, sun_path=@"x"}',
  );
  assert.deepEqual([...scapSockaddr(v4)!], [2, 127, 0, 0, 1, 0x90, 0x1f]);
});

Deno.test("decode: strace's escapes", () => {
  assert.equal(
    escapeBytes(Uint8Array.from([104, 10, 0, 0xff, 0x22, 0x5c, 0, 0x31])),
    'h\\n\\0\\377\\"\\\\\\0001',
  );
});

Deno.test("json: decoded arguments by name, result, duration", () => {
  const r: SyscallRecord = {
    ...base,
    kind: "syscall",
    nr: 257,
    args: [0xffffff9cn, 1n, 0n, 0n, 0n, 0n],
    ret: -2n,
    enterTs: 1_000_000n,
    items: [str(1, "/x")],
  };
  const j = JSON.parse(jsonLine(r, "x86_64"));
  assert.deepEqual(j.args, { dfd: "AT_FDCWD", filename: "/x", flags: "O_RDONLY" });
  assert.equal(j.ret, -2);
  assert.equal(j.errno, "ENOENT");
  assert.equal(j.dur, 1_000_000);
  assert.equal(j.enter_ts, "1000000");
  const bin = JSON.parse(
    jsonLine({ ...r, items: [{ arg: 1, type: "str", data: Uint8Array.from([0xff]) }] }, "x86_64"),
  );
  assert.deepEqual(bin.args.filename, { base64: "/w==" });
  const fault = JSON.parse(
    jsonLine(
      { ...r, items: [{ arg: 1, type: "str", data: new Uint8Array(), fault: true }] },
      "x86_64",
    ),
  );
  assert.deepEqual(fault.args.filename, { fault: true, ptr: 1 });
});

Deno.test("pair: enter and exit become one syscall; exit_group at once; leftovers unfinished", () => {
  const p = new Pairer("x86_64");
  const out: TraceRecord[] = [];
  const push = (r: TraceRecord) => out.push(...p.push(r));
  push({ ...base, ts: 1n, kind: "enter", nr: 0, args: [3n, 0x1000n, 80n, 0n, 0n, 0n] });
  push({ ...base, ts: 2n, tid: 11, kind: "exit", nr: 56, ret: 0n }); // a child's first return
  push({
    ...base,
    ts: 3n,
    kind: "exit",
    nr: 0,
    ret: 5n,
    items: [{ arg: 1, type: "buf", data: enc.encode("hello") }],
  });
  push({
    ...base,
    ts: 4n,
    kind: "enter",
    nr: 59,
    args: [1n, 2n, 3n, 0n, 0n, 0n],
    items: [str(0, "/bin/x")],
  });
  push({
    ...base,
    ts: 6n,
    kind: "syscall",
    nr: 59,
    args: [0n, 0n, 0n, 0n, 0n, 0n],
    ret: 0n,
    enterTs: 4n,
  });
  push({ ...base, ts: 7n, kind: "enter", nr: 231, args: [0n, 0n, 0n, 0n, 0n, 0n] });
  push({ ...base, ts: 8n, tid: 12, kind: "enter", nr: 0, args: [0n, 0n, 0n, 0n, 0n, 0n] });
  out.push(...p.flush());
  assert.deepEqual(out.map((r) => [r.kind, r.ts]), [
    ["exit", 2n],
    ["syscall", 3n],
    ["syscall", 6n],
    ["syscall", 7n],
    ["syscall", 8n],
  ]);
  const read = out[1] as SyscallRecord;
  assert.equal(formatCall("x86_64", read), 'read(3, "hello", 80) = 5 <0.000000>');
  const exec = out[2] as SyscallRecord;
  assert.deepEqual(exec.args.slice(0, 3), [1n, 2n, 3n]);
  assert.equal(exec.items?.[0].arg, 0);
  assert.equal(formatCall("x86_64", out[3] as SyscallRecord), "exit_group(0) = ?");
  assert.equal((out[4] as SyscallRecord).ret, undefined);
});

Deno.test("summary: per syscall, sorted by total time", () => {
  const t = new SummaryTable("x86_64");
  const r = (nr: number, ret: bigint, d: bigint): TraceRecord => ({
    ...base,
    kind: "syscall",
    nr,
    args: [],
    ret,
    ts: 1000n + d,
    enterTs: 1000n,
  });
  t.add(r(0, 5n, 3000n));
  t.add(r(0, -11n, 1000n));
  t.add(r(257, 3n, 9000n));
  const rows = t.rows();
  assert.deepEqual(rows.map((x) => [x.name, x.calls, x.errors, x.totalNs, x.maxNs]), [
    ["openat", 1, 0, 9000n, 9000n],
    ["read", 2, 1, 4000n, 3000n],
  ]);
  const lines = t.format();
  assert.match(lines[0], /% time +seconds +usecs\/call +max usecs +calls +errors syscall/);
  assert.match(lines[2], /^ 69\.23 +0\.000009 +9 +9 +1 +openat$/);
  assert.match(lines.at(-1)!, /100\.00 +0\.000013 +4 +3 +1 total$/);
});

Deno.test("classes: strace's %file and %desc on each architecture", () => {
  assert.ok(classSyscalls("x86_64", "file").includes("open"));
  assert.ok(!classSyscalls("aarch64", "file").includes("open"));
  assert.ok(classSyscalls("aarch64", "file").includes("openat"));
  assert.ok(classSyscalls("x86_64", "desc").includes("read"));
  assert.ok(classSyscalls("x86_64", "desc").includes("socket"));
  assert.ok(!classSyscalls("x86_64", "desc").includes("getpid"));
  assert.deepEqual(
    classSyscalls("aarch64", "ipc").sort(),
    [
      "msgctl",
      "msgget",
      "msgrcv",
      "msgsnd",
      "semctl",
      "semget",
      "semop",
      "semtimedop",
      "shmat",
      "shmctl",
      "shmdt",
      "shmget",
    ].sort(),
  );
});

Deno.test("pair: rt_sigreturn's exit, whose number is -1, is rt_sigreturn's", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    const sigreturn = syscallNumber(arch, "rt_sigreturn")!;
    const b = { cpu: 0, pid: 7, tid: 7, comm: "sh" };
    // the module: the exit alone (its entry left no record)
    let p = new Pairer(arch);
    let out = p.push({ ...b, ts: 5n, kind: "exit", nr: -1, ret: -4n });
    assert.deepEqual(out.map((r) => [r.kind, "nr" in r && r.nr]), [["exit", sigreturn]]);
    assert.equal(p.idle(), false);
    // the tracefs backend: then the entry, as an unfinished call, which is left out
    out = p.push({
      ...b,
      ts: 4n,
      kind: "syscall",
      nr: sigreturn,
      args: [0n, 0n, 0n, 0n, 0n, 0n],
      enterTs: 4n,
    });
    assert.deepEqual(out, []);
    assert.equal(p.idle(), true);
    // a capture file read back: entry, then exit -1: one completed call
    p = new Pairer(arch);
    p.push({ ...b, ts: 1n, kind: "enter", nr: sigreturn, args: [0n, 0n, 0n, 0n, 0n, 0n] });
    out = p.push({ ...b, ts: 2n, kind: "exit", nr: -1, ret: 0n });
    assert.equal(out.length, 1);
    const s = out[0] as SyscallRecord;
    assert.deepEqual([s.kind, s.nr, s.ret, s.enterTs], ["syscall", sigreturn, 0n, 1n]);
    // another thread's records are not held back
    assert.equal(p.idle(), true);
  }
});

Deno.test("decode: modes are umode_t's 16 bits, ids unsigned with -1 as -1, as strace shows them", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    const line = (name: string, args: bigint[]) =>
      formatCall(arch, {
        ...base,
        kind: "syscall",
        nr: syscallNumber(arch, name)!,
        args,
        ret: 0n,
        enterTs: base.ts,
      }).replace(/ <.*$/, "");
    // the upper bits of the register are not the caller's mode: once shown as 037777600000
    assert.equal(
      line("fchmodat", [0xffffff9cn, 0n, 0xffff8000n, 0n, 0n, 0n]),
      "fchmodat(AT_FDCWD, NULL, 0100000) = 0",
    );
    assert.equal(
      line("fchmodat", [0xffffff9cn, 0n, 0n, 0n, 0n, 0n]),
      "fchmodat(AT_FDCWD, NULL, 000) = 0",
    );
    assert.equal(
      line("fchownat", [0xffffff9cn, 0n, 0xffffffffn, 4000000000n, 0n, 0n]),
      "fchownat(AT_FDCWD, NULL, -1, 4000000000, 0) = 0",
    );
  }
});

Deno.test("decode: futex, clocks, ioctls, arch_prctl, prctl, rlimits, getrandom by name", () => {
  const line = (arch: "x86_64" | "aarch64", name: string, args: bigint[], ret = 0n) =>
    formatCall(arch, {
      ...base,
      kind: "syscall",
      nr: syscallNumber(arch, name)!,
      args,
      ret,
      enterTs: base.ts,
    }).replace(/ <.*$/, "");
  for (const arch of ["x86_64", "aarch64"] as const) {
    // futex: the operation by name, and only the arguments it reads, as strace shows them
    assert.equal(
      line(arch, "futex", [0x1000n, 129n, 1n, 0n, 0n, 0n]),
      "futex(0x1000, FUTEX_WAKE_PRIVATE, 1) = 0",
    );
    assert.equal(
      line(arch, "futex", [0x1000n, 128n, 2n, 0n, 0n, 0n]),
      "futex(0x1000, FUTEX_WAIT_PRIVATE, 2, NULL) = 0",
    );
    assert.equal(
      line(arch, "futex", [0x1000n, 393n, 0n, 0x2000n, 0n, 0xffffffffn]),
      "futex(0x1000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, 0x2000, FUTEX_BITSET_MATCH_ANY) = 0",
    );
    assert.equal(
      line(arch, "clock_nanosleep", [0n, 0n, 0x1000n, 0n]),
      "clock_nanosleep(CLOCK_REALTIME, 0, 0x1000, NULL) = 0",
    );
    assert.equal(
      line(arch, "clock_nanosleep", [1n, 1n, 0x1000n, 0n]),
      "clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, 0x1000, NULL) = 0",
    );
    assert.equal(
      line(arch, "ioctl", [1n, 0x5401n, 0x7ffd0000n], -25n),
      "ioctl(1, TCGETS, 0x7ffd0000) = -1 ENOTTY (Inappropriate ioctl for device)",
    );
    assert.equal(line(arch, "ioctl", [3n, 0x1234n, 0n]), "ioctl(3, 0x1234, 0) = 0");
    assert.equal(
      line(arch, "prlimit64", [0n, 3n, 0n, 0x1000n]),
      "prlimit64(0, RLIMIT_STACK, NULL, 0x1000) = 0",
    );
    assert.equal(
      line(arch, "getrandom", [0x1000n, 8n, 1n], 8n),
      "getrandom(0x1000, 8, GRND_NONBLOCK) = 8",
    );
    assert.match(line(arch, "prctl", [15n, 0x1000n, 0n, 0n, 0n]), /^prctl\(PR_SET_NAME, /);
  }
  assert.equal(
    line("x86_64", "arch_prctl", [0x1002n, 0x7f00n]),
    "arch_prctl(ARCH_SET_FS, 0x7f00) = 0",
  );
});

Deno.test("decode: access mode 3 is O_ACCMODE, as strace names it", () => {
  const c = formatCall("x86_64", {
    ...base,
    kind: "syscall",
    nr: syscallNumber("x86_64", "openat")!,
    args: [0xffffff9cn, 0x1000n, 0x80003n, 0n, 0n, 0n],
    ret: 3n,
    enterTs: base.ts,
  });
  assert.match(c, /^openat\(AT_FDCWD, 0x1000, O_ACCMODE\|O_CLOEXEC\) = 3 </);
});

Deno.test("decode: fcntl's F_GETFD and F_GETFL results as flags, flock, mlockall, msync", () => {
  const line = (arch: "x86_64" | "aarch64", name: string, args: bigint[], ret = 0n) =>
    formatCall(arch, {
      ...base,
      kind: "syscall",
      nr: syscallNumber(arch, name)!,
      args,
      ret,
      enterTs: base.ts,
    }).replace(/ <.*$/, "");
  // strace's lines for the same calls on x86_64
  assert.equal(
    line("x86_64", "fcntl", [3n, 1n, 0n], 1n),
    "fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)",
  );
  assert.equal(line("x86_64", "fcntl", [0n, 1n, 0n], 0n), "fcntl(0, F_GETFD) = 0");
  assert.equal(
    line("x86_64", "fcntl", [0n, 3n, 0n], 0x8000n),
    "fcntl(0, F_GETFL) = 0x8000 (flags O_RDONLY|O_LARGEFILE)",
  );
  assert.equal(
    line("x86_64", "fcntl", [0n, 3n, 0n], -9n),
    "fcntl(0, F_GETFL) = -1 EBADF (Bad file descriptor)",
  );
  assert.equal(line("x86_64", "fcntl", [0n, 0n, 10n], 11n), "fcntl(0, F_DUPFD, 10) = 11");
  assert.equal(line("x86_64", "flock", [3n, 5n]), "flock(3, LOCK_SH|LOCK_NB) = 0");
  assert.equal(line("aarch64", "flock", [3n, 8n]), "flock(3, LOCK_UN) = 0");
  assert.equal(line("x86_64", "mlockall", [3n]), "mlockall(MCL_CURRENT|MCL_FUTURE) = 0");
  assert.equal(line("aarch64", "msync", [0x1000n, 4096n, 4n]), "msync(0x1000, 4096, MS_SYNC) = 0");
});

Deno.test("decode: an unknown constant in hex with strace's comment", () => {
  const line = (name: string, args: bigint[], ret = 0n) =>
    formatCall("x86_64", {
      ...base,
      kind: "syscall",
      nr: syscallNumber("x86_64", name)!,
      args,
      ret,
      enterTs: base.ts,
    }).replace(/ <.*$/, "");
  // strace's lines for the same calls
  assert.equal(
    line("lseek", [3n, 0n, 7n], -22n),
    "lseek(3, 0, 0x7 /* SEEK_??? */) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    line("socket", [2n, 0x80001n, 0x99n], -93n),
    "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0x99 /* IPPROTO_??? */) = -1 EPROTONOSUPPORT (Protocol not supported)",
  );
  assert.equal(
    line("arch_prctl", [0x3001n, 0x7f00n], -22n).split(" = ")[0],
    "arch_prctl(0x3001 /* ARCH_??? */, 0x7f00)",
  );
  // flags keep their unknown bits without a comment; ioctls have none either
  assert.equal(line("ioctl", [3n, 0x1234n, 0n]), "ioctl(3, 0x1234, 0) = 0");
});

Deno.test("decode: eventfd2, memfd_create, epoll_create1 flags in strace's order", () => {
  assert.match(
    call("x86_64", "eventfd2", [0n, 0o2004000n], undefined, 6n),
    /^eventfd2\(0, EFD_CLOEXEC\|EFD_NONBLOCK\) = 6 </,
  );
  assert.match(
    call("aarch64", "memfd_create", [0n, 1n], undefined, 7n),
    /^memfd_create\(NULL, MFD_CLOEXEC\) = 7 </,
  );
  assert.match(
    call("x86_64", "epoll_create1", [0o2000000n], undefined, 8n),
    /^epoll_create1\(EPOLL_CLOEXEC\) = 8 </,
  );
  assert.match(
    call("x86_64", "accept4", [3n, 0n, 0n, 0o2004000n], undefined, 4n),
    /, SOCK_CLOEXEC\|SOCK_NONBLOCK\) = 4 </,
  );
});

Deno.test("decode: 32-bit flags without names keep the register's low half; addresses are pointers", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    // strace's tests fill the upper half of int arguments with garbage
    assert.equal(
      call(arch, "pidfd_open", [0n, 0xdefaced00000000n]),
      "pidfd_open(0, 0) = 0 <0.000012>",
    );
    assert.equal(
      call(arch, "fsmount", [3n, 0xdefaced00000000n, 0xdefaced00000040n]),
      "fsmount(3, 0, 0x40 /* MOUNT_ATTR_??? */) = 0 <0.000012>",
    );
    assert.equal(
      call(arch, "mlock", [0x7f0000001000n, 4096n]),
      "mlock(0x7f0000001000, 4096) = 0 <0.000012>",
    );
    assert.equal(call(arch, "munlock", [0n, 4096n]), "munlock(NULL, 4096) = 0 <0.000012>");
  }
});

Deno.test("text: a fork's child return has no line of its own, as with strace -f (but with --events both)", async () => {
  const { textSink } = await import("../src/format_text.ts");
  for (const both of [false, true]) {
    const lines: string[] = [];
    const out = { line: (l: string) => lines.push(l), flushSync() {}, close() {} };
    // deno-lint-ignore no-explicit-any
    const sink = textSink(out as any, "x86_64", { both });
    const exit = (name: string, ret: bigint): TraceRecord => ({
      ...base,
      kind: "exit",
      nr: syscallNumber("x86_64", name)!,
      ret,
    });
    sink.write(exit("clone", 0n));
    sink.write(exit("clone3", 0n));
    sink.write(exit("clone", 42n)); // a parent's exit whose entry was not seen
    sink.write(exit("read", 0n));
    assert.equal(lines.length, both ? 4 : 2, lines.join("\n"));
    assert.match(lines.at(-2)!, / < clone res=42$/);
  }
});

Deno.test("decode: the one-table kinds (PRIO_*, P_*, ITIMER_*, TFD_*, PIDFD_NONBLOCK)", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    assert.equal(
      call(arch, "getpriority", [0n, 0n], [], 20n),
      "getpriority(PRIO_PROCESS, 0) = 20 <0.000012>",
    );
    assert.equal(
      call(arch, "waitid", [1n, 7n, 0n, 4n, 0n]),
      "waitid(P_PID, 7, NULL, WEXITED, NULL) = 0 <0.000012>",
    );
    assert.equal(
      call(arch, "timerfd_create", [1n, 0o2004000n], [], 5n),
      "timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK) = 5 <0.000012>",
    );
    assert.equal(
      call(arch, "pidfd_open", [1n, 0o4000n], [], 3n),
      "pidfd_open(1, PIDFD_NONBLOCK) = 3 <0.000012>",
    );
    // strace's printflags() default: no known bit, the number with its comment
    assert.equal(
      call(arch, "pidfd_open", [2287n, 0xfacef6edn], [], -22n),
      "pidfd_open(2287, 0xfacef6ed /* PIDFD_??? */) = -1 EINVAL (Invalid argument) <0.000012>",
    );
    assert.match(
      call(arch, "setitimer", [0n, 0x1000n, 0n]),
      /^setitimer\(ITIMER_REAL, 0x1000, NULL\)/,
    );
    assert.match(
      call(arch, "getpriority", [7n, 0n]),
      /^getpriority\(0x7 \/\* PRIO_\?\?\? \*\/, 0\)/,
    );
  }
});

Deno.test("text: prctl shows the arguments its option uses, as strace", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    const p = (args: bigint[], ret = 0n) => call(arch, "prctl", args, [], ret).replace(/ <.*$/, "");
    assert.equal(p([3n, 0n, 0n, 0n, 0n], 1n), "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)");
    assert.equal(p([1n, 15n, 0n, 0n, 0n]), "prctl(PR_SET_PDEATHSIG, SIGTERM) = 0");
    assert.equal(p([4n, 0n, 0n, 0n, 0n]), "prctl(PR_SET_DUMPABLE, SUID_DUMP_DISABLE) = 0");
    assert.equal(p([8n, 1n, 0n, 0n, 0n]), "prctl(PR_SET_KEEPCAPS, 1) = 0");
    assert.equal(p([38n, 1n, 0n, 0n, 0n]), "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0");
    assert.equal(p([15n, 0x4000n, 0n, 0n, 0n]), "prctl(PR_SET_NAME, 0x4000) = 0");
    assert.equal(
      p([0xdeadbeefn, 1n, 0n, 0xffn, 0n], -22n),
      "prctl(0xdeadbeef /* PR_??? */, 0x1, 0, 0xff, 0) = -1 EINVAL (Invalid argument)",
    );
  }
});

Deno.test("text: mremap's new address only with MREMAP_FIXED, as strace (both paths)", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    const m = (flags: bigint) =>
      call(
        arch,
        "mremap",
        [0x7f0000000000n, 4096n, 16384n, flags, 0x7f1000000000n],
        [],
        0x7f2000000000n,
      )
        .replace(/ <.*$/, "");
    assert.equal(m(1n), "mremap(0x7f0000000000, 4096, 16384, MREMAP_MAYMOVE) = 0x7f2000000000");
    assert.equal(
      m(3n),
      "mremap(0x7f0000000000, 4096, 16384, MREMAP_MAYMOVE|MREMAP_FIXED, 0x7f1000000000) = 0x7f2000000000",
    );
  }
});

Deno.test("decode: execve's envp is its address and how many strings it holds, as strace", () => {
  const count = (n: number, extra: Partial<Capture> = {}): Capture => ({
    arg: 2,
    type: "struct",
    data: new Uint8Array(new Uint32Array([n]).buffer),
    ...extra,
  });
  const argv: Capture = { arg: 1, type: "argv", data: enc.encode("true\0") };
  for (const arch of ["x86_64", "aarch64"] as const) {
    const line = (items: Capture[], envp = 0x7ffd0000n) =>
      call(arch, "execve", [0x1000n, 0x2000n, envp], [str(0, "/bin/true"), argv, ...items])
        .replace(/ <.*/, "");
    assert.equal(line([count(23)]), 'execve("/bin/true", ["true"], 0x7ffd0000 /* 23 vars */) = 0');
    assert.equal(line([count(0)]), 'execve("/bin/true", ["true"], 0x7ffd0000 /* 0 vars */) = 0');
    // unreadable, not copied (tracefs), NULL
    assert.equal(
      line([count(0, { fault: true })]),
      'execve("/bin/true", ["true"], 0x7ffd0000) = 0',
    );
    assert.equal(line([]), 'execve("/bin/true", ["true"], 0x7ffd0000) = 0');
    assert.equal(line([], 0n), 'execve("/bin/true", ["true"], NULL) = 0');
  }
  // JSON keeps the address as a number
  const j = JSON.parse(jsonLine({
    ...base,
    kind: "syscall",
    nr: syscallNumber("x86_64", "execve")!,
    args: [0x1000n, 0x2000n, 0x7ffd0000n, 0n, 0n, 0n],
    ret: 0n,
    enterTs: 1_988_000n,
    items: [str(0, "/bin/true"), argv, count(5)],
  }, "x86_64"));
  assert.equal(j.args.envp, 0x7ffd0000);
});

Deno.test("decode: getcwd's path without the NUL its result counts, as strace", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    const cwd = { arg: 0, type: "str" as const, data: enc.encode("/tmp\0") };
    assert.match(call(arch, "getcwd", [0x1000n, 4096n], [cwd], 5n), /^getcwd\("\/tmp", 4096\) = 5/);
    assert.match(call(arch, "getcwd", [0x1000n, 1n], [], -34n), /^getcwd\(0x1000, 1\) = -1 ERANGE/);
  }
});

Deno.test("decode: futex's arguments as strace picks them per operation, with its timeout", () => {
  const ts = (s: number, ns: number): Capture => ({
    arg: 3,
    type: "struct",
    data: new Uint8Array(new BigInt64Array([BigInt(s), BigInt(ns)]).buffer),
  });
  for (const arch of ["x86_64", "aarch64"] as const) {
    const f = (args: bigint[], items: Capture[] = [], ret = 0n) =>
      call(arch, "futex", args, items, ret).replace(/ <.*/, "");
    const U = 0x7f00n, U2 = 0x7f10n, T = 0x7ffd0000n;
    assert.equal(
      f([U, 0n, 1n, T, 0n, 0n], [ts(0, 1000000)], -110n),
      "futex(0x7f00, FUTEX_WAIT, 1, {tv_sec=0, tv_nsec=1000000}) = -1 ETIMEDOUT (Connection timed out)",
    );
    assert.equal(f([U, 0x81n, 1n, 0n, 0n, 0n], [], 1n), "futex(0x7f00, FUTEX_WAKE_PRIVATE, 1) = 1");
    assert.equal(
      f([U, 0x189n, 0n, 0n, 0n, 0xffffffffn], [], -11n),
      "futex(0x7f00, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, NULL, FUTEX_BITSET_MATCH_ANY) = -1 EAGAIN (Resource temporarily unavailable)",
    );
    assert.equal(f([U, 10n, 1n, 0n, 0n, 2n]), "futex(0x7f00, FUTEX_WAKE_BITSET, 1, 0x2) = 0");
    assert.equal(f([U, 3n, 1n, 5n, U2, 0n]), "futex(0x7f00, FUTEX_REQUEUE, 1, 5, 0x7f10) = 0");
    assert.equal(
      f([U, 4n, 1n, 0n, U2, 7n]),
      "futex(0x7f00, FUTEX_CMP_REQUEUE, 1, 0, 0x7f10, 7) = 0",
    );
    assert.equal(
      f([U, 5n, 1n, 1n, U2, 0x04000001n]),
      "futex(0x7f00, FUTEX_WAKE_OP, 1, 1, 0x7f10, FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1) = 0",
    );
    assert.equal(f([U, 6n, 0n, 0n, 0n, 0n]), "futex(0x7f00, FUTEX_LOCK_PI, NULL) = 0");
    assert.equal(f([U, 7n, 0n, 0n, 0n, 0n]), "futex(0x7f00, FUTEX_UNLOCK_PI) = 0");
    // an unreadable timeout: its address
    assert.equal(
      f([U, 0n, 1n, T, 0n, 0n], [{ ...ts(0, 0), data: new Uint8Array(0), fault: true }], -14n),
      "futex(0x7f00, FUTEX_WAIT, 1, 0x7ffd0000) = -1 EFAULT (Bad address)",
    );
  }
});
Deno.test("text: ptrace's requests and the arguments each uses, as strace 6.1", () => {
  const p = (arch: "x86_64" | "aarch64", args: bigint[], ret = 0n) =>
    call(arch, "ptrace", args, [], ret).replace(/ <.*$/, "");
  for (const arch of ["x86_64", "aarch64"] as const) {
    assert.equal(p(arch, [0n, 0n, 0n, 0n]), "ptrace(PTRACE_TRACEME) = 0");
    assert.equal(p(arch, [0x10n, 453n, 0n, 0n]), "ptrace(PTRACE_ATTACH, 453) = 0");
    assert.equal(
      p(arch, [0x4208n, 453n, 1n, 2n], -3n),
      "ptrace(PTRACE_LISTEN, 453) = -1 ESRCH (No such process)",
    );
    assert.equal(p(arch, [7n, 456n, 0n, 0n]), "ptrace(PTRACE_CONT, 456, NULL, 0) = 0");
    assert.equal(p(arch, [0x11n, 453n, 0n, 12n]), "ptrace(PTRACE_DETACH, 453, NULL, SIGUSR2) = 0");
    assert.equal(p(arch, [0x1fn, 453n, 0n, 12n]), "ptrace(PTRACE_SYSEMU, 453, NULL, SIGUSR2) = 0");
    assert.equal(
      p(arch, [0x4200n, 0xffffffff00000453n, 0n, 0x100003n]),
      "ptrace(PTRACE_SETOPTIONS, 1107, NULL, PTRACE_O_TRACESYSGOOD|PTRACE_O_TRACEFORK|PTRACE_O_EXITKILL) = 0",
    );
    assert.equal(
      p(arch, [0x4206n, 453n, 0x7f00n, 1n]),
      "ptrace(PTRACE_SEIZE, 453, 0x7f00, PTRACE_O_TRACESYSGOOD) = 0",
    );
    assert.equal(
      p(arch, [0x4204n, 453n, 2n, 0x7ffc0n]),
      "ptrace(PTRACE_GETREGSET, 453, NT_FPREGSET, 0x7ffc0) = 0",
    );
    assert.equal(
      p(arch, [0x420an, 453n, 8n, 0x7ffc0n]),
      "ptrace(PTRACE_GETSIGMASK, 453, 8, 0x7ffc0) = 0",
    );
    assert.equal(
      p(arch, [2n, 453n, 0x1000n, 0x2000n]),
      "ptrace(PTRACE_PEEKDATA, 453, 0x1000, 0x2000) = 0",
    );
    assert.equal(
      p(arch, [0xdeadbeefn, 0xffffffffn, 0x1000n, 0n]),
      "ptrace(0xdeadbeef /* PTRACE_??? */, -1, 0x1000, NULL) = 0",
    );
  }
  // PTRACE_GETREGSET's iovec, which the module copies: as strace shows it where it shows no
  // registers (a failed call); any other request's data is an address
  const iov = new Uint8Array(16);
  new DataView(iov.buffer).setBigUint64(0, 0x7ffc1000n, true);
  new DataView(iov.buffer).setBigUint64(8, 217n, true);
  const item: Capture = { arg: 3, type: "struct", data: iov };
  for (const arch of ["x86_64", "aarch64"] as const) {
    assert.equal(
      call(arch, "ptrace", [0x4204n, 457n, 1n, 0x7ffc0n], [item], -22n).replace(/ <.*$/, ""),
      "ptrace(PTRACE_GETREGSET, 457, NT_PRSTATUS, {iov_base=0x7ffc1000, iov_len=217}) = -1 EINVAL (Invalid argument)",
    );
    assert.equal(
      call(arch, "ptrace", [2n, 457n, 0x1000n, 0x7ffc0n], [item], -3n).replace(/ <.*$/, ""),
      "ptrace(PTRACE_PEEKDATA, 457, 0x1000, 0x7ffc0) = -1 ESRCH (No such process)",
    );
  }
  const j2 = JSON.parse(jsonLine({
    ...base,
    kind: "syscall",
    nr: syscallNumber("x86_64", "ptrace")!,
    args: [0x4205n, 5n, 2n, 0x7ffc0n, 0n, 0n],
    ret: 0n,
    enterTs: 1_988_000n,
    items: [item],
  }, "x86_64"));
  assert.deepEqual(j2.args.data, { iov_base: 0x7ffc1000, iov_len: 217 });
  // x86_64's PTRACE_GETREGS shows the registers' address in addr's place, strace's regs_addr
  assert.equal(p("x86_64", [0xcn, 457n, 0n, 0x7ffc0n]), "ptrace(PTRACE_GETREGS, 457, 0x7ffc0) = 0");
  assert.equal(
    p("x86_64", [0x21n, 453n, 0n, 10n]),
    "ptrace(PTRACE_SINGLEBLOCK, 453, NULL, SIGUSR1) = 0",
  );
  assert.equal(
    p("aarch64", [0x1dn, 453n, 0n, 0n]),
    "ptrace(PTRACE_GETHBPREGS, 453, NULL, NULL) = 0",
  );
  // JSON keeps every argument, the request by name
  const j = JSON.parse(jsonLine({
    ...base,
    kind: "syscall",
    nr: syscallNumber("x86_64", "ptrace")!,
    args: [0x4200n, 5n, 0n, 1n, 0n, 0n],
    ret: 0n,
    enterTs: 1_988_000n,
  }, "x86_64"));
  assert.deepEqual(j.args, { request: "PTRACE_SETOPTIONS", pid: 5, addr: null, data: 1 });
});

Deno.test("text: keyctl's operations, key serials of add_key and request_key, as strace 6.1", () => {
  const k = (name: string, args: bigint[], items?: Capture[], ret = 0n) =>
    call("x86_64", name, args, items, ret).replace(/ <.*$/, "");
  assert.equal(
    k("add_key", [0n, 0n, 0n, 0n, 0xffffffffn], undefined, -14n),
    "add_key(NULL, NULL, NULL, 0, KEY_SPEC_THREAD_KEYRING) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    k("add_key", [0x1000n, 0n, 0x2000n, 5n, 0xb669fd2en], [
      str(0, "user"),
      { arg: 2, type: "buf", data: new Uint8Array([14, 15, 16, 17, 18]) },
    ]),
    'add_key("user", NULL, "\\16\\17\\20\\21\\22", 5, -1234567890) = 0',
  );
  assert.equal(
    k("request_key", [0n, 0n, 0n, 1234567890n], undefined, -14n),
    "request_key(NULL, NULL, NULL, 1234567890) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    k("keyctl", [0n, 0xfffffffffffffffdn, 0xffffffffn, 7n, 8n]),
    "keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, -1) = 0",
  );
  assert.equal(k("keyctl", [3n, 0xfffffffan]), "keyctl(KEYCTL_REVOKE, KEY_SPEC_GROUP_KEYRING) = 0");
  assert.equal(k("keyctl", [1n, 0n]), "keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL) = 0");
  assert.equal(
    k("keyctl", [2n, 0xfffffff8n, 0n, 0n]),
    "keyctl(KEYCTL_UPDATE, KEY_SPEC_REQUESTOR_KEYRING, NULL, 0) = 0",
  );
  assert.equal(k("keyctl", [18n, 1n, 2n]), "keyctl(KEYCTL_SESSION_TO_PARENT) = 0");
  assert.equal(
    k("keyctl", [14n, 0xffffffffn]),
    "keyctl(KEYCTL_SET_REQKEY_KEYRING, KEY_REQKEY_DEFL_NO_CHANGE) = 0",
  );
  assert.equal(
    k("keyctl", [0xfacefeedn, 0xdeadfee1badc0de5n, 0n, 1n, 0xdeadfee4badc0de8n], undefined, -95n),
    "keyctl(0xfacefeed /* KEYCTL_??? */, 0xdeadfee1badc0de5, 0, 0x1, 0xdeadfee4badc0de8) = -1 EOPNOTSUPP (Operation not supported)",
  );
});

Deno.test("text: bpf, kcmp, io_uring_register, membarrier, seccomp, NUMA policies, quotactl by name", () => {
  const t = (name: string, args: bigint[], ret = 0n) =>
    call("x86_64", name, args, undefined, ret).replace(/ <.*$/, "");
  assert.equal(
    t("bpf", [0n, 0n, 256n], -14n),
    "bpf(BPF_MAP_CREATE, NULL, 256) = -1 EFAULT (Bad address)",
  );
  assert.equal(t("bpf", [0x7fn, 0x1000n, 4n]), "bpf(0x7f /* BPF_??? */, 0x1000, 4) = 0");
  assert.equal(
    t("kcmp", [1845n, 1845n, 0n, 23n, 42n], 2n),
    "kcmp(1845, 1845, KCMP_FILE, 23, 42) = 2",
  );
  assert.equal(t("kcmp", [0xffffffffn, 0xffffffffn, 1n, 5n, 6n]), "kcmp(-1, -1, KCMP_VM) = 0");
  assert.equal(
    t("kcmp", [0n, 0n, 8n, 0n, 0n]),
    "kcmp(0, 0, 0x8 /* KCMP_??? */, 0, 0) = 0",
  );
  assert.equal(
    t("io_uring_register", [0n, 1n, 0x1000n, 3735928559n]),
    "io_uring_register(0, IORING_UNREGISTER_BUFFERS, 0x1000, 3735928559) = 0",
  );
  assert.equal(
    t("io_uring_register", [0n, 0x18n, 0x1000n, 1n]),
    "io_uring_register(0, 0x18 /* IORING_REGISTER_??? */, 0x1000, 1) = 0",
  );
  assert.equal(
    t("membarrier", [0n, 0n, 0n], 0x1ffn),
    "membarrier(MEMBARRIER_CMD_QUERY, 0) = 0x1ff (MEMBARRIER_CMD_GLOBAL|MEMBARRIER_CMD_GLOBAL_EXPEDITED|MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED|MEMBARRIER_CMD_PRIVATE_EXPEDITED|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED|MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE|MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ)",
  );
  assert.equal(
    t("membarrier", [3n, 0xffn, 0xffffffffn], -22n),
    "membarrier(0x3 /* MEMBARRIER_CMD_??? */, MEMBARRIER_CMD_FLAG_CPU|0xfe, -1) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    t("seccomp", [1n, 0xffffffffn, 0x7000n], -22n),
    "seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC|SECCOMP_FILTER_FLAG_LOG|SECCOMP_FILTER_FLAG_SPEC_ALLOW|SECCOMP_FILTER_FLAG_NEW_LISTENER|SECCOMP_FILTER_FLAG_TSYNC_ESRCH|SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV|0xffffffc0, 0x7000) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    t("seccomp", [1n, 0xffffffc0n, 0x7fffn], -22n),
    "seccomp(SECCOMP_SET_MODE_FILTER, 0xffffffc0 /* SECCOMP_FILTER_FLAG_??? */, 0x7fff) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(t("seccomp", [2n, 0n, 0x7ffcn]), "seccomp(SECCOMP_GET_ACTION_AVAIL, 0, 0x7ffc) = 0");
  assert.equal(t("set_mempolicy", [1n, 0n, 0n]), "set_mempolicy(MPOL_PREFERRED, NULL, 0) = 0");
  assert.equal(
    t("set_mempolicy", [2n | 0x8000n, 0n, 0n]),
    "set_mempolicy(MPOL_BIND|MPOL_F_STATIC_NODES, NULL, 0) = 0",
  );
  assert.equal(t("set_mempolicy", [9n, 0n, 0n]), "set_mempolicy(0x9 /* MPOL_??? */, NULL, 0) = 0");
  // an int: the register's upper half is not the caller's
  assert.equal(
    t("set_mempolicy", [0xdefaced00000001n, 0n, 0n]),
    "set_mempolicy(MPOL_PREFERRED, NULL, 0) = 0",
  );
  assert.equal(
    t("mbind", [0x7f09d2a07000n, 4096n, 0n, 0n, 0n, 0xffffffffn]),
    "mbind(0x7f09d2a07000, 4096, MPOL_DEFAULT, NULL, 0, MPOL_MF_STRICT|MPOL_MF_MOVE|MPOL_MF_MOVE_ALL|0xfffffff8) = 0",
  );
  assert.equal(
    t("get_mempolicy", [0n, 0n, 0n, 0x1000n, 2n]),
    "get_mempolicy(NULL, NULL, 0, 0x1000, MPOL_F_ADDR) = 0",
  );
  // the policy the kernel wrote, copied at exit
  const pol = (v: number): Capture => ({
    arg: 0,
    type: "struct",
    data: new Uint8Array([v, 0, 0, 0]),
  });
  assert.equal(
    call("x86_64", "get_mempolicy", [0x7f00n, 0n, 0n, 0n, 0n], [pol(0)]).replace(/ <.*$/, ""),
    "get_mempolicy([MPOL_DEFAULT], NULL, 0, NULL, 0) = 0",
  );
  assert.equal(
    call("aarch64", "get_mempolicy", [0x7f00n, 0n, 0n, 0n, 0n], [pol(9)]).replace(/ <.*$/, ""),
    "get_mempolicy([0x9 /* MPOL_??? */], NULL, 0, NULL, 0) = 0",
  );
  assert.equal(
    t("quotactl", [0xbadc0dedn, 0x7000n, 3397364973n, 0x8000n], -22n),
    "quotactl(QCMD(0xbadc0d /* Q_??? */, 0xed /* ???QUOTA */), 0x7000, 3397364973, 0x8000) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    t("quotactl", [0x80000300n, 0x7000n, 0xffffffffn, 0n], -14n),
    "quotactl(QCMD(Q_QUOTAOFF, USRQUOTA), 0x7000) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    t("quotactl", [0x80000701n, 0n, 0xffffffffn, 0n], -19n),
    "quotactl(QCMD(Q_GETQUOTA, GRPQUOTA), NULL, -1, NULL) = -1 ENODEV (No such device)",
  );
  // Q_QUOTAON: the quota file's path (a select on the command)
  assert.equal(
    call("x86_64", "quotactl", [0x80000200n, 0x7000n, 1n, 0x8000n], [
      { arg: 1, type: "str", data: new TextEncoder().encode("/dev/bogus/") },
      { arg: 3, type: "str", data: new TextEncoder().encode("/tmp/bogus/") },
    ], -2n).replace(/ <.*$/, ""),
    'quotactl(QCMD(Q_QUOTAON, USRQUOTA), "/dev/bogus/", QFMT_VFS_OLD, "/tmp/bogus/") = ' +
      "-1 ENOENT (No such file or directory)",
  );
  // Q_GETINFO: no id
  assert.equal(
    t("quotactl", [0x80000500n, 0n, 0xffffffffn, 0n], -19n),
    "quotactl(QCMD(Q_GETINFO, USRQUOTA), NULL, NULL) = -1 ENODEV (No such device)",
  );
});

Deno.test("text: rt_sigreturn with the mask its frame restores, as strace; without it, no argument", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    // SIGINT (2), SIGUSR2 (12), SIGCHLD (17) and the kernel's SIGRTMIN+3 (35)
    const mask = new Uint8Array(8);
    const set = (sig: number) => mask[(sig - 1) >> 3] |= 1 << ((sig - 1) & 7);
    [2, 12, 17, 35].forEach(set);
    const item: Capture = { arg: 0, type: "struct", data: mask };
    assert.equal(
      call(arch, "rt_sigreturn", [0x7fn], [item], 0n).replace(/ <.*$/, ""),
      "rt_sigreturn({mask=[INT USR2 CHLD RT_3]}) = 0",
    );
    assert.equal(
      call(arch, "rt_sigreturn", [0n], [{ arg: 0, type: "struct", data: new Uint8Array(8) }], -4n)
        .replace(/ <.*$/, ""),
      "rt_sigreturn({mask=[]}) = -1 EINTR (Interrupted system call)",
    );
    assert.equal(
      call(arch, "rt_sigreturn", [5n], [], 0n).replace(/ <.*$/, ""),
      "rt_sigreturn() = 0",
    );
    const j = JSON.parse(jsonLine({
      ...base,
      kind: "syscall",
      nr: syscallNumber(arch, "rt_sigreturn")!,
      args: [0n, 0n, 0n, 0n, 0n, 0n],
      ret: 0n,
      enterTs: 1_988_000n,
      items: [item],
    }, arch));
    assert.deepEqual(j.args, { frame: { mask: "[INT USR2 CHLD RT_3]" } });
  }
});

Deno.test("text: other calls' flags and values strace names (setns, unshare, pkey_alloc, ...)", () => {
  const t = (name: string, args: bigint[], ret = 0n) =>
    call("x86_64", name, args, undefined, ret).replace(/ <.*$/, "");
  const badf = " = -1 EBADF (Bad file descriptor)", inval = " = -1 EINVAL (Invalid argument)";
  assert.equal(t("setns", [0xdeadc0den, 0n], -9n), "setns(-559038242, 0)" + badf);
  assert.equal(t("setns", [0xdeadc0den, 0x80n], -9n), "setns(-559038242, CLONE_NEWTIME)" + badf);
  assert.equal(
    t("setns", [0xdeadc0den, 0x81fdff7fn], -9n),
    "setns(-559038242, 0x81fdff7f /* CLONE_NEW??? */)" + badf,
  );
  assert.equal(
    t("unshare", [0xbadc0ded0000000fn], -22n),
    "unshare(0xbadc0ded0000000f /* CLONE_??? */)" + inval,
  );
  assert.equal(t("unshare", [0x02000000n]), "unshare(CLONE_NEWCGROUP) = 0");
  assert.equal(
    t("pkey_alloc", [0n, 0xbadc0ded00000002n], -22n),
    "pkey_alloc(0, PKEY_DISABLE_WRITE|0xbadc0ded00000000)" + inval,
  );
  assert.equal(
    t("pkey_alloc", [0n, 0xbadc0de8n], -22n),
    "pkey_alloc(0, 0xbadc0de8 /* PKEY_??? */)" + inval,
  );
  assert.equal(t("userfaultfd", [0o4001n], 8n), "userfaultfd(UFFD_USER_MODE_ONLY|O_NONBLOCK) = 8");
  assert.equal(
    t("shmat", [0n, 0n, 0o10000n], 0x7eff7703e000n),
    "shmat(0, NULL, SHM_RDONLY) = 0x7eff7703e000",
  );
  assert.equal(
    t("inotify_init1", [0xff96b77bn], -22n),
    "inotify_init1(0xff96b77b /* IN_??? */)" + inval,
  );
  assert.equal(t("inotify_init1", [0o2004000n], 3n), "inotify_init1(IN_NONBLOCK|IN_CLOEXEC) = 3");
  assert.equal(
    t("sched_setscheduler", [2598n, 0xfaceda7an, 0n], -22n),
    "sched_setscheduler(2598, 0xfaceda7a /* SCHED_??? */, NULL)" + inval,
  );
  assert.equal(
    t("sched_setscheduler", [2598n, 1n, 0n], -22n),
    "sched_setscheduler(2598, SCHED_FIFO, NULL)" + inval,
  );
  assert.equal(
    t("delete_module", [0n, 0xfacef157n], -14n),
    "delete_module(NULL, 0xfacef157 /* O_??? */) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    t("landlock_add_rule", [0n, 0n, 0n, 0n], -77n),
    "landlock_add_rule(0, 0 /* LANDLOCK_RULE_??? */, NULL, 0) = -1 EBADFD (File descriptor in bad state)",
  );
  assert.equal(
    t("landlock_create_ruleset", [0n, 0n, 0xbadcaffen], -22n),
    "landlock_create_ruleset(NULL, 0, 0xbadcaffe /* LANDLOCK_CREATE_RULESET_??? */)" + inval,
  );
  assert.equal(
    t("kexec_file_load", [0xbadc0ded00000001n, 0n, 0n, 0n, 0xbadc0dedda7a1058n], -22n),
    "kexec_file_load(1, 0, 0, NULL, 0xbadc0dedda7a1058 /* KEXEC_FILE_??? */)" + inval,
  );
  assert.equal(t("fsmount", [0xffffffffn, 1n, 0n], -9n), "fsmount(-1, FSMOUNT_CLOEXEC, 0)" + badf);
  // mprotect's address is a pointer, as strace's printaddr() shows it
  assert.equal(t("pkey_mprotect", [0n, 0n, 1n, 0n]), "pkey_mprotect(NULL, 0, PROT_READ, 0) = 0");
  assert.equal(t("mprotect", [0n, 4096n, 0n]), "mprotect(NULL, 4096, PROT_NONE) = 0");
  assert.equal(
    t("fanotify_mark", [305419896n, 0n, 0n, 0xffffffffn, 0n], -22n),
    "fanotify_mark(305419896, 0, 0, FAN_NOFD, NULL)" + inval,
  );
  assert.equal(
    t("fanotify_mark", [305419896n, 0xeface800n, 0xffffffffa7f02000n, 0xffffff9cn, 0n], -22n),
    "fanotify_mark(305419896, 0xeface800 /* FAN_MARK_??? */, 0xffffffffa7f02000 /* FAN_??? */, AT_FDCWD, NULL)" +
      inval,
  );
  assert.equal(
    t("fanotify_mark", [3n, 1n, 0x40000002n, 5n, 0n], -22n),
    "fanotify_mark(3, FAN_MARK_ADD, FAN_MODIFY|FAN_ONDIR, 5, NULL)" + inval,
  );
  assert.equal(
    t("fsconfig", [0xffffff9cn, 0xffffffffn, 0n, 0n, 3n], -22n),
    "fsconfig(-100, 0xffffffff /* FSCONFIG_??? */, NULL, NULL, 3)" + inval,
  );
});
