/**
 * Syscall names, numbers and argument shapes per architecture.
 *
 * The tables themselves are data generated from Debian's Linux 6.1 kernel
 * headers by tools/gen_syscalls.ts (src/syscalls_x86_64.ts,
 * src/syscalls_aarch64.ts); this module is the lookup API over them.
 *
 * @example
 * ```ts
 * import { syscallName, syscallNumber } from "./syscalls.ts";
 * syscallName("x86_64", 257); // "openat"
 * syscallNumber("aarch64", "openat"); // 56
 * syscallName("aarch64", 999); // "syscall_999"
 * ```
 *
 * @module
 */

import type { Arch } from "./record.ts";
import { SYSCALLS_X86_64 } from "./syscalls_x86_64.ts";
import { SYSCALLS_AARCH64 } from "./syscalls_aarch64.ts";
import { SYSCALLS_I386 } from "./syscalls_i386.ts";
import { SYSCALLS_ARM } from "./syscalls_arm.ts";

/** One parameter of a syscall, as the kernel's prototype declares it. */
export interface SyscallArg {
  /**
   * Parameter name from include/linux/syscalls.h, e.g. "filename"; `argN`
   * (counting from 0) where the prototype leaves the parameter unnamed.
   */
  name: string;
  /** C type as written there, e.g. "const char __user *", "umode_t". */
  type: string;
}

/** One syscall of an architecture's table. */
export interface SyscallInfo {
  /** Syscall number on this architecture. */
  nr: number;
  /** Name as in the kernel's `__NR_<name>`, e.g. "openat", "fstat". */
  name: string;
  /**
   * Kernel entry symbol the table points at, e.g. "sys_openat",
   * "sys_newfstat"; "sys_ni_syscall" for a number that is reserved but not
   * implemented (it fails with ENOSYS).
   */
  entry: string;
  /**
   * Parameters in register order; `null` when the kernel headers carry no
   * prototype for the entry symbol (arch-specific calls such as x86_64's
   * arch_prctl or mmap), so the arguments are unknown.
   */
  args: readonly SyscallArg[] | null;
}

const TABLES: Record<Arch, readonly (SyscallInfo | undefined)[]> = {
  x86_64: SYSCALLS_X86_64,
  aarch64: SYSCALLS_AARCH64,
};

/** The 32-bit ABI whose calls the module flags MSD_RF_COMPAT on a host of `arch`. */
export type CompatAbi = "i386" | "arm";

/**
 * Calls of 32-bit tasks (records flagged MSD_RF_COMPAT) carry their own ABI's number
 * (i386's on x86_64, arm EABI's on arm64). User space keeps them apart from native numbers by
 * adding this base when it reads a record (src/abi.ts, `nrAt()`): every lookup here by such a
 * number (`syscallInfo`, `syscallName`) goes to the compat table. The base is above every
 * 32-bit number, so no native one (x32's have bit 30 set) equals one.
 */
export const COMPAT_NR_BASE = 2 ** 32;

const COMPAT_TABLES: Record<Arch, readonly (SyscallInfo | undefined)[]> = {
  x86_64: SYSCALLS_I386,
  aarch64: SYSCALLS_ARM,
};

/**
 * arm's private syscalls (arch/arm/include/uapi/asm/unistd.h, __ARM_NR_BASE 0xf0000), which
 * arm64's compat entry implements too (arch/arm64/kernel/sys_compat.c): outside the numbered
 * table, named as strace names them. Their numbers are above what `-e` can select.
 */
const ARM_PRIVATE: ReadonlyMap<number, SyscallInfo> = new Map(
  (["breakpoint", "cacheflush", "usr26", "usr32", "set_tls", "get_tls"] as const).map((
    name,
    i,
  ) => [0xf0001 + i, { nr: 0xf0001 + i, name, entry: "compat_arm_syscall", args: null }]),
);

function compatInfo(arch: Arch, nr: number): SyscallInfo | undefined {
  return COMPAT_TABLES[arch]?.[nr] ?? (arch === "aarch64" ? ARM_PRIVATE.get(nr) : undefined);
}

/** The compat ABI of a host architecture: i386 on x86_64, arm (EABI) on aarch64. */
export function compatAbi(arch: Arch): CompatAbi {
  return arch === "x86_64" ? "i386" : "arm";
}

