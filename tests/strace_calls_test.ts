// Less common calls' text, each against the line strace 6.1 printed for the same call in its own
// test suite (tests/<name>.c, run in a guest): the flags and values of fallocate, close_range,
// reboot, syslog, mknod, swapon, ioprio, time, the structures the module copies for times,
// getresuid, settimeofday, utimes, utimensat, statfs and sched_getaffinity, and printstr()'s -s.
import assert from "node:assert/strict";
import { TextFormatter } from "../src/format_text.ts";
import type { Capture, SyscallRecord } from "../src/record.ts";
import type { XlatStyle } from "../src/xlat/xlat.ts";
import { callRecord as rec } from "./call_records.ts";
import * as abi from "../src/abi.ts";
import { layOut } from "./module_records.ts";

const P = 0x7ffd0000n;

const ITEM_TYPE: Record<string, number> = Object.fromEntries(
  Object.entries(abi.ITEM_TYPES).map(([n, t]) => [t, Number(n)]),
);

/**
 * The call's text without mysysdig's prefix and duration; -s 32 as strace's default. The text of
 * the record laid out as the module writes it (the byte path) must be the same.
 */
function text(
  r: SyscallRecord,
  x: XlatStyle = 0,
  strLimit = 32,
  verbose = false,
  syscallNumbers = false,
): string {
  const opts = { xlat: x, strLimit, verbose, syscallNumbers };
  const slow = new TextFormatter("x86_64", opts).format(r);
  const { buf, view, offs } = layOut([{
    kind: abi.REC_SYSCALL,
    nr: r.nr,
    ts: r.ts,
    tid: 1,
    cpu: 0,
    comm: "t",
    args: r.args,
    ret: r.ret,
    enterTs: r.enterTs,
    items: (r.items ?? []).map((c) => ({
      arg: c.arg,
      type: ITEM_TYPE[c.type],
      flags: (c.fault ? abi.IF_FAULT : 0) | (c.truncated ? abi.IF_TRUNC : 0),
      data: c.data,
    })),
  }]);
  const fast = new TextFormatter("x86_64", opts).formatModule(buf, view, offs[0], 0n);
  const body = (l: string) => l.replace(/^.*? \(1\) /, "").replace(/ <[\d.]+>$/, "");
  assert.equal(body(fast), body(slow), "the byte path's text");
  return body(slow);
}

const str = (arg: number, s: string, extra: Partial<Capture> = {}): Capture => ({
  arg,
  type: "str",
  data: new TextEncoder().encode(s),
  ...extra,
});
/** A STRUCT item of `arg` holding `words` as little-endian u64s. */
function u64s(arg: number, ...words: bigint[]): Capture {
  const b = new Uint8Array(8 * words.length);
  const dv = new DataView(b.buffer);
  words.forEach((w, i) => dv.setBigUint64(8 * i, BigInt.asUintN(64, w), true));
  return { arg, type: "struct", data: b };
}
function u32s(arg: number, ...words: number[]): Capture {
  const b = new Uint8Array(4 * words.length);
  const dv = new DataView(b.buffer);
  words.forEach((w, i) => dv.setUint32(4 * i, w >>> 0, true));
  return { arg, type: "struct", data: b };
}

Deno.test("flags and values of less common calls, as strace names them", () => {
  assert.equal(
    text(
      rec(
        "fallocate",
        [0xbeeffacen, 0xdeadca75n, -4982091772554768297n, -4981072530422836763n],
        -9n,
      ),
    ),
    "fallocate(-1091568946, FALLOC_FL_KEEP_SIZE|FALLOC_FL_NO_HIDE_STALE|FALLOC_FL_ZERO_RANGE|" +
      "FALLOC_FL_INSERT_RANGE|FALLOC_FL_UNSHARE_RANGE|0xdeadca00, -4982091772554768297, " +
      "-4981072530422836763) = -1 EBADF (Bad file descriptor)",
  );
  assert.equal(
    text(rec("ioperm", [0xdeafbeefffffffffn, 1n, 0n], -22n)),
    "ioperm(0xdeafbeefffffffff, 0x1, 0) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(text(rec("iopl", [4n], -22n)), "iopl(4) = -1 EINVAL (Invalid argument)");
  assert.equal(text(rec("modify_ldt", [0n, 0n, 0n], 0n)), "modify_ldt(0, NULL, 0) = 0");
  assert.equal(
    text(rec("close_range", [0xfffffffen, 0xffffffffn, 1n], -22n)),
    "close_range(4294967294, 4294967295, 0x1 /* CLOSE_RANGE_??? */) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("close_range", [0n, 0xfffffffcn, 0xffffffffn], -22n)),
    "close_range(0, 4294967292, CLOSE_RANGE_UNSHARE|CLOSE_RANGE_CLOEXEC|0xfffffff9) = " +
      "-1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("dup3", [-5n, 7n, 1n], -22n)),
    "dup3(-5, 7, 0x1 /* O_??? */) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("memfd_secret", [0x80000n | 0xde97facen], -38n)),
    "memfd_secret(O_CLOEXEC|0xde97face) = -1 ENOSYS (Function not implemented)",
  );
  assert.equal(
    text(rec("memfd_secret", [0xde97facen], -38n)),
    "memfd_secret(0xde97face) = -1 ENOSYS (Function not implemented)",
  );
  assert.equal(
    text(rec("sched_get_priority_min", [1n], 1n)),
    "sched_get_priority_min(SCHED_FIFO) = 1",
  );
  assert.equal(
    text(rec("perf_event_open", [0n, -87101427n, -1160070233n, -1n, -1n], -22n)),
    "perf_event_open(NULL, -87101427, -1160070233, -1, PERF_FLAG_FD_NO_GROUP|PERF_FLAG_FD_OUTPUT|" +
      "PERF_FLAG_PID_CGROUP|PERF_FLAG_FD_CLOEXEC|0xfffffffffffffff0) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(
      rec("remap_file_pages", [
        0xfacefeeddeadbeefn,
        16067382020775538701n,
        7n,
        14624237743343197933n,
        0x22n,
      ], -22n),
      2,
    ),
    "remap_file_pages(0xfacefeeddeadbeef, 16067382020775538701, 0x7 /* PROT_READ|PROT_WRITE|PROT_EXEC */, " +
      "14624237743343197933, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("setitimer", [0xdeadbeefn, 0n, P], -22n)),
    "setitimer(0xdeadbeef /* ITIMER_??? */, NULL, 0x7ffd0000) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("unlinkat", [-100n, P, 0xffffffffn], -22n, [str(1, "unlinkat_sample")])),
    'unlinkat(AT_FDCWD, "unlinkat_sample", AT_SYMLINK_NOFOLLOW|AT_REMOVEDIR|AT_SYMLINK_FOLLOW|' +
      "AT_NO_AUTOMOUNT|AT_EMPTY_PATH|AT_RECURSIVE|0xffff60ff) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("ustat", [0xffffffffn, 0n], -22n)),
    "ustat(makedev(0xfff, 0xfffff), NULL) = -1 EINVAL (Invalid argument)",
  );
  // ioprio: the class and data of a priority, the result's too
  assert.equal(
    text(rec("ioprio_set", [0xfa57beefn, -629534633n, 0xfacefeedn], -22n)),
    "ioprio_set(0xfa57beef /* IOPRIO_WHO_??? */, -629534633, " +
      "IOPRIO_PRIO_VALUE(0x7d677 /* IOPRIO_CLASS_??? */, 7917)) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("ioprio_get", [1n, 2342n], 0n)),
    "ioprio_get(IOPRIO_WHO_PROCESS, 2342) = 0 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 0))",
  );
  // wait options: WSTOPPED, strace's name for 2
  assert.match(
    text(rec("wait4", [-1n, P, 0x40000003n, 0n], -10n)),
    /, WNOHANG\|WSTOPPED\|__WALL, /,
  );
});

Deno.test("calls whose arguments depend on a command or a mode: reboot, syslog, mknod, swapon, mq_open", () => {
  assert.equal(
    text(rec("reboot", [0n, 0n, 0n, 0n], -22n)),
    "reboot(0 /* LINUX_REBOOT_MAGIC_??? */, 0 /* LINUX_REBOOT_MAGIC_??? */, " +
      "LINUX_REBOOT_CMD_CAD_OFF) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("reboot", [0xfee1deadn, 0x13111992n, 0xa1b2c3d4n, P], -22n, [str(3, "reboot")])),
    'reboot(LINUX_REBOOT_MAGIC1, 0x13111992 /* LINUX_REBOOT_MAGIC_??? */, LINUX_REBOOT_CMD_RESTART2, "reboot") = ' +
      "-1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("syslog", [9n, 0xfacefeeddeadbeefn, -1n], 25248n)),
    "syslog(9 /* SYSLOG_ACTION_SIZE_UNREAD */) = 25248",
  );
  assert.equal(
    text(rec("syslog", [-17973521n, 0n, -1n], -22n)),
    "syslog(-17973521 /* SYSLOG_ACTION_??? */, NULL, -1) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("syslog", [8n, 0xfacefeeddeadbeefn, 8n], 0n)),
    "syslog(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, 0xfacefeeddeadbeef, 8 /* LOGLEVEL_DEBUG+1 */) = 0",
  );
  const mk = (mode: bigint, dev: bigint) =>
    text(rec("mknod", [P, mode, dev], -17n, [str(0, "/mnt/add/bin/mknod")]));
  assert.equal(mk(0n, 3134983661n), 'mknod("/mnt/add/bin/mknod", 000) = -1 EEXIST (File exists)');
  assert.equal(mk(0o177777n, 0n), 'mknod("/mnt/add/bin/mknod", 0177777) = -1 EEXIST (File exists)');
  assert.equal(
    mk(0o100000n, 0n),
    'mknod("/mnt/add/bin/mknod", S_IFREG|000) = -1 EEXIST (File exists)',
  );
  assert.equal(
    mk(0o20024n, 0x107n),
    'mknod("/mnt/add/bin/mknod", S_IFCHR|024, makedev(0x1, 0x7)) = -1 EEXIST (File exists)',
  );
  const swap = (flags: bigint, ret = -2n) =>
    text(rec("swapon", [P, flags], ret, [str(0, "swap.sample")]));
  assert.equal(swap(42n), 'swapon("swap.sample", 42) = -1 ENOENT (No such file or directory)');
  assert.equal(
    swap(0x8000n),
    'swapon("swap.sample", SWAP_FLAG_PREFER|0) = -1 ENOENT (No such file or directory)',
  );
  assert.equal(
    swap(0xffffffffn, -22n),
    'swapon("swap.sample", SWAP_FLAG_PREFER|SWAP_FLAG_DISCARD|SWAP_FLAG_DISCARD_ONCE|' +
      "SWAP_FLAG_DISCARD_PAGES|0xfff80000|32767) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("mq_open", [0n, 0n, 0o177355n, 0n], -14n)),
    "mq_open(NULL, O_RDONLY) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    text(rec("mq_open", [P, 0o100n, 0o700n, 0n], 0n, [str(0, "strace-mq.sample")])),
    'mq_open("strace-mq.sample", O_RDONLY|O_CREAT, 0700, NULL) = 0',
  );
});

