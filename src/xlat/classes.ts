/**
 * strace's syscall classes for `-e %file,%network,...`: hand-kept lists
 * after strace's sysent flags (TF, TN, TP, TM, TS, TI, TD in
 * src/linux/ARCH/syscallent.h), since the kernel headers do not say which
 * calls take a path or a socket. Names missing from an architecture's table
 * (arm64 has no open or stat) simply select nothing there.
 *
 * @module
 */
import type { Arch } from "../record.ts";
import { syscallTable } from "../syscalls.ts";

const FILE = [
  "open",
  "openat",
  "openat2",
  "creat",
  "stat",
  "lstat",
  "newfstatat",
  "statx",
  "statfs",
  "access",
  "faccessat",
  "faccessat2",
  "unlink",
  "unlinkat",
  "mkdir",
  "mkdirat",
  "rmdir",
  "mknod",
  "mknodat",
  "rename",
  "renameat",
  "renameat2",
  "link",
  "linkat",
  "symlink",
  "symlinkat",
  "readlink",
  "readlinkat",
  "chdir",
  "chroot",
  "chmod",
  "fchmodat",
  "chown",
  "lchown",
  "fchownat",
  "truncate",
  "mount",
  "umount2",
  "execve",
  "execveat",
  "utime",
  "utimes",
  "utimensat",
  "futimesat",
  "setxattr",
  "lsetxattr",
  "getxattr",
  "lgetxattr",
  "listxattr",
  "llistxattr",
  "removexattr",
  "lremovexattr",
  "swapon",
  "swapoff",
  "pivot_root",
  "acct",
  "name_to_handle_at",
  "inotify_add_watch",
  "fanotify_mark",
  "quotactl",
  "uselib",
  "open_tree",
  "move_mount",
  "mount_setattr",
  "fspick",
];
const NETWORK = [
  "socket",
  "socketpair",
  "bind",
  "listen",
  "accept",
  "accept4",
  "connect",
  "getsockname",
  "getpeername",
  "sendto",
  "recvfrom",
  "sendmsg",
  "recvmsg",
  "sendmmsg",
  "recvmmsg",
  "shutdown",
  "setsockopt",
  "getsockopt",
];
const PROCESS = [
  "fork",
  "vfork",
  "clone",
  "clone3",
  "execve",
  "execveat",
  "exit",
  "exit_group",
  "wait4",
  "waitid",
  "kill",
  "tkill",
  "tgkill",
  "rt_sigqueueinfo",
  "rt_tgsigqueueinfo",
  "pidfd_open",
  "pidfd_send_signal",
  "pidfd_getfd",
  "unshare",
  "setns",
];
const MEMORY = [
  "brk",
  "mmap",
  "munmap",
  "mremap",
  "mprotect",
  "pkey_mprotect",
  "madvise",
  "process_madvise",
  "mlock",
  "mlock2",
  "munlock",
  "mlockall",
  "munlockall",
  "mincore",
  "msync",
  "remap_file_pages",
  "mbind",
  "set_mempolicy",
  "get_mempolicy",
  "migrate_pages",
  "move_pages",
  "shmat",
  "shmdt",
  "memfd_secret",
  "process_mrelease",
  "set_mempolicy_home_node",
];
const SIGNAL = [
  "rt_sigaction",
  "rt_sigprocmask",
  "rt_sigreturn",
  "rt_sigsuspend",
  "rt_sigpending",
  "rt_sigtimedwait",
  "rt_sigqueueinfo",
  "rt_tgsigqueueinfo",
  "sigaltstack",
  "kill",
  "tkill",
  "tgkill",
  "pause",
  "signalfd",
  "signalfd4",
  "pidfd_send_signal",
];
const IPC = [
  "msgget",
  "msgsnd",
  "msgrcv",
  "msgctl",
  "semget",
  "semop",
  "semtimedop",
  "semctl",
  "shmget",
  "shmat",
  "shmdt",
  "shmctl",
];
/** Calls that return a new descriptor (the rest of %desc takes one as an argument). */
const RETURNS_FD = [
  "open",
  "openat",
  "openat2",
  "creat",
  "pipe",
  "pipe2",
  "socket",
  "socketpair",
  "accept",
  "accept4",
  "dup",
  "dup2",
  "dup3",
  "epoll_create",
  "epoll_create1",
  "eventfd",
  "eventfd2",
  "signalfd",
  "signalfd4",
  "timerfd_create",
  "inotify_init",
  "inotify_init1",
  "fanotify_init",
  "memfd_create",
  "userfaultfd",
  "perf_event_open",
  "pidfd_open",
  "pidfd_getfd",
  "open_by_handle_at",
  "io_uring_setup",
  "mq_open",
  "open_tree",
  "fsopen",
  "fsmount",
  "fspick",
];
const FD_ARGS = new Set([
  "fd",
  "fildes",
  "oldfd",
  "newfd",
  "dfd",
  "olddfd",
  "newdfd",
  "out_fd",
  "in_fd",
  "epfd",
  "fd_in",
  "fd_out",
  "pidfd",
  "ufd",
  "mqdes",
]);

/** The class names `-e` accepts, without their `%`. */
export const CLASSES = ["file", "network", "process", "memory", "signal", "ipc", "desc"] as const;
/** One of {@linkcode CLASSES}. */
export type SyscallClass = typeof CLASSES[number];

const LISTS: Record<Exclude<SyscallClass, "desc">, string[]> = {
  file: FILE,
  network: NETWORK,
  process: PROCESS,
  memory: MEMORY,
  signal: SIGNAL,
  ipc: IPC,
};

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
    const ret = new Set([...RETURNS_FD, ...NETWORK]);
    return table.filter((i) =>
      ret.has(i.name) || (i.args ?? []).some((a) => FD_ARGS.has(a.name)) ||
      ["mmap", "fcntl", "ioctl"].includes(i.name)
    ).map((i) => i.name);
  }
  const names = new Set(LISTS[cls]);
  return table.filter((i) => names.has(i.name)).map((i) => i.name);
}
