// The top views (src/views.ts) against brute-force computations over the same random records:
// every row of every view, its order, the "other" row of a capped table, the latency
// histogram (log2 buckets computed here from bit lengths), p50 and p99 (in the true quantile's
// bucket); then src/top.ts's blocks and screens.
import assert from "node:assert/strict";
import {
  createView,
  ErrorView,
  fileLabel,
  FileView,
  latBucket,
  ProcView,
  quantileNs,
  SPARK_COLUMNS,
  sparkline,
  SyscallView,
} from "../src/views.ts";
import { viewSink } from "../src/top.ts";
import { LineOutput } from "../src/output.ts";
import type { SyscallRecord, TraceRecord } from "../src/record.ts";
import { syscallName, syscallNumber } from "../src/syscalls.ts";
import { argSpecs } from "../src/decode.ts";
import { errnoName } from "../src/errno.ts";

const ARCH = "x86_64";
const nr = (n: string) => syscallNumber(ARCH, n)!;
const enc = new TextEncoder();

/** A small PRNG (seeded: a failure replays). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  "read",
  "write",
  "pread64",
  "sendto",
  "recvfrom",
  "openat",
  "close",
  "fstat",
  "getpid",
  "mmap",
  "ioctl",
  "recvmmsg",
];
const COMMS = ["nginx", "cat", "sh", "a-much-longer-n"];
const PATHS = ["/etc/hosts", "/etc/passwd", "/tmp/x", "/var/log/nginx.log"];
const ERRNOS = [2n, 9n, 11n, 13n, 25n];

function records(n: number, rand: () => number): TraceRecord[] {
  const out: TraceRecord[] = [];
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
  let ts = 1_700_000_000_000_000_000n;
  for (let i = 0; i < n; i++) {
    const pid = 100 + Math.floor(rand() * 12);
    const comm = COMMS[pid % COMMS.length];
    const base = { cpu: 0, pid, tid: pid + Math.floor(rand() * 2), comm };
    ts += BigInt(Math.floor(rand() * 50_000_000));
    const x = rand();
    if (x < 0.02) {
      out.push({ ...base, kind: "drop", ts, lost: BigInt(1 + Math.floor(rand() * 9)) });
      continue;
    }
    const name = pick(NAMES);
    if (x < 0.05) {
      out.push({ ...base, kind: "enter", ts, nr: nr(name), args: [3n, 0n, 0n, 0n, 0n, 0n] });
      continue;
    }
    // durations from 0 ns to about 17 s, spread over the log2 buckets
    const dur = rand() < 0.05 ? 0n : BigInt(Math.floor(2 ** (rand() * 34)));
    const fdx = rand();
    const fd = fdx < 0.05
      ? 0xffffffffffffffffn // -1
      : fdx < 0.08
      ? 0xffffffffffffff9cn // AT_FDCWD
      : BigInt(Math.floor(rand() * 6));
    let ret: bigint | undefined = rand() < 0.25 ? -pick(ERRNOS) : BigInt(Math.floor(rand() * 5000));
    if (rand() < 0.03) ret = undefined;
    const r: SyscallRecord = {
      ...base,
      kind: "syscall",
      nr: nr(name),
      args: [fd, 0x1000n, 100n, 0n, 0n, 0n],
      ret,
      enterTs: ts - dur,
      ts,
    };
    if (name === "openat") {
      r.args[0] = 0xffffffffffffff9cn;
      if (rand() < 0.7) r.items = [{ arg: 1, type: "str", data: enc.encode(pick(PATHS)) }];
    }
    if (rand() < 0.02) r.nr = 999; // no such syscall: syscall_999
    out.push(r);
  }
  return out;
}

const done = (rs: TraceRecord[]) =>
  rs.filter((r): r is SyscallRecord => r.kind === "syscall" && r.ret !== undefined);
const dur = (r: SyscallRecord) => Number(r.ts - r.enterTs);
const isErr = (r: SyscallRecord) => r.ret! < 0n && r.ret! >= -4095n;
const lostOf = (rs: TraceRecord[]) =>
  rs.reduce((a, r) => a + (r.kind === "drop" ? r.lost : 0n), 0n);

/** Groups in order of first appearance (the order in which a capped table admits keys). */
function groups<K>(rs: SyscallRecord[], key: (r: SyscallRecord) => K | undefined) {
  const m = new Map<K, SyscallRecord[]>();
  for (const r of rs) {
    const k = key(r);
    if (k === undefined) continue;
    const g = m.get(k);
    if (g) g.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** The first `max` keys, and the records of the others. */
function capped<K>(m: Map<K, SyscallRecord[]>, max: number) {
  const kept = new Map([...m].slice(0, max));
  const rest = [...m].slice(max).flatMap(([, g]) => g);
  return { kept, rest };
}

/** A duration's log2 bucket from its bit length (independent of latBucket's arithmetic). */
const bucketOf = (d: number) => d < 2 ? 0 : Math.min(47, BigInt(d).toString(2).length - 1);

/** The nearest-rank quantile of durations. */
function trueQuantile(ds: number[], q: number): number {
  const s = [...ds].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil(q * s.length)) - 1];
}