/** The compat syscall table of `arch`'s 32-bit ABI ({@link compatAbi}), by the ABI's numbers. */
export function compatSyscallTable(arch: Arch): readonly (SyscallInfo | undefined)[] {
  return COMPAT_TABLES[arch];
}

/** Whether `nr` is a compat call's number as user space holds it ({@link COMPAT_NR_BASE}). */
export function isCompatNr(nr: number): boolean {
  return nr >= COMPAT_NR_BASE;
}

const compatByName = new Map<Arch, Map<string, number>>();

/**
 * The number of syscall `name` ("openat", "sys_openat", a number) in `arch`'s compat ABI,
 * the ABI's own number (no {@link COMPAT_NR_BASE}); undefined when that ABI has no such call.
 */
export function compatSyscallNumber(arch: Arch, nameOrNumber: string | number): number | undefined {
  if (typeof nameOrNumber === "number" || /^(?:syscall_)?\d+$/.test(nameOrNumber.trim())) {
    return undefined; // a bare number is the native ABI's
  }
  let names = compatByName.get(arch);
  if (!names) {
    names = new Map();
    for (const info of COMPAT_TABLES[arch]) if (info) names.set(info.name, info.nr);
    if (arch === "aarch64") {
      for (const info of ARM_PRIVATE.values()) names.set(info.name, info.nr);
    }
    compatByName.set(arch, names);
  }
  const text = nameOrNumber.trim();
  return names.get(text) ?? (text.startsWith("sys_") ? names.get(text.slice(4)) : undefined);
}

const byName = new Map<Arch, Map<string, number>>();

function namesOf(arch: Arch): Map<string, number> {
  let names = byName.get(arch);
  if (!names) {
    names = new Map();
    for (const info of syscallTable(arch)) if (info) names.set(info.name, info.nr);
    byName.set(arch, names);
  }
  return names;
}

/**
 * The syscall table of `arch`, indexed by syscall number; `undefined` where
 * no syscall has that number.
 *
 * @example
 * ```ts
 * syscallTable("x86_64")[2]?.name; // "open"
 * syscallTable("aarch64")[56]?.args?.[1]; // { name: "filename", type: "const char __user *" }
 * ```
 */
export function syscallTable(arch: Arch): readonly (SyscallInfo | undefined)[] {
  const table = TABLES[arch];
  if (!table) throw new TypeError(`unknown architecture ${JSON.stringify(arch)}`);
  return table;
}

/**
 * The entry for syscall `nr` on `arch`, or `undefined` for a number the
 * table does not have (out of range, negative, or a hole).
 *
 * @example
 * ```ts
 * syscallInfo("x86_64", 4)?.entry; // "sys_newstat"
 * ```
 */
export function syscallInfo(arch: Arch, nr: number): SyscallInfo | undefined {
  if (nr >= COMPAT_NR_BASE) return compatInfo(arch, nr - COMPAT_NR_BASE);
  return Number.isInteger(nr) && nr >= 0 ? syscallTable(arch)[nr] : undefined;
}

/**
 * Name of syscall `nr` on `arch`; `syscall_<nr>` for a number the table does
 * not know. Never throws for a number.
 *
 * @example
 * ```ts
 * syscallName("x86_64", 59); // "execve"
 * syscallName("x86_64", 1000); // "syscall_1000"
 * ```
 */
export function syscallName(arch: Arch, nr: number): string {
  return syscallInfo(arch, nr)?.name ?? unknownSyscallName(nr);
}

/**
 * The name of a number no table has: `syscall_<nr>`, and for a negative number (-1: a call
 * that seccomp or a tracer skipped, or `syscall(-1)`) its 64-bit value in hex, as strace
 * shows it: `syscall_0xffffffffffffffff`.
 */
export function unknownSyscallName(nr: number): string {
  if (nr >= COMPAT_NR_BASE) return `syscall_compat_${nr - COMPAT_NR_BASE}`;
  return nr < 0 ? `syscall_0x${BigInt.asUintN(64, BigInt(nr)).toString(16)}` : `syscall_${nr}`;
}

/**
 * Number of a syscall given as a name ("openat", also "sys_openat"), a
 * decimal number ("257") or the `syscall_<nr>` form {@link syscallName}
 * prints for unknown numbers. A number is accepted as is, even where the
 * table has no syscall (the running kernel may be newer); `undefined` when a
 * name is not a syscall of `arch` or the text is neither.
 *
 * @example
 * ```ts
 * syscallNumber("x86_64", "openat"); // 257
 * syscallNumber("aarch64", "sys_openat"); // 56
 * syscallNumber("aarch64", "open"); // undefined: arm64 has only openat
 * syscallNumber("x86_64", "42"); // 42
 * ```
 */
