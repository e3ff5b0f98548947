/**
 * The tracefs backend against the guest's own kernel, whose ring-buffer pages are its page size
 * (16 KiB on Debian's arm64-16k kernel, tests/run.ts's aarch64-6.12-16k cell): the reader takes
 * the page's size from tracefs (events/header_page, buffer_subbuf_size_kb), not 4096. A command
 * traced through tracefs shows the same syscalls as through the module, and a few thousand
 * calls (many ring pages) arrive complete. Skipped on 4 KiB pages (below).
 */
import assert from "node:assert/strict";
import { type Ev, inGuest, jsonl, mysysdig, sleep, spawnMysysdig } from "./helpers.ts";

const pageKb = inGuest
  ? Deno.readTextFileSync("/proc/self/smaps").match(/^KernelPageSize:\s+(\d+) kB/m)?.[1]
  : undefined;
// Only where pages are not 4 KiB (the 16k cell): 4 KiB pages are the host's own tracefs tests'
// (tests/tracefs_test.ts), and each guest cell would pay about 30 s of TCG for these.
const t = (name: string, fn: () => Promise<void>) =>
  Deno.test({
    name,
    ignore: !inGuest || pageKb === "4",
    sanitizeResources: false,
    sanitizeOps: false,
    fn,
  });

async function trace(backend: string, ...cmd: string[]): Promise<Ev[]> {
  const out = `/tmp/tracefs-${backend}.jsonl`;
  const r = await mysysdig(
    "--backend",
    backend,
    "--buffer-size",
    "4096",
    "--format",
    "json",
    "-o",
    out,
    "--",
    ...cmd,
  );
  assert.equal(r.code, 0, `${backend}: ${r.stderr}`);
  assert.match(r.stderr, / 0 dropped/, `${backend}: ${r.stderr}`);
  return jsonl(Deno.readTextFileSync(out)).filter((e) => e.syscall !== undefined);
}

t("tracefs: on this kernel's page size, a command's syscalls as the module sees them", async () => {
  console.log(`page size ${pageKb} KiB`);
  // Names only: brk's addresses and set_tid_address's tid differ from run to run.
  const names = (evs: Ev[]) => evs.map((e) => `${e.comm} ${e.syscall}`);
  const viaModule = names(await trace("kmod", "/bin/cat", "/proc/version"));
  const viaTracefs = names(await trace("tracefs", "/bin/cat", "/proc/version"));
  assert.ok(viaModule.some((l) => l === "cat openat"), viaModule.join("\n"));
  assert.deepEqual(viaTracefs, viaModule);
});

t("tracefs: 3000 reads and writes of one byte span many ring pages, none lost", async () => {
  const evs = await trace(
    "tracefs",
    "/bin/dd",
    "if=/dev/zero",
    "of=/dev/null",
    "bs=1",
    "count=3000",
  );
  const n = (s: string) =>
    evs.filter((e) => e.comm === "dd" && e.syscall === s && e.ret === 1).length;
  assert.equal(n("read"), 3000);
  assert.equal(n("write"), 3000);
});

// ---- paths through kprobe events (docs/tracefs.md, "Paths") ----------------------------------
// On every guest: Debian's kernels have CONFIG_KPROBE_EVENTS, so the tracefs backend fetches the
// path arguments itself and shows them as the module does.

const TRACING = "/sys/kernel/tracing";
const tp = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, ignore: !inGuest, sanitizeResources: false, sanitizeOps: false, fn });

/** Kprobe definitions and instances of mysysdig still in the kernel. */
function leftovers(): string[] {
  const out: string[] = [];
  for (const f of ["kprobe_events", "dynamic_events"]) {
    try {
      out.push(
        ...Deno.readTextFileSync(`${TRACING}/${f}`).split("\n").filter((l) => /mysysdig/.test(l)),
      );
    } catch { /* absent */ }
  }
  for (const e of Deno.readDirSync(`${TRACING}/instances`)) {
    if (e.name.startsWith("mysysdig-")) out.push(`instance ${e.name}`);
  }
  return out;
}