const SEEDS = [1, 2, 3, 42, 1234];

Deno.test("latBucket: powers of two start a bucket", () => {
  for (let b = 1; b < 47; b++) {
    assert.equal(latBucket(2 ** b), b);
    assert.equal(latBucket(2 ** b - 1), b - 1);
  }
  assert.equal(latBucket(0), 0);
  assert.equal(latBucket(1), 0);
  assert.equal(latBucket(2 ** 60), 47);
});

Deno.test("syscalls view: every row, its histogram and quantiles, against brute force", () => {
  for (const seed of SEEDS) {
    for (const max of [10_000, 4]) {
      const rs = records(3000, rng(seed));
      const v = new SyscallView(ARCH, { maxKeys: max });
      rs.forEach((r) => v.add(r));
      const all = done(rs);
      assert.equal(v.calls, all.length);
      assert.equal(v.lost, lostOf(rs));
      const { kept, rest } = capped(groups(all, (r) => r.nr), max);
      const { rows, other } = v.rows();
      assert.equal(rows.length, kept.size);
      const want = [...kept].map(([k, g]) => ({
        nr: k,
        g,
        total: g.reduce((a, r) => a + dur(r), 0),
      }))
        .sort((a, b) =>
          b.total - a.total ||
          syscallName(ARCH, a.nr).localeCompare(syscallName(ARCH, b.nr))
        );
      rows.forEach((row, i) => {
        const { nr, g, total } = want[i];
        assert.equal(row.nr, nr, `seed ${seed} row ${i}`);
        assert.equal(row.calls, g.length);
        assert.equal(row.errors, g.filter(isErr).length);
        assert.equal(row.totalNs, total);
        const ds = g.map(dur);
        assert.equal(row.maxNs, Math.max(...ds));
        const hist = new Array(48).fill(0);
        ds.forEach((d) => hist[bucketOf(d)]++);
        assert.deepEqual([...row.hist], hist);
        for (const q of [0.5, 0.99]) {
          const est = quantileNs(row.hist, q, row.maxNs);
          const tru = trueQuantile(ds, q);
          assert.equal(bucketOf(est), bucketOf(tru), `q${q} ${est} vs ${tru}`);
          assert.ok(est <= row.maxNs);
        }
        // the sparkline: durations in columns of two buckets, from 2^8 ns to 2^30 ns
        const cols = new Array(SPARK_COLUMNS).fill(0);
        ds.forEach((d) => cols[Math.min(11, Math.max(0, (bucketOf(d) - 8) >> 1))]++);
        const spark = sparkline(row.hist);
        assert.equal(spark.length, SPARK_COLUMNS);
        const top = Math.max(...cols);
        [...spark].forEach((ch, k) => {
          if (cols[k] === 0) assert.equal(ch, "·");
          else if (cols[k] === top) assert.equal(ch, "█");
          else assert.notEqual(ch, "·");
        });
      });
      assert.equal(other?.calls ?? 0, rest.length);
      assert.equal(v.folded, rest.length);
      assert.equal(other?.totalNs ?? 0, rest.reduce((a, r) => a + dur(r), 0));
      // the table: one line per row, its numbers, the other row and the total
      const lines = v.format();
      assert.equal(lines.length, 4 + rows.length + (other ? 1 : 0));
      lines.slice(2, 2 + rows.length).forEach((l, i) => {
        const c = l.trim().split(/\s+/);
        assert.equal(c[c.length - 1], syscallName(ARCH, want[i].nr));
        assert.equal(c[1], (want[i].total / 1e9).toFixed(6));
        assert.equal(c[6], String(want[i].g.length));
      });
      const total = lines[lines.length - 1].trim().split(/\s+/);
      assert.equal(total[0], "100.00");
      assert.equal(total[total.length - 1], "total");
      assert.ok(total.includes(String(all.length)), lines[lines.length - 1]);
      assert.equal(v.format(2).length, 4 + Math.min(2, rows.length) + (other ? 1 : 0));
    }
  }
});

