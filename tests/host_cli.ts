/**
 * Running the CLI from the host's tests: `cli(...)` runs ./mysysdig and collects its output, and
 * `TRACEFS_SKIP` says why tests that trace through tracefs cannot run here (undefined when they
 * can: root, and raw_syscalls under /sys/kernel/tracing).
 *
 * @module
 */
import assert from "node:assert/strict";

export const ROOT = new URL("../", import.meta.url).pathname;

/** A JSON line's object. */
// deno-lint-ignore no-explicit-any
export type Ev = Record<string, any>;

/** The objects of JSON Lines text. */
export const jsonl = (s: string): Ev[] =>
  s.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));

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

/**
 * `sh -c script` traced with the tracefs backend into the capture file `path`, then read back
 * with `-r` as JSON: its events.
 */
export async function captureEvents(path: string, script: string): Promise<Ev[]> {
  const w = await cli("--backend", "tracefs", "-w", path, "--", "/bin/sh", "-c", script);
  assert.ok(w.code === 1 || w.code === 0, w.err);
  const all = await cli("-r", path, "--format", "json");
  assert.equal(all.code, 0, all.err);
  return jsonl(all.out);
}
