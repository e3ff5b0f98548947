/**
 * The per-syscall spec: everything mysysdig knows about a syscall beyond its number, name and C
 * prototype (those are generated from the kernel headers into src/syscalls_x86_64.ts and
 * src/syscalls_aarch64.ts). Hand-kept, by name, for every architecture at once, after strace's
 * syscallent tables. tools/gen_spec.ts turns it into the module's capture table
 * (kmod/syscall_table.h) and user space's tables (src/syscalls/args_*.ts, src/syscalls/traits.ts);
 * nothing else holds per-syscall knowledge, so the copier and the decoder cannot drift apart.
 * After an edit: `deno run -A tools/gen_spec.ts` (docs/syscall-tables.md).
 *
 * A syscall missing here, or an entry without `args`, gets its arguments' kinds from the C
 * prototype (`defaultKind` in src/syscalls/kinds.ts: fds and dirfds by name, `umode_t` in octal,
 * `const char __user *` named like a path as a path...).
 *
 * `args`, one string per argument in register order (a per-architecture record where the order
 * differs, as clone's):
 * - `kind`, `kind=name` (the name where the prototype has none or leaves it unnamed), `""` for the
 *   default kind of that argument;
 * - memory kinds are also what the module copies: `path`/`str` (a string, PATH), `argv` (ARGV),
 *   `wbuf:N` (WBUF, length in argument N), `wiov:N` (WIOV, count in N), `sockaddr:N` (SADDR,
 *   length in N), `wmsg` (WMSG), and the outputs, copied at exit when the call succeeded: `rbuf`
 *   (RBUF, the result's bytes), `rstr` (RSTR), `riov:N` (RIOV), `osockaddr:N` (SADDR_OUT, length
 *   through the pointer in N), `rmsg` (RMSG), `fds` (FDS). At most three per syscall
 *   (MSD_SC_CAPS).
 *
 * The other fields: `enter` (MSD_SC_ENTER: the entry is its own record, since the memory is gone
 * at exit), `noReturn` (MSD_SC_NORET: written at entry; user space shows it at once), `hexResult`
 * (the result is an address), `fork` (the result is a new task: --follow adds it), `classes`
 * (strace's `-e %class`; `desc` here marks calls that return a descriptor or take one without an
 * fd-named argument, every call with one is `%desc` anyway), `scap` (the sysdig event it is written
 * as, `PPME_<scap>_E`/`_X`, defined in src/scap/events.ts; every other syscall is GENERIC).
 *
 * @module
 */
import type { Arch } from "../record.ts";

/** strace's classes that `-e %NAME` selects. */
export type SpecClass = "file" | "network" | "process" | "memory" | "signal" | "ipc" | "desc";

/** What the spec says about one syscall. */
export interface SyscallSpec {
  /** Argument kinds (see the module comment); absent: all from the C prototype. */
  args?: readonly string[] | Readonly<Record<Arch, readonly string[]>>;
  /** MSD_SC_ENTER: an ENTER record even when pairing. */
  enter?: true;
  /** MSD_SC_NORET: never returns. */
  noReturn?: true;
  /** The result is an address, shown in hex. */
  hexResult?: true;
  /** Returns a new task's id (clone family). */
  fork?: true;
  /** strace classes. */
  classes?: readonly SpecClass[];
  /** sysdig event, `PPME_<scap>_E`/`_X`. */
  scap?: string;
  /**
   * strace's dumpio() buffer calls (`-e write=SET`, `-e read=SET`): fd in argument 0, the
   * buffer in 1; `write` dumps argument 2's count of bytes, `read` the result's. The module
   * copies the whole buffer for an fd of the set (MSD_SC_DUMPW, MSD_SC_DUMPR; struct
   * msd_rec_data).
   */
  dump?: "read" | "write";
  /**
   * What the call does to the process's fd table (src/fdtable.ts, -y): `open` (the result names
   * the path argument), `socket`, `accept`, `pair` (pipe, socketpair: the fds argument), `dup`
   * (the result is a copy of the first argument), `fcntl` (F_DUPFD, F_SETFD), `close`,
   * `close_range`, `addr` (connect, bind: the socket's addresses change), `chdir` (chdir, fchdir:
   * the directory relative paths start from), `anon:NAME` (the result is an anonymous inode,
   * readlink's `anon_inode:NAME`), `memfd`, `exec` (O_CLOEXEC fds close), `exit` (the table goes),
   * `fork` (the child gets a copy). The cloexec bit comes from the argument named `flags`
   * (socket, socketpair: the type).
   */
  fd?: FdEffect;
  /**
   * Copies an argument's value selects (the module's SELECT copier, kmod/capture.c): when
   * argument `on` (as a u32) holds a case's value, the case's argument is copied as its kind says
   * (one of KIND_CAP's, at entry or at exit as that kind's op is an input or an output) and shown
   * as that kind; other values copy nothing. A kind that takes a length argument names it,
   * `kind:N`. At most 255 cases in all. Not in the compat tables.
   */
  select?: SelectSpec;
}

