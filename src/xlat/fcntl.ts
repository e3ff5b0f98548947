/**
 * open(2), fcntl(2), access(2), AT_* and lseek constants. Values:
 * include/uapi/asm-generic/fcntl.h, include/uapi/linux/fcntl.h,
 * include/uapi/linux/fs.h (SEEK_*), include/linux/fcntl.h; arm64 overrides
 * O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE in
 * arch/arm64/include/uapi/asm/fcntl.h; x86_64 uses the generic values.
 *
 * @module
 */
import type { Arch } from "../record.ts";
import { perArch, unknownNamed, type Xlat, xlat } from "./xlat.ts";

/** AT_FDCWD, the dirfd meaning "the current directory". */
export const AT_FDCWD = -100n;

const OPEN_ARCH: Record<Arch, Record<string, number>> = {
  x86_64: { O_DIRECT: 0o40000, O_LARGEFILE: 0o100000, O_DIRECTORY: 0o200000, O_NOFOLLOW: 0o400000 },
  aarch64: {
    O_DIRECTORY: 0o40000,
    O_NOFOLLOW: 0o100000,
    O_DIRECT: 0o200000,
    O_LARGEFILE: 0o400000,
  },
};

/** O_* flags other than the access mode, for one architecture. */
export const openFlagsTable: (arch: Arch) => Xlat = perArch((arch: Arch): Xlat => {
  const a = OPEN_ARCH[arch];
  const dir = a.O_DIRECTORY;
  // strace's order (its open_mode_flags), so that a line diffs equal
  return xlat({
    O_CREAT: 0o100,
    O_EXCL: 0o200,
    O_NOCTTY: 0o400,
    O_TRUNC: 0o1000,
    O_APPEND: 0o2000,
    O_NONBLOCK: 0o4000,
    O_SYNC: 0o4010000, // before O_DSYNC: it includes its bit
    O_DSYNC: 0o10000,
    O_DIRECT: a.O_DIRECT,
    O_LARGEFILE: a.O_LARGEFILE,
    O_NOFOLLOW: a.O_NOFOLLOW,
    O_NOATIME: 0o1000000,
    O_CLOEXEC: 0o2000000,
    O_PATH: 0o10000000,
    O_TMPFILE: 0o20000000 | dir, // before O_DIRECTORY, likewise
    O_DIRECTORY: dir,
    FASYNC: 0o20000,
  });
});

/**
 * The access mode in the low two bits of open's flags; 3 (no access: ioctls only) is
 * O_ACCMODE, as strace names it.
 */
export const OPEN_ACCMODE: Xlat = xlat({ O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_ACCMODE: 3 });

/** O_CREAT, and O_TMPFILE: flags that make open's mode argument meaningful. */
export function openTakesMode(arch: Arch, flags: bigint): boolean {
  const tmp = BigInt(0o20000000 | OPEN_ARCH[arch].O_DIRECTORY);
  return (flags & 0o100n) !== 0n || (flags & tmp) === tmp;
}

/**
 * AT_* flags of the *at() calls, strace's at_flags (statx's sync types, 0x6000, are statx's
 * own: STATX_SYNC).
 */
export const AT_FLAGS: Xlat = xlat({
  AT_SYMLINK_NOFOLLOW: 0x100,
  AT_REMOVEDIR: 0x200,
  AT_SYMLINK_FOLLOW: 0x400,
  AT_NO_AUTOMOUNT: 0x800,
  AT_EMPTY_PATH: 0x1000,
  AT_RECURSIVE: 0x8000,
});

/** faccessat2's flags (strace's faccessat_flags, its order): AT_EACCESS shares AT_REMOVEDIR's value. */
export const ACCESS_AT_FLAGS: Xlat = xlat({
  AT_SYMLINK_NOFOLLOW: 0x100,
  AT_EACCESS: 0x200,
  AT_EMPTY_PATH: 0x1000,
});

/** F_NOTIFY's directory events (DN_*). */
export const DN_FLAGS: Xlat = xlat({
  DN_ACCESS: 1,
  DN_MODIFY: 2,
  DN_CREATE: 4,
  DN_DELETE: 8,
  DN_RENAME: 0x10,
  DN_ATTRIB: 0x20,
  DN_MULTISHOT: 0x80000000,
});

/** F_SETLEASE's lease types (strace's lockfcmds, the F_*LCK values). */
export const LEASE_TYPES: Xlat = unknownNamed(
  xlat({ F_RDLCK: 0, F_WRLCK: 1, F_UNLCK: 2, F_EXLCK: 4, F_SHLCK: 8 }),
  "F_???",
);

/** struct f_owner_ex's types (F_SETOWN_EX, F_GETOWN_EX). */
export const F_OWNER_TYPES: Xlat = unknownNamed(
  xlat({ F_OWNER_TID: 0, F_OWNER_PID: 1, F_OWNER_PGRP: 2 }),
  "F_OWNER_???",
);

/** F_ADD_SEALS' seals. */
export const F_SEALS: Xlat = unknownNamed(
  xlat({
    F_SEAL_SEAL: 1,
    F_SEAL_SHRINK: 2,
    F_SEAL_GROW: 4,
    F_SEAL_WRITE: 8,
    F_SEAL_FUTURE_WRITE: 0x10,
  }),
  "F_SEAL_???",
);

/** access(2) modes (include/linux/fs.h MAY_*, unistd.h *_OK); strace's `0x8 /* ?_OK *\/`. */
export const ACCESS_MODES: Xlat = unknownNamed(
  xlat({ F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1 }),
  "?_OK",
);

/** fcntl(2) commands (asm-generic/fcntl.h, linux/fcntl.h). */
export const FCNTL_CMDS: Xlat = xlat({
  F_DUPFD: 0,
  F_GETFD: 1,
  F_SETFD: 2,
  F_GETFL: 3,
  F_SETFL: 4,
  F_GETLK: 5,
  F_SETLK: 6,
  F_SETLKW: 7,
  F_SETOWN: 8,
  F_GETOWN: 9,
  F_SETSIG: 10,
  F_GETSIG: 11,
  F_SETOWN_EX: 15,
  F_GETOWN_EX: 16,
  F_GETOWNER_UIDS: 17,
  F_OFD_GETLK: 36,
  F_OFD_SETLK: 37,
  F_OFD_SETLKW: 38,
  F_SETLEASE: 1024,
  F_GETLEASE: 1025,
  F_NOTIFY: 1026,
  F_DUPFD_CLOEXEC: 1030,
  F_SETPIPE_SZ: 1031,
  F_GETPIPE_SZ: 1032,
  F_ADD_SEALS: 1033,
  F_GET_SEALS: 1034,
  F_GET_RW_HINT: 1035,
  F_SET_RW_HINT: 1036,
  F_GET_FILE_RW_HINT: 1037,
  F_SET_FILE_RW_HINT: 1038,
});

/** fcntl F_SETFD/F_GETFD flags. */
export const FD_FLAGS: Xlat = xlat({ FD_CLOEXEC: 1 });

/** lseek whence (include/uapi/linux/fs.h). */
export const SEEK_WHENCE: Xlat = xlat({
  SEEK_SET: 0,
  SEEK_CUR: 1,
  SEEK_END: 2,
  SEEK_DATA: 3,
  SEEK_HOLE: 4,
});

/** renameat2 flags (include/uapi/linux/fs.h). */
export const RENAME_FLAGS: Xlat = xlat({
  RENAME_NOREPLACE: 1,
  RENAME_EXCHANGE: 2,
  RENAME_WHITEOUT: 4,
});
