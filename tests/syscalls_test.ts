import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import {
  hostArch,
  syscallArgCount,
  syscallInfo,
  syscallName,
  syscallNumber,
  syscallTable,
} from "../src/syscalls.ts";
import type { Arch } from "../src/record.ts";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

Deno.test("x86_64 numbers", () => {
  const known: [string, number][] = [
    ["read", 0],
    ["write", 1],
    ["open", 2],
    ["execve", 59],
    ["getppid", 110],
    ["exit_group", 231],
    ["openat", 257],
    ["clone3", 435],
  ];
  for (const [name, nr] of known) {
    assert.equal(syscallNumber("x86_64", name), nr, name);
    assert.equal(syscallName("x86_64", nr), name, String(nr));
  }
});

Deno.test("aarch64 numbers follow the generic table", () => {
  const known: [string, number][] = [
    ["openat", 56],
    ["read", 63],
    ["write", 64],
    ["exit_group", 94],
    ["getpid", 172],
    ["getppid", 173],
    ["clone", 220],
    ["execve", 221],
    ["clone3", 435],
    ["memfd_secret", 447],
  ];
  for (const [name, nr] of known) {
    assert.equal(syscallNumber("aarch64", name), nr, name);
    assert.equal(syscallName("aarch64", nr), name, String(nr));
  }
  // The generic table has no legacy path-taking or fork-style calls.
  for (const name of ["open", "stat", "lstat", "fork", "vfork", "pipe", "dup2", "poll"]) {
    assert.equal(syscallNumber("aarch64", name), undefined, name);
  }
  // __ARCH_WANT_RENAMEAT, __ARCH_WANT_NEW_STAT, __ARCH_WANT_SET_GET_RLIMIT.
  assert.equal(syscallNumber("aarch64", "renameat"), 38);
  assert.equal(syscallNumber("aarch64", "newfstatat"), 79);
  assert.equal(syscallNumber("aarch64", "getrlimit"), 163);
  // 244..259 are arch-specific slots arm64 leaves empty.
  assert.equal(syscallInfo("aarch64", 244), undefined);
});

Deno.test("tables are indexed by number", () => {
  for (const arch of ["x86_64", "aarch64"] as Arch[]) {
    const table = syscallTable(arch);
    assert.ok(table.length > 400, arch);
    table.forEach((info, i) => {
      if (info) assert.equal(info.nr, i, `${arch} ${info.name}`);
    });
  }
});

Deno.test("argument names and C types", () => {
  assert.deepEqual(syscallTable("x86_64")[257]?.args, [
    { name: "dfd", type: "int" },
    { name: "filename", type: "const char __user *" },
    { name: "flags", type: "int" },
    { name: "mode", type: "umode_t" },
  ]);
  assert.deepEqual(syscallTable("aarch64")[56]?.args, syscallTable("x86_64")[257]?.args);
  assert.deepEqual(syscallInfo("aarch64", 63)?.args, [
    { name: "fd", type: "unsigned int" },
    { name: "buf", type: "char __user *" },
    { name: "count", type: "size_t" },
  ]);
  assert.deepEqual(syscallInfo("x86_64", 59)?.args?.map((a) => a.type), [
    "const char __user *",
    "const char __user * const __user *",
    "const char __user * const __user *",
  ]);
  // x86_64 stat is the kernel's sys_newstat.
  assert.equal(syscallInfo("x86_64", 4)?.entry, "sys_newstat");
  assert.equal(syscallArgCount("x86_64", 257), 4);
  assert.equal(syscallArgCount("aarch64", 172), 0);
  // Unnamed prototype parameters (sys_clone) are numbered, types kept.
  assert.deepEqual(syscallInfo("aarch64", 220)?.args?.map((a) => a.name), [
    "arg0",
    "arg1",
    "arg2",
    "arg3",
    "arg4",
  ]);
});

Deno.test("missing prototypes are unknown, not guessed", () => {
  // x86_64's arch_prctl and mmap are defined in arch code without a prototype
  // in include/linux/syscalls.h.
  assert.equal(syscallInfo("x86_64", 158)?.name, "arch_prctl");
  assert.equal(syscallInfo("x86_64", 158)?.args, null);
  assert.equal(syscallArgCount("x86_64", 158), undefined);
  assert.equal(syscallInfo("aarch64", 222)?.name, "mmap");
  assert.equal(syscallInfo("aarch64", 222)?.args, null);
  // Reserved numbers point at sys_ni_syscall, which takes nothing.
  assert.equal(syscallInfo("x86_64", 134)?.name, "uselib");
  assert.equal(syscallInfo("x86_64", 134)?.entry, "sys_ni_syscall");
});

