/**
 * The requests, commands and operations of the multiplexed syscalls, by the names strace 6.1
 * gives them (its src/xlat/*.in, in its order): ptrace requests (include/uapi/linux/ptrace.h and
 * arch/{x86,arm64}/include/uapi/asm/ptrace-abi.h, ptrace.h), PTRACE_O_* options, the NT_* regset
 * types of PTRACE_GETREGSET (include/uapi/linux/elf.h), keyctl operations and KEY_SPEC_* serials
 * (include/uapi/linux/keyctl.h), bpf commands (include/uapi/linux/bpf.h), kcmp types
 * (include/uapi/linux/kcmp.h), io_uring_register opcodes (include/uapi/linux/io_uring.h),
 * membarrier commands (include/uapi/linux/membarrier.h), seccomp operations and filter flags
 * (include/uapi/linux/seccomp.h), NUMA memory policies (include/uapi/linux/mempolicy.h), quotactl
 * commands, quota types and formats (include/uapi/linux/quota.h, fs/quota: the v1 and XFS commands
 * as strace lists them); then the one-table flags and values of other calls strace names (each
 * with its header).
 *
 * @module
 */
import type { Arch } from "../record.ts";
import { perArch, sequence, unknownPrefix, type Xlat, xlat } from "./xlat.ts";

const PTRACE_COMMON = {
  PTRACE_TRACEME: 0,
  PTRACE_PEEKTEXT: 0x1,
  PTRACE_PEEKDATA: 0x2,
  PTRACE_PEEKUSER: 0x3,
  PTRACE_POKETEXT: 0x4,
  PTRACE_POKEDATA: 0x5,
  PTRACE_POKEUSER: 0x6,
  PTRACE_CONT: 0x7,
  PTRACE_KILL: 0x8,
  PTRACE_SINGLESTEP: 0x9,
  PTRACE_ATTACH: 0x10,
  PTRACE_DETACH: 0x11,
  PTRACE_SYSCALL: 0x18,
  PTRACE_SETOPTIONS: 0x4200,
  PTRACE_GETEVENTMSG: 0x4201,
  PTRACE_GETSIGINFO: 0x4202,
  PTRACE_SETSIGINFO: 0x4203,
  PTRACE_GETREGSET: 0x4204,
  PTRACE_SETREGSET: 0x4205,
  PTRACE_SEIZE: 0x4206,
  PTRACE_INTERRUPT: 0x4207,
  PTRACE_LISTEN: 0x4208,
  PTRACE_PEEKSIGINFO: 0x4209,
  PTRACE_GETSIGMASK: 0x420a,
  PTRACE_SETSIGMASK: 0x420b,
  PTRACE_SECCOMP_GET_FILTER: 0x420c,
  PTRACE_SECCOMP_GET_METADATA: 0x420d,
  PTRACE_GET_SYSCALL_INFO: 0x420e,
  PTRACE_GET_RSEQ_CONFIGURATION: 0x420f,
};

/** ptrace(2) requests: the generic ones, then the architecture's own. */
export const ptraceRequests: (arch: Arch) => Xlat = perArch((arch: Arch) =>
  xlat(
    arch === "x86_64"
      ? {
        ...PTRACE_COMMON,
        PTRACE_GETREGS: 0xc,
        PTRACE_SETREGS: 0xd,
        PTRACE_GETFPREGS: 0xe,
        PTRACE_SETFPREGS: 0xf,
        PTRACE_GETFPXREGS: 0x12,
        PTRACE_SETFPXREGS: 0x13,
        PTRACE_OLDSETOPTIONS: 0x15,
        PTRACE_GET_THREAD_AREA: 0x19,
        PTRACE_SET_THREAD_AREA: 0x1a,
        PTRACE_SYSEMU: 0x1f,
        PTRACE_SYSEMU_SINGLESTEP: 0x20,
        PTRACE_SINGLEBLOCK: 0x21,
        PTRACE_ARCH_PRCTL: 0x1e,
      }
      : {
        ...PTRACE_COMMON,
        PTRACE_GETREGS: 0xc,
        PTRACE_SETREGS: 0xd,
        PTRACE_GETFPREGS: 0xe,
        PTRACE_SETFPREGS: 0xf,
        PTRACE_GETHBPREGS: 0x1d,
        PTRACE_SETHBPREGS: 0x1e,
        PTRACE_GET_THREAD_AREA: 0x16,
        PTRACE_SYSEMU: 0x1f,
        PTRACE_SYSEMU_SINGLESTEP: 0x20,
        PTRACE_PEEKMTETAGS: 0x21,
        PTRACE_POKEMTETAGS: 0x22,
        PTRACE_SET_SYSCALL: 0x17,
        PTRACE_GETVFPREGS: 0x1b,
        PTRACE_SETVFPREGS: 0x1c,
      },
  )
);

/** PTRACE_SETOPTIONS's and PTRACE_SEIZE's options. */
export const PTRACE_OPTIONS: Xlat = xlat({
  PTRACE_O_TRACESYSGOOD: 1,
  PTRACE_O_TRACEFORK: 2,
  PTRACE_O_TRACEVFORK: 4,
  PTRACE_O_TRACECLONE: 8,
  PTRACE_O_TRACEEXEC: 0x10,
  PTRACE_O_TRACEVFORKDONE: 0x20,
  PTRACE_O_TRACEEXIT: 0x40,
  PTRACE_O_TRACESECCOMP: 0x80,
  PTRACE_O_EXITKILL: 0x100000,
  PTRACE_O_SUSPEND_SECCOMP: 0x200000,
});

