// The Perfetto trace writer (src/format_perfetto.ts): every record becomes the slice or instant
// it stands for, read back with an independent protobuf library (tests/perfetto_decode.ts);
// memory and size stay bounded over a long trace; and the CLI writes one live (tracefs backend,
// as root) and from a capture file, slice for slice the same calls as its JSON output.
import assert from "node:assert/strict";
import { PerfettoWriter } from "../src/format_perfetto.ts";
import type { SyscallRecord, TraceRecord } from "../src/record.ts";
import { syscallNumber } from "../src/syscalls.ts";
import { decodePerfetto } from "./perfetto_decode.ts";
import { cli, TRACEFS_SKIP } from "./host_cli.ts";

const ARCH = "x86_64";
const nr = (n: string) => syscallNumber(ARCH, n)!;
const enc = new TextEncoder();
const threadUuid = (tid: number) => BigInt(2 * tid + 3);

/** Collects what the writer writes, and the largest single write. */
class Collect {
  chunks: Uint8Array[] = [];
  largest = 0;
  writeSync(p: Uint8Array): number {
    this.chunks.push(p.slice());
    this.largest = Math.max(this.largest, p.length);
    return p.length;
  }
  bytes(): Uint8Array {
    const n = this.chunks.reduce((a, c) => a + c.length, 0);
    const b = new Uint8Array(n);
    let at = 0;
    for (const c of this.chunks) {
      b.set(c, at);
      at += c.length;
    }
    return b;
  }
}

function call(
  tid: number,
  pid: number,
  comm: string,
  name: string,
  enterTs: bigint,
  ts: bigint,
  args: bigint[],
  ret?: bigint,
  path?: string,
): SyscallRecord {
  return {
    kind: "syscall",
    ts,
    enterTs,
    cpu: tid & 1,
    pid,
    tid,
    comm,
    nr: nr(name),
    args,
    ret,
    items: path === undefined ? undefined : [{ arg: 1, type: "str", data: enc.encode(path) }],
  };
}

