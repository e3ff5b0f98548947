// Completed syscalls as the decoded path gets them (SyscallRecord objects), for the tests of the
// text and JSON formatters. A helper of the tests, not a test itself.
import { syscallNumber } from "../src/syscalls.ts";
import type { Arch, Capture, SyscallRecord } from "../src/record.ts";

/**
 * A completed call of `call` (a name, or a number of `arch`'s table), 1 µs long, by thread 1
 * ("t"): its arguments (the rest zero), result and items.
 */
export function callRecord(
  call: string | number,
  args: bigint[],
  ret: bigint,
  items: Capture[] = [],
  arch: Arch = "x86_64",
): SyscallRecord {
  return {
    kind: "syscall",
    ts: 2000n,
    enterTs: 1000n,
    cpu: 0,
    pid: 1,
    tid: 1,
    comm: "t",
    nr: typeof call === "number" ? call : syscallNumber(arch, call)!,
    args: [...args, 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6),
    ret,
    items,
  };
}
