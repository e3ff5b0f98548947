/**
 * Constants of the calls common programs make most, by the names strace gives them, the same on
 * x86_64 and arm64 unless said: futex operations (include/uapi/linux/futex.h), clock ids and
 * TIMER_ABSTIME (include/uapi/linux/time.h), the terminal and file ioctls of
 * include/uapi/asm-generic/ioctls.h (which both architectures use), arch_prctl codes
 * (arch/x86/include/uapi/asm/prctl.h, x86_64 only), prctl options (include/uapi/linux/prctl.h),
 * resource limits (include/uapi/asm-generic/resource.h), getrandom's flags
 * (include/uapi/linux/random.h), flock's operations (include/uapi/asm-generic/fcntl.h), and
 * mlockall's and msync's flags (include/uapi/asm-generic/mman-common.h, mman.h), and the flags of
 * eventfd2, memfd_create and epoll_create1 (include/linux/eventfd.h, include/uapi/linux/memfd.h,
 * include/uapi/linux/eventpoll.h: O_CLOEXEC and O_NONBLOCK, the same on both), in strace's order.
 *
 * @module
 */
import { noUnknownComment, type Xlat, xlat } from "./xlat.ts";

/** futex(2) operations, with and without FUTEX_PRIVATE_FLAG (128), as strace names them. */
export const FUTEX_OPS: Xlat = (() => {
  const cmds = [
    "FUTEX_WAIT",
    "FUTEX_WAKE",
    "FUTEX_FD",
    "FUTEX_REQUEUE",
    "FUTEX_CMP_REQUEUE",
    "FUTEX_WAKE_OP",
    "FUTEX_LOCK_PI",
    "FUTEX_UNLOCK_PI",
    "FUTEX_TRYLOCK_PI",
    "FUTEX_WAIT_BITSET",
    "FUTEX_WAKE_BITSET",
    "FUTEX_WAIT_REQUEUE_PI",
    "FUTEX_CMP_REQUEUE_PI",
    "FUTEX_LOCK_PI2",
  ];
  const t: Record<string, number> = {};
  cmds.forEach((c, i) => t[c] = i);
  cmds.forEach((c, i) => t[`${c}_PRIVATE`] = 128 | i);
  return xlat(t);
})();
/** Bits of futex's operation besides the command and FUTEX_PRIVATE_FLAG. */
export const FUTEX_OP_FLAGS: Xlat = xlat({ FUTEX_CLOCK_REALTIME: 256 });
/** The command and FUTEX_PRIVATE_FLAG: the part of futex's operation FUTEX_OPS names. */
export const FUTEX_OP_MASK = 0xff;
/** FUTEX_CMD_MASK: the command alone. */
export const FUTEX_CMD_MASK = 0x7f;

/** POSIX clocks (clockid_t). */
export const CLOCK_IDS: Xlat = xlat({
  CLOCK_REALTIME: 0,
  CLOCK_MONOTONIC: 1,
  CLOCK_PROCESS_CPUTIME_ID: 2,
  CLOCK_THREAD_CPUTIME_ID: 3,
  CLOCK_MONOTONIC_RAW: 4,
  CLOCK_REALTIME_COARSE: 5,
  CLOCK_MONOTONIC_COARSE: 6,
  CLOCK_BOOTTIME: 7,
  CLOCK_REALTIME_ALARM: 8,
  CLOCK_BOOTTIME_ALARM: 9,
  CLOCK_SGI_CYCLE: 10,
  CLOCK_TAI: 11,
});

/** clock_nanosleep's and timer_settime's flags. */
export const TIMER_FLAGS: Xlat = xlat({ TIMER_ABSTIME: 1 });

/**
 * ioctl(2) commands of terminals and files (asm-generic/ioctls.h, shared by both); an unknown
 * one is shown in hex (strace decodes it as _IOC(...)). strace names a number every command of
 * its tables has: the OSS sequencer's SNDCTL_TMR_START, _STOP and _CONTINUE are _IO('T', 2..4),
 * TCSETS, TCSETSW and TCSETSF.
 */
