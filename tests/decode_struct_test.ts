/**
 * The structures the module copies, decoded from their bytes in each architecture's layout and
 * printed as strace 6.1 prints them (the expected texts are strace's, from runs of
 * tests/progs/structs and tests/progs/sigexit on x86_64).
 */
import { callRecord } from "./call_records.ts";
import assert from "node:assert/strict";
import { decodeCall } from "../src/decode.ts";
import { formatCall, formatValue, TextFormatter } from "../src/format_text.ts";
import { jsonValue, structJsonFast } from "../src/format_json.ts";
import {
  makedevText,
  sigsetText,
  structTextFast,
  structValue,
  waitStatusText,
} from "../src/decode_struct.ts";
import { syscallNumber } from "../src/syscalls.ts";
import type { Arch, Capture, SyscallRecord } from "../src/record.ts";

/** Bytes of `size` with fields [offset, width, value] (little-endian). */
function bytes(size: number, fields: Array<[number, 1 | 2 | 4 | 8, number | bigint]>): Uint8Array {
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  for (const [o, w, x] of fields) {
    if (w === 1) v.setUint8(o, Number(x));
    else if (w === 2) v.setUint16(o, Number(x), true);
    else if (w === 4) v.setUint32(o, Number(BigInt.asUintN(32, BigInt(x))), true);
    else v.setBigUint64(o, BigInt.asUintN(64, BigInt(x)), true);
  }
  return b;
}

/** The text of argument `i` of `name` with `data` copied for it. */
function arg(
  arch: Arch,
  name: string,
  args: bigint[],
  i: number,
  data?: Uint8Array,
  fault?: boolean,
) {
  const items: Capture[] = data
    ? [{ arg: i, type: "struct", data, ...(fault ? { fault } : {}) }]
    : [];
  const c = decodeCall(arch, syscallNumber(arch, name)!, args, items);
  return formatValue(c.args.find((a) => a.arg === i)!.value);
}

const P = 0x7ffd0000n; // a user address

/** A completed call of syscall number `nr`, 1 µs long, as the decoded path gets it. */
const syscallRec = (nr: number, args: bigint[], ret: bigint, items: Capture[] = []) =>
  callRecord(nr, args, ret, items);

Deno.test("stat: strace's abbreviation, both layouts; devices by makedev()", () => {
  // x86_64: st_mode at 24, st_rdev at 40, st_size at 48; arm64: st_mode at 16, st_rdev at 32
  const x = bytes(144, [[24, 4, 0o100640], [48, 8, 3]]);
  assert.equal(
    arg("x86_64", "newfstatat", [0xffffff9cn, P, P, 0n], 2, x),
    "{st_mode=S_IFREG|0640, st_size=3, ...}",
  );
  const a = bytes(128, [[16, 4, 0o20666], [32, 8, 0x103]]);
  assert.equal(
    arg("aarch64", "newfstatat", [0xffffff9cn, P, P, 0n], 2, a),
    "{st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}",
  );
  assert.equal(
    arg("x86_64", "fstat", [3n, P], 1, bytes(144, [[24, 4, 0o140777]])),
    "{st_mode=S_IFSOCK|0777, st_size=0, ...}",
  );
  // set-id bits, a big device number
  assert.equal(
    arg("x86_64", "stat", [P, P], 1, bytes(144, [[24, 4, 0o104755], [48, 8, 1]])),
    "{st_mode=S_IFREG|S_ISUID|0755, st_size=1, ...}",
  );
  assert.equal(makedevText(0x12345678n), "makedev(0x456, 0x12378)");
  // nothing copied (a failed call), a fault, NULL
  assert.equal(arg("x86_64", "fstat", [3n, P], 1), "0x7ffd0000");
  assert.equal(arg("x86_64", "fstat", [3n, 1n], 1, new Uint8Array(), true), "0x1");
  assert.equal(arg("x86_64", "fstat", [3n, 0n], 1), "NULL");
});

