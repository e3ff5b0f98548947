/**
 * Argument kinds that are one table each: a named value or flags of a 32-bit argument. decode.ts
 * (the object path), format_text.ts and format_json.ts (the byte paths) read this one registry, so
 * a kind added here is decoded alike everywhere; the spec (src/syscalls/spec.ts) names the kind.
 * Values: include/uapi/linux/resource.h (PRIO_*), include/uapi/linux/wait.h (P_*),
 * include/uapi/linux/time.h (ITIMER_*), include/uapi/linux/timerfd.h (TFD_*, the O_* bits),
 * include/uapi/linux/pidfd.h (PIDFD_NONBLOCK = O_NONBLOCK); the multiplexed calls' operations and
 * commands from src/xlat/multiplexed.ts.
 *
 * @module
 */
import type { Kind } from "../syscalls/kinds.ts";
import { unknownPrefix, type Xlat, xlat } from "./xlat.ts";
import { CLOCK_IDS } from "./misc.ts";
import { MADV } from "./mman.ts";
import {
  BPF_CMDS,
  DELETE_MODULE_FLAGS,
  FAN_DIRFDS,
  FAN_EVENTS,
  FAN_MARK_FLAGS,
  FSCONFIG_CMDS,
  FSMOUNT_FLAGS,
  FSPICK_FLAGS,
  GET_MEMPOLICY_FLAGS,
  INOTIFY_INIT_FLAGS,
  IORING_ENTER_FLAGS,
  IORING_REGISTER_OPS,
  KCMP_TYPES,
  KEXEC_FILE_FLAGS,
  KEY_SPECS,
  KEYCTL_OPS,
  LANDLOCK_CREATE_FLAGS,
  LANDLOCK_RULE_TYPES,
  MBIND_FLAGS,
  MEMBARRIER_CMDS,
  MEMBARRIER_FLAGS,
  MODULE_INIT_FLAGS,
  MOVE_PAGES_FLAGS,
  OPEN_TREE_FLAGS,
  PKEY_ACCESS,
  SCHED_POLICIES,
  SECCOMP_OPS,
  SETNS_TYPES,
  SHM_FLAGS,
  UFFD_FLAGS,
  UNSHARE_FLAGS,
  XATTR_FLAGS,
} from "./multiplexed.ts";
import {
  CLOSE_RANGE_FLAGS,
  FALLOC_FLAGS,
  FSMOUNT_ATTR_FLAGS,
  FSOPEN_FLAGS,
  INOTIFY_MASK,
  IOPRIO_WHO,
  MEMFD_SECRET_FLAGS,
  MOUNT_SETATTR_FLAGS,
  MOVE_MOUNT_FLAGS,
  PERF_FLAGS,
  REBOOT_CMDS,
  SPLICE_FLAGS,
  UMOUNT_FLAGS,
} from "./system.ts";

/** One kind: its table, whether the value is flags, and how the register is read. */
export interface SimpleKind {
  table: Xlat;
  flags: boolean;
  /**
   * i32: the register's low half, signed (an unknown negative value shows as its u64); u32; u64:
   * the whole register (strace's printxval64, printflags64).
   */
  width: "i32" | "u32" | "u64";
  /** An unknown value is shown as the number, in decimal (a key serial: `KEY_SPEC_*` or `1234`). */
  decimal?: true;
  /**
   * Flags none of whose bits has a name are shown with strace's comment, as its printflags()
   * with a default shows them: `0x81fdff7f /* CLONE_NEW??? *\/` (unknownComment()).
   */
  comment?: true;
}