Deno.test("structures copied for less common calls", () => {
  // times: clock ticks with their seconds, none under -X raw
  const tms = u64s(0, 25n, 83n, 50n, 117n);
  assert.equal(
    text(rec("times", [P], 1718035700n, [tms])),
    "times({tms_utime=25 /* 0.25 s */, tms_stime=83 /* 0.83 s */, tms_cutime=50 /* 0.50 s */, " +
      "tms_cstime=117 /* 1.17 s */}) = 1718035700",
  );
  assert.equal(
    text(rec("times", [P], 1718035700n, [tms]), 1),
    "times({tms_utime=25, tms_stime=83, tms_cutime=50, tms_cstime=117}) = 1718035700",
  );
  assert.equal(
    text(rec("getresuid", [P, P, P], 0n, [u32s(0, 0), u32s(1, 0), u32s(2, 0)])),
    "getresuid([0], [0], [0]) = 0",
  );
  assert.equal(
    text(rec("getcpu", [P, P, P + 8n], 0n, [u32s(0, 0), u32s(1, 0)])),
    "getcpu([0], [0], 0x7ffd0008) = 0",
  );
  assert.equal(
    text(rec("sched_setparam", [2967n, P], -22n, [u32s(1, -1)])),
    "sched_setparam(2967, [-1]) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("get_robust_list", [3524n, P, P], 0n, [u64s(1, 0x7fd2e5d39a20n), u64s(2, 24n)])),
    "get_robust_list(3524, [0x7fd2e5d39a20], [24]) = 0",
  );
  // timevals, timespecs: the fraction unsigned, dates for the times that are ones
  assert.equal(
    text(rec("settimeofday", [P, P], -22n, [u64s(0, -1n, 1000000n), u64s(1, 0n)])),
    "settimeofday({tv_sec=-1, tv_usec=1000000}, {tz_minuteswest=0, tz_dsttime=0}) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("nanosleep", [P, P], -22n, [u64s(0, -3819351491602432273n, 13464652301697220333n)])),
    "nanosleep({tv_sec=-3819351491602432273, tv_nsec=13464652301697220333}, 0x7ffd0000) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(
      rec("utimes", [P, P], -2n, [
        str(0, "utimes_sample"),
        u64s(1, 1492358607n, 345678n, 1492356078n, 456789n),
      ]),
    ),
    'utimes("utimes_sample", [{tv_sec=1492358607, tv_usec=345678} /* 2017-04-16T16:03:27.345678+0000 */, ' +
      "{tv_sec=1492356078, tv_usec=456789} /* 2017-04-16T15:21:18.456789+0000 */]) = -1 ENOENT (No such file or directory)",
  );
  const ut = (x: XlatStyle) =>
    text(
      rec("utimensat", [-100n, P, P, 0x100n], -2n, [
        str(1, "f"),
        u64s(2, 0n, (1n << 30n) - 1n, 0n, (1n << 30n) - 2n),
      ]),
      x,
    );
  assert.equal(
    ut(0),
    'utimensat(AT_FDCWD, "f", [UTIME_NOW, UTIME_OMIT], AT_SYMLINK_NOFOLLOW) = -1 ENOENT (No such file or directory)',
  );
  assert.match(
    ut(2),
    /\[\{tv_sec=0, tv_nsec=1073741823\} \/\* UTIME_NOW \*\/, \{tv_sec=0, tv_nsec=1073741822\} \/\* UTIME_OMIT \*\/\]/,
  );
  assert.equal(
    text(rec("utime", [P, P], -2n, [str(0, "utime\nfilename"), u64s(1, 1492350678n, 1492350678n)])),
    'utime("utime\\nfilename", {actime=1492350678 /* 2017-04-16T13:51:18+0000 */, ' +
      "modtime=1492350678 /* 2017-04-16T13:51:18+0000 */}) = -1 ENOENT (No such file or directory)",
  );
  assert.equal(
    text(rec("time", [P], 1796628006n, [u64s(0, 1796628006n)])),
    "time([1796628006 /* 2026-12-07T07:20:06+0000 */]) = 1796628006 (2026-12-07T07:20:06+0000)",
  );
  // statfs: the magic number by name, f_fsid in hex, f_flags when ST_VALID
  const sf = u64s(1, 0x9fa0n, 4096n, 0n, 0n, 0n, 0n, 0n, 0n, 255n, 4096n, 0x1020n, 0n, 0n, 0n, 0n);
  assert.equal(
    text(rec("statfs", [P, P], 0n, [str(0, "/proc/self/status"), sf])),
    'statfs("/proc/self/status", {f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0, ' +
      "f_bavail=0, f_files=0, f_ffree=0, f_fsid={val=[0, 0]}, f_namelen=255, f_frsize=4096, " +
      "f_flags=ST_VALID|ST_RELATIME}) = 0",
  );
  // CPU masks: the set CPUs' numbers
  const mask = { arg: 2, type: "buf" as const, data: Uint8Array.of(3, 0, 0, 0, 0, 0, 0, 0) };
  assert.equal(
    text(rec("sched_getaffinity", [2957n, 8n, P], 8n, [mask])),
    "sched_getaffinity(2957, 8, [0 1]) = 8",
  );
  assert.equal(
    text(
      rec("sched_setaffinity", [2957n, 0n, P], -22n, [{
        arg: 2,
        type: "buf",
        data: new Uint8Array(0),
      }]),
    ),
    "sched_setaffinity(2957, 0, []) = -1 EINVAL (Invalid argument)",
  );
});

Deno.test("printstr()'s strings: cut at -s; a string unreadable before -s + 1 bytes is its address", () => {
  assert.equal(
    text(rec("add_key", [0n, P, 0n, 0n, 0n], -14n, [str(1, "overly long description")]), 0, 12),
    'add_key(NULL, "overly long "..., NULL, 0, 0) = -1 EFAULT (Bad address)',
  );
  // 32 bytes and more read before the fault: strace (reading 33) sees them
  const long = "0123456789:;<=>?@ABCDEFGHIJKLMNOP";
  assert.equal(
    text(rec("delete_module", [P, 0n], -14n, [str(0, long, { fault: true })])),
    'delete_module("0123456789:;<=>?@ABCDEFGHIJKLMNO"..., 0) = -1 EFAULT (Bad address)',
  );
  assert.equal(
    text(rec("delete_module", [P, 0n], -14n, [str(0, "0123", { fault: true })])),
    "delete_module(0x7ffd0000, 0) = -1 EFAULT (Bad address)",
  );
  // a path is printpath()'s: not cut at -s
  assert.match(
    text(rec("unlink", [P], -2n, [str(0, "/a/path/longer/than/thirty-two/bytes/x")])),
    /^unlink\("\/a\/path\/longer\/than\/thirty-two\/bytes\/x"\)/,
  );
});

Deno.test("seccomp: the third argument by operation", () => {
  assert.equal(
    text(rec("seccomp", [2n, 0n, P], 0n, [u32s(2, 0)])),
    "seccomp(SECCOMP_GET_ACTION_AVAIL, 0, [SECCOMP_RET_KILL_THREAD]) = 0",
  );
  assert.equal(
    text(rec("seccomp", [2n, 0n, P], -95n, [u32s(2, 0xffffffff)])),
    "seccomp(SECCOMP_GET_ACTION_AVAIL, 0, [0xffffffff /* SECCOMP_RET_??? */]) = " +
      "-1 EOPNOTSUPP (Operation not supported)",
  );
  const sizes = { arg: 2, type: "struct" as const, data: Uint8Array.of(80, 0, 24, 0, 64, 0, 0, 0) };
  assert.equal(
    text(rec("seccomp", [3n, 0n, P], 0n, [sizes])),
    "seccomp(SECCOMP_GET_NOTIF_SIZES, 0, {seccomp_notif=80, seccomp_notif_resp=24, seccomp_data=64}) = 0",
  );
  assert.equal(
    text(rec("seccomp", [1n, 0xffffffffn, P], -22n, [u64s(2, 7n, 0x7f24e00d9fc8n)])),
    "seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC|SECCOMP_FILTER_FLAG_LOG|" +
      "SECCOMP_FILTER_FLAG_SPEC_ALLOW|SECCOMP_FILTER_FLAG_NEW_LISTENER|SECCOMP_FILTER_FLAG_TSYNC_ESRCH|" +
      "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV|0xffffffc0, {len=7, filter=0x7f24e00d9fc8}) = " +
      "-1 EINVAL (Invalid argument)",
  );
  // nothing copied (a fault): the address
  assert.equal(
    text(rec("seccomp", [1n, 0xffffffc0n, 0x7f24e00d3fffn], -22n)),
    "seccomp(SECCOMP_SET_MODE_FILTER, 0xffffffc0 /* SECCOMP_FILTER_FLAG_??? */, 0x7f24e00d3fff) = " +
      "-1 EINVAL (Invalid argument)",
  );
});

Deno.test("-X raw: statx's flags 0 print nothing, as strace 6.1's printflags() of 0 without a default", () => {
  const r = rec("statx", [-100n, P, 0n, 0xfffn, 0n], -14n, [str(1, "f")]);
  assert.equal(text(r, 1), 'statx(-100, "f", , 0xfff, NULL) = -1 EFAULT (Bad address)');
  assert.equal(
    text(r),
    'statx(AT_FDCWD, "f", AT_STATX_SYNC_AS_STAT, STATX_ALL, NULL) = -1 EFAULT (Bad address)',
  );
});

Deno.test("signal sets whose size strace rejects are addresses; PROT_??? for unnamed bits", () => {
  const set = u64s(0, 0n);
  assert.equal(
    text(rec("rt_sigsuspend", [P, 128n], -22n, [set])),
    "rt_sigsuspend(0x7ffd0000, 128) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("rt_sigsuspend", [P, 8n], -4n, [set])),
    "rt_sigsuspend([], 8) = -1 EINTR (Interrupted system call)",
  );
  assert.equal(text(rec("rt_sigpending", [P, 4n], 0n, [set])), "rt_sigpending([], 4) = 0");
  assert.equal(text(rec("rt_sigpending", [P, 0n], 0n, [set])), "rt_sigpending(0x7ffd0000, 0) = 0");
  assert.equal(
    text(rec("pkey_mprotect", [0n, 0n, 0xdeadfeed00ca7500n, 0n], 0n)),
    "pkey_mprotect(NULL, 0, 0xdeadfeed00ca7500 /* PROT_??? */, 0) = 0",
  );
});

Deno.test("fsmount: its attribute flags", () => {
  assert.equal(
    text(rec("fsmount", [-1n, 0n, 0xffffffffn], -22n)),
    "fsmount(-1, 0, MOUNT_ATTR_RDONLY|MOUNT_ATTR_NOSUID|MOUNT_ATTR_NODEV|MOUNT_ATTR_NOEXEC|" +
      "MOUNT_ATTR_NOATIME|MOUNT_ATTR_STRICTATIME|MOUNT_ATTR_NODIRATIME|0xffffff40) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("fsmount", [-1n, 1n, 0x40n], -22n)),
    "fsmount(-1, FSMOUNT_CLOEXEC, 0x40 /* MOUNT_ATTR_??? */) = -1 EINVAL (Invalid argument)",
  );
});

