/**
 * Classic BPF instruction fields (include/uapi/linux/bpf_common.h, filter.h) and the socket
 * filter's ancillary offsets (SKF_*), as strace 6.1 names them (src/xlat/bpf_class.in, bpf_size,
 * bpf_mode, bpf_op_alu, bpf_op_jmp, bpf_src, bpf_rval, bpf_miscop, skf_ad, skf_off).
 *
 * @module
 */
import { sequence, type Xlat, xlat } from "./xlat.ts";

/** BPF_CLASS(code): code & 0x07. */
export const BPF_CLASSES: Xlat = xlat({
  BPF_LD: 0x0,
  BPF_LDX: 0x1,
  BPF_ST: 0x2,
  BPF_STX: 0x3,
  BPF_ALU: 0x4,
  BPF_JMP: 0x5,
  BPF_RET: 0x6,
  BPF_MISC: 0x7,
});

/** BPF_SIZE(code): code & 0x18. */
export const BPF_SIZES: Xlat = xlat({ BPF_W: 0x00, BPF_H: 0x08, BPF_B: 0x10, BPF_DW: 0x18 });

/** BPF_MODE(code): code & 0xe0. */
export const BPF_MODES: Xlat = xlat({
  BPF_IMM: 0x00,
  BPF_ABS: 0x20,
  BPF_IND: 0x40,
  BPF_MEM: 0x60,
  BPF_LEN: 0x80,
  BPF_MSH: 0xa0,
  BPF_XADD: 0xc0,
});

/** BPF_OP(code) of BPF_ALU: code & 0xf0. */
export const BPF_ALU_OPS: Xlat = xlat({
  BPF_ADD: 0x00,
  BPF_SUB: 0x10,
  BPF_MUL: 0x20,
  BPF_DIV: 0x30,
  BPF_OR: 0x40,
  BPF_AND: 0x50,
  BPF_LSH: 0x60,
  BPF_RSH: 0x70,
  BPF_NEG: 0x80,
  BPF_MOD: 0x90,
  BPF_XOR: 0xa0,
  BPF_MOV: 0xb0,
  BPF_ARSH: 0xc0,
  BPF_END: 0xd0,
});

/** BPF_OP(code) of BPF_JMP: code & 0xf0. */
export const BPF_JMP_OPS: Xlat = xlat({
  BPF_JA: 0x00,
  BPF_JEQ: 0x10,
  BPF_JGT: 0x20,
  BPF_JGE: 0x30,
  BPF_JSET: 0x40,
  BPF_JNE: 0x50,
  BPF_JSGT: 0x60,
  BPF_JSGE: 0x70,
  BPF_CALL: 0x80,
  BPF_EXIT: 0x90,
  BPF_JLT: 0xa0,
  BPF_JLE: 0xb0,
  BPF_JSLT: 0xc0,
  BPF_JSLE: 0xd0,
});

/** BPF_SRC(code): code & 0x08. */
export const BPF_SRCS: Xlat = xlat({ BPF_K: 0x00, BPF_X: 0x08 });

/** BPF_RVAL(code) of BPF_RET: code & 0x18. */
export const BPF_RVALS: Xlat = xlat({ BPF_K: 0x00, BPF_X: 0x08, BPF_A: 0x10 });

/** BPF_MISCOP(code) of BPF_MISC: code & 0xf8. */
export const BPF_MISCOPS: Xlat = xlat({ BPF_TAX: 0x00, BPF_TXA: 0x80 });