Deno.test("statx, timespec, rlimit, uname, sysinfo", () => {
  const sx = bytes(256, [[0, 4, 0x17ff], [28, 2, 0o100640], [40, 8, 3]]);
  assert.equal(
    arg("x86_64", "statx", [0xffffff9cn, P, 0n, 0x7ffn, P], 4, sx),
    "{stx_mask=STATX_BASIC_STATS|STATX_MNT_ID, stx_attributes=0, stx_mode=S_IFREG|0640, stx_size=3, ...}",
  );
  const nr = syscallNumber("x86_64", "statx")!;
  assert.equal(
    decodeCall("x86_64", nr, [0xffffff9cn, P, 0n, 0x7ffn, 0n]).args.slice(2, 4).map((a) =>
      formatValue(a.value)
    ).join(", "),
    "AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS",
  );
  assert.equal(
    arg("x86_64", "clock_nanosleep", [0n, 0n, P, 0n], 2, bytes(16, [[8, 8, 1000000]])),
    "{tv_sec=0, tv_nsec=1000000}",
  );
  const lim = bytes(16, [[0, 8, 8192 * 1024], [8, 8, -1n]]);
  assert.equal(
    arg("x86_64", "prlimit64", [0n, 3n, 0n, P], 3, lim),
    "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}",
  );
  assert.equal(
    arg("x86_64", "getrlimit", [7n, P], 1, lim),
    "{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}",
  );
  assert.equal(
    arg("x86_64", "setrlimit", [7n, P], 1, bytes(16, [[0, 8, 1024], [8, 8, 20000]])),
    "{rlim_cur=1024, rlim_max=20000}",
  );
  const u = new Uint8Array(390);
  u.set(new TextEncoder().encode("Linux"), 0);
  u.set(new TextEncoder().encode("vm"), 65);
  assert.equal(arg("x86_64", "uname", [P], 0, u), '{sysname="Linux", nodename="vm", ...}');
  const si = bytes(112, [
    [0, 8, 45573],
    [8, 8, 247456],
    [16, 8, 208000],
    [24, 8, 132480],
    [32, 8, 25276182528],
    [80, 2, 169],
    [104, 4, 1],
  ]);
  assert.equal(
    arg("x86_64", "sysinfo", [P], 0, si),
    "{uptime=45573, loads=[247456, 208000, 132480], totalram=25276182528, freeram=0, sharedram=0, bufferram=0, totalswap=0, freeswap=0, procs=169, totalhigh=0, freehigh=0, mem_unit=1}",
  );
});

Deno.test("signal sets and actions, wait statuses", () => {
  assert.equal(sigsetText(1 << 16, 0), "[CHLD]");
  assert.equal(sigsetText(0, 0), "[]");
  // every signal but 32 and 33: strace's complement notation
  assert.equal(sigsetText(0x7fffffff, 0xfffffffe), "~[RTMIN RT_1]");
  const sa = bytes(32, [[0, 8, 0x401970], [8, 8, 0x14000000], [16, 8, 0x4089f0]]);
  assert.equal(
    arg("x86_64", "rt_sigaction", [10n, P, P, 8n], 1, sa),
    "{sa_handler=0x401970, sa_mask=[], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x4089f0}",
  );
  assert.equal(
    arg("x86_64", "rt_sigaction", [10n, P, P, 8n], 2, new Uint8Array(32)),
    "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}",
  );
  assert.equal(arg("x86_64", "rt_sigprocmask", [0n, P, P, 8n], 2, new Uint8Array(8)), "[]");
  assert.equal(waitStatusText(3 << 8), "[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]");
  assert.equal(waitStatusText(9), "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}]");
  assert.equal(
    waitStatusText(11 | 0x80),
    "[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}]",
  );
  assert.equal(waitStatusText(0x137f), "[{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}]");
  assert.equal(waitStatusText(0xffff), "[{WIFCONTINUED(s)}]");
  assert.equal(
    arg("x86_64", "wait4", [-1n, P, 0n, 0n], 1, bytes(4, [[0, 4, 3 << 8]])),
    "[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]",
  );
});