Deno.test("xattrs: names cut at -s, values without their trailing NUL", () => {
  const val = (s: string) => ({ arg: 2, type: "buf" as const, data: new TextEncoder().encode(s) });
  assert.equal(
    text(rec("fsetxattr", [-1n, P, P, 8n, 2n], -9n, [str(1, "strace.test"), val("foo\0bar\0")])),
    'fsetxattr(-1, "strace.test", "foo\\0bar", 8, XATTR_REPLACE) = -1 EBADF (Bad file descriptor)',
  );
  assert.equal(
    text(rec("fsetxattr", [-1n, 0n, P, 0n, 1n], -9n, [val("")])),
    'fsetxattr(-1, NULL, "", 0, XATTR_CREATE) = -1 EBADF (Bad file descriptor)',
  );
  assert.equal(
    text(
      rec("fsetxattr", [-1n, P, P, 7n, 2n], -9n, [
        str(1, "strace.test"),
        { ...val("foob"), truncated: true },
      ]),
      0,
      4,
    ),
    'fsetxattr(-1, "stra"..., "foob"..., 7, XATTR_REPLACE) = -1 EBADF (Bad file descriptor)',
  );
  assert.equal(
    text(rec("removexattr", [P, P], -95n, [str(0, "."), str(1, "strace.test")])),
    'removexattr(".", "strace.test") = -1 EOPNOTSUPP (Operation not supported)',
  );
});

Deno.test("statx: the fields stx_mask names, attribute bits, dates; both sync bits", () => {
  const b = new Uint8Array(256);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 0x1fff, true);
  dv.setUint32(4, 4096, true);
  dv.setUint32(16, 1, true);
  dv.setUint16(28, 0o20666, true);
  dv.setBigUint64(32, 6n, true);
  dv.setBigUint64(56, 0x203070n, true);
  for (const o of [64, 80, 96, 112]) {
    dv.setBigInt64(o, 1796647575n, true);
    dv.setUint32(o + 8, 28000000, true);
  }
  [1, 7, 0, 5].forEach((v, i) => dv.setUint32(128 + 4 * i, v, true));
  dv.setBigUint64(144, 0x18n, true);
  const sx = (data: Uint8Array) => ({ arg: 4, type: "struct" as const, data });
  const t = "{tv_sec=1796647575, tv_nsec=28000000} /* 2026-12-07T12:46:15.028000000+0000 */";
  assert.equal(
    text(rec("statx", [-100n, P, 0n, 0xfffn, P], 0n, [str(1, "/dev/full"), sx(b)]), 0, 32, true),
    'statx(AT_FDCWD, "/dev/full", AT_STATX_SYNC_AS_STAT, STATX_ALL, {stx_mask=STATX_ALL|' +
      "STATX_MNT_ID, stx_blksize=4096, stx_attributes=0, stx_nlink=1, stx_uid=0, stx_gid=0, " +
      "stx_mode=S_IFCHR|0666, stx_ino=6, stx_size=0, stx_blocks=0, stx_attributes_mask=" +
      "STATX_ATTR_IMMUTABLE|STATX_ATTR_APPEND|STATX_ATTR_NODUMP|STATX_ATTR_AUTOMOUNT|" +
      `STATX_ATTR_MOUNT_ROOT|STATX_ATTR_DAX, stx_atime=${t}, stx_btime=${t}, stx_ctime=${t}, ` +
      `stx_mtime=${t}, stx_rdev_major=1, stx_rdev_minor=7, stx_dev_major=0, stx_dev_minor=5, ` +
      "stx_mnt_id=0x18}) = 0",
  );
  // a mask without STATX_SIZE, STATX_NLINK...: strace leaves those fields out
  dv.setUint32(0, 0x3, true);
  assert.equal(
    text(rec("statx", [-100n, P, 0n, 0x3n, P], 0n, [str(1, "f"), sx(b)])),
    'statx(AT_FDCWD, "f", AT_STATX_SYNC_AS_STAT, STATX_TYPE|STATX_MODE, {stx_mask=STATX_TYPE|' +
      "STATX_MODE, stx_attributes=0, stx_mode=S_IFCHR|0666, ...}) = 0",
  );
  assert.equal(
    text(rec("statx", [-100n, P, 0x6000n, 0xfffn, P], -22n, [str(1, "f")])),
    'statx(AT_FDCWD, "f", AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC, STATX_ALL, 0x7ffd0000) = ' +
      "-1 EINVAL (Invalid argument)",
  );
});

Deno.test("memfd_create: a name of MFD_NAME_MAX_LEN + 1 bytes cut, the huge page size shifted", () => {
  const digits = "0123456789".repeat(25);
  const name = (n: number, truncated = false) => str(0, digits.slice(0, n), { truncated });
  assert.equal(
    text(rec("memfd_create", [P, 0n], -22n, [name(250, true)]), 0, 256),
    `memfd_create("${digits}"..., 0) = -1 EINVAL (Invalid argument)`,
  );
  assert.equal(
    text(rec("memfd_create", [P, 0x78000000n], -22n, [name(249)]), 0, 256),
    `memfd_create("${digits.slice(0, 249)}", 30<<MFD_HUGE_SHIFT) = -1 EINVAL (Invalid argument)`,
  );
  assert.equal(
    text(rec("memfd_create", [P, 0x78000000n], -22n, [name(249)]), 2, 8),
    'memfd_create("01234567"..., 0x78000000 /* 30<<MFD_HUGE_SHIFT */) = -1 EINVAL (Invalid argument)',
  );
  assert.equal(
    text(rec("memfd_create", [0n, 0x7n], -22n), 1),
    "memfd_create(NULL, 0x7) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("memfd_create", [0n, 0xffffffffn], -22n)),
    "memfd_create(NULL, MFD_CLOEXEC|MFD_ALLOW_SEALING|MFD_HUGETLB|MFD_NOEXEC_SEAL|MFD_EXEC|" +
      "0x3ffffe0|63<<MFD_HUGE_SHIFT) = -1 EINVAL (Invalid argument)",
  );
});

Deno.test("mq_timedreceive's priority, recvmmsg's timeout, sched_*attr's numbers", () => {
  const ts = u64s(4, 0n, 12345678n);
  assert.equal(
    text(rec("recvmmsg", [-1n, P, 1n, 0n, P], -9n, [ts])),
    "recvmmsg(-1, 0x7ffd0000, 1, 0, {tv_sec=0, tv_nsec=12345678}) = -1 EBADF (Bad file descriptor)",
  );
  assert.equal(
    text(
      rec("mq_timedreceive", [3n, P, 64n, P, P], 2n, [
        { arg: 1, type: "buf", data: new Uint8Array([0x80, 0x81]) },
        u32s(3, 42),
        u64s(4, 1n, 999999999n),
      ]),
    ),
    'mq_timedreceive(3, "\\200\\201", 64, [42], {tv_sec=1, tv_nsec=999999999}) = 2',
  );
  assert.equal(
    text(rec("sched_getattr", [-1n, P, 0xcafef00dn, 0xdeadc0den], -22n)),
    "sched_getattr(-1, 0x7ffd0000, 3405705229, 3735929054) = -1 EINVAL (Invalid argument)",
  );
});

Deno.test("setgroups/getgroups: gid arrays as print_groups() shows them; wait4's status when it returned 0", () => {
  const gids = (arg: number, ...g: number[]) => u32s(arg, ...g);
  assert.equal(text(rec("setgroups", [0n, P], 0n)), "setgroups(0, []) = 0");
  assert.equal(text(rec("setgroups", [0n, 0n], 0n)), "setgroups(0, NULL) = 0");
  assert.equal(
    text(rec("setgroups", [1n, P], -22n, [gids(1, -1)])),
    "setgroups(1, [-1]) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("setgroups", [2n, P], -22n, [{ ...gids(1, -1), fault: true }])),
    "setgroups(2, [-1, ... /* 0x7ffd0004 */]) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("setgroups", [1n, P], -14n, [{ ...gids(1), fault: true }])),
    "setgroups(1, 0x7ffd0000) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    text(rec("setgroups", [2n, P], 0n, [gids(1, -2, -3)])),
    "setgroups(2, [4294967294, 4294967293]) = 0",
  );
  // -s 2: two elements, then strace's "..."
  assert.equal(
    text(rec("setgroups", [65536n, P], -22n, [{ ...gids(1, 0, 1, 2, 3), truncated: true }]), 0, 2),
    "setgroups(65536, [0, 1, ...]) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("setgroups", [65537n, P], -22n)),
    "setgroups(65537, 0x7ffd0000) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(text(rec("getgroups", [1n, P], 0n)), "getgroups(1, []) = 0");
  assert.equal(text(rec("getgroups", [2n, P], 2n, [gids(1, 0, 4)])), "getgroups(2, [0, 4]) = 2");
  assert.equal(
    text(rec("getgroups", [-1n, 0n], -22n)),
    "getgroups(-1, NULL) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("wait4", [3492n, P, 0x40000001n, 0n], 0n, [u32s(1, -1)])),
    "wait4(3492, 0x7ffd0000, WNOHANG|__WALL, NULL) = 0",
  );
  assert.equal(
    text(rec("wait4", [3492n, P, 0n, 0n], 3492n, [u32s(1, 0)])),
    "wait4(3492, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 3492",
  );
});

Deno.test("move_pages: pages, nodes and the status the kernel wrote, as print_array() shows them", () => {
  const A = 0x7f8175269000n, B = 0x7f817526a000n;
  assert.equal(
    text(rec("move_pages", [738n, 0n, P, 0n, P, 2n], 0n)),
    "move_pages(738, 0, [], NULL, [], MPOL_MF_MOVE) = 0",
  );
  assert.equal(
    text(rec("move_pages", [738n, 2n, P, 0n, P, 2n], 0n, [u64s(2, B, A), u32s(4, -14, 0)]), 0, 3),
    "move_pages(738, 2, [0x7f817526a000, 0x7f8175269000], NULL, [-EFAULT, 0], MPOL_MF_MOVE) = 0",
  );
  assert.equal(
    text(
      rec("move_pages", [738n, 2n, P, P + 0x100n, P + 0x200n, 4n], -19n, [
        { ...u64s(2, A), fault: true },
        { ...u32s(3, -559038751), fault: true },
      ]),
      0,
      3,
    ),
    "move_pages(738, 2, [0x7f8175269000, ... /* 0x7ffd0008 */], [-559038751, ... /* 0x7ffd0104 */], " +
      "0x7ffd0200, MPOL_MF_MOVE_ALL) = -1 ENODEV (No such device)",
  );
  assert.equal(
    text(
      rec("move_pages", [738n, 4n, P, 0n, P, 2n], 0n, [
        u64s(2, 1n, 2n, 3n, 4n),
        u32s(4, 0, 0, -14, 0),
      ]),
      2,
      3,
    ),
    "move_pages(738, 4, [0x1, 0x2, 0x3, ...], NULL, [0, 0, -14 /* -EFAULT */, ...], 0x2 /* MPOL_MF_MOVE */) = 0",
  );
});

Deno.test("process_vm_readv/writev: local iovecs with their bytes, remote ones as addresses", () => {
  const iovs = (arg: number, ...e: bigint[]) => u64s(arg, ...e);
  assert.equal(
    text(rec("process_vm_writev", [875n, P, 0n, P, 0n, 0n], 0n, [
      { arg: 1, type: "iovec", data: new Uint8Array() },
    ])),
    "process_vm_writev(875, [], 0, [], 0, 0) = 0",
  );
  assert.equal(
    text(rec("process_vm_writev", [-559035817n, 0n, 2n ** 63n, 0n, 2n ** 62n, 1n], -22n)),
    "process_vm_writev(-559035817, NULL, 9223372036854775808, NULL, 4611686018427387904, 1) = " +
      "-1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("process_vm_readv", [870n, P, 1n, P + 0x40n, 2n, 0n], -14n, [
      { arg: 1, type: "iovec", data: iovs(1, 0x1000n, 5n).data },
      iovs(3, 0x2000n, 3n, 0x3000n, 4n),
    ])),
    "process_vm_readv(870, [{iov_base=0x1000, iov_len=5}], 1, [{iov_base=0x2000, iov_len=3}, " +
      "{iov_base=0x3000, iov_len=4}], 2, 0) = -1 EFAULT (Bad address)",
  );
});