export const IOCTL_CMDS: Xlat = noUnknownComment(xlat({
  TCGETS: 0x5401,
  "SNDCTL_TMR_START or TCSETS": 0x5402,
  "SNDCTL_TMR_STOP or TCSETSW": 0x5403,
  "SNDCTL_TMR_CONTINUE or TCSETSF": 0x5404,
  TCGETA: 0x5405,
  TCSETA: 0x5406,
  TCSETAW: 0x5407,
  TCSETAF: 0x5408,
  TCSBRK: 0x5409,
  TCXONC: 0x540a,
  TCFLSH: 0x540b,
  TIOCEXCL: 0x540c,
  TIOCNXCL: 0x540d,
  TIOCSCTTY: 0x540e,
  TIOCGPGRP: 0x540f,
  TIOCSPGRP: 0x5410,
  TIOCOUTQ: 0x5411,
  TIOCSTI: 0x5412,
  TIOCGWINSZ: 0x5413,
  TIOCSWINSZ: 0x5414,
  TIOCMGET: 0x5415,
  TIOCMBIS: 0x5416,
  TIOCMBIC: 0x5417,
  TIOCMSET: 0x5418,
  TIOCGSOFTCAR: 0x5419,
  TIOCSSOFTCAR: 0x541a,
  FIONREAD: 0x541b,
  TIOCLINUX: 0x541c,
  TIOCCONS: 0x541d,
  TIOCGSERIAL: 0x541e,
  TIOCSSERIAL: 0x541f,
  TIOCPKT: 0x5420,
  FIONBIO: 0x5421,
  TIOCNOTTY: 0x5422,
  TIOCSETD: 0x5423,
  TIOCGETD: 0x5424,
  TCSBRKP: 0x5425,
  TIOCSBRK: 0x5427,
  TIOCCBRK: 0x5428,
  TIOCGSID: 0x5429,
  TCGETS2: 0x802c542a,
  TCSETS2: 0x402c542b,
  TCSETSW2: 0x402c542c,
  TCSETSF2: 0x402c542d,
  TIOCGRS485: 0x542e,
  TIOCSRS485: 0x542f,
  TIOCGPTN: 0x80045430,
  TIOCSPTLCK: 0x40045431,
  TIOCGDEV: 0x80045432,
  TIOCSIG: 0x40045436,
  TIOCVHANGUP: 0x5437,
  TIOCGPKT: 0x80045438,
  TIOCGPTLCK: 0x80045439,
  TIOCGEXCL: 0x80045440,
  TIOCGPTPEER: 0x5441,
  FIONCLEX: 0x5450,
  FIOCLEX: 0x5451,
  FIOASYNC: 0x5452,
  TIOCSERCONFIG: 0x5453,
  TIOCSERGWILD: 0x5454,
  TIOCSERSWILD: 0x5455,
  TIOCGLCKTRMIOS: 0x5456,
  TIOCSLCKTRMIOS: 0x5457,
  TIOCSERGSTRUCT: 0x5458,
  TIOCSERGETLSR: 0x5459,
  TIOCSERGETMULTI: 0x545a,
  TIOCSERSETMULTI: 0x545b,
  TIOCMIWAIT: 0x545c,
  TIOCGICOUNT: 0x545d,
  FIOQSIZE: 0x5460,
  FIGETBSZ: 2,
  FIBMAP: 1,
}));

/** arch_prctl(2) codes (x86_64). */
export const ARCH_PRCTL_CODES: Xlat = xlat({
  ARCH_SET_GS: 0x1001,
  ARCH_SET_FS: 0x1002,
  ARCH_GET_FS: 0x1003,
  ARCH_GET_GS: 0x1004,
  ARCH_GET_CPUID: 0x1011,
  ARCH_SET_CPUID: 0x1012,
  ARCH_GET_XCOMP_SUPP: 0x1021,
  ARCH_GET_XCOMP_PERM: 0x1022,
  ARCH_REQ_XCOMP_PERM: 0x1023,
  ARCH_GET_XCOMP_GUEST_PERM: 0x1024,
  ARCH_REQ_XCOMP_GUEST_PERM: 0x1025,
  ARCH_XCOMP_TILECFG: 17,
  ARCH_XCOMP_TILEDATA: 18,
  ARCH_MAP_VDSO_X32: 0x2001,
  ARCH_MAP_VDSO_32: 0x2002,
  ARCH_MAP_VDSO_64: 0x2003,
  ARCH_GET_UNTAG_MASK: 0x4001,
  ARCH_ENABLE_TAGGED_ADDR: 0x4002,
  ARCH_GET_MAX_TAG_BITS: 0x4003,
  ARCH_FORCE_TAGGED_SVA: 0x4004,
  ARCH_SHSTK_ENABLE: 0x5001,
  ARCH_SHSTK_DISABLE: 0x5002,
  ARCH_SHSTK_LOCK: 0x5003,
  ARCH_SHSTK_UNLOCK: 0x5004,
  ARCH_SHSTK_STATUS: 0x5005,
});