/** struct ptrace_syscall_info's op (PTRACE_GET_SYSCALL_INFO; strace's ptrace_syscall_info_op.in). */
export const PTRACE_SYSCALL_INFO_OPS: Xlat = unknownPrefix(
  xlat({
    PTRACE_SYSCALL_INFO_NONE: 0,
    PTRACE_SYSCALL_INFO_ENTRY: 1,
    PTRACE_SYSCALL_INFO_EXIT: 2,
    PTRACE_SYSCALL_INFO_SECCOMP: 3,
  }),
  "PTRACE_SYSCALL_INFO_",
);

/**
 * The AUDIT_ARCH_* values (include/uapi/linux/audit.h: an EM_* machine with __AUDIT_ARCH_64BIT
 * 0x80000000, __AUDIT_ARCH_LE 0x40000000, the MIPS n32 bit 0x20000000), strace's audit_arch.in:
 * struct ptrace_syscall_info's arch.
 */
export const AUDIT_ARCHES: Xlat = unknownPrefix(
  xlat({
    AUDIT_ARCH_AARCH64: 0xc00000b7,
    AUDIT_ARCH_ALPHA: 0xc0009026,
    AUDIT_ARCH_ARCOMPACT: 0x4000005d,
    AUDIT_ARCH_ARCOMPACTBE: 0x5d,
    AUDIT_ARCH_ARCV2: 0x400000c3,
    AUDIT_ARCH_ARCV2BE: 0xc3,
    AUDIT_ARCH_ARM: 0x40000028,
    AUDIT_ARCH_ARMEB: 0x28,
    AUDIT_ARCH_C6X: 0x4000008c,
    AUDIT_ARCH_C6XBE: 0x8c,
    AUDIT_ARCH_CRIS: 0x4000004c,
    AUDIT_ARCH_CSKY: 0x400000fc,
    AUDIT_ARCH_FRV: 0x5441,
    AUDIT_ARCH_H8300: 0x2e,
    AUDIT_ARCH_HEXAGON: 0xa4,
    AUDIT_ARCH_I386: 0x40000003,
    AUDIT_ARCH_IA64: 0xc0000032,
    AUDIT_ARCH_LOONGARCH32: 0x40000102,
    AUDIT_ARCH_LOONGARCH64: 0xc0000102,
    AUDIT_ARCH_M32R: 0x58,
    AUDIT_ARCH_M68K: 0x4,
    AUDIT_ARCH_MICROBLAZE: 0xbd,
    AUDIT_ARCH_MIPS: 0x8,
    AUDIT_ARCH_MIPS64: 0x80000008,
    AUDIT_ARCH_MIPS64N32: 0xa0000008,
    AUDIT_ARCH_MIPSEL: 0x40000008,
    AUDIT_ARCH_MIPSEL64: 0xc0000008,
    AUDIT_ARCH_MIPSEL64N32: 0xe0000008,
    AUDIT_ARCH_NDS32: 0x400000a7,
    AUDIT_ARCH_NDS32BE: 0xa7,
    AUDIT_ARCH_NIOS2: 0x40000071,
    AUDIT_ARCH_OPENRISC: 0x5c,
    AUDIT_ARCH_PARISC: 0xf,
    AUDIT_ARCH_PARISC64: 0x8000000f,
    AUDIT_ARCH_PPC: 0x14,
    AUDIT_ARCH_PPC64: 0x80000015,
    AUDIT_ARCH_PPC64LE: 0xc0000015,
    AUDIT_ARCH_RISCV32: 0x400000f3,
    AUDIT_ARCH_RISCV64: 0xc00000f3,
    AUDIT_ARCH_S390: 0x16,
    AUDIT_ARCH_S390X: 0x80000016,
    AUDIT_ARCH_SH: 0x2a,
    AUDIT_ARCH_SH64: 0x8000002a,
    AUDIT_ARCH_SHEL: 0x4000002a,
    AUDIT_ARCH_SHEL64: 0xc000002a,
    AUDIT_ARCH_SPARC: 0x2,
    AUDIT_ARCH_SPARC64: 0x8000002b,
    AUDIT_ARCH_TILEGX: 0xc00000bf,
    AUDIT_ARCH_TILEGX32: 0x400000bf,
    AUDIT_ARCH_TILEPRO: 0x400000bc,
    AUDIT_ARCH_UNICORE: 0x4000006e,
    AUDIT_ARCH_V850: 0x40000057,
    AUDIT_ARCH_X86_64: 0xc000003e,
    AUDIT_ARCH_XTENSA: 0x5e,
  }),
  "AUDIT_ARCH_",
);

/** The PTRACE_EVENT_* of a ptrace stop's wait status (status >> 16; strace's ptrace_events.in). */
export const PTRACE_EVENTS: Xlat = unknownPrefix(
  xlat({
    PTRACE_EVENT_FORK: 1,
    PTRACE_EVENT_VFORK: 2,
    PTRACE_EVENT_CLONE: 3,
    PTRACE_EVENT_EXEC: 4,
    PTRACE_EVENT_VFORK_DONE: 5,
    PTRACE_EVENT_EXIT: 6,
    PTRACE_EVENT_SECCOMP: 7,
    PTRACE_EVENT_STOP: 0x80,
  }),
  "PTRACE_EVENT_",
);

