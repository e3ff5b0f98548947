/**
 * Argument kinds: the vocabulary of the per-syscall spec (src/syscalls/spec.ts), the rule that
 * gives an argument its kind from its C prototype when the spec says nothing, and which kinds the
 * module copies memory for (the copier ops of kmod/capture.h's `enum msd_cap_op`).
 *
 * tools/gen_spec.ts resolves every argument of every syscall with these, once, into the generated
 * tables the decoder reads (src/syscalls/args_*.ts) and the module's capture table
 * (kmod/syscall_table.h): one resolution, two outputs, so they cannot disagree.
 *
 * @module
 */

/** How one argument is shown (and, for memory kinds, what the module copies). */
export type Kind =
  | "fd"
  | "dirfd"
  | "int"
  | "long"
  | "uint"
  | "ulong"
  | "hex"
  | "xint"
  | "prio"
  | "rusagewho"
  | "idtype"
  | "itimer"
  | "tfdflags"
  | "pidfdflags"
  | "rwflags"
  | "oct"
  | "uid"
  | "ptr"
  | "path"
  | "str"
  | "wbuf"
  | "rbuf"
  | "rsockbuf"
  | "rstr"
  | "wiov"
  | "riov"
  | "sockaddr"
  | "osockaddr"
  | "argv"
  | "fds"
  | "wmsg"
  | "rmsg"
  | "wmmsg"
  | "rmmsg"
  | "openflags"
  | "oflags"
  | "atflags"
  | "accessatflags"
  | "access"
  | "prot"
  | "mapflags"
  | "clone"
  | "af"
  | "socktype"
  | "sockflags"
  | "msgflags"
  | "proto"
  | "fcntlcmd"
  | "fcntlarg"
  | "signal"
  | "sighow"
  | "whence"
  | "renameflags"
  | "wait"
  | "madv"
  | "mremap"
  | "shut"
  | "futexop"
  | "clockid"
  | "timerflags"
  | "ioctlcmd"
  | "archprctl"
  | "prctlopt"
  | "rlimit"
  | "grndflags"
  | "flockop"
  | "mclflags"
  | "msflags"
  | "efdflags"
  | "mfdflags"
  | "epollflags"
  | "statxmask"
  | "statxflags"
  | "epollctl"
  | "ptracereq"
  | "keyserial"
  | "keyctlop"
  | "bpfcmd"
  | "kcmptype"
  | "iouringop"
  | "membarriercmd"
  | "membarrierflags"
  | "seccompop"
  | "mpolmode"
  | "mbindflags"
  | "getmempolflags"
  | "quotacmd"
  | "sigframe"
  | "setnstype"
  | "unshareflags"
  | "pkeyaccess"
  | "uffdflags"
  | "shmflags"
  | "fspickflags"
  | "opentreeflags"
  | "inotifyflags"
  | "xattrflags"
  | "delmodflags"
  | "fsconfigcmd"
  | "fsmountflags"
  | "movepagesflags"
  | "kexecflags"
  | "finitflags"
  | "bpfmapcreate"
  | "uringrsrc"
  | "uringupdate"
  | "uringbufreg"
  | "sysctlargs"
  | "iouringparams"
  | "iouringenterflags"
  | "kexecloadflags"
  | "ipckey"
  | "ipcflags"
  | "shmgetflags"
  | "semctlcmd"
  | "kexecsegs"
  | "landlockrule"
  | "landlockflags"
  | "schedpolicy"
  | "fanmarkflags"
  | "fanevents"
  | "fandirfd"
  | "ompol"
  | "regsetiov"
  | "ptraceinfo"
  | "stat"
  | "statx"
  | "timespec"
  | "otimespec"
  | "rlim"
  | "orlim"
  | "utsname"
  | "sysinfo"
  | "sigset"
  | "osigset"
  | "sigaction"
  | "osigaction"
  | "wstatus"
  | "pollfds"
  | "gids"
  | "ogids"
  | "pageptrs"
  | "pagenodes"
  | "pagestatus"
  | "iovaddrs"
  | "madviovs"
  | "nodemask"
  | "onodemask"
  | "mbindmask"
  | "mignodes"
  | "oschedattr"
  | "llruleset"
  | "uclockid"
  | "semops"
  | "futexwaiters"
  | "llpath"
  | "mqattr"
  | "mqopenattr"
  | "omqattr"
  | "sigevent"
  | "kcmpslot"
  | "mounttype"
  | "mountdata"
  | "flock"
  | "oflock"
  | "fownerex"
  | "ofownerex"
  | "worusage"
  | "umountflags"
  | "nthflags"
  | "umadv"
  | "hexbuf"
  | "mountattr"
  | "osigsetn"
  | "remts"
  | "epev"
  | "epevs"
  | "ioctlarg"
  | "prname"
  | "oprname"
  | "mfdname"
  | "rebootarg"
  | "randbuf"
  | "oprint"
  | "oprsig"
  | "oprtsc"
  | "oprunalign"
  | "okptr"
  | "timeout"
  | "solevel"
  | "soname"
  | "sockopt"
  | "osockopt"
  | "socklen"
  | "loffinout"
  | "envp"
  | "cwd"
  | "futexarg"
  | "timeval"
  | "otimeval"
  | "itimerval"
  | "oitimerval"
  | "itimerspec"
  | "oitimerspec"
  | "siginfo"
  | "osiginfo"
  | "dents"
  | "cloneargs"
  | "orusage"
  | "stackt"
  | "ostackt"
  | "openhow"
  | "fdsets"
  | "fdset"
  | "tvinout"
  | "tsinout"
  | "sigsetp"
  | "fallocmode"
  | "spliceflags"
  | "inotifymask"
  | "perfflags"
  | "ioprwho"
  | "closerangeflags"
  | "fsopenflags"
  | "mntsetattrflags"
  | "movemountflags"
  | "memfdsecretflags"
  | "dev"
  | "ioprio"
  | "otime"
  | "swapflags"
  | "ouid"
  | "ouint"
  | "oint"
  | "iint"
  | "oulong"
  | "timezone"
  | "otimezone"
  | "utimbuf"
  | "utimeval"
  | "utimespec"
  | "cpuset"
  | "ocpuset"
  | "otms"
  | "statfs"
  | "fhandle"
  | "rebootcmd"
  | "seccompact"
  | "notifsizes"
  | "sockfprog"
  | "fsmountattr"
  | "xattrval"
  | "oxattrval"
  | "skip";