Deno.test("procs view: calls, errors, time and latest name per pid, against brute force", () => {
  for (const seed of SEEDS) {
    for (const max of [10_000, 5]) {
      const rs = records(2000, rng(seed));
      const v = new ProcView(ARCH, { maxKeys: max });
      rs.forEach((r) => v.add(r));
      const { kept, rest } = capped(groups(done(rs), (r) => r.pid), max);
      const want = [...kept].map(([pid, g]) => ({
        pid,
        comm: g[g.length - 1].comm,
        calls: g.length,
        errors: g.filter(isErr).length,
        totalNs: g.reduce((a, r) => a + dur(r), 0),
      })).sort((a, b) => b.totalNs - a.totalNs || b.calls - a.calls || a.pid - b.pid);
      const { rows, other } = v.rows();
      assert.deepEqual(rows, want, `seed ${seed}`);
      assert.equal(other?.calls ?? 0, rest.length);
      assert.equal(other?.errors ?? 0, rest.filter(isErr).length);
      const lines = v.format();
      assert.equal(lines.length, 1 + rows.length + (other ? 1 : 0));
      lines.slice(1, 1 + rows.length).forEach((l, i) => {
        const c = l.trim().split(/\s+/);
        assert.deepEqual(
          [c[0], c[1], c[2]],
          [String(want[i].pid), want[i].comm, String(want[i].calls)],
        );
      });
      if (other) assert.match(lines[lines.length - 1], /\(other: \d+ calls\)/);
    }
  }
});

Deno.test("files view: bytes, calls and time per file or pid:fd, against brute force", () => {
  // pid 100's fd 3 and every process's fd 4 have names: rows merge by name
  const names = (pid: number, fd: number) =>
    fd === 4 ? "/var/log/shared.log" : pid === 100 && fd === 3 ? "/etc/hosts" : undefined;
  const READS = new Set(["read", "pread64", "readv", "preadv", "preadv2", "recvfrom", "recvmsg"]);
  const WRITES = new Set([
    "write",
    "pwrite64",
    "writev",
    "pwritev",
    "pwritev2",
    "sendto",
    "sendmsg",
  ]);
  for (const seed of SEEDS) {
    for (const max of [10_000, 7]) {
      const rs = records(3000, rng(seed));
      const v = new FileView(ARCH, { maxKeys: max, fdName: names });
      rs.forEach((r) => v.add(r));
      const fdCall = (r: SyscallRecord) =>
        argSpecs(ARCH, r.nr)?.[0]?.kind === "fd" && BigInt.asIntN(64, r.args[0]) >= 0n;
      const label = (r: SyscallRecord) =>
        names(r.pid, Number(r.args[0])) ?? `${r.pid}:fd ${r.args[0]}`;
      const { kept, rest } = capped(groups(done(rs), (r) => fdCall(r) ? label(r) : undefined), max);
      const bytes = (g: SyscallRecord[], set: Set<string>) =>
        g.reduce(
          (a, r) => a + (set.has(syscallName(ARCH, r.nr)) && r.ret! > 0n ? Number(r.ret) : 0),
          0,
        );
      const want = [...kept].map(([label, g]) => ({
        label,
        read: bytes(g, READS),
        written: bytes(g, WRITES),
        calls: g.length,
        totalNs: g.reduce((a, r) => a + dur(r), 0),
      })).sort((a, b) =>
        b.read + b.written - a.read - a.written || b.totalNs - a.totalNs ||
        a.label.localeCompare(b.label)
      );
      const { rows, other } = v.rows();
      assert.deepEqual(
        rows.map((r) => ({
          label: fileLabel(r),
          read: r.read,
          written: r.written,
          calls: r.calls,
          totalNs: r.totalNs,
        })),
        want,
        `seed ${seed}`,
      );
      if (!other) {
        assert.ok(want.some((w) => w.label === "/var/log/shared.log"));
        assert.ok(want.some((w) => /^\d+:fd \d$/.test(w.label)));
      }
      assert.equal(other?.calls ?? 0, rest.length);
      assert.equal(other?.read ?? 0, bytes(rest, READS));
      const lines = v.format();
      lines.slice(1, 1 + rows.length).forEach((l, i) => {
        assert.ok(l.endsWith(` ${want[i].label}`), l);
        assert.deepEqual(
          l.trim().split(/\s+/).slice(0, 3),
          [String(want[i].read), String(want[i].written), String(want[i].calls)],
        );
      });
    }
  }
});