Deno.test("poll and epoll: arrays, revents after the result, x86_64's packed epoll_event", () => {
  const pf = bytes(16, [[0, 4, 3], [4, 2, 1], [6, 2, 1], [8, 4, 4], [12, 2, 4], [14, 2, 4]]);
  const rec = (
    arch: Arch,
    name: string,
    args: bigint[],
    ret: bigint,
    items: Capture[],
  ): SyscallRecord => syscallRec(syscallNumber(arch, name)!, args, ret, items);
  assert.equal(
    formatCall(
      "x86_64",
      rec("x86_64", "poll", [P, 2n, 100n], 2n, [{ arg: 0, type: "struct", data: pf }]),
    ),
    "poll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, 100) = 2 ([{fd=3, revents=POLLIN}, {fd=4, revents=POLLOUT}]) <0.000001>",
  );
  assert.equal(
    formatCall(
      "x86_64",
      rec("x86_64", "poll", [P, 1n, 10n], 0n, [{ arg: 0, type: "struct", data: pf.slice(0, 8) }]),
    ),
    "poll([{fd=3, events=POLLIN}], 1, 10) = 0 (Timeout) <0.000001>",
  );
  // ppoll: the timeout as passed, then as left
  const tin = bytes(16, [[8, 8, 100000000]]), tleft = bytes(16, [[8, 8, 99958448]]);
  assert.equal(
    formatCall(
      "aarch64",
      rec("aarch64", "ppoll", [P, 2n, P, 0n, 0n], 2n, [
        { arg: 0, type: "struct", data: pf },
        { arg: 2, type: "struct", data: tin },
        { arg: 2, type: "struct", data: tleft },
      ]),
    ),
    "ppoll([{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, {tv_sec=0, tv_nsec=100000000}, NULL, 0) = 2 ([{fd=3, revents=POLLIN}, {fd=4, revents=POLLOUT}], left {tv_sec=0, tv_nsec=99958448}) <0.000001>",
  );
  const ex = bytes(12, [[0, 4, 1], [4, 8, 3]]);
  assert.equal(
    arg("x86_64", "epoll_ctl", [5n, 1n, 3n, P], 3, ex),
    "{events=EPOLLIN, data={u32=3, u64=3}}",
  );
  assert.equal(
    formatValue(
      decodeCall("x86_64", syscallNumber("x86_64", "epoll_ctl")!, [5n, 1n, 3n, P]).args[1].value,
    ),
    "EPOLL_CTL_ADD",
  );
  const ea = bytes(32, [[0, 4, 1], [8, 8, 3], [16, 4, 0x2004], [24, 8, 0x100000007n]]);
  assert.equal(
    arg("aarch64", "epoll_pwait", [5n, P, 4n, 100n, 0n, 8n], 1, ea),
    "[{events=EPOLLIN, data={u32=3, u64=3}}, {events=EPOLLOUT|EPOLLRDHUP, data={u32=7, u64=4294967303}}]",
  );
});

Deno.test("ioctl: what the command wrote back, a number for the others; JSON has every field", () => {
  assert.equal(arg("x86_64", "ioctl", [3n, 0x541bn, P], 2, bytes(4, [[0, 4, 1]])), "[1]");
  assert.equal(
    arg("x86_64", "ioctl", [1n, 0x5413n, P], 2, bytes(8, [[0, 2, 24], [2, 2, 80]])),
    "{ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}",
  );
  assert.equal(arg("x86_64", "ioctl", [3n, 0x1234n, 0n], 2), "0");
  assert.equal(arg("x86_64", "ioctl", [3n, 0x1234n, P], 2), "0x7ffd0000");
  const nr = syscallNumber("x86_64", "newfstatat")!;
  const st = decodeCall("x86_64", nr, [0n, P, P, 0n], [{
    arg: 2,
    type: "struct",
    data: bytes(144, [[8, 8, 42], [24, 4, 0o100644], [48, 8, 7]]),
  }]);
  const j = JSON.parse(jsonValue(st.args[2].value));
  assert.equal(j.st_ino, 42);
  assert.equal(j.st_mode, "S_IFREG|0644");
  assert.equal(j.st_size, 7);
  assert.equal(j.st_dev, "makedev(0, 0)");
});

