/**
 * The original my_sysdig module's line format, byte for byte:
 *
 *     syscall 0x101, with pid=0x21e, name=systemd-journal
 *     exit syscall, regs[0]=0x48, with pid=0x21e, ret=0x48, name=systemd-journal
 *
 * Numbers are lower-case hex; ret and regs[0] (the return register, which
 * holds the return value at exit) are 64-bit two's complement; pid is the
 * thread id. Drop records have no line in this format: the loss is reported
 * on standard error.
 *
 * @module
 */
import type { TraceRecord } from "./record.ts";
import type { Sink } from "./sink.ts";
import { type LineOutput, lineSink } from "./output.ts";

const U64 = (1n << 64n) - 1n;

/**
 * The seed line of a record, or undefined for records it cannot show. A
 * completed syscall gives its two lines (one without a result: none).
 */
export function seedLine(r: TraceRecord): string | undefined {
  if (r.kind === "syscall") {
    const enter = seedLine({ ...r, kind: "enter" })!;
    return r.ret === undefined
      ? enter
      : `${enter}\n${seedLine({ ...r, kind: "exit", ret: r.ret })}`;
  }
  if (r.kind === "enter") {
    const nr = r.nr >= 0 ? r.nr.toString(16) : (BigInt(r.nr) & U64).toString(16);
    return `syscall 0x${nr}, with pid=0x${r.tid.toString(16)}, name=${r.comm}`;
  }
  if (r.kind === "exit") {
    const ret = (r.ret & U64).toString(16);
    return `exit syscall, regs[0]=0x${ret}, with pid=0x${r.tid.toString(16)}, ret=0x${ret}, ` +
      `name=${r.comm}`;
  }
  return undefined;
}

/** A sink writing seed lines. */
export function seedSink(out: LineOutput): Sink {
  return lineSink(out, seedLine);
}