Deno.test("errors view: count per syscall and errno, the first example, against brute force", () => {
  const names = (pid: number, fd: number) => fd === 5 ? `/dev/pts/${pid}` : undefined;
  for (const seed of SEEDS) {
    for (const max of [10_000, 6]) {
      const rs = records(3000, rng(seed));
      const v = new ErrorView(ARCH, { maxKeys: max, fdName: names });
      rs.forEach((r) => v.add(r));
      const example = (r: SyscallRecord) =>
        r.items?.length
          ? new TextDecoder().decode(r.items[0].data)
          : argSpecs(ARCH, r.nr)?.[0]?.kind === "fd" && BigInt.asIntN(64, r.args[0]) >= 0n
          ? names(r.pid, Number(r.args[0]))
          : undefined;
      const { kept, rest } = capped(
        groups(done(rs).filter(isErr), (r) => `${r.nr}/${-r.ret!}`),
        max,
      );
      const want = [...kept].map(([, g]) => ({
        nr: g[0].nr,
        errno: Number(-g[0].ret!),
        count: g.length,
        example: g.map(example).find((e) => e !== undefined),
      })).sort((a, b) =>
        b.count - a.count ||
        syscallName(ARCH, a.nr).localeCompare(syscallName(ARCH, b.nr)) || a.errno - b.errno
      );
      const { rows, other } = v.rows();
      assert.deepEqual(
        rows.map((r) => ({ ...r, example: r.example })),
        want,
        `seed ${seed}`,
      );
      if (!other) {
        assert.ok(want.some((w) => PATHS.includes(w.example!)));
        assert.ok(want.some((w) => w.example?.startsWith("/dev/pts/")));
      }
      assert.equal(other?.count ?? 0, rest.length);
      const lines = v.format();
      lines.slice(1, 1 + rows.length).forEach((l, i) => {
        const c = l.trim().split(/\s+/);
        assert.deepEqual(c.slice(0, 3), [
          String(want[i].count),
          syscallName(ARCH, want[i].nr),
          errnoName(want[i].errno)!,
        ]);
        if (want[i].example) assert.equal(c[3], want[i].example);
      });
    }
  }
});

/** A LineOutput whose text is kept. */
function memOut() {
  const chunks: Uint8Array[] = [];
  const out = new LineOutput({
    writeSync(p) {
      chunks.push(p.slice());
      return p.length;
    },
  });
  const text = () => new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
  return { out, text };
}

Deno.test("--top into a pipe, by the trace's clock: a block per second, the last is the view", async () => {
  const rs = records(400, rng(7));
  const { out, text } = memOut();
  const sink = viewSink(out, ARCH, { view: "procs", top: true, clock: "trace" });
  for (const r of rs) sink.write(r);
  await sink.close({ seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] });
  const blocks = text().replace(/\n$/, "").split("\n\n");
  // a block each time a record crosses into a new second (gaps give one block, not several)
  const first = rs[0].ts;
  let next = first + 1_000_000_000n, ticks = 0;
  for (const r of rs.slice(1)) {
    if (r.ts >= next) {
      ticks++;
      while (next <= r.ts) next += 1_000_000_000n;
    }
  }
  assert.ok(ticks >= 3, `${ticks}`);
  assert.equal(blocks.length, ticks + 1);
  for (const b of blocks) assert.match(b, /^mysysdig --top: procs at \d\d:\d\d:\d\d, \d+ calls/);
  const v = createView("procs", ARCH);
  rs.forEach((r) => v.add(r));
  assert.deepEqual(blocks[blocks.length - 1].split("\n").slice(1), v.format());
  // calls only grow from block to block
  const calls = blocks.map((b) => Number(/, (\d+) calls/.exec(b)![1]));
  assert.deepEqual(calls, [...calls].sort((a, b) => a - b));
  assert.equal(calls[calls.length - 1], done(rs).length);
});

