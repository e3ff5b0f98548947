// Reads our captures with the real sysdig (Debian's 0.29.3) and compares, event by event, what it
// prints with the records we wrote. Skipped, saying why, when sysdig is not installed.
import assert from "node:assert/strict";
import type { Arch, TraceRecord, TraceStats } from "../src/record.ts";
import { syscallName } from "../src/syscalls.ts";
import { openCaptureWriter } from "../src/scap/writer.ts";
import { synthRecords } from "../src/scap/synth.ts";
import { ppmScOf, SPECIFIC_BY_SYSCALL } from "../src/scap/events.ts";
import { PPM_SC_NAMES } from "../src/scap/ppm_sc.ts";

const STATS: TraceStats = { seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] };
const FORMAT =
  "*%evt.type %evt.dir %proc.name %thread.tid %proc.pid %evt.rawres %evt.cpu %evt.rawtime";

function sysdigPath(): string | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "/usr/bin").split(":")) {
    try {
      if (Deno.statSync(`${dir}/sysdig`).isFile) return `${dir}/sysdig`;
    } catch { /* not here */ }
  }
  return undefined;
}
const SYSDIG = sysdigPath();
if (!SYSDIG) {
  console.log("scap_sysdig_test: skipped: sysdig is not installed (apt-get install sysdig)");
}

