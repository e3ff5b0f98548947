/**
 * The mysysdig command against the real module, inside the test guest: each
 * format, each filter, `-- COMMAND`, and the error messages.
 */
import assert from "node:assert/strict";
import {
  type Ev,
  finish,
  inGuest,
  jsonl,
  mysysdig,
  prog,
  reload,
  rmmod,
  sh,
  sleep,
  spawnMysysdig,
  summary,
  waitTracing,
} from "./helpers.ts";
import { syscallNumber } from "../../src/syscalls.ts";
import { hostArch } from "../../src/syscalls.ts";

const arch = hostArch();
const NR = (name: string) => syscallNumber(arch, name)!;
const t = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, ignore: !inGuest, sanitizeResources: false, sanitizeOps: false, fn });

t("seed: the test program's syscalls, byte for byte", async () => {
  const r = await mysysdig("--format", "seed", "-o", "/tmp/seed.out", "--", prog("seedprog"));
  assert.equal(r.code, 0, r.stderr);
  const expected = r.stdout.trimEnd().split("\n");
  assert.ok(expected.length >= 16, r.stdout);
  const lines = Deno.readTextFileSync("/tmp/seed.out").trimEnd().split("\n");
  const start = lines.indexOf(expected[0]);
  assert.ok(start >= 0, `first expected line missing: ${expected[0]}`);
  assert.deepEqual(lines.slice(start, start + expected.length), expected);
  // every line has the original module's shape
  for (const l of lines) {
    assert.match(
      l,
      /^(syscall 0x[0-9a-f]+, with pid=0x[0-9a-f]+, name=.*|exit syscall, regs\[0\]=0x([0-9a-f]+), with pid=0x[0-9a-f]+, ret=0x\2, name=.*)$/,
    );
  }
  assert.equal(summary(r.stderr).dropped, 0);
});

t("json: documented fields, the failing openat, never the tracer itself", async () => {
  const r = await mysysdig("--format", "json", "--", prog("seedprog"));
  assert.equal(r.code, 0, r.stderr);
  // with a COMMAND the trace goes to standard error, as strace's
  assert.ok(!r.stdout.includes('"syscall"'), r.stdout);
  const evs = jsonl(r.stderr.split("\n").filter((l) => l.startsWith("{")).join("\n"));
  const mine = evs.filter((e) => e.comm === "seedprog");
  assert.ok(mine.length > 10);
  for (const e of evs) {
    assert.equal(typeof e.ts, "string");
    assert.match(e.ts, /^\d{19}$/);
    // the exit of each process: an object of its own (docs/json-schema.md)
    if (e.dir === "procexit") {
      for (const k of ["cpu", "pid", "tid", "wstatus"]) assert.equal(typeof e[k], "number", k);
      assert.equal(e.nr, undefined);
      continue;
    }
    for (const k of ["cpu", "pid", "tid", "nr"]) assert.equal(typeof e[k], "number", k);
    // one object per completed syscall; an exit without its entry (a child's first return)
    assert.ok(e.dir === "syscall" || e.dir === "exit", e.dir);
    assert.equal(typeof e.syscall, "string");
    if (e.dir === "syscall") {
      assert.equal(e.raw.length, 6);
      assert.equal(typeof e.args, "object");
      assert.match(e.enter_ts, /^\d{19}$/);
      if (e.ret !== undefined) assert.ok(typeof e.dur === "number" && e.dur >= 0);
    } else assert.ok(typeof e.ret === "number" || typeof e.ret === "string");
  }
  const failed = mine.filter((e) => e.nr === NR("openat") && e.ret === -2);
  assert.equal(failed.length, 1, "openat of /nonexistent/seedprog returned -2");
  assert.deepEqual(failed[0].args, {
    dfd: "AT_FDCWD",
    filename: "/nonexistent/seedprog",
    flags: "O_RDONLY",
  });
  assert.equal(failed[0].errno, "ENOENT");
  const write = mine.find((e) => e.syscall === "write")!;
  assert.equal(write.args.buf, "seed");
  // getppid returns the parent: the tracer, whose own syscalls never appear
  const ppid = mine.find((e) => e.syscall === "getppid")!.ret;
  assert.ok(!evs.some((e: Ev) => e.pid === ppid), "tracer's own pid appeared");
  // timestamps are in order and near now
  for (let i = 1; i < evs.length; i++) assert.ok(BigInt(evs[i].ts) >= BigInt(evs[i - 1].ts));
  const now = BigInt(Date.now()) * 1_000_000n;
  assert.ok(now - BigInt(evs[0].ts) < 600_000_000_000n);
});

