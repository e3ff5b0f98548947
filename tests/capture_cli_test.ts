/**
 * Capture files end to end through the command: written by `mysysdig -w`
 * in a real kernel (the module in a qemu guest), opened by Debian's
 * `sysdig -r` and read back by `mysysdig -r`.
 */
import assert from "node:assert/strict";
import { runInVm, vmUnavailable } from "../vm/vm.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const dec = new TextDecoder();

function hasSysdig(): boolean {
  try {
    new Deno.Command("sysdig", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync();
    return true;
  } catch {
    return false;
  }
}

function run(cmd: string, args: string[]) {
  const o = new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).outputSync();
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

const why = vmUnavailable() ?? (hasSysdig() ? null : "sysdig is not installed");
if (why) console.log(`skipped: capture tests in the guest: ${why}`);

Deno.test({
  name: "capture: -w in the guest, sysdig -r and mysysdig -r on the host agree",
  ignore: why !== null,
  async fn() {
    const r = await runInVm({
      cmd: "mysysdig -w /tmp/c.scap -- tests/progs/seedprog 1>&2 && " +
        "mysysdig -w /tmp/z.scap -z -- tests/progs/seedprog >/dev/null && " +
        "ls -l /tmp/c.scap >&2 && base64 /tmp/c.scap && echo === && base64 /tmp/z.scap",
      timeoutSec: 300,
    });
    assert.equal(r.code, 0, r.stderr + r.harnessStderr);
    assert.match(r.stderr, /-rw------- /, "captures are 0600");
    const expected = r.stderr.split("\n").filter((l) => /^(exit syscall,|syscall 0x)/.test(l));
    assert.ok(
      expected.length >= 16,
      `${expected.length} lines: ${JSON.stringify(r.stderr.slice(0, 400))}`,
    );
    const dir = Deno.makeTempDirSync();
    try {
      const [plain, gz] = r.stdout.split("===\n");
      const b64 = (s: string) =>
        Uint8Array.from(atob(s.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
      Deno.writeFileSync(`${dir}/c.scap`, b64(plain));
      Deno.writeFileSync(`${dir}/z.scap`, b64(gz));

      // our own reader gives back the same seed lines the live trace had
      const seed = run(`${ROOT}mysysdig`, ["-r", `${dir}/c.scap`, "--format", "seed"]);
      assert.equal(seed.code, 0, seed.stderr);
      const lines = seed.stdout.trimEnd().split("\n");
      const at = lines.indexOf(expected[0]);
      assert.ok(at >= 0, `missing ${expected[0]}`);
      assert.deepEqual(lines.slice(at, at + expected.length), expected);
      // and filters apply when reading
      const json = run(`${ROOT}mysysdig`, [
        "-r",
        `${dir}/z.scap`,
        "--format",
        "json",
        "-e",
        "openat",
      ]);
      assert.equal(json.code, 0, json.stderr);
      const evs = json.stdout.trim().split("\n").map((l) => JSON.parse(l));
      // -e selects syscalls; the processes' exits stay, as strace's
      assert.ok(evs.length > 0 && evs.every((e) => e.syscall === "openat" || e.dir === "procexit"));
      assert.ok(evs.some((e) => e.syscall === "openat"));

      // sysdig reads both, with process names and return values
      for (const f of ["c.scap", "z.scap"]) {
        const s = run("sysdig", [
          "-r",
          `${dir}/${f}`,
          "-p",
          "*%proc.name %evt.dir %evt.type %evt.rawres",
          "proc.name=seedprog",
        ]);
        assert.equal(s.code, 0, s.stderr);
        const out = s.stdout.split("\n");
        assert.ok(out.includes("seedprog < openat -2"), `${f}: ${s.stdout.slice(0, 2000)}`);
        assert.ok(out.includes("seedprog < close -9"), f);
        // the test program's sequence, generic events included, in order
        const seq = [
          "sched_yield",
          "getppid",
          "close",
          "openat",
          "openat",
          "write",
          "close",
          "getpid",
        ]
          .flatMap((t) => [`> ${t}`, `< ${t}`]);
        const got = out.map((l) => l.split(" ").slice(1, 3).join(" "));
        const at = got.indexOf("> sched_yield");
        assert.deepEqual(got.slice(at, at + seq.length), seq, f);
        // decoded parameters from the memory the module copied: paths and data
        const a = run("sysdig", [
          "-r",
          `${dir}/${f}`,
          "-p",
          "*%evt.dir %evt.type %evt.args",
          "proc.name=seedprog and (evt.type=openat or evt.type=write)",
        ]);
        assert.equal(a.code, 0, a.stderr);
        assert.match(a.stdout, /^> openat .*name=\/nonexistent\/seedprog /m, `${f}: ${a.stdout}`);
        assert.match(a.stdout, /^< openat .*name=\/dev\/null /m, `${f}: ${a.stdout}`);
        assert.match(a.stdout, /^< write .*data=seed/m, `${f}: ${a.stdout}`);
      }
    } finally {
      if (!Deno.env.get("KEEP")) Deno.removeSync(dir, { recursive: true });
      else console.log(dir);
    }
  },
});
