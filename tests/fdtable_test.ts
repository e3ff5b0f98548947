// The fd tables of -y and -yy (src/fdtable.ts): synthetic completed syscalls through the table for
// every call family, /proc faked, and the names as the text (object and byte paths) and JSON
// formatters show them.
import * as assert from "node:assert/strict";
import { type FdSystem, FdTable, fdTag, nrOf, socketText, widenSelection } from "../src/fdtable.ts";
import type { Arch, Capture, SyscallRecord } from "../src/record.ts";
import { decodeRecord, REC_SYSCALL } from "../src/abi.ts";
import { TextFormatter } from "../src/format_text.ts";
import { jsonLine, JsonRawFormatter } from "../src/format_json.ts";
import { type Item, layOut } from "./module_records.ts";

const enc = new TextEncoder();
const ARCHES: Arch[] = ["x86_64", "aarch64"];
const O_CLOEXEC = 0o2000000n;
const AT_FDCWD = BigInt.asUintN(64, -100n);

/** A fake /proc: readlink answers from `links`, "PID/FD" -> name. */
function fakeProc(
  links: Record<string, string> = {},
  socks: Record<number, string> = {},
): FdSystem {
  return {
    readlink: (pid, fd) => links[`${pid}/${fd}`],
    listFds: (pid) => {
      const fds = Object.keys(links).filter((k) => k.startsWith(`${pid}/`)).map((k) =>
        Number(k.split("/")[1])
      );
      return fds.length ? fds : undefined;
    },
    socketText: (ino) => socks[ino],
    cwd: (pid) => links[`${pid}/cwd`],
    isThread: (pid, tid) => links[`${pid}/task`]?.split(",").includes(String(tid)) ?? false,
    devText: (path) => ({ "/dev/null": "char 1:3", "/dev/sda": "block 8:0" })[path],
  };
}

let ts = 1000n;
/** A completed call of `name` by process `pid`. */
function call(
  arch: Arch,
  name: string,
  args: bigint[],
  ret: bigint | undefined,
  opts: { pid?: number; tid?: number; items?: Capture[] } = {},
): SyscallRecord {
  ts += 10n;
  const a = [...args];
  while (a.length < 6) a.push(0n);
  return {
    kind: "syscall",
    nr: nrOf(arch, name),
    pid: opts.pid ?? 42,
    tid: opts.tid ?? opts.pid ?? 42,
    cpu: 0,
    comm: "t",
    ts,
    enterTs: ts - 5n,
    args: a,
    ret,
    items: opts.items,
  };
}

const str = (arg: number, s: string): Capture => ({ arg, type: "str", data: enc.encode(s) });
const fdsItem = (arg: number, a: number, b: number): Capture => {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setInt32(0, a, true);
  new DataView(data.buffer).setInt32(4, b, true);
  return { arg, type: "fds", data };
};

/** openat(AT_FDCWD, path, flags) = fd, observed. */
function openat(t: FdTable, arch: Arch, path: string, fd: number, flags = 0n, pid = 42) {
  t.observe(
    call(arch, "openat", [AT_FDCWD, 1n, flags], BigInt(fd), { pid, items: [str(1, path)] }),
  );
}