Deno.test("perfetto: every record is its slice, on its thread's track, with names interned", () => {
  const T0 = 1_764_000_000_000_000_000n; // beyond 2^53: timestamps are exact 64-bit varints
  const recs: TraceRecord[] = [
    call(
      100,
      100,
      "srv",
      "openat",
      T0,
      T0 + 500n,
      [-100n, 0x1000n, 0n, 0n, 0n, 0n],
      3n,
      "/etc/hosts",
    ),
    call(
      101,
      100,
      "srv",
      "openat",
      T0 + 100n,
      T0 + 900n,
      [-100n, 0x2000n, 0n, 0n, 0n, 0n],
      -2n,
      "/nope",
    ),
    call(100, 100, "srv", "read", T0 + 1000n, T0 + 1200n, [3n, 0x3000n, 10n, 0n, 0n, 0n], 10n),
    { kind: "drop", ts: T0 + 1300n, cpu: 1, pid: 0, tid: 0, comm: "", lost: 17n },
    // execve renames the thread: its track is described again with the new name
    call(100, 100, "worker", "getppid", T0 + 2000n, T0 + 2100n, [0n, 0n, 0n, 0n, 0n, 0n], 1n),
    // a second process, and a call that never returned (no END)
    call(200, 200, "other", "nanosleep", T0 + 2200n, T0 + 2200n, [0x4000n, 0n, 0n, 0n, 0n, 0n]),
    // --events both: an entry, its exit
    {
      kind: "enter",
      ts: T0 + 3000n,
      cpu: 0,
      pid: 200,
      tid: 201,
      comm: "other",
      nr: nr("close"),
      args: [5n, 0n, 0n, 0n, 0n, 0n],
    },
    {
      kind: "exit",
      ts: T0 + 3300n,
      cpu: 0,
      pid: 200,
      tid: 201,
      comm: "other",
      nr: nr("close"),
      ret: -9n,
    },
    // an exit whose entry is not in the trace makes no slice
    {
      kind: "exit",
      ts: T0 + 3400n,
      cpu: 0,
      pid: 200,
      tid: 202,
      comm: "other",
      nr: nr("read"),
      ret: 1n,
    },
  ];
  // many calls of one name: the name is interned once
  for (let i = 0; i < 50; i++) {
    recs.push(
      call(
        300,
        300,
        "loop",
        "getppid",
        T0 + 5000n + 10n * BigInt(i),
        T0 + 5005n + 10n * BigInt(i),
        [0n, 0n, 0n, 0n, 0n, 0n],
        1n,
      ),
    );
  }
  const c = new Collect();
  const w = new PerfettoWriter(ARCH, c);
  for (const r of recs) w.write(r);
  w.close();
  const d = decodePerfetto(c.bytes());

  const on = (tid: number) => d.slices.filter((s) => s.track === threadUuid(tid));
  const [o1, r1, g1] = on(100);
  assert.deepEqual([o1.name, o1.ts, o1.end], ["openat", T0, T0 + 500n]);
  assert.equal(o1.args.filename, '"/etc/hosts"');
  assert.equal(o1.args.dfd, "AT_FDCWD");
  assert.equal(o1.args.result, 3n);
  assert.deepEqual([r1.name, r1.args.fd, r1.args.count, r1.args.result], ["read", 3n, 10n, 10n]);
  assert.deepEqual([g1.name, g1.ts, g1.end], ["getppid", T0 + 2000n, T0 + 2100n]);
  const [o2] = on(101);
  assert.deepEqual([o2.name, o2.args.result, o2.args.errno, o2.args.filename], [
    "openat",
    -2n,
    "ENOENT",
    '"/nope"',
  ]);
  const [n1] = on(200);
  assert.deepEqual([n1.name, n1.end, n1.args.result], ["nanosleep", undefined, "?"]);
  const [c1] = on(201);
  assert.deepEqual([c1.name, c1.ts, c1.end, c1.args.fd, c1.args.result, c1.args.errno], [
    "close",
    T0 + 3000n,
    T0 + 3300n,
    5n,
    -9n,
    "EBADF",
  ]);
  assert.equal(on(202).length, 0, "an exit alone makes no slice");
  assert.equal(on(300).length, 50);
  assert.ok(on(300).every((s) => s.name === "getppid" && s.end! - s.ts === 5n));

  const drop = d.slices.find((s) => s.name === "events lost")!;
  assert.deepEqual([drop.track, drop.ts, drop.end, drop.args.lost, drop.args.cpu], [
    1n,
    T0 + 1300n,
    undefined,
    17n,
    1n,
  ]);
  assert.equal(d.named.get(1n), "mysysdig: events lost");

  // tracks: threads under their processes, named comm (tid); the renamed thread's last name wins
  assert.deepEqual(d.threads.get(threadUuid(100)), {
    pid: 100,
    tid: 100,
    name: "worker",
    parent: 202n,
  });
  assert.equal(d.named.get(threadUuid(100)), "worker (100)");
  assert.deepEqual(d.threads.get(threadUuid(101)), {
    pid: 100,
    tid: 101,
    name: "srv",
    parent: 202n,
  });
  assert.deepEqual(d.processes.get(202n), { pid: 100, name: "worker" });
  assert.deepEqual(d.processes.get(402n), { pid: 200, name: "other" });
  assert.equal(d.slices.length, 3 + 1 + 1 + 1 + 1 + 50);
});

Deno.test("perfetto: a long trace is written as it goes, in small bounded writes, a few bytes a call", () => {
  const c = new Collect();
  const w = new PerfettoWriter(ARCH, c);
  const N = 200_000, T0 = 1_764_000_000_000_000_000n;
  for (let i = 0; i < N; i++) {
    const t = T0 + BigInt(i) * 1000n;
    w.write(
      call(1000 + (i & 7), 1000, "loop", "getppid", t, t + 300n, [0n, 0n, 0n, 0n, 0n, 0n], 999n),
    );
  }
  w.close();
  const bytes = c.bytes();
  // nothing accumulates: the writer hands out at most its 256 KiB buffer and one packet at a time
  assert.ok(c.largest < (256 << 10) + 4096, `largest write ${c.largest}`);
  assert.ok(c.chunks.length > bytes.length / (300 << 10), `${c.chunks.length} writes`);
  // interned names: a slice is two small packets (timestamps, track, name id, a result), about
  // 55 bytes; a capture file spends 124 on the same call
  const per = bytes.length / N;
  assert.ok(per < 64, `${per.toFixed(1)} bytes per call`);
  const d = decodePerfetto(bytes);
  assert.equal(d.slices.length, N);
  assert.equal(d.threads.size, 8);
  const s = d.slices[N - 1];
  assert.deepEqual([s.name, s.ts, s.end, s.args.result], [
    "getppid",
    T0 + BigInt(N - 1) * 1000n,
    T0 + BigInt(N - 1) * 1000n + 300n,
    999n,
  ]);
});