/**
 * Random stat, epev and epevs items for both architectures: random bytes at b[8..8+len), modes of
 * every file type, device numbers, large sizes, unknown event bits; `small` also clears or sets
 * the upper halves of stat's 64-bit fields (numbers below and beyond 2^53).
 */
function eachRandomStruct(
  seed: number,
  small: boolean,
  check: (
    arch: Arch,
    kind: "stat" | "epev" | "epevs",
    b: Uint8Array,
    len: number,
    c: Capture,
  ) => void,
) {
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 8;
  for (const arch of ["x86_64", "aarch64"] as const) {
    for (const kind of ["stat", "epev", "epevs"] as const) {
      for (let n = 0; n < 300; n++) {
        const len = kind === "stat" ? [144, 128, 120, 100][n % 4] : (rnd() % 70);
        const b = new Uint8Array(len + 16);
        for (let k = 0; k < b.length; k++) b[k] = rnd() & 0xff;
        const dv = new DataView(b.buffer);
        if (kind === "stat" && n % 3 === 0) {
          // a plausible mode: a file type and permission bits
          const mode = [0o100644, 0o20666, 0o60660, 0o40755, 0o140777, 0o4755][n % 6];
          dv.setUint32(8 + (arch === "x86_64" ? 24 : 16), mode, true);
          if (small) {
            for (const f of [8, 16, 48, 56, 64, 72, 80]) {
              dv.setUint32(8 + f + 4, n % 2 ? 0 : 0xffffffff, true);
            }
          }
        }
        const data = b.subarray(8, 8 + len);
        check(arch, kind, b, len, { arg: 1, type: "struct", data, truncated: n % 5 === 0 });
      }
    }
  }
}

Deno.test("structures: the text byte path's stat and epoll_event text equals the object path's", () => {
  eachRandomStruct(12345, false, (arch, kind, b, len, c) => {
    const want = formatValue(structValue(arch, kind, 0x1000n, c, []));
    const got = structTextFast(arch, kind, b, 8, len, c.truncated === true);
    if (got === undefined) assert.match(want, /^0x1000$/, `${arch} ${kind} ${len}`);
    else assert.equal(got, want, `${arch} ${kind} ${len}`);
  });
});

Deno.test("structures: EPOLLET, the sign bit, is named", () => {
  const ev = new Uint8Array(12);
  new DataView(ev.buffer).setUint32(0, 0x80000001, true);
  const c: Capture = { arg: 3, type: "struct", data: ev };
  const v = formatValue(structValue("x86_64", "epev", 0x1000n, c, []));
  assert.equal(v, "{events=EPOLLIN|EPOLLET, data={u32=0, u64=0}}");
  assert.equal(structTextFast("x86_64", "epev", ev, 0, 12, false), v);
});

Deno.test("structures: the JSON byte path's stat and epoll_event equal the object path's", () => {
  eachRandomStruct(777, true, (arch, kind, b, len, c) => {
    const want = jsonValue(structValue(arch, kind, 0x1000n, c, []));
    const got = structJsonFast(arch, kind, b, 8, len, c.truncated === true);
    if (got === undefined) assert.equal(want, "4096", `${arch} ${kind} ${len}`);
    else assert.equal(got, want, `${arch} ${kind} ${len}`);
  });
});

Deno.test("timers: timeval, itimerval, itimerspec; getrandom's bytes", () => {
  const tv = bytes(16, [[0, 8, 5], [8, 8, 250000]]);
  assert.equal(arg("x86_64", "gettimeofday", [P, 0n], 0, tv), "{tv_sec=5, tv_usec=250000}");
  const itv = bytes(32, [[16, 8, 0], [24, 8, 50000]]);
  for (const arch of ["x86_64", "aarch64"] as const) {
    assert.equal(
      arg(arch, "setitimer", [0n, P, 0n], 1, itv),
      "{it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=50000}}",
    );
    assert.equal(
      arg(arch, "timerfd_settime", [5n, 0n, P, 0n], 2, itv),
      "{it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=0, tv_nsec=50000}}",
    );
    assert.equal(
      arg(arch, "timer_gettime", [0n, P], 1, itv),
      "{it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=0, tv_nsec=50000}}",
    );
    // too short a copy, or none: the address
    assert.equal(arg(arch, "getitimer", [0n, P], 1, itv.subarray(0, 16)), "0x7ffd0000");
    assert.equal(arg(arch, "getitimer", [0n, P], 1), "0x7ffd0000");
  }
  const nr = syscallNumber("x86_64", "getrandom")!;
  const c = decodeCall("x86_64", nr, [P, 2n, 1n], [{
    arg: 0,
    type: "buf",
    data: Uint8Array.of(0xab, 0x01),
  }]);
  // in hex, as strace always shows getrandom's bytes (QUOTE_FORCE_HEX)
  assert.equal(formatValue(c.args[0].value), '"\\xab\\x01"');
});