/** PTRACE_GETREGSET's and PTRACE_SETREGSET's regset types (the common and x86/arm ones). */
export const NT_TYPES: Xlat = xlat({
  NT_PRSTATUS: 1,
  NT_FPREGSET: 2,
  NT_PRPSINFO: 3,
  NT_PRXREG: 4,
  NT_PLATFORM: 5,
  NT_AUXV: 6,
  NT_GWINDOWS: 7,
  NT_ASRS: 8,
  NT_PSTATUS: 10,
  NT_PSINFO: 13,
  NT_PRCRED: 14,
  NT_UTSNAME: 15,
  NT_LWPSTATUS: 16,
  NT_LWPSINFO: 17,
  NT_PRFPXREG: 20,
  NT_PPC_VMX: 0x100,
  NT_PPC_SPE: 0x101,
  NT_PPC_VSX: 0x102,
  NT_PPC_TAR: 0x103,
  NT_PPC_PPR: 0x104,
  NT_PPC_DSCR: 0x105,
  NT_PPC_EBB: 0x106,
  NT_PPC_PMU: 0x107,
  NT_PPC_TM_CGPR: 0x108,
  NT_PPC_TM_CFPR: 0x109,
  NT_PPC_TM_CVMX: 0x10a,
  NT_PPC_TM_CVSX: 0x10b,
  NT_PPC_TM_SPR: 0x10c,
  NT_PPC_TM_CTAR: 0x10d,
  NT_PPC_TM_CPPR: 0x10e,
  NT_PPC_TM_CDSCR: 0x10f,
  NT_PPC_PKEY: 0x110,
  NT_386_TLS: 0x200,
  NT_386_IOPERM: 0x201,
  NT_X86_XSTATE: 0x202,
  NT_S390_HIGH_GPRS: 0x300,
  NT_S390_TIMER: 0x301,
  NT_S390_TODCMP: 0x302,
  NT_S390_TODPREG: 0x303,
  NT_S390_CTRS: 0x304,
  NT_S390_PREFIX: 0x305,
  NT_S390_LAST_BREAK: 0x306,
  NT_S390_SYSTEM_CALL: 0x307,
  NT_S390_TDB: 0x308,
  NT_S390_VXRS_LOW: 0x309,
  NT_S390_VXRS_HIGH: 0x30a,
  NT_S390_GS_CB: 0x30b,
  NT_S390_GS_BC: 0x30c,
  NT_S390_RI_CB: 0x30d,
  NT_S390_PV_CPU_DATA: 0x30e,
  NT_ARM_VFP: 0x400,
  NT_ARM_TLS: 0x401,
  NT_ARM_HW_BREAK: 0x402,
  NT_ARM_HW_WATCH: 0x403,
  NT_ARM_SYSTEM_CALL: 0x404,
  NT_ARM_SVE: 0x405,
  NT_ARM_PAC_MASK: 0x406,
  NT_ARM_PACA_KEYS: 0x407,
  NT_ARM_PACG_KEYS: 0x408,
  NT_ARM_TAGGED_ADDR_CTRL: 0x409,
  NT_ARM_PAC_ENABLED_KEYS: 0x40a,
  NT_ARM_SSVE: 0x40b,
  NT_ARM_ZA: 0x40c,
  NT_METAG_CBUF: 0x500,
  NT_METAG_RPIPE: 0x501,
  NT_METAG_TLS: 0x502,
  NT_ARC_V2: 0x600,
  NT_VMCOREDD: 0x700,
  NT_MIPS_DSP: 0x800,
  NT_MIPS_FP_MODE: 0x801,
  NT_MIPS_MSA: 0x802,
  NT_LOONGARCH_CPUCFG: 0xa00,
  NT_LOONGARCH_CSR: 0xa01,
  NT_LOONGARCH_LSX: 0xa02,
  NT_LOONGARCH_LASX: 0xa03,
  NT_LOONGARCH_LBT: 0xa04,
  NT_FILE: 0x46494c45,
  NT_PRXFPREG: 0x46e62b7f,
  NT_SIGINFO: 0x53494749,
});

/** A table of names whose values count up from 0. */
/** keyctl(2) operations (KEYCTL_GET_KEYRING_ID 0 ... KEYCTL_WATCH_KEY 32). */
export const KEYCTL_OPS: Xlat = sequence([
  "KEYCTL_GET_KEYRING_ID",
  "KEYCTL_JOIN_SESSION_KEYRING",
  "KEYCTL_UPDATE",
  "KEYCTL_REVOKE",
  "KEYCTL_CHOWN",
  "KEYCTL_SETPERM",
  "KEYCTL_DESCRIBE",
  "KEYCTL_CLEAR",
  "KEYCTL_LINK",
  "KEYCTL_UNLINK",
  "KEYCTL_SEARCH",
  "KEYCTL_READ",
  "KEYCTL_INSTANTIATE",
  "KEYCTL_NEGATE",
  "KEYCTL_SET_REQKEY_KEYRING",
  "KEYCTL_SET_TIMEOUT",
  "KEYCTL_ASSUME_AUTHORITY",
  "KEYCTL_GET_SECURITY",
  "KEYCTL_SESSION_TO_PARENT",
  "KEYCTL_REJECT",
  "KEYCTL_INSTANTIATE_IOV",
  "KEYCTL_INVALIDATE",
  "KEYCTL_GET_PERSISTENT",
  "KEYCTL_DH_COMPUTE",
  "KEYCTL_PKEY_QUERY",
  "KEYCTL_PKEY_ENCRYPT",
  "KEYCTL_PKEY_DECRYPT",
  "KEYCTL_PKEY_SIGN",
  "KEYCTL_PKEY_VERIFY",
  "KEYCTL_RESTRICT_KEYRING",
  "KEYCTL_MOVE",
  "KEYCTL_CAPABILITIES",
  "KEYCTL_WATCH_KEY",
]);

/** The special key serials (key_serial_t, an int); any other serial is shown as a number. */
export const KEY_SPECS: Xlat = xlat({
  KEY_SPEC_THREAD_KEYRING: -1,
  KEY_SPEC_PROCESS_KEYRING: -2,
  KEY_SPEC_SESSION_KEYRING: -3,
  KEY_SPEC_USER_KEYRING: -4,
  KEY_SPEC_USER_SESSION_KEYRING: -5,
  KEY_SPEC_GROUP_KEYRING: -6,
  KEY_SPEC_REQKEY_AUTH_KEY: -7,
  KEY_SPEC_REQUESTOR_KEYRING: -8,
});

