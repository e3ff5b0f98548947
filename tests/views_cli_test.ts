// --view and --top in the CLI, on the tracefs backend (root): each view of a capture read back
// with -r holds exactly what a brute-force count over the same capture's JSON lines gives;
// --top through a pipe writes one block per second of the capture, the last one the view; live,
// --top writes a block a second while COMMAND runs and -c's table is left as it was.
import assert from "node:assert/strict";
import { captureEvents, cli, type Ev, TRACEFS_SKIP } from "./host_cli.ts";
import { argSpecs } from "../src/decode.ts";
import { hostArch } from "../src/syscalls.ts";

const arch = hostArch();
const cells = (l: string) => l.trim().split(/\s+/);

/** Counts per key, in a Map. */
function tally<K>(evs: Ev[], key: (e: Ev) => K | undefined, val: (e: Ev) => number = () => 1) {
  const m = new Map<K, number>();
  for (const e of evs) {
    const k = key(e);
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + val(e));
  }
  return m;
}

Deno.test({
  name: "--view of a capture: each view against a brute-force count of its JSON lines",
  ignore: TRACEFS_SKIP !== undefined,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "msd-views-" });
    try {
      const evs = (await captureEvents(
        `${dir}/t.scap`,
        "cat /etc/hostname /nonexistent-view >/dev/null; sleep 1.2; ls / >/dev/null; sleep 1.2",
      )).filter((e) => e.dir === "syscall" && e.ret !== undefined);
      assert.ok(evs.length > 100, `${evs.length} calls`);
      const failed = (e: Ev) => e.errno !== undefined;
      const view = async (name: string) => {
        const r = await cli("-r", `${dir}/t.scap`, "--view", name);
        assert.equal(r.code, 0, r.err);
        return r.out.trimEnd().split("\n");
      };

      // syscalls: calls and errors per name, the total
      const sys = await view("syscalls");
      const rows = sys.slice(2, -2).map(cells);
      const calls = tally(evs, (e) => e.syscall);
      const errs = tally(evs.filter(failed), (e) => e.syscall);
      assert.deepEqual(
        new Map(rows.map((c) => [c[c.length - 1], Number(c[6])])),
        calls,
      );
      for (const c of rows) {
        const name = c[c.length - 1];
        // errors, when there are, stand before the 12-character histogram
        assert.equal(c.length === 10 ? Number(c[7]) : 0, errs.get(name) ?? 0, c.join(" "));
        const hist = c[c.length - 2];
        assert.equal(hist.length, 12, hist);
        assert.match(hist, /^[·▁▂▃▄▅▆▇█]+$/);
      }
      const total = cells(sys[sys.length - 1]);
      assert.equal(Number(total[3]), evs.length);
      // p50 <= p99 <= max for every row
      for (const c of rows) assert.ok(Number(c[3]) <= Number(c[4]) && Number(c[4]) <= Number(c[5]));

      // procs: calls and errors per pid, names
      const procs = (await view("procs")).slice(1).map(cells);
      assert.deepEqual(
        new Map(procs.map((c) => [Number(c[0]), Number(c[2])])),
        tally(evs, (e) => e.pid),
      );
      for (const c of procs) {
        const mine = evs.filter((e) => e.pid === Number(c[0]));
        assert.equal(c[1], mine[mine.length - 1].comm);
        assert.equal(c.length === 6 ? Number(c[3]) : 0, mine.filter(failed).length);
      }
      assert.ok(procs.some((c) => c[1] === "cat") && procs.some((c) => c[1] === "ls"));

      // files: pid:fd rows (no fd names yet) with the bytes of read and write calls
      const fdCall = (e: Ev) => argSpecs(arch, e.nr)?.[0]?.kind === "fd" && e.raw[0] < 2 ** 31;
      const label = (e: Ev) => fdCall(e) ? `${e.pid}:fd ${e.raw[0]}` : undefined;
      const files = (await view("files")).slice(1).map(cells);
      const got = new Map(files.map((c) => [`${c[4]} ${c[5]}`, c.slice(0, 3).map(Number)]));
      const fcalls = tally(evs, label);
      const rd = tally(
        evs,
        label,
        (e) => /^(read|pread64|readv|preadv2?)$/.test(e.syscall) && e.ret > 0 ? e.ret : 0,
      );
      const wr = tally(
        evs,
        label,
        (e) => /^(write|pwrite64|writev|pwritev2?)$/.test(e.syscall) && e.ret > 0 ? e.ret : 0,
      );
      assert.deepEqual(
        got,
        new Map([...fcalls].map(([k, n]) => [k, [rd.get(k)!, wr.get(k)!, n]])),
      );
      assert.ok([...rd.values()].some((n) => n > 0), "some bytes read");

      // errors: count per syscall and errno
      const errors = (await view("errors")).slice(1).map(cells);
      assert.deepEqual(
        new Map(errors.map((c) => [`${c[1]} ${c[2]}`, Number(c[0])])),
        tally(evs.filter(failed), (e) => `${e.syscall} ${e.errno}`),
      );
      assert.ok(errors.some((c) => c[1] === "openat" && c[2] === "ENOENT"));

      // --top through a pipe: a block per second of the capture (it spans more than 2 s), the
      // last one the view
      const t = await cli("-r", `${dir}/t.scap`, "--top", "--view", "errors");
      assert.equal(t.code, 0, t.err);
      const blocks = t.out.trimEnd().split("\n\n");
      assert.ok(blocks.length >= 3, t.out);
      for (const b of blocks) {
        assert.match(b, /^mysysdig --top: errors at \d\d:\d\d:\d\d, \d+ calls/);
      }
      assert.deepEqual(
        blocks[blocks.length - 1].split("\n").slice(1),
        await view("errors"),
      );
      // -c is -c's table still
      const c = await cli("-r", `${dir}/t.scap`, "-c");
      assert.match(c.out, /^% time\s+seconds\s+usecs\/call\s+max usecs\s+calls\s+errors syscall$/m);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "--top live through a pipe: a block a second while COMMAND runs; bad views refused",
  ignore: TRACEFS_SKIP !== undefined,
  async fn() {
    const r = await cli(
      "--backend",
      "tracefs",
      "--top",
      "--view",
      "procs",
      "-o",
      "-",
      "--",
      "/bin/sh",
      "-c",
      "sleep 1.3; cat /etc/hostname >/dev/null; sleep 1.3",
    );
    assert.equal(r.code, 0, r.err);
    const blocks = r.out.trimEnd().split("\n\n");
    assert.ok(blocks.length >= 3, r.out);
    for (const b of blocks) {
      const lines = b.split("\n");
      assert.match(lines[0], /^mysysdig --top: procs at \d\d:\d\d:\d\d, \d+ calls/);
      assert.match(lines[1], /^\s+pid comm\s+calls\s+errors\s+seconds % time$/);
    }
    assert.match(blocks[blocks.length - 1], / cat /);
    const bad = await cli("--view", "nope");
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--view: unknown view "nope" \(choose syscalls, procs, files, errors\)/);
    const fmt = await cli("--top", "--format", "json");
    assert.equal(fmt.code, 2);
    assert.match(fmt.err, /--view and --top print a view: --format does not apply/);
  },
});