/** Every {@linkcode Kind}, for checking spec text. */
export const KINDS: ReadonlySet<string> = new Set<Kind>([
  "fd",
  "dirfd",
  "int",
  "long",
  "uint",
  "ulong",
  "hex",
  "xint",
  "prio",
  "rusagewho",
  "idtype",
  "itimer",
  "tfdflags",
  "pidfdflags",
  "rwflags",
  "oct",
  "uid",
  "ptr",
  "path",
  "str",
  "wbuf",
  "rbuf",
  "rsockbuf",
  "rstr",
  "wiov",
  "riov",
  "sockaddr",
  "osockaddr",
  "argv",
  "fds",
  "wmsg",
  "rmsg",
  "wmmsg",
  "rmmsg",
  "openflags",
  "oflags",
  "atflags",
  "accessatflags",
  "access",
  "prot",
  "mapflags",
  "clone",
  "af",
  "socktype",
  "sockflags",
  "msgflags",
  "proto",
  "fcntlcmd",
  "fcntlarg",
  "signal",
  "sighow",
  "whence",
  "renameflags",
  "wait",
  "madv",
  "mremap",
  "shut",
  "futexop",
  "clockid",
  "timerflags",
  "ioctlcmd",
  "archprctl",
  "prctlopt",
  "rlimit",
  "grndflags",
  "flockop",
  "mclflags",
  "msflags",
  "efdflags",
  "mfdflags",
  "epollflags",
  "statxmask",
  "statxflags",
  "epollctl",
  "ptracereq",
  "keyserial",
  "keyctlop",
  "bpfcmd",
  "kcmptype",
  "iouringop",
  "membarriercmd",
  "membarrierflags",
  "seccompop",
  "mpolmode",
  "mbindflags",
  "getmempolflags",
  "quotacmd",
  "sigframe",
  "setnstype",
  "unshareflags",
  "pkeyaccess",
  "uffdflags",
  "shmflags",
  "fspickflags",
  "opentreeflags",
  "inotifyflags",
  "xattrflags",
  "delmodflags",
  "fsconfigcmd",
  "fsmountflags",
  "movepagesflags",
  "kexecflags",
  "finitflags",
  "bpfmapcreate",
  "uringrsrc",
  "uringupdate",
  "uringbufreg",
  "sysctlargs",
  "iouringparams",
  "iouringenterflags",
  "kexecloadflags",
  "ipckey",
  "ipcflags",
  "shmgetflags",
  "semctlcmd",
  "kexecsegs",
  "landlockrule",
  "landlockflags",
  "schedpolicy",
  "fanmarkflags",
  "fanevents",
  "fandirfd",
  "ompol",
  "regsetiov",
  "ptraceinfo",
  "stat",
  "statx",
  "timespec",
  "otimespec",
  "rlim",
  "orlim",
  "utsname",
  "sysinfo",
  "sigset",
  "osigset",
  "sigaction",
  "osigaction",
  "wstatus",
  "pollfds",
  "gids",
  "ogids",
  "pageptrs",
  "pagenodes",
  "pagestatus",
  "iovaddrs",
  "madviovs",
  "nodemask",
  "onodemask",
  "mbindmask",
  "mignodes",
  "oschedattr",
  "llruleset",
  "uclockid",
  "semops",
  "futexwaiters",
  "llpath",
  "mqattr",
  "mqopenattr",
  "omqattr",
  "sigevent",
  "kcmpslot",
  "mounttype",
  "mountdata",
  "flock",
  "oflock",
  "fownerex",
  "ofownerex",
  "worusage",
  "umountflags",
  "nthflags",
  "umadv",
  "hexbuf",
  "mountattr",
  "osigsetn",
  "remts",
  "epev",
  "epevs",
  "ioctlarg",
  "prname",
  "oprname",
  "mfdname",
  "rebootarg",
  "randbuf",
  "oprint",
  "oprsig",
  "oprtsc",
  "oprunalign",
  "okptr",
  "timeout",
  "solevel",
  "soname",
  "sockopt",
  "osockopt",
  "socklen",
  "loffinout",
  "envp",
  "cwd",
  "futexarg",
  "timeval",
  "otimeval",
  "itimerval",
  "oitimerval",
  "itimerspec",
  "oitimerspec",
  "siginfo",
  "osiginfo",
  "dents",
  "cloneargs",
  "orusage",
  "stackt",
  "ostackt",
  "openhow",
  "fdsets",
  "fdset",
  "tvinout",
  "tsinout",
  "sigsetp",
  "fallocmode",
  "spliceflags",
  "inotifymask",
  "perfflags",
  "ioprwho",
  "closerangeflags",
  "fsopenflags",
  "mntsetattrflags",
  "movemountflags",
  "memfdsecretflags",
  "dev",
  "ioprio",
  "otime",
  "swapflags",
  "ouid",
  "ouint",
  "oint",
  "iint",
  "oulong",
  "timezone",
  "otimezone",
  "utimbuf",
  "utimeval",
  "utimespec",
  "cpuset",
  "ocpuset",
  "otms",
  "statfs",
  "fhandle",
  "rebootcmd",
  "seccompact",
  "notifsizes",
  "sockfprog",
  "fsmountattr",
  "xattrval",
  "oxattrval",
  "skip",
]);

