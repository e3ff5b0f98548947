/**
 * clone(2) flags (include/uapi/linux/sched.h) and wait options
 * (include/uapi/linux/wait.h); the same on every architecture.
 *
 * @module
 */
import { type Xlat, xlat } from "./xlat.ts";

/** CLONE_* flags; the low byte of clone's flags is the exit signal. */
export const CLONE_FLAGS: Xlat = xlat({
  CLONE_VM: 0x00000100,
  CLONE_FS: 0x00000200,
  CLONE_FILES: 0x00000400,
  CLONE_SIGHAND: 0x00000800,
  CLONE_PIDFD: 0x00001000,
  CLONE_PTRACE: 0x00002000,
  CLONE_VFORK: 0x00004000,
  CLONE_PARENT: 0x00008000,
  CLONE_THREAD: 0x00010000,
  CLONE_NEWNS: 0x00020000,
  CLONE_SYSVSEM: 0x00040000,
  CLONE_SETTLS: 0x00080000,
  CLONE_PARENT_SETTID: 0x00100000,
  CLONE_CHILD_CLEARTID: 0x00200000,
  // (CLONE_DETACHED, 0x00400000: the kernel ignores it; strace leaves it unnamed)
  CLONE_UNTRACED: 0x00800000,
  CLONE_CHILD_SETTID: 0x01000000,
  CLONE_NEWCGROUP: 0x02000000,
  CLONE_NEWUTS: 0x04000000,
  CLONE_NEWIPC: 0x08000000,
  CLONE_NEWUSER: 0x10000000,
  CLONE_NEWPID: 0x20000000,
  CLONE_NEWNET: 0x40000000,
  CLONE_IO: 0x80000000,
});

/** clone3(2)'s flags: clone's, CLONE_NEWTIME (clone's exit signal bits), the two that need 64 bits. */
export const CLONE3_FLAGS: Xlat = [
  ...CLONE_FLAGS,
  ...xlat({
    CLONE_NEWTIME: 0x80,
    CLONE_CLEAR_SIGHAND: 0x100000000n,
    CLONE_INTO_CGROUP: 0x200000000n,
  }),
];

/** wait4/waitid options. */
export const WAIT_OPTIONS: Xlat = xlat({
  WNOHANG: 1,
  WEXITED: 4,
  // WUNTRACED's value: strace names it WSTOPPED where the C library defines that
  WSTOPPED: 2,
  WCONTINUED: 8,
  WNOWAIT: 0x01000000,
  __WCLONE: 0x80000000,
  __WALL: 0x40000000,
  __WNOTHREAD: 0x20000000,
});