const ESC = "\x1b";

Deno.test("--top on a terminal: a screen that fits, drawn in place", async () => {
  const rs = records(2000, rng(9));
  const { out, text } = memOut();
  const sink = viewSink(out, ARCH, {
    view: "files",
    top: true,
    terminal: true,
    clock: "wall",
    size: () => ({ columns: 40, rows: 10 }),
  });
  for (const r of rs) sink.write(r);
  await sink.flush();
  await sink.close({ seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] });
  const screens = text().split("\x1b[?25l").slice(1);
  assert.equal(screens.length, 2);
  for (const s of screens) {
    // every line at its row, cleared to its end, nothing beyond row 9
    const lines = [...s.matchAll(new RegExp(`${ESC}\\[(\\d+);1H([^${ESC}]*)${ESC}\\[K`, "g"))];
    assert.equal(lines.length, 9);
    lines.forEach((m, i) => {
      assert.equal(Number(m[1]), i + 1);
      assert.ok(m[2].length <= 40, m[2]);
    });
    assert.match(lines[0][2], /^mysysdig --top: files at/);
    assert.ok(s.includes(`${ESC}[10;1H${ESC}[J`));
  }
  assert.ok(text().endsWith("\x1b[?25h\n"));
});

Deno.test("--view: the table once, at the end, as the view formats it", async () => {
  const rs = records(500, rng(11));
  for (const name of ["syscalls", "procs", "files", "errors"] as const) {
    const { out, text } = memOut();
    const sink = viewSink(out, ARCH, { view: name });
    for (const r of rs) sink.write(r);
    await sink.flush();
    assert.equal(text(), "");
    await sink.close({ seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] });
    const v = createView(name, ARCH);
    rs.forEach((r) => v.add(r));
    assert.equal(text(), v.format().join("\n") + "\n");
  }
});

Deno.test("--view and --top on the command line", async () => {
  const { parseArgs } = await import("../src/cli_args.ts");
  const { UsageError } = await import("../src/errors.ts");
  const o = parseArgs(["--view", "files"]);
  assert.deepEqual([o.view, o.top, o.summary], ["files", undefined, true]);
  assert.deepEqual([parseArgs(["-c", "--view=errors"]).view, parseArgs(["-c"]).view], [
    "errors",
    undefined,
  ]);
  const t = parseArgs(["--top"]);
  assert.deepEqual([t.view, t.top, t.summary], ["syscalls", true, true]);
  assert.equal(parseArgs(["--view", "procs", "--top"]).view, "procs");
  assert.equal(parseArgs(["--top", "--view", "procs"]).view, "procs");
  for (
    const [argv, msg] of [
      [["--view", "fds"], /unknown view "fds" \(choose syscalls, procs, files, errors\)/],
      [["--view"], /--view needs a value/],
      [["--top=1"], /--top takes no value/],
      [["--top", "--format", "json"], /--view and --top print a view: --format does not apply/],
      [["--view", "procs", "--events", "both"], /count completed syscalls/],
      [["--top", "--print", "%evt.type"], /--print shapes each line itself: not with -c/],
    ] as const
  ) {
    assert.throws(
      () => parseArgs([...argv]),
      (e: Error) => e instanceof UsageError && msg.test(e.message),
    );
  }
});

Deno.test("a view keeps 10,000 rows: the calls of 30,000 processes fold into one other row", () => {
  for (const name of ["procs", "files", "errors"] as const) {
    const v = createView(name, ARCH);
    for (let i = 0; i < 30_000; i++) {
      v.add({
        kind: "syscall",
        nr: nr("read"),
        args: [3n, 0n, 0n, 0n, 0n, 0n],
        ret: -11n,
        enterTs: 10n,
        ts: 20n,
        cpu: 0,
        pid: 1000 + i,
        tid: 1000 + i,
        comm: "many",
      });
    }
    const lines = v.format();
    // errors: one key (read, EAGAIN) for all of them; the others: a row per process
    const rows = name === "errors" ? 1 : 10_000;
    assert.equal(lines.length, 1 + rows + (name === "errors" ? 0 : 1), name);
    assert.equal(v.folded, name === "errors" ? 0 : 20_000);
    if (name !== "errors") assert.match(lines[lines.length - 1], /\(other: 20000 calls\)/);
  }
});