/** One resolved argument: its name and kind. */
export interface ArgSpec {
  /** Argument name (the prototype's, or the spec's). */
  name: string;
  /** How it is decoded. */
  kind: Kind;
}

/** The copier ops of kmod/capture.h `enum msd_cap_op`, without `MSD_CAP_`. */
export type CapOp =
  | "PATH"
  | "ARGV"
  | "WBUF"
  | "WIOV"
  | "SADDR"
  | "WMSG"
  | "RBUF"
  | "RSTR"
  | "RIOV"
  | "SADDR_OUT"
  | "RMSG"
  | "FDS"
  | "ISTRUCT"
  | "IARRAY"
  | "OSTRUCT"
  | "OARRAY"
  | "OARRAY_N"
  | "IOCTL"
  | "TIMEOUT"
  | "IBYTES"
  | "OSOCKOPT"
  | "SOCKLEN"
  | "ENVC"
  | "DENTS"
  | "WMMSG"
  | "RMMSG"
  | "FDSETS"
  | "IOSTRUCT"
  | "SIGSETP"
  | "ISTRN"
  | "OSTRN"
  | "OBYTES"
  | "SELECT"
  | "PATH2";

/** Structure types of the STRUCT copiers (kmod/capture.h `enum msd_struct`, without `MSD_ST_`). */
export type StructType =
  | "STAT"
  | "STATX"
  | "TIMESPEC"
  | "TIMEVAL"
  | "RLIMIT"
  | "UTSNAME"
  | "SYSINFO"
  | "SIGSET"
  | "SIGACTION"
  | "INT"
  | "POLLFD"
  | "EPOLL_EVENT"
  | "ITIMERSPEC"
  | "LOFF"
  | "ITIMERVAL"
  | "IOVEC"
  | "SIGINFO"
  | "RUSAGE"
  | "STACK"
  | "U64"
  | "STATFS"
  // by size alone: the kinds that use them know the layout
  | "B1"
  | "B6"
  | "B12"
  | "B24"
  | "B32"
  | "B40"
  | "B64"
  | "B120";

/** One copier of a capture table entry: op, the argument it reads, its length argument. */
export interface Cap {
  op: CapOp;
  arg: number;
  /** The length (or count, or length pointer, or ioctl command) argument; 0 when none. */
  arg2: number;
  /** The structure type of the STRUCT ops. */
  st?: StructType;
  /** SELECT: how many cases, from the one at index arg2 of the select table. */
  n?: number;
  /**
   * The length argument arg2 is a 32-bit C type (semop's `unsigned nsops`): the kernel reads
   * its register's low 32 bits, whatever the upper half holds (MSD_CAPF_LEN32).
   */
  len32?: boolean;
}

/**
 * The copier each memory kind needs, and whether it takes a length argument (`kind:N` in the
 * spec; "optional": it may). Input ops copy what the caller passed; output ops (R*, SADDR_OUT, FDS) what the kernel
 * filled in, at exit and only when the call succeeded.
 */
export const KIND_CAP: Readonly<
  Partial<Record<Kind, { op: CapOp; len: boolean | "optional"; st?: StructType; n?: number }>>