tp(
  "tracefs paths: openat's path, execve's filename and a stat path, as with the module",
  async () => {
    const out = "/tmp/tracefs-paths.txt";
    const script =
      "cat /proc/version >/dev/null; [ -e /etc/passwd ]; cat /nonexistent-tracefs 2>/dev/null; true";
    const r = await mysysdig("--backend", "tracefs", "-o", out, "--", "/bin/sh", "-c", script);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /addresses/, r.stderr);
    const text = Deno.readTextFileSync(out);
    const has = (re: RegExp) => assert.match(text, re, text);
    // busybox runs its applets as /proc/self/exe (comm "exe"), a shell builtin's stat is sh's
    has(/ sh \(\d+\) execve\("\/bin\/sh", 0x[0-9a-f]+, 0x[0-9a-f]+\) = 0 </);
    has(/ \(\d+\) execve\("(\/bin\/cat|\/proc\/self\/exe)", 0x[0-9a-f]+, 0x[0-9a-f]+\) = 0 </);
    has(/ \(\d+\) openat\(AT_FDCWD, "\/proc\/version", O_RDONLY[|A-Z_]*\) = \d+ </);
    has(/ \(\d+\) openat\(AT_FDCWD, "\/nonexistent-tracefs", O_RDONLY[|A-Z_]*\) = -1 ENOENT /);
    has(/ \(\d+\) (stat|lstat|newfstatat|statx)\((AT_FDCWD, )?"\/etc\/passwd", /);
    // every call with a path shows it: busybox's readlink of "/proc/self/exe" from a page of its
    // image not yet resident at entry too (the kernel's copy, through the putname probe)
    const opens = text.split("\n").filter((l) =>
      / (openat|newfstatat|readlinkat|readlink|execve)\(/.test(l)
    );
    assert.ok(
      opens.length >= 6 &&
        opens.every((l) =>
          /(openat|newfstatat|readlinkat|readlink|execve)\((AT_FDCWD, )?"/.test(l)
        ),
      opens.join("\n"),
    );
    has(/ readlink(at)?\((AT_FDCWD, )?"\/proc\/self\/exe", 0x[0-9a-f]+, 4096\) = \d+ </);
    assert.deepEqual(leftovers(), []);
    console.log(opens.slice(0, 3).join("\n"));
  },
);

tp("tracefs paths: JSON and -e: the path as the module gives it", async () => {
  const out = "/tmp/tracefs-paths.jsonl";
  const r = await mysysdig(
    "--backend",
    "tracefs",
    "--format",
    "json",
    "-e",
    "openat",
    "-o",
    out,
    "--",
    "/bin/cat",
    "/proc/version",
  );
  assert.equal(r.code, 0, r.stderr);
  const evs = jsonl(Deno.readTextFileSync(out)).filter((e) => e.syscall === "openat");
  const text = JSON.stringify(evs);
  assert.ok(text.includes('"/proc/version"'), text);
  assert.deepEqual(leftovers(), []);
});

tp(
  "tracefs paths: a tracer killed with SIGKILL leaves its probes; the next run removes them",
  async () => {
    const p = spawnMysysdig("--backend", "tracefs", "-e", "openat", "-o", "/dev/null", "-p", "1");
    let seen: string[] = [];
    for (let i = 0; i < 600 && seen.length === 0; i++) {
      await sleep(100);
      seen = leftovers().filter((l) => l.startsWith("p:"));
    }
    assert.ok(seen.length > 0, "the tracer's probe appeared");
    console.log(seen.join("\n"));
    p.kill("SIGKILL");
    await p.output();
    assert.ok(leftovers().some((l) => l.startsWith("p:")), "left by SIGKILL");
    const r = await mysysdig("--backend", "tracefs", "-e", "getppid", "--", "/bin/true");
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(leftovers(), []);
  },
);

tp("tracefs paths: the same paths as the module's, call by call", async () => {
  const script =
    "cat /proc/version >/dev/null; [ -e /etc/passwd ]; cat /nonexistent-tracefs 2>/dev/null; true";
  // each call with a path argument: its name and the path (the module also copies argv, buffers
  // and outputs, which the tracefs backend shows as addresses)
  const calls =
    /^(execve|openat|newfstatat|stat|lstat|statx|readlink|readlinkat|access|faccessat)$/;
  const paths = async (backend: string) => {
    const out = `/tmp/tracefs-paths-${backend}.txt`;
    const r = await mysysdig("--backend", backend, "-o", out, "--", "/bin/sh", "-c", script);
    assert.equal(r.code, 0, `${backend}: ${r.stderr}`);
    return Deno.readTextFileSync(out).split("\n").map((l) => / \(\d+\) (\w+)\((.*)\) = /.exec(l))
      .filter((m) => m !== null && calls.test(m[1]))
      .map((m) => `${m![1]} ${/"(?:[^"\\]|\\.)*"/.exec(m![2])?.[0] ?? "(none)"}`);
  };
  const viaModule = await paths("kmod");
  const viaTracefs = await paths("tracefs");
  assert.ok(viaModule.length >= 6, viaModule.join("\n"));
  assert.deepEqual(viaTracefs, viaModule);
});