async function sysdig(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await new Deno.Command(SYSDIG!, { args, stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

/** The line sysdig should print for a record, in FORMAT. */
function expected(arch: Arch, r: TraceRecord): string | undefined {
  if (r.kind === "drop" || r.kind === "signal" || r.kind === "procexit") return undefined;
  const name = syscallName(arch, r.nr);
  const ev = SPECIFIC_BY_SYSCALL.get(name);
  const type = ev ? ev.enter.name : PPM_SC_NAMES[ppmScOf(name)];
  const res = r.kind === "exit" && ev ? String(r.ret) : "<NA>";
  const comm = r.comm === "" ? "<NA>" : r.comm;
  return `${type} ${
    r.kind === "enter" ? ">" : "<"
  } ${comm} ${r.tid} ${r.pid} ${res} ${r.cpu} ${r.ts}`;
}

async function write(path: string, arch: Arch, recs: TraceRecord[], gzip = false) {
  const sink = await openCaptureWriter(path, { arch, backend: "test" }, { gzip, procfs: false });
  for (const r of recs) sink.write(r);
  await sink.close(STATS);
}

async function compare(path: string, arch: Arch, recs: TraceRecord[]) {
  const r = await sysdig("-r", path, "-p", FORMAT);
  assert.equal(r.code, 0, `sysdig exit status ${r.code}: ${r.err}`);
  assert.equal(r.err.trim(), "");
  const got = r.out.split("\n").filter((l) => l !== "").map((l) => l.trimEnd());
  const want = recs.map((x) => expected(arch, x)).filter((l): l is string => l !== undefined);
  assert.equal(got.length, want.length, "number of events sysdig printed");
  for (let i = 0; i < want.length; i++) assert.equal(got[i], want[i], `event ${i + 1}`);
}

for (const arch of ["x86_64", "aarch64"] as const) {
  Deno.test({
    name: `sysdig -r reads our ${arch} capture event by event`,
    ignore: !SYSDIG,
    async fn() {
      const dir = await Deno.makeTempDir();
      const recs = synthRecords({ arch, count: 5000, seed: 11 });
      await write(`${dir}/a.scap`, arch, recs);
      await compare(`${dir}/a.scap`, arch, recs);
      await Deno.remove(dir, { recursive: true });
    },
  });
}

Deno.test({
  name: "sysdig -r reads our gzip capture",
  ignore: !SYSDIG,
  async fn() {
    const dir = await Deno.makeTempDir();
    const recs = synthRecords({ arch: "x86_64", count: 3000, seed: 5 });
    await write(`${dir}/a.scap.gz`, "x86_64", recs, true);
    await compare(`${dir}/a.scap.gz`, "x86_64", recs);
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "sysdig -r shows decoded details of dedicated events",
  ignore: !SYSDIG,
  async fn() {
    const dir = await Deno.makeTempDir();
    const b = { cpu: 0, pid: 300, tid: 300, comm: "app" };
    const recs: TraceRecord[] = [
      {
        ...b,
        kind: "enter",
        ts: 10n,
        nr: 257,
        args: [2n ** 64n - 100n, 0x1000n, 0o2000101n, 0o640n, 0n, 0n],
      },
      { ...b, kind: "exit", ts: 11n, nr: 257, ret: 3n },
      { ...b, kind: "enter", ts: 12n, nr: 1, args: [3n, 0x2000n, 512n, 0n, 0n, 0n] },
      { ...b, kind: "exit", ts: 13n, nr: 1, ret: 512n },
      { ...b, kind: "enter", ts: 14n, nr: 3, args: [3n, 0n, 0n, 0n, 0n, 0n] },
      { ...b, kind: "exit", ts: 15n, nr: 3, ret: 0n },
      { ...b, kind: "enter", ts: 16n, nr: 56, args: [0x50f00n, 0n, 0n, 0n, 0n, 0n] },
      { ...b, kind: "exit", ts: 17n, nr: 56, ret: 301n },
      { ...b, tid: 301, kind: "exit", ts: 18n, nr: 56, ret: 0n },
      { ...b, tid: 301, kind: "enter", ts: 19n, nr: 62, args: [300n, 9n, 0n, 0n, 0n, 0n] },
    ];
    await write(`${dir}/d.scap`, "x86_64", recs);
    const r = await sysdig(
      "-r",
      `${dir}/d.scap`,
      "-p",
      "*%evt.type %evt.dir %thread.tid %proc.pid %evt.args",
    );
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split("\n").map((l) => l.trimEnd());
    assert.deepEqual(lines.slice(0, 6), [
      "openat > 300 300 dirfd=-100(AT_FDCWD) name=<NA> flags=4102(O_CREAT|O_WRONLY|O_CLOEXEC) mode=0640",
      "openat < 300 300 fd=3(<f><NA>) dirfd=-100(AT_FDCWD) name=<NA> flags=4102(O_CREAT|O_WRONLY|O_CLOEXEC) mode=0640 dev=0",
      "write > 300 300 fd=3(<f><NA>) size=512",
      "write < 300 300 res=512 data=",
      "close > 300 300 fd=3(<f><NA>)",
      "close < 300 300 res=0",
    ]);
    assert.match(lines[7], /^clone < 300 300 res=301\(app\) .*flags=.*CLONE_THREAD/);
    assert.match(lines[8], /^clone < 301 300 res=0 /);
    // kill is generic: sysdig shows no arguments for it.
    assert.equal(lines[9], "kill > 301 300");
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "sysdig -r shows parameters a decoder supplies",
  ignore: !SYSDIG,
  async fn() {
    const dir = await Deno.makeTempDir();
    const b = { cpu: 0, pid: 300, tid: 300, comm: "app" };
    const recs: TraceRecord[] = [
      { ...b, kind: "enter", ts: 10n, nr: 257, args: [2n ** 64n - 100n, 0x1000n, 0n, 0n, 0n, 0n] },
      { ...b, kind: "exit", ts: 11n, nr: 257, ret: 3n },
      { ...b, kind: "enter", ts: 12n, nr: 0, args: [3n, 0x2000n, 64n, 0n, 0n, 0n] },
      { ...b, kind: "exit", ts: 13n, nr: 0, ret: 5n },
    ];
    const sink = await openCaptureWriter(`${dir}/d.scap`, { arch: "x86_64", backend: "test" }, {
      procfs: false,
      params: (r) =>
        r.nr === 257 && r.kind === "enter"
          ? { name: "/etc/hosts" }
          : r.nr === 0 && r.kind === "exit"
          ? { data: new TextEncoder().encode("127.0"), pid: 1n }
          : undefined,
    });
    for (const r of recs) sink.write(r);
    await sink.close(STATS);
    const r = await sysdig("-r", `${dir}/d.scap`, "-p", "*%evt.type %evt.dir %proc.pid %evt.args");
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.out.trim().split("\n").map((l) => l.trimEnd()), [
      "openat > 300 dirfd=-100(AT_FDCWD) name=/etc/hosts flags=1(O_RDONLY) mode=0",
      "openat < 300 fd=3(<f>/etc/hosts) dirfd=-100(AT_FDCWD) name=/etc/hosts flags=1(O_RDONLY) mode=0 dev=0",
      "read > 300 fd=3(<f>/etc/hosts) size=64",
      "read < 300 res=5 data=127.0",
    ]);
    await Deno.remove(dir, { recursive: true });
  },
});
