/**
 * Host-side helper for tests that boot a qemu guest: a thin wrapper over
 * vm/run.sh, which does the real work (kernel, initramfs, boot, timeout,
 * kernel-log check). Use from a host test:
 *
 * ```ts
 * import { runInVm, vmUnavailable } from "../vm/vm.ts";
 * const why = vmUnavailable();
 * Deno.test({ name: "...", ignore: why !== null, fn: async () => {
 *   const r = await runInVm({ cmd: "mysysdig --format seed -- /bin/true" });
 *   assert.equal(r.code, 0, r.harnessStderr);
 * }});
 * ```
 *
 * The guest runs `cmd` with `sh -c` as root in /mysysdig (the project tree),
 * with kmod/my_sysdig.ko loaded unless `noInsmod`. `mysysdig` on the guest's
 * PATH is the CLI; `deno test -A --no-check tests/...` runs tests there.
 *
 * @module
 */

const VM_DIR = new URL(".", import.meta.url).pathname;
const RUN_SH = `${VM_DIR}run.sh`;

/** What to run in the guest and how. */
export interface VmRunOptions {
  /** Shell command, run by the guest's `sh -c` in /mysysdig. */
  cmd: string;
  /** Host directory whose contents appear in the guest at /mnt/add. */
  add?: string;
  /** Do not load kmod/my_sysdig.ko before the command. */
  noInsmod?: boolean;
  /**
   * A bare guest: busybox, glibc and /init only, as on a user's board (no
   * Deno, no project tree, no module loaded, nothing built); bring the
   * release artefacts in with `add`.
   */
  bare?: boolean;
  /** Module parameters for that insmod, e.g. `"pid=1 proc_name=init"`. */
  insmodArgs?: string;
  /** Seconds before the guest is killed and the run fails (default 240). */
  timeoutSec?: number;
  /** Guest architecture (default: the host's). */
  arch?: string;
  /** Debian kernel series (default "6.1"). */
  kseries?: string;
  /** Run make for the module, shim and test programs first (default true). */
  build?: boolean;
  /** Kernel log lines matching this are not counted as problems. */
  logIgnore?: RegExp;
  /** More environment for vm/run.sh (VM_MEM, VM_SMP, VM_KAPPEND, ...). */
  env?: Record<string, string>;
}

/** What came back from the guest. */
export interface VmRunResult {
  /**
   * vm/run.sh's exit status: the command's, or 122 (kernel log problem),
   * 124 (timeout), 125 (harness failure).
   */
  code: number;
  /** The command's own exit status; null when the guest never reported it. */
  commandCode: number | null;
  /** The command's stdout and stderr, kept apart. */
  stdout: string;
  stderr: string;
  /** The guest's whole kernel log (dmesg), or the console log if it died. */
  kernelLog: string;
  /** The guest's console (ttyS0): boot messages at loglevel 5 and above. */
  consoleLog: string;
  /** Kernel log lines that fail the run (see vm/log-patterns.txt). */
  problems: string[];
  timedOut: boolean;
  /** Seconds from qemu's start to its exit. */
  elapsedSec: number;
  /** vm/run.sh's own messages (build output, failure reports). */
  harnessStderr: string;
}

let patterns: RegExp[] | undefined;

/** The regexes of vm/log-patterns.txt, shared with vm/run.sh. */
export function logPatterns(): RegExp[] {
  patterns ??= Deno.readTextFileSync(new URL("./log-patterns.txt", import.meta.url))
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => new RegExp(l));
  return patterns;
}

/**
 * The lines of a kernel log that report a kernel problem (BUG, WARNING, Oops,
 * lockups, stalls, ...), minus those matching `ignore`.
 */
export function scanKernelLog(log: string, ignore?: RegExp): string[] {
  const pats = logPatterns();
  return log.split("\n").filter((line) =>
    pats.some((p) => p.test(line)) && !(ignore && ignore.test(line))
  );
}

/**
 * Why guests cannot be booted here, or null when they can: checks qemu, the
 * Deno binary the initramfs needs, and the kernel (fetched and cached on first
 * use by vm/kernel.sh). Synchronous, for `Deno.test({ ignore })`. VM_SKIP=1
 * in the environment skips on purpose.
 */
export function vmUnavailable(arch?: string, kseries = "6.1"): string | null {
  if (Deno.env.get("VM_SKIP") === "1") return "VM_SKIP=1 is set";
  if (Deno.build.os !== "linux") return "guests are booted on Linux hosts only";
  const a = arch ?? (Deno.build.arch === "aarch64" ? "aarch64" : "x86_64");
  const qemu = a === "x86_64" ? "qemu-system-x86_64" : "qemu-system-aarch64";
  const which = run("sh", ["-c", `command -v ${qemu}`]);
  if (which.code !== 0) return `${qemu} is not installed`;
  try {
    Deno.statSync(`${VM_DIR}run.sh`);
  } catch {
    return "vm/run.sh is not here (inside a guest?)";
  }
  const k = run("bash", [`${VM_DIR}kernel.sh`, a, kseries]);
  if (k.code !== 0) return `no ${a} ${kseries} kernel: ${k.stderr.trim().split("\n").pop()}`;
  return null;
}

function run(cmd: string, args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const o = new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).outputSync();
    const d = new TextDecoder();
    return { code: o.code, stdout: d.decode(o.stdout), stderr: d.decode(o.stderr) };
  } catch (e) {
    return { code: 127, stdout: "", stderr: String(e) };
  }
}

/** Boots a guest, runs `opts.cmd` in it, and returns what came back. */
export async function runInVm(opts: VmRunOptions): Promise<VmRunResult> {
  const outDir = await Deno.makeTempDir({ prefix: "mysysdig-vm-out." });
  try {
    const env: Record<string, string> = {
      ...opts.env,
      VM_CMD: opts.cmd,
      VM_OUT_DIR: outDir,
      VM_NO_ECHO: "1",
      VM_BUILD: opts.build === false ? "0" : "1",
      VM_NOINSMOD: opts.noInsmod ? "1" : "0",
    };
    if (opts.bare) env.VM_BARE = "1";
    if (opts.add !== undefined) env.VM_ADD = opts.add;
    if (opts.insmodArgs !== undefined) env.VM_INSMOD_ARGS = opts.insmodArgs;
    if (opts.timeoutSec !== undefined) env.VM_TIMEOUT = String(opts.timeoutSec);
    if (opts.arch !== undefined) env.VM_ARCH = opts.arch;
    if (opts.kseries !== undefined) env.KSERIES = opts.kseries;
    if (opts.logIgnore !== undefined) env.VM_LOG_IGNORE = opts.logIgnore.source;
    const o = await new Deno.Command("bash", {
      args: [RUN_SH],
      env,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    const harnessStderr = new TextDecoder().decode(o.stderr);
    const read = (f: string) => {
      try {
        return Deno.readTextFileSync(`${outDir}/${f}`);
      } catch {
        return "";
      }
    };
    const status = Object.fromEntries(
      read("status").split("\n").filter((l) => l.includes("=")).map((l) => {
        const i = l.indexOf("=");
        return [l.slice(0, i), l.slice(i + 1)];
      }),
    );
    const kernelLog = read("kernel.log");
    return {
      code: o.code,
      commandCode: status.command_status ? Number(status.command_status) : null,
      stdout: read("stdout"),
      stderr: read("stderr"),
      kernelLog,
      consoleLog: read("console.log"),
      problems: scanKernelLog(kernelLog, opts.logIgnore),
      timedOut: status.timed_out === "1",
      elapsedSec: Number(status.elapsed ?? NaN),
      harnessStderr,
    };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}
