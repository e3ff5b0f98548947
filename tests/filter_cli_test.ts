// Filter expressions and --print in the CLI, on the tracefs backend (root): a capture read back
// with an expression prints exactly the JSON lines that a brute-force filter keeps from the
// same capture read back without one; --print renders the same events' fields; live, what the
// kernel can select is pushed down and the rest applied after.
import assert from "node:assert/strict";
import { captureEvents, cli, type Ev, jsonl, ROOT, TRACEFS_SKIP } from "./host_cli.ts";

const SKIP = TRACEFS_SKIP;

Deno.test({
  name: "filter expressions: from a capture, exactly what a brute-force filter keeps",
  ignore: SKIP !== undefined,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "msd-filter-" });
    try {
      const evs = (await captureEvents(
        `${dir}/t.scap`,
        "cat /etc/hostname /nonexistent-filter; ls / >/dev/null",
      )).filter((e) => e.dir === "syscall");
      assert.ok(evs.length > 100, `${evs.length} calls`);
      const cases: Array<[string, (e: Ev) => boolean]> = [
        ["evt.type=openat", (e) => e.syscall === "openat"],
        ["evt.type = openat and evt.failed = true", (e) => e.syscall === "openat" && e.ret < 0],
        [
          "proc.name=cat and not evt.type in (mmap, mprotect)",
          (e) => e.comm === "cat" && !["mmap", "mprotect"].includes(e.syscall),
        ],
        [
          "evt.res = ENOENT or proc.name startswith l",
          (e) => e.errno === "ENOENT" || e.comm.startsWith("l"),
        ],
        [
          "fd.num = 3 and evt.type in (read, close)",
          (e) => ["read", "close"].includes(e.syscall) && e.args.fd === 3,
        ],
        ["evt.latency > 10000", (e) => e.dur > 10000],
        ["thread.tid != " + evs[0].tid, (e) => e.tid !== evs[0].tid],
      ];
      let nonTrivial = 0;
      for (const [expr, fn] of cases) {
        const r = await cli("-r", `${dir}/t.scap`, "--format", "json", expr);
        assert.equal(r.code, 0, r.err);
        const got = jsonl(r.out).filter((e) => e.dir === "syscall").map((e) => JSON.stringify(e));
        const want = evs.filter(fn).map((e) => JSON.stringify(e));
        assert.deepEqual(got, want, expr);
        if (want.length > 0 && want.length < evs.length) nonTrivial++;
      }
      assert.equal(nonTrivial, cases.length, "every case keeps some calls and leaves others");

      // --print: the same events' fields, in the format's words
      const p = await cli(
        "-r",
        `${dir}/t.scap`,
        "--print",
        "%thread.tid %proc.name %evt.type %evt.rawres %evt.latency",
        "evt.type=openat",
      );
      assert.equal(p.code, 0, p.err);
      assert.deepEqual(
        p.out.trim().split("\n"),
        evs.filter((e) => e.syscall === "openat").map((e) =>
          `${e.tid} ${e.comm} openat ${e.ret} ${e.dur}`
        ),
      );
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "filter expressions: live, pushed down to the kernel's selection and applied after",
  ignore: SKIP !== undefined,
  async fn() {
    // no selection flag: proc.name and evt.type go to the kernel; evt.failed is applied after
    const tracer = new Deno.Command(`${ROOT}mysysdig`, {
      args: [
        "--backend",
        "tracefs",
        "--format",
        "json",
        "proc.name=cat-filtertest and evt.type=openat and evt.failed=true",
      ],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const dir = Deno.makeTempDirSync({ prefix: "msd-filter-" });
    try {
      Deno.copyFileSync("/bin/cat", `${dir}/cat-filtertest`);
      // wait for the tracer to be tracing (its instance has events enabled), then run the program
      for (let i = 0; i < 100; i++) {
        const inst = [...Deno.readDirSync("/sys/kernel/tracing/instances")]
          .filter((d) => d.name.startsWith("mysysdig-"));
        if (inst.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 500));
      for (let i = 0; i < 3; i++) {
        await new Deno.Command(`${dir}/cat-filtertest`, {
          args: ["/nonexistent-live"],
          stderr: "null",
        })
          .output();
      }
      await new Promise((r) => setTimeout(r, 1000));
      tracer.kill("SIGINT");
      const o = await tracer.output();
      const evs = jsonl(new TextDecoder().decode(o.stdout)).filter((e) => e.dir === "syscall");
      assert.ok(evs.length >= 3, new TextDecoder().decode(o.stderr));
      for (const e of evs) {
        assert.equal(e.comm, "cat-filtertest");
        assert.equal(e.syscall, "openat");
        assert.ok(e.ret < 0, JSON.stringify(e));
      }
      assert.equal(new Set(evs.map((e) => e.pid)).size, 3, "the three runs");
      assert.match(
        new TextDecoder().decode(o.stderr),
        /filter: the kernel selects proc\.name=cat-filtertest and evt\.type in \(openat\)/,
      );
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("filter expressions: a malformed one is a usage error naming the column", async () => {
  const r = await cli("-r", "/dev/null", "proc.name = nginx and (evt.type=openat");
  assert.equal(r.code, 2);
  assert.match(r.err, /filter: column 39: expected `\)`/);
  const c = await cli("ls", "/tmp");
  assert.equal(c.code, 2);
  assert.match(c.err, /put -- before it \(mysysdig -- ls \/tmp\)/);
});