> = {
  path: { op: "PATH", len: false },
  str: { op: "PATH", len: false },
  argv: { op: "ARGV", len: false },
  wbuf: { op: "WBUF", len: true },
  wiov: { op: "WIOV", len: true },
  sockaddr: { op: "SADDR", len: true },
  wmsg: { op: "WMSG", len: false },
  rbuf: { op: "RBUF", len: false },
  // recvfrom's buffer, `rsockbuf:N`: MSG_TRUNC's result is the datagram's length, which can
  // exceed the buffer's (argument N); the copier reads no more than the buffer
  rsockbuf: { op: "RBUF", len: true },
  rstr: { op: "RSTR", len: false },
  riov: { op: "RIOV", len: true },
  osockaddr: { op: "SADDR_OUT", len: true },
  rmsg: { op: "RMSG", len: false },
  // sendmmsg's and recvmmsg's arrays, read at exit (msg_len is the kernel's)
  wmmsg: { op: "WMMSG", len: true },
  rmmsg: { op: "RMMSG", len: false },
  fds: { op: "FDS", len: false },
  stat: { op: "OSTRUCT", len: false, st: "STAT" },
  statx: { op: "OSTRUCT", len: false, st: "STATX" },
  timespec: { op: "ISTRUCT", len: false, st: "TIMESPEC" },
  otimespec: { op: "OSTRUCT", len: false, st: "TIMESPEC" },
  rlim: { op: "ISTRUCT", len: false, st: "RLIMIT" },
  orlim: { op: "OSTRUCT", len: false, st: "RLIMIT" },
  utsname: { op: "OSTRUCT", len: false, st: "UTSNAME" },
  sysinfo: { op: "OSTRUCT", len: false, st: "SYSINFO" },
  sigset: { op: "ISTRUCT", len: false, st: "SIGSET" },
  osigset: { op: "OSTRUCT", len: false, st: "SIGSET" },
  sigaction: { op: "ISTRUCT", len: false, st: "SIGACTION" },
  osigaction: { op: "OSTRUCT", len: false, st: "SIGACTION" },
  wstatus: { op: "OSTRUCT", len: false, st: "INT" },
  // get_mempolicy's policy: an int the kernel writes
  ompol: { op: "OSTRUCT", len: false, st: "INT" },
  // ptrace's data for PTRACE_GETREGSET and PTRACE_SETREGSET (the request selects it): a struct
  // iovec
  regsetiov: { op: "ISTRUCT", len: false, st: "IOVEC" },
  // PTRACE_GET_SYSCALL_INFO's struct ptrace_syscall_info (the request selects it): what the
  // kernel wrote, the result's bytes (the whole structure's size) but no more than the caller's
  // size in N (`ptraceinfo:2`, the addr argument)
  ptraceinfo: { op: "OBYTES", len: true },
  // poll's array at exit holds the caller's fd and events and the kernel's revents
  pollfds: { op: "IARRAY", len: true, st: "POLLFD" },
  // setgroups' list (`gids:N`, N the count argument) and getgroups' (the result's count): gid_t
  // arrays, strace's print_groups()
  gids: { op: "IARRAY", len: true, st: "INT" },
  ogids: { op: "OARRAY", len: false, st: "INT" },
  // move_pages' arrays of `pageptrs:N` pages (addresses), `pagenodes:N` nodes (ints), and the
  // `pagestatus:N` the kernel fills in (a node or -errno each), N the count argument
  pageptrs: { op: "IARRAY", len: true, st: "U64" },
  pagenodes: { op: "IARRAY", len: true, st: "INT" },
  pagestatus: { op: "OARRAY_N", len: true, st: "INT" },
  // process_vm_readv's and process_vm_writev's remote iovecs (`iovaddrs:4`): addresses and
  // lengths, no data
  iovaddrs: { op: "IARRAY", len: true, st: "IOVEC" },
  // process_madvise's iovecs (`madviovs:2`): the ranges it advises on, addresses and lengths
  madviovs: { op: "IARRAY", len: true, st: "IOVEC" },
  // a NUMA node mask of `nodemask:N` bits (N the maxnode argument), as the policy calls pass it
  // and get_mempolicy fills it in: the module copies that many bytes (eight times what the mask
  // takes, no more than MSD_STRUCT_MAX), user space shows the longs the bits take
  nodemask: { op: "IARRAY", len: true, st: "B1" },
  onodemask: { op: "OARRAY_N", len: true, st: "B1" },
  // mbind's (maxnode the fifth argument) and migrate_pages' two (maxnode the second)
  mbindmask: { op: "IARRAY", len: true, st: "B1" },
  mignodes: { op: "IARRAY", len: true, st: "B1" },
  // sched_getattr's struct sched_attr: `oschedattr:2` bytes (its size argument) the kernel wrote
  oschedattr: { op: "OARRAY_N", len: true, st: "B1" },
  // landlock_create_ruleset's struct landlock_ruleset_attr, `llruleset:1` (its size)
  llruleset: { op: "IBYTES", len: true },
  // _sysctl's struct __sysctl_args: its six fields are in the first 48 bytes of 80
  sysctlargs: { op: "ISTRUCT", len: false, st: "B64" },
  // io_uring_setup's struct io_uring_params: copied at exit, the caller's fields as they were
  // and, when the call succeeded, what the kernel filled in
  iouringparams: { op: "ISTRUCT", len: false, st: "B120" },
  // io_uring_register(IORING_(UN)REGISTER_PBUF_RING)'s struct io_uring_buf_reg
  uringbufreg: { op: "ISTRUCT", len: false, st: "B40" },
  // kexec_load's struct kexec_segment array (`kexecsegs:1`, the count argument)
  kexecsegs: { op: "IARRAY", len: true, st: "B32" },
  // semop's and semtimedop's struct sembuf array (`semops:2`, the count argument)
  semops: { op: "IARRAY", len: true, st: "B6" },
  // futex_waitv's struct futex_waitv array (`futexwaiters:1`)
  futexwaiters: { op: "IARRAY", len: true, st: "B24" },
  // landlock_add_rule's LANDLOCK_RULE_PATH_BENEATH attribute (a select on the rule type)
  llpath: { op: "ISTRUCT", len: false, st: "B12" },
  // struct mq_attr: mq_getsetattr's new attributes (mq_flags by name) and old ones, mq_open's
  // (mq_flags in hex, as strace shows them there)
  mqattr: { op: "ISTRUCT", len: false, st: "B64" },
  omqattr: { op: "OSTRUCT", len: false, st: "B64" },
  mqopenattr: { op: "ISTRUCT", len: false, st: "B64" },
  // struct sigevent (mq_notify, timer_create): its first 32 bytes, what strace reads of it
  sigevent: { op: "ISTRUCT", len: false, st: "B32" },
  // kcmp's KCMP_EPOLL_TFD struct kcmp_epoll_slot (a select on the type)
  kcmpslot: { op: "ISTRUCT", len: false, st: "B12" },
  // mount's type, `mounttype:4`, and its data (argument 4, `mountdata`): two strings one copier
  // reads (either may be NULL), shown as "str"'s
  mounttype: { op: "PATH2", len: true },
  // fcntl's record locks (a select on the command): struct flock as passed (F_SETLK, F_SETLKW,
  // F_OFD_SETLK, F_OFD_SETLKW) and as F_GETLK and F_OFD_GETLK filled it in (32 bytes on the
  // 64-bit ABIs); F_SETOWN_EX's and F_GETOWN_EX's struct f_owner_ex (8 bytes)
  flock: { op: "ISTRUCT", len: false, st: "B32" },
  oflock: { op: "OSTRUCT", len: false, st: "B32" },
  fownerex: { op: "ISTRUCT", len: false, st: "U64" },
  ofownerex: { op: "OSTRUCT", len: false, st: "U64" },
  // wait4's struct rusage: its address when the call returned 0 (strace's printwaitn())
  worusage: { op: "OSTRUCT", len: false, st: "RUSAGE" },
  epev: { op: "ISTRUCT", len: false, st: "EPOLL_EVENT" },
  epevs: { op: "OARRAY", len: false, st: "EPOLL_EVENT" },
  // the length argument is the command, which says what the kernel wrote back
  ioctlarg: { op: "IOCTL", len: true },
  // ppoll's timeout: as passed (kept at entry) and as the kernel left it (at exit)
  timeout: { op: "TIMEOUT", len: false, st: "TIMESPEC" },
  // setsockopt's optval: optlen's bytes
  sockopt: { op: "IBYTES", len: true },
  // clone3's struct clone_args: its size argument's bytes
  cloneargs: { op: "IBYTES", len: true },
  // openat2's struct open_how: its size argument's bytes
  openhow: { op: "IBYTES", len: true },
  // getsockopt's optval: the length the kernel wrote back through the pointer in N
  osockopt: { op: "OSOCKOPT", len: true },
  // a socklen_t pointer (accept's addrlen, getsockopt's optlen): both values; `:N`, the address
  // buffer it measures (no item when that is NULL: strace shows the pointer then)
  socklen: { op: "SOCKLEN", len: "optional" },
  // sendfile's offset, which the kernel advances: as passed and as left (`[0] => [4096]`)
  loffinout: { op: "TIMEOUT", len: false, st: "LOFF" },
  // execve's envp: how many strings it holds (`0x7ffd... /* 23 vars */`)
  envp: { op: "ENVC", len: false },
  // getdents' and getdents64's buffer: how many entries the call returned (`/* 5 entries */`)
  dents: { op: "DENTS", len: false },
  // getcwd's buffer: the result's bytes, its NUL included
  cwd: { op: "RSTR", len: false },
  // futex's fourth argument: the timeout of the waiting operations, a number for the others
  futexarg: { op: "ISTRUCT", len: false, st: "TIMESPEC" },
  timeval: { op: "ISTRUCT", len: false, st: "TIMEVAL" },
  otimeval: { op: "OSTRUCT", len: false, st: "TIMEVAL" },
  // a siginfo_t the caller passes (rt_sigqueueinfo) or the kernel fills in (waitid)
  siginfo: { op: "ISTRUCT", len: false, st: "SIGINFO" },
  osiginfo: { op: "OSTRUCT", len: false, st: "SIGINFO" },
  // getrusage's, wait4's and waitid's struct rusage
  orusage: { op: "OSTRUCT", len: false, st: "RUSAGE" },
  // sigaltstack's stack_t, new and old
  stackt: { op: "ISTRUCT", len: false, st: "STACK" },
  ostackt: { op: "OSTRUCT", len: false, st: "STACK" },
  itimerval: { op: "ISTRUCT", len: false, st: "ITIMERVAL" },
  oitimerval: { op: "OSTRUCT", len: false, st: "ITIMERVAL" },
  itimerspec: { op: "ISTRUCT", len: false, st: "ITIMERSPEC" },
  oitimerspec: { op: "OSTRUCT", len: false, st: "ITIMERSPEC" },
  // select's and pselect6's three fd sets, `fdsets:N` on the first (nfds in argument N), `fdset`
  // on the other two (the one copier copies all three): at entry (the call is `enter`: its entry
  // is a record of its own) and as the kernel left them at exit, when the call returned > 0
  fdsets: { op: "FDSETS", len: true },
  // select's and pselect6's timeout, copied as the sets are (as passed, and as left)
  tvinout: { op: "IOSTRUCT", len: false, st: "TIMEVAL" },
  tsinout: { op: "IOSTRUCT", len: false, st: "TIMESPEC" },
  // pselect6's sixth argument: {const sigset_t *ss; size_t ss_len} and the mask it points at
  sigsetp: { op: "SIGSETP", len: false },
  // The kinds of the copies an argument's value selects (SyscallSpec.select, the SELECT copier):
  // prctl's PR_SET_NAME name, at most TASK_COMM_LEN - 1 bytes up to a NUL (strace's
  // printstr_ex(..., TASK_COMM_LEN - 1, QUOTE_0_TERMINATED)), and PR_GET_NAME's, TASK_COMM_LEN
  // bytes the kernel wrote (`n`: the bound, the copier's arg2)
  prname: { op: "ISTRN", len: false, n: 15 },
  oprname: { op: "OSTRN", len: false, n: 16 },
  // memfd_create's name: MFD_NAME_MAX_LEN + 1 bytes at most (strace's printstr_ex() reads no
  // further), cut at -s
  mfdname: { op: "ISTRN", len: false, n: 250 },
  // LINUX_REBOOT_CMD_RESTART2's command: at most 255 bytes (the kernel's buffer less its NUL)
  rebootarg: { op: "ISTRN", len: false, n: 255 },
  // getrandom's buffer: the result's bytes, shown in hex (strace's QUOTE_FORCE_HEX)
  randbuf: { op: "RBUF", len: false },
  // a buffer of `hexbuf:N` bytes strace shows in hex (fsconfig's FSCONFIG_SET_BINARY value)
  hexbuf: { op: "WBUF", len: true },
  // bpf(BPF_MAP_CREATE)'s union bpf_attr, `bpfmapcreate:2` (its size; a select on the command)
  bpfmapcreate: { op: "IBYTES", len: true },
  // io_uring_register's struct io_uring_rsrc_register (FILES2, BUFFERS2) and struct
  // io_uring_rsrc_update2 (FILES_UPDATE2, BUFFERS_UPDATE), `uringrsrc:3` (the size: nr_args; a
  // select on the opcode)
  uringrsrc: { op: "IBYTES", len: true },
  uringupdate: { op: "IBYTES", len: true },
  // mount_setattr's struct mount_attr, `mountattr:4` (its size)
  mountattr: { op: "IBYTES", len: true },
  // rt_sigpending's set: `osigsetn:1` bytes (1 to 8) the kernel wrote
  osigsetn: { op: "OARRAY_N", len: true, st: "B1" },
  // nanosleep's and clock_nanosleep's rem: the time left, which the kernel writes when a signal
  // interrupted the sleep (the module copies it then too)
  remts: { op: "OSTRUCT", len: false, st: "TIMESPEC" },
  // the ints the PR_GET_* options write: `[0]`, `[SIGTERM]`, `[PR_TSC_ENABLE]`,
  // `[PR_UNALIGN_NOPRINT]`
  oprint: { op: "OSTRUCT", len: false, st: "INT" },
  oprsig: { op: "OSTRUCT", len: false, st: "INT" },
  oprtsc: { op: "OSTRUCT", len: false, st: "INT" },
  oprunalign: { op: "OSTRUCT", len: false, st: "INT" },
  // a kernel word written back as an address (PR_GET_TID_ADDRESS, ARCH_GET_FS): `[0x7f...]`
  okptr: { op: "OSTRUCT", len: false, st: "U64" },
  // time()'s tloc: the seconds the kernel wrote, `[1796628006 /* 2026-12-07T07:20:06+0000 */]`
  otime: { op: "OSTRUCT", len: false, st: "U64" },
  // one int the kernel writes or reads, `[N]`: a uid (getresuid: -1 as -1), an unsigned
  // (getcpu), an int (sched_getparam); in: sched_setparam's, sched_setscheduler's priority
  ouid: { op: "OSTRUCT", len: false, st: "INT" },
  ouint: { op: "OSTRUCT", len: false, st: "INT" },
  oint: { op: "OSTRUCT", len: false, st: "INT" },
  iint: { op: "ISTRUCT", len: false, st: "INT" },
  // a size_t the kernel writes (get_robust_list's len_ptr), `[24]`
  oulong: { op: "OSTRUCT", len: false, st: "U64" },
  // struct timezone (two ints: the U64 copier's 8 bytes), settimeofday's and gettimeofday's
  timezone: { op: "ISTRUCT", len: false, st: "U64" },
  otimezone: { op: "OSTRUCT", len: false, st: "U64" },
  // utime's struct utimbuf: two longs, a timespec's 16 bytes
  utimbuf: { op: "ISTRUCT", len: false, st: "TIMESPEC" },
  // utimes' and futimesat's two timevals, utimensat's two timespecs: an itimerval's and an
  // itimerspec's bytes
  utimeval: { op: "ISTRUCT", len: false, st: "ITIMERVAL" },
  utimespec: { op: "ISTRUCT", len: false, st: "ITIMERSPEC" },
  // a CPU mask: sched_setaffinity's (`cpuset:N`, N the length argument), sched_getaffinity's
  // (the result's bytes), shown as strace's bitmask, `[0 1]`
  cpuset: { op: "WBUF", len: true },
  ocpuset: { op: "RBUF", len: false },
  // an extended attribute's value (`xattrval:N`, N its size) and getxattr's and listxattr's
  // result, shown without a trailing NUL (strace's print_xattr_val(): QUOTE_OMIT_TRAILING_0)
  xattrval: { op: "WBUF", len: true },
  oxattrval: { op: "RBUF", len: false },
  // times()'s struct tms: four clock_t, the 32 bytes the ITIMERSPEC copier takes
  otms: { op: "OSTRUCT", len: false, st: "ITIMERSPEC" },
  // statfs' and fstatfs' struct statfs (the 64-bit layout: __statfs_word is a long)
  statfs: { op: "OSTRUCT", len: false, st: "STATFS" },
  // name_to_handle_at's struct file_handle: its handle_bytes (the INT copier's first 4 bytes)
  fhandle: { op: "ISTRUCT", len: false, st: "INT" },
  // seccomp's third argument, by operation (its spec's select): GET_ACTION_AVAIL's action (an
  // int), GET_NOTIF_SIZES' three u16 (the U64 copier's 8 bytes), SET_MODE_FILTER's struct
  // sock_fprog (a u16 and a pointer: an iovec's 16 bytes)
  seccompact: { op: "ISTRUCT", len: false, st: "INT" },
  notifsizes: { op: "OSTRUCT", len: false, st: "B6" },
  sockfprog: { op: "ISTRUCT", len: false, st: "IOVEC" },
};