Deno.test("siginfo (waitid, rt_sigtimedwait, rt_sigqueueinfo); getdents' entry count; named results", () => {
  const rec = (arch: Arch, name: string, args: bigint[], ret: bigint, items: Capture[]) =>
    formatCall(arch, syscallRec(syscallNumber(arch, name)!, args, ret, items));
  // SIGCHLD, CLD_EXITED; si_pid 42 at 16, si_uid 0, si_status 3, si_utime 1, si_stime 2
  const chld = bytes(128, [[0, 4, 17], [8, 4, 1], [16, 4, 42], [24, 4, 3], [32, 8, 1], [40, 8, 2]]);
  for (const arch of ["x86_64", "aarch64"] as const) {
    assert.equal(
      rec(arch, "waitid", [1n, 42n, P, 4n, 0n], 0n, [{ arg: 2, type: "struct", data: chld }]),
      "waitid(P_PID, 42, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, si_uid=0, si_status=3, si_utime=1 /* 0.01 s */, si_stime=2 /* 0.02 s */}, WEXITED, NULL) = 0 <0.000001>",
    );
    // WNOHANG with no child to report: si_signo 0
    assert.equal(
      arg(arch, "waitid", [0n, 0n, P, 5n, 0n], 2, new Uint8Array(128)),
      "{}",
    );
    // a failed waitid copies nothing: the address
    assert.equal(arg(arch, "waitid", [1n, 9999n, P, 4n, 0n], 2), "0x7ffd0000");
  }
  // sent by sigqueue: SI_QUEUE (-1), si_pid, si_uid, si_int and si_ptr
  const q = bytes(128, [[0, 4, 10], [8, 4, -1], [16, 4, 7], [20, 4, 1000], [24, 8, 5]]);
  assert.equal(
    arg("x86_64", "rt_sigqueueinfo", [7n, 10n, P], 2, q),
    "{si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=7, si_uid=1000, si_int=5, si_ptr=0x5}",
  );
  assert.equal(
    rec("x86_64", "rt_sigqueueinfo", [7n, 10n, P], 0n, [{ arg: 2, type: "struct", data: q }]),
    "rt_sigqueueinfo(7, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=7, si_uid=1000, si_int=5, si_ptr=0x5}) = 0 <0.000001>",
  );
  // rt_sigtimedwait: the signal taken is named after the result
  const set = bytes(8, [[0, 4, 1 << 9]]);
  const tmo = bytes(16, [[0, 8, 1]]);
  assert.equal(
    rec("aarch64", "rt_sigtimedwait", [P, P, P, 8n], 10n, [
      { arg: 0, type: "struct", data: set },
      { arg: 1, type: "struct", data: q },
      { arg: 2, type: "struct", data: tmo },
    ]),
    "rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=7, si_uid=1000, si_int=5, si_ptr=0x5}, {tv_sec=1, tv_nsec=0}, 8) = 10 (SIGUSR1) <0.000001>",
  );
  assert.equal(
    rec("x86_64", "rt_sigtimedwait", [P, P, P, 8n], -11n, [
      { arg: 0, type: "struct", data: set },
      { arg: 2, type: "struct", data: tmo },
    ]),
    "rt_sigtimedwait([USR1], 0x7ffd0000, {tv_sec=1, tv_nsec=0}, 8) = -1 EAGAIN (Resource temporarily unavailable) <0.000001>",
  );
  assert.equal(
    rec("x86_64", "sched_getscheduler", [0n], 0n, []),
    "sched_getscheduler(0) = 0 (SCHED_OTHER) <0.000001>",
  );
  assert.equal(
    rec("aarch64", "sched_getscheduler", [0n], 5n, []),
    "sched_getscheduler(0) = 5 (SCHED_IDLE) <0.000001>",
  );
  assert.equal(
    rec("x86_64", "sched_getscheduler", [99999n], -3n, []).split(" = ")[1],
    "-1 ESRCH (No such process) <0.000001>",
  );
  // getdents64: the count the module made; "+" when it could not read them all
  const n = (v: number) => bytes(4, [[0, 4, v]]);
  for (const name of ["getdents64", "getdents"]) {
    assert.equal(
      rec("x86_64", name, [3n, P, 32768n], 120n, [{ arg: 1, type: "struct", data: n(5) }]),
      `${name}(3, 0x7ffd0000 /* 5 entries */, 32768) = 120 <0.000001>`,
    );
  }
  assert.equal(
    rec("aarch64", "getdents64", [3n, P, 32768n], 0n, [{ arg: 1, type: "struct", data: n(0) }]),
    "getdents64(3, 0x7ffd0000 /* 0 entries */, 32768) = 0 <0.000001>",
  );
  assert.equal(
    rec("aarch64", "getdents64", [3n, P, 32768n], 48n, [
      { arg: 1, type: "struct", data: n(1), fault: true },
    ]),
    "getdents64(3, 0x7ffd0000 /* 1+ entries */, 32768) = 48 <0.000001>",
  );
  assert.equal(
    rec("x86_64", "getdents64", [99n, P, 32768n], -9n, []),
    "getdents64(99, 0x7ffd0000, 32768) = -1 EBADF (Bad file descriptor) <0.000001>",
  );
});

