/**
 * Runs every test suite and ends with one plain line, `N passed, N failed,
 * N skipped`, the only summary CI reads:
 *
 *   1. host: `deno test tests/` (unit tests; tracefs and capture tests that
 *      need root run when we are root; the release tests boot bare guests
 *      from here: tests/board_test.ts, the single executables with two files
 *      on a bare guest, x86_64 and aarch64, and tests/dist_test.ts, the
 *      folder bundle and DKMS; `--host-only board:` runs the board test alone),
 *   2. guest: the module's integration tests (tests/vm/) inside qemu guests
 *      running Debian's kernels (5.10, 6.1, 6.12 on x86_64 and aarch64, and
 *      6.12's arm64-16k flavour with 16 KiB pages: the GUESTS table below), one
 *      at a time, booted by vm/run.sh; each guest's kernel log must show no
 *      BUG, WARNING or Oops. Each guest gets Debian's strace for its
 *      architecture in /mnt/add (vm/strace-ref.sh), the reference of
 *      tests/vm/strace_test.ts.
 *
 * Usage: deno run -A tests/run.ts [--host-only | --guest-only] [FILTER]
 * MYSYSDIG_GUESTS="x86_64-6.1 aarch64-6.1" limits the guests.
 */
const ROOT = new URL("../", import.meta.url).pathname;
const args = Deno.args.filter((a) => !a.startsWith("--"));
const hostOnly = Deno.args.includes("--host-only");
const guestOnly = Deno.args.includes("--guest-only");
const filter = args[0];

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

/** Adds a deno test summary (`ok | 9 passed | 0 failed | 2 ignored`) found in out. */
function count(suite: string, out: string, code: number): void {
  const m = [
    ...out.matchAll(/(?:ok|FAILED) \| (\d+) passed[^|]*\| (\d+) failed(?: \| (\d+) ignored)?/g),
  ]
    .pop();
  if (!m) {
    total.failed++;
    failures.push(`${suite}: no test summary (exit status ${code})`);
    return;
  }
  total.passed += Number(m[1]);
  total.failed += Number(m[2]);
  total.skipped += Number(m[3] ?? 0);
  if (Number(m[2]) > 0) {
    failures.push(`${suite}: ${m[2]} failed`);
    // which, and why (deno's ERRORS section: the test, then its error's first line), so that
    // the last lines of a long run name them
    const clean = out.replace(new RegExp(String.fromCharCode(27) + "\\[[0-9;]*m", "g"), "");
    const why = new Map<string, string>();
    for (const e of clean.matchAll(/^(.+) => \S+_test\.ts:\d+:\d+\n(?:error: )?(.*)$/gm)) {
      if (!why.get(e[1])) why.set(e[1], e[2].slice(0, 300));
    }
    for (const [name, reason] of why) failures.push(`  ${name}: ${reason}`);
  } else if (code !== 0) {
    total.failed++;
    failures.push(
      code === 122
        ? `${suite}: the guest's kernel log shows a BUG, WARNING or Oops`
        : `${suite}: exit status ${code} although no test failed`,
    );
  }
}