/** The ancillary data a socket filter loads at SKF_AD_OFF + n. */
export const SKF_AD: Xlat = xlat({
  SKF_AD_PROTOCOL: 0,
  SKF_AD_PKTTYPE: 4,
  SKF_AD_IFINDEX: 8,
  SKF_AD_NLATTR: 12,
  SKF_AD_NLATTR_NEST: 16,
  SKF_AD_MARK: 20,
  SKF_AD_QUEUE: 24,
  SKF_AD_HATYPE: 28,
  SKF_AD_RXHASH: 32,
  SKF_AD_CPU: 36,
  SKF_AD_ALU_XOR_X: 40,
  SKF_AD_VLAN_TAG: 44,
  SKF_AD_VLAN_TAG_PRESENT: 48,
  SKF_AD_PAY_OFFSET: 52,
  SKF_AD_RANDOM: 56,
  SKF_AD_VLAN_TPID: 60,
});

/** SKF_AD_OFF, SKF_NET_OFF and SKF_LL_OFF as u32 (-0x1000, -0x100000, -0x200000). */
export const SKF_AD_OFF = 0xfffff000, SKF_NET_OFF = 0xfff00000, SKF_LL_OFF = 0xffe00000;

/** bpf(2)'s map types (include/uapi/linux/bpf.h enum bpf_map_type, as of Linux 6.1). */
export const BPF_MAP_TYPES: Xlat = sequence([
  "BPF_MAP_TYPE_UNSPEC",
  "BPF_MAP_TYPE_HASH",
  "BPF_MAP_TYPE_ARRAY",
  "BPF_MAP_TYPE_PROG_ARRAY",
  "BPF_MAP_TYPE_PERF_EVENT_ARRAY",
  "BPF_MAP_TYPE_PERCPU_HASH",
  "BPF_MAP_TYPE_PERCPU_ARRAY",
  "BPF_MAP_TYPE_STACK_TRACE",
  "BPF_MAP_TYPE_CGROUP_ARRAY",
  "BPF_MAP_TYPE_LRU_HASH",
  "BPF_MAP_TYPE_LRU_PERCPU_HASH",
  "BPF_MAP_TYPE_LPM_TRIE",
  "BPF_MAP_TYPE_ARRAY_OF_MAPS",
  "BPF_MAP_TYPE_HASH_OF_MAPS",
  "BPF_MAP_TYPE_DEVMAP",
  "BPF_MAP_TYPE_SOCKMAP",
  "BPF_MAP_TYPE_CPUMAP",
  "BPF_MAP_TYPE_XSKMAP",
  "BPF_MAP_TYPE_SOCKHASH",
  "BPF_MAP_TYPE_CGROUP_STORAGE",
  "BPF_MAP_TYPE_REUSEPORT_SOCKARRAY",
  "BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE",
  "BPF_MAP_TYPE_QUEUE",
  "BPF_MAP_TYPE_STACK",
  "BPF_MAP_TYPE_SK_STORAGE",
  "BPF_MAP_TYPE_DEVMAP_HASH",
  "BPF_MAP_TYPE_STRUCT_OPS",
  "BPF_MAP_TYPE_RINGBUF",
  "BPF_MAP_TYPE_INODE_STORAGE",
  "BPF_MAP_TYPE_TASK_STORAGE",
  "BPF_MAP_TYPE_BLOOM_FILTER",
  "BPF_MAP_TYPE_USER_RINGBUF",
]);

/** BPF_MAP_CREATE's map_flags (include/uapi/linux/bpf.h BPF_F_*, as of Linux 6.1). */
export const BPF_MAP_FLAGS: Xlat = xlat({
  BPF_F_NO_PREALLOC: 1,
  BPF_F_NO_COMMON_LRU: 2,
  BPF_F_NUMA_NODE: 4,
  BPF_F_RDONLY: 8,
  BPF_F_WRONLY: 0x10,
  BPF_F_STACK_BUILD_ID: 0x20,
  BPF_F_ZERO_SEED: 0x40,
  BPF_F_RDONLY_PROG: 0x80,
  BPF_F_WRONLY_PROG: 0x100,
  BPF_F_CLONE: 0x200,
  BPF_F_MMAPABLE: 0x400,
  BPF_F_PRESERVE_ELEMS: 0x800,
  BPF_F_INNER_MAP: 0x1000,
});