t("text: readable lines with named arguments and errno names", async () => {
  const r = await mysysdig("--", prog("seedprog"));
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split("\n").filter((l) => / seedprog \(\d+\) /.test(l));
  const has = (re: RegExp) =>
    assert.ok(lines.some((l) => re.test(l)), `${re}\n${lines.join("\n")}`);
  has(
    / openat\(AT_FDCWD, "\/nonexistent\/seedprog", O_RDONLY\) = -1 ENOENT \(No such file or directory\) <\d+\.\d{6}>$/,
  );
  has(/ openat\(AT_FDCWD, "\/dev\/null", O_WRONLY\) = \d+ <\d+\.\d{6}>$/);
  has(/ write\(\d+, "seed", 4\) = 4 </);
  has(/ close\(-1\) = -1 EBADF \(Bad file descriptor\) </);
  has(/ exit_group\(0\) = \?$/);
  for (const l of lines) {
    assert.match(
      l,
      /^\d+ \d\d:\d\d:\d\d\.\d{9} \d+ seedprog \(\d+\) (\w+\(.*\) = |<\.\.\. |\+\+\+ exited with 0 \+\+\+$)/,
    );
  }
  // the process's exit is the last of its lines
  assert.match(lines[lines.length - 1], / \+\+\+ exited with 0 \+\+\+$/);
  // --events both: entry and exit lines, sysdig style, outputs at exit
  const b = await mysysdig("--events", "both", "--", prog("seedprog"));
  assert.equal(b.code, 0, b.stderr);
  const bl = b.stderr.split("\n").filter((l) => / seedprog \(\d+\) [<>] /.test(l));
  const hasB = (re: RegExp) => assert.ok(bl.some((l) => re.test(l)), `${re}\n${bl.join("\n")}`);
  hasB(/> openat dfd=AT_FDCWD filename="\/nonexistent\/seedprog" flags=O_RDONLY$/);
  hasB(/< openat res=-2\(ENOENT\)$/);
  hasB(/> write fd=\d+ buf="seed" count=4$/);
  hasB(/< close res=-9\(EBADF\)$/);
});

t("-e: only the named syscalls, by name or number", async () => {
  const r = await mysysdig(
    "--format",
    "json",
    "-e",
    `getppid,${NR("sched_yield")}`,
    "--",
    prog("loop"),
    "50",
  );
  assert.equal(r.code, 0, r.stderr);
  const evs = jsonl(r.stderr.split("\n").filter((l) => l.startsWith("{")).join("\n"));
  // -e selects syscalls; the exits of the processes are shown whatever it names, as strace's
  assert.ok(
    evs.every((e) => e.nr === NR("getppid") || e.nr === NR("sched_yield") || e.dir === "procexit"),
  );
  assert.ok(evs.some((e) => e.dir === "procexit" && e.comm === "loop"));
  const loop = evs.filter((e) => e.comm === "loop" && e.syscall === "getppid");
  assert.equal(loop.filter((e) => e.dir === "syscall").length, 50);
  assert.ok(loop.every((e) => e.dur >= 0 && e.ret > 0));
});

t("-- COMMAND: its children are traced and its exit status is ours", async () => {
  const r = await mysysdig("--format", "json", "--", "/bin/sh", "-c", `${prog("forker")}; exit 3`);
  assert.equal(r.code, 3, r.stderr);
  const child = Number(/child (\d+)/.exec(r.stdout)![1]);
  const evs = jsonl(r.stderr.split("\n").filter((l) => l.startsWith("{")).join("\n"));
  const pids = new Set(evs.map((e) => e.pid));
  assert.ok(pids.has(child), "the grandchild was traced");
  assert.ok(evs.some((e) => e.comm === "sh"), "the command was traced");
  assert.ok(evs.some((e) => e.comm === "forker" && e.pid !== child), "its child was traced");
  // the grandchild is traced from its first syscall: fork's return in the child
  const first = evs.find((e) => e.pid === child)!;
  assert.equal(first.dir, "exit");
  assert.equal(first.ret, 0);
  const sig = await mysysdig("--", "/bin/sh", "-c", "kill -TERM $$");
  assert.equal(sig.code, 128 + 15);
});

async function traceWhile(args: string[], workload: () => Promise<void>): Promise<Ev[]> {
  const p = spawnMysysdig("--format", "json", ...args);
  await waitTracing(p.pid);
  await workload();
  await sleep(300);
  p.kill("SIGINT");
  const r = await finish(p);
  assert.equal(r.code, 0, r.stderr);
  summary(r.stderr);
  return jsonl(r.stdout);
}

