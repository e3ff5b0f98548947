/**
 * The qemu test harness itself (vm/run.sh through vm/vm.ts): the kernel-log
 * scanner on sample logs, then two short boots and one deliberate timeout
 * proving that stdout and stderr come back apart, the exit status comes
 * back, VM_ADD content is visible, Deno runs in the guest, a kernel stack
 * trace fails the run and a hung guest is killed. The boots skip, with the
 * reason, where no guest can be booted (no qemu, no kernel, VM_SKIP=1).
 */
import assert from "node:assert/strict";
import { logPatterns, runInVm, scanKernelLog, vmUnavailable } from "../vm/vm.ts";

const CLEAN_LOG =
  `[    0.000000] Linux version 6.1.0-56-cloud-amd64 (debian-kernel@lists.debian.org) #1 SMP
[    0.000000] tsc: Fast TSC calibration failed
[    0.000317] tsc: Marking TSC unstable due to TSCs unsynchronized
[    0.426000] calibrate_delay_direct() failed to get a good estimate for loops_per_jiffy.
[    0.915778] acpi PNP0A03:00: fail to add MMCONFIG information, can't access extended PCI configuration space under this bridge.
[    2.066061] Unstable clock detected, switching default tracing clock to "global"
[    2.422596] Run /init as init process
[    2.700000] my_sysdig: loading out-of-tree module taints kernel.
[    2.700100] my_sysdig: module verification failed: signature and/or required key missing - tainting kernel
[    3.100000] deno[123]: segfault at 0 ip 0000000000401000 sp 00007ffc00000000 error 4 in prog[401000+1000]
`;

const BAD_LOG = `[    2.257149] ------------[ cut here ]------------
[    2.257256] WARNING: CPU: 1 PID: 110 at /tmp/hellomod/hello.c:4 h_init+0x1a/0x1000 [hello]
[    2.257686] Modules linked in: hello(OE+)
[    2.259661] Call Trace:
[    2.260020]  <TASK>
[   30.000000] BUG: kernel NULL pointer dereference, address: 0000000000000008
[   30.000001] Oops: 0000 [#1] PREEMPT SMP NOPTI
[   52.000000] watchdog: BUG: soft lockup - CPU#1 stuck for 26s! [deno:200]
[   60.000000] NMI watchdog: Watchdog detected hard LOCKUP on cpu 1
[   70.000000] rcu: INFO: rcu_sched self-detected stall on CPU
[   80.000000] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
[   90.000000] INFO: task insmod:100 blocked for more than 120 seconds.
[  100.000000] kernel BUG at mm/slub.c:400!
[  110.000000] general protection fault, probably for non-canonical address 0xdead000000000100
[  120.000000] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580
`;

Deno.test("kernel log scanner: a normal boot and module load are clean", () => {
  assert.deepEqual(scanKernelLog(CLEAN_LOG), []);
});

Deno.test("kernel log scanner: every kind of kernel complaint is caught", () => {
  const bad = BAD_LOG.trimEnd().split("\n");
  const found = scanKernelLog(BAD_LOG);
  // All but the "Modules linked in" and "<TASK>" lines, which only follow one.
  assert.deepEqual(found, bad.filter((l) => !/Modules linked in|<TASK>/.test(l)));
  assert.deepEqual(scanKernelLog(CLEAN_LOG + BAD_LOG), found);
});

Deno.test("kernel log scanner: VM_LOG_IGNORE-style exceptions", () => {
  const found = scanKernelLog(BAD_LOG, /hello\.c|cut here|Call Trace/);
  assert.ok(!found.some((l) => l.includes("hello.c")));
  assert.ok(found.some((l) => l.includes("soft lockup")));
});

Deno.test("kernel log scanner: grep -E (as vm/run.sh uses it) agrees with the TS scanner", async () => {
  assert.ok(logPatterns().length >= 10);
  const text = CLEAN_LOG + BAD_LOG;
  // Each pattern as its own -e: the same as run.sh's grep -E -f.
  const args = ["-E", ...logPatterns().flatMap((p) => ["-e", p.source])];
  const child = new Deno.Command("grep", { args, stdin: "piped", stdout: "piped" }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(text));
  await w.close();
  const out = new TextDecoder().decode((await child.output()).stdout);
  assert.deepEqual(out.trimEnd().split("\n"), scanKernelLog(text));
});

const unavailable = vmUnavailable();
if (unavailable) console.error(`vm_harness_test: guest boots skipped: ${unavailable}`);
const vmTest = (name: string, fn: () => Promise<void>) =>
  Deno.test({
    name: unavailable ? `${name} (skipped: ${unavailable})` : name,
    ignore: unavailable !== null,
    fn,
  });