Deno.test("ptrace: PTRACE_SETSIGINFO's siginfo_t (a select on the request), as printsiginfo() shows it", () => {
  const si = (signo: number, errno: number, code: number, f: (dv: DataView) => void) => {
    const b = new Uint8Array(128);
    const dv = new DataView(b.buffer);
    dv.setInt32(0, signo, true);
    dv.setInt32(4, errno, true);
    dv.setInt32(8, code, true);
    f(dv);
    return text(
      rec("ptrace", [0x4203n, 897n, 0xdeadbeeffffffeedn, P], -3n, [{
        arg: 3,
        type: "struct",
        data: b,
      }]),
    ).replace("ptrace(PTRACE_SETSIGINFO, 897, 0xdeadbeeffffffeed, ", "")
      .replace(") = -1 ESRCH (No such process)", "");
  };
  const addr = (dv: DataView) => dv.setBigUint64(16, 0xfacefeeddeadbeefn, true);
  assert.equal(
    si(29, 2, 1, (dv) => {
      dv.setBigInt64(16, -2n, true);
      dv.setInt32(24, 23, true);
    }),
    "{si_signo=SIGIO, si_code=POLL_IN, si_errno=ENOENT, si_band=-2, si_fd=23}",
  );
  assert.equal(
    si(5, 2, 1, addr),
    "{si_signo=SIGTRAP, si_code=TRAP_BRKPT, si_errno=ENOENT, si_addr=0xfacefeeddeadbeef}",
  );
  assert.equal(
    si(7, -2, 4, (dv) => {
      addr(dv);
      dv.setUint16(24, 0xdead, true);
    }),
    "{si_signo=SIGBUS, si_code=BUS_MCEERR_AR, si_errno=4294967294, si_addr=0xfacefeeddeadbeef, " +
      "si_addr_lsb=0xdead}",
  );
  assert.equal(
    si(11, 0, 3, (dv) => {
      addr(dv);
      dv.setBigUint64(40, 0xdeadc0debeadfeedn, true);
    }),
    "{si_signo=SIGSEGV, si_code=SEGV_BNDERR, si_addr=0xfacefeeddeadbeef, si_lower=NULL, " +
      "si_upper=0xdeadc0debeadfeed}",
  );
  assert.equal(
    si(31, -1153374643, 1, (dv) => dv.setUint32(28, 0xda7a1057, true)),
    "{si_signo=SIGSYS, si_code=SYS_SECCOMP, si_errno=3141592653, si_call_addr=NULL, " +
      "si_syscall=0, si_arch=0xda7a1057 /* AUDIT_ARCH_??? */}",
  );
  assert.equal(
    si(11, 2, -5, (dv) => {
      dv.setBigInt64(16, -1234567890n, true);
      dv.setInt32(24, 23, true);
    }),
    "{si_signo=SIGSEGV, si_code=SI_SIGIO, si_errno=ENOENT, si_band=-1234567890, si_fd=23}",
  );
});

Deno.test("keyctl: SETPERM's permissions, REJECT's error, MOVE's flags, RESTRICT_KEYRING, CAPABILITIES", () => {
  const k = (a: bigint[], ret = -22n) => text(rec("keyctl", a, ret));
  assert.equal(
    k([5n, 0xfffffff9n, 0x3f3f3f3fn]),
    "keyctl(KEYCTL_SETPERM, KEY_SPEC_REQKEY_AUTH_KEY, KEY_POS_VIEW|KEY_POS_READ|KEY_POS_WRITE|" +
      "KEY_POS_SEARCH|KEY_POS_LINK|KEY_POS_SETATTR|KEY_USR_VIEW|KEY_USR_READ|KEY_USR_WRITE|" +
      "KEY_USR_SEARCH|KEY_USR_LINK|KEY_USR_SETATTR|KEY_GRP_VIEW|KEY_GRP_READ|KEY_GRP_WRITE|" +
      "KEY_GRP_SEARCH|KEY_GRP_LINK|KEY_GRP_SETATTR|KEY_OTH_VIEW|KEY_OTH_READ|KEY_OTH_WRITE|" +
      "KEY_OTH_SEARCH|KEY_OTH_LINK|KEY_OTH_SETATTR) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    k([5n, 0xdec0ded1dec0ded2n, 0xc0c0c0c0n]),
    "keyctl(KEYCTL_SETPERM, -557785390, 0xc0c0c0c0 /* KEY_??? */) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    k([19n, 0xdec0ded1dec0ded2n, 0xbadc0dedn, 19n, 0xdec0ded1dec0ded2n], -1n),
    "keyctl(KEYCTL_REJECT, -557785390, 3134983661, ENODEV, -557785390) = -1 EPERM (Operation not permitted)",
  );
  assert.equal(
    k([19n, 0xdeadf00dn, 3141592653n, 2718281828n, 0xdeadf00dn]),
    "keyctl(KEYCTL_REJECT, -559026163, 3141592653, 2718281828, -559026163) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    k([30n, 0xbadc0dedn, 0xffffffffffffffffn, 0xbadc0dedn, 0xbadc0ded00000001n]),
    "keyctl(KEYCTL_MOVE, -1159983635, KEY_SPEC_THREAD_KEYRING, -1159983635, KEYCTL_MOVE_EXCL) = " +
      "-1 EINVAL (Invalid argument)",
  );
  assert.equal(
    k([30n, 0xbadc0dedn, 0xffffffffffffffffn, 0xbadc0dedn, 0xfffffffen]),
    "keyctl(KEYCTL_MOVE, -1159983635, KEY_SPEC_THREAD_KEYRING, -1159983635, 0xfffffffe /* " +
      "KEYCTL_MOVE_??? */) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    k([29n, 0xfffffff8n, 0n, 0n], -126n),
    "keyctl(KEYCTL_RESTRICT_KEYRING, KEY_SPEC_REQUESTOR_KEYRING, NULL, NULL) = -1 ENOKEY (Required key not available)",
  );
  assert.equal(
    k([31n, 0n, 18369603814213553645n], -14n),
    "keyctl(KEYCTL_CAPABILITIES, NULL, 18369603814213553645) = -1 EFAULT (Bad address)",
  );
});

Deno.test("clone3: what strace reads of clone_args, ??? and the nonzero bytes past them", () => {
  const args = (n: number, words: bigint[], tail?: number[], fault = false): Capture => {
    const b = new Uint8Array(n);
    const dv = new DataView(b.buffer);
    words.forEach((w, i) => dv.setBigUint64(8 * i, w, true));
    tail?.forEach((x, i) => (b[88 + i] = x));
    return { arg: 0, type: "struct", data: b, ...(fault ? { fault } : {}) };
  };
  assert.equal(
    text(rec("clone3", [P, 96n], -14n, [args(88, [], undefined, true)])),
    "clone3({flags=0, exit_signal=0, stack=NULL, stack_size=0, ???}, 96) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    text(
      rec("clone3", [P, 96n], -7n, [
        args(96, [0n, 0n, 0n, 0n, 0xdeadface00000011n], [
          0xde,
          0xc0,
          0xad,
          0xde,
          0xed,
          0xfe,
          0xce,
          0xfa,
        ]),
      ]),
      1,
    ),
    "clone3({flags=0, exit_signal=16045756810061152273, stack=NULL, stack_size=0, " +
      '/* bytes 88..95 */ "\\xde\\xc0\\xad\\xde\\xed\\xfe\\xce\\xfa"}, 96) = -1 E2BIG (Argument list too long)',
  );
  assert.equal(
    text(
      rec("clone3", [P, 64n], -22n, [
        args(64, [0xdec0deac0040007fn, 0n, 0n, 0n, 250n, 0xface1e55beeff00dn, 0xcaffeedefacedca7n]),
      ]),
    ),
    "clone3({flags=0xdec0deac0040007f /* CLONE_??? */, exit_signal=250, stack=0xface1e55beeff00d, " +
      "stack_size=0xcaffeedefacedca7}, 64) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(
      rec("clone3", [P, 64n], -22n, [
        args(64, [0xbad0000000001001n, 0n, 0n, 0n, 17n, 0xface1e55beeff00dn, 0xcaffeedefacedca7n]),
      ]),
      2,
    ),
    "clone3({flags=0xbad0000000001001 /* CLONE_PIDFD|0xbad0000000000001 */, pidfd=NULL, " +
      "exit_signal=17 /* SIGCHLD */, stack=0xface1e55beeff00d, stack_size=0xcaffeedefacedca7}, 64) = " +
      "-1 EINVAL (Invalid argument)",
  );
});

Deno.test("faccessat2's flags in strace's order, unknown bits as AT_???", () => {
  const f = (flags: bigint, ret = 0n) =>
    text(rec("faccessat2", [0xffffffffn, P, 4n, flags], ret, [str(1, "/dev/full")]));
  assert.equal(f(0x300n), 'faccessat2(-1, "/dev/full", R_OK, AT_SYMLINK_NOFOLLOW|AT_EACCESS) = 0');
  assert.equal(
    f(1n, -22n),
    'faccessat2(-1, "/dev/full", R_OK, 0x1 /* AT_??? */) = -1 EINVAL (Invalid argument)',
  );
  assert.equal(
    f(0xffffffffn, -22n),
    'faccessat2(-1, "/dev/full", R_OK, AT_SYMLINK_NOFOLLOW|AT_EACCESS|AT_EMPTY_PATH|0xffffecff) ' +
      "= -1 EINVAL (Invalid argument)",
  );
});

Deno.test("access modes with no name: strace's 0x8 /* ?_OK */", () => {
  assert.equal(
    text(rec("faccessat2", [0xffffffffn, P, 8n, 0n], -22n, [str(1, "/dev/full")])),
    'faccessat2(-1, "/dev/full", 0x8 /* ?_OK */, 0) = -1 EINVAL (Invalid argument)',
  );
  assert.equal(
    text(rec("faccessat", [0xffffffffn, P, 0xcn], -22n, [str(1, "/dev/full")])),
    'faccessat(-1, "/dev/full", R_OK|0x8) = -1 EINVAL (Invalid argument)',
  );
  assert.equal(text(rec("access", [P, 0n], 0n, [str(0, "f")])), 'access("f", F_OK) = 0');
});