/** KEYCTL_SETPERM's permission bits (include/linux/key.h; strace's key_perms). */
export const KEY_PERMS: Xlat = xlat(
  Object.fromEntries(
    [["POS", 24], ["USR", 16], ["GRP", 8], ["OTH", 0]].flatMap(([who, sh]) =>
      ["VIEW", "READ", "WRITE", "SEARCH", "LINK", "SETATTR"].map((p, i) => [
        `KEY_${who}_${p}`,
        (1 << i) * 2 ** (sh as number),
      ])
    ),
  ),
);

/** KEYCTL_MOVE's flags. */
export const KEYCTL_MOVE_FLAGS: Xlat = xlat({ KEYCTL_MOVE_EXCL: 1 });

/** KEYCTL_SET_REQKEY_KEYRING's keyrings (KEY_REQKEY_DEFL_*), shown by number with a comment by strace. */
export const KEY_REQKEY_DEFL: Xlat = sequence([
  "KEY_REQKEY_DEFL_NO_CHANGE",
  "KEY_REQKEY_DEFL_DEFAULT",
  "KEY_REQKEY_DEFL_THREAD_KEYRING",
  "KEY_REQKEY_DEFL_PROCESS_KEYRING",
  "KEY_REQKEY_DEFL_SESSION_KEYRING",
  "KEY_REQKEY_DEFL_USER_KEYRING",
  "KEY_REQKEY_DEFL_USER_SESSION_KEYRING",
  "KEY_REQKEY_DEFL_GROUP_KEYRING",
  "KEY_REQKEY_DEFL_REQUESTOR_KEYRING",
]).map(([n, v]) => [n, v === 0n ? -1n : v - 1n] as const);

/** bpf(2) commands. */
export const BPF_CMDS: Xlat = sequence([
  "BPF_MAP_CREATE",
  "BPF_MAP_LOOKUP_ELEM",
  "BPF_MAP_UPDATE_ELEM",
  "BPF_MAP_DELETE_ELEM",
  "BPF_MAP_GET_NEXT_KEY",
  "BPF_PROG_LOAD",
  "BPF_OBJ_PIN",
  "BPF_OBJ_GET",
  "BPF_PROG_ATTACH",
  "BPF_PROG_DETACH",
  "BPF_PROG_TEST_RUN",
  "BPF_PROG_GET_NEXT_ID",
  "BPF_MAP_GET_NEXT_ID",
  "BPF_PROG_GET_FD_BY_ID",
  "BPF_MAP_GET_FD_BY_ID",
  "BPF_OBJ_GET_INFO_BY_FD",
  "BPF_PROG_QUERY",
  "BPF_RAW_TRACEPOINT_OPEN",
  "BPF_BTF_LOAD",
  "BPF_BTF_GET_FD_BY_ID",
  "BPF_TASK_FD_QUERY",
  "BPF_MAP_LOOKUP_AND_DELETE_ELEM",
  "BPF_MAP_FREEZE",
  "BPF_BTF_GET_NEXT_ID",
  "BPF_MAP_LOOKUP_BATCH",
  "BPF_MAP_LOOKUP_AND_DELETE_BATCH",
  "BPF_MAP_UPDATE_BATCH",
  "BPF_MAP_DELETE_BATCH",
  "BPF_LINK_CREATE",
  "BPF_LINK_UPDATE",
  "BPF_LINK_GET_FD_BY_ID",
  "BPF_LINK_GET_NEXT_ID",
  "BPF_ENABLE_STATS",
  "BPF_ITER_CREATE",
  "BPF_LINK_DETACH",
  "BPF_PROG_BIND_MAP",
]);

/** kcmp(2) types. */
export const KCMP_TYPES: Xlat = sequence([
  "KCMP_FILE",
  "KCMP_VM",
  "KCMP_FILES",
  "KCMP_FS",
  "KCMP_SIGHAND",
  "KCMP_IO",
  "KCMP_SYSVSEM",
  "KCMP_EPOLL_TFD",
]);

/** io_uring_register(2) opcodes. */
export const IORING_REGISTER_OPS: Xlat = unknownPrefix(
  sequence([
    "IORING_REGISTER_BUFFERS",
    "IORING_UNREGISTER_BUFFERS",
    "IORING_REGISTER_FILES",
    "IORING_UNREGISTER_FILES",
    "IORING_REGISTER_EVENTFD",
    "IORING_UNREGISTER_EVENTFD",
    "IORING_REGISTER_FILES_UPDATE",
    "IORING_REGISTER_EVENTFD_ASYNC",
    "IORING_REGISTER_PROBE",
    "IORING_REGISTER_PERSONALITY",
    "IORING_UNREGISTER_PERSONALITY",
    "IORING_REGISTER_RESTRICTIONS",
    "IORING_REGISTER_ENABLE_RINGS",
    "IORING_REGISTER_FILES2",
    "IORING_REGISTER_FILES_UPDATE2",
    "IORING_REGISTER_BUFFERS2",
    "IORING_REGISTER_BUFFERS_UPDATE",
    "IORING_REGISTER_IOWQ_AFF",
    "IORING_UNREGISTER_IOWQ_AFF",
    "IORING_REGISTER_IOWQ_MAX_WORKERS",
    "IORING_REGISTER_RING_FDS",
    "IORING_UNREGISTER_RING_FDS",
    "IORING_REGISTER_PBUF_RING",
    "IORING_UNREGISTER_PBUF_RING",
  ]),
  "IORING_REGISTER_",
);

