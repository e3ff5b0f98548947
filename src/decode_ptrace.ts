/**
 * PTRACE_GET_SYSCALL_INFO's struct ptrace_syscall_info (include/uapi/linux/ptrace.h), as strace
 * 6.1's print_ptrace_syscall_info() shows it (src/ptrace_syscall_info.c):
 * `{op=PTRACE_SYSCALL_INFO_ENTRY, arch=AUDIT_ARCH_X86_64, instruction_pointer=0x7f..,
 * stack_pointer=0x7ffc.., entry={nr=__NR_chdir, args=[0x5559.., 0xbad1fed1, ...]}}`.
 *
 * The layout is the same on x86_64 and arm64: op (u8) at 0, arch (u32) at 4,
 * instruction_pointer at 8, stack_pointer at 16 (u64), then the union at 24: entry {u64 nr;
 * u64 args[6]}, exit {s64 rval; u8 is_error}, seccomp {u64 nr; u64 args[6]; u32 ret_data}.
 *
 * The bytes are what the module copied (the OBYTES copier): the lesser of the call's result (the
 * structure's full size for its op) and the caller's size, all the kernel wrote. strace reads as
 * many, at most up to seccomp.ret_data (84), and shows each field those bytes cover; the union
 * once they cover entry.nr (32), then as many whole args as they hold, exit's is_error and
 * seccomp's ret_data only whole. A set is_error shows rval as an errno (`-ENOENT`).
 *
 * @module
 */
import type { Arch } from "./record.ts";
import type { Field, Value } from "./decode.ts";
import { COMPAT_NR_BASE, syscallInfo } from "./syscalls.ts";
import { errnoName } from "./errno.ts";
import { unknownComment, type Xlat, xlatStyle, xlatValue } from "./xlat/xlat.ts";
import { AUDIT_ARCHES, PTRACE_SYSCALL_INFO_OPS } from "./xlat/multiplexed.ts";

/** offsetofend(struct ptrace_syscall_info, seccomp.ret_data): the most strace reads. */
const SECCOMP_SIZE = 84;
/** offsetofend(..., exit.is_error). */
const EXIT_SIZE = 33;
/** offsetofend(..., entry.nr): the union is shown from here on. */
const NR_END = 32;

const PTRACE_SYSCALL_INFO_ENTRY = 1, PTRACE_SYSCALL_INFO_EXIT = 2, PTRACE_SYSCALL_INFO_SECCOMP = 3;

const AUDIT_ARCH_X86_64 = 0xc000003en,
  AUDIT_ARCH_I386 = 0x40000003n,
  AUDIT_ARCH_AARCH64 = 0xc00000b7n,
  AUDIT_ARCH_ARM = 0x40000028n;

/** A named constant of `table` (printxval): its name, or its hex value with the ??? comment. */
function named(table: Xlat, v: bigint): Value {
  const s = xlatValue(table, v);
  return s.names.length
    ? { t: "sym", names: s.names, v }
    : { t: "sym", names: [], rest: v, v, unknown: unknownComment(table) };
}

/** printaddr64: NULL or the address. */
const addr64 = (v: bigint): Value => (v === 0n ? { t: "null" } : { t: "hex", v });

/**
 * entry.nr and seccomp.nr as strace's PRINT_FIELD_SYSCALL_NAME: the syscall of `audit` (the
 * record's own architecture: `__NR_chdir`, -X raw `80`, verbose `80 /* __NR_chdir *\/`; its
 * 32-bit ABI on the same machine: `12 /* chdir *\/`, raw `12`), the number when it has none.
 */
function syscallNr(arch: Arch, audit: bigint, nr: bigint): Value {
  const native = arch === "x86_64" ? AUDIT_ARCH_X86_64 : AUDIT_ARCH_AARCH64;
  const compat = arch === "x86_64" ? AUDIT_ARCH_I386 : AUDIT_ARCH_ARM;
  const n = nr < 0x100000n ? Number(nr) : -1;
  if (audit === native) {
    const name = n >= 0 ? syscallInfo(arch, n)?.name : undefined;
    if (name) return { t: "sym", names: [`__NR_${name}`], v: nr, d: true };
  } else if (audit === compat && n >= 0) {
    // strace prefixes the name with __NR_ for the tracer's own personality only
    const name = syscallInfo(arch, COMPAT_NR_BASE + n)?.name;
    if (name) return { t: "text", s: xlatStyle() === 1 ? `${nr}` : `${nr} /* ${name} */` };
  }
  return { t: "int", v: nr };
}

/** args[0..n-1] of entry or seccomp (from offset 32), strace's print_xint_array_member(). */
function argsArray(dv: DataView, n: number): Value {
  const items: Value[] = [];
  for (let i = 0; i < n; i++) items.push({ t: "hex", v: dv.getBigUint64(32 + 8 * i, true) });
  return { t: "array", items };
}

/**
 * The structure from the bytes the kernel wrote (at least one: op), as strace shows it for a
 * call of `arch`.
 */
export function ptraceInfoValue(arch: Arch, data: Uint8Array): Value {
  const size = Math.min(data.length, SECCOMP_SIZE);
  const b = new Uint8Array(SECCOMP_SIZE);
  b.set(data.subarray(0, size));
  const dv = new DataView(b.buffer);
  const op = b[0];
  const fields: Field[] = [{ name: "op", value: named(PTRACE_SYSCALL_INFO_OPS, BigInt(op)) }];
  const value: Value = { t: "struct", fields };
  if (size < 8) return value;
  const audit = BigInt(dv.getUint32(4, true));
  fields.push({ name: "arch", value: named(AUDIT_ARCHES, audit) });
  if (size < 16) return value;
  fields.push({ name: "instruction_pointer", value: addr64(dv.getBigUint64(8, true)) });
  if (size < 24) return value;
  fields.push({ name: "stack_pointer", value: addr64(dv.getBigUint64(16, true)) });
  if (size < NR_END) return value;
  const nargs = Math.floor((size - NR_END) / 8);
  if (op === PTRACE_SYSCALL_INFO_ENTRY || op === PTRACE_SYSCALL_INFO_SECCOMP) {
    const u: Field[] = [{ name: "nr", value: syscallNr(arch, audit, dv.getBigUint64(24, true)) }];
    if (nargs) u.push({ name: "args", value: argsArray(dv, nargs) });
    if (op === PTRACE_SYSCALL_INFO_SECCOMP && size >= SECCOMP_SIZE) {
      u.push({ name: "ret_data", value: { t: "int", v: BigInt(dv.getUint32(80, true)) } });
    }
    fields.push({
      name: op === PTRACE_SYSCALL_INFO_ENTRY ? "entry" : "seccomp",
      value: { t: "struct", fields: u },
    });
  } else if (op === PTRACE_SYSCALL_INFO_EXIT) {
    const rval = dv.getBigInt64(24, true);
    const whole = size >= EXIT_SIZE;
    const isError = b[32];
    // strace's print_err(): -ENOENT, -X raw -2, verbose -2 /* -ENOENT */
    const err = whole && isError && rval < 0n && rval >= -4096n
      ? errnoName(Number(-rval))
      : undefined;
    const u: Field[] = [{
      name: "rval",
      value: err ? { t: "sym", names: [`-${err}`], v: rval, d: true } : { t: "int", v: rval },
    }];
    if (whole) u.push({ name: "is_error", value: { t: "int", v: BigInt(isError) } });
    fields.push({ name: "exit", value: { t: "struct", fields: u } });
  }
  return value;
}
