/**
 * JSON Lines: one object per event. The schema (README.md, "JSON output"):
 *
 *     {"ts":"1764201234123456789","cpu":0,"pid":42,"tid":42,"comm":"cat",
 *      "dir":"enter","nr":257,"syscall":"openat","args":[4294967196,140737,524288,0,0,0]}
 *     {"ts":"...","cpu":0,"pid":42,"tid":42,"comm":"cat","dir":"exit","nr":257,
 *      "syscall":"openat","ret":3}
 *     {"ts":"...","cpu":1,"dir":"drop","lost":17}
 *
 * ts is ns since the Unix epoch, always a string (it exceeds 2^53). Other
 * 64-bit values (args, ret, lost) are numbers when a JSON number holds them
 * exactly, otherwise decimal strings.
 *
 * @module
 */
import type { Arch, TraceRecord } from "./record.ts";
import type { Sink } from "./sink.ts";
import { type LineOutput, lineSink } from "./output.ts";
import { syscallName } from "./syscalls.ts";

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit value as a JSON number when exact, else as a string. */
export function json64(v: bigint): string {
  return v <= SAFE && v >= -SAFE ? v.toString() : `"${v}"`;
}

/** The JSON line of one record. */
export function jsonLine(r: TraceRecord, arch: Arch): string {
  if (r.kind === "drop") {
    return `{"ts":"${r.ts}","cpu":${r.cpu},"dir":"drop","lost":${json64(r.lost)}}`;
  }
  const head = `{"ts":"${r.ts}","cpu":${r.cpu},"pid":${r.pid},"tid":${r.tid},"comm":${
    JSON.stringify(r.comm)
  },"dir":"${r.kind}","nr":${r.nr},"syscall":"${syscallName(arch, r.nr)}"`;
  if (r.kind === "exit") return `${head},"ret":${json64(r.ret)}}`;
  return `${head},"args":[${r.args.map(json64).join(",")}]}`;
}

/** A sink writing JSON Lines. */
export function jsonSink(out: LineOutput, arch: Arch): Sink {
  return lineSink(out, (r) => jsonLine(r, arch));
}
