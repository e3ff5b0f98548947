/**
 * Runs every test suite and ends with one plain line, `N passed, N failed,
 * N skipped`, the only summary CI reads:
 *
 *   1. host: `deno test tests/` (unit tests; tracefs and capture tests that
 *      need root run when we are root),
 *   2. guest: the module's integration tests (tests/vm/) inside a qemu guest
 *      running Debian's kernel, booted by vm/run.sh, whose kernel log must
 *      show no BUG, WARNING or Oops.
 *
 * Usage: deno run -A tests/run.ts [--host-only | --guest-only] [FILTER]
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
  const m = [...out.matchAll(/(?:ok|FAILED) \| (\d+) passed[^|]*\| (\d+) failed(?: \| (\d+) ignored)?/g)]
    .pop();
  if (!m) {
    total.failed++;
    failures.push(`${suite}: no test summary (exit status ${code})`);
    return;
  }
  total.passed += Number(m[1]);
  total.failed += Number(m[2]);
  total.skipped += Number(m[3] ?? 0);
  if (Number(m[2]) > 0) failures.push(`${suite}: ${m[2]} failed`);
  else if (code !== 0) {
    total.failed++;
    failures.push(
      code === 122
        ? `${suite}: the guest's kernel log shows a BUG, WARNING or Oops`
        : `${suite}: exit status ${code} although no test failed`,
    );
  }
}

/** Runs a command, streaming its output, and returns everything it printed. */
async function run(cmd: string, argv: string[], env: Record<string, string> = {}) {
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
  banner("host tests");
  const f = filter ? ["--filter", filter] : [];
  const r = await run(Deno.execPath(), ["test", "-A", ...f, "--ignore=tests/vm", "tests/"]);
  count("host", r.text, r.code);
}

if (!hostOnly) {
  banner("module tests in a qemu guest (x86_64, Debian 6.1)");
  const f = filter ? ` --filter '${filter.replaceAll("'", "")}'` : "";
  const r = await run("bash", [
    "vm/run.sh",
  ], {
    VM_CMD: `MYSYSDIG_GUEST=1 deno test -A --no-check${f} tests/vm/`,
    VM_TIMEOUT: "1200",
  });
  count("guest x86_64 6.1", r.text, r.code);
}

if (failures.length) {
  console.log("\nFailed:");
  for (const f of failures) console.log(`  ${f}`);
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
Deno.exit(total.failed > 0 ? 1 : 0);
