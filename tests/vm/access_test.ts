/**
 * Who may use the device and when it reports readable, inside the test guest: the module checks
 * the opener's capabilities itself, whatever the device node's mode says; poll() does not report
 * readable before tracing starts; and a kernel thread's children (user-mode helpers) get no
 * phantom record of a syscall they never made.
 */
import assert from "node:assert/strict";
import { finish, inGuest, jsonl, prog, sh, sleep, spawnMysysdig, waitTracing } from "./helpers.ts";
import { cstr, loadShim } from "../../src/ffi.ts";
import { encodeFilter } from "../../src/abi.ts";

const t = (name: string, fn: () => void | Promise<void>) =>
  Deno.test({ name, ignore: !inGuest, sanitizeResources: false, sanitizeOps: false, fn });

t(
  "open: without CAP_PERFMON or CAP_SYS_ADMIN, EPERM even when the node's mode allows it",
  async () => {
    Deno.chmodSync("/dev/my_sysdig", 0o666);
    try {
      const r = await sh(prog("asuser"), ["65534", "/bin/cat", "/dev/my_sysdig"]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /Operation not permitted/, r.stderr);
    } finally {
      Deno.chmodSync("/dev/my_sysdig", 0o600);
    }
  },
);

t("poll: not readable before START; readable (end of trace) after STOP", async () => {
  const shim = loadShim();
  const fd = shim.msd_open(cstr("/dev/my_sysdig"));
  assert.ok(fd >= 0, `open: ${fd}`);
  try {
    assert.equal(await shim.msd_wait(fd, 300), 0, "readable before START");
    assert.equal(shim.msd_set_filter(fd, encodeFilter({ pids: [1], follow: false })), 0);
    assert.equal(shim.msd_start(fd), 0);
    assert.equal(shim.msd_stop(fd), 0);
    assert.equal(await shim.msd_wait(fd, 300), 1, "not readable after STOP");
  } finally {
    shim.msd_close(fd);
  }
});

t("fork: a user-mode helper forked by a kernel thread gets no phantom record", async () => {
  // a core dump piped to a helper: the kernel forks it from a kworker
  const old = Deno.readTextFileSync("/proc/sys/kernel/core_pattern");
  Deno.writeTextFileSync("/proc/sys/kernel/core_pattern", "|/bin/true");
  try {
    const p = spawnMysysdig("--format", "json", "--events", "both");
    await waitTracing(p.pid);
    await sh("/bin/sh", [
      "-c",
      "ulimit -c unlimited; exec " + prog("loop") + " 1 0.2 & kill -SEGV $!; wait",
    ]);
    await sleep(1000);
    p.kill("SIGINT");
    const r = await finish(p);
    assert.equal(r.code, 0, r.stderr);
    const evs = jsonl(r.stdout);
    assert.ok(evs.length > 0);
    // nothing in the guest calls io_setup; a helper's phantom "return" would show as one
    const phantom = evs.filter((e) => e.syscall === "io_setup");
    assert.deepEqual(phantom, [], JSON.stringify(phantom));
  } finally {
    Deno.writeTextFileSync("/proc/sys/kernel/core_pattern", old.trim());
  }
});