/** The copiers of structures (kmod/capture.h), whose items src/decode_struct.ts decodes. */
export const STRUCT_OPS: ReadonlySet<CapOp> = new Set<CapOp>([
  "ISTRUCT",
  "IARRAY",
  "OSTRUCT",
  "OARRAY",
  "OARRAY_N",
  "IOCTL",
  "TIMEOUT",
  "IBYTES",
  "OSOCKOPT",
  "SOCKLEN",
  "IOSTRUCT",
  "SIGSETP",
  "OBYTES",
]);

/** Kinds whose memory the kernel fills in: decoded from exit captures. */
export const OUT_KINDS: ReadonlySet<Kind> = new Set<Kind>([
  "ptraceinfo",
  "oprname",
  "oprint",
  "oprsig",
  "oprtsc",
  "oprunalign",
  "okptr",
  "otime",
  "ouid",
  "ouint",
  "oint",
  "oulong",
  "otimezone",
  "ocpuset",
  "otms",
  "statfs",
  "notifsizes",
  "oxattrval",
  "rbuf",
  "rsockbuf",
  "rstr",
  "riov",
  "osockaddr",
  "fds",
  "rmsg",
  "wmmsg",
  "rmmsg",
  "stat",
  "statx",
  "otimespec",
  "orlim",
  "utsname",
  "sysinfo",
  "osigset",
  "osigaction",
  "wstatus",
  "ompol",
  "epevs",
  "ogids",
  "omqattr",
  "oflock",
  "ofownerex",
  "worusage",
  "pagestatus",
  "osigsetn",
  "remts",
  "onodemask",
  "oschedattr",
  "ioctlarg",
  "osockopt",
  "socklen",
  "otimeval",
  "oitimerval",
  "oitimerspec",
  "osiginfo",
  "dents",
  "orusage",
  "ostackt",
  "cwd",
]);

