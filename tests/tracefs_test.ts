// Integration tests of the tracefs backend and of the CLI on it. They run on
// the host as root (tracefs is the kernel's own); elsewhere they are skipped,
// and say why.
import assert from "node:assert/strict";
import { BackendError } from "../src/errors.ts";
import type {
  Backend,
  ExitRecord,
  Filter,
  SyscallRecord,
  TraceRecord,
  TraceStats,
} from "../src/record.ts";
import { hostArch, syscallNumber } from "../src/syscalls.ts";
import {
  cleanupStaleInstances,
  findTracefs,
  INSTANCE_PREFIX,
  openTracefs,
} from "../src/backend_tracefs.ts";
import { PROBE_GROUP_PREFIX, probeFile } from "../src/tracefs_probes.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const ARCH = hostArch();
const nr = (name: string) => syscallNumber(ARCH, name)!;
const OPENAT = nr("openat");

function why(): string | undefined {
  if (Deno.build.os !== "linux") return "not Linux";
  if (Deno.uid() !== 0) return "needs root (tracefs)";
  try {
    const dir = findTracefs();
    if (!Deno.statSync(`${dir}/events/raw_syscalls`).isDirectory) return "no raw_syscalls";
  } catch (e) {
    return `no usable tracefs: ${(e as Error).message}`;
  }
  return undefined;
}
const SKIP = why();
if (SKIP) console.log(`tracefs tests skipped: ${SKIP}`);

function test(name: string, fn: () => Promise<void>) {
  Deno.test({ name, ignore: SKIP !== undefined, fn });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Our own instances still present (there should be none between tests). */
function ourInstances(pid = Deno.pid): string[] {
  const dir = `${findTracefs()}/instances`;
  return [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) =>
    n.startsWith(`${INSTANCE_PREFIX}${pid}-`)
  );
}

interface Run {
  records: TraceRecord[];
  stats: TraceStats;
}

/** Starts a backend, runs `during`, waits, stops, drains and closes. */
async function trace(
  filter: Partial<Filter>,
  during: () => Promise<void>,
  settleMs = 200,
  opts?: Parameters<typeof openTracefs>[1],
): Promise<Run> {
  const b = await openTracefs({ pids: [], follow: false, ...filter }, opts) as Backend & {
    instanceDir: string;
  };
  assert.ok(exists(b.instanceDir), "instance created");
  const records: TraceRecord[] = [];
  try {
    await b.start();
    const reading = (async () => {
      for await (const r of b.records()) records.push(r);
    })();
    try {
      await during();
      await sleep(settleMs);
    } finally {
      b.stop();
      await reading;
    }
  } finally {
    await b.close();
  }
  assert.ok(!exists(b.instanceDir), "instance removed at close");
  const stats = b.stats();
  checkCommon(records, stats);
  return { records, stats };
}

/** What holds for every trace: order, the tracer's absence, counters. */
function checkCommon(records: TraceRecord[], stats: TraceStats) {
  const now = BigInt(Date.now()) * 1_000_000n;
  let last = 0n;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    assert.notEqual(r.pid, Deno.pid, "the tracer's own records never appear");
    // epoch nanoseconds within the last minute
    assert.ok(r.ts <= now && r.ts > now - 60_000_000_000n, `ts ${r.ts} is wall-clock time`);
    // in time order, but for calls that never returned: they have their entry's time
    if (r.kind === "syscall" && r.ret === undefined) continue;
    assert.ok(last <= r.ts, `records in time order at ${i}`);
    last = r.ts;
  }
  // an event of ftrace's each, two for a call completed from its entry and exit, but for a call
  // whose entry came as a record of its own (execve), which the completed call then repeats
  let recorded = 0;
  const apart = new Map<string, number>();
  for (const r of records) {
    if (r.kind === "drop" || r.kind === "signal" || r.kind === "procexit") continue;
    const k = `${r.pid}:${r.nr}`;
    if (r.kind === "enter") apart.set(k, (apart.get(k) ?? 0) + 1);
    if (r.kind !== "syscall") {
      recorded++;
      continue;
    }
    const entered = apart.get(k) ?? 0;
    if (entered > 0) apart.set(k, entered - 1);
    recorded += (entered > 0 ? 0 : 1) + (r.ret !== undefined ? 1 : 0);
  }
  const dropped = records.reduce((s, r) => s + (r.kind === "drop" ? r.lost : 0n), 0n);
  assert.equal(stats.recorded, BigInt(recorded));
  assert.equal(stats.dropped, dropped);
  assert.equal(stats.seen, stats.recorded + stats.dropped);
  let seen = 0n;
  for (const c of stats.perCpu) {
    if (!c) continue;
    assert.equal(c.seen, c.recorded + c.dropped);
    seen += c.seen;
  }
  assert.equal(seen, stats.seen);
}