Deno.test("fcntl: F_SETSIG's signal, F_SETLEASE's lease, F_NOTIFY's and F_ADD_SEALS' flags", () => {
  const f = (cmd: bigint, arg: bigint) =>
    text(rec("fcntl", [0xffffffffn, cmd, arg], -9n)).replace(
      " = -1 EBADF (Bad file descriptor)",
      "",
    );
  assert.equal(f(10n, 1n), "fcntl(-1, F_SETSIG, SIGHUP)");
  assert.equal(f(1024n, 0n), "fcntl(-1, F_SETLEASE, F_RDLCK)");
  assert.equal(f(1024n, 0x10n), "fcntl(-1, F_SETLEASE, 0x10 /* F_??? */)");
  assert.equal(f(1026n, 0x80000001n), "fcntl(-1, F_NOTIFY, DN_ACCESS|DN_MULTISHOT)");
  assert.equal(f(1033n, 5n), "fcntl(-1, F_ADD_SEALS, F_SEAL_SEAL|F_SEAL_GROW)");
  assert.equal(f(1033n, 0x40n), "fcntl(-1, F_ADD_SEALS, 0x40 /* F_SEAL_??? */)");
  assert.equal(f(0n, 3n), "fcntl(-1, F_DUPFD, 3)");
});

Deno.test("modify_ldt's clipped error, finit_module's flags", () => {
  assert.equal(
    text(rec("modify_ldt", [0xda7a1057n, P, 0n], 0xffffffdan)),
    "modify_ldt(-629534633, 0x7ffd0000, 0) = 4294967258 ENOSYS (Function not implemented)",
  );
  assert.equal(text(rec("modify_ldt", [0n, P, 16n], 16n)), "modify_ldt(0, 0x7ffd0000, 16) = 16");
  const f = (flags: bigint) =>
    text(rec("finit_module", [0xbeeffacen, 0n, flags], -9n)).replace(
      " = -1 EBADF (Bad file descriptor)",
      "",
    );
  assert.equal(f(2n), "finit_module(-1091568946, NULL, MODULE_INIT_IGNORE_VERMAGIC)");
  assert.equal(f(0xdefaced0n), "finit_module(-1091568946, NULL, 0xdefaced0 /* MODULE_INIT_??? */)");
  assert.equal(
    f(0xdec0ded1n),
    "finit_module(-1091568946, NULL, MODULE_INIT_IGNORE_MODVERSIONS|0xdec0ded0)",
  );
});

Deno.test("kexec_load: the entry point, the segments, the architecture and flags", () => {
  const k = (args: bigint[], items: Capture[] = []) =>
    text(rec("kexec_load", args, -22n, items)).replace(" = -1 EINVAL (Invalid argument)", "");
  assert.equal(
    k([0n, 0n, 0n, 0xbadc0dedda7a1054n]),
    "kexec_load(NULL, 0, NULL, 0xda7a0000 /* KEXEC_ARCH_??? */|0xbadc0ded00001054 /* KEXEC_??? */)",
  );
  assert.equal(
    k([0xdeadca57badda7a1n, 17n, P, 0x2a0003n]),
    "kexec_load(0xdeadca57badda7a1, 17, 0x7ffd0000, KEXEC_ARCH_SH|KEXEC_ON_CRASH|" +
      "KEXEC_PRESERVE_CONTEXT)",
  );
  assert.equal(k([P, 0n, P, 0n]), "kexec_load(0x7ffd0000, 0, [], KEXEC_ARCH_DEFAULT)");
  assert.equal(
    k([P, 2n, P, 62n << 16n], [u64s(2, 0n, 10n, 0x1000n, 4096n, 0xa0n, 1n, 0xb0n, 2n)]),
    "kexec_load(0x7ffd0000, 2, [{buf=NULL, bufsz=10, mem=0x1000, memsz=4096}, " +
      "{buf=0xa0, bufsz=1, mem=0xb0, memsz=2}], KEXEC_ARCH_X86_64)",
  );
});

Deno.test("SysV IPC: semget's, msgget's and shmget's keys and flags, semctl's command", () => {
  assert.equal(
    text(rec("semget", [0n, 1n, 0o1600n], 3n)),
    "semget(IPC_PRIVATE, 1, IPC_CREAT|0600) = 3",
  );
  assert.equal(text(rec("semget", [0x1234n, 2n, 0n], 3n)), "semget(0x1234, 2, 000) = 3");
  assert.equal(
    text(rec("msgget", [0xffffffffn, 0o3644n], 0n)),
    "msgget(0xffffffff, IPC_CREAT|IPC_EXCL|0644) = 0",
  );
  assert.equal(
    text(rec("shmget", [0n, 4096n, 0o5600n], 0n)),
    "shmget(IPC_PRIVATE, 4096, IPC_CREAT|SHM_HUGETLB|0600) = 0",
  );
  assert.equal(text(rec("semctl", [3n, 0n, 0n, 0n], 0n)), "semctl(3, 0, IPC_RMID, NULL) = 0");
  assert.equal(
    text(rec("semctl", [3n, 0n, 0x10fn, P], 0n)),
    "semctl(3, 0, IPC_64|GETZCNT, 0x7ffd0000) = 0",
  );
  assert.equal(
    text(rec("semctl", [3n, 0n, 99n, P], -22n)),
    "semctl(3, 0, 0x63 /* SEM_??? */, 0x7ffd0000) = -1 EINVAL (Invalid argument)",
  );
});

Deno.test("io_uring_enter: its flags and signal mask", () => {
  const mask = new Uint8Array(8);
  new DataView(mask.buffer).setBigUint64(
    0,
    ~((1n << 0n) | (1n << 8n) | (1n << 18n)) & ((1n << 64n) - 1n),
    true,
  );
  assert.equal(
    text(rec("io_uring_enter", [3n, 0xdeadbeefn, 0xcafef00dn, 0xffffffffn, P, 8n], -22n, [
      { arg: 4, type: "struct", data: mask },
    ])),
    "io_uring_enter(3, 3735928559, 3405705229, IORING_ENTER_GETEVENTS|IORING_ENTER_SQ_WAKEUP|" +
      "IORING_ENTER_SQ_WAIT|IORING_ENTER_EXT_ARG|IORING_ENTER_REGISTERED_RING|0xffffffe0, " +
      "~[HUP KILL STOP], 8) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("io_uring_enter", [3n, 1n, 0n, 0n, 0n, 0n], 1n)),
    "io_uring_enter(3, 1, 0, 0, NULL, 0) = 1",
  );
});

Deno.test("io_uring_setup: struct io_uring_params as passed, and as filled in", () => {
  const params = (f: (dv: DataView) => void): Capture => {
    const b = new Uint8Array(120);
    f(new DataView(b.buffer));
    return { arg: 1, type: "struct", data: b };
  };
  assert.equal(
    text(rec("io_uring_setup", [1n, P], -22n, [params((dv) => {
      dv.setUint32(8, 0xffffffff, true);
      dv.setUint32(12, 0x8f8e8d8c, true);
      dv.setUint32(16, 2475856272, true);
      dv.setInt32(24, -1684366952, true);
      dv.setUint32(28, 0x9f9e9d9c, true);
    })])),
    "io_uring_setup(1, {flags=IORING_SETUP_IOPOLL|IORING_SETUP_SQPOLL|IORING_SETUP_SQ_AFF|" +
      "IORING_SETUP_CQSIZE|IORING_SETUP_CLAMP|IORING_SETUP_ATTACH_WQ|IORING_SETUP_R_DISABLED|" +
      "IORING_SETUP_SUBMIT_ALL|IORING_SETUP_COOP_TASKRUN|IORING_SETUP_TASKRUN_FLAG|" +
      "IORING_SETUP_SQE128|IORING_SETUP_CQE32|0xfffff000, sq_thread_cpu=0x8f8e8d8c, " +
      "sq_thread_idle=2475856272, wq_fd=-1684366952, resv=[0x9f9e9d9c, 0, 0]}) = " +
      "-1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("io_uring_setup", [2n, P], 4n, [params((dv) => {
      dv.setUint32(0, 2, true);
      dv.setUint32(4, 4, true);
      dv.setUint32(20, 0x1fff, true);
      [0, 64, 256, 264, 276, 272, 384].forEach((v, k) => dv.setUint32(40 + 4 * k, v, true));
      [128, 192, 260, 268, 284, 320, 280].forEach((v, k) => dv.setUint32(80 + 4 * k, v, true));
    })])),
    "io_uring_setup(2, {flags=0, sq_thread_cpu=0, sq_thread_idle=0, sq_entries=2, cq_entries=4, " +
      "features=IORING_FEAT_SINGLE_MMAP|IORING_FEAT_NODROP|IORING_FEAT_SUBMIT_STABLE|" +
      "IORING_FEAT_RW_CUR_POS|IORING_FEAT_CUR_PERSONALITY|IORING_FEAT_FAST_POLL|" +
      "IORING_FEAT_POLL_32BITS|IORING_FEAT_SQPOLL_NONFIXED|IORING_FEAT_EXT_ARG|" +
      "IORING_FEAT_NATIVE_WORKERS|IORING_FEAT_RSRC_TAGS|IORING_FEAT_CQE_SKIP|" +
      "IORING_FEAT_LINKED_FILE, sq_off={head=0, tail=64, ring_mask=256, ring_entries=264, " +
      "flags=276, dropped=272, array=384}, cq_off={head=128, tail=192, ring_mask=260, " +
      "ring_entries=268, overflow=284, cqes=320, flags=280}}) = 4",
  );
  assert.equal(
    text(rec("io_uring_setup", [0n, P + 1n], -14n)),
    "io_uring_setup(0, 0x7ffd0001) = " +
      "-1 EFAULT (Bad address)",
  );
});

Deno.test("_sysctl: struct __sysctl_args (x86_64; the kernel returns ENOSYS)", () => {
  assert.equal(
    text(rec("_sysctl", [P], -38n, [u64s(0, 0n, 0n, 0n, 0n, 0n, 0n)])),
    "_sysctl({name=NULL, nlen=0, oldval=NULL, oldlenp=NULL, newval=NULL, newlen=0}) = " +
      "-1 ENOSYS (Function not implemented)",
  );
  assert.equal(
    text(rec("_sysctl", [P], -38n, [
      u64s(
        0,
        P,
        0x6c6b6a69n,
        0x7877767574737271n,
        0x6665646362617a79n,
        0x6e6d6c6b6a696867n,
        0x7675747372717a6fn,
      ),
    ])),
    "_sysctl({name=0x7ffd0000, nlen=1818978921, oldval=0x7877767574737271, " +
      "oldlenp=0x6665646362617a79, newval=0x6e6d6c6b6a696867, newlen=8535856707940743791}) = " +
      "-1 ENOSYS (Function not implemented)",
  );
  assert.equal(
    text(rec("_sysctl", [P], -38n)),
    "_sysctl(0x7ffd0000) = -1 ENOSYS (Function not implemented)",
  );
});

