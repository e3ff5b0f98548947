/**
 * How each parameter of a dedicated sysdig event is filled from a module record: the plans the
 * capture writer's byte path (CaptureWriter.writeModuleRecord, src/scap/writer.ts) follows, and
 * from which tools/gen_spec.ts generates the module's own (kmod/scap_plans.h, for the plans whose
 * sources the module fills itself: KERNEL_SOURCES).
 *
 * Each parameter is `(source << 4) | argument`, the sources below. The values are the ones
 * #enterValues/#exitValues and captureParams give for the decoded record.
 *
 * @module
 */
import { SPEC } from "../syscalls/spec.ts";

/** The argument as a C int (fds), sign-extended to the parameter's width. */
export const S_I32 = 1 << 4;
/** The argument's low 32 bits. */
export const S_U32 = 2 << 4;
/** The result. */
export const S_RET = 3 << 4;
/** The argument's copied string, or `<NA>`. */
export const S_PATH = 4 << 4;
/** Open flags (the argument) as PPM_O_*. */
export const S_OFLAGS = 5 << 4;
/** The mode (the argument after the flags) when the flags create a file. */
export const S_OMODE = 6 << 4;
/** The argument's copied buffer, or nothing. */
export const S_DATA = 7 << 4;
/** The argument's socket address in sysdig's encoding, or nothing. */
export const S_SADDR = 8 << 4;
/** 0, or nothing for bytes. */
export const S_ZERO = 9 << 4;

/** Sources the module fills itself (kmod/scap.c): plans made of these alone are the module's. */
export const KERNEL_SOURCES: readonly number[] = [S_I32, S_U32, S_RET, S_DATA, S_ZERO];

/** Enter and exit parameters of each dedicated event written from a record's bytes, by syscall. */
export const RAW_PLANS: Readonly<Record<string, [number[], number[]]>> = {
  open: [[S_PATH, S_OFLAGS | 1, S_OMODE | 1], [S_RET, S_PATH, S_OFLAGS | 1, S_OMODE | 1, S_ZERO]],
  openat: [
    [S_I32, S_PATH | 1, S_OFLAGS | 2, S_OMODE | 2],
    [S_RET, S_I32, S_PATH | 1, S_OFLAGS | 2, S_OMODE | 2, S_ZERO],
  ],
  close: [[S_I32], [S_RET]],
  read: [[S_I32, S_U32 | 2], [S_RET, S_DATA | 1]],
  write: [[S_I32, S_U32 | 2], [S_RET, S_DATA | 1]],
  socket: [[S_U32, S_U32 | 1, S_U32 | 2], [S_RET]],
  connect: [[S_I32, S_SADDR | 1], [S_RET, S_ZERO]],
  accept: [[], [S_RET, S_ZERO, S_ZERO, S_ZERO, S_ZERO]],
  accept4: [[S_I32 | 3], [S_RET, S_ZERO, S_ZERO, S_ZERO, S_ZERO]],
};

/** Is every parameter of syscall `name`'s plan one the module fills itself? */
export function kernelPlan(name: string): boolean {
  const plan = RAW_PLANS[name];
  return plan !== undefined && plan.flat().every((c) => KERNEL_SOURCES.includes(c & ~15));
}

/**
 * Does the module write syscall `name`'s completed calls as sysdig events itself (MSD_F_SCAP,
 * kmod/scap_table.h)? GENERIC_E/X for a syscall without a dedicated event, entry record or
 * no-return flag; its dedicated events where the plan is the module's.
 */
export function moduleWritesEvents(name: string): boolean {
  const s = SPEC[name];
  if (s?.enter || s?.noReturn) return false;
  return s?.scap ? kernelPlan(name) : true;
}