// ---- the CLI, on the tracefs backend (root) ------------------------------------------------

const SKIP = TRACEFS_SKIP;

/** A result as a signed decimal, whether shown in hex (mmap's address), as a number or a string. */
const res = (v: unknown) => v === "?" ? "?" : BigInt.asIntN(64, BigInt(String(v))).toString();

Deno.test({
  name: "perfetto: the CLI live (tracefs) and from a capture: the same calls as the JSON lines",
  ignore: SKIP !== undefined,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "msd-perfetto-" });
    try {
      // live, by -w's file name
      const live = await cli(
        "--backend",
        "tracefs",
        "-w",
        `${dir}/live.perfetto-trace`,
        "--",
        "/bin/cat",
        "/nonexistent-perfetto",
      );
      assert.equal(live.code, 1, live.err);
      assert.equal(Deno.statSync(`${dir}/live.perfetto-trace`).mode! & 0o777, 0o600);
      const d = decodePerfetto(Deno.readFileSync(`${dir}/live.perfetto-trace`));
      // (tracefs shows no paths: the missing file is cat's openat that failed)
      const open = d.slices.find((s) =>
        s.name === "openat" && s.args.errno === "ENOENT" && d.threads.get(s.track)?.name === "cat"
      );
      assert.ok(open, "cat's openat of the missing file");
      assert.deepEqual([open.args.result, open.args.dfd], [-2n, "AT_FDCWD"]);
      const th = d.threads.get(open.track)!;
      assert.equal(th.name, "cat");
      assert.equal(d.named.get(open.track), `cat (${th.tid})`);

      // a capture, read back to JSON and to a Perfetto trace: one slice per JSON line
      const w = await cli("--backend", "tracefs", "-w", `${dir}/t.scap`, "--", "/bin/ls", "/");
      assert.equal(w.code, 0, w.err);
      const j = await cli("-r", `${dir}/t.scap`, "--format", "json");
      assert.equal(j.code, 0, j.err);
      const p = await cli("-r", `${dir}/t.scap`, "--format", "perfetto", "-o", `${dir}/t.pftrace`);
      assert.equal(p.code, 0, p.err);
      const lines = j.out.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l))
        .filter((e) => e.dir === "syscall");
      const got = decodePerfetto(Deno.readFileSync(`${dir}/t.pftrace`)).slices
        .filter((s) => s.name !== "events lost")
        .map((s) => `${s.track} ${s.name} ${s.ts} ${s.end ?? "-"} ${res(s.args.result)}`).sort();
      const want = lines.map((e) =>
        `${threadUuid(e.tid)} ${e.syscall} ${e.enter_ts} ${e.ret === undefined ? "-" : e.ts} ${
          res(e.ret ?? "?")
        }`
      ).sort();
      assert.ok(want.length > 50, `${want.length} calls`);
      assert.deepEqual(got, want);

      // a binary trace is not written to a terminal, nor mixed with a capture's options
      const z = await cli("-w", `${dir}/x.perfetto-trace`, "-z", "--", "/bin/true");
      assert.equal(z.code, 2, z.err);
      assert.match(z.err, /-z, -C and -W apply to a capture file, not to a Perfetto trace/);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("perfetto: a socket address argument reads as family, address and port", () => {
  const sa = new Uint8Array(16);
  sa.set([2, 0, 0x1f, 0x90, 127, 0, 0, 1]); // AF_INET, port 8080, 127.0.0.1
  const c = new Collect();
  const w = new PerfettoWriter(ARCH, c);
  const T = 1_000_000n;
  w.write({
    kind: "syscall",
    ts: T + 10n,
    enterTs: T,
    cpu: 0,
    pid: 9,
    tid: 9,
    comm: "curl",
    nr: nr("connect"),
    args: [4n, 0x1000n, 16n, 0n, 0n, 0n],
    items: [{ arg: 1, type: "sockaddr", data: sa }],
    ret: 0n,
  });
  w.close();
  const [s] = decodePerfetto(c.bytes()).slices;
  assert.deepEqual([s.name, s.args.fd, s.args.addr, s.args.result], [
    "connect",
    4n,
    "AF_INET 127.0.0.1:8080",
    0n,
  ]);
});