/** Which decoded kinds each copier op's item may be shown as. */
export const CAP_KINDS: Readonly<Record<CapOp, readonly Kind[]>> = {
  PATH: ["path", "str"],
  ARGV: ["argv"],
  WBUF: ["wbuf", "cpuset", "xattrval", "hexbuf"],
  WIOV: ["wiov"],
  SADDR: ["sockaddr"],
  WMSG: ["wmsg"],
  RBUF: ["rbuf", "rsockbuf", "ocpuset", "oxattrval", "randbuf"],
  RSTR: ["rstr", "cwd"],
  RIOV: ["riov"],
  SADDR_OUT: ["osockaddr"],
  RMSG: ["rmsg"],
  FDS: ["fds"],
  ISTRUCT: [
    "kcmpslot",
    "sysctlargs",
    "iouringparams",
    "uringbufreg",
    "flock",
    "fownerex",
    "llpath",
    "mqattr",
    "mqopenattr",
    "sigevent",
    "timespec",
    "rlim",
    "sigset",
    "sigaction",
    "epev",
    "timeval",
    "itimerval",
    "itimerspec",
    "futexarg",
    "regsetiov",
    "siginfo",
    "stackt",
    "iint",
    "timezone",
    "utimbuf",
    "utimeval",
    "utimespec",
    "fhandle",
    "seccompact",
    "sockfprog",
  ],
  IARRAY: [
    "pollfds",
    "kexecsegs",
    "gids",
    "pageptrs",
    "pagenodes",
    "iovaddrs",
    "madviovs",
    "nodemask",
    "mbindmask",
    "mignodes",
    "semops",
    "futexwaiters",
  ],
  OSTRUCT: [
    "remts",
    "omqattr",
    "oflock",
    "ofownerex",
    "worusage",
    "stat",
    "statx",
    "otimespec",
    "orlim",
    "utsname",
    "sysinfo",
    "osigset",
    "osigaction",
    "wstatus",
    "otimeval",
    "oitimerval",
    "oitimerspec",
    "ompol",
    "osiginfo",
    "orusage",
    "ostackt",
    "oprint",
    "oprsig",
    "oprtsc",
    "oprunalign",
    "okptr",
    "otime",
    "ouid",
    "ouint",
    "oint",
    "oulong",
    "otimezone",
    "otms",
    "statfs",
    "notifsizes",
  ],
  OARRAY: ["epevs", "ogids"],
  OARRAY_N: ["pagestatus", "osigsetn", "onodemask", "oschedattr"],
  IOCTL: ["ioctlarg"],
  TIMEOUT: ["timeout", "loffinout"],
  IBYTES: [
    "sockopt",
    "cloneargs",
    "openhow",
    "llruleset",
    "mountattr",
    "bpfmapcreate",
    "uringrsrc",
    "uringupdate",
  ],
  OSOCKOPT: ["osockopt"],
  SOCKLEN: ["socklen"],
  ENVC: ["envp"],
  DENTS: ["dents"],
  WMMSG: ["wmmsg"],
  RMMSG: ["rmmsg"],
  FDSETS: ["fdsets"],
  PATH2: ["mounttype"],
  IOSTRUCT: ["tvinout", "tsinout"],
  SIGSETP: ["sigsetp"],
  ISTRN: ["prname", "mfdname", "rebootarg"],
  OSTRN: ["oprname"],
  OBYTES: ["ptraceinfo"],
  // the selecting argument: what it selects is checked against SyscallSpec.select
  SELECT: [
    "prctlopt",
    "archprctl",
    "rebootcmd",
    "seccompop",
    "ptracereq",
    "quotacmd",
    "landlockrule",
    "kcmptype",
    "fsconfigcmd",
    "fcntlcmd",
    "bpfcmd",
    "iouringop",
  ],
};

