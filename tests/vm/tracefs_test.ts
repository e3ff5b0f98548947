/**
 * The tracefs backend against the guest's own kernel, whose ring-buffer pages are its page size
 * (16 KiB on Debian's arm64-16k kernel, tests/run.ts's aarch64-6.12-16k cell): the reader takes
 * the page's size from tracefs (events/header_page, buffer_subbuf_size_kb), not 4096. A command
 * traced through tracefs shows the same syscalls as through the module, and a few thousand
 * calls (many ring pages) arrive complete. Skipped on 4 KiB pages (below).
 */
import assert from "node:assert/strict";
import { type Ev, inGuest, jsonl, mysysdig } from "./helpers.ts";

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