/** {@link SyscallSpec.select}: the selecting argument and its cases. */
export interface SelectSpec {
  on: number;
  /** [value, argument, kind] (`kind` or `kind:N`, N its length argument) */
  cases: readonly (readonly [number, number, string])[];
}

/** The kinds of {@link SyscallSpec.fd}. */
export type FdEffect =
  | "open"
  | "socket"
  | "accept"
  | "pair"
  | "dup"
  | "fcntl"
  | "close"
  | "close_range"
  | "addr"
  | "chdir"
  | `anon:${string}`
  | "memfd"
  | "exec"
  | "exit"
  | "fork";

/** The spec, by kernel syscall name (`__NR_<name>`). */
export const SPEC: Readonly<Record<string, SyscallSpec>> = {
  // i386's and arm's select (sys_select, compat_sys_select): as select
  _newselect: {
    enter: true,
    args: ["int=n", "fdsets:0=inp", "fdset=outp", "fdset=exp", "tvinout=tvp"],
    classes: ["desc"],
  },
  accept: {
    fd: "accept",
    args: ["fd=fd", "osockaddr:2=addr", "socklen:1=addrlen"],
    classes: ["network", "desc"],
    scap: "SOCKET_ACCEPT_5",
  },
  accept4: {
    fd: "accept",
    args: ["fd=fd", "osockaddr:2=addr", "socklen:1=addrlen", "sockflags=flags"],
    classes: ["network", "desc"],
    scap: "SOCKET_ACCEPT4_5",
  },
  access: { args: ["path", "access"], classes: ["file"] },
  acct: { classes: ["file"] },
  add_key: { args: ["str", "str", "wbuf:3", "", "keyserial"] },
  arch_prctl: {
    args: ["archprctl=code", "hex=addr"],
    // strace's arch_prctl decoder: ARCH_GET_FS and ARCH_GET_GS write the base through addr
    select: { on: 0, cases: [[0x1003, 1, "okptr"], [0x1004, 1, "okptr"]] },
  },
  bind: { fd: "addr", args: ["fd=fd", "sockaddr:2=addr", "int=addrlen"], classes: ["network"] },
  bpf: {
    args: ["bpfcmd", "ptr", ""],
    // the attributes of the commands decoded (the others: their address)
    select: { on: 0, cases: [[0, 1, "bpfmapcreate:2"]] }, // BPF_MAP_CREATE
  },
  brk: { args: ["ptr"], hexResult: true, classes: ["memory"] },
  chdir: { fd: "chdir", classes: ["file"] },
  chmod: { classes: ["file"] },
  chown: { args: ["path", "uid", "uid"], classes: ["file"] },
  chroot: { classes: ["file"] },
  clock_settime: { args: ["", "timespec"] },
  clock_getres: { args: ["", "otimespec"] },
  clock_gettime: { args: ["", "otimespec"] },
  clock_nanosleep: { args: ["", "timerflags", "timespec", "remts"] },
  clone: {
    fd: "fork",
    args: {
      x86_64: ["clone=flags", "hex=stack", "ptr=parent_tid", "ptr=child_tid", "hex=tls"],
      aarch64: ["clone=flags", "hex=stack", "ptr=parent_tid", "hex=tls", "ptr=child_tid"],
    },
    fork: true,
    classes: ["process"],
    scap: "SYSCALL_CLONE_20",
  },
  clone3: {
    args: ["cloneargs:1", ""],
    fd: "fork",
    fork: true,
    classes: ["process"],
    scap: "SYSCALL_CLONE3",
  },
  close: { fd: "close", scap: "SYSCALL_CLOSE" },
  // strace prints both bounds as unsigned numbers, never as fds
  close_range: { fd: "close_range", args: ["uint", "uint", "closerangeflags"] },
  connect: {
    fd: "addr",
    args: ["fd=fd", "sockaddr:2=addr", "int=addrlen"],
    classes: ["network"],
    scap: "SOCKET_CONNECT",
  },
  creat: { fd: "open", args: ["path", "oct"], classes: ["file", "desc"] },
  delete_module: { args: ["str", "delmodflags"] },
  dup: { fd: "dup", classes: ["desc"] },
  dup2: { fd: "dup", classes: ["desc"] },
  dup3: { fd: "dup", args: ["fd", "fd", "oflags"], classes: ["desc"] },
  epoll_create: { fd: "anon:[eventpoll]", classes: ["desc"] },
  epoll_create1: { fd: "anon:[eventpoll]", args: ["epollflags"], classes: ["desc"] },
  epoll_ctl: { args: ["fd=epfd", "epollctl=op", "fd", "epev"], classes: ["desc"] },
  epoll_pwait: { args: ["fd=epfd", "epevs", "", "", "sigset", ""], classes: ["desc"] },
  epoll_wait: { args: ["fd=epfd", "epevs", "", ""], classes: ["desc"] },
  eventfd: { fd: "anon:[eventfd]", classes: ["desc"] },
  eventfd2: { fd: "anon:[eventfd]", args: ["", "efdflags"], classes: ["desc"] },
  execve: {
    fd: "exec",
    args: ["path", "argv", "envp"],
    enter: true,
    classes: ["file", "process"],
    scap: "SYSCALL_EXECVE_19",
  },
  execveat: {
    fd: "exec",
    args: ["dirfd", "path", "argv", "envp", "atflags"],
    enter: true,
    classes: ["file", "process"],
  },
  exit: { args: ["int"], noReturn: true, classes: ["process"] },
  exit_group: { fd: "exit", args: ["int"], noReturn: true, classes: ["process"] },
  faccessat: { args: ["dirfd", "path", "access"], classes: ["file"] },
  faccessat2: { args: ["dirfd", "path", "access", "accessatflags"], classes: ["file"] },
  fanotify_init: { fd: "anon:[fanotify]", classes: ["desc"] },
  fanotify_mark: { args: ["", "fanmarkflags", "fanevents", "fandirfd", "path"], classes: ["file"] },
  fallocate: { args: ["fd", "fallocmode", "", ""] },
  fgetxattr: { args: ["fd", "str", "oxattrval", "ulong"] },
  finit_module: { args: ["fd", "str", "finitflags"] },
  fchdir: { fd: "chdir" },
  fchmodat: { args: ["dirfd", "path", "oct"], classes: ["file"] },
  fchown: { args: ["fd", "uid", "uid"] },
  fchownat: { args: ["dirfd", "path", "uid", "uid", "atflags"], classes: ["file"] },
  fcntl: {
    fd: "fcntl",
    args: ["fd", "fcntlcmd", "fcntlarg"],
    // the structures of the record-lock and owner commands (<asm-generic/fcntl.h> numbers)
    select: {
      on: 1,
      cases: [
        [5, 2, "oflock"], // F_GETLK
        [6, 2, "flock"], // F_SETLK
        [7, 2, "flock"], // F_SETLKW
        [15, 2, "fownerex"], // F_SETOWN_EX
        [16, 2, "ofownerex"], // F_GETOWN_EX
        [36, 2, "oflock"], // F_OFD_GETLK
        [37, 2, "flock"], // F_OFD_SETLK
        [38, 2, "flock"], // F_OFD_SETLKW
      ],
    },
    classes: ["desc"],
  },
  flistxattr: { args: ["fd", "oxattrval", "ulong"] },
  flock: { args: ["fd", "flockop"] },
  fork: { fd: "fork", fork: true, classes: ["process"], scap: "SYSCALL_FORK_20" },
  fremovexattr: { args: ["fd", "str"] },
  fsconfig: {
    args: ["fd", "fsconfigcmd", "str", "", "int"],
    // the value: FSCONFIG_SET_STRING's string, SET_BINARY's aux bytes, SET_PATH's and
    // SET_PATH_EMPTY's path
    select: { on: 1, cases: [[1, 3, "str"], [2, 3, "hexbuf:4"], [3, 3, "path"], [4, 3, "path"]] },
  },
  fsetxattr: { args: ["fd", "str", "xattrval:3", "ulong", "xattrflags"] },
  fsmount: { args: ["fd", "fsmountflags", "fsmountattr"], classes: ["desc"] },
  fsopen: { args: ["str", "fsopenflags"], classes: ["desc"] },
  fspick: { args: ["", "", "fspickflags"], classes: ["file", "desc"] },
  fstat: { args: ["fd", "stat"], classes: ["desc"] },
  futex: { args: ["", "futexop", "", "futexarg=utime", "", ""] },
  futex_waitv: { args: ["futexwaiters:1", "uint", "xint", "timespec", "uclockid"] },
  futimesat: { args: ["dirfd", "path", "utimeval"], classes: ["file"] },
  get_mempolicy: {
    args: ["ompol", "onodemask:2", "", "", "getmempolflags"],
    classes: ["memory"],
  },
  getpeername: {
    args: ["fd=fd", "osockaddr:2=addr", "socklen:1=addrlen"],
    classes: ["network"],
  },
  getcwd: { args: ["cwd", "ulong=size"], classes: ["file"] },
  getdents: { args: ["", "dents", ""] },
  getgroups: { args: ["int", "ogids"] },
  getdents64: { args: ["", "dents", ""] },
  getitimer: { args: ["itimer", "oitimerval"] },
  getrusage: { args: ["rusagewho", "orusage"] },
  getpriority: { args: ["prio", ""] },
  getrandom: { args: ["randbuf", "", "grndflags"] },
  get_robust_list: { args: ["int", "okptr", "oulong"] },
  getcpu: { args: ["ouint", "ouint", "ptr"] },
  getresgid: { args: ["ouid", "ouid", "ouid"] },
  getresuid: { args: ["ouid", "ouid", "ouid"] },
  gettimeofday: { args: ["otimeval", "otimezone"] },
  getrlimit: { args: ["rlimit", "orlim"] },
  getsockname: {
    args: ["fd=fd", "osockaddr:2=addr", "socklen:1=addrlen"],
    classes: ["network"],
  },
  getsockopt: {
    args: ["fd=fd", "solevel=level", "soname=optname", "osockopt:4=optval", "socklen=optlen"],
    classes: ["network"],
  },
  getxattr: { args: ["path", "str", "oxattrval", "ulong"], classes: ["file"] },
  // finit_module's, init_module's arguments: the module's parameters as a string
  init_module: { args: ["ptr", "ulong", "str"] },
  // x86 only: the port range in hex (strace's PRINT_VAL_X), the I/O privilege level
  ioperm: { args: ["hex", "hex", "int"] },
  iopl: { args: ["int=level"] },
  ioprio_get: { args: ["ioprwho", "int"] },
  ioprio_set: { args: ["ioprwho", "int", "ioprio"] },
  inotify_add_watch: { args: ["", "", "inotifymask"], classes: ["file"] },
  inotify_init: { fd: "anon:inotify", classes: ["desc"] },
  inotify_init1: { fd: "anon:inotify", args: ["inotifyflags"], classes: ["desc"] },
  io_uring_register: {
    args: ["", "iouringop", "", ""],
    // FILES2, FILES_UPDATE2, BUFFERS2, BUFFERS_UPDATE: their structures, nr_args bytes;
    // REGISTER_PBUF_RING, UNREGISTER_PBUF_RING: struct io_uring_buf_reg
    select: {
      on: 1,
      cases: [
        [13, 2, "uringrsrc:3"],
        [14, 2, "uringupdate:3"],
        [15, 2, "uringrsrc:3"],
        [16, 2, "uringupdate:3"],
        [22, 2, "uringbufreg"],
        [23, 2, "uringbufreg"],
      ],
    },
  },
  // the signal mask and its size (strace 6.1 shows a set whatever the flags)
  io_uring_enter: {
    args: ["fd", "uint", "uint", "iouringenterflags", "sigset", "ulong=sigsetsize"],
    classes: ["desc"],
  },
  io_uring_setup: { fd: "anon:[io_uring]", args: ["uint", "iouringparams"], classes: ["desc"] },
  ioctl: { args: ["fd", "ioctlcmd", "ioctlarg:1=arg"], classes: ["desc"] },
  kcmp: {
    args: ["int", "int", "kcmptype", "", ""],
    // KCMP_EPOLL_TFD's struct kcmp_epoll_slot
    select: { on: 2, cases: [[7, 4, "kcmpslot"]] },
  },
  kexec_file_load: { args: ["int", "int", "ulong", "wbuf:2", "kexecflags"] },
  // the entry point, the segments (their address beyond KEXEC_SEGMENT_MAX), the flags
  kexec_load: { args: ["ptr", "ulong", "kexecsegs:1", "kexecloadflags"] },
  keyctl: { args: ["keyctlop", "", "", "", ""] },
  kill: { args: ["int", "signal"], classes: ["process", "signal"] },
  landlock_add_rule: {
    args: ["fd", "landlockrule", "", ""],
    // LANDLOCK_RULE_PATH_BENEATH's struct landlock_path_beneath_attr
    select: { on: 1, cases: [[1, 2, "llpath"]] },
  },
  landlock_restrict_self: { args: ["fd", ""] },
  landlock_create_ruleset: {
    fd: "anon:[landlock-ruleset]",
    args: ["llruleset:1", "ulong", "landlockflags"],
  },
  lchown: { args: ["path", "uid", "uid"], classes: ["file"] },
  lgetxattr: { args: ["path", "str", "oxattrval", "ulong"], classes: ["file"] },
  link: { classes: ["file"] },
  linkat: { args: ["dirfd", "path", "dirfd", "path", "atflags"], classes: ["file"] },
  listen: { args: ["fd=fd", "int=backlog"], classes: ["network"] },
  listxattr: { args: ["path", "oxattrval", "ulong"], classes: ["file"] },
  llistxattr: { args: ["path", "oxattrval", "ulong"], classes: ["file"] },
  lremovexattr: { args: ["path", "str"], classes: ["file"] },
  lseek: { args: ["fd", "long", "whence"] },
  lsetxattr: { args: ["path", "str", "xattrval:3", "ulong", "xattrflags"], classes: ["file"] },
  lstat: { args: ["path", "stat"], classes: ["file"] },
  madvise: { args: ["ptr", "ulong", "madv"], classes: ["memory"] },
  mbind: { args: ["", "", "mpolmode", "mbindmask:4", "", "mbindflags"], classes: ["memory"] },
  membarrier: { args: ["membarriercmd", "membarrierflags", ""] },
  memfd_create: { fd: "memfd", args: ["mfdname", "mfdflags"], classes: ["desc"] },
  memfd_secret: { args: ["memfdsecretflags"], classes: ["memory"] },
  migrate_pages: { args: ["int", "ulong", "mignodes:1", "mignodes:1"], classes: ["memory"] },
  mincore: { classes: ["memory"] },
  mkdir: { classes: ["file"] },
  mkdirat: { classes: ["file"] },
  // mode with its file type; dev only for S_IFCHR and S_IFBLK (format_multiplexed.ts)
  // x86 only; its prototype is the architecture's own
  modify_ldt: { args: ["int=func", "ptr", "ulong=bytecount"] },
  mknod: { args: ["path", "oct", "dev"], classes: ["file"] },
  mknodat: { args: ["dirfd", "path", "oct", "dev"], classes: ["file"] },
  mlock: { classes: ["memory"] },
  mlock2: { classes: ["memory"] },
  mlockall: { args: ["mclflags"], classes: ["memory"] },
  mmap: {
    args: ["ptr=addr", "ulong=length", "prot=prot", "mapflags=flags", "fd=fd", "hex=offset"],
    hexResult: true,
    classes: ["memory", "desc"],
  },
  mount: { args: ["path", "path", "mounttype:4", "hex", "mountdata"], classes: ["file"] },
  mount_setattr: {
    args: ["dirfd", "path", "mntsetattrflags", "mountattr:4", "ulong"],
    classes: ["file"],
  },
  move_mount: { args: ["dirfd", "path", "dirfd", "path", "movemountflags"], classes: ["file"] },
  move_pages: {
    args: ["", "ulong", "pageptrs:1", "pagenodes:1", "pagestatus:1", "movepagesflags"],
    classes: ["memory"],
  },
  mprotect: { args: ["ptr", "ulong", "prot"], classes: ["memory"] },
  mq_getsetattr: { args: ["fd", "mqattr", "omqattr"], classes: ["desc"] },
  mq_notify: { args: ["fd", "sigevent"], classes: ["desc"] },
  mq_open: { args: ["path", "openflags", "oct", "mqopenattr"], classes: ["desc"] },
  mq_timedreceive: {
    dump: "read",
    args: ["fd", "rbuf", "ulong", "ouint", "timespec"],
    classes: ["desc"],
  },
  mq_timedreceive_time64: { dump: "read" },
  mq_timedsend: {
    dump: "write",
    args: ["fd", "wbuf:2", "ulong", "uint", "timespec"],
    classes: ["desc"],
  },
  mq_timedsend_time64: { dump: "write" },
  mremap: {
    args: ["hex", "ulong", "ulong", "mremap", "hex"],
    hexResult: true,
    classes: ["memory"],
  },
  msgctl: { classes: ["ipc"] },
  msgget: { args: ["ipckey", "ipcflags"], classes: ["ipc"] },
  msgrcv: { classes: ["ipc"] },
  msgsnd: { classes: ["ipc"] },
  msync: { args: ["hex", "", "msflags"], classes: ["memory"] },
  munlock: { classes: ["memory"] },
  munlockall: { classes: ["memory"] },
  munmap: { args: ["hex", "ulong"], classes: ["memory"] },
  name_to_handle_at: {
    args: ["dirfd", "path", "fhandle", "oint", "nthflags"],
    classes: ["file"],
  },
  nanosleep: { args: ["timespec", "remts"] },
  newfstatat: { args: ["dirfd", "path", "stat", "atflags"], classes: ["file"] },
  open: {
    fd: "open",
    args: ["path", "openflags", "oct"],
    classes: ["file", "desc"],
    scap: "SYSCALL_OPEN",
  },
  open_by_handle_at: { args: ["fd", "ptr", "openflags"], classes: ["desc"] },
  open_tree: { fd: "open", args: ["", "", "opentreeflags"], classes: ["file", "desc"] },
  openat: {
    fd: "open",
    args: ["dirfd", "path", "openflags", "oct"],
    classes: ["file", "desc"],
    scap: "SYSCALL_OPENAT_2",
  },
  openat2: {
    fd: "open",
    args: ["dirfd", "path", "openhow:3", "ulong"],
    classes: ["file", "desc"],
  },
  pause: { classes: ["signal"] },
  perf_event_open: {
    fd: "anon:[perf_event]",
    args: ["", "", "", "fd", "perfflags"],
    classes: ["desc"],
  },
  // the target fd is a number in the other process: never named by -y
  // RESTART2's command string (at most 255 bytes, strace's printstr_ex bound: the copy's -s)
  reboot: {
    args: ["", "", "rebootcmd", "ptr"],
    select: { on: 2, cases: [[0xa1b2c3d4, 3, "rebootarg"]] },
  },
  pidfd_getfd: { args: ["fd", "int", ""], classes: ["process", "desc"] },
  pidfd_open: { fd: "anon:[pidfd]", args: ["", "pidfdflags"], classes: ["process", "desc"] },
  pidfd_send_signal: { args: ["", "signal", "siginfo", ""], classes: ["process", "signal"] },
  pipe: { fd: "pair", args: ["fds"], classes: ["desc"] },
  pipe2: { fd: "pair", args: ["fds", "oflags"], classes: ["desc"] },
  pivot_root: { classes: ["file"] },
  pkey_alloc: { args: ["", "pkeyaccess"] },
  pkey_mprotect: { args: ["ptr", "ulong", "prot", "int"], classes: ["memory"] },
  poll: { args: ["pollfds:1", "", ""], classes: ["desc"] },
  ppoll: {
    args: ["pollfds:1=ufds", "uint=nfds", "timeout=tsp", "sigset=sigmask", "ulong=sigsetsize"],
    classes: ["desc"],
  },
  prctl: {
    args: ["prctlopt", "", "", "", ""],
    // strace 6.1's src/prctl.c: the options whose second argument points at what they read or
    // write (by <linux/prctl.h> number)
    select: {
      on: 0,
      cases: [
        [15, 1, "prname"], // PR_SET_NAME
        [16, 1, "oprname"], // PR_GET_NAME
        [2, 1, "oprsig"], // PR_GET_PDEATHSIG
        [37, 1, "oprint"], // PR_GET_CHILD_SUBREAPER
        [19, 1, "oprint"], // PR_GET_ENDIAN
        [9, 1, "oprint"], // PR_GET_FPEMU
        [11, 1, "oprint"], // PR_GET_FPEXC
        [25, 1, "oprtsc"], // PR_GET_TSC
        [5, 1, "oprunalign"], // PR_GET_UNALIGN
        [40, 1, "okptr"], // PR_GET_TID_ADDRESS
      ],
    },
  },
  pread64: { dump: "read", args: ["fd", "rbuf", "ulong", "long"] },
  // pos_l, the offset as one number (all of it on a 64-bit kernel); preadv2's and pwritev2's pos_h,
  // which a 64-bit kernel ignores, is left out of the text as strace leaves it (HIDES_ARG4 in
  // format_text.ts)
  preadv: { args: ["fd", "riov:2", "ulong", "long"] },
  preadv2: { args: ["fd", "riov:2", "ulong", "long", "ulong", "rwflags=flags"] },
  prlimit64: { args: ["", "rlimit", "rlim", "orlim"] },
  process_madvise: { args: ["fd", "madviovs:2", "ulong", "umadv", ""], classes: ["memory"] },
  process_vm_readv: { args: ["", "riov:2", "ulong", "iovaddrs:4", "ulong", "ulong"] },
  process_vm_writev: { args: ["", "wiov:2", "ulong", "iovaddrs:4", "ulong", "ulong"] },
  process_mrelease: { classes: ["memory"] },
  // the sets and the timeout are in/out: an entry record of its own keeps them as passed
  pselect6: {
    enter: true,
    args: ["int=n", "fdsets:0=inp", "fdset=outp", "fdset=exp", "tsinout=tsp", "sigsetp=sig"],
    classes: ["desc"],
  },
  pselect6_time64: {
    enter: true,
    args: ["int=n", "fdsets:0=inp", "fdset=outp", "fdset=exp", "tsinout=tsp", "sigsetp=sig"],
    classes: ["desc"],
  },
  ptrace: {
    args: ["ptracereq", "int", "ptr", "ptr"],
    // strace's ptrace decoder: the memory data points at, for the requests it shows it for (by
    // <linux/ptrace.h> number)
    select: {
      on: 0,
      cases: [
        [0x4202, 3, "osiginfo"], // PTRACE_GETSIGINFO
        [0x4203, 3, "siginfo"], // PTRACE_SETSIGINFO
        [0x4204, 3, "regsetiov"], // PTRACE_GETREGSET
        [0x4205, 3, "regsetiov"], // PTRACE_SETREGSET
        [0x420e, 3, "ptraceinfo:2"], // PTRACE_GET_SYSCALL_INFO: no more than addr's size
      ],
    },
  },
  pwrite64: { dump: "write", args: ["fd", "wbuf:2", "ulong", "long"] },
  pwritev: { args: ["fd", "wiov:2", "ulong", "long"] },
  pwritev2: { args: ["fd", "wiov:2", "ulong", "long", "ulong", "rwflags=flags"] },
  quotactl: {
    args: ["quotacmd", "path", "", ""],
    // Q_QUOTAON's quota file, for each quota type (QCMD(Q_QUOTAON, type))
    select: {
      on: 0,
      cases: [[0x80000200, 3, "path"], [0x80000201, 3, "path"], [0x80000202, 3, "path"]],
    },
    classes: ["file"],
  },
  quotactl_fd: { args: ["", "quotacmd", "", ""] },
  read: { dump: "read", args: ["fd", "rbuf", "ulong"], scap: "SYSCALL_READ" },
  readlink: { args: ["path", "rstr", "int"], classes: ["file"] },
  readlinkat: { args: ["dirfd", "path", "rstr", "int"], classes: ["file"] },
  readv: { args: ["fd", "riov:2", "ulong"] },
  recv: { dump: "read" },
  recvfrom: {
    dump: "read",
    args: [
      "fd=fd",
      "rsockbuf:2=buf",
      "ulong=len",
      "msgflags=flags",
      "osockaddr:5=addr",
      "socklen:4=addrlen",
    ],
    classes: ["network"],
  },
  recvmmsg: {
    args: ["fd", "rmmsg", "uint", "msgflags", "timespec"],
    classes: ["network"],
  },
  recvmsg: { args: ["fd=fd", "rmsg=msg", "msgflags=flags"], classes: ["network"] },
  remap_file_pages: { args: ["ptr", "ulong", "prot", "ulong", "mapflags"], classes: ["memory"] },
  removexattr: { args: ["path", "str"], classes: ["file"] },
  rename: { classes: ["file"] },
  renameat: { classes: ["file"] },
  renameat2: { args: ["dirfd", "path", "dirfd", "path", "renameflags"], classes: ["file"] },
  request_key: { args: ["str", "str", "str", "keyserial"] },
  rmdir: { classes: ["file"] },
  rt_sigaction: {
    args: ["signal=signum", "sigaction=act", "osigaction=oldact", "ulong=sigsetsize"],
    classes: ["signal"],
  },
  rt_sigpending: { args: ["osigsetn:1", "ulong"], classes: ["signal"] },
  rt_sigprocmask: { args: ["sighow", "sigset", "osigset", "ulong"], classes: ["signal"] },
  rt_sigqueueinfo: { args: ["", "signal", "siginfo"], classes: ["process", "signal"] },
  // the mask its frame restores: an item the module writes itself (kmod/probe.c), no copier
  rt_sigreturn: { args: ["sigframe=frame"], classes: ["signal"] },
  rt_sigsuspend: { args: ["sigset", ""], classes: ["signal"] },
  rt_sigtimedwait: { args: ["sigset", "osiginfo", "timespec", ""], classes: ["signal"] },
  rt_tgsigqueueinfo: { args: ["", "", "signal", "siginfo"], classes: ["process", "signal"] },
  sched_get_priority_max: { args: ["schedpolicy"] },
  sched_get_priority_min: { args: ["schedpolicy"] },
  sched_getaffinity: { args: ["int", "uint", "ocpuset"] },
  sched_getattr: { args: ["", "oschedattr:2", "uint", "uint"] },
  sched_getparam: { args: ["int", "oint"] },
  sched_rr_get_interval: { args: ["int", "otimespec"] },
  sched_setaffinity: { args: ["int", "uint", "cpuset:1"] },
  sched_setattr: { args: ["", "", "uint"] },
  sched_setparam: { args: ["int", "iint"] },
  sched_setscheduler: { args: ["", "schedpolicy", "iint"] },
  seccomp: {
    args: ["seccompop", "", ""],
    select: { on: 0, cases: [[1, 2, "sockfprog"], [2, 2, "seccompact"], [3, 2, "notifsizes"]] },
  },
  // as pselect6, the timeout a timeval (i386's select, sys_old_select, takes one pointer: the spec
  // is not applied to a prototype with another number of arguments)
  select: {
    enter: true,
    args: ["int=n", "fdsets:0=inp", "fdset=outp", "fdset=exp", "tvinout=tvp"],
    classes: ["desc"],
  },
  send: { dump: "write" },
  setgroups: { args: ["int", "gids:0"] },
  splice: { args: ["", "", "", "", "", "spliceflags"] },
  semctl: { args: ["int", "int", "semctlcmd", "ptr"], classes: ["ipc"] },
  semget: { args: ["ipckey", "int", "ipcflags"], classes: ["ipc"] },
  semop: { args: ["int", "semops:2", "uint"], classes: ["ipc"] },
  semtimedop: { args: ["int", "semops:2", "uint", "timespec"], classes: ["ipc"] },
  sendmmsg: {
    args: ["fd", "wmmsg:2", "uint", "msgflags"],
    classes: ["network"],
  },
  sendfile: { args: ["fd", "fd", "loffinout=offset", "ulong=count"], classes: ["desc", "network"] },
  sendmsg: { args: ["fd=fd", "wmsg=msg", "msgflags=flags"], classes: ["network"] },
  sendto: {
    dump: "write",
    args: ["fd=fd", "wbuf:2=buf", "ulong=len", "msgflags=flags", "sockaddr:5=addr", "int=addrlen"],
    classes: ["network"],
  },
  set_mempolicy: { args: ["mpolmode", "nodemask:2", ""], classes: ["memory"] },
  set_mempolicy_home_node: { classes: ["memory"] },
  setdomainname: { args: ["ptr=name", "int=len"] },
  sethostname: { args: ["ptr=name", "int=len"] },
  setitimer: { args: ["itimer", "itimerval", "oitimerval"] },
  settimeofday: { args: ["timeval", "timezone"] },
  setns: { args: ["", "setnstype"], classes: ["process"] },
  setpriority: { args: ["prio", "", ""] },
  setrlimit: { args: ["rlimit", "rlim"] },
  setsockopt: {
    args: ["fd=fd", "solevel=level", "soname=optname", "sockopt:4=optval", "int=optlen"],
    classes: ["network"],
  },
  setxattr: { args: ["path", "str", "xattrval:3", "ulong", "xattrflags"], classes: ["file"] },
  shmat: { args: ["", "", "shmflags"], hexResult: true, classes: ["memory", "ipc"] },
  shmctl: { classes: ["ipc"] },
  shmdt: { classes: ["memory", "ipc"] },
  shmget: { args: ["ipckey", "ulong", "shmgetflags"], classes: ["ipc"] },
  shutdown: { args: ["fd=fd", "shut=how"], classes: ["network"] },
  sigaltstack: { args: ["stackt", "ostackt"], classes: ["signal"] },
  signalfd: { fd: "anon:[signalfd]", classes: ["signal", "desc"] },
  signalfd4: { fd: "anon:[signalfd]", classes: ["signal", "desc"] },
  socket: {
    fd: "socket",
    args: ["af=domain", "socktype=type", "proto=protocol"],
    classes: ["network", "desc"],
    scap: "SOCKET_SOCKET",
  },
  socketpair: {
    fd: "pair",
    args: ["af=domain", "socktype=type", "proto=protocol", "fds=sv"],
    classes: ["network", "desc"],
  },
  fstatfs: { args: ["fd", "statfs"] },
  stat: { args: ["path", "stat"], classes: ["file"] },
  statfs: { args: ["path", "statfs"], classes: ["file"] },
  statx: { args: ["dirfd", "path", "statxflags", "statxmask", "statx"], classes: ["file"] },
  // the actions that read: the bytes the kernel wrote (format_multiplexed.ts shapes the rest)
  // x86_64's _sysctl (the kernel returns ENOSYS): strace still shows its argument
  _sysctl: { args: ["sysctlargs=args"] },
  syslog: { args: ["int=type", "rbuf", "int"] },
  swapoff: { args: ["path"], classes: ["file"] },
  swapon: { args: ["path", "swapflags"], classes: ["file"] },
  symlink: { args: ["path=oldname", "path=newname"], classes: ["file"] },
  symlinkat: { classes: ["file"] },
  sysinfo: { args: ["sysinfo"] },
  tgkill: { args: ["int", "int", "signal"], classes: ["process", "signal"] },
  // the seconds, also written through tloc (`[N /* date */]`); the result with its date
  time: { args: ["otime"] },
  tee: { args: ["fd", "fd", "ulong", "spliceflags"] },
  timer_create: { args: ["clockid", "sigevent", "oint"] },
  times: { args: ["otms"] },
  timer_gettime: { args: ["", "oitimerspec"] },
  timer_settime: { args: ["", "timerflags", "itimerspec", "oitimerspec"] },
  timerfd_gettime: { args: ["fd", "oitimerspec"], classes: ["desc"] },
  timerfd_settime: { args: ["fd", "", "itimerspec", "oitimerspec"], classes: ["desc"] },
  timerfd_create: { fd: "anon:[timerfd]", args: ["clockid", "tfdflags"], classes: ["desc"] },
  tkill: { args: ["int", "signal"], classes: ["process", "signal"] },
  truncate: { classes: ["file"] },
  umask: { args: ["oct"] },
  umount2: { args: ["path", "umountflags"], classes: ["file"] },
  uname: { args: ["utsname"] },
  unlink: { classes: ["file"] },
  unlinkat: { args: ["dirfd", "path", "atflags"], classes: ["file"] },
  unshare: { args: ["unshareflags"], classes: ["process"] },
  uselib: { classes: ["file"] },
  userfaultfd: { fd: "anon:[userfaultfd]", args: ["uffdflags"], classes: ["desc"] },
  ustat: { args: ["dev", "ptr"] },
  utime: { args: ["path", "utimbuf"], classes: ["file"] },
  utimensat: { args: ["dirfd", "path", "utimespec", "atflags"], classes: ["file"] },
  utimes: { args: ["path", "utimeval"], classes: ["file"] },
  vfork: { fd: "fork", fork: true, classes: ["process"], scap: "SYSCALL_VFORK_20" },
  vmsplice: { args: ["fd", "wiov:2", "ulong", "spliceflags"] },
  wait4: { args: ["int", "wstatus", "wait", "worusage"], classes: ["process"] },
  waitid: { args: ["idtype", "int", "osiginfo", "wait", "orusage"], classes: ["process"] },
  write: { dump: "write", args: ["fd", "wbuf:2", "ulong"], scap: "SYSCALL_WRITE" },
  writev: { args: ["fd", "wiov:2", "ulong"] },
};