Deno.test("bpf(BPF_MAP_CREATE): the attributes as far as the size reaches", () => {
  const attr = (n: number, f: (dv: DataView, b: Uint8Array) => void): Capture => {
    const b = new Uint8Array(n);
    f(new DataView(b.buffer), b);
    return { arg: 1, type: "struct", data: b };
  };
  const m = (size: number, c: Capture) =>
    text(rec("bpf", [0n, P, BigInt(size)], -22n, [c])).replace(
      " = -1 EINVAL (Invalid argument)",
      "",
    );
  assert.equal(
    m(4, attr(4, (dv) => dv.setUint32(0, 2, true))),
    "bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, key_size=0, value_size=0, max_entries=0}, 4)",
  );
  assert.equal(
    m(
      36,
      attr(36, (dv, b) => {
        dv.setUint32(0, 31, true);
        dv.setUint32(4, 4, true);
        dv.setUint32(8, 8, true);
        dv.setUint32(12, 256, true);
        dv.setUint32(16, 0x3f, true);
        dv.setInt32(20, -1, true);
        dv.setUint32(24, 3141592653, true);
        b.set(new TextEncoder().encode("01234567"), 28);
      }),
    ),
    "bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_USER_RINGBUF, key_size=4, value_size=8, " +
      "max_entries=256, map_flags=BPF_F_NO_PREALLOC|BPF_F_NO_COMMON_LRU|BPF_F_NUMA_NODE|" +
      'BPF_F_RDONLY|BPF_F_WRONLY|BPF_F_STACK_BUILD_ID, inner_map_fd=-1, numa_node=3141592653, map_name="0123456"...}, 36)',
  );
  assert.equal(
    m(
      28,
      attr(28, (dv) => {
        dv.setUint32(0, 0xdeadf00d, true);
        dv.setUint32(16, 0xc0defead, true);
        dv.setInt32(20, -1576685468, true);
        dv.setUint32(24, 0xffffffff, true);
      }),
    ),
    "bpf(BPF_MAP_CREATE, {map_type=0xdeadf00d /* BPF_MAP_TYPE_??? */, key_size=0, value_size=0, " +
      "max_entries=0, map_flags=BPF_F_NO_PREALLOC|BPF_F_NUMA_NODE|BPF_F_RDONLY|" +
      "BPF_F_STACK_BUILD_ID|BPF_F_RDONLY_PROG|BPF_F_CLONE|BPF_F_MMAPABLE|BPF_F_PRESERVE_ELEMS|" +
      "BPF_F_INNER_MAP|0xc0dee000, inner_map_fd=-1576685468, numa_node=4294967295 /* NUMA_NO_NODE */}, 28)",
  );
  assert.equal(
    m(
      256,
      attr(256, (dv) => {
        dv.setUint32(0, 30, true);
        dv.setBigUint64(64, 4n, true);
      }),
    ),
    "bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_BLOOM_FILTER, key_size=0, value_size=0, max_entries=0, " +
      'map_flags=0, inner_map_fd=0, map_name="", map_ifindex=0, btf_fd=0, btf_key_type_id=0, ' +
      "btf_value_type_id=0, btf_vmlinux_value_type_id=0, map_extra=4}, 256)",
  );
  // another command: the attributes' address
  assert.equal(
    text(rec("bpf", [5n, P, 16n], -22n)),
    "bpf(BPF_PROG_LOAD, 0x7ffd0000, 16) = -1 EINVAL (Invalid argument)",
  );
});

Deno.test("fcntl: record locks and owners as strace's printflock() and f_owner_ex", () => {
  const flock = (type: number, whence: number, start: bigint, len: bigint, pid = 0): Capture => {
    const b = new Uint8Array(32);
    const dv = new DataView(b.buffer);
    dv.setInt16(0, type, true);
    dv.setInt16(2, whence, true);
    dv.setBigInt64(8, start, true);
    dv.setBigInt64(16, len, true);
    dv.setInt32(24, pid, true);
    return { arg: 2, type: "struct", data: b };
  };
  assert.equal(
    text(rec("fcntl", [0n, 6n, P], -22n, [flock(0, 0, -2379362051860529427n, -5n)])),
    "fcntl(0, F_SETLK, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=-2379362051860529427, " +
      "l_len=-5}) = -1 EINVAL (Invalid argument)",
  );
  // F_GETLK and F_OFD_GETLK: what the kernel filled in, with l_pid
  assert.equal(
    text(rec("fcntl", [0n, 36n, P], 0n, [flock(2, 0, 0n, 4096n, 0)])),
    "fcntl(0, F_OFD_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=4096, " +
      "l_pid=0}) = 0",
  );
  assert.equal(
    text(rec("fcntl", [0n, 7n, P], 0n, [flock(16, 9, 1n, 2n)])),
    "fcntl(0, F_SETLKW, {l_type=0x10 /* F_??? */, l_whence=0x9 /* SEEK_??? */, l_start=1, " +
      "l_len=2}) = 0",
  );
  // not copied (unreadable): the address
  assert.equal(
    text(rec("fcntl", [0n, 6n, P], -14n)),
    "fcntl(0, F_SETLK, 0x7ffd0000) = " +
      "-1 EFAULT (Bad address)",
  );
  assert.equal(
    text(rec("fcntl", [0n, 15n, P], -3n, [u32s(2, 0, 1234567890)])),
    "fcntl(0, F_SETOWN_EX, {type=F_OWNER_TID, pid=1234567890}) = -1 ESRCH (No such process)",
  );
  assert.equal(
    text(rec("fcntl", [0n, 16n, P], 0n, [u32s(2, 2, 808)])),
    "fcntl(0, F_GETOWN_EX, {type=F_OWNER_PGRP, pid=808}) = 0",
  );
  assert.equal(
    text(rec("fcntl", [0n, 15n, P], 0n, [u32s(2, 7, 1)]), 1),
    "fcntl(0, 0xf, {type=0x7, pid=1}) = 0",
  );
  // the other commands keep the byte path's text
  assert.equal(text(rec("fcntl", [0n, 1n, 0n], 1n)), "fcntl(0, F_GETFD) = 0x1 (flags FD_CLOEXEC)");
  // a select's other values on both paths: arch_prctl's codes without an argument
  assert.equal(text(rec("arch_prctl", [0x1011n, 0n], 1n)), "arch_prctl(ARCH_GET_CPUID) = 1");
});

Deno.test("landlock_create_ruleset: its struct landlock_ruleset_attr", () => {
  const attr = (v: bigint, n = 8, fault = false): Capture => ({
    ...u64s(0, v, 0n),
    data: u64s(0, v, 0n).data.subarray(0, n),
    ...(fault ? { fault } : {}),
  });
  assert.equal(
    text(rec("landlock_create_ruleset", [P, 12n, 0n], -14n, [attr(1n, 8, true)])),
    "landlock_create_ruleset({handled_access_fs=LANDLOCK_ACCESS_FS_EXECUTE, ...}, 12, 0) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    text(rec("landlock_create_ruleset", [P, 8n, 0n], -22n, [attr(0xdebeefeddecac000n)])),
    "landlock_create_ruleset({handled_access_fs=0xdebeefeddecac000 /* LANDLOCK_ACCESS_FS_??? */}, " +
      "8, 0) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("landlock_create_ruleset", [P, 7n, 0n], -22n, [attr(1n, 7)])),
    "landlock_create_ruleset(0x7ffd0000, 7, 0) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("landlock_create_ruleset", [0n, 0n, 1n], 1n)),
    "landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) = 1",
  );
});

Deno.test("semop, futex_waitv, landlock_add_rule, mq_notify, mq_getsetattr: their structures", () => {
  const b = (n: number, f: (dv: DataView) => void, extra: Partial<Capture> = {}, arg = 0) => {
    const d = new Uint8Array(n);
    f(new DataView(d.buffer));
    return { arg, type: "struct" as const, data: d, ...extra };
  };
  // nsops is an unsigned int: the register's upper half is not the caller's (strace's test sets it)
  assert.equal(
    text(rec("semop", [0n, P, 0xdefaced00000001n], 0n, [
      b(
        6,
        (dv) => {
          dv.setInt16(2, 1, true);
          dv.setUint16(4, 0x1000, true);
        },
        {},
        1,
      ),
    ])),
    "semop(0, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}], 1) = 0",
  );
  assert.equal(
    text(rec("semop", [0xfdb97531n, P, 2n], -14n, [
      b(
        6,
        (dv) => {
          dv.setUint16(0, 64206, true);
          dv.setInt16(2, -4083, true);
          dv.setUint16(4, 0xbeef, true);
        },
        { fault: true },
        1,
      ),
    ])),
    "semop(-38177487, [{sem_num=64206, sem_op=-4083, sem_flg=SEM_UNDO|IPC_NOWAIT|0xa6ef}, " +
      "... /* 0x7ffd0006 */], 2) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    text(rec("futex_waitv", [P, 0n, 1n, P + 0x100n, 0xffffffffn], -22n)),
    "futex_waitv([], 0, 0x1, 0x7ffd0100, 0xffffffff /* CLOCK_??? */) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("futex_waitv", [P, 1n, 0n, 0n, 1n], -22n, [
      b(24, (dv) => {
        dv.setBigUint64(0, 0xffffffffffffffffn, true);
        dv.setUint32(16, 0xffffffff, true);
        dv.setUint32(20, 0xffffffff, true);
      }),
    ])),
    "futex_waitv([{val=0xffffffffffffffff, uaddr=NULL, flags=FUTEX_32|FUTEX_PRIVATE_FLAG|0xffffff7d, " +
      "__reserved=0xffffffff}], 1, 0, NULL, CLOCK_MONOTONIC) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("landlock_add_rule", [0xffffffffn, 1n, P, 0n], -9n, [
      b(
        12,
        (dv) => {
          dv.setBigUint64(0, 1n, true);
          dv.setInt32(8, -1, true);
        },
        {},
        2,
      ),
    ])),
    "landlock_add_rule(-1, LANDLOCK_RULE_PATH_BENEATH, {allowed_access=LANDLOCK_ACCESS_FS_EXECUTE, " +
      "parent_fd=-1}, 0) = -1 EBADF (Bad file descriptor)",
  );
  assert.equal(
    text(rec("mq_notify", [0xdeadba5en, P], -14n, [
      b(
        64,
        (dv) => {
          dv.setBigUint64(0, 0xdeadbeefbadc0dedn, true);
          dv.setUint32(8, 4207869677, true);
          dv.setUint32(12, 1, true);
        },
        {},
        1,
      ),
    ])),
    "mq_notify(-559039906, {sigev_value={sival_int=-1159983635, sival_ptr=0xdeadbeefbadc0ded}, " +
      "sigev_signo=4207869677, sigev_notify=SIGEV_NONE}) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    text(rec("mq_getsetattr", [0n, 0n, P], 0n, [
      b(
        64,
        (dv) => {
          dv.setBigInt64(8, 10n, true);
          dv.setBigInt64(16, 8192n, true);
        },
        {},
        2,
      ),
    ])),
    "mq_getsetattr(0, NULL, {mq_flags=0, mq_maxmsg=10, mq_msgsize=8192, mq_curmsgs=0}) = 0",
  );
  assert.equal(
    text(rec("timer_create", [0n, P, P + 64n], 0n, [
      b(64, (dv) => dv.setInt32(8, 14, true), {}, 1),
      u32s(2, 0),
    ])),
    "timer_create(CLOCK_REALTIME, {sigev_signo=SIGALRM, sigev_notify=SIGEV_SIGNAL}, [0]) = 0",
  );
});

Deno.test("kexec_file_load: its command line, cmdline_len bytes", () => {
  const cmd = (s: string, extra: Partial<Capture> = {}): Capture => ({
    arg: 3,
    type: "buf",
    data: new TextEncoder().encode(s),
    ...extra,
  });
  const k = (len: bigint, c: Capture[], strLimit = 9) =>
    text(
      rec("kexec_file_load", [0xbadda7a1n, 0xdefaced2n, len, P, 0n], -9n, c),
      0,
      strLimit,
    );
  assert.equal(
    k(7n, [cmd("abcdef\0")]),
    'kexec_file_load(-1159878751, -553988398, 7, "abcdef\\0", 0) = -1 EBADF (Bad file descriptor)',
  );
  assert.equal(
    k(23n, [cmd("deadcodeb", { truncated: true })]),
    'kexec_file_load(-1159878751, -553988398, 23, "deadcodeb"..., 0) = -1 EBADF (Bad file descriptor)',
  );
});

