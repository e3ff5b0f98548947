/**
 * strace's syscall classes for `-e %file,%network,...`, after strace's sysent
 * flags (TF, TN, TP, TM, TS, TI, TD in src/linux/ARCH/syscallent.h): the
 * members are in the per-syscall spec (src/syscalls/spec.ts, generated into
 * src/syscalls/traits.ts), since the kernel headers do not say which calls
 * take a path or a socket. Names missing from an architecture's table (arm64
 * has no open or stat) simply select nothing there.
 *
 * @module
 */
import type { Arch } from "../record.ts";
import { syscallTable } from "../syscalls.ts";
import { CLASS_NAMES } from "../syscalls/traits.ts";
import { DIRFD_NAMES, FD_NAMES } from "../syscalls/kinds.ts";

/** The class names `-e` accepts, without their `%`. */
export const CLASSES = ["file", "network", "process", "memory", "signal", "ipc", "desc"] as const;
/** One of {@linkcode CLASSES}. */
export type SyscallClass = typeof CLASSES[number];

/**
 * Names of the syscalls of `arch` in a class, in table order.
 *
 * @example
 * ```ts
 * classSyscalls("aarch64", "file").includes("open"); // false: arm64 has openat only
 * ```
 */
export function classSyscalls(arch: Arch, cls: SyscallClass): string[] {
  const table = syscallTable(arch).filter((i) => i !== undefined);
  if (cls === "desc") {
    // the spec's `desc` members return a descriptor or take one under another name
    const desc = new Set([...CLASS_NAMES.desc, ...CLASS_NAMES.network]);
    return table.filter((i) =>
      desc.has(i.name) ||
      (i.args ?? []).some((a) => FD_NAMES.has(a.name) || DIRFD_NAMES.has(a.name))
    )
      .map((i) => i.name);
  }
  const names = new Set(CLASS_NAMES[cls]);
  return table.filter((i) => names.has(i.name)).map((i) => i.name);
}
