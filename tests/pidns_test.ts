/**
 * Inside a pid namespace the pids a user sees are not the kernel's, which the module and ftrace
 * filter on: selecting by pid there is refused with a message, never run with the wrong pids.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url).pathname;
const dec = new TextDecoder();

function canUnshare(): boolean {
  if (Deno.uid() !== 0) return false;
  try {
    return new Deno.Command("unshare", {
      args: ["--pid", "--fork", "--mount-proc", "true"],
      stdout: "null",
      stderr: "null",
    }).outputSync().success;
  } catch {
    return false;
  }
}

function inNamespace(...args: string[]) {
  const o = new Deno.Command("unshare", {
    args: [
      "--pid",
      "--fork",
      "--mount-proc",
      Deno.execPath(),
      "run",
      "-A",
      "--no-check",
      "--quiet",
      `${ROOT}cli.ts`,
      ...args,
    ],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

Deno.test({
  name: "pid namespace: -p, and tracefs's pid selection, are refused with the way out",
  ignore: !canUnshare(),
  fn() {
    let r = inNamespace("-p", "1", "--backend", "tracefs");
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /-p cannot be used inside a pid namespace/);
    r = inNamespace("--backend", "tracefs", "--", "/bin/true");
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /tracefs backend cannot select processes by pid inside a pid namespace/);
    assert.doesNotMatch(r.stderr, /events recorded/);
    // reading a capture needs no pids of this kernel
    r = inNamespace("-r", "/nonexistent.scap", "-p", "5");
    assert.match(r.stderr, /cannot open capture file/);
  },
});