export function syscallNumber(arch: Arch, nameOrNumber: string | number): number | undefined {
  if (typeof nameOrNumber === "number") {
    return Number.isSafeInteger(nameOrNumber) && nameOrNumber >= 0 ? nameOrNumber : undefined;
  }
  const text = nameOrNumber.trim();
  const digits = text.match(/^(?:syscall_)?(\d+)$/);
  if (digits) {
    const nr = Number(digits[1]);
    return Number.isSafeInteger(nr) ? nr : undefined;
  }
  const names = namesOf(arch);
  return names.get(text) ?? (text.startsWith("sys_") ? names.get(text.slice(4)) : undefined);
}

/**
 * How many arguments syscall `nr` takes on `arch`; `undefined` when the
 * number is unknown or its prototype is (see {@link SyscallInfo.args}).
 *
 * @example
 * ```ts
 * syscallArgCount("x86_64", 257); // 4 (openat: dfd, filename, flags, mode)
 * syscallArgCount("x86_64", 158); // undefined (arch_prctl: no prototype)
 * ```
 */
export function syscallArgCount(arch: Arch, nr: number): number | undefined {
  return syscallInfo(arch, nr)?.args?.length;
}

/**
 * The architecture this process runs on, whose syscall table applies to
 * records a live backend produces.
 *
 * @example
 * ```ts
 * const table = syscallTable(hostArch());
 * ```
 */
export function hostArch(): Arch {
  const arch = Deno.build.arch;
  if (arch === "x86_64" || arch === "aarch64") return arch;
  throw new Error(`mysysdig has no syscall table for ${arch}: only x86_64 and aarch64`);
}

/**
 * The 32-bit ABIs' own variants of a call, selected with it by `-e`: the 64-bit-offset and
 * 32-bit-uid forms (i386's and arm's stat64, _llseek, mmap2, chown32...).
 */
const COMPAT_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  lseek: ["_llseek"],
  mmap: ["mmap2"],
  stat: ["stat64"],
  lstat: ["lstat64"],
  fstat: ["fstat64"],
  newfstatat: ["fstatat64"],
  fcntl: ["fcntl64"],
  truncate: ["truncate64"],
  ftruncate: ["ftruncate64"],
  statfs: ["statfs64"],
  fstatfs: ["fstatfs64"],
  sendfile: ["sendfile64"],
  fadvise64: ["fadvise64_64", "arm_fadvise64_64"],
  chown: ["chown32"],
  lchown: ["lchown32"],
  fchown: ["fchown32"],
  getuid: ["getuid32"],
  geteuid: ["geteuid32"],
  getgid: ["getgid32"],
  getegid: ["getegid32"],
  setuid: ["setuid32"],
  setgid: ["setgid32"],
  setreuid: ["setreuid32"],
  setregid: ["setregid32"],
  setresuid: ["setresuid32"],
  setresgid: ["setresgid32"],
  getresuid: ["getresuid32"],
  getresgid: ["getresgid32"],
  getgroups: ["getgroups32"],
  setgroups: ["setgroups32"],
  setfsuid: ["setfsuid32"],
  setfsgid: ["setfsgid32"],
};

/**
 * The compat ABI's numbers (below `nrMax`) of the calls that native numbers `nrs` select, by
 * name and with their 32-bit variants; undefined for undefined (every call). What `-e` gives
 * the module's second bitmap (MSD_F_COMPAT_SYSCALLS).
 *
 * @example
 * ```ts
 * compatSelection("x86_64", [257]); // [295]: i386's openat
 * ```
 */
export function compatSelection(
  arch: Arch,
  nrs: readonly number[] | undefined,
  nrMax = 1024,
): number[] | undefined {
  if (nrs === undefined) return undefined;
  const out = new Set<number>();
  for (const nr of nrs) {
    const name = syscallInfo(arch, nr)?.name;
    if (name === undefined) continue;
    for (const n of [name, ...(COMPAT_VARIANTS[name] ?? [])]) {
      const c = compatSyscallNumber(arch, n);
      if (c !== undefined && c < nrMax) out.add(c);
    }
  }
  return [...out].sort((a, b) => a - b);
}