/** A shell that waits for a line on stdin, then runs `script`. */
function gated(script: string) {
  const child = new Deno.Command("sh", {
    args: ["-c", `read x; ${script}`],
    stdin: "piped",
    stdout: "null",
    stderr: "null",
  }).spawn();
  return {
    pid: child.pid,
    async go() {
      const w = child.stdin.getWriter();
      await w.write(new TextEncoder().encode("go\n"));
      await w.close();
      await child.status;
    },
  };
}

type Returned = (ExitRecord | SyscallRecord) & { ret: bigint };

/** The calls of `nr` that returned: completed syscalls, and exits whose entry came before the trace. */
function exitsOf(records: TraceRecord[], nr: number): Returned[] {
  return records.filter((r): r is Returned =>
    (r.kind === "exit" || r.kind === "syscall") && r.nr === nr && r.ret !== undefined
  );
}

function hasEnoent(records: TraceRecord[], pid: number, comm: string): boolean {
  return exitsOf(records, OPENAT).some((r) =>
    r.ret === -2n && r.pid === pid && r.tid === pid && r.comm === comm
  );
}

test("pid filter: one process, its exec, nothing else", async () => {
  const p = gated("exec cat /nonexistent");
  const { records } = await trace({ pids: [p.pid] }, p.go);
  assert.ok(records.length > 0);
  assert.ok(records.every((r) => r.kind === "drop" || r.pid === p.pid), "only the traced pid");
  assert.ok(hasEnoent(records, p.pid, "cat"), "openat of /nonexistent fails with ENOENT");
  // before the exec the same process was sh: its read of the gate line
  const read = exitsOf(records, nr("read")).find((r) => r.comm === "sh" && r.ret >= 1n);
  assert.ok(read, "sh reads the gate line");
  assert.deepEqual(ourInstances(), []);
});

test("pid filter without --follow leaves children out; with it they are in", async () => {
  const p = gated("cat /nonexistent; true");
  const { records } = await trace({ pids: [p.pid] }, p.go);
  assert.ok(records.every((r) => r.kind === "drop" || r.pid === p.pid));
  assert.ok(!records.some((r) => r.kind !== "drop" && r.comm === "cat"));

  const q = gated("cat /nonexistent; true");
  const f = await trace({ pids: [q.pid], follow: true }, q.go);
  const cat = f.records.find((r) => r.kind !== "drop" && r.comm === "cat");
  assert.ok(cat, "the child cat is traced");
  assert.notEqual(cat.pid, q.pid);
  assert.ok(hasEnoent(f.records, cat.pid, "cat"));
  assert.ok(f.records.every((r) => r.kind === "drop" || r.pid === q.pid || r.pid === cat.pid));
});