t("-p: only that process; -f adds the children it forks", async () => {
  for (const follow of [false, true]) {
    // forker waits on its standard input until the tracer is tracing (however slowly Deno starts)
    const f = new Deno.Command(prog("forker"), { args: ["-"], stdin: "piped", stdout: "piped" })
      .spawn();
    const p = spawnMysysdig("--format", "json", "-p", String(f.pid), ...(follow ? ["-f"] : []));
    await waitTracing(p.pid);
    await f.stdin.close();
    const out = new TextDecoder().decode((await f.output()).stdout);
    const child = Number(/child (\d+)/.exec(out)![1]);
    const r = await finish(p); // ends by itself once the process is gone (like strace -p)
    assert.equal(r.code, 0, r.stderr);
    const evs = jsonl(r.stdout);
    assert.ok(
      evs.some((e) => e.pid === f.pid && e.syscall === "wait4"),
      `parent traced: ${r.stdout}\n${r.stderr}`,
    );
    if (follow) {
      assert.ok(evs.every((e) => e.pid === f.pid || e.pid === child));
      assert.equal(evs.filter((e) => e.pid === child && e.syscall === "getppid").length, 3);
    } else {
      assert.ok(evs.every((e) => e.pid === f.pid), "only the given pid");
    }
  }
});

t("--proc-name: every process of that name and no other", async () => {
  const evs = await traceWhile(["--proc-name", "forker"], async () => {
    await sh(prog("forker"));
    await sh(prog("loop"), ["10"]);
  });
  assert.ok(evs.length > 0);
  assert.ok(evs.every((e) => e.comm === "forker"));
  assert.ok(new Set(evs.map((e) => e.pid)).size >= 2, "parent and child both named forker");
});

t("--proc-name -f: a child stays traced after it execs another program", async () => {
  const evs = await traceWhile(["--proc-name", "forker", "-f"], async () => {
    await sh(prog("forker"), ["--exec", prog("loop"), "7"]);
  });
  // the exec's line belongs to the new program
  const child = evs.find((e) => e.comm === "loop" && e.syscall === "execve" && e.ret === 0);
  assert.ok(child, `the child's execve: ${JSON.stringify(evs.slice(-5))}`);
  const after = evs.filter((e) => e.pid === child.pid && e.comm === "loop");
  assert.equal(after.filter((e) => e.syscall === "getppid").length, 7, "its calls after the exec");
  assert.ok(after.some((e) => e.syscall === "exit_group"));
});

t("no selection: every process but the tracer", async () => {
  const evs = await traceWhile([], async () => {
    await sh(prog("loop"), ["10"]);
  });
  assert.ok(evs.some((e) => e.comm === "loop"));
  const self = new Set(evs.filter((e) => e.comm === "loop").map((e) => e.pid));
  assert.ok(self.size >= 1);
});