/** Runs a command, streaming its output (unless quiet), and returns everything it printed. */
async function run(
  cmd: string,
  argv: string[],
  env: Record<string, string> = {},
  quiet = false,
) {
  const p = new Deno.Command(cmd, {
    args: argv,
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const dec = new TextDecoder();
  const pump = async (s: ReadableStream<Uint8Array>, w: { writeSync(b: Uint8Array): number }) => {
    for await (const chunk of s) {
      text += dec.decode(chunk, { stream: true });
      if (quiet) continue;
      let off = 0;
      while (off < chunk.length) off += w.writeSync(chunk.subarray(off));
    }
  };
  await Promise.all([pump(p.stdout, Deno.stdout), pump(p.stderr, Deno.stderr)]);
  const { code } = await p.status;
  return { code, text };
}

function banner(s: string): void {
  console.log(`\n==== ${s} ====`);
}

if (!guestOnly) {
  // The aarch64 6.1 guest's kernel headers (fetched once and cached, as its
  // guest run would anyway): the syscall-table generator test needs them.
  await new Deno.Command("bash", {
    args: ["vm/kernel.sh", "aarch64", "6.1"],
    env: { ARCH: "" },
    stdout: "null",
    stderr: "inherit",
  }).output().catch(() => {});
  banner("host tests");
  const f = filter ? ["--filter", filter] : [];
  const r = await run(Deno.execPath(), ["test", "-A", ...f, "--ignore=tests/vm", "tests/"]);
  count("host", r.text, r.code);
}

/**
 * The support table: every (architecture, kernel) the guest suite runs on,
 * as docs/support.md states it. A guest that cannot be had (no kernel
 * package, no boot) fails its suite; only VM_SKIP=1 skips, and says so.
 */
const GUESTS: { arch: string; kseries: string }[] = [
  { arch: "x86_64", kseries: "6.1" },
  { arch: "aarch64", kseries: "6.1" },
  { arch: "x86_64", kseries: "5.10" },
  { arch: "x86_64", kseries: "6.12" },
  { arch: "aarch64", kseries: "5.10" },
  { arch: "aarch64", kseries: "6.12" },
  // 16 KiB pages (Debian's arm64-16k flavour; the Raspberry Pi 5's default page size)
  { arch: "aarch64", kseries: "6.12-16k" },
];
// MYSYSDIG_GUESTS="x86_64-6.1 aarch64-6.12" runs only those.
const only = (Deno.env.get("MYSYSDIG_GUESTS") ?? "").split(/[\s,]+/).filter((s) => s !== "");

/**
 * Debian's strace for an architecture's guests (vm/strace-ref.sh), staged once
 * per run into .cache/strace-ref/ARCH/add and handed to each guest as VM_ADD
 * (/mnt/add): tests/vm/strace_test.ts compares the tracer's lines with it.
 * null when it could not be staged (a failure of that guest's suite).
 */
const straceRef = new Map<string, Promise<string | null>>();
function stageStrace(arch: string): Promise<string | null> {
  // one staging per architecture, also when two of its guests start at once
  if (!straceRef.has(arch)) {
    straceRef.set(
      arch,
      (async () => {
        const dir = `${ROOT}.cache/strace-ref/${arch}/add`;
        await Deno.remove(dir, { recursive: true }).catch(() => {});
        const r = await new Deno.Command("bash", {
          args: ["vm/strace-ref.sh", arch, dir],
          cwd: ROOT,
          stdout: "null",
          stderr: "inherit",
        }).output().catch(() => null);
        return r?.success ? dir : null;
      })(),
    );
  }
  return straceRef.get(arch)!;
}

/** One guest's suite: its output is printed as one block when it ends. */
async function guestSuite(g: { arch: string; kseries: string }): Promise<void> {
  const suite = `guest ${g.arch} ${g.kseries}`;
  const head = `module tests in a qemu guest (${g.arch}, Debian ${g.kseries})`;
  const f = filter ? ` --filter '${filter.replaceAll("'", "")}'` : "";
  // A 16k cell proves nothing unless the guest's pages really are 16 KiB: no summary then.
  const pages = g.kseries.endsWith("-16k")
    ? "grep -q '^KernelPageSize: *16 kB' /proc/self/smaps || { echo 'not 16 KiB pages' >&2; exit 1; }; "
    : "";
  const add = await stageStrace(g.arch);
  if (add === null) {
    total.failed++;
    failures.push(`${suite}: vm/strace-ref.sh ${g.arch} failed (no strace reference)`);
  }
  const started = Date.now();
  const r = await run("bash", ["vm/run.sh"], {
    ...(add === null ? {} : { VM_ADD: add }),
    VM_ARCH: g.arch,
    KSERIES: g.kseries,
    VM_CMD: `${pages}MYSYSDIG_GUEST=1 deno test -A --no-check${f} tests/vm/`,
    VM_TIMEOUT: "1500",
    // One host thread for both vCPUs: with one each (qemu 7.2's MTTCG), a vCPU sometimes keeps
    // executing a stale translation of a jump label the other patched at tracepoint
    // registration (RCU stalls and soft lockups at the same RIP, no progress). Same wall time
    // for this suite on the 2-core hosts it runs on. The benchmarks keep a thread per vCPU.
    VM_TCG_THREAD: Deno.env.get("VM_TCG_THREAD") ?? "single",
  }, true);
  banner(head);
  const out = new TextEncoder().encode(r.text);
  for (let off = 0; off < out.length;) off += Deno.stdout.writeSync(out.subarray(off));
  console.log(`${suite}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  count(suite, r.text, r.code);
}

if (!hostOnly) {
  const queue = GUESTS.filter((g) => !only.length || only.includes(`${g.arch}-${g.kseries}`));
  if (Deno.env.get("VM_SKIP") === "1") {
    for (const g of queue) {
      banner(`module tests in a qemu guest (${g.arch}, Debian ${g.kseries})`);
      console.log(`skipped guest ${g.arch} ${g.kseries}: VM_SKIP=1 is set`);
      total.skipped++;
    }
  } else {
    // Each guest runs its two vCPUs on one host thread: on a 2-core host two guests at once
    // (MYSYSDIG_GUEST_JOBS, default 2) halve the wall time. Builds and initramfs staging take
    // their own locks (vm/build.sh, vm/initramfs.sh).
    const jobs = Math.max(1, Number(Deno.env.get("MYSYSDIG_GUEST_JOBS") ?? "2") || 1);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(jobs, queue.length) }, async () => {
        while (next < queue.length) await guestSuite(queue[next++]);
      }),
    );
  }
}

if (failures.length) {
  console.log("\nFailed:");
  for (const f of failures) console.log(`  ${f}`);
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
Deno.exit(total.failed > 0 ? 1 : 0);
