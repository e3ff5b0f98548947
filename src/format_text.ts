/**
 * The default, readable format: one line per event in sysdig's spirit.
 *
 *     NUM TIME CPU COMM (TID) > openat dfd=0xffffff9c filename=0x7ffc1c0 flags=0x80000 mode=0x0
 *     NUM TIME CPU COMM (TID) < openat res=3
 *     NUM TIME CPU COMM (TID) < openat res=-2(ENOENT)
 *     NUM TIME CPU !! 1234 events lost (buffer full)
 *
 * TIME is the local wall-clock time with nanoseconds. Arguments are the raw
 * register values, named after the kernel's prototype of the syscall.
 *
 * @module
 */
import type { Arch, TraceRecord } from "./record.ts";
import type { Sink } from "./sink.ts";
import { type LineOutput, lineSink } from "./output.ts";
import { syscallName, syscallTable } from "./syscalls.ts";
import { errnoName } from "./errno.ts";

const U64 = (1n << 64n) - 1n;
/** Return values in -4095..-1 are errors, as the kernel defines them. */
const MAX_ERRNO = 4095n;

/** `res=3` or `res=-2(ENOENT)`. */
export function formatResult(ret: bigint): string {
  if (ret < 0n && ret >= -MAX_ERRNO) {
    const name = errnoName(Number(-ret));
    return name ? `${ret}(${name})` : `${ret}`;
  }
  return ret.toString();
}

const pad2 = (n: number) => (n < 10 ? "0" : "") + n;

/** Formats ns since the epoch as local HH:MM:SS.nnnnnnnnn. */
export class ClockFormatter {
  #sec = -1n;
  #prefix = "";

  format(ts: bigint): string {
    const sec = ts / 1_000_000_000n;
    if (sec !== this.#sec) {
      const d = new Date(Number(sec) * 1000);
      this.#sec = sec;
      this.#prefix = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.`;
    }
    return this.#prefix + (ts % 1_000_000_000n).toString().padStart(9, "0");
  }
}

/** Renders records as text lines; keeps the event counter. */
export class TextFormatter {
  #arch: Arch;
  #num = 0;
  #clock = new ClockFormatter();

  constructor(arch: Arch) {
    this.#arch = arch;
  }

  format(r: TraceRecord): string {
    const head = `${++this.#num} ${this.#clock.format(r.ts)} ${r.cpu}`;
    if (r.kind === "drop") return `${head} !! ${r.lost} events lost (buffer full)`;
    const name = syscallName(this.#arch, r.nr);
    if (r.kind === "exit") {
      return `${head} ${r.comm} (${r.tid}) < ${name} res=${formatResult(r.ret)}`;
    }
    const info = syscallTable(this.#arch)[r.nr];
    const params = info?.args;
    let args = "";
    if (params) {
      for (let i = 0; i < params.length; i++) {
        args += ` ${params[i].name}=0x${(r.args[i] & U64).toString(16)}`;
      }
    } else {
      for (let i = 0; i < r.args.length; i++) {
        args += ` a${i}=0x${(r.args[i] & U64).toString(16)}`;
      }
    }
    return `${head} ${r.comm} (${r.tid}) > ${name}${args}`;
  }
}

/** A sink writing text lines. */
export function textSink(out: LineOutput, arch: Arch): Sink {
  const f = new TextFormatter(arch);
  return lineSink(out, (r) => f.format(r));
}