/** io_uring_register's struct io_uring_rsrc_register flags (strace's uring_register_rsrc_flags). */
export const IORING_RSRC_FLAGS: Xlat = unknownPrefix(
  xlat({ IORING_RSRC_REGISTER_SPARSE: 1 }),
  "IORING_RSRC_REGISTER_",
);

/** membarrier(2) commands (a value as the command, flags as MEMBARRIER_CMD_QUERY's result). */
export const MEMBARRIER_CMDS: Xlat = unknownPrefix(
  xlat({
    MEMBARRIER_CMD_QUERY: 0,
    MEMBARRIER_CMD_GLOBAL: 1 << 0,
    MEMBARRIER_CMD_GLOBAL_EXPEDITED: 1 << 1,
    MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED: 1 << 2,
    MEMBARRIER_CMD_PRIVATE_EXPEDITED: 1 << 3,
    MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED: 1 << 4,
    MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE: 1 << 5,
    MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE: 1 << 6,
    MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ: 1 << 7,
    MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ: 1 << 8,
  }),
  "MEMBARRIER_CMD_",
);

/** membarrier(2) flags. */
export const MEMBARRIER_FLAGS: Xlat = xlat({ MEMBARRIER_CMD_FLAG_CPU: 1 });

/** seccomp(2) operations. */
/** seccomp's filter return actions (include/uapi/linux/seccomp.h SECCOMP_RET_*). */
export const SECCOMP_RET_ACTIONS: Xlat = xlat({
  SECCOMP_RET_KILL_PROCESS: 0x80000000,
  SECCOMP_RET_KILL_THREAD: 0,
  SECCOMP_RET_TRAP: 0x30000,
  SECCOMP_RET_ERRNO: 0x50000,
  SECCOMP_RET_USER_NOTIF: 0x7fc00000,
  SECCOMP_RET_TRACE: 0x7ff00000,
  SECCOMP_RET_LOG: 0x7ffc0000,
  SECCOMP_RET_ALLOW: 0x7fff0000,
});

export const SECCOMP_OPS: Xlat = unknownPrefix(
  sequence([
    "SECCOMP_SET_MODE_STRICT",
    "SECCOMP_SET_MODE_FILTER",
    "SECCOMP_GET_ACTION_AVAIL",
    "SECCOMP_GET_NOTIF_SIZES",
  ]),
  "SECCOMP_SET_MODE_",
);

/** SECCOMP_SET_MODE_FILTER's flags. */
export const SECCOMP_FILTER_FLAGS: Xlat = xlat({
  SECCOMP_FILTER_FLAG_TSYNC: 1 << 0,
  SECCOMP_FILTER_FLAG_LOG: 1 << 1,
  SECCOMP_FILTER_FLAG_SPEC_ALLOW: 1 << 2,
  SECCOMP_FILTER_FLAG_NEW_LISTENER: 1 << 3,
  SECCOMP_FILTER_FLAG_TSYNC_ESRCH: 1 << 4,
  SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV: 1 << 5,
});

/** NUMA memory policies (set_mempolicy, mbind, get_mempolicy's result). */
export const MPOL_MODES: Xlat = sequence([
  "MPOL_DEFAULT",
  "MPOL_PREFERRED",
  "MPOL_BIND",
  "MPOL_INTERLEAVE",
  "MPOL_LOCAL",
  "MPOL_PREFERRED_MANY",
]);

/** The mode flags of a memory policy. */
export const MPOL_MODE_FLAGS: Xlat = xlat({
  MPOL_F_STATIC_NODES: 1 << 15,
  MPOL_F_RELATIVE_NODES: 1 << 14,
  MPOL_F_NUMA_BALANCING: 1 << 13,
});
/** The bits of {@linkcode MPOL_MODE_FLAGS}. */
export const MPOL_MODE_FLAGS_MASK = 0xe000n;

/** mbind(2) flags (unknown bits: strace's `MPOL_???`). */
export const MBIND_FLAGS: Xlat = xlat({ MPOL_MF_STRICT: 1, MPOL_MF_MOVE: 2, MPOL_MF_MOVE_ALL: 4 });

/** get_mempolicy(2) flags. */
export const GET_MEMPOLICY_FLAGS: Xlat = xlat({
  MPOL_F_NODE: 1,
  MPOL_F_ADDR: 2,
  MPOL_F_MEMS_ALLOWED: 4,
});

const OLD_CMD = (c: number) => c << 8;
const NEW_CMD = (c: number) => (0x800000 | c) >>> 0;
const XQM_CMD = (c: number) => (0x5800 | c) >>> 0;

/** quotactl(2) commands, QCMD's first half (the command word shifted right by 8 is not used). */
export const QUOTA_CMDS: Xlat = xlat({
  Q_V1_QUOTAON: OLD_CMD(0x1),
  Q_V1_QUOTAOFF: OLD_CMD(0x2),
  Q_V1_GETQUOTA: OLD_CMD(0x3),
  Q_V1_SETQUOTA: OLD_CMD(0x4),
  Q_V1_SETUSE: OLD_CMD(0x5),
  Q_V1_SYNC: OLD_CMD(0x6),
  Q_SETQLIM: OLD_CMD(0x7),
  Q_V1_GETSTATS: OLD_CMD(0x8),
  Q_V1_RSQUASH: OLD_CMD(0x10),
  Q_V2_GETQUOTA: OLD_CMD(0xd),
  Q_V2_SETQUOTA: OLD_CMD(0xe),
  Q_V2_SETUSE: OLD_CMD(0xf),
  Q_V2_GETINFO: OLD_CMD(0x9),
  Q_V2_SETINFO: OLD_CMD(0xa),
  Q_V2_SETGRACE: OLD_CMD(0xb),
  Q_V2_SETFLAGS: OLD_CMD(0xc),
  Q_V2_GETSTATS: OLD_CMD(0x11),
  Q_SYNC: NEW_CMD(0x1),
  Q_QUOTAON: NEW_CMD(0x2),
  Q_QUOTAOFF: NEW_CMD(0x3),
  Q_GETFMT: NEW_CMD(0x4),
  Q_GETINFO: NEW_CMD(0x5),
  Q_SETINFO: NEW_CMD(0x6),
  Q_GETQUOTA: NEW_CMD(0x7),
  Q_SETQUOTA: NEW_CMD(0x8),
  Q_GETNEXTQUOTA: NEW_CMD(0x9),
  Q_XQUOTAON: XQM_CMD(0x1),
  Q_XQUOTAOFF: XQM_CMD(0x2),
  Q_XGETQUOTA: XQM_CMD(0x3),
  Q_XSETQLIM: XQM_CMD(0x4),
  Q_XGETQSTAT: XQM_CMD(0x5),
  Q_XQUOTARM: XQM_CMD(0x6),
  Q_XQUOTASYNC: XQM_CMD(0x7),
  Q_XGETQSTATV: XQM_CMD(0x8),
  Q_XGETNEXTQUOTA: XQM_CMD(0x9),
});

