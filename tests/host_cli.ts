/**
 * Running the CLI from the host's tests: `cli(...)` runs ./mysysdig and collects its output, and
 * `TRACEFS_SKIP` says why tests that trace through tracefs cannot run here (undefined when they
 * can: root, and raw_syscalls under /sys/kernel/tracing).
 *
 * @module
 */
export const ROOT = new URL("../", import.meta.url).pathname;

function tracefsSkip(): string | undefined {
  if (Deno.uid() !== 0) return "needs root (tracefs)";
  try {
    Deno.statSync("/sys/kernel/tracing/events/raw_syscalls");
  } catch {
    return "no tracefs with raw_syscalls at /sys/kernel/tracing";
  }
  return undefined;
}

/** Why the tracefs tests are skipped; undefined when they run. */
export const TRACEFS_SKIP = tracefsSkip();

/** Runs ./mysysdig with `args`; its exit code, standard output and standard error. */
export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const o = await new Deno.Command(`${ROOT}mysysdig`, { args, stdout: "piped", stderr: "piped" })
    .output();
  return {
    code: o.code,
    out: new TextDecoder().decode(o.stdout),
    err: new TextDecoder().decode(o.stderr),
  };
}