/** prctl(2) options. */
export const PRCTL_OPTIONS: Xlat = xlat({
  PR_SET_PDEATHSIG: 1,
  PR_GET_PDEATHSIG: 2,
  PR_GET_DUMPABLE: 3,
  PR_SET_DUMPABLE: 4,
  PR_GET_UNALIGN: 5,
  PR_SET_UNALIGN: 6,
  PR_GET_KEEPCAPS: 7,
  PR_SET_KEEPCAPS: 8,
  PR_GET_FPEMU: 9,
  PR_SET_FPEMU: 10,
  PR_GET_FPEXC: 11,
  PR_SET_FPEXC: 12,
  PR_GET_TIMING: 13,
  PR_SET_TIMING: 14,
  PR_SET_NAME: 15,
  PR_GET_NAME: 16,
  PR_GET_ENDIAN: 19,
  PR_SET_ENDIAN: 20,
  PR_GET_SECCOMP: 21,
  PR_SET_SECCOMP: 22,
  PR_CAPBSET_READ: 23,
  PR_CAPBSET_DROP: 24,
  PR_GET_TSC: 25,
  PR_SET_TSC: 26,
  PR_GET_SECUREBITS: 27,
  PR_SET_SECUREBITS: 28,
  PR_SET_TIMERSLACK: 29,
  PR_GET_TIMERSLACK: 30,
  PR_TASK_PERF_EVENTS_DISABLE: 31,
  PR_TASK_PERF_EVENTS_ENABLE: 32,
  PR_MCE_KILL: 33,
  PR_MCE_KILL_GET: 34,
  PR_SET_MM: 35,
  PR_SET_CHILD_SUBREAPER: 36,
  PR_GET_CHILD_SUBREAPER: 37,
  PR_SET_NO_NEW_PRIVS: 38,
  PR_GET_NO_NEW_PRIVS: 39,
  PR_GET_TID_ADDRESS: 40,
  PR_SET_THP_DISABLE: 41,
  PR_GET_THP_DISABLE: 42,
  PR_MPX_ENABLE_MANAGEMENT: 43,
  PR_MPX_DISABLE_MANAGEMENT: 44,
  PR_SET_FP_MODE: 45,
  PR_GET_FP_MODE: 46,
  PR_CAP_AMBIENT: 47,
  PR_SVE_SET_VL: 50,
  PR_SVE_GET_VL: 51,
  PR_GET_SPECULATION_CTRL: 52,
  PR_SET_SPECULATION_CTRL: 53,
  PR_PAC_RESET_KEYS: 54,
  PR_SET_TAGGED_ADDR_CTRL: 55,
  PR_GET_TAGGED_ADDR_CTRL: 56,
  PR_SET_IO_FLUSHER: 57,
  PR_GET_IO_FLUSHER: 58,
  PR_SET_SYSCALL_USER_DISPATCH: 59,
  PR_PAC_SET_ENABLED_KEYS: 60,
  PR_PAC_GET_ENABLED_KEYS: 61,
  PR_SCHED_CORE: 62,
  PR_SME_SET_VL: 63,
  PR_SME_GET_VL: 64,
  PR_SET_MDWE: 65,
  PR_GET_MDWE: 66,
  PR_SET_VMA: 0x53564d41,
  PR_SET_PTRACER: 0x59616d61,
});

/** Resource limits (getrlimit, setrlimit, prlimit64). */
export const RLIMITS: Xlat = xlat({
  RLIMIT_CPU: 0,
  RLIMIT_FSIZE: 1,
  RLIMIT_DATA: 2,
  RLIMIT_STACK: 3,
  RLIMIT_CORE: 4,
  RLIMIT_RSS: 5,
  RLIMIT_NPROC: 6,
  RLIMIT_NOFILE: 7,
  RLIMIT_MEMLOCK: 8,
  RLIMIT_AS: 9,
  RLIMIT_LOCKS: 10,
  RLIMIT_SIGPENDING: 11,
  RLIMIT_MSGQUEUE: 12,
  RLIMIT_NICE: 13,
  RLIMIT_RTPRIO: 14,
  RLIMIT_RTTIME: 15,
});

