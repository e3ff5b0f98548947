// The string probes of the tracefs backend (src/tracefs_probes.ts): which syscalls get one, on
// which kernel function, and the fetch args that read their path arguments out of pt_regs. Runs
// anywhere; the probes themselves are exercised in the guests (tests/vm/tracefs_test.ts).
import assert from "node:assert/strict";
import type { Arch } from "../src/record.ts";
import { syscallNumber } from "../src/syscalls.ts";
import { probeDefinition, probeFile, probeTargets } from "../src/tracefs_probes.ts";

const byName = (arch: Arch) => new Map(probeTargets(arch).map((t) => [t.name, t]));

Deno.test("probes: x86_64: the path arguments the spec names, on the __x64_sys_ entry points", () => {
  const t = byName("x86_64");
  const def = (n: string) => probeDefinition("x86_64", "mysysdig_1_0", t.get(n)!);
  assert.equal(
    def("openat"),
    "p:mysysdig_1_0/openat __x64_sys_openat a1=+0(+104(%di)):ustring",
  );
  assert.equal(def("execve"), "p:mysysdig_1_0/execve __x64_sys_execve a0=+0(+112(%di)):ustring");
  // the entry symbol, not the name: stat is sys_newstat
  assert.equal(def("stat"), "p:mysysdig_1_0/stat __x64_sys_newstat a0=+0(+112(%di)):ustring");
  assert.equal(
    def("renameat2"),
    "p:mysysdig_1_0/renameat2 __x64_sys_renameat2 a1=+0(+104(%di)):ustring " +
      "a3=+0(+56(%di)):ustring",
  );
  // r8 and r9 (mount's data is a pointer, not a string)
  assert.deepEqual(t.get("mount")!.args, [0, 1, 2]);
  for (
    const n of [
      "open",
      "newfstatat",
      "statx",
      "access",
      "faccessat",
      "faccessat2",
      "unlink",
      "unlinkat",
      "mkdir",
      "mkdirat",
      "rename",
      "chdir",
      "readlink",
      "readlinkat",
      "execveat",
      "lstat",
      "truncate",
      "chmod",
      "symlinkat",
      "linkat",
    ]
  ) assert.ok(t.has(n), n);
  // no string argument: no probe
  for (const n of ["read", "write", "getppid", "fstat", "close"]) assert.ok(!t.has(n), n);
});

Deno.test("probes: aarch64: regs[N] of the pt_regs in x0, on the __arm64_sys_ entry points", () => {
  const t = byName("aarch64");
  const def = (n: string) => probeDefinition("aarch64", "g", t.get(n)!);
  assert.equal(def("openat"), "p:g/openat __arm64_sys_openat a1=+0(+8(%x0)):ustring");
  assert.equal(def("execve"), "p:g/execve __arm64_sys_execve a0=+0(+0(%x0)):ustring");
  assert.equal(
    def("newfstatat"),
    "p:g/newfstatat __arm64_sys_newfstatat a1=+0(+8(%x0)):ustring",
  );
  assert.ok(!t.has("open") && !t.has("stat"), "arm64 has only the *at calls");
});

Deno.test("probes: -e selects which syscalls get one", () => {
  const only = ["openat", "read"].map((n) => syscallNumber("x86_64", n)!);
  assert.deepEqual(probeTargets("x86_64", only).map((t) => t.name), ["openat"]);
  assert.deepEqual(probeTargets("x86_64", []), []);
});

Deno.test("probes: a tracefs without kprobe_events says why", () => {
  const dir = Deno.makeTempDirSync();
  try {
    assert.deepEqual(probeFile(dir), {
      reason: "this kernel has no kprobe events (CONFIG_KPROBE_EVENTS)",
    });
    Deno.writeTextFileSync(`${dir}/kprobe_events`, "");
    assert.deepEqual(probeFile(dir), { file: `${dir}/kprobe_events` });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