/** Quota types, QCMD's second half. */
export const QUOTA_TYPES: Xlat = xlat({ USRQUOTA: 0, GRPQUOTA: 1, PRJQUOTA: 2 });

/** setns(2)'s namespace types (flags: strace's setns_types). */
export const SETNS_TYPES: Xlat = unknownPrefix(
  xlat({
    CLONE_NEWTIME: 0x80,
    CLONE_NEWNS: 0x20000,
    CLONE_NEWCGROUP: 0x02000000,
    CLONE_NEWUTS: 0x04000000,
    CLONE_NEWIPC: 0x08000000,
    CLONE_NEWUSER: 0x10000000,
    CLONE_NEWPID: 0x20000000,
    CLONE_NEWNET: 0x40000000,
  }),
  "CLONE_NEW",
);

/** unshare(2)'s flags, in strace's order (its unshare_flags). */
export const UNSHARE_FLAGS: Xlat = xlat({
  CLONE_NEWTIME: 0x80,
  CLONE_VM: 0x100,
  CLONE_FS: 0x200,
  CLONE_FILES: 0x400,
  CLONE_SIGHAND: 0x800,
  CLONE_THREAD: 0x10000,
  CLONE_NEWNS: 0x20000,
  CLONE_SYSVSEM: 0x40000,
  CLONE_NEWCGROUP: 0x02000000,
  CLONE_NEWUTS: 0x04000000,
  CLONE_NEWIPC: 0x08000000,
  CLONE_NEWUSER: 0x10000000,
  CLONE_NEWPID: 0x20000000,
  CLONE_NEWNET: 0x40000000,
});

/** pkey_alloc(2)'s access rights (include/uapi/asm-generic/mman-common.h). */
export const PKEY_ACCESS: Xlat = xlat({
  PKEY_DISABLE_ACCESS: 1,
  PKEY_DISABLE_WRITE: 2,
  PKEY_DISABLE_EXECUTE: 4,
});

/** userfaultfd(2)'s flags (include/uapi/linux/userfaultfd.h, O_NONBLOCK, O_CLOEXEC). */
export const UFFD_FLAGS: Xlat = xlat({
  UFFD_USER_MODE_ONLY: 1,
  O_NONBLOCK: 0o4000,
  O_CLOEXEC: 0o2000000,
});

/** shmat(2)'s flags (include/uapi/linux/shm.h). */
export const SHM_FLAGS: Xlat = xlat({
  SHM_RDONLY: 0o10000,
  SHM_RND: 0o20000,
  SHM_REMAP: 0o40000,
  SHM_EXEC: 0o100000,
});

/** fspick(2)'s flags (include/uapi/linux/mount.h). */
export const FSPICK_FLAGS: Xlat = xlat({
  FSPICK_CLOEXEC: 1,
  FSPICK_SYMLINK_NOFOLLOW: 2,
  FSPICK_NO_AUTOMOUNT: 4,
  FSPICK_EMPTY_PATH: 8,
});

/** open_tree(2)'s flags (include/uapi/linux/mount.h, the AT_* it takes). */
export const OPEN_TREE_FLAGS: Xlat = unknownPrefix(
  xlat({
    OPEN_TREE_CLONE: 1,
    OPEN_TREE_CLOEXEC: 0o2000000,
    AT_SYMLINK_NOFOLLOW: 0x100,
    AT_REMOVEDIR: 0x200,
    AT_SYMLINK_FOLLOW: 0x400,
    AT_NO_AUTOMOUNT: 0x800,
    AT_EMPTY_PATH: 0x1000,
    AT_RECURSIVE: 0x8000,
  }),
  "OPEN_TREE_",
);

/** inotify_init1(2)'s flags (IN_NONBLOCK = O_NONBLOCK, IN_CLOEXEC = O_CLOEXEC). */
export const INOTIFY_INIT_FLAGS: Xlat = xlat({ IN_NONBLOCK: 0o4000, IN_CLOEXEC: 0o2000000 });

/** The xattr calls' flags (include/uapi/linux/xattr.h). */
export const XATTR_FLAGS: Xlat = xlat({ XATTR_CREATE: 1, XATTR_REPLACE: 2 });

/** delete_module(2)'s flags. */
export const DELETE_MODULE_FLAGS: Xlat = xlat({ O_NONBLOCK: 0o4000, O_TRUNC: 0o1000 });