test("process name filter: only tasks with that comm", async () => {
  const name = `msdn${Deno.pid}`.slice(0, 15);
  const dir = Deno.makeTempDirSync();
  Deno.symlinkSync("/bin/cat", `${dir}/${name}`);
  let pid = 0;
  try {
    const { records } = await trace({ procName: name }, async () => {
      const c = new Deno.Command(`${dir}/${name}`, {
        args: ["/nonexistent"],
        stderr: "null",
      }).spawn();
      pid = c.pid;
      await c.status;
    });
    assert.ok(records.length > 0);
    assert.ok(records.every((r) => r.kind === "drop" || r.comm === name), "only that comm");
    assert.ok(hasEnoent(records, pid, name));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

test("syscall filter: only the chosen numbers", async () => {
  const { records } = await trace({ children: true, syscalls: [OPENAT] }, async () => {
    await new Deno.Command("cat", { args: ["/nonexistent"], stderr: "null" }).output();
  });
  assert.ok(records.length > 0);
  assert.ok(
    records.every((r) => r.kind === "drop" || ("nr" in r && r.nr === OPENAT)),
    "only openat",
  );
  assert.ok(exitsOf(records, OPENAT).some((r) => r.ret === -2n && r.comm === "cat"));
  const calls = records.filter((r): r is SyscallRecord => r.kind === "syscall");
  assert.ok(calls.length > 0 && calls.every((r) => r.args.length === 6 && r.enterTs <= r.ts));
  // openat's path argument is a user address
  assert.ok(calls.every((r) => r.args[1] !== 0n));
});

test("--events both: separate entries and exits, each once", async () => {
  const { records } = await trace(
    { children: true, syscalls: [OPENAT], events: "both" },
    async () => {
      await new Deno.Command("cat", { args: ["/nonexistent"], stderr: "null" }).output();
    },
  );
  assert.ok(!records.some((r) => r.kind === "syscall"), "no completed syscalls");
  const cat = records.filter((r) => r.kind !== "drop" && r.comm === "cat");
  const enters = cat.filter((r) => r.kind === "enter");
  const exits = cat.filter((r): r is ExitRecord => r.kind === "exit");
  assert.ok(enters.length > 0 && enters.length === exits.length, `${enters.length} enters`);
  assert.ok(exits.some((r) => r.ret === -2n));
});

test("children (-- COMMAND): the command and its children, never the tracer", async () => {
  let shPid = 0;
  const { records } = await trace({ children: true }, async () => {
    const c = new Deno.Command("sh", {
      args: ["-c", "cat /nonexistent; true"],
      stderr: "null",
    }).spawn();
    shPid = c.pid;
    await c.status;
  });
  const pids = new Set(records.filter((r) => r.kind !== "drop").map((r) => r.pid));
  assert.ok(pids.has(shPid), "the command");
  const cat = records.find((r) => r.kind !== "drop" && r.comm === "cat");
  assert.ok(cat && cat.pid !== shPid, "its child");
  assert.ok(hasEnoent(records, cat.pid, "cat"));
  // exit_group of the child ends its records; the tracer (deno) never shows
  assert.ok(!records.some((r) => r.kind !== "drop" && r.pid === Deno.pid));
});

test("thread exits free their state: 300 short processes leave no trace in the task table", async () => {
  const b = await openTracefs({ pids: [], follow: false, children: true });
  let peak = 0;
  try {
    await b.start();
    const reading = (async () => {
      for await (const _ of b.rawBatches()) peak = Math.max(peak, b.knownTasks);
    })();
    await new Deno.Command("sh", {
      args: ["-c", "i=0; while [ $i -lt 300 ]; do /bin/true; i=$((i+1)); done"],
    }).output();
    await sleep(200);
    b.stop();
    await reading;
    // each /bin/true was known while it ran; its exit took it out again
    assert.ok(b.knownTasks < 50, `${b.knownTasks} tasks known after the trace (peak ${peak})`);
  } finally {
    await b.close();
  }
});

test("no filter: everything but the tracer itself", async () => {
  const { records } = await trace({}, async () => {
    await new Deno.Command("cat", { args: ["/nonexistent"], stderr: "null" }).output();
  });
  assert.ok(exitsOf(records, OPENAT).some((r) => r.comm === "cat" && r.ret === -2n));
});

test("drops: a tiny buffer under a syscall storm is counted, not hidden", async () => {
  const { records, stats } = await trace({ children: true, bufferKb: 4 }, async () => {
    await new Deno.Command("dd", {
      args: ["if=/dev/zero", "of=/dev/null", "bs=1", "count=400000"],
      stderr: "null",
    }).output();
  });
  assert.ok(stats.dropped > 0n, `dropped ${stats.dropped}`);
  assert.ok(stats.recorded > 0n);
  assert.ok(records.some((r) => r.kind === "drop" && r.pid === 0 && r.comm === ""));
  console.log(
    `  storm: seen ${stats.seen}, recorded ${stats.recorded}, dropped ${stats.dropped}`,
  );
});

test("the instance is removed after an error during setup", async () => {
  const before = ourInstances();
  await assert.rejects(
    () => openTracefs({ pids: [], follow: false, procName: 'a"b' }),
    (e: Error) => e instanceof BackendError && /quotes/.test(e.message),
  );
  assert.deepEqual(ourInstances(), before);
});

test("close() without start, twice, and stop() before records()", async () => {
  const b = await openTracefs({ pids: [], follow: false }) as Backend & { instanceDir: string };
  await b.close();
  await b.close();
  assert.ok(!exists(b.instanceDir));
  const c = await openTracefs({ pids: [], follow: false }) as Backend & { instanceDir: string };
  await c.start();
  c.stop();
  for await (const _ of c.records()) { /* drains and ends */ }
  await c.close();
  assert.ok(!exists(c.instanceDir));
});

test("a stale instance of a dead tracer is removed at the next start", async () => {
  const root = findTracefs();
  const dead = new Deno.Command("true").spawn();
  await dead.status;
  const stale = `${root}/instances/${INSTANCE_PREFIX}${dead.pid}-0`;
  Deno.mkdirSync(stale);
  Deno.writeTextFileSync(`${stale}/events/raw_syscalls/sys_enter/enable`, "1");
  const { records } = await trace({ children: true }, async () => {});
  assert.ok(!exists(stale), "stale instance removed");
  assert.equal(records.length, 0);
  // an instance of a live process is left alone
  const live = `${root}/instances/${INSTANCE_PREFIX}1-0`;
  const hadLive = exists(live);
  if (!hadLive) Deno.mkdirSync(live);
  try {
    assert.deepEqual(cleanupStaleInstances().includes(`${INSTANCE_PREFIX}1-0`), false);
    assert.ok(exists(live));
  } finally {
    if (!hadLive) Deno.removeSync(live);
  }
});

test("SIGKILLed tracer: its instance is removed by the next one", async () => {
  const script = `import { openTracefs } from "${ROOT}src/backend_tracefs.ts";
const b = await openTracefs({ pids: [], follow: false, children: true });
await b.start();
console.log(b.instanceDir);
setInterval(() => {}, 1000);`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  const dir = new TextDecoder().decode(value).trim();
  assert.ok(dir.includes(`${INSTANCE_PREFIX}${child.pid}-`), dir);
  assert.ok(exists(dir));
  child.kill("SIGKILL");
  await child.status;
  reader.releaseLock();
  await child.stdout.cancel();
  assert.ok(exists(dir), "a killed tracer cannot clean up");
  assert.ok(cleanupStaleInstances().some((n) => dir.endsWith(n)));
  assert.ok(!exists(dir));
});

test("missing or unusable tracefs gives a BackendError saying what to do", async () => {
  const empty = Deno.makeTempDirSync();
  try {
    await assert.rejects(
      () => openTracefs({ pids: [], follow: false }, { tracefsDir: empty }),
      (e: Error) =>
        e instanceof BackendError && /tracefs not found.*mount -t tracefs/.test(e.message),
    );
    await assert.rejects(
      () => openTracefs({ pids: [], follow: false }, { tracefsDir: `${empty}/nope` }),
      (e: Error) => e instanceof BackendError && /does not exist/.test(e.message),
    );
  } finally {
    Deno.removeSync(empty, { recursive: true });
  }
  // not root: tracefs is there but not ours to use
  const denoDir = Deno.makeTempDirSync();
  Deno.chmodSync(denoDir, 0o777);
  try {
    const out = await new Deno.Command("setpriv", {
      args: [
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "--",
        Deno.execPath(),
        "eval",
        `import { openTracefs } from "${ROOT}src/backend_tracefs.ts";
try { await openTracefs({ pids: [], follow: false }); console.log("opened"); }
catch (e) { console.log(e.name + ": " + e.message); }`,
      ],
      env: { DENO_DIR: denoDir, HOME: denoDir, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert.match(text, /BackendError: .*(permission denied|root)/, text);
  } finally {
    Deno.removeSync(denoDir, { recursive: true });
  }
});

/** Kprobe groups of this process still defined. */
function ourProbes(): string[] {
  return [...Deno.readDirSync(`${findTracefs()}/events`)].map((e) => e.name)
    .filter((n) => n.startsWith(`${PROBE_GROUP_PREFIX}${Deno.pid}_`));
}

/** Whether this kernel has kprobe events (the string probes). */
const HAVE_PROBES = SKIP === undefined && "file" in probeFile(findTracefs());

test("paths: fetched by kprobe events where the kernel has them, else one note and addresses", async () => {
  const notes: string[] = [];
  const { records } = await trace(
    { children: true, syscalls: [OPENAT] },
    async () => {
      await new Deno.Command("/bin/cat", { args: ["/nonexistent-path-probe"], stderr: "null" })
        .output();
    },
    200,
    { note: (m) => notes.push(m) },
  );
  const opens = records.filter((r): r is SyscallRecord =>
    r.kind === "syscall" && r.nr === OPENAT && r.comm === "cat" && r.ret === -2n
  );
  assert.ok(opens.length > 0, `cat's failing openat: ${records.length} records`);
  const path = opens.at(-1)!.items?.find((c) => c.arg === 1 && c.type === "str");
  if (HAVE_PROBES) {
    assert.deepEqual(notes, []);
    assert.equal(new TextDecoder().decode(path?.data), "/nonexistent-path-probe");
  } else {
    // this host (6.18): no kprobe_events, no working eprobes
    assert.deepEqual(notes, [
      "this kernel has no kprobe events (CONFIG_KPROBE_EVENTS): the tracefs backend shows path " +
      "and string arguments as addresses",
    ]);
    assert.equal(path, undefined);
  }
  assert.deepEqual(ourProbes(), [], "no probe left behind");
  assert.deepEqual(ourInstances(), []);
});

test("paths: no note when no traced syscall has a path (-e getppid)", async () => {
  const notes: string[] = [];
  const b = await openTracefs({ pids: [], follow: false, syscalls: [nr("getppid")] }, {
    note: (m) => notes.push(m),
  });
  await b.close();
  assert.deepEqual(notes, []);
  assert.deepEqual(ourProbes(), []);
});

// ---- the CLI on this backend ----------------------------------------------

const CLI = `${ROOT}cli.ts`;
const HAVE_CLI = exists(CLI);

function cliTest(name: string, fn: () => Promise<void>) {
  Deno.test({ name: `cli: ${name}`, ignore: SKIP !== undefined || !HAVE_CLI, fn });
}

async function cli(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

cliTest("each format shows the failing openat of -- COMMAND", async () => {
  const cmd = ["--", "sh", "-c", "exec cat /nonexistent 2>/dev/null"];
  const text = await cli(["--backend", "tracefs", ...cmd]);
  // with a COMMAND the trace goes to standard error, as strace's does
  assert.equal(text.stdout, "");
  // the path where the kernel has kprobe events to fetch it, else its address
  assert.match(
    text.stderr,
    / cat \((\d+)\) openat\(AT_FDCWD, (0x[0-9a-f]+|"\/nonexistent"), O_RDONLY\) = -1 ENOENT \(No such file or directory\) <\d+\.\d{6}>$/m,
    text.stderr,
  );
  assert.match(text.stderr, /events recorded, 0 dropped/);

  const seed = await cli(["--backend", "tracefs", "--format", "seed", ...cmd]);
  assert.match(
    seed.stderr,
    /^exit syscall, regs\[0\]=0xfffffffffffffffe, with pid=0x[0-9a-f]+, ret=0xfffffffffffffffe, name=cat$/m,
  );
  assert.match(
    seed.stderr,
    new RegExp(`^syscall 0x${OPENAT.toString(16)}, with pid=0x[0-9a-f]+, name=cat$`, "m"),
  );

  const json = await cli(["--backend", "tracefs", "--format", "json", "-e", "openat", ...cmd]);
  const objs = json.stderr.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
  assert.ok(objs.length > 0);
  assert.ok(objs.every((o) => o.syscall === "openat" && o.nr === OPENAT));
  assert.ok(
    objs.some((o) =>
      o.dir === "syscall" && o.ret === -2 && o.errno === "ENOENT" && o.comm === "cat"
    ),
  );
});

cliTest("the paths note: once on stderr, not with -q", async () => {
  const cmd = ["--backend", "tracefs", "-e", "openat", "--", "/bin/cat", "/nonexistent"];
  const loud = await cli(cmd);
  const quiet = await cli(["-q", ...cmd]);
  const note = /: the tracefs backend shows path and string arguments as addresses$/gm;
  if (HAVE_PROBES) {
    assert.match(loud.stderr, /openat\(AT_FDCWD, "\/nonexistent", O_RDONLY\) = -1 ENOENT/);
    assert.doesNotMatch(loud.stderr, note);
  } else {
    assert.equal(loud.stderr.match(note)?.length, 1, loud.stderr);
    assert.match(loud.stderr, /^mysysdig: this kernel has no kprobe events/m);
    assert.match(loud.stderr, /openat\(AT_FDCWD, 0x[0-9a-f]+, O_RDONLY\) = -1 ENOENT/);
  }
  assert.doesNotMatch(quiet.stderr, note);
  assert.doesNotMatch(quiet.stderr, /kprobe/);
  assert.match(quiet.stderr, /openat\(AT_FDCWD, /);
});

/** Lines of the trace (numbered lines) in `text`. */
const traceLines = (text: string) => text.split("\n").filter((l) => /^\d+ /.test(l));

cliTest("-- COMMAND: the trace starts at COMMAND's execve and goes to stderr", async () => {
  const r = await cli(["--backend", "tracefs", "--", "/bin/ls", "/"]);
  assert.equal(r.code, 0, r.stderr);
  // standard output is ls's own
  assert.match(r.stdout, /^proc$/m);
  assert.doesNotMatch(r.stdout, /execve|events recorded/);
  const lines = traceLines(r.stderr);
  // the first line is the execve of ls, by ls; nothing of the launcher before it
  assert.match(
    lines[0],
    /^1 \S+ \d+ ls \(\d+\) execve\((0x[0-9a-f]+|"\/bin\/ls"), 0x[0-9a-f]+, 0x[0-9a-f]+\) = 0 </,
  );
  assert.ok(!lines.some((l) => / deno \(\d+\) | < clone3 /.test(l)), lines.slice(0, 5).join("\n"));
  assert.equal(lines.filter((l) => / execve\(/.test(l)).length, 1);
  assert.match(r.stderr, /events recorded, 0 dropped, \d+ left out \(before COMMAND's execve\)$/m);
  // without a COMMAND, -o - is standard output as before
  const o = await cli(["--backend", "tracefs", "-o", "-", "-e", "brk", "--", "/bin/true"]);
  assert.equal(o.code, 0, o.stderr);
  assert.match(o.stdout, /^1 \S+ \d+ true \(\d+\) brk\(/);
});

cliTest("-c -- COMMAND: the summary on stderr, counting what strace counts", async () => {
  const r = await cli(["--backend", "tracefs", "-c", "--", "/bin/true"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "");
  const total = /^100\.00\s+[\d.]+\s+\d+\s+(\d+)\s+(\d+) total$/m.exec(r.stderr);
  assert.ok(total, r.stderr);
  // strace -c of the same program: its calls, execve included, and its errors
  const s = new Deno.Command("strace", { args: ["-c", "/bin/true"], stderr: "piped" }).outputSync();
  if (!s.success) return; // no strace here
  const st = /^100\.00\s+[\d.]+\s+\d+\s+(\d+)\s+(\d+) total$/m.exec(
    new TextDecoder().decode(s.stderr),
  );
  assert.ok(st);
  assert.equal(total[1], st[1], `calls: mysysdig ${total[0]}, strace ${st[0]}`);
  assert.equal(total[2], st[2], "errors");
});

cliTest("-e that leaves execve out still starts at COMMAND's execve", async () => {
  const r = await cli(["--backend", "tracefs", "-e", "trace=write", "--", "/bin/echo", "hi"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "hi\n");
  const lines = traceLines(r.stderr);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^1 \S+ \d+ echo \(\d+\) write\(1, 0x[0-9a-f]+, 3\) = 3 </);
  // strace's %net is %network
  const net = await cli([
    "--backend",
    "tracefs",
    "-e",
    "trace=%net",
    "--",
    "python3",
    "-c",
    "import socket; socket.socket()",
  ]);
  assert.equal(net.code, 0, net.stderr);
  const names = new Set(traceLines(net.stderr).map((l) => / (\w+)\(/.exec(l)![1]));
  assert.ok(names.has("socket"), net.stderr);
  assert.ok(
    [...names].every((n) =>
      /^(socket|getsockname|getpeername|setsockopt|getsockopt|connect|bind)$/.test(n)
    ),
    [...names].join(),
  );
  // negation: every call but these
  const n = await cli(["--backend", "tracefs", "-e", "!brk,execve", "--", "/bin/true"]);
  assert.equal(n.code, 0, n.stderr);
  const nl = traceLines(n.stderr);
  assert.ok(nl.some((l) => / exit_group\(0\) = \?$/.test(l)), n.stderr);
  assert.ok(!nl.some((l) => / (brk|execve)\(/.test(l)), n.stderr);
});

cliTest("restart codes, rt_sigreturn's exit and syscall -1 as strace names them", async () => {
  const mk = new Deno.Command("make", { args: ["-C", `${ROOT}tests/progs`, "signals"] })
    .outputSync();
  assert.ok(mk.success, new TextDecoder().decode(mk.stderr));
  const r = await cli(["--backend", "tracefs", "--", `${ROOT}tests/progs/signals`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "signals: ok\n");
  const lines = traceLines(r.stderr);
  const has = (re: RegExp) => assert.ok(lines.some((l) => re.test(l)), `${re}\n${r.stderr}`);
  has(/ pause\(\) = \? ERESTARTNOHAND \(To be restarted if no handler\) <\d+\.\d{6}>$/);
  has(/ clock_nanosleep\(.*\) = \? ERESTART_RESTARTBLOCK \(Interrupted by signal\) </);
  has(/ read\(3, 0x[0-9a-f]+, 1\) = \? ERESTARTSYS \(To be restarted if SA_RESTART is set\) </);
  has(/ < rt_sigreturn res=-4\(EINTR\)$/);
  has(/ < rt_sigreturn res=0$/);
  has(/ syscall_0xffffffffffffffff\(0x[0-9a-f]+, .*\) = -1 ENOSYS \(Function not implemented\) </);
  assert.ok(!lines.some((l) => /syscall_-1|rt_sigreturn\(\) = \?/.test(l)), r.stderr);
  assert.equal(lines.filter((l) => /rt_sigreturn/.test(l)).length, 3, r.stderr);
});

cliTest("-t, -tt, -ttt, --relative-timestamps, -q", async () => {
  const run = async (...flags: string[]) => {
    const r = await cli([
      "--backend",
      "tracefs",
      "-q",
      ...flags,
      "-e",
      "brk,mmap",
      "--",
      "/bin/true",
    ]);
    assert.equal(r.code, 0, r.stderr);
    // -q: no informational line
    assert.doesNotMatch(r.stderr, /events recorded/);
    return traceLines(r.stderr).map((l) => l.split(" ")[1]);
  };
  assert.ok((await run("-t")).every((t) => /^\d\d:\d\d:\d\d$/.test(t)));
  assert.ok((await run("-tt")).every((t) => /^\d\d:\d\d:\d\d\.\d{6}$/.test(t)));
  const epoch = await run("-ttt");
  assert.ok(epoch.every((t) => /^\d{10}\.\d{6}$/.test(t)), epoch.join(" "));
  assert.ok(Math.abs(Number(epoch[0]) - Date.now() / 1000) < 120);
  const rel = await run("--relative-timestamps");
  assert.equal(rel[0], "0.000000");
  assert.ok(rel.length >= 2 && rel.every((t) => /^\d+\.\d{6}$/.test(t)), rel.join(" "));
});

cliTest("auto without the module says once that it uses tracefs", async () => {
  if (exists("/dev/my_sysdig")) return; // the module is loaded: auto picks it
  const r = await cli(["-e", "openat", "--", "true"]);
  assert.equal(r.code, 0, r.stderr);
  const notes = r.stderr.split("\n").filter((l) => /using the tracefs backend/.test(l));
  assert.equal(notes.length, 1, r.stderr);
  // and, on a kernel without kprobe events, once what it shows as addresses
  const paths = r.stderr.split("\n").filter((l) => /as addresses/.test(l));
  assert.equal(paths.length, HAVE_PROBES ? 0 : 1, r.stderr);
});

cliTest("-p PID --format json: the process's records only", async () => {
  const p = gated("exec cat /nonexistent");
  const run = cli(["--backend", "tracefs", "-p", String(p.pid), "--format", "json"]);
  await sleep(1500); // the CLI starts tracing
  await p.go();
  const r = await run; // ends when the process is gone
  const objs = r.stdout.trim().split("\n").filter((l) => l).map((l) => JSON.parse(l));
  assert.ok(objs.length > 0, r.stderr);
  assert.ok(objs.every((o) => o.dir === "drop" || o.pid === p.pid));
  assert.ok(objs.some((o) => o.syscall === "openat" && o.ret === -2 && o.comm === "cat"));
});

/** Runs the CLI on a sleeping process, waits for its instance, then signals it. */
async function signalled(sig: Deno.Signal) {
  const sleeper = new Deno.Command("sleep", { args: ["30"] }).spawn();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "--backend", "tracefs", "-p", String(sleeper.pid)],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  try {
    for (let i = 0; i < 200 && ourInstances(child.pid).length === 0; i++) await sleep(50);
    const inst = ourInstances(child.pid);
    assert.equal(inst.length, 1, "the CLI made one instance");
    child.kill(sig);
    const st = await child.status;
    await child.stderr.cancel();
    return { inst, status: st, pid: child.pid };
  } finally {
    sleeper.kill("SIGKILL");
    await sleeper.status;
  }
}

cliTest("SIGINT and SIGTERM remove the instance", async () => {
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    const r = await signalled(sig);
    assert.deepEqual(ourInstances(r.pid), [], `${sig}: instance removed`);
    assert.equal(r.status.signal, null, `${sig}: the CLI exits by itself`);
  }
});

cliTest("SIGKILL leaves the instance; the next run removes it", async () => {
  const r = await signalled("SIGKILL");
  assert.equal(ourInstances(r.pid).length, 1);
  const next = await cli(["--backend", "tracefs", "-e", "openat", "--", "true"]);
  assert.equal(next.code, 0, next.stderr);
  assert.deepEqual(ourInstances(r.pid), []);
});

cliTest(
  "-w and text from the same trace: -r prints the live lines, sysdig -r opens the capture",
  async () => {
    const dir = Deno.makeTempDirSync();
    try {
      const cap = `${dir}/t.scap`, live = `${dir}/live.txt`;
      const r = await cli([
        "--backend",
        "tracefs",
        "-w",
        cap,
        "--format",
        "text",
        "-o",
        live,
        "--",
        "sh",
        "-c",
        "cat /etc/hostname /nonexistent >/dev/null 2>&1; true",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const liveLines = Deno.readTextFileSync(live).trimEnd().split("\n");
      assert.ok(
        liveLines.some((l) =>
          / cat \(\d+\) openat\(.*= -1 ENOENT \(No such file or directory\)/.test(l)
        ),
        live,
      );
      const back = await cli(["-r", cap, "--format", "text"]);
      assert.equal(back.code, 0, back.stderr);
      assert.deepEqual(back.stdout.trimEnd().split("\n"), liveLines);
      if (new Deno.Command("sh", { args: ["-c", "command -v sysdig"] }).outputSync().success) {
        const s = new Deno.Command("sysdig", {
          args: ["-r", cap, "-p", "%proc.name %evt.type %evt.res", "evt.type=openat"],
          stdout: "piped",
          stderr: "piped",
        }).outputSync();
        const out = new TextDecoder().decode(s.stdout);
        assert.equal(s.code, 0, new TextDecoder().decode(s.stderr));
        assert.match(out, /^cat openat ENOENT$/m, out.slice(0, 400));
      }
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
);