/** getrandom(2) flags. */
export const GRND_FLAGS: Xlat = xlat({ GRND_NONBLOCK: 1, GRND_RANDOM: 2, GRND_INSECURE: 4 });

/** flock(2) operations. */
export const FLOCK_OPS: Xlat = xlat({
  LOCK_SH: 1,
  LOCK_EX: 2,
  LOCK_NB: 4,
  LOCK_UN: 8,
  LOCK_MAND: 32,
  LOCK_READ: 64,
  LOCK_WRITE: 128,
});

/** mlockall(2) flags. */
export const MCL_FLAGS: Xlat = xlat({ MCL_CURRENT: 1, MCL_FUTURE: 2, MCL_ONFAULT: 4 });

/** msync(2) flags. */
export const MS_FLAGS: Xlat = xlat({ MS_ASYNC: 1, MS_INVALIDATE: 2, MS_SYNC: 4 });

/** eventfd2(2) flags. */
export const EFD_FLAGS: Xlat = xlat({
  EFD_SEMAPHORE: 1,
  EFD_CLOEXEC: 0o2000000,
  EFD_NONBLOCK: 0o4000,
});

/** memfd_create(2) flags (the huge page size bits, 26 and up, left in hex). */
export const MFD_FLAGS: Xlat = xlat({
  MFD_CLOEXEC: 1,
  MFD_ALLOW_SEALING: 2,
  MFD_HUGETLB: 4,
  MFD_NOEXEC_SEAL: 8,
  MFD_EXEC: 0x10,
});

/** epoll_create1(2) flags. */
export const EPOLL_FLAGS: Xlat = xlat({ EPOLL_CLOEXEC: 0o2000000 });

/** statx's mask (the argument and stx_mask): the eleven basic bits together as strace names them. */
export const STATX_MASK: Xlat = xlat({
  // strace's order: the two sums first, so that 0xfff is STATX_ALL
  STATX_ALL: 0xfff,
  STATX_BASIC_STATS: 0x7ff,
  STATX_TYPE: 0x1,
  STATX_MODE: 0x2,
  STATX_NLINK: 0x4,
  STATX_UID: 0x8,
  STATX_GID: 0x10,
  STATX_ATIME: 0x20,
  STATX_MTIME: 0x40,
  STATX_CTIME: 0x80,
  STATX_INO: 0x100,
  STATX_SIZE: 0x200,
  STATX_BLOCKS: 0x400,
  STATX_BTIME: 0x800,
  STATX_MNT_ID: 0x1000,
  STATX_DIOALIGN: 0x2000,
  STATX_MNT_ID_UNIQUE: 0x4000,
  STATX_SUBVOL: 0x8000,
  STATX_WRITE_ATOMIC: 0x10000,
});

/** epoll_ctl's op. */
export const EPOLL_CTL_OPS: Xlat = xlat({ EPOLL_CTL_ADD: 1, EPOLL_CTL_DEL: 2, EPOLL_CTL_MOD: 3 });

/**
 * statx's synchronisation type: flags & AT_STATX_SYNC_TYPE (strace prints it first, 0 too, and
 * both bits as printflags() does).
 */
export const STATX_SYNC: Xlat = xlat({
  AT_STATX_SYNC_AS_STAT: 0,
  AT_STATX_FORCE_SYNC: 0x2000,
  AT_STATX_DONT_SYNC: 0x4000,
  "AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC": 0x6000,
});

/** statx's stx_attributes and stx_attributes_mask bits (include/uapi/linux/stat.h). */
export const STATX_ATTRS: Xlat = xlat({
  STATX_ATTR_COMPRESSED: 0x4,
  STATX_ATTR_IMMUTABLE: 0x10,
  STATX_ATTR_APPEND: 0x20,
  STATX_ATTR_NODUMP: 0x40,
  STATX_ATTR_ENCRYPTED: 0x800,
  STATX_ATTR_AUTOMOUNT: 0x1000,
  STATX_ATTR_MOUNT_ROOT: 0x2000,
  STATX_ATTR_VERITY: 0x100000,
  STATX_ATTR_DAX: 0x200000,
});
