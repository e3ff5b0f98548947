/**
 * Argument kinds that are one table each: a named value or flags of a 32-bit argument. decode.ts
 * (the object path), format_text.ts and format_json.ts (the byte paths) read this one registry, so
 * a kind added here is decoded alike everywhere; the spec (src/syscalls/spec.ts) names the kind.
 * Values: include/uapi/linux/resource.h (PRIO_*), include/uapi/linux/wait.h (P_*),
 * include/uapi/linux/time.h (ITIMER_*), include/uapi/linux/timerfd.h (TFD_*, the O_* bits),
 * include/uapi/linux/pidfd.h (PIDFD_NONBLOCK = O_NONBLOCK).
 *
 * @module
 */
import type { Kind } from "../syscalls/kinds.ts";
import { type Xlat, xlat } from "./xlat.ts";

/** One kind: its table, whether the value is flags, and how the register is read. */
export interface SimpleKind {
  table: Xlat;
  flags: boolean;
  /** i32: the register's low half, signed (an unknown negative value shows as its u64); u32. */
  width: "i32" | "u32";
}

export const SIMPLE_KINDS: Partial<Record<Kind, SimpleKind>> = {
  // a 32-bit flags argument strace knows no names for: `0` or `0x...` of the low half
  xint: { table: xlat({}), flags: true, width: "u32" },
  prio: {
    table: xlat({ PRIO_PROCESS: 0, PRIO_PGRP: 1, PRIO_USER: 2 }),
    flags: false,
    width: "i32",
  },
  idtype: {
    table: xlat({ P_ALL: 0, P_PID: 1, P_PGID: 2, P_PIDFD: 3 }),
    flags: false,
    width: "i32",
  },
  itimer: {
    table: xlat({ ITIMER_REAL: 0, ITIMER_VIRTUAL: 1, ITIMER_PROF: 2 }),
    flags: false,
    width: "i32",
  },
  tfdflags: {
    table: xlat({ TFD_NONBLOCK: 0o4000, TFD_CLOEXEC: 0o2000000 }),
    flags: true,
    width: "u32",
  },
  pidfdflags: { table: xlat({ PIDFD_NONBLOCK: 0o4000 }), flags: true, width: "u32" },
  // include/uapi/linux/fs.h: preadv2's and pwritev2's flags
  rwflags: {
    table: xlat({
      RWF_HIPRI: 0x1,
      RWF_DSYNC: 0x2,
      RWF_SYNC: 0x4,
      RWF_NOWAIT: 0x8,
      RWF_APPEND: 0x10,
    }),
    flags: true,
    width: "u32",
  },
};