/** io_uring_enter(2)'s flags (include/uapi/linux/io_uring.h, as of Linux 6.1). */
export const IORING_ENTER_FLAGS: Xlat = xlat({
  IORING_ENTER_GETEVENTS: 1,
  IORING_ENTER_SQ_WAKEUP: 2,
  IORING_ENTER_SQ_WAIT: 4,
  IORING_ENTER_EXT_ARG: 8,
  IORING_ENTER_REGISTERED_RING: 16,
});

/** io_uring_setup(2)'s flags and features (include/uapi/linux/io_uring.h, as of Linux 6.1). */
export const IORING_SETUP_FLAGS: Xlat = unknownPrefix(
  xlat({
    IORING_SETUP_IOPOLL: 1,
    IORING_SETUP_SQPOLL: 2,
    IORING_SETUP_SQ_AFF: 4,
    IORING_SETUP_CQSIZE: 8,
    IORING_SETUP_CLAMP: 16,
    IORING_SETUP_ATTACH_WQ: 32,
    IORING_SETUP_R_DISABLED: 64,
    IORING_SETUP_SUBMIT_ALL: 128,
    IORING_SETUP_COOP_TASKRUN: 256,
    IORING_SETUP_TASKRUN_FLAG: 512,
    IORING_SETUP_SQE128: 1024,
    IORING_SETUP_CQE32: 2048,
  }),
  "IORING_SETUP_",
);
export const IORING_FEATURES: Xlat = unknownPrefix(
  xlat({
    IORING_FEAT_SINGLE_MMAP: 1,
    IORING_FEAT_NODROP: 2,
    IORING_FEAT_SUBMIT_STABLE: 4,
    IORING_FEAT_RW_CUR_POS: 8,
    IORING_FEAT_CUR_PERSONALITY: 16,
    IORING_FEAT_FAST_POLL: 32,
    IORING_FEAT_POLL_32BITS: 64,
    IORING_FEAT_SQPOLL_NONFIXED: 128,
    IORING_FEAT_EXT_ARG: 256,
    IORING_FEAT_NATIVE_WORKERS: 512,
    IORING_FEAT_RSRC_TAGS: 1024,
    IORING_FEAT_CQE_SKIP: 2048,
    IORING_FEAT_LINKED_FILE: 4096,
  }),
  "IORING_FEAT_",
);

/** SysV IPC's get flags (include/uapi/linux/ipc.h), strace's resource_flags. */
export const IPC_RESOURCE_FLAGS: Xlat = xlat({
  IPC_CREAT: 0o1000,
  IPC_EXCL: 0o2000,
  IPC_NOWAIT: 0o4000,
});
/** shmget(2)'s flags (include/uapi/linux/shm.h), strace's shm_resource_flags. */
export const SHM_RESOURCE_FLAGS: Xlat = xlat({
  IPC_CREAT: 0o1000,
  IPC_EXCL: 0o2000,
  SHM_HUGETLB: 0o4000,
  SHM_NORESERVE: 0o10000,
});
/** semctl(2)'s commands (include/uapi/linux/ipc.h, sem.h). */
export const SEMCTL_CMDS: Xlat = unknownPrefix(
  xlat({
    IPC_RMID: 0,
    IPC_SET: 1,
    IPC_STAT: 2,
    IPC_INFO: 3,
    GETPID: 11,
    GETVAL: 12,
    GETALL: 13,
    GETNCNT: 14,
    GETZCNT: 15,
    SETVAL: 16,
    SETALL: 17,
    SEM_STAT: 18,
    SEM_INFO: 19,
    SEM_STAT_ANY: 20,
  }),
  "SEM_",
);

/** finit_module(2)'s flags (include/uapi/linux/module.h). */
export const MODULE_INIT_FLAGS: Xlat = unknownPrefix(
  xlat({
    MODULE_INIT_IGNORE_MODVERSIONS: 1,
    MODULE_INIT_IGNORE_VERMAGIC: 2,
    MODULE_INIT_COMPRESSED_FILE: 4,
  }),
  "MODULE_INIT_",
);

/** fsconfig(2)'s commands (include/uapi/linux/mount.h). */
export const FSCONFIG_CMDS: Xlat = sequence([
  "FSCONFIG_SET_FLAG",
  "FSCONFIG_SET_STRING",
  "FSCONFIG_SET_BINARY",
  "FSCONFIG_SET_PATH",
  "FSCONFIG_SET_PATH_EMPTY",
  "FSCONFIG_SET_FD",
  "FSCONFIG_CMD_CREATE",
  "FSCONFIG_CMD_RECONFIGURE",
]);

/** fsmount(2)'s flags. */
export const FSMOUNT_FLAGS: Xlat = xlat({ FSMOUNT_CLOEXEC: 1 });

/** move_pages(2)'s flags. */
export const MOVE_PAGES_FLAGS: Xlat = xlat({ MPOL_MF_MOVE: 2, MPOL_MF_MOVE_ALL: 4 });

/** kexec_file_load(2)'s flags (include/uapi/linux/kexec.h). */
export const KEXEC_FILE_FLAGS: Xlat = unknownPrefix(
  xlat({ KEXEC_FILE_UNLOAD: 1, KEXEC_FILE_ON_CRASH: 2, KEXEC_FILE_NO_INITRAMFS: 4 }),
  "KEXEC_FILE_",
);

/**
 * kexec_load(2)'s architecture, the flags' upper 16 bits of 32 (KEXEC_ARCH_MASK), and its flags
 * below them (include/uapi/linux/kexec.h, as of Linux 6.1).
 */