export const SIMPLE_KINDS: Partial<Record<Kind, SimpleKind>> = {
  // a 32-bit flags argument strace knows no names for: `0` or `0x...` of the low half
  xint: { table: xlat({}), flags: true, width: "u32" },
  prio: {
    table: xlat({ PRIO_PROCESS: 0, PRIO_PGRP: 1, PRIO_USER: 2 }),
    flags: false,
    width: "i32",
  },
  rusagewho: {
    table: xlat({ RUSAGE_SELF: 0, RUSAGE_CHILDREN: -1, RUSAGE_THREAD: 1 }),
    flags: false,
    width: "i32",
    decimal: true,
  },
  idtype: {
    table: xlat({ P_ALL: 0, P_PID: 1, P_PGID: 2, P_PIDFD: 3 }),
    flags: false,
    width: "i32",
  },
  // strace: printxval(itimer_which, (unsigned int) which, ...): `0xdeadbeef /* ITIMER_??? */`
  itimer: {
    table: xlat({ ITIMER_REAL: 0, ITIMER_VIRTUAL: 1, ITIMER_PROF: 2 }),
    flags: false,
    width: "u32",
  },
  // strace's timerfdflags order: TFD_CLOEXEC before TFD_NONBLOCK
  tfdflags: {
    table: xlat({ TFD_CLOEXEC: 0o2000000, TFD_NONBLOCK: 0o4000 }),
    flags: true,
    width: "u32",
    comment: true,
  },
  pidfdflags: { table: xlat({ PIDFD_NONBLOCK: 0o4000 }), flags: true, width: "u32", comment: true },
  // futex_waitv's clockid, an unsigned int there (strace's printxval(clocknames, ...))
  uclockid: { table: CLOCK_IDS, flags: false, width: "u32" },
  // process_madvise's advice, unsigned there
  umadv: { table: MADV, flags: false, width: "u32" },
  umountflags: { table: UMOUNT_FLAGS, flags: true, width: "u32", comment: true },
  // name_to_handle_at's flags: the two it takes (strace's name_to_handle_at_flags, "AT_???")
  nthflags: {
    table: unknownPrefix(xlat({ AT_SYMLINK_FOLLOW: 0x400, AT_EMPTY_PATH: 0x1000 }), "AT_"),
    flags: true,
    width: "u32",
    comment: true,
  },
  // key_serial_t: an int, the special serials by name
  keyserial: { table: KEY_SPECS, flags: false, width: "i32", decimal: true },
  keyctlop: { table: KEYCTL_OPS, flags: false, width: "u32" },
  bpfcmd: { table: BPF_CMDS, flags: false, width: "u32" },
  kcmptype: { table: KCMP_TYPES, flags: false, width: "u32" },
  iouringop: { table: IORING_REGISTER_OPS, flags: false, width: "u32" },
  membarriercmd: { table: MEMBARRIER_CMDS, flags: false, width: "u32" },
  membarrierflags: { table: MEMBARRIER_FLAGS, flags: true, width: "u32" },
  seccompop: { table: SECCOMP_OPS, flags: false, width: "u32" },
  mbindflags: { table: MBIND_FLAGS, flags: true, width: "u32", comment: true },
  getmempolflags: { table: GET_MEMPOLICY_FLAGS, flags: true, width: "u64", comment: true },
  // the flags and values of other calls, as strace 6.1 shows them
  setnstype: { table: SETNS_TYPES, flags: true, width: "u32", comment: true },
  unshareflags: { table: UNSHARE_FLAGS, flags: true, width: "u64", comment: true },
  pkeyaccess: { table: PKEY_ACCESS, flags: true, width: "u64", comment: true },
  uffdflags: { table: UFFD_FLAGS, flags: true, width: "u32", comment: true },
  shmflags: { table: SHM_FLAGS, flags: true, width: "u32", comment: true },
  fspickflags: { table: FSPICK_FLAGS, flags: true, width: "u32", comment: true },
  opentreeflags: { table: OPEN_TREE_FLAGS, flags: true, width: "u32", comment: true },
  inotifyflags: { table: INOTIFY_INIT_FLAGS, flags: true, width: "u32", comment: true },
  xattrflags: { table: XATTR_FLAGS, flags: true, width: "u32", comment: true },
  delmodflags: { table: DELETE_MODULE_FLAGS, flags: true, width: "u32", comment: true },
  finitflags: { table: MODULE_INIT_FLAGS, flags: true, width: "u32", comment: true },
  iouringenterflags: { table: IORING_ENTER_FLAGS, flags: true, width: "u32", comment: true },
  fsconfigcmd: { table: FSCONFIG_CMDS, flags: false, width: "u32" },
  fsmountflags: { table: FSMOUNT_FLAGS, flags: true, width: "u32", comment: true },
  movepagesflags: { table: MOVE_PAGES_FLAGS, flags: true, width: "u32", comment: true },
  kexecflags: { table: KEXEC_FILE_FLAGS, flags: true, width: "u64", comment: true },
  landlockrule: { table: LANDLOCK_RULE_TYPES, flags: false, width: "u32" },
  landlockflags: { table: LANDLOCK_CREATE_FLAGS, flags: true, width: "u32", comment: true },
  schedpolicy: { table: SCHED_POLICIES, flags: false, width: "u32" },
  fanmarkflags: { table: FAN_MARK_FLAGS, flags: true, width: "u32", comment: true },
  fanevents: { table: FAN_EVENTS, flags: true, width: "u64", comment: true },
  fandirfd: { table: FAN_DIRFDS, flags: false, width: "i32", decimal: true },
  fallocmode: { table: FALLOC_FLAGS, flags: true, width: "u32", comment: true },
  spliceflags: { table: SPLICE_FLAGS, flags: true, width: "u32", comment: true },
  inotifymask: { table: INOTIFY_MASK, flags: true, width: "u32", comment: true },
  perfflags: { table: PERF_FLAGS, flags: true, width: "u64", comment: true },
  ioprwho: { table: IOPRIO_WHO, flags: false, width: "u32" },
  closerangeflags: { table: CLOSE_RANGE_FLAGS, flags: true, width: "u32", comment: true },
  fsopenflags: { table: FSOPEN_FLAGS, flags: true, width: "u32", comment: true },
  mntsetattrflags: { table: MOUNT_SETATTR_FLAGS, flags: true, width: "u32", comment: true },
  movemountflags: { table: MOVE_MOUNT_FLAGS, flags: true, width: "u32", comment: true },
  memfdsecretflags: { table: MEMFD_SECRET_FLAGS, flags: true, width: "u32" },
  rebootcmd: { table: REBOOT_CMDS, flags: false, width: "u32" },
  fsmountattr: { table: FSMOUNT_ATTR_FLAGS, flags: true, width: "u32", comment: true },
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
