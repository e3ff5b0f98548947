/**
 * The release artefacts as a user gets them (`make dist`, tools/dist.sh) and
 * the DKMS build (dkms.conf):
 *
 * - drop-in: for x86_64 and aarch64, the offline bundle is built, then a
 *   bare guest (busybox, glibc and /init only: no Deno, no project tree, no
 *   package manager) gets it copied in with the module, as with scp, loads
 *   the module and traces a program with the bundle's launcher;
 * - DKMS: dkms builds the module from a staged source tree (its own private
 *   trees, nothing installed) for the guest's Debian kernel, and that module
 *   loads and traces in a guest.
 *
 * Each boot skips, saying why, where no guest can be booted here.
 */
import assert from "node:assert/strict";
import { runInVm, vmUnavailable } from "../vm/vm.ts";
import { syscallNumber } from "../src/syscalls.ts";
import type { Arch } from "../src/record.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const dec = new TextDecoder();

function sh(cmd: string, args: string[], env: Record<string, string> = {}) {
  const o = new Deno.Command(cmd, { args, cwd: ROOT, env, stdout: "piped", stderr: "piped" })
    .outputSync();
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

function skipReason(arch: string): string | null {
  const why = vmUnavailable(arch, "6.1");
  if (why) console.log(`skipped (${arch}): ${why}`);
  return why;
}

/** The guest's module for Debian 6.1, built by the harness. */
function guestModule(arch: string): string {
  const b = sh("bash", ["vm/build.sh", arch, "6.1"]);
  assert.equal(b.code, 0, b.stderr);
  const local = arch === (Deno.build.arch === "aarch64" ? "aarch64" : "x86_64");
  return local
    ? `${ROOT}kmod/my_sysdig.ko`
    : `${ROOT}.cache/vm/${arch}-6.1/build/kmod/my_sysdig.ko`;
}

/** Checks seed output of `/bin/true`: its execve's exit and its exit_group. */
function assertSeedOfTrue(arch: Arch, out: string): void {
  const hex = (n: number) => `0x${n.toString(16)}`;
  const lines = out.split("\n").filter((l) => l !== "");
  const exitGroup = syscallNumber(arch, "exit_group")!;
  assert.ok(
    lines.some((l) =>
      l.startsWith(`syscall ${hex(exitGroup)}, with pid=`) && l.endsWith("name=true")
    ),
    `no exit_group (${hex(exitGroup)}) of true in:\n${out.slice(0, 2000)}`,
  );
  assert.ok(
    lines.every((l) =>
      /^(syscall 0x[0-9a-f]+|exit syscall, regs\[0\]=0x[0-9a-f]+), with pid=0x[0-9a-f]+/.test(l)
    ),
    `not seed lines:\n${out.slice(0, 2000)}`,
  );
}

for (const arch of ["x86_64", "aarch64"] as Arch[]) {
  const why = skipReason(arch);
  Deno.test({
    name: `drop-in: the ${arch} offline bundle traces a program on a bare busybox+glibc guest`,
    ignore: why !== null,
    sanitizeResources: false,
    fn: async () => {
      const tmp = await Deno.makeTempDir({ prefix: "mysysdig-dist-test." });
      try {
        const d = sh("bash", ["tools/dist.sh", "--no-tar", arch], { DIST_DIR: `${tmp}/dist` });
        assert.equal(d.code, 0, d.stderr);
        const add = `${tmp}/add`;
        await Deno.mkdir(add);
        sh("cp", ["-a", `${tmp}/dist/mysysdig-${arch}-bundle`, `${add}/`]);
        sh("cp", [guestModule(arch), `${add}/my_sysdig.ko`]);
        // What the user does on the board after scp; first proves the guest
        // is bare.
        const cmd = [
          "set -e",
          "if command -v deno; then echo 'the bare guest has a deno' >&2; exit 90; fi",
          "test ! -e /mysysdig",
          "test ! -e /usr/bin/mysysdig",
          'test -z "$(ls /var/lib/dpkg /usr/bin/apt* 2>/dev/null)"',
          `cp -a /mnt/add/mysysdig-${arch}-bundle /opt-mysysdig`,
          "insmod /mnt/add/my_sysdig.ko",
          "cd /tmp",
          "/opt-mysysdig/mysysdig --format seed -o - -- /bin/true",
        ].join("\n");
        const r = await runInVm({ cmd, add, arch, bare: true, timeoutSec: 240 });
        assert.equal(r.code, 0, `${r.harnessStderr}\n${r.stderr}`);
        assert.deepEqual(r.problems, []);
        assertSeedOfTrue(arch, r.stdout);
        assert.match(r.stderr, /events recorded, 0 dropped/);
      } finally {
        await Deno.remove(tmp, { recursive: true });
      }
    },
  });
}

const local: Arch = Deno.build.arch === "aarch64" ? "aarch64" : "x86_64";
const dkmsWhy = (() => {
  const why = vmUnavailable(local, "6.1");
  if (why) return why;
  if (sh("sh", ["-c", "command -v dkms"]).code !== 0) {
    return "dkms is not installed (make setup-test)";
  }
  return null;
})();
if (dkmsWhy) console.log(`skipped (dkms): ${dkmsWhy}`);

Deno.test({
  name: "DKMS: dkms.conf builds the module for Debian's kernel, and it loads and traces",
  ignore: dkmsWhy !== null,
  sanitizeResources: false,
  fn: async () => {
    const k = sh("bash", ["vm/kernel.sh", local, "6.1"]);
    assert.equal(k.code, 0, k.stderr);
    const env = Object.fromEntries(
      k.stdout.split("\n").filter((l) => l.includes("=")).map((l) => l.split("=", 2)),
    );
    const version = JSON.parse(Deno.readTextFileSync(`${ROOT}deno.json`)).version;
    const conf = Deno.readTextFileSync(`${ROOT}dkms.conf`);
    assert.match(conf, new RegExp(`^PACKAGE_VERSION="${version.replaceAll(".", "\\.")}"$`, "m"));
    const tmp = await Deno.makeTempDir({ prefix: "mysysdig-dkms-test." });
    try {
      // The layout `make dkms-src` stages in /usr/src, in private trees.
      const src = `${tmp}/src/my_sysdig-${version}`;
      await Deno.mkdir(`${src}/kmod`, { recursive: true });
      sh("sh", [
        "-c",
        `cp dkms.conf '${src}/' && cp kmod/Kbuild kmod/Makefile kmod/*.c kmod/*.h '${src}/kmod/'`,
      ]);
      const common = [
        "--sourcetree",
        `${tmp}/src`,
        "--dkmstree",
        `${tmp}/dkms`,
        "--installtree",
        `${tmp}/install`,
      ];
      await Deno.mkdir(`${tmp}/dkms`);
      let r = sh("dkms", ["add", "-m", "my_sysdig", "-v", version, ...common]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      r = sh("dkms", [
        "build",
        "-m",
        "my_sysdig",
        "-v",
        version,
        "-k",
        env.KREL,
        "--kernelsourcedir",
        env.KDIR,
        ...common,
      ]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const ko = `${tmp}/dkms/my_sysdig/${version}/${env.KREL}/${local}/module/my_sysdig.ko`;
      const add = `${tmp}/add`;
      await Deno.mkdir(add);
      sh("cp", [ko, `${add}/my_sysdig.ko`]);
      const v = await runInVm({
        cmd: "set -e; insmod /mnt/add/my_sysdig.ko; mysysdig --format seed -o - -- /bin/true",
        add,
        noInsmod: true,
        build: false,
        timeoutSec: 240,
      });
      assert.equal(v.code, 0, `${v.harnessStderr}\n${v.stderr}`);
      assert.deepEqual(v.problems, []);
      assertSeedOfTrue(local, v.stdout);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