Deno.test("clone3: struct clone_args as strace shows it, and the child's tid through parent_tid", () => {
  const nr = syscallNumber("x86_64", "clone3")!;
  const line = (data: Uint8Array | undefined, ret: bigint, size = 88n) =>
    formatCall(
      "x86_64",
      syscallRec(nr, [P, size], ret, data ? [{ arg: 0, type: "struct", data }] : []),
    );
  // glibc's pthread_create
  const thread = bytes(88, [
    [0, 8, 0x3d0f00],
    [16, 8, 0x7f0000001910],
    [24, 8, 0x7f0000001910],
    [40, 8, 0x7f0000000000],
    [48, 8, 0x7fff00],
    [56, 8, 0x7f0000001640],
  ]);
  assert.equal(
    line(thread, 1235n),
    "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f0000001910, parent_tid=0x7f0000001910, exit_signal=0, stack=0x7f0000000000, stack_size=0x7fff00, tls=0x7f0000001640} => {parent_tid=[1235]}, 88) = 1235 <0.000001>",
  );
  // CLONE_PARENT_SETTID with a NULL parent_tid: strace's printnum_int() says NULL
  assert.equal(
    line(bytes(88, [[0, 8, 0x100000]]), 588n),
    "clone3({flags=CLONE_PARENT_SETTID, parent_tid=NULL, exit_signal=0, stack=NULL, stack_size=0} => {parent_tid=NULL}, 88) = 588 <0.000001>",
  );
  // a fork-like call: exit_signal SIGCHLD, no stack; 64-bit flags, an unknown bit in hex
  const fork = bytes(88, [[0, 8, 0x100000000n | 0x4000000000n], [32, 8, 17]]);
  assert.equal(
    line(fork, 77n),
    "clone3({flags=CLONE_CLEAR_SIGHAND|0x4000000000, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 88) = 77 <0.000001>",
  );
  // failed: no parent_tid after it; too short a size or no copy: the address
  assert.match(line(thread, -22n), /^clone3\(\{flags=.*tls=0x7f0000001640\}, 88\) = -1 EINVAL/);
  assert.equal(
    line(thread.subarray(0, 32), -22n, 32n).split(" = ")[0],
    "clone3(0x7ffd0000, 32)",
  );
  assert.equal(line(undefined, -14n).split(" = ")[0], "clone3(0x7ffd0000, 88)");
});

