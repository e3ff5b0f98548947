/**
 * mmap(2), mprotect(2) and madvise(2) constants: include/uapi/asm-generic/mman-common.h
 * and mman.h (the same on x86_64 and arm64, but for x86_64's MAP_32BIT in
 * arch/x86/include/uapi/asm/mman.h and arm64's PROT_BTI/PROT_MTE in
 * arch/arm64/include/uapi/asm/mman.h).
 *
 * @module
 */
import type { Arch } from "../record.ts";
import { perArch, type Xlat, xlat } from "./xlat.ts";

/** PROT_* for one architecture. */
export const protTable: (arch: Arch) => Xlat = perArch((arch: Arch): Xlat => {
  return xlat({
    PROT_NONE: 0,
    PROT_READ: 1,
    PROT_WRITE: 2,
    PROT_EXEC: 4,
    ...(arch === "aarch64" ? { PROT_BTI: 0x10, PROT_MTE: 0x20 } : {}),
    PROT_GROWSDOWN: 0x01000000,
    PROT_GROWSUP: 0x02000000,
  });
});

/** The mapping type in the low four bits of mmap's flags. */
export const MAP_TYPES: Xlat = xlat({
  MAP_SHARED: 1,
  MAP_PRIVATE: 2,
  MAP_SHARED_VALIDATE: 3,
});

/** MAP_* flags other than the type, for one architecture. */
export const mapFlagsTable: (arch: Arch) => Xlat = perArch((arch: Arch): Xlat => {
  return xlat({
    MAP_FIXED: 0x10,
    MAP_ANONYMOUS: 0x20,
    ...(arch === "x86_64" ? { MAP_32BIT: 0x40 } : {}),
    MAP_GROWSDOWN: 0x100,
    MAP_DENYWRITE: 0x800,
    MAP_EXECUTABLE: 0x1000,
    MAP_LOCKED: 0x2000,
    MAP_NORESERVE: 0x4000,
    MAP_POPULATE: 0x8000,
    MAP_NONBLOCK: 0x10000,
    MAP_STACK: 0x20000,
    MAP_HUGETLB: 0x40000,
    MAP_SYNC: 0x80000,
    MAP_FIXED_NOREPLACE: 0x100000,
    MAP_UNINITIALIZED: 0x4000000,
  });
});

/** mremap flags (include/uapi/linux/mman.h). */
export const MREMAP_FLAGS: Xlat = xlat({
  MREMAP_MAYMOVE: 1,
  MREMAP_FIXED: 2,
  MREMAP_DONTUNMAP: 4,
});

/** madvise advice values. */
export const MADV: Xlat = xlat({
  MADV_NORMAL: 0,
  MADV_RANDOM: 1,
  MADV_SEQUENTIAL: 2,
  MADV_WILLNEED: 3,
  MADV_DONTNEED: 4,
  MADV_FREE: 8,
  MADV_REMOVE: 9,
  MADV_DONTFORK: 10,
  MADV_DOFORK: 11,
  MADV_MERGEABLE: 12,
  MADV_UNMERGEABLE: 13,
  MADV_HUGEPAGE: 14,
  MADV_NOHUGEPAGE: 15,
  MADV_DONTDUMP: 16,
  MADV_DODUMP: 17,
  MADV_WIPEONFORK: 18,
  MADV_KEEPONFORK: 19,
  MADV_COLD: 20,
  MADV_PAGEOUT: 21,
  MADV_POPULATE_READ: 22,
  MADV_POPULATE_WRITE: 23,
  MADV_HWPOISON: 100,
  MADV_SOFT_OFFLINE: 101,
});
