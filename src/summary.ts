/**
 * `-c`: a table per syscall of calls, errors, total, average and maximum
 * time, sorted by total time, like `strace -c`. Fed completed syscalls
 * (src/pair.ts pairs the rest); written when the trace ends.
 *
 * @module
 */
import type { Arch, TraceRecord, TraceStats } from "./record.ts";
import type { Sink } from "./sink.ts";
import type { LineOutput } from "./output.ts";
import { syscallName } from "./syscalls.ts";
import { isError } from "./decode.ts";

/** Totals of one syscall. */
export interface SyscallTotals {
  /** Syscall name. */
  name: string;
  /** Completed calls. */
  calls: number;
  /** Calls that returned an error. */
  errors: number;
  /** Sum of durations, ns. */
  totalNs: bigint;
  /** Longest call, ns. */
  maxNs: bigint;
}

/** Accumulates completed syscalls per name. */
export class SummaryTable {
  #arch: Arch;
  #rows = new Map<string, SyscallTotals>();

  /** A table for records of `arch`. */
  constructor(arch: Arch) {
    this.#arch = arch;
  }

  /** Counts one record (completed syscalls only). */
  add(r: TraceRecord): void {
    if (r.kind !== "syscall" || r.ret === undefined) return;
    const name = syscallName(this.#arch, r.nr);
    let row = this.#rows.get(name);
    if (!row) this.#rows.set(name, row = { name, calls: 0, errors: 0, totalNs: 0n, maxNs: 0n });
    const d = r.ts - r.enterTs;
    row.calls++;
    if (isError(r.ret)) row.errors++;
    row.totalNs += d;
    if (d > row.maxNs) row.maxNs = d;
  }

  /** Rows by total time, longest first (name breaks ties). */
  rows(): SyscallTotals[] {
    return [...this.#rows.values()].sort((a, b) =>
      a.totalNs === b.totalNs ? a.name.localeCompare(b.name) : a.totalNs > b.totalNs ? -1 : 1
    );
  }

  /** The table as text lines. */
  format(): string[] {
    const rows = this.rows();
    const total = rows.reduce((a, r) => a + r.totalNs, 0n);
    const sec = (ns: bigint) => (Number(ns) / 1e9).toFixed(6);
    const us = (ns: bigint, n: number) => Math.round(Number(ns) / 1000 / (n || 1)).toString();
    const line = (
      p: string,
      s: string,
      avg: string,
      max: string,
      c: string,
      e: string,
      n: string,
    ) =>
      `${p.padStart(6)} ${s.padStart(11)} ${avg.padStart(11)} ${max.padStart(11)} ${
        c.padStart(9)
      } ${e.padStart(9)} ${n}`;
    const out = [
      line("% time", "seconds", "usecs/call", "max usecs", "calls", "errors", "syscall"),
      line(
        "------",
        "-----------",
        "-----------",
        "-----------",
        "---------",
        "---------",
        "----------------",
      ),
    ];
    for (const r of rows) {
      const pct = total ? (Number(r.totalNs) * 100 / Number(total)).toFixed(2) : "0.00";
      out.push(
        line(
          pct,
          sec(r.totalNs),
          us(r.totalNs, r.calls),
          us(r.maxNs, 1),
          String(r.calls),
          r.errors ? String(r.errors) : "",
          r.name,
        ),
      );
    }
    const calls = rows.reduce((a, r) => a + r.calls, 0);
    const errors = rows.reduce((a, r) => a + r.errors, 0);
    out.push(out[1]);
    out.push(
      line(
        "100.00",
        sec(total),
        us(total, calls),
        "",
        String(calls),
        errors ? String(errors) : "",
        "total",
      ),
    );
    return out;
  }
}

/** A sink that prints the summary table when closed. */
export function summarySink(out: LineOutput, arch: Arch): Sink {
  const t = new SummaryTable(arch);
  return {
    write(r) {
      t.add(r);
    },
    flush() {
      return Promise.resolve();
    },
    close(_stats: TraceStats) {
      for (const l of t.format()) out.line(l);
      out.close();
      return Promise.resolve();
    },
  };
}