Deno.test("rusage: getrusage, wait4; the two times, then ... (every field in JSON)", () => {
  const ru = bytes(144, [[0, 8, 1], [8, 8, 2000], [24, 8, 5], [32, 8, 4096], [136, 8, 7]]);
  for (const arch of ["x86_64", "aarch64"] as const) {
    assert.equal(
      arg(arch, "getrusage", [0n, P], 1, ru),
      "{ru_utime={tv_sec=1, tv_usec=2000}, ru_stime={tv_sec=0, tv_usec=5}, ...}",
    );
    assert.equal(arg(arch, "wait4", [42n, P, 0n, P], 3, ru).slice(0, 9), "{ru_utime");
    const c = decodeCall(arch, syscallNumber(arch, "getrusage")!, [0xffffffffffffffffn, P], [
      { arg: 1, type: "struct", data: ru },
    ]);
    assert.equal(formatValue(c.args[0].value), "RUSAGE_CHILDREN");
    const j = jsonValue(c.args[1].value);
    assert.match(j, /"ru_maxrss":4096,.*"ru_nivcsw":7\}$/);
  }
});

Deno.test("sigaltstack's stack_t; statx's STATX_ALL; argv's strings cut at -s", () => {
  const ss = bytes(24, [[0, 8, 0x7f0000000000], [8, 4, 0], [16, 8, 65536]]);
  for (const arch of ["x86_64", "aarch64"] as const) {
    assert.equal(
      arg(arch, "sigaltstack", [P, 0n], 0, ss),
      "{ss_sp=0x7f0000000000, ss_flags=0, ss_size=65536}",
    );
    assert.equal(
      arg(arch, "sigaltstack", [0n, P], 1, bytes(24, [[8, 4, 0x80000002]])),
      "{ss_sp=NULL, ss_flags=SS_DISABLE|SS_AUTODISARM, ss_size=0}",
    );
    assert.equal(arg(arch, "sigaltstack", [0n, P], 1), "0x7ffd0000");
  }
  assert.equal(
    formatValue(
      decodeCall("x86_64", syscallNumber("x86_64", "statx")!, [3n, P, 0n, 0xfffn, P]).args[3]
        .value,
    ),
    "STATX_ALL",
  );
  const argv = new TextEncoder().encode("sh\0-c\0" + "x".repeat(40) + "\0");
  const rec = (strLimit?: number) =>
    new TextFormatter("x86_64", strLimit === undefined ? {} : { strLimit }).format(
      syscallRec(59, [P, P, 0n], 0n, [{ arg: 1, type: "argv", data: argv }]),
    ).replace(/^.* execve/, "execve");
  assert.equal(rec(8), `execve(0x7ffd0000, ["sh", "-c", "xxxxxxxx"...], NULL) = 0 <0.000001>`);
  assert.equal(rec(), `execve(0x7ffd0000, ["sh", "-c", "${"x".repeat(40)}"], NULL) = 0 <0.000001>`);
});

Deno.test("-v: structures whole in text, stat's times with strace's date comment", () => {
  const st = bytes(144, [
    [0, 8, 0x801],
    [8, 8, 1234],
    [16, 8, 1],
    [24, 4, 0o100644],
    [48, 8, 3],
    [56, 8, 4096],
    [64, 8, 8],
    [72, 8, 1700000000],
    [80, 8, 5],
  ]);
  const rec = (verbose: boolean) =>
    new TextFormatter("x86_64", { verbose }).format(
      syscallRec(syscallNumber("x86_64", "fstat")!, [3n, P], 0n, [{
        arg: 1,
        type: "struct",
        data: st,
      }]),
    ).replace(/^.* fstat/, "fstat");
  assert.equal(rec(false), "fstat(3, {st_mode=S_IFREG|0644, st_size=3, ...}) = 0 <0.000001>");
  assert.match(
    rec(true),
    new RegExp(
      "^fstat\\(3, \\{st_dev=makedev\\(0x8, 0x1\\), st_ino=1234, st_mode=S_IFREG\\|0644, " +
        "st_nlink=1, st_uid=0, st_gid=0, st_blksize=4096, st_blocks=8, st_size=3, " +
        "st_atime=1700000000 /\\* 2023-11-1[45]T\\d\\d:\\d\\d:20\\.000000005[+-]\\d{4} \\*/, " +
        "st_atime_nsec=5, st_mtime=0, st_mtime_nsec=0, st_ctime=0, st_ctime_nsec=0\\}\\) = 0",
    ),
  );
  // JSON keeps the number
  const c = decodeCall("x86_64", syscallNumber("x86_64", "fstat")!, [3n, P], [
    { arg: 1, type: "struct", data: st },
  ]);
  assert.match(jsonValue(c.args[1].value), /"st_atime":1700000000,/);
});