for (const arch of ARCHES) {
  Deno.test(`fdtable ${arch}: open family, relative paths, unknown fds`, () => {
    const t = new FdTable(arch, { sys: fakeProc() });
    openat(t, arch, "/etc/hosts", 3);
    assert.equal(t.name(42, 3), "/etc/hosts");
    assert.equal(t.tag(42, 3), "</etc/hosts>");
    assert.equal(t.type(42, 3), "file");
    // a directory fd and a path relative to it; .. resolved lexically
    openat(t, arch, "/usr/share", 4);
    t.observe(
      call(arch, "openat", [4n, 1n, 0n], 5n, { items: [str(1, "zoneinfo/../misc/x")] }),
    );
    assert.equal(t.name(42, 5), "/usr/share/misc/x");
    // relative to the unknown working directory: unknown, never guessed
    openat(t, arch, "relative.txt", 6);
    assert.equal(t.name(42, 6), undefined);
    assert.equal(t.tag(42, 6), undefined);
    // no path copied (tracefs): unknown
    t.observe(call(arch, "openat", [AT_FDCWD, 0x1234n, 0n], 7n));
    assert.equal(t.name(42, 7), undefined);
    // a failed open changes nothing
    openat(t, arch, "/nonexistent", -2);
    assert.equal(t.name(42, -2), undefined);
    // openat2
    t.observe(call(arch, "openat2", [AT_FDCWD, 1n, 0n, 24n], 8n, { items: [str(1, "/a/b")] }));
    assert.equal(t.name(42, 8), "/a/b");
    // another process, an fd never seen
    assert.equal(t.name(43, 3), undefined);
    assert.equal(t.name(42, 99), undefined);
    if (arch === "x86_64") {
      t.observe(call(arch, "open", [1n, 0n], 9n, { items: [str(0, "/o")] }));
      t.observe(call(arch, "creat", [1n, 0o644n], 10n, { items: [str(0, "/c")] }));
      assert.equal(t.name(42, 9), "/o");
      assert.equal(t.name(42, 10), "/c");
    }
    // the resolver the views take
    assert.equal(t.resolver(42, 3), "/etc/hosts");
  });

  Deno.test(`fdtable ${arch}: close, close_range, dup, dup2, dup3, fcntl F_DUPFD`, () => {
    const t = new FdTable(arch, { sys: fakeProc() });
    openat(t, arch, "/f", 3);
    t.observe(call(arch, "dup", [3n], 4n));
    assert.equal(t.name(42, 4), "/f");
    openat(t, arch, "/g", 5);
    // dup3(3, 5, O_CLOEXEC): 5 now names /f
    t.observe(call(arch, "dup3", [3n, 5n, O_CLOEXEC], 5n));
    assert.equal(t.name(42, 5), "/f");
    if (arch === "x86_64") {
      t.observe(call(arch, "dup2", [3n, 6n], 6n));
      assert.equal(t.name(42, 6), "/f");
    }
    t.observe(call(arch, "fcntl", [3n, 0n, 10n], 10n)); // F_DUPFD
    t.observe(call(arch, "fcntl", [3n, 1030n, 10n], 11n)); // F_DUPFD_CLOEXEC
    assert.equal(t.name(42, 10), "/f");
    assert.equal(t.name(42, 11), "/f");
    // dup of an unknown fd: the new number is unknown too (even if it had a name before)
    openat(t, arch, "/h", 12);
    t.observe(call(arch, "dup3", [77n, 12n, 0n], 12n));
    assert.equal(t.name(42, 12), undefined);
    // close
    t.observe(call(arch, "close", [4n], 0n));
    assert.equal(t.name(42, 4), undefined);
    assert.equal(t.name(42, 3), "/f");
    // close_range(10, ~0U, 0) closes 10 and 11, leaves 3 and 5
    t.observe(call(arch, "close_range", [10n, 0xffffffffn, 0n], 0n));
    assert.equal(t.name(42, 10), undefined);
    assert.equal(t.name(42, 11), undefined);
    assert.equal(t.name(42, 3), "/f");
    // close_range(3, 3, CLOSE_RANGE_CLOEXEC) only marks: gone at execve
    t.observe(call(arch, "close_range", [3n, 3n, 4n], 0n));
    assert.equal(t.name(42, 3), "/f");
    t.observe(call(arch, "execve", [1n, 2n, 3n], 0n));
    assert.equal(t.name(42, 3), undefined);
    assert.equal(t.name(42, 5), undefined); // dup3 with O_CLOEXEC
  });

  Deno.test(`fdtable ${arch}: execve drops O_CLOEXEC fds (open flags, fcntl F_SETFD), exit drops the table`, () => {
    const t = new FdTable(arch, { sys: fakeProc() });
    openat(t, arch, "/keep", 3);
    openat(t, arch, "/cloexec", 4, O_CLOEXEC);
    openat(t, arch, "/setfd", 5);
    openat(t, arch, "/unset", 6, O_CLOEXEC);
    t.observe(call(arch, "fcntl", [5n, 2n, 1n], 0n)); // F_SETFD FD_CLOEXEC
    t.observe(call(arch, "fcntl", [6n, 2n, 0n], 0n)); // F_SETFD 0
    // a failed execve keeps everything
    t.observe(call(arch, "execve", [1n, 2n, 3n], -2n));
    assert.equal(t.name(42, 4), "/cloexec");
    t.observe(call(arch, "execve", [1n, 2n, 3n], 0n));
    assert.equal(t.name(42, 3), "/keep");
    assert.equal(t.name(42, 4), undefined);
    assert.equal(t.name(42, 5), undefined);
    assert.equal(t.name(42, 6), "/unset");
    t.observe(call(arch, "exit_group", [0n], undefined));
    assert.equal(t.name(42, 3), undefined);
    assert.deepEqual(t.pids(), []);
    // a process killed (no exit_group): its exit record drops the table (cli.ts)
    openat(t, arch, "/k", 3, 0n, 77);
    t.forget(77);
    assert.equal(t.name(77, 3), undefined);
  });

  Deno.test(`fdtable ${arch}: fork copies, CLONE_FILES shares, threads share the group's table`, () => {
    const t = new FdTable(arch, { sys: fakeProc({ "42/task": "42,105" }) });
    openat(t, arch, "/p", 3);
    // clone(SIGCHLD) = 100: a copy
    const cloneArgs = (flags: bigint) =>
      arch === "x86_64" ? [flags, 0n, 0n, 0n, 0n] : [flags, 0n, 0n, 0n, 0n];
    t.observe(call(arch, "clone", cloneArgs(17n), 100n));
    assert.equal(t.name(100, 3), "/p");
    t.observe(call(arch, "close", [3n], 0n, { pid: 100 }));
    assert.equal(t.name(100, 3), undefined);
    assert.equal(t.name(42, 3), "/p");
    // clone(CLONE_FILES) = 101: shared
    t.observe(call(arch, "clone", cloneArgs(0x400n | 17n), 101n));
    openat(t, arch, "/shared", 7, 0n, 101);
    assert.equal(t.name(42, 7), "/shared");
    // a thread (CLONE_THREAD|CLONE_FILES|CLONE_VM...): the tid gets no table of its own
    t.observe(call(arch, "clone", cloneArgs(0x10000n | 0x400n | 0x100n), 102n));
    assert.equal(t.name(102, 3), undefined);
    // and its calls are the group's: records carry the group id
    openat(t, arch, "/thr", 8, 0n, 42);
    assert.equal(t.name(42, 8), "/thr");
    // the child's own calls came before the parent's clone returned: they stay
    openat(t, arch, "/early", 9, 0n, 103);
    t.observe(call(arch, "clone3", [1n, 88n], 103n));
    assert.equal(t.name(103, 9), "/early");
    assert.equal(t.name(103, 3), "/p");
    // clone3 whose result /proc lists as a thread of the group: no table
    t.observe(call(arch, "clone3", [1n, 88n], 105n));
    assert.equal(t.name(105, 3), undefined);
    // the child's own return (0) does nothing
    t.observe(call(arch, "clone", cloneArgs(17n), 0n, { pid: 104 }));
    assert.equal(t.name(104, 3), undefined);
    // execve unshares a shared table
    t.observe(call(arch, "execve", [1n, 2n, 3n], 0n, { pid: 101 }));
    openat(t, arch, "/after-exec", 10, 0n, 101);
    assert.equal(t.name(42, 10), undefined);
  });

  Deno.test(`fdtable ${arch}: sockets, accept, pipes, socketpair, anonymous inodes, memfd`, () => {
    const sys = fakeProc({
      "42/3": "socket:[1001]",
      "42/4": "socket:[1002]",
      "42/5": "pipe:[2001]",
      "42/6": "pipe:[2001]",
      "42/7": "socket:[3001]",
      "42/8": "socket:[3002]",
      "42/20": "/not-a-socket",
      "42/21": "socket:[4001]",
    }, {
      1001: "TCP:[127.0.0.1:8080]",
      1002: "TCP:[127.0.0.1:8080->127.0.0.1:41234]",
      3001: "UNIX-STREAM:[3001->3002]",
      4001: "UDP:[127.0.0.1:53]",
    });
    const y = new FdTable(arch, { sys });
    const yy = new FdTable(arch, { sys, yy: true });
    for (const t of [y, yy]) {
      t.observe(call(arch, "socket", [2n, 1n | O_CLOEXEC, 0n], 3n));
      t.observe(call(arch, "accept4", [3n, 0n, 0n, O_CLOEXEC], 4n));
      t.observe(call(arch, "pipe2", [1n, 0n], 0n, { items: [fdsItem(0, 5, 6)] }));
      t.observe(call(arch, "socketpair", [1n, 1n, 0n, 1n], 0n, { items: [fdsItem(3, 7, 8)] }));
      t.observe(call(arch, "eventfd2", [0n, O_CLOEXEC], 9n));
      t.observe(call(arch, "epoll_create1", [O_CLOEXEC], 10n));
      t.observe(call(arch, "timerfd_create", [1n, 0n], 11n));
      t.observe(call(arch, "signalfd4", [BigInt.asUintN(64, -1n), 1n, 8n, 0n], 12n));
      t.observe(call(arch, "inotify_init1", [0n], 13n));
      t.observe(call(arch, "memfd_create", [1n, 1n], 14n, { items: [str(0, "buf")] }));
      // readlink names an fd of another kind: this call's socket is not known
      t.observe(call(arch, "socket", [2n, 1n, 0n], 20n));
      // fd 21 is a UDP socket by now: not the TCP socket this call made
      t.observe(call(arch, "socket", [2n, 1n, 0n], 21n));
    }
    assert.equal(y.name(42, 3), "socket:[1001]");
    assert.equal(y.tag(42, 4), "<socket:[1002]>");
    assert.equal(yy.tag(42, 3), "<TCP:[127.0.0.1:8080]>");
    assert.equal(yy.name(42, 4), "TCP:[127.0.0.1:8080->127.0.0.1:41234]");
    assert.equal(yy.type(42, 4), "ipv4");
    assert.equal(y.name(42, 5), "pipe:[2001]");
    assert.equal(y.name(42, 6), "pipe:[2001]");
    assert.equal(y.type(42, 5), "pipe");
    assert.equal(y.name(42, 7), "socket:[3001]");
    assert.equal(yy.name(42, 7), "UNIX-STREAM:[3001->3002]");
    assert.equal(yy.name(42, 8), "socket:[3002]"); // /proc/net has no entry for it
    assert.equal(y.type(42, 7), "unix");
    assert.equal(y.name(42, 9), "anon_inode:[eventfd]");
    assert.equal(y.name(42, 10), "anon_inode:[eventpoll]");
    assert.equal(y.name(42, 11), "anon_inode:[timerfd]");
    assert.equal(y.name(42, 12), "anon_inode:[signalfd]");
    assert.equal(y.name(42, 13), "anon_inode:inotify");
    assert.equal(y.name(42, 14), "/memfd:buf (deleted)");
    assert.equal(y.type(42, 9), "event");
    assert.equal(y.name(42, 20), undefined);
    assert.equal(y.name(42, 21), undefined);
    assert.equal(yy.name(42, 21), undefined);
    // cloexec: socket type, accept4, eventfd2, epoll_create1 and memfd (MFD_CLOEXEC) go at execve
    y.observe(call(arch, "execve", [1n, 2n, 3n], 0n));
    assert.deepEqual(
      [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].filter((fd) => y.name(42, fd) !== undefined),
      [5, 6, 7, 8, 11, 12, 13],
    );
  });

  Deno.test(`fdtable ${arch}: -yy refreshes a socket's addresses at connect and bind`, () => {
    const socks: Record<number, string> = { 500: "TCP:[500]" };
    const t = new FdTable(arch, { sys: fakeProc({ "42/3": "socket:[500]" }, socks), yy: true });
    t.observe(call(arch, "socket", [2n, 1n, 6n], 3n));
    assert.equal(t.name(42, 3), "TCP:[500]");
    socks[500] = "TCP:[127.0.0.1:41234->127.0.0.1:80]";
    t.observe(call(arch, "connect", [3n, 1n, 16n], 0n));
    assert.equal(t.tag(42, 3), "<TCP:[127.0.0.1:41234->127.0.0.1:80]>");
  });

  Deno.test(`fdtable ${arch}: /proc at start (-p), inherited fds`, () => {
    const sys = fakeProc({ "7/0": "/dev/null", "7/1": "/dev/pts/0", "7/3": "/var/log/x.log" });
    const t = new FdTable(arch, { sys });
    assert.equal(t.loadProc(7), true);
    assert.equal(t.loadProc(8), false);
    assert.equal(t.name(7, 3), "/var/log/x.log");
    t.inherit(9, [0, 1, 2], 7);
    assert.equal(t.name(9, 1), "/dev/pts/0");
    assert.equal(t.name(9, 2), undefined);
  });

  Deno.test(`fdtable ${arch}: widened selection, state numbers`, () => {
    const t = new FdTable(arch, { sys: fakeProc() });
    const read = nrOf(arch, "read"), openatNr = nrOf(arch, "openat");
    const { nrs, hidden } = widenSelection(t, [read, openatNr]);
    assert.ok(nrs.includes(nrOf(arch, "close")));
    assert.ok(nrs.includes(nrOf(arch, "dup3")));
    assert.equal(hidden[nrOf(arch, "close")], 1);
    assert.equal(hidden[openatNr], 0);
    assert.equal(hidden[read], 0);
    assert.equal(t.isState[read], 0);
    assert.equal(t.isState[nrOf(arch, "execve")], 1);
  });

  Deno.test(`fdtable ${arch}: text (object and byte paths) and JSON show the names`, () => {
    const t = new FdTable(arch, { sys: fakeProc() });
    const items = (s: string): Item[] => [{ arg: 1, type: 1, flags: 0, data: enc.encode(s) }];
    const recs = [
      {
        nr: nrOf(arch, "openat"),
        args: [AT_FDCWD, 0x1000n, 0n, 0n, 0n, 0n],
        ret: 3n,
        items: items("/etc/hosts"),
      },
      { nr: nrOf(arch, "read"), args: [3n, 0x2000n, 10n, 0n, 0n, 0n], ret: 0n },
      { nr: nrOf(arch, "read"), args: [9n, 0x2000n, 10n, 0n, 0n, 0n], ret: 0n },
      { nr: nrOf(arch, "close"), args: [3n, 0n, 0n, 0n, 0n, 0n], ret: 0n },
      {
        nr: nrOf(arch, "openat"),
        args: [AT_FDCWD, 0x1000n, 0n, 0n, 0n, 0n],
        ret: 3n,
        items: items("/etc/passwd"),
      },
      { nr: nrOf(arch, "dup3"), args: [3n, 5n, 0n, 0n, 0n, 0n], ret: 5n },
      { nr: nrOf(arch, "fcntl"), args: [5n, 0n, 10n, 0n, 0n, 0n], ret: 10n },
    ].map((r, i) => ({
      kind: REC_SYSCALL,
      nr: r.nr,
      ts: 2000n + BigInt(i),
      enterTs: 1999n + BigInt(i),
      pid: 42,
      tid: 42,
      cpu: 0,
      comm: "cat",
      args: r.args,
      ret: r.ret,
      items: r.items,
    }));
    const { buf, view, offs } = layOut(recs);
    const fast = new TextFormatter(arch, { fds: t });
    const slow = new TextFormatter(arch, { fds: t });
    const plain = new TextFormatter(arch);
    const jf = new JsonRawFormatter(arch, t);
    const lines: string[] = [], json: string[] = [];
    for (const off of offs) {
      const r = decodeRecord(buf, view, off, 0n) as SyscallRecord;
      t.before(r);
      const a = fast.formatModule(buf, view, off, 0n);
      assert.equal(a, slow.format(r));
      lines.push(a.replace(/^.*\(42\) /, ""));
      assert.doesNotMatch(plain.formatModule(buf, view, off, 0n), /\d<\//);
      const j = jf.line(buf, view, off, 0n);
      assert.equal(j, jsonLine(r, arch, t));
      json.push(j);
      t.after(r);
    }
    assert.match(lines[0], /^openat\(AT_FDCWD, "\/etc\/hosts", O_RDONLY\) = 3<\/etc\/hosts> </);
    assert.match(lines[1], /^read\(3<\/etc\/hosts>, 0x2000, 10\) = 0 </);
    assert.match(lines[2], /^read\(9, 0x2000, 10\) = 0 </);
    assert.match(lines[3], /^close\(3<\/etc\/hosts>\) = 0 </);
    assert.match(json[0], /,"fd_names":\{"ret":"\/etc\/hosts"\}\}$/);
    assert.match(json[1], /,"fd_names":\{"fd":"\/etc\/hosts"\}\}$/);
    assert.doesNotMatch(json[2], /fd_names/);
    assert.match(json[3], /,"fd_names":\{"fd":"\/etc\/hosts"\}\}$/);
    assert.match(lines[5], /^dup3\(3<\/etc\/passwd>, 5, 0\) = 5<\/etc\/passwd> </);
    assert.match(lines[6], /^fcntl\(5<\/etc\/passwd>, F_DUPFD, 10\) = 10<\/etc\/passwd> </);
    // without -y the JSON line has no fd_names
    const r0 = decodeRecord(buf, view, offs[1], 0n)!;
    assert.doesNotMatch(jsonLine(r0, arch), /fd_names/);
  });
}