Deno.test("reboot: RESTART2's command, 255 bytes at most (the kernel's buffer less its NUL)", () => {
  const s = "AbCdEfGhIjKlMnOpQrStUvWxYz012345".repeat(8).slice(0, 255);
  assert.equal(
    text(
      rec("reboot", [0x13111992n, 0x28121969n, 0xa1b2c3d4n, P], -22n, [
        str(3, s, { truncated: true }),
      ]),
      0,
      256,
    ),
    `reboot(0x13111992 /* LINUX_REBOOT_MAGIC_??? */, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_RESTART2, ` +
      `"${s}"...) = -1 EINVAL (Invalid argument)`,
  );
});

Deno.test("getrandom: the bytes in hex, as strace always shows them", () => {
  const buf = (b: number[], extra: Partial<Capture> = {}): Capture => ({
    arg: 0,
    type: "buf",
    data: new Uint8Array(b),
    ...extra,
  });
  assert.equal(
    text(rec("getrandom", [P, 3n, 0n], 3n, [buf([0x5c, 0xb3, 0x2a])])),
    'getrandom("\\x5c\\xb3\\x2a", 3, 0) = 3',
  );
  assert.equal(
    text(rec("getrandom", [P, 4n, 1n], 4n, [buf([0x7e, 0x62, 0xcd], { truncated: true })]), 0, 3),
    'getrandom("\\x7e\\x62\\xcd"..., 4, GRND_NONBLOCK) = 4',
  );
});

Deno.test("kcmp's epoll slot, listxattr's buffer of size 0, seccomp's 6-byte sizes, wait4's rusage at 0", () => {
  assert.equal(
    text(
      rec("kcmp", [2356n, 0xffffffffn, 7n, 23n, P], -3n, [
        u32s(4, -559038242, -87101097, -1159983635),
      ]),
    ),
    "kcmp(2356, -1, KCMP_EPOLL_TFD, 23, {efd=-559038242, tfd=-87101097, toff=3134983661}) = " +
      "-1 ESRCH (No such process)",
  );
  assert.equal(
    text(
      rec("listxattr", [P, P + 0x100n, 0n], 0n, [str(0, "."), {
        arg: 1,
        type: "buf",
        data: new Uint8Array(),
      }]),
    ),
    'listxattr(".", 0x7ffd0100, 0) = 0',
  );
  const sizes = new Uint8Array(6);
  new DataView(sizes.buffer).setUint16(0, 80, true);
  new DataView(sizes.buffer).setUint16(2, 24, true);
  new DataView(sizes.buffer).setUint16(4, 64, true);
  assert.equal(
    text(rec("seccomp", [3n, 0n, P], 0n, [{ arg: 2, type: "struct", data: sizes }])),
    "seccomp(SECCOMP_GET_NOTIF_SIZES, 0, {seccomp_notif=80, seccomp_notif_resp=24, seccomp_data=64}) = 0",
  );
  const ru = new Uint8Array(144).fill(0xff);
  assert.equal(
    text(rec("wait4", [3492n, P, 0x40000001n, P + 0x40n], 0n, [
      u32s(1, -1),
      { arg: 3, type: "struct", data: ru },
    ])),
    "wait4(3492, 0x7ffd0000, WNOHANG|__WALL, 0x7ffd0040) = 0",
  );
});

Deno.test("-n: the syscall's number before it, as strace -n shows it", () => {
  assert.equal(
    text(rec("listen", [0n, 0n], -88n), 0, 32, false, true),
    "[  50] listen(0, 0) = -1 ENOTSOCK (Socket operation on non-socket)",
  );
  // a call the byte path leaves to the decoded path
  assert.equal(
    text(rec("getgroups", [0n, 0n], 0n), 0, 32, false, true),
    "[ 115] getgroups(0, NULL) = 0",
  );
});

Deno.test("mount: MS_* flags, MS_MGC_VAL, the type and data as addresses where the kernel ignores them", () => {
  const s = (arg: number, v: string) => str(arg, v);
  const m = (flags: bigint, items: Capture[], type = P + 0x10n, data = P + 0x20n) =>
    text(rec("mount", [P, P + 8n, type, flags, data], -2n, items)).replace(
      " = -1 ENOENT (No such file or directory)",
      "",
    );
  // the module's one PATH2 copier reads the type and the data (argument 4)
  const st = [
    s(0, "mount_source"),
    s(1, "mount_target"),
    s(2, "mount_fstype"),
    s(4, "mount_data"),
  ];
  assert.equal(
    m(0xfn, st),
    'mount("mount_source", "mount_target", "mount_fstype", MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC, "mount_data")',
  );
  assert.equal(
    m(0xc0ed000fn, st),
    'mount("mount_source", "mount_target", "mount_fstype", MS_MGC_VAL|MS_RDONLY|MS_NOSUID|MS_NODEV|' +
      'MS_NOEXEC, "mount_data")',
  );
  assert.equal(
    m(0xc0ed0000n, st),
    'mount("mount_source", "mount_target", "mount_fstype", MS_MGC_VAL, "mount_data")',
  );
  // MS_REMOUNT: the kernel reads no type (its address), the data it does
  assert.equal(
    m(0x20n, st, 0n),
    'mount("mount_source", "mount_target", NULL, MS_REMOUNT, "mount_data")',
  );
  assert.equal(
    m(0x20n, st),
    'mount("mount_source", "mount_target", 0x7ffd0010, MS_REMOUNT, "mount_data")',
  );
  // MS_BIND: neither
  assert.equal(
    m(0x1000n, st, P + 0x10n, 0n),
    'mount("mount_source", "mount_target", 0x7ffd0010, MS_BIND, NULL)',
  );
  assert.equal(
    m(0x1000n, st),
    'mount("mount_source", "mount_target", 0x7ffd0010, MS_BIND, 0x7ffd0020)',
  );
  // data cut at -s, as printstr() cuts it; data not copied (unreadable): its address
  assert.equal(
    text(
      rec("mount", [P, P + 8n, 0n, 0n, P + 0x20n], 0n, [
        s(0, "none"),
        s(1, "/t"),
        s(4, "a".repeat(40)),
      ]),
    ),
    `mount("none", "/t", NULL, 0, "${"a".repeat(32)}"...) = 0`,
  );
  assert.equal(
    m(0n, st.slice(0, 3)),
    'mount("mount_source", "mount_target", "mount_fstype", 0, 0x7ffd0020)',
  );
  assert.equal(
    text(rec("mount", [P, P, P, 0x200n, P], -14n)),
    "mount(0x7ffd0000, 0x7ffd0000, 0x7ffd0000, 0x200 /* MS_??? */, 0x7ffd0000) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    text(rec("mount", [P, P, P, 0x4000200n, P], -14n)),
    "mount(0x7ffd0000, 0x7ffd0000, 0x7ffd0000, MS_SUBMOUNT|0x200, 0x7ffd0000) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    text(rec("umount2", [P, 2n], -2n, [s(0, "/mnt")])),
    'umount2("/mnt", MNT_DETACH) = -1 ENOENT (No such file or directory)',
  );
});

Deno.test("mount_setattr: its struct mount_attr (IBYTES by its size)", () => {
  assert.equal(
    text(rec("mount_setattr", [0xffffffffn, P, 0n, P + 0x40n, 32n], -22n, [
      str(1, "/dev/full"),
      u64s(3, 0xffffffff00000000n, 0n, 1n << 17n, 9n),
    ])),
    'mount_setattr(-1, "/dev/full", 0, {attr_set=0xffffffff00000000 /* MOUNT_ATTR_??? */, ' +
      "attr_clr=0, propagation=MS_UNBINDABLE, userns_fd=9}, 32) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("mount_setattr", [0xffffffffn, P, 0n, P + 0x40n, 32n], -22n, [
      str(1, "/dev/full"),
      u64s(3, 0x3000ffn, 0xffffffffffcfff40n, 0x140000n, 9n),
    ])),
    'mount_setattr(-1, "/dev/full", 0, {attr_set=MOUNT_ATTR_RDONLY|MOUNT_ATTR_NOSUID|MOUNT_ATTR_NODEV|' +
      "MOUNT_ATTR_NOEXEC|MOUNT_ATTR_NOATIME|MOUNT_ATTR_STRICTATIME|MOUNT_ATTR_NODIRATIME|" +
      "MOUNT_ATTR_IDMAP|MOUNT_ATTR_NOSYMFOLLOW|0x40, attr_clr=0xffffffffffcfff40 /* MOUNT_ATTR_??? */, " +
      "propagation=0x140000 /* MS_??? */, userns_fd=9}, 32) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("mount_setattr", [0xffffffffn, P, 0n, P + 0x40n, 31n], -22n, [str(1, "/dev/full")])),
    'mount_setattr(-1, "/dev/full", 0, 0x7ffd0040, 31) = -1 EINVAL (Invalid argument)',
  );
});

Deno.test("rt_sigpending: a set of its size's bytes, 1 to 8", () => {
  const set = (...b: number[]): Capture => ({ arg: 0, type: "struct", data: new Uint8Array(b) });
  assert.equal(text(rec("rt_sigpending", [P, 1n], 0n, [set(1)])), "rt_sigpending([HUP], 1) = 0");
  assert.equal(
    text(rec("rt_sigpending", [P, 4n], 0n, [set(3, 0, 0, 0)])),
    "rt_sigpending([HUP INT], 4) = 0",
  );
  assert.equal(
    text(rec("rt_sigpending", [P, 8n], 0n, [set(0, 0, 0, 0, 0, 0, 0, 0)])),
    "rt_sigpending([], 8) = 0",
  );
  assert.equal(text(rec("rt_sigpending", [P, 0n], 0n)), "rt_sigpending(0x7ffd0000, 0) = 0");
  assert.equal(
    text(rec("rt_sigpending", [P, 16n], -22n)),
    "rt_sigpending(0x7ffd0000, 16) = -1 EINVAL (Invalid argument)",
  );
});

Deno.test("nanosleep: rem when a signal interrupted the sleep, its address otherwise", () => {
  const req = u64s(0, 0n, 999999999n);
  const rem = u64s(1, 0n, 886734359n);
  assert.equal(
    text(rec("nanosleep", [P, P + 16n], -516n, [req, rem])),
    "nanosleep({tv_sec=0, tv_nsec=999999999}, {tv_sec=0, tv_nsec=886734359}) = ? " +
      "ERESTART_RESTARTBLOCK (Interrupted by signal)",
  );
  assert.equal(
    text(rec("nanosleep", [P, P + 16n], 0n, [req, rem])),
    "nanosleep({tv_sec=0, tv_nsec=999999999}, 0x7ffd0010) = 0",
  );
  assert.equal(
    text(rec("clock_nanosleep", [0n, 0n, P, 0n], 0n, [{ ...req, arg: 2 }])),
    "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=999999999}, NULL) = 0",
  );
});