export const KEXEC_ARCHES: Xlat = xlat({
  KEXEC_ARCH_DEFAULT: 0,
  KEXEC_ARCH_386: 3 << 16,
  KEXEC_ARCH_68K: 4 << 16,
  KEXEC_ARCH_PARISC: 15 << 16,
  KEXEC_ARCH_X86_64: 62 << 16,
  KEXEC_ARCH_PPC: 20 << 16,
  KEXEC_ARCH_PPC64: 21 << 16,
  KEXEC_ARCH_IA_64: 50 << 16,
  KEXEC_ARCH_ARM: 40 << 16,
  KEXEC_ARCH_S390: 22 << 16,
  KEXEC_ARCH_SH: 42 << 16,
  KEXEC_ARCH_MIPS_LE: 10 << 16,
  KEXEC_ARCH_MIPS: 8 << 16,
  KEXEC_ARCH_AARCH64: 183 << 16,
  KEXEC_ARCH_RISCV: 243 << 16,
});
export const KEXEC_LOAD_FLAGS: Xlat = unknownPrefix(
  xlat({ KEXEC_ON_CRASH: 1, KEXEC_PRESERVE_CONTEXT: 2 }),
  "KEXEC_",
);

/** landlock_add_rule(2)'s rule types (include/uapi/linux/landlock.h). */
export const LANDLOCK_RULE_TYPES: Xlat = unknownPrefix(
  xlat({ LANDLOCK_RULE_PATH_BENEATH: 1 }),
  "LANDLOCK_RULE_",
);

/** The landlock filesystem access rights (LANDLOCK_ACCESS_FS_*, bit by bit). */
export const LANDLOCK_ACCESS_FS: Xlat = unknownPrefix(
  xlat(Object.fromEntries(
    [
      "EXECUTE",
      "WRITE_FILE",
      "READ_FILE",
      "READ_DIR",
      "REMOVE_DIR",
      "REMOVE_FILE",
      "MAKE_CHAR",
      "MAKE_DIR",
      "MAKE_REG",
      "MAKE_SOCK",
      "MAKE_FIFO",
      "MAKE_BLOCK",
      "MAKE_SYM",
      "REFER",
    ].map((n, i) => [`LANDLOCK_ACCESS_FS_${n}`, 1 << i]),
  )),
  "LANDLOCK_ACCESS_FS_",
);

/** landlock_create_ruleset(2)'s flags. */
export const LANDLOCK_CREATE_FLAGS: Xlat = unknownPrefix(
  xlat({ LANDLOCK_CREATE_RULESET_VERSION: 1 }),
  "LANDLOCK_CREATE_RULESET_",
);

/** sched_setscheduler(2)'s policies (include/uapi/linux/sched.h). */
export const SCHED_POLICIES: Xlat = sequence([
  "SCHED_OTHER",
  "SCHED_FIFO",
  "SCHED_RR",
  "SCHED_BATCH",
  "SCHED_ISO",
  "SCHED_IDLE",
  "SCHED_DEADLINE",
]);

/** struct sched_attr's sched_flags (include/uapi/linux/sched.h SCHED_FLAG_*). */
export const SCHED_ATTR_FLAGS: Xlat = unknownPrefix(
  xlat({
    SCHED_FLAG_RESET_ON_FORK: 0x1,
    SCHED_FLAG_RECLAIM: 0x2,
    SCHED_FLAG_DL_OVERRUN: 0x4,
    SCHED_FLAG_KEEP_POLICY: 0x8,
    SCHED_FLAG_KEEP_PARAMS: 0x10,
    SCHED_FLAG_UTIL_CLAMP_MIN: 0x20,
    SCHED_FLAG_UTIL_CLAMP_MAX: 0x40,
  }),
  "SCHED_FLAG_",
);

/** fanotify_mark(2)'s flags (include/uapi/linux/fanotify.h). */
export const FAN_MARK_FLAGS: Xlat = unknownPrefix(
  xlat({
    FAN_MARK_ADD: 0x1,
    FAN_MARK_REMOVE: 0x2,
    FAN_MARK_DONT_FOLLOW: 0x4,
    FAN_MARK_ONLYDIR: 0x8,
    FAN_MARK_MOUNT: 0x10,
    FAN_MARK_IGNORED_MASK: 0x20,
    FAN_MARK_IGNORED_SURV_MODIFY: 0x40,
    FAN_MARK_FLUSH: 0x80,
    FAN_MARK_FILESYSTEM: 0x100,
    FAN_MARK_EVICTABLE: 0x200,
    FAN_MARK_IGNORE: 0x400,
  }),
  "FAN_MARK_",
);

/** fanotify_mark(2)'s event mask (include/uapi/linux/fanotify.h), in strace's order. */
export const FAN_EVENTS: Xlat = xlat({
  FAN_ACCESS: 0x1,
  FAN_MODIFY: 0x2,
  FAN_ATTRIB: 0x4,
  FAN_CLOSE_WRITE: 0x8,
  FAN_CLOSE_NOWRITE: 0x10,
  FAN_OPEN: 0x20,
  FAN_MOVED_FROM: 0x40,
  FAN_MOVED_TO: 0x80,
  FAN_CREATE: 0x100,
  FAN_DELETE: 0x200,
  FAN_DELETE_SELF: 0x400,
  FAN_MOVE_SELF: 0x800,
  FAN_OPEN_EXEC: 0x1000,
  FAN_Q_OVERFLOW: 0x4000,
  FAN_FS_ERROR: 0x8000,
  FAN_OPEN_PERM: 0x10000,
  FAN_ACCESS_PERM: 0x20000,
  FAN_OPEN_EXEC_PERM: 0x40000,
  FAN_DIR_MODIFY: 0x80000,
  FAN_ONDIR: 0x40000000,
  FAN_EVENT_ON_CHILD: 0x08000000,
  FAN_RENAME: 0x10000000,
});

/** fanotify_mark(2)'s directory fd: FAN_NOFD and AT_FDCWD by name, any other as the number. */
export const FAN_DIRFDS: Xlat = xlat({ FAN_NOFD: -1, AT_FDCWD: -100 });