/** Argument names of the kernel's prototypes that hold a file descriptor. */
export const FD_NAMES: ReadonlySet<string> = new Set([
  "fd",
  "fildes",
  "oldfd",
  "newfd",
  "out_fd",
  "in_fd",
  "epfd",
  "fd_in",
  "fd_out",
  "pidfd",
  "ufd",
  "mqdes",
]);
/** Argument names that hold a directory fd (AT_FDCWD allowed). */
export const DIRFD_NAMES: ReadonlySet<string> = new Set(["dfd", "olddfd", "newdfd", "dirfd"]);

/** The kind an argument's C type and name suggest, when the spec does not name one. */
/** The C types of 32-bit arguments: the register's upper half is not the caller's. */
const INT32_TYPES: ReadonlySet<string> = new Set([
  "int",
  "unsigned int",
  "unsigned",
  "u32",
  "__u32",
  "__s32",
]);

/** Names of `unsigned long` arguments that hold an address. */
const ADDRESS_NAMES: ReadonlySet<string> = new Set([
  "start",
  "addr",
  "address",
  "new_addr",
  "old_addr",
  "brk",
  "uaddr",
]);

export function defaultKind(name: string, type: string): Kind {
  if (DIRFD_NAMES.has(name)) return "dirfd";
  if (FD_NAMES.has(name)) return "fd";
  if (type.includes("*")) {
    if (/^(const )?char __user \*$/.test(type) && /name|path/.test(name)) return "path";
    return "ptr";
  }
  if (type === "umode_t") return "oct";
  if (/flags|mask/.test(name)) return INT32_TYPES.has(type) ? "xint" : "hex";
  // an address passed as a number: strace shows it as a pointer (NULL, 0x...)
  if (type === "unsigned long" && ADDRESS_NAMES.has(name)) return "ptr";
  switch (type) {
    case "uid_t":
    case "gid_t":
    case "old_uid_t":
    case "old_gid_t":
      return "uid";
    case "clockid_t":
      return "clockid";
    case "int":
    case "pid_t":
    case "key_t":
    case "timer_t":
    case "mqd_t":
    case "qid_t":
    case "__s32":
      return "int";
    case "long":
    case "loff_t":
    case "off_t":
    case "ssize_t":
      return "long";
    case "unsigned int":
    case "unsigned":
    case "u32":
    case "__u32":
      return "uint";
    case "unsigned long":
    case "size_t":
    case "u64":
    case "__u64":
      return "ulong";
  }
  return "hex";
}