Deno.test("unknown numbers are named syscall_<nr>", () => {
  assert.equal(syscallName("x86_64", 400), "syscall_400"); // a hole (32-bit only)
  assert.equal(syscallName("x86_64", 9999), "syscall_9999");
  assert.equal(syscallName("aarch64", 250), "syscall_250");
  assert.equal(syscallName("aarch64", -1), "syscall_0xffffffffffffffff"); // as strace names it
  assert.equal(syscallName("x86_64", -2), "syscall_0xfffffffffffffffe");
  assert.equal(syscallName("x86_64", 1.5), "syscall_1.5");
  assert.equal(syscallArgCount("x86_64", 9999), undefined);
});

Deno.test("number parsing", () => {
  assert.equal(syscallNumber("x86_64", "sys_openat"), 257);
  assert.equal(syscallNumber("x86_64", " openat "), 257);
  assert.equal(syscallNumber("x86_64", "42"), 42);
  assert.equal(syscallNumber("x86_64", 42), 42);
  assert.equal(syscallNumber("x86_64", "9999"), 9999);
  assert.equal(syscallNumber("aarch64", "syscall_250"), 250);
  assert.equal(syscallNumber("x86_64", syscallName("x86_64", 400)), 400);
  assert.equal(syscallNumber("x86_64", "no_such_call"), undefined);
  assert.equal(syscallNumber("x86_64", "sys_"), undefined);
  assert.equal(syscallNumber("x86_64", "-1"), undefined);
  assert.equal(syscallNumber("x86_64", "0x10"), undefined);
  assert.equal(syscallNumber("x86_64", -1), undefined);
  assert.equal(syscallNumber("x86_64", ""), undefined);
});

Deno.test("hostArch names a known table", () => {
  assert.ok(syscallTable(hostArch()).length > 0);
});

/** The header directory a committed table names in its first line, if it is on this machine. */
function headersFor(file: string): { dir?: string; why: string } {
  const first = fs.readFileSync(path.join(REPO, "src", file), "utf8").split("\n", 1)[0];
  const m = first.match(/\b(linux-headers-[\w.-]+-cloud-(?:amd64|arm64))\b/);
  if (!m) return { why: `${file} names no header package in its first line` };
  const candidates = [
    path.join("/usr/src", m[1]),
    path.join(REPO, ".cache", "linux-headers-arm64", "root", "usr", "src", m[1]),
    // where vm/kernel.sh unpacks them for the aarch64 guests (tests/run.ts fetches them first)
    path.join(REPO, ".cache", "vm", "aarch64-6.1", "headers", "usr", "src", m[1]),
  ];
  const dir = candidates.find((d) => fs.existsSync(path.join(d, "include", "generated")));
  return dir ? { dir, why: "" } : {
    why: `${m[1]} is not installed or unpacked (looked in ${candidates.join(", ")}); ` +
      "see docs/syscall-tables.md",
  };
}

function generatorSkipReason(): string {
  try {
    new Deno.Command("cpp", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync();
  } catch {
    return "cpp is not installed (Debian package cpp)";
  }
  return headersFor("syscalls_x86_64.ts").why || headersFor("syscalls_aarch64.ts").why;
}

const GENERATOR_SKIP = generatorSkipReason();
if (GENERATOR_SKIP) {
  console.log(`skipped: "committed tables match the generator": ${GENERATOR_SKIP}`);
}

Deno.test({
  name: "committed tables match the generator",
  ignore: GENERATOR_SKIP !== "",
  fn: async () => {
    const x86 = headersFor("syscalls_x86_64.ts");
    const arm = headersFor("syscalls_aarch64.ts");
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "gen_syscalls-"));
    try {
      const run = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-read",
          "--allow-write",
          "--allow-run",
          path.join(REPO, "tools", "gen_syscalls.ts"),
          "--x86_64",
          x86.dir!,
          "--aarch64",
          arm.dir!,
          "--out",
          out,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.ok(run.success, new TextDecoder().decode(run.stderr));
      for (const file of ["syscalls_x86_64.ts", "syscalls_aarch64.ts"]) {
        const fresh = fs.readFileSync(path.join(out, file), "utf8");
        const committed = fs.readFileSync(path.join(REPO, "src", file), "utf8");
        assert.ok(
          fresh === committed,
          `src/${file} is out of date: run \`deno run --allow-read --allow-write ` +
            "--allow-run tools/gen_syscalls.ts` and commit the result",
        );
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  },
});