Deno.test("fdtable: fdTag escapes as strace -y does", () => {
  assert.equal(fdTag("/a b"), "</a b>");
  assert.equal(fdTag("/x>y\n"), "</x\\76y\\n>");
  assert.equal(fdTag("TCP:[1.2.3.4:5->6.7.8.9:10]"), "<TCP:[1.2.3.4:5->6.7.8.9:10]>");
  // strace's print_quoted_string(): three octal digits before an octal digit, \\ and \", UTF-8
  // bytes in octal (tests/fsync-y.c's name, the bytes before its last two)
  assert.equal(
    fdTag("/d/\x01\x020\v\x047\f\x058\t\x079\n\b\x0f1\r\x0e7\x118\x1f \\'\"<<0::0>>1~\x7f"),
    "</d/\\1\\0020\\v\\0047\\f\\58\\t\\79\\n\\10\\0171\\r\\0167\\218\\37 \\\\'\\\"\\74\\0740::0\\76\\0761~\\177>",
  );
  assert.equal(fdTag("/tmp/\u00e9"), "</tmp/\\303\\251>");
});

Deno.test("fdtable: --decode-fds=SET: paths, sockets, devices", () => {
  const sys = fakeProc({
    "42/0": "/dev/null",
    "42/3": "socket:[500]",
    "42/4": "/etc/hosts",
    "42/cwd": "/tmp",
  }, {
    500: "TCP:[127.0.0.1:80]",
  });
  const table = (decode?: { path: boolean; socket: boolean; dev: boolean }, yy = false) => {
    const t = new FdTable("x86_64", { sys, yy, decode });
    t.loadProc(42);
    return t;
  };
  const tags = (t: FdTable) => [0, 3, 4].map((fd) => t.tag(42, fd)).concat(t.cwdTag(42));
  assert.deepEqual(tags(table()), ["</dev/null>", "<socket:[500]>", "</etc/hosts>", "</tmp>"]);
  assert.deepEqual(tags(table(undefined, true)), [
    "</dev/null<char 1:3>>",
    "<TCP:[127.0.0.1:80]>",
    "</etc/hosts>",
    "</tmp>",
  ]);
  assert.deepEqual(tags(table({ path: false, socket: false, dev: true })), [
    "</dev/null<char 1:3>>",
    undefined,
    undefined,
    undefined,
  ]);
  assert.deepEqual(tags(table({ path: false, socket: true, dev: false })), [
    undefined,
    "<TCP:[127.0.0.1:80]>",
    undefined,
    undefined,
  ]);
});