/** One argument as the spec writes it: `kind`, `kind:LEN`, `kind=name`, `kind:LEN=name`, `""`. */
export interface ParsedArg {
  /** The kind, or undefined for the default from the C type. */
  kind?: Kind;
  /** Position of the length argument (memory kinds that take one). */
  len?: number;
  /** The argument's name, where the prototype has none or a worse one. */
  name?: string;
}

/** Parses one argument of the spec; throws on a kind or length the spec must not hold. */
export function parseArg(s: string): ParsedArg {
  const m = /^([a-z]*)(?::(\d))?(?:=([A-Za-z_][A-Za-z0-9_]*))?$/.exec(s);
  if (!m) throw new Error(`bad argument spec "${s}"`);
  const [, k, len, name] = m;
  if (k && !KINDS.has(k)) throw new Error(`unknown kind "${k}" in "${s}"`);
  const kind = (k || undefined) as Kind | undefined;
  const cap = kind ? KIND_CAP[kind] : undefined;
  if (len !== undefined && !cap?.len) throw new Error(`"${s}": ${kind} takes no length argument`);
  if (cap?.len === true && len === undefined) {
    throw new Error(`"${s}": ${kind} needs its length, ${kind}:N`);
  }
  return { kind, len: len === undefined ? undefined : Number(len), name };
}