t("a small buffer under a syscall storm: drops are counted and reported", async () => {
  const r = await mysysdig(
    "--format",
    "json",
    "--buffer-size",
    "128",
    "-o",
    "/tmp/storm.jsonl",
    "--",
    prog("loop"),
    "300000",
  );
  assert.equal(r.code, 0, r.stderr);
  const s = summary(r.stderr);
  assert.ok(s.dropped > 0, r.stderr);
  assert.match(r.stderr, /--buffer-size/);
  const evs = jsonl(Deno.readTextFileSync("/tmp/storm.jsonl"));
  const drops = evs.filter((e) => e.dir === "drop");
  assert.ok(drops.length > 0, "drop markers in the stream");
  // an execve is two records (its ENTER, with path and argv, and its SYSCALL) and one line;
  // the launcher's records before COMMAND's execve are left out, and counted
  const execs = evs.filter((e) => e.syscall === "execve").length;
  const left = /, (\d+) left out \(before COMMAND's execve\)/.exec(r.stderr);
  assert.ok(left, r.stderr);
  const merged = s.recorded - Number(left[1]) - (evs.length - drops.length);
  assert.ok(merged >= 0 && merged <= execs, `${merged} records more than lines`);
  const lost = drops.reduce((a, e) => a + Number(e.lost), 0);
  assert.ok(lost <= s.dropped && lost > 0);
});

t("--blocking-timeout: the same storm loses nothing; the threads wait instead", async () => {
  const n = 50000;
  const r = await mysysdig(
    "--format",
    "json",
    "--buffer-size",
    "128",
    "--blocking-timeout",
    "10000",
    "-e",
    "getppid",
    "-o",
    "/tmp/storm-block.jsonl",
    "--",
    prog("loop"),
    String(n),
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(summary(r.stderr).dropped, 0, r.stderr);
  const waits = /traced threads waited (\d+) times?/.exec(r.stderr);
  assert.ok(waits && Number(waits[1]) > 0, `the storm made the thread wait: ${r.stderr}`);
  const evs = jsonl(Deno.readTextFileSync("/tmp/storm-block.jsonl"));
  assert.equal(evs.filter((e) => e.dir === "drop").length, 0);
  assert.equal(evs.filter((e) => e.syscall === "getppid").length, n, "every call a line");
  // the module only: tracefs cannot make a thread wait
  const t = await mysysdig("--backend", "tracefs", "--blocking-timeout", "100", "--", "true");
  assert.equal(t.code, 1, t.stderr);
  assert.match(t.stderr, /--blocking-timeout needs the module \(--backend tracefs\)/);
});

t("errors: one clear line and the documented exit status", async () => {
  const cases: [string[], number, RegExp][] = [
    [["-e", "nosuchcall"], 2, /unknown syscall "nosuchcall"/],
    [["-p", "999999"], 2, /no such process: 999999/],
    [["--format", "xml"], 2, /unknown format/],
    [["--", "/nonexistent/cmd"], 1, /cannot run \/nonexistent\/cmd/],
  ];
  for (const [args, code, re] of cases) {
    const r = await mysysdig(...args);
    assert.equal(r.code, code, `${args}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  const long = await mysysdig(
    "--proc-name",
    "averyveryverylongname",
    "-p",
    "1",
    "-e",
    "nosuchcall",
  );
  assert.match(long.stderr, /first 15 characters/);
  // the module not loaded
  assert.equal((await rmmod()).code, 0);
  try {
    const r = await mysysdig("--backend", "kmod", "--", "/bin/true");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /module not loaded.*insmod/);
  } finally {
    await reload();
  }
  // not root: the device is 0600
  const nobody = await sh(prog("asuser"), [
    "65534",
    Deno.execPath(),
    "run",
    "-A",
    "--no-check",
    "--quiet",
    new URL("../../cli.ts", import.meta.url).pathname,
    "--backend",
    "kmod",
    "--",
    "/bin/true",
  ]);
  assert.equal(nobody.code, 1, nobody.stderr);
  assert.match(nobody.stderr, /permission denied .* run as root/);
});

t(
  "strace's conventions: from COMMAND's execve, on stderr, restart codes and number -1",
  async () => {
    const r = await mysysdig("-x", "--", prog("signals"));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "signals: ok\n");
    const lines = r.stderr.split("\n").filter((l) => /^\d+ /.test(l));
    // the first line is COMMAND's execve, with its path and argv; nothing of the launcher
    assert.match(lines[0], /^1 \S+ \d+ signals \(\d+\) execve\("[^"]*signals", \[".*signals"\], /);
    assert.ok(!lines.some((l) => / deno \(\d+\) /.test(l)), lines.slice(0, 3).join("\n"));
    const has = (re: RegExp) => assert.ok(lines.some((l) => re.test(l)), `${re}\n${r.stderr}`);
    // pause() is ppoll(NULL, 0, NULL, NULL, ...) on arm64
    has(
      / (pause\(\)|ppoll\(NULL, 0, NULL, NULL, .*\)) = \? ERESTARTNOHAND \(To be restarted if no handler\) </,
    );
    has(/ clock_nanosleep\(.*\) = \? ERESTART_RESTARTBLOCK \(Interrupted by signal\) </);
    has(/ read\(3, .*, 1\) = \? ERESTARTSYS \(To be restarted if SA_RESTART is set\) </);
    // rt_sigreturn's exit (number -1) paired with its entry, the mask its frame restores
    has(/ rt_sigreturn\(\{mask=\[[^\]]*\]\}\) = -1 EINTR \(Interrupted system call\) </);
    assert.ok(!lines.some((l) => / < rt_sigreturn /.test(l)), r.stderr);
    has(
      / syscall_0xffffffffffffffff\(0x[0-9a-f]+, .*\) = -1 ENOSYS \(Function not implemented\) </,
    );
    // -x: a string with a byte neither printable nor a space goes in hex; "x" stays
    has(/ write\(4, "x", 1\) = 1 </);
    assert.ok(!lines.some((l) => /syscall_-1/.test(l)), r.stderr);
    // -c counts the same calls: the launcher's are not among them
    const c = await mysysdig("-c", "-e", "trace=!write", "--", prog("signals"));
    assert.equal(c.code, 0, c.stderr);
    const rows = c.stderr.split("\n").filter((l) => /^\s*[\d.]+\s+[\d.]+/.test(l));
    const calls = (name: string) => {
      const row = rows.find((l) => l.trim().split(/\s+/).pop() === name);
      return row ? Number(row.trim().split(/\s+/)[4]) : 0;
    };
    assert.equal(calls("execve"), 1, c.stderr);
    assert.equal(calls("rt_sigaction"), 1, c.stderr);
    assert.equal(calls("write"), 0, c.stderr);
    assert.equal(calls(arch === "x86_64" ? "pause" : "ppoll"), 1, c.stderr);
  },
);

t("a filter expression: the kernel selects the syscalls, the rest applies after", async () => {
  const r = await mysysdig(
    "--format",
    "json",
    "-o",
    "/tmp/filter.jsonl",
    "evt.type = openat and fd.name contains seedprog",
    "--",
    prog("seedprog"),
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /filter: the kernel selects evt\.type in \(openat\)/);
  const evs = jsonl(Deno.readTextFileSync("/tmp/filter.jsonl")).filter((e) => e.dir === "syscall");
  // seedprog opens /nonexistent/seedprog, once: only that call passes both parts
  assert.equal(evs.length, 1, JSON.stringify(evs));
  assert.equal(evs[0].args.filename, "/nonexistent/seedprog");
  assert.equal(evs[0].errno, "ENOENT");
  // and the kernel recorded openat alone: a handful of calls, not seedprog's whole run
  assert.ok(summary(r.stderr).recorded < 20, r.stderr);
});

t("signals and exits: strace's --- SIG --- and +++ +++ lines, -e signal=, -qq, JSON", async () => {
  const r = await mysysdig("--", prog("sigexit"));
  assert.equal(r.code, 7, r.stderr);
  const pids = [...r.stdout.matchAll(/^child (\d) (\d+)$/gm)].map((m) => m[2]);
  assert.equal(pids.length, 3, r.stdout);
  const lines = r.stderr.split("\n").filter((l) => /^\d+ /.test(l));
  const me = lines[0].match(/ sigexit \((\d+)\) execve/)?.[1];
  assert.ok(me, lines[0]);
  const has = (re: RegExp) => assert.ok(lines.some((l) => re.test(l)), `${re}\n${r.stderr}`);
  const CLK = String.raw`(?: /\* \d+\.\d\d s \*/)?`;
  const sigchld = (pid: string, code: string, st: string) =>
    new RegExp(
      ` sigexit \\(${me}\\) --- SIGCHLD \\{si_signo=SIGCHLD, si_code=${code}, si_pid=${pid}, ` +
        // (a clock_t with its seconds when not 0, strace's print_clock_t())
        `si_uid=0, si_status=${st}, si_utime=\\d+${CLK}, si_stime=\\d+${CLK}\\} ---$`,
    );
  has(sigchld(pids[0], "CLD_EXITED", "3"));
  has(sigchld(pids[1], "CLD_KILLED", "SIGKILL"));
  has(sigchld(pids[2], "CLD_KILLED", "SIGSEGV"));
  has(new RegExp(` \\(${pids[0]}\\) \\+\\+\\+ exited with 3 \\+\\+\\+$`));
  has(new RegExp(` \\(${pids[1]}\\) \\+\\+\\+ killed by SIGKILL \\+\\+\\+$`));
  has(
    new RegExp(
      ` \\(${
        pids[2]
      }\\) --- SIGSEGV \\{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL\\} ---$`,
    ),
  );
  has(new RegExp(` \\(${pids[2]}\\) \\+\\+\\+ killed by SIGSEGV \\+\\+\\+$`));
  has(
    new RegExp(
      ` \\(${me}\\) --- SIGUSR1 \\{si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=${me}, si_uid=0\\} ---$`,
    ),
  );
  has(
    new RegExp(
      ` \\(${me}\\) --- SIGUSR2 \\{si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=${me}, si_uid=0, ` +
        `si_int=42, si_ptr=0x2a\\} ---$`,
    ),
  );
  has(new RegExp(` \\(${me}\\) \\+\\+\\+ exited with 7 \\+\\+\\+$`));
  // the group exit's SIGKILL is no delivery of its own: strace shows none either
  assert.ok(!lines.some((l) => / --- SIGKILL /.test(l)), r.stderr);
  // in time order: a child's exit before its parent's SIGCHLD
  const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
  assert.ok(
    at(new RegExp(` \\(${pids[0]}\\) \\+\\+\\+ exited`)) < at(sigchld(pids[0], "CLD_EXITED", "3")),
  );

  // -e signal=SET shows those signals' lines alone; -qq leaves out normal exits
  const q = await mysysdig("-qq", "-e", "signal=usr1,SIGSEGV", "--", prog("sigexit"));
  assert.equal(q.code, 7, q.stderr);
  const ql = q.stderr.split("\n").filter((l) => /^\d+ /.test(l));
  const sigs = ql.flatMap((l) => l.match(/ --- (SIG\w+) /)?.[1] ?? []);
  assert.deepEqual([...new Set(sigs)].sort(), ["SIGSEGV", "SIGUSR1"]);
  assert.ok(!ql.some((l) => / \+\+\+ exited with /.test(l)), q.stderr);
  assert.ok(ql.some((l) => / \+\+\+ killed by SIGKILL \+\+\+$/.test(l)), q.stderr);

  // JSON: the same events as objects
  const j = await mysysdig("--format", "json", "--", prog("sigexit"));
  assert.equal(j.code, 7, j.stderr);
  const evs = jsonl(j.stderr.split("\n").filter((l) => l.startsWith("{")).join("\n"));
  const exited = evs.find((e) => e.dir === "procexit" && e.exit_status === 3);
  assert.ok(exited, j.stderr);
  assert.equal(exited.wstatus, 3 << 8);
  const killed = evs.find((e) => e.dir === "procexit" && e.killed_by === "SIGSEGV");
  assert.ok(killed && killed.core_dumped === false, j.stderr);
  const q2 = evs.find((e) => e.dir === "signal" && e.signal === "SIGUSR2");
  assert.ok(q2, j.stderr);
  assert.equal(q2.si_code, "SI_QUEUE");
  assert.equal((q2.siginfo as Record<string, unknown>).si_int, 42);
  assert.match(String(q2.handler), /^0x[0-9a-f]+$/);
  // -c counts syscalls alone
  const c = await mysysdig("-c", "--", prog("sigexit"));
  assert.equal(c.code, 7, c.stderr);
  assert.ok(!/SIGCHLD|\+\+\+/.test(c.stderr), c.stderr);
});

t("--view and --top: the module's calls by syscall, file and error, live and from -r", async () => {
  const cellsOf = (text: string, re: RegExp) =>
    text.split("\n").filter((l) => re.test(l)).map((l) => l.trim().split(/\s+/));
  // errors: seedprog's failing openat with the path the module copied, and its close(-1)
  const e = await mysysdig("--view", "errors", "--", prog("seedprog"));
  assert.equal(e.code, 0, e.stderr);
  assert.match(e.stderr, /^\s+1 openat\s+ENOENT\s+\/nonexistent\/seedprog$/m);
  assert.match(e.stderr, /^\s+1 close\s+EBADF$/m);
  // the same from a capture written by the module
  const w = await mysysdig("-w", "/tmp/views.scap", "--", prog("seedprog"));
  assert.equal(w.code, 0, w.stderr);
  const r = await mysysdig("-r", "/tmp/views.scap", "--view", "errors");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\s+1 openat\s+ENOENT\s+\/nonexistent\/seedprog$/m);
  // syscalls: openat twice, one error, with its histogram column
  const s = await mysysdig("--view", "syscalls", "--", prog("seedprog"));
  assert.equal(s.code, 0, s.stderr);
  const openat = cellsOf(s.stderr, / openat$/)[0];
  assert.deepEqual([openat[6], openat[7]], ["2", "1"], s.stderr);
  assert.match(openat[8], /^[·▁▂▃▄▅▆▇█]{12}$/);
  // files: the fd /dev/null was opened on, 4 bytes written in write and close; named by the
  // fd tables (src/fdtable.ts) from openat's path
  const f = await mysysdig("--view", "files", "--", prog("seedprog"));
  assert.equal(f.code, 0, f.stderr);
  assert.ok(
    cellsOf(f.stderr, / \/dev\/null$/).some((c) => c[0] === "0" && c[1] === "4" && c[2] === "2"),
    f.stderr,
  );
  // --top through a pipe: a block a second while COMMAND runs, seedprog in the last
  const top = await mysysdig(
    "--top",
    "--view",
    "procs",
    "-o",
    "-",
    "--",
    "/bin/sh",
    "-c",
    `sleep 2; ${prog("seedprog")} >/dev/null`,
  );
  assert.equal(top.code, 0, top.stderr);
  const blocks = top.stdout.trimEnd().split("\n\n");
  assert.ok(blocks.length >= 2, top.stdout);
  for (const b of blocks) assert.match(b, /^mysysdig --top: procs at \d\d:\d\d:\d\d, \d+ calls/);
  assert.match(blocks[blocks.length - 1], / seedprog /);
});

t("structures: the calls of tests/progs/structs as strace prints them", async () => {
  const r = await mysysdig("--", prog("structs"));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "structs: ok\n");
  // the call and its result, without mysysdig's prefix and duration
  const calls = r.stderr.split("\n").filter((l) => /^\d+ /.test(l))
    .map((l) => l.replace(/^\d+ \S+ \d+ \S+ \(\d+\) /, "").replace(/ <[\d.]+>$/, ""));
  const x86 = arch === "x86_64";
  const fd = calls.find((l) => l.startsWith('openat(AT_FDCWD, "/tmp/structs.dat"'))?.match(
    / = (\d+)$/,
  )?.[1];
  assert.ok(fd, r.stderr);
  // strace 6.1's lines for the same calls (on x86_64 by a run on the host; arm64's glibc calls
  // ppoll and epoll_pwait and sets no SA_RESTORER)
  const expected: (string | RegExp)[] = [
    `newfstatat(${fd}, "", {st_mode=S_IFREG|0640, st_size=3, ...}, AT_EMPTY_PATH) = 0`,
    'newfstatat(AT_FDCWD, "/tmp/structs.dat", {st_mode=S_IFREG|0640, st_size=3, ...}, 0) = 0',
    'newfstatat(AT_FDCWD, "/dev/null", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}, 0) = 0',
    /^statx\(AT_FDCWD, "\/tmp\/structs\.dat", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, \{stx_mask=STATX_BASIC_STATS(\|STATX_MNT_ID)?, stx_attributes=0, stx_mode=S_IFREG\|0640, stx_size=3, \.\.\.\}\) = 0$/,
    "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=1000000}, NULL) = 0",
    /^clock_gettime\(CLOCK_MONOTONIC, \{tv_sec=\d+, tv_nsec=\d+\}\) = 0$/,
    "clock_gettime(CLOCK_MONOTONIC, 0x1) = -1 EFAULT (Bad address)",
    "prlimit64(0, RLIMIT_NOFILE, {rlim_cur=512, rlim_max=4*1024}, NULL) = 0",
    "prlimit64(0, RLIMIT_NOFILE, NULL, {rlim_cur=512, rlim_max=4*1024}) = 0",
    "prlimit64(0, RLIMIT_CORE, {rlim_cur=0, rlim_max=RLIM64_INFINITY}, NULL) = 0",
    /^uname\(\{sysname="Linux", nodename="[^"]*", \.\.\.\}\) = 0$/,
    /^sysinfo\(\{uptime=\d+, loads=\[\d+, \d+, \d+\], totalram=\d+, freeram=\d+, sharedram=\d+, bufferram=\d+, totalswap=\d+, freeswap=\d+, procs=\d+, totalhigh=0, freehigh=0, mem_unit=1\}\) = 0$/,
    "rt_sigprocmask(SIG_BLOCK, [CHLD], [], 8) = 0",
    "rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0",
    x86
      ? /^rt_sigaction\(SIGUSR1, \{sa_handler=0x[0-9a-f]+, sa_mask=\[\], sa_flags=SA_RESTORER\|SA_RESTART, sa_restorer=0x[0-9a-f]+\}, \{sa_handler=SIG_DFL, sa_mask=\[\], sa_flags=0\}, 8\) = 0$/
      : /^rt_sigaction\(SIGUSR1, \{sa_handler=0x[0-9a-f]+, sa_mask=\[\], sa_flags=SA_RESTART\}, \{sa_handler=SIG_DFL, sa_mask=\[\], sa_flags=0\}, 8\) = 0$/,
    /^wait4\(-1, \[\{WIFEXITED\(s\) && WEXITSTATUS\(s\) == 3\}\], 0, NULL\) = \d+$/,
    x86
      ? /^poll\(\[\{fd=(\d+), events=POLLIN\}\], 1, 10\) = 0 \(Timeout\)$/
      : /^ppoll\(\[\{fd=(\d+), events=POLLIN\}\], 1, \{tv_sec=0, tv_nsec=10000000\}, NULL, 0\) = 0 \(Timeout\)$/,
    x86
      ? /^poll\(\[\{fd=(\d+), events=POLLIN\}, \{fd=(\d+), events=POLLOUT\}\], 2, 100\) = 2 \(\[\{fd=\1, revents=POLLIN\}, \{fd=\2, revents=POLLOUT\}\]\)$/
      : /^ppoll\(\[\{fd=(\d+), events=POLLIN\}, \{fd=(\d+), events=POLLOUT\}\], 2, \{tv_sec=0, tv_nsec=100000000\}, NULL, 0\) = 2 \(\[\{fd=\1, revents=POLLIN\}, \{fd=\2, revents=POLLOUT\}\], left \{tv_sec=0, tv_nsec=\d+\}\)$/,
    /^epoll_ctl\((\d+), EPOLL_CTL_ADD, \d+, \{events=EPOLLIN, data=\{u32=3, u64=3\}\}\) = 0$/,
    x86
      ? /^epoll_wait\(\d+, \[\{events=EPOLLIN, data=\{u32=3, u64=3\}\}\], 4, 100\) = 1$/
      : /^epoll_pwait\(\d+, \[\{events=EPOLLIN, data=\{u32=3, u64=3\}\}\], 4, 100, NULL, 8\) = 1$/,
    /^ioctl\(\d+, FIONREAD, \[1\]\) = 0$/,
  ];
  const missing = expected.filter((e) =>
    !calls.some((l) => typeof e === "string" ? l === e : e.test(l))
  );
  assert.deepEqual(missing, [], calls.join("\n"));
  // JSON: every field of a structure, not strace's abbreviation
  const j = await mysysdig("--format", "json", "-e", "newfstatat", "--", prog("structs"));
  assert.equal(j.code, 0, j.stderr);
  const evs = jsonl(j.stderr.split("\n").filter((l) => l.startsWith("{")).join("\n"));
  const st = evs.find((e) => e.args?.filename === "/dev/null")?.args?.statbuf;
  assert.ok(st, j.stderr);
  assert.equal(st.st_mode, "S_IFCHR|0666");
  assert.equal(st.st_rdev, "makedev(0x1, 0x3)");
  assert.equal(typeof st.st_ino, "number");
  assert.equal(typeof st.st_mtime, "number");
});

t(
  "-y and -yy: fd names from the copied paths, hidden state calls, JSON fd_names, TCP",
  async () => {
    // ash: open /proc/version as 3, then read it through a dup2 onto 0
    const script = "exec 3</proc/version; read -r x <&3; exec 3<&-";
    const run = async (out: string, ...args: string[]) => {
      const r = await mysysdig("-q", ...args, "-o", out, "--", "/bin/sh", "-c", script);
      assert.equal(r.code, 0, r.stderr);
      return Deno.readTextFileSync(out);
    };
    const y = await run("/tmp/y.out", "-y");
    assert.match(
      y,
      /open(at)?\((AT_FDCWD(<\/[^>]*>)?, )?"\/proc\/version", O_RDONLY[^)]*\) = \d+<\/proc\/version> </,
    );
    assert.match(y, /read\(\d+<\/proc\/version>, "L/);
    assert.match(y, /close\(3<\/proc\/version>\) = 0 </);
    // -e trace=read: the state calls are recorded for the table, not shown
    const yr = await run("/tmp/yr.out", "-y", "-e", "trace=read");
    assert.match(yr, /read\(\d+<\/proc\/version>, "L/);
    // (and the "+++ exited with 0 +++" line)
    assert.ok(yr.trimEnd().split("\n").every((l) => / read\(| \+\+\+ exited /.test(l)), yr);
    // a relative path: COMMAND starts in mysysdig's directory, cd is chdir
    const rel = await mysysdig(
      "-q",
      "-y",
      "-e",
      "trace=read",
      "-o",
      "/tmp/yrel.out",
      "--",
      "/bin/sh",
      "-c",
      "cd /proc && exec 4<version && read -r x <&4",
    );
    assert.equal(rel.code, 0, rel.stderr);
    assert.match(Deno.readTextFileSync("/tmp/yrel.out"), /read\(\d+<\/proc\/version>, "L/);
    // without -y the same line has the bare number
    const plain = await run("/tmp/plain.out", "-e", "trace=read");
    assert.match(plain, /read\(\d+, "L/);
    assert.doesNotMatch(plain, /\d<\//);
    // JSON: fd_names beside the unchanged number
    const evs = jsonl(await run("/tmp/y.json", "-y", "--format", "json", "-e", "read"));
    const read = evs.find((e) => e.syscall === "read" && e.fd_names?.fd === "/proc/version");
    assert.ok(read, JSON.stringify(evs));
    assert.equal(typeof read.args.fd, "number");
    // (and the process's exit object)
    assert.ok(evs.every((e) => e.syscall === "read" || e.dir === "procexit"), JSON.stringify(evs));

    // -yy: a TCP connection to 127.0.0.1 (Deno connects to itself), sockets from /proc/net
    Deno.writeTextFileSync(
      "/tmp/tcp.js",
      `const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const c = await Deno.connect({ hostname: "127.0.0.1", port: l.addr.port });
const s = await l.accept();
await c.write(new TextEncoder().encode("ping"));
await s.read(new Uint8Array(4));
console.log(c.localAddr.port, l.addr.port);
await new Promise((r) => setTimeout(r, 3000));
`,
    );
    const r = await mysysdig(
      "-q",
      "-yy",
      "-e",
      "trace=sendto,recvfrom,write,read",
      "-o",
      "/tmp/yy.out",
      "--",
      Deno.execPath(),
      "run",
      "-A",
      "/tmp/tcp.js",
    );
    assert.equal(r.code, 0, r.stderr);
    const [client, server] = r.stdout.trim().split(" ").map(Number);
    const yy = Deno.readTextFileSync("/tmp/yy.out");
    const conn = `127.0.0.1:${client}->127.0.0.1:${server}`;
    const back = `127.0.0.1:${server}->127.0.0.1:${client}`;
    assert.match(yy, new RegExp(`(sendto|write)\\(\\d+<TCP:\\[${conn}\\]>, "ping"`), yy);
    assert.match(yy, new RegExp(`(recvfrom|read)\\(\\d+<TCP:\\[${back}\\]>, "ping"`), yy);
    assert.doesNotMatch(yy, / (socket|connect|accept4?)\(/);
  },
);