Deno.test("name_to_handle_at: the two flags it takes, AT_??? for the others", () => {
  assert.equal(
    text(rec("name_to_handle_at", [0xbadda7a1n, 0n, P, 0n, 0xffffebffn], -22n)),
    "name_to_handle_at(-1159878751, NULL, 0x7ffd0000, NULL, 0xffffebff /* AT_??? */) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("name_to_handle_at", [0xffffff9cn, P, 0n, 0n, 0x1400n], -14n, [str(1, ".")])),
    'name_to_handle_at(AT_FDCWD, ".", NULL, NULL, AT_SYMLINK_FOLLOW|AT_EMPTY_PATH) = -1 EFAULT (Bad address)',
  );
});

Deno.test("process_madvise: its iovecs as addresses, the advice by name", () => {
  assert.equal(
    text(rec("process_madvise", [0n, P, 2n, 0n, 0xffffffffn], -22n, [
      u64s(
        1,
        0x8786858483828180n,
        10344361028892658056n,
        0x9796959493929190n,
        11501803794301884824n,
      ),
    ])),
    "process_madvise(0, [{iov_base=0x8786858483828180, iov_len=10344361028892658056}, " +
      "{iov_base=0x9796959493929190, iov_len=11501803794301884824}], 2, MADV_NORMAL, 0xffffffff) = " +
      "-1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("process_madvise", [0n, P, 0n, 21n, 0xcafef00dn], -22n)),
    "process_madvise(0, [], 0, MADV_PAGEOUT, 0xcafef00d) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("process_madvise", [0xffffffffn, P, 2n, 0xdeadc0den, 0n], -14n, [
      { ...u64s(1, 0x9796959493929190n, 11501803794301884824n), fault: true },
    ])),
    "process_madvise(-1, [{iov_base=0x9796959493929190, iov_len=11501803794301884824}, " +
      "... /* 0x7ffd0010 */], 2, 0xdeadc0de /* MADV_??? */, 0) = -1 EFAULT (Bad address)",
  );
});

Deno.test("NUMA node masks as strace's print_nodemask(): longs of 16 hex digits, as many as maxnode takes", () => {
  const mask = (arg: number, n: number, extra: Partial<Capture> = {}): Capture => ({
    arg,
    type: "struct",
    data: new Uint8Array(n),
    ...extra,
  });
  assert.equal(
    text(rec("get_mempolicy", [0n, P, 129n, 0n, 0n], 0n, [mask(1, 129)]), 0, 3),
    "get_mempolicy(NULL, [0000000000000000, 0000000000000000], 129, NULL, 0) = 0",
  );
  assert.equal(
    text(
      rec("get_mempolicy", [0n, P, 32768n, 0n, 0n], 0n, [mask(1, 512, { truncated: true })]),
      0,
      3,
    ),
    "get_mempolicy(NULL, [0000000000000000, 0000000000000000, 0000000000000000, ...], 32768, NULL, 0) = 0",
  );
  assert.equal(
    text(rec("set_mempolicy", [0n, P, 129n], -14n, [mask(1, 8, { fault: true })]), 0, 3),
    "set_mempolicy(MPOL_DEFAULT, [0000000000000000, ... /* 0x7ffd0008 */], 129) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    text(rec("set_mempolicy", [0n, 0n, 0n], 0n)),
    "set_mempolicy(MPOL_DEFAULT, NULL, 0) = 0",
  );
  assert.equal(
    text(rec("set_mempolicy", [1n, 0xfacefeedfffffffen, 14627392582107119343n], -22n)),
    "set_mempolicy(MPOL_PREFERRED, 0xfacefeedfffffffe, 14627392582107119343) = -1 EINVAL (Invalid argument)",
  );
});

Deno.test("ioprio in -X raw and verbose: the int, and IOPRIO_PRIO_VALUE(...) in a comment", () => {
  assert.equal(
    text(rec("ioprio_set", [2n, 0n, 8191n], -22n), 2),
    "ioprio_set(0x2 /* IOPRIO_WHO_PGRP */, 0, 8191 /* IOPRIO_PRIO_VALUE(0 /* IOPRIO_CLASS_NONE */, " +
      "8191) */) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("ioprio_set", [0xfa57beefn, 0xda7a1057n, 0xfacefeedn], -22n), 1),
    "ioprio_set(0xfa57beef, -629534633, -87097619) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(text(rec("ioprio_get", [1n, 2392n], 0n), 1), "ioprio_get(0x1, 2392) = 0");
  assert.equal(
    text(rec("ioprio_get", [1n, 2503n], 0n), 2),
    "ioprio_get(0x1 /* IOPRIO_WHO_PROCESS */, 2503) = 0 (IOPRIO_PRIO_VALUE(0 /* IOPRIO_CLASS_NONE */, 0))",
  );
});

Deno.test("sched_getattr: the struct sched_attr the kernel wrote, as many fields as its size says", () => {
  const attr = (size: number, n = size): Capture => {
    const b = new Uint8Array(n);
    new DataView(b.buffer).setUint32(0, size, true);
    return { arg: 1, type: "struct", data: b };
  };
  assert.equal(
    text(rec("sched_getattr", [0n, P, 48n, 0n], 0n, [attr(48)])),
    "sched_getattr(0, {size=48, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, sched_priority=0, " +
      "sched_runtime=0, sched_deadline=0, sched_period=0}, 48, 0) = 0",
  );
  assert.equal(
    text(rec("sched_getattr", [0n, P, 56n, 0n], 0n, [attr(56)])),
    "sched_getattr(0, {size=56, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=0, sched_priority=0, " +
      "sched_runtime=0, sched_deadline=0, sched_period=0, sched_util_min=0, sched_util_max=0}, 56, 0) = 0",
  );
  assert.equal(
    text(rec("sched_getattr", [0n, P, 48n, 0n], -14n)),
    "sched_getattr(0, 0x7ffd0000, 48, 0) = -1 EFAULT (Bad address)",
  );
});

Deno.test("poll and ppoll of no fds: [], as strace's print_array() shows it", () => {
  assert.equal(text(rec("poll", [P, 0n, 100n], 0n)), "poll([], 0, 100) = 0 (Timeout)");
  assert.equal(text(rec("poll", [0n, 0n, 100n], 0n)), "poll(NULL, 0, 100) = 0 (Timeout)");
  assert.equal(
    text(rec("ppoll", [P, 0n, 0n, 0n, 8n], 0n)),
    "ppoll([], 0, NULL, NULL, 8) = 0 (Timeout)",
  );
});

Deno.test("io_uring_register: the resource structures of FILES2, BUFFERS2 and the updates", () => {
  // the structure's bytes, and 8 more for the sizes past 32
  const bytes = (words: [number, bigint][], tail = 0n) => {
    const b = new Uint8Array(40);
    const dv = new DataView(b.buffer);
    for (const [o, v] of words) {
      if (o === 4 || o === 0 || o === 24 || o === 28) dv.setUint32(o, Number(v), true);
      else dv.setBigUint64(o, v, true);
    }
    dv.setBigUint64(32, tail, true);
    return b;
  };
  const call = (op: bigint, b: Uint8Array, size: bigint, extra: Partial<Capture> = {}) =>
    text(
      rec("io_uring_register", [0n, op, P, size], -95n, [{
        arg: 2,
        type: "struct",
        data: b.subarray(0, Math.min(b.length, Number(size))),
        ...extra,
      }]),
    );
  const e = " = -1 EOPNOTSUPP (Operation not supported)";
  // struct io_uring_rsrc_register: nr, flags, resv2, data, tags
  assert.equal(
    call(13n, bytes([[0, 0n], [4, 0n], [16, 0n], [24, P]]), 32n),
    "io_uring_register(0, IORING_REGISTER_FILES2, {nr=0, flags=0, data=NULL, tags=[]}, 32)" + e,
  );
  assert.equal(
    call(15n, bytes([[0, 5n], [4, 0xbadc0dedn], [8, 0xfacecafebeeffeedn]]), 32n),
    "io_uring_register(0, IORING_REGISTER_BUFFERS2, {nr=5, " +
      "flags=IORING_RSRC_REGISTER_SPARSE|0xbadc0dec, resv2=0xfacecafebeeffeed, data=NULL, " +
      "tags=NULL}, 32)" + e,
  );
  assert.equal(
    call(13n, bytes([[4, 2n], [16, P], [24, P]], 0xa7a6a5a4a3a2a1a0n), 40n),
    "io_uring_register(0, IORING_REGISTER_FILES2, {nr=0, flags=0x2 /* IORING_RSRC_REGISTER_??? */" +
      ', data=[], tags=[], /* bytes 32..39 */ "\\xa0\\xa1\\xa2\\xa3\\xa4\\xa5\\xa6\\xa7"}, 40)' + e,
  );
  // struct io_uring_rsrc_update2: offset, resv, data, tags, nr, resv2; the bytes past 32 unreadable
  assert.equal(
    call(14n, bytes([[0, 3735943886n], [4, 0xbadc0dedn], [16, P], [28, 0xfacecafen]]), 48n, {
      fault: true,
    }),
    "io_uring_register(0, IORING_REGISTER_FILES_UPDATE2, {offset=3735943886, resv=0xbadc0ded, " +
      "data=NULL, tags=[], nr=0, resv2=0xfacecafe, ???}, 48)" + e,
  );
  assert.equal(
    call(16n, bytes([[24, 2n]]), 32n),
    "io_uring_register(0, IORING_REGISTER_BUFFERS_UPDATE, {offset=0, data=NULL, tags=NULL, nr=2}" +
      ", 32)" + e,
  );
  // less than the structure: the address; arrays with elements: theirs (not copied)
  assert.equal(
    call(13n, bytes([]), 24n),
    "io_uring_register(0, IORING_REGISTER_FILES2, 0x7ffd0000, 24)" + e,
  );
  assert.match(call(13n, bytes([[0, 1n], [16, P]]), 32n), /data=0x7ffd0000, tags=NULL/);
});

Deno.test("io_uring_register: PBUF_RING's struct io_uring_buf_reg", () => {
  const reg = (addr: bigint, bgid: number, pad: number, resv: bigint[]) => {
    const b = new Uint8Array(40);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, addr, true);
    dv.setUint16(12, bgid, true);
    dv.setUint16(14, pad, true);
    resv.forEach((x, i) => dv.setBigUint64(16 + 8 * i, x, true));
    return b;
  };
  const call = (op: bigint, data: Uint8Array, extra: Partial<Capture> = {}) =>
    text(
      rec("io_uring_register", [0n, op, P, 66n], -95n, [{
        arg: 2,
        type: "struct",
        data,
        ...extra,
      }]),
    );
  const e = " = -1 EOPNOTSUPP (Operation not supported)";
  assert.equal(
    call(22n, reg(0x7f1d62fc6fd8n, 42069, 0, [0n, 0xdecaffedbeefdeadn, 0n])),
    "io_uring_register(0, IORING_REGISTER_PBUF_RING, {ring_addr=0x7f1d62fc6fd8, ring_entries=0, " +
      "bgid=42069, resv=[0, 0xdecaffedbeefdead, 0]}, 66)" + e,
  );
  assert.equal(
    call(23n, reg(0n, 0, 0x7a69, [])),
    "io_uring_register(0, IORING_UNREGISTER_PBUF_RING, {ring_addr=NULL, ring_entries=0, bgid=0, " +
      "pad=0x7a69}, 66)" + e,
  );
  // not readable to its end: the address
  assert.equal(
    call(22n, reg(0n, 0, 0, []).subarray(0, 24), { fault: true }),
    "io_uring_register(0, IORING_REGISTER_PBUF_RING, 0x7ffd0000, 66)" + e,
  );
});
