/**
 * Seeded synthetic record streams for capture tests and size measurements: a few processes and
 * threads making a plausible mix of syscalls (every syscall with a dedicated sysdig event, many
 * generic ones, unknown numbers), execve renames, clone children and drop records.
 *
 * @module
 */
import type { Arch, TraceRecord } from "../record.ts";
import { syscallNumber, syscallTable } from "../syscalls.ts";
import { SPECIFIC } from "./events.ts";
import { FORK_NAMES } from "../syscalls/traits.ts";

/** A small, fast, seeded PRNG (mulberry32). Returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of {@linkcode synthRecords}. */
export interface SynthOptions {
  arch: Arch;
  /** How many records (about). */
  count: number;
  seed?: number;
  /** Probability of a drop record between two syscalls. Default 0.002. */
  dropRate?: number;
}

interface Task {
  pid: number;
  tid: number;
  comm: string;
}

/** A reproducible record stream in timestamp order; enters are followed by their exits. */
export function synthRecords(opts: SynthOptions): TraceRecord[] {
  const rnd = prng(opts.seed ?? 1);
  const arch = opts.arch;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const all = syscallTable(arch).filter((s) => s !== undefined).map((s) => s!.nr);
  const specific = SPECIFIC.map((s) => syscallNumber(arch, s.syscall)).filter(
    (n): n is number => n !== undefined,
  );
  const common = ["read", "write", "close", "openat", "getpid", "futex", "epoll_wait", "mmap"]
    .map((n) => syscallNumber(arch, n)).filter((n): n is number => n !== undefined);
  const execve = syscallNumber(arch, "execve")!;
  const clone = syscallNumber(arch, "clone")!;
  const forks = new Set(
    FORK_NAMES.map((n) => syscallNumber(arch, n)).filter((n) => n !== undefined),
  );
  const tasks: Task[] = [
    { pid: 1200, tid: 1200, comm: "nginx" },
    { pid: 1200, tid: 1201, comm: "nginx" },
    { pid: 77, tid: 77, comm: "systemd-journal" },
    { pid: 4000, tid: 4000, comm: "sh" },
  ];
  let nextPid = 5000;
  let ts = 1_700_000_000_000_000_000n + BigInt(Math.floor(rnd() * 1e9));
  const out: TraceRecord[] = [];
  const arg = (): bigint => {
    const r = rnd();
    if (r < 0.3) return 0n;
    if (r < 0.6) return BigInt(Math.floor(rnd() * 64));
    if (r < 0.85) return 0x7ff000000000n + BigInt(Math.floor(rnd() * 2 ** 32));
    if (r < 0.95) return BigInt.asUintN(64, -BigInt(Math.floor(rnd() * 200)));
    return BigInt(Math.floor(rnd() * 2 ** 32)) << 32n | BigInt(Math.floor(rnd() * 2 ** 32));
  };
  const ret = (): bigint => {
    const r = rnd();
    if (r < 0.15) return -BigInt(1 + Math.floor(rnd() * 133));
    if (r < 0.8) return BigInt(Math.floor(rnd() * 4096));
    return 0x7ff000000000n + BigInt(Math.floor(rnd() * 2 ** 32));
  };
  while (out.length < opts.count) {
    ts += BigInt(1 + Math.floor(rnd() * 5000));
    const cpu = Math.floor(rnd() * 4);
    if (rnd() < (opts.dropRate ?? 0.002)) {
      out.push({
        kind: "drop",
        ts,
        cpu,
        pid: 0,
        tid: 0,
        comm: "",
        lost: BigInt(1 + Math.floor(rnd() * 1000)),
      });
      continue;
    }
    const t = pick(tasks);
    const r = rnd();
    const nr = r < 0.4
      ? pick(common)
      : r < 0.7
      ? pick(specific)
      : r < 0.98
      ? pick(all)
      : 400 + Math.floor(rnd() * 600);
    const args = [arg(), arg(), arg(), arg(), arg(), arg()];
    const thread = rnd() < 0.5;
    // What glibc passes: pthread_create's flags for a thread, fork's for a process.
    if (nr === clone) args[0] = thread ? 0x3d0f00n : 0x1200011n;
    out.push({ kind: "enter", ts, cpu, pid: t.pid, tid: t.tid, comm: t.comm, nr, args });
    ts += BigInt(1 + Math.floor(rnd() * 20000));
    if (nr === execve && rnd() < 0.7) {
      t.comm = pick(["ls", "cat", "curl", "a-very-long-name"]).slice(0, 15);
      out.push({ kind: "exit", ts, cpu, pid: t.pid, tid: t.tid, comm: t.comm, nr, ret: 0n });
    } else if (nr === clone && rnd() < 0.7) {
      const child: Task = thread
        ? { pid: t.pid, tid: nextPid++, comm: t.comm }
        : { pid: nextPid, tid: nextPid++, comm: t.comm };
      out.push({
        kind: "exit",
        ts,
        cpu,
        pid: t.pid,
        tid: t.tid,
        comm: t.comm,
        nr,
        ret: BigInt(child.tid),
      });
      ts += 1000n;
      out.push({ kind: "exit", ts, cpu: (cpu + 1) % 4, ...child, nr, ret: 0n });
      tasks.push(child);
      if (tasks.length > 12) tasks.splice(4, 1);
    } else if (rnd() < 0.03) {
      // An exit without its enter (the trace began inside the call) and an enter without exit.
      const other = pick(all);
      out.push({
        kind: "exit",
        ts,
        cpu,
        pid: t.pid,
        tid: t.tid,
        comm: t.comm,
        nr: other,
        ret: forks.has(other) ? 0n : ret(),
      });
    } else {
      // A clone that made no child failed: a positive result would name a new thread.
      const res = forks.has(nr) ? -11n : ret();
      out.push({ kind: "exit", ts, cpu, pid: t.pid, tid: t.tid, comm: t.comm, nr, ret: res });
    }
  }
  return out;
}