Deno.test("--strings-in-hex=non-ascii-chars: C escapes, \\x for the other bytes", () => {
  const path = Uint8Array.of(9, 10, 14, 32, 0x68, 0x69, 0x7e, 0x7f, 0xff, 0x31);
  const line = (hexStrings?: 1 | 2 | 3) =>
    new TextFormatter("x86_64", { hexStrings }).format(
      syscallRec(syscallNumber("x86_64", "chdir")!, [P], -2n, [{
        arg: 0,
        type: "str",
        data: path,
      }]),
    ).replace(/^.* chdir\(/, "").replace(/\) = .*/, "");
  assert.equal(line(), '"\\t\\n\\16 hi~\\177\\3771"');
  assert.equal(line(3), '"\\t\\n\\x0e hi~\\x7f\\xff1"');
  assert.equal(line(2), '"\\x09\\x0a\\x0e\\x20\\x68\\x69\\x7e\\x7f\\xff\\x31"');
});

Deno.test("openat2's struct open_how as strace's print_open_how()", () => {
  const line = (how: Uint8Array | undefined, size: bigint, fault = false, ret = -9n) =>
    new TextFormatter("x86_64").format(
      syscallRec(
        syscallNumber("x86_64", "openat2")!,
        [0xffffffffffffffffn, P, P + 64n, size],
        ret,
        [
          { arg: 1, type: "str", data: new TextEncoder().encode("f") },
          ...(how
            ? [{ arg: 2, type: "struct" as const, data: how, ...(fault ? { fault } : {}) }]
            : []),
        ],
      ),
    ).replace(/^.* openat2\(-1, "f", /, "").replace(/\) = .*/, "");
  assert.equal(line(bytes(24, [[0, 8, 0o200]]), 24n), "{flags=O_RDONLY|O_EXCL, resolve=0}, 24");
  assert.equal(
    line(bytes(24, [[0, 8, 0o101], [8, 8, 0o644], [16, 8, 0x14]]), 24n),
    "{flags=O_WRONLY|O_CREAT, mode=0644, resolve=RESOLVE_NO_SYMLINKS|RESOLVE_IN_ROOT}, 24",
  );
  assert.equal(
    line(bytes(24, [[0, 8, 0o200]]), 32n, true),
    "{flags=O_RDONLY|O_EXCL, resolve=0, ???}, 32",
  );
  assert.equal(line(bytes(32, [[0, 8, 0]]), 32n), "{flags=O_RDONLY, resolve=0}, 32");
  assert.equal(
    line(bytes(32, [[0, 8, 0], [24, 1, 0xab]]), 32n),
    '{flags=O_RDONLY, resolve=0, /* bytes 24..31 */ "\\xab\\x00\\x00\\x00\\x00\\x00\\x00\\x00"}, 32',
  );
  assert.equal(line(bytes(16, []), 16n), "0x7ffd0040, 16");
  assert.equal(line(undefined, 24n), "0x7ffd0040, 24");
  // no bit named: the number with strace's comment
  assert.equal(
    line(bytes(24, [[16, 8, 0xdec0dedbeeffffc0n]]), 24n),
    "{flags=O_RDONLY, resolve=0xdec0dedbeeffffc0 /* RESOLVE_??? */}, 24",
  );
});
