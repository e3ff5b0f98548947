/**
 * The single-file release on a bare board (issue 13): for x86_64 and aarch64, `tools/dist.sh`
 * builds dist/mysysdig-ARCH, and a bare guest (busybox, glibc and /init: no Deno, no project
 * tree, no package manager) gets exactly two files, that executable and my_sysdig.ko, as with
 * scp. It loads the module and traces a program by `--proc-name` (to a capture, read back with
 * `-r`), by `-p` (to JSON) and with `-- COMMAND` (to text, exit status passed through); then the
 * same with the root file system read-only and the cache on a tmpfs (MYSYSDIG_CACHE); then the
 * default cache falling back to /tmp on a read-only root; and the one-line messages for a noexec
 * cache, a full one, nothing writable, and /proc not mounted. One boot per architecture.
 */
import assert from "node:assert/strict";
import { runInVm, vmUnavailable } from "../vm/vm.ts";
import type { Arch } from "../src/record.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const dec = new TextDecoder();

function sh(cmd: string, args: string[], env: Record<string, string> = {}) {
  const o = new Deno.Command(cmd, { args, cwd: ROOT, env, stdout: "piped", stderr: "piped" })
    .outputSync();
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

/** The guest's module for a Debian kernel series, built by the harness (vm/build.sh). */
function guestModule(arch: string, kseries: string): string {
  const b = sh("bash", ["vm/build.sh", arch, kseries]);
  assert.equal(b.code, 0, b.stderr);
  const local = arch === (Deno.build.arch === "aarch64" ? "aarch64" : "x86_64");
  return local && kseries === "6.1"
    ? `${ROOT}kmod/my_sysdig.ko`
    : `${ROOT}.cache/vm/${arch}-${kseries}/build/kmod/my_sysdig.ko`;
}

/**
 * The guest's script. `suite DIR` traces three ways and prints each output as a section
 * (`@@ NAME` then its lines); `@@ status NAME=N` lines give exit statuses.
 */
function guestScript(arch: string): string {
  return String.raw`
M=/board/mysysdig-${arch}
say() { echo "@@ $*"; }
st() { echo "@@ status $1=$2"; }
up() { cut -d' ' -f1 /proc/uptime; }
# Waits until process $1 has /dev/my_sysdig open (the tracer is set up), at most 60 s.
ready() {
	i=0
	while ! ls -l /proc/$1/fd 2>/dev/null | grep -q my_sysdig; do
		i=$((i + 1))
		[ $i -lt 300 ] || return 1
		sleep 0.2
	done
	sleep 1
}
suite() {
	w=$1
	mkdir -p $w
	# -- COMMAND, to text (-o: with a COMMAND the trace goes to stderr, as strace's); and a
	# command's exit status
	$M --format text -o $w/cmd.txt -- /bin/cat /proc/version >/dev/null 2>$w/cmd.err
	st cmd $?
	$M -- /bin/sh -c 'exit 7' >/dev/null 2>&1
	st exit7 $?
	# -p, to JSON: the target waits for the tracer, then execs cat
	sh -c "while [ ! -e $w/go ]; do sleep 0.1; done; exec /bin/cat /proc/uptime" >/dev/null &
	pid=$!
	$M -p $pid --format json -o $w/p.jsonl 2>$w/p.err &
	tp=$!
	ready $tp || say "tracer -p never ready"
	touch $w/go
	wait $tp
	st p $?
	say "pid=$pid"
	# --proc-name, to a capture, read back
	printf '#!/bin/sh\nwhile [ ! -e %s/stop ]; do read x </proc/uptime; sleep 0.1; done\n' $w >$w/boardtarget
	chmod 755 $w/boardtarget
	$M --proc-name boardtarget -w $w/cap.scap 2>$w/cap.err &
	tp=$!
	$w/boardtarget &
	bt=$!
	ready $tp || say "tracer --proc-name never ready"
	sleep 1
	touch $w/stop
	wait $bt
	kill -INT $tp
	wait $tp
	st cap $?
	$M -r $w/cap.scap --format text >$w/cap.txt 2>>$w/cap.err
	st r $?
	for f in cmd.txt cmd.err p.jsonl p.err cap.err; do
		say "$f"
		cat $w/$f
	done
	say cap.txt
	grep boardtarget $w/cap.txt | grep -m 5 uptime
	say cap.mode
	ls -ln $w/cap.scap
}

# The guest is bare.
if command -v deno; then echo 'the bare guest has a deno' >&2; exit 90; fi
test ! -e /mysysdig || exit 91
test -z "$(ls /var/lib/dpkg /usr/bin/apt* 2>/dev/null)" || exit 92
say files
ls /mnt/add
mkdir /board
cp /mnt/add/* /board/
cd /board
insmod ./my_sysdig.ko || exit 93

# First run (unpacks) and a later one.
say versions
t0=$(up)
$M --version
st first $?
t1=$(up)
$M --version
t2=$(up)
say "times first=$t0,$t1 later=$t1,$t2"
# Through a symbolic link on PATH, from another directory.
ln -s $M /usr/bin/mysysdig
(cd / && mysysdig --version)
st link $?
say cache
ls -ln /var/cache/mysysdig /var/cache/mysysdig/*

say "== rw"
suite /root/rw

# A read-only root, the cache on a tmpfs.
rm -rf /var/cache/mysysdig
mkdir -p /mnt/cache /tmp/nx /tmp/full
mount -t tmpfs -o mode=0700 tmpfs /mnt/cache
mount -o remount,ro / || exit 94
touch /probe 2>/dev/null && exit 95
export MYSYSDIG_CACHE=/mnt/cache/mysysdig
t0=$(up)
$M --version
st rofirst $?
t1=$(up)
say "times rofirst=$t0,$t1"
say "== ro"
suite /tmp/ro
unset MYSYSDIG_CACHE
# The default cache on a read-only root: /tmp.
$M --version
st rodefault $?
say rodefault
ls -d /tmp/mysysdig-0/*
# A noexec cache, a full one.
mount -t tmpfs -o noexec tmpfs /tmp/nx
MYSYSDIG_CACHE=/tmp/nx/c $M --version 2>/tmp/nx.err
st noexec $?
mount -t tmpfs -o size=4m tmpfs /tmp/full
MYSYSDIG_CACHE=/tmp/full/c $M --version 2>/tmp/full.err
st full $?
# Nothing writable: / and /tmp read-only, no cache yet.
rm -rf /tmp/mysysdig-0
mount -o remount,ro /tmp
$M --version 2>/dev/shm/none.err
st none $?
mount -o remount,rw /tmp
# /proc not mounted.
umount /proc
$M --version 2>/tmp/noproc.err
st noproc $?
mount -t proc proc /proc
for f in nx.err full.err noproc.err; do say $f; cat /tmp/$f; done
say none.err
cat /dev/shm/none.err
mount -o remount,rw /
`;
}

/** The script's output: `@@ NAME` sections and `@@ status NAME=N` lines. */
function parse(out: string) {
  const sections = new Map<string, string[]>();
  const status = new Map<string, number>();
  let cur: string[] = [];
  let prefix = "";
  for (const line of out.split("\n")) {
    const m = line.match(/^@@ (.*)$/);
    if (!m) {
      cur.push(line);
      continue;
    }
    const s = m[1].match(/^status (\w+)=(\d+)$/);
    if (s) {
      status.set(prefix + s[1], Number(s[2]));
      continue;
    }
    if (m[1].startsWith("== ")) prefix = `${m[1].slice(3)}:`;
    cur = [];
    sections.set(prefix + m[1], cur);
  }
  return { sections, status };
}

function checkSuite(
  p: ReturnType<typeof parse>,
  mode: string,
  what: string,
): void {
  const sec = (n: string) => (p.sections.get(`${mode}:${n}`) ?? []).join("\n");
  const stat = (n: string) => p.status.get(`${mode}:${n}`);
  // -- COMMAND, to text
  assert.equal(stat("cmd"), 0, `${what} -- COMMAND: ${sec("cmd.err")}`);
  assert.match(sec("cmd.txt"), /^\d+ \S+ \d+ cat \(\d+\) openat\(AT_FDCWD, "\/proc\/version", /m);
  assert.match(sec("cmd.txt"), / cat \(\d+\) exit_group\(0\) = \?$/m);
  assert.match(sec("cmd.err"), /events recorded, 0 dropped/);
  assert.equal(stat("exit7"), 7, `${what}: the command's exit status`);
  // -p, to JSON
  assert.equal(stat("p"), 0, `${what} -p: ${sec("p.err")}`);
  const pid = Number(
    [...p.sections.keys()].find((k) => k.startsWith(`${mode}:pid=`))?.split("=")[1],
  );
  const events = sec("p.jsonl").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
  assert.ok(events.length > 0, `${what} -p: no events`);
  assert.ok(events.every((e) => e.pid === pid), `${what} -p: another process's events`);
  assert.ok(
    events.some((e) => e.syscall === "execve" && e.ret === 0),
    `${what} -p: no execve of cat`,
  );
  assert.ok(
    events.some((e) => e.syscall === "exit_group" && e.comm === "cat"),
    `${what} -p: no exit_group`,
  );
  // --proc-name, to a capture, read back
  assert.equal(stat("cap"), 0, `${what} --proc-name -w: ${sec("cap.err")}`);
  assert.equal(stat("r"), 0, `${what} -r: ${sec("cap.err")}`);
  assert.match(
    sec("cap.txt"),
    /^\d+ \S+ \d+ boardtarget \(\d+\) openat\(AT_FDCWD, "\/proc\/uptime", O_RDONLY/m,
    `${what} --proc-name: ${sec("cap.err")}`,
  );
  assert.match(sec("cap.mode"), /^-rw------- /, `${what}: the capture's mode`);
}

// Debian 6.1 on both architectures, and arm64's 16 KiB-page kernel (the Raspberry Pi 5's default
// page size; Debian's arm64-16k flavour of 6.12).
const BOARDS: { arch: Arch; kseries: string }[] = [
  { arch: "x86_64", kseries: "6.1" },
  { arch: "aarch64", kseries: "6.1" },
  { arch: "aarch64", kseries: "6.12-16k" },
];
for (const { arch, kseries } of BOARDS) {
  const why = vmUnavailable(arch, kseries);
  if (why) console.log(`skipped (${arch} ${kseries}): ${why}`);
  const pages = kseries.endsWith("-16k") ? " with 16 KiB pages" : "";
  Deno.test({
    name: `board: dist/mysysdig-${arch} alone traces on a bare ${arch} guest${pages}, ` +
      "also on a read-only root",
    ignore: why !== null,
    sanitizeResources: false,
    fn: async () => {
      const tmp = await Deno.makeTempDir({ prefix: "mysysdig-board-test." });
      try {
        const d = sh("bash", ["tools/dist.sh", "--no-tar", arch], { DIST_DIR: `${tmp}/dist` });
        assert.equal(d.code, 0, d.stderr);
        const exe = `${tmp}/dist/mysysdig-${arch}`;
        const size = Deno.statSync(exe).size;
        assert.ok(size <= 35e6, `${exe} is ${size} bytes, more than 35 MB`);
        const add = `${tmp}/add`;
        await Deno.mkdir(add);
        sh("cp", [exe, guestModule(arch, kseries), add]);
        const r = await runInVm({
          cmd: guestScript(arch),
          add,
          arch,
          kseries,
          bare: true,
          timeoutSec: 900,
          // One host thread for both vCPUs, as tests/run.ts runs the guest cells: with one each,
          // a vCPU now and then keeps running a stale translation of a jump label patched when
          // the tracer registers its tracepoints (vm/README.md), and this test does that often.
          env: { VM_TCG_THREAD: Deno.env.get("VM_TCG_THREAD") ?? "single" },
        });
        const all = `${r.harnessStderr}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`;
        assert.equal(r.code, 0, `${all}\n${r.problems.join("\n")}`);
        assert.deepEqual(r.problems, []);
        checkBoard(arch, r.stdout, all, `${arch} ${kseries}`);
        assert.doesNotMatch(r.stderr, /damaged or incomplete/, "an intact copy was unpacked again");
      } finally {
        await Deno.remove(tmp, { recursive: true });
      }
    },
  });
}

/** Checks what the guest script printed. */
export function checkBoard(arch: string, stdout: string, all: string, label = arch): void {
  const p = parse(stdout);
  assert.deepEqual(
    p.sections.get("files")?.filter((l) => l !== "").sort(),
    [`mysysdig-${arch}`, "my_sysdig.ko"].sort(),
  );
  assert.equal(p.status.get("first"), 0, all);
  assert.equal(p.status.get("link"), 0, all);
  assert.match(
    (p.sections.get("versions") ?? []).join("\n"),
    /^mysysdig \d+\.\d+\.\d+\nmysysdig /,
  );
  const cache = (p.sections.get("cache") ?? []).join("\n");
  assert.match(
    cache,
    /^drwx------ +\d+ 0 +0 .* [0-9a-f]{16}$/m,
    cache,
  );
  assert.match(cache, /^-rwx------ +1 0 +0 .* deno$/m);
  const times = [...p.sections.keys()].find((k) => k.startsWith("times first="))!;
  const [f0, f1, , l1] = times.match(/[\d.]+/g)!.map(Number);
  console.log(
    `${label} guest (TCG): first run (unpacking) ${(f1 - f0).toFixed(2)} s, later ${
      (l1 - f1).toFixed(2)
    } s (mysysdig --version)`,
  );

  checkSuite(p, "rw", `${arch}, read-write root`);
  assert.equal(p.status.get("rw:rofirst"), 0, all);
  checkSuite(p, "ro", `${arch}, read-only root, MYSYSDIG_CACHE on a tmpfs`);
  assert.equal(p.status.get("ro:rodefault"), 0, all);
  assert.match(
    (p.sections.get("ro:rodefault") ?? []).join("\n"),
    /^\/tmp\/mysysdig-0\/[0-9a-f]{16}$/m,
  );

  const oneLine = (name: string, status: string, re: RegExp) => {
    const text = (p.sections.get(`ro:${name}`) ?? []).filter((l) => l !== "");
    assert.equal(p.status.get(`ro:${status}`), 1, `${name}: ${text}`);
    assert.equal(text.length, 1, `${name}: ${text.join("\n")}`);
    assert.match(text[0], re);
  };
  oneLine(
    "nx.err",
    "noexec",
    /^mysysdig: cannot unpack .*\/tmp\/nx\/c: mounted noexec\).*MYSYSDIG_CACHE/,
  );
  oneLine(
    "full.err",
    "full",
    /^mysysdig: cannot unpack .*\/tmp\/full\/c: no space left.*MYSYSDIG_CACHE/,
  );
  oneLine(
    "none.err",
    "none",
    /^mysysdig: cannot unpack .*\/var\/cache\/mysysdig: read-only file system; \/tmp\/mysysdig-0: read-only file system\).*MYSYSDIG_CACHE/,
  );
  oneLine(
    "noproc.err",
    "noproc",
    /^mysysdig: \/proc is not mounted.*mount -t proc proc \/proc$/,
  );
}