vmTest("guest: stdout and stderr apart, exit status, VM_ADD, 2 CPUs, Deno", async () => {
  const add = await Deno.makeTempDir({ prefix: "vm-harness-add." });
  try {
    await Deno.writeTextFile(`${add}/greeting.txt`, "hello from the host\n");
    const r = await runInVm({
      cmd: [
        "cat /mnt/add/greeting.txt",
        "echo 'to stderr' >&2",
        "printf 'raw\\r\\nbytes\\n'",
        "nproc",
        "deno eval 'console.log(6 * 7)'",
        "test -f /mysysdig/deno.json && echo tree-ok",
        'echo "$HOME $DENO_DIR"',
        "head -c 1000000 /dev/zero",
        "exit 7",
      ].join("; "),
      add,
      noInsmod: true,
      build: false,
    });
    assert.equal(r.stderr, "to stderr\n", r.harnessStderr);
    const head = "hello from the host\nraw\r\nbytes\n2\n42\ntree-ok\n/root /var/cache/deno\n";
    assert.equal(r.stdout.slice(0, head.length), head);
    // A megabyte of NULs, whole: the channel is binary-clean and fast.
    assert.equal(r.stdout.length, head.length + 1_000_000);
    assert.ok(/^\0+$/.test(r.stdout.slice(head.length)));
    assert.doesNotMatch(r.consoleLog, /no virtio-serial channels/);
    assert.equal(r.code, 7, r.harnessStderr);
    assert.equal(r.commandCode, 7);
    assert.equal(r.timedOut, false);
    assert.match(r.kernelLog, /Linux version 6\.1\./);
    assert.match(r.kernelLog, /Run \/init as init process/);
    assert.deepEqual(r.problems, []);
    console.log(`guest ran ${r.elapsedSec}s`);
  } finally {
    await Deno.remove(add, { recursive: true });
  }
});

vmTest("guest: a kernel stack trace in the log fails the run (122)", async () => {
  // sysrq 'l' makes every CPU print a backtrace: a harmless, certain
  // "Call Trace:" in the kernel log.
  const r = await runInVm({ cmd: "echo l >/proc/sysrq-trigger", noInsmod: true, build: false });
  assert.equal(r.commandCode, 0, r.harnessStderr);
  assert.equal(r.code, 122, r.harnessStderr);
  assert.ok(r.problems.some((l) => l.includes("Call Trace:")), r.problems.join("\n"));
  assert.match(r.harnessStderr, /kernel log reports problems/);
  assert.match(r.harnessStderr, /Call Trace:/);
});

vmTest("guest: a hung command is reported with its tasks' kernel stacks (124)", async () => {
  const r = await runInVm({
    cmd: "echo started; cat /dev/zero | sleep 600",
    noInsmod: true,
    build: false,
    timeoutSec: 60,
    env: { VM_GUEST_TIMEOUT: "4" },
  });
  assert.equal(r.code, 124, r.harnessStderr);
  assert.equal(r.timedOut, true);
  assert.equal(r.stdout, "started\n");
  assert.match(r.harnessStderr, /did not finish within the guest's timeout/);
  assert.match(r.harnessStderr, /state S \(cat\) wchan=pipe_write: cat \/dev\/zero/);
  assert.match(r.harnessStderr, /hrtimer_nanosleep/);
  assert.ok(r.elapsedSec < 30, `took ${r.elapsedSec}s`);
});

vmTest("guest: a guest that does not finish is killed (124)", async () => {
  const r = await runInVm({ cmd: "sleep 600", noInsmod: true, build: false, timeoutSec: 2 });
  assert.equal(r.code, 124, r.harnessStderr);
  assert.equal(r.timedOut, true);
  assert.equal(r.commandCode, null);
  assert.match(r.harnessStderr, /did not finish within 2s/);
});

const unavailableArm = vmUnavailable("aarch64");
Deno.test({
  name: `guest aarch64: channels, exit status and Deno${
    unavailableArm ? ` (skipped: ${unavailableArm})` : ""
  }`,
  ignore: unavailableArm !== null,
  fn: async () => {
    const r = await runInVm({
      arch: "aarch64",
      cmd: "uname -m; echo e >&2; deno eval 'console.log(Deno.build.arch)'; nproc; exit 3",
      noInsmod: true,
      build: false,
    });
    assert.equal(r.stderr, "e\n", r.harnessStderr);
    assert.equal(r.stdout, "aarch64\naarch64\n2\n");
    assert.equal(r.code, 3, r.harnessStderr);
    assert.match(r.kernelLog, /Linux version 6\.1\..*/);
    assert.deepEqual(r.problems, []);
    console.log(`aarch64 guest ran ${r.elapsedSec}s`);
  },
});