Deno.test("fdtable: socketText reads /proc/net as strace -yy prints it", () => {
  const root = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(`${root}/net`);
    const head =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    Deno.writeTextFileSync(
      `${root}/net/tcp`,
      head +
        "   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0 100 0 0 10 0\n" +
        "   1: 0100007F:A1B2 0100007F:0050 01 00000000:00000000 00:00000000 00000000     0        0 112 1 0 100 0 0 10 0\n" +
        "   2: 00000000:0000 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 113 1 0 100 0 0 10 0\n",
    );
    Deno.writeTextFileSync(
      `${root}/net/tcp6`,
      head +
        "   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 114 1 0 100 0 0 10 0\n",
    );
    Deno.writeTextFileSync(
      `${root}/net/unix`,
      "Num       RefCount Protocol Flags    Type St Inode Path\n" +
        "0000000000000000: 00000002 00000000 00010000 0001 01 115 /run/x.sock\n" +
        "0000000000000000: 00000002 00000000 00000000 0002 01 116\n",
    );
    assert.equal(socketText(111, root), "TCP:[127.0.0.1:80]");
    assert.equal(socketText(112, root), "TCP:[127.0.0.1:41394->127.0.0.1:80]");
    assert.equal(socketText(113, root), "TCP:[113]");
    assert.equal(socketText(114, root), "TCPv6:[[::1]:80]");
    assert.equal(socketText(115, root), 'UNIX-STREAM:[115,"/run/x.sock"]');
    assert.equal(socketText(116, root), "UNIX-DGRAM:[116]");
    assert.equal(socketText(999, root), undefined);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

for (const arch of ARCHES) {
  Deno.test(`fdtable ${arch}: dup3 shows the fd it replaces by its old name, as strace`, () => {
    const t = new FdTable(arch, { sys: fakeProc() });
    const f = new TextFormatter(arch, { fds: t });
    const show = (r: SyscallRecord) => {
      t.before(r);
      const line = f.format(r).replace(/^.*\(42\) /, "").replace(/ <[\d.]+>$/, "");
      const json = jsonLine(r, arch, t);
      t.after(r);
      return { line, json };
    };
    openat(t, arch, "/f", 3);
    openat(t, arch, "/g", 5);
    const d = show(call(arch, "dup3", [3n, 5n, 0n], 5n));
    assert.equal(d.line, "dup3(3</f>, 5</g>, 0) = 5</f>");
    assert.match(d.json, /"fd_names":\{"oldfd":"\/f","newfd":"\/g","ret":"\/f"\}/);
    assert.equal(show(call(arch, "read", [5n, 0n, 1n], 0n)).line, "read(5</f>, NULL, 1) = 0");
    const c = show(call(arch, "fcntl", [5n, 1030n, 7n], 7n));
    assert.equal(c.line, "fcntl(5</f>, F_DUPFD_CLOEXEC, 7) = 7</f>");
    assert.equal(t.name(42, 7), "/f");
    assert.equal(show(call(arch, "close", [7n], 0n)).line, "close(7</f>) = 0");
    assert.equal(t.name(42, 7), undefined);
  });
}

for (const arch of ARCHES) {
  Deno.test(`fdtable ${arch}: paths relative to the working directory: chdir, fchdir, fork, /proc`, () => {
    const t = new FdTable(arch, { sys: fakeProc({ "7/3": "/x", "7/cwd": "/srv" }) });
    // unknown until known
    openat(t, arch, "a", 3);
    assert.equal(t.name(42, 3), undefined);
    t.setCwd(42, "/home/u");
    openat(t, arch, "a", 3);
    assert.equal(t.name(42, 3), "/home/u/a");
    t.observe(call(arch, "chdir", [1n], 0n, { items: [str(0, "../v/./w")] }));
    openat(t, arch, "b", 4);
    assert.equal(t.name(42, 4), "/home/v/w/b");
    // a failed chdir changes nothing
    t.observe(call(arch, "chdir", [1n], -2n, { items: [str(0, "/nonexistent")] }));
    openat(t, arch, "c", 5);
    assert.equal(t.name(42, 5), "/home/v/w/c");
    // fchdir to a directory the table names, then to one it does not: unknown again
    openat(t, arch, "/etc", 6);
    t.observe(call(arch, "fchdir", [6n], 0n));
    openat(t, arch, "hosts", 7);
    assert.equal(t.name(42, 7), "/etc/hosts");
    // a fork's child starts where its parent is
    t.observe(call(arch, "clone", [17n, 0n, 0n, 0n, 0n], 50n));
    openat(t, arch, "passwd", 3, 0n, 50);
    assert.equal(t.name(50, 3), "/etc/passwd");
    t.observe(call(arch, "fchdir", [99n], 0n));
    openat(t, arch, "x", 8);
    assert.equal(t.name(42, 8), undefined);
    if (arch === "x86_64") {
      t.setCwd(42, "/tmp");
      t.observe(call(arch, "open", [1n, 0n], 9n, { items: [str(0, "f")] }));
      assert.equal(t.name(42, 9), "/tmp/f");
    }
    // -p: /proc/PID/cwd
    t.loadProc(7);
    openat(t, arch, "data", 4, 0n, 7);
    assert.equal(t.name(7, 4), "/srv/data");
  });
}

for (const arch of ARCHES) {
  Deno.test(`fdtable ${arch}: -y shows AT_FDCWD with the working directory, as strace`, () => {
    const t = new FdTable(arch, { sys: fakeProc() });
    const fast = new TextFormatter(arch, { fds: t });
    const slow = new TextFormatter(arch, { fds: t });
    const { buf, view, offs } = layOut([{
      kind: REC_SYSCALL,
      nr: nrOf(arch, "openat"),
      ts: 2000n,
      enterTs: 1999n,
      pid: 42,
      tid: 42,
      cpu: 0,
      comm: "t",
      args: [AT_FDCWD, 0x1000n, 0n, 0n, 0n, 0n],
      ret: 3n,
      items: [{ arg: 1, type: 1, flags: 0, data: enc.encode("a") }],
    }]);
    const check = (want: RegExp) => {
      const line = fast.formatModule(buf, view, offs[0], 0n);
      assert.equal(line, slow.format(decodeRecord(buf, view, offs[0], 0n)!));
      assert.match(line, want);
    };
    // not known: as without -y
    check(/ openat\(AT_FDCWD, "a", O_RDONLY\) = 3 </);
    t.setCwd(42, "/srv/www");
    check(/ openat\(AT_FDCWD<\/srv\/www>, "a", O_RDONLY\) = 3 </);
  });
}

Deno.test("fdtable: a pidfd as --decode-fds=pidfd and -yy show it, <pid:N>; a path otherwise", () => {
  for (const arch of ARCHES) {
    const mk = (opts: ConstructorParameters<typeof FdTable>[1]) =>
      new FdTable(arch, { sys: fakeProc(), ...opts });
    const y = mk({}), yy = mk({ yy: true });
    const pidfd = mk({ decode: { path: false, socket: false, dev: false, pidfd: true } });
    const path = mk({ decode: { path: true, socket: false, dev: false } });
    for (const t of [y, yy, pidfd, path]) {
      t.observe(call(arch, "pidfd_open", [2707n, 0n], 3n));
      t.observe(call(arch, "dup", [3n], 4n));
    }
    assert.equal(y.tag(42, 3), "<anon_inode:[pidfd]>");
    assert.equal(path.tag(42, 3), "<anon_inode:[pidfd]>");
    assert.equal(yy.tag(42, 3), "<pid:2707>");
    assert.equal(yy.tag(42, 4), "<pid:2707>");
    assert.equal(pidfd.tag(42, 3), "<pid:2707>");
  }
});

Deno.test("fdtable: a working directory of PATH_MAX - 1 bytes or more has no name, as strace shows it", () => {
  const t = new FdTable("x86_64", { sys: fakeProc({ "42/cwd": "/tmp" }) });
  t.loadProc(42);
  const x = "x".repeat(255);
  for (let i = 0; i < 15; i++) {
    t.observe(call("x86_64", "chdir", [0x1000n], 0n, { items: [str(0, x)] }));
  }
  // /tmp and 15 names of 256 bytes: 3844 bytes
  assert.equal(t.cwdTag(42)?.length, 3844 + 2);
  t.observe(call("x86_64", "chdir", [0x1000n], 0n, { items: [str(0, x.slice(0, 250))] }));
  assert.equal(t.cwdTag(42), undefined);
  t.observe(call("x86_64", "chdir", [0x1000n], 0n, { items: [str(0, "..")] }));
  assert.equal(t.cwdTag(42)?.length, 3844 + 2);
});

/** A table of process 42, working in /tmp, and the text of a call it makes (-y), kept up. */
function cwdTable(arch: Arch) {
  const t = new FdTable(arch, { sys: fakeProc({ "42/cwd": "/tmp" }) });
  t.loadProc(42);
  const f = new TextFormatter(arch, { fds: t });
  const show = (r: SyscallRecord) => {
    t.before(r);
    const line = f.format(r).replace(/^.*\(42\) /, "").replace(/ <[\d.]+>$/, "");
    t.after(r);
    return line;
  };
  return { t, show };
}

Deno.test("fdtable: the multiplexed calls' fds with their names (kcmp, mknodat, fsconfig)", () => {
  const arch = "x86_64";
  const { t, show } = cwdTable(arch);
  openat(t, arch, "/dev/null", 23);
  openat(t, arch, "/dev/full", 3);
  assert.equal(
    show(call(arch, "kcmp", [42n, 42n, 0n, 23n, 3n], 2n)),
    "kcmp(42, 42, KCMP_FILE, 23</dev/null>, 3</dev/full>) = 2",
  );
  assert.equal(
    show(call(arch, "mknodat", [AT_FDCWD, 0x1000n, 0o10644n, 0n], -17n, { items: [str(1, "p")] })),
    'mknodat(AT_FDCWD</tmp>, "p", S_IFIFO|0644) = -1 EEXIST (File exists)',
  );
  assert.equal(
    show(
      call(arch, "fsconfig", [0xffffffffn, 3n, 0n, 0x1000n, AT_FDCWD], -22n, {
        items: [str(3, "/dev/full")],
      }),
    ),
    'fsconfig(-1, FSCONFIG_SET_PATH, NULL, "/dev/full", AT_FDCWD</tmp>) = -1 EINVAL (Invalid argument)',
  );
  assert.equal(
    show(call(arch, "fsconfig", [0xffffffffn, 5n, 0x2000n, 0x2001n, 3n], -22n)),
    "fsconfig(-1, FSCONFIG_SET_FD, 0x2000, 0x2001, 3</dev/full>) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    show(call(arch, "fsconfig", [3n, 6n, 0x2000n, 0x2001n, AT_FDCWD], -22n)),
    "fsconfig(3</dev/full>, FSCONFIG_CMD_CREATE, 0x2000, 0x2001, -100) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    show(
      call(arch, "fsconfig", [3n, 2n, 0x2000n, 0x2001n, 3n], -22n, {
        items: [str(2, "key"), { arg: 3, type: "buf", data: new Uint8Array([0, 1, 0xff]) }],
      }),
    ),
    'fsconfig(3</dev/full>, FSCONFIG_SET_BINARY, "key", "\\x00\\x01\\xff", 3) = -1 EINVAL (Invalid argument)',
  );
});

Deno.test("fdtable: quotactl_fd's fd named, no id for Q_GETFMT; open_tree's fd names the path", () => {
  const arch = "x86_64";
  const { t, show } = cwdTable(arch);
  openat(t, arch, "/dev/full", 3);
  assert.equal(
    show(call(arch, "quotactl_fd", [3n, 0x80000400n, 0xfffffffdn, 0x2000n], -38n)),
    "quotactl_fd(3</dev/full>, QCMD(Q_GETFMT, USRQUOTA), 0x2000) = -1 ENOSYS (Function not implemented)",
  );
  assert.equal(
    show(call(arch, "open_tree", [3n, 0x1000n, 0x1000n], 5n, { items: [str(1, "")] })),
    'open_tree(3</dev/full>, "", AT_EMPTY_PATH) = 5</dev/full>',
  );
  assert.equal(
    show(call(arch, "open_tree", [0xffffffffn, 0x1000n, 0n], 4n, { items: [str(1, "/dev/full")] })),
    'open_tree(-1, "/dev/full", 0) = 4</dev/full>',
  );
});
