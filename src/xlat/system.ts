/**
 * Constants of less common calls, by the names and in the order strace 6.1 gives them (its
 * src/xlat/*.in), the same on x86_64 and arm64: fallocate's modes (include/uapi/linux/falloc.h),
 * splice's flags (include/linux/splice.h), inotify's event mask (include/uapi/linux/inotify.h),
 * perf_event_open's flags (include/uapi/linux/perf_event.h), ioprio's `which`
 * (include/uapi/linux/ioprio.h), close_range's flags (include/uapi/linux/close_range.h),
 * fsopen's, mount_setattr's and move_mount's flags (include/uapi/linux/mount.h), swapon's flags
 * (include/linux/swap.h), reboot's magic numbers and commands (include/uapi/linux/reboot.h) and
 * syslog's actions and console levels (include/linux/syslog.h).
 *
 * @module
 */
import { unknownPrefix, type Xlat, xlat } from "./xlat.ts";

export const FALLOC_FLAGS: Xlat = unknownPrefix(
  xlat({
    FALLOC_FL_KEEP_SIZE: 0x1,
    FALLOC_FL_PUNCH_HOLE: 0x2,
    FALLOC_FL_NO_HIDE_STALE: 0x4,
    FALLOC_FL_COLLAPSE_RANGE: 0x8,
    FALLOC_FL_ZERO_RANGE: 0x10,
    FALLOC_FL_INSERT_RANGE: 0x20,
    FALLOC_FL_UNSHARE_RANGE: 0x40,
  }),
  "FALLOC_FL_",
);

export const SPLICE_FLAGS: Xlat = unknownPrefix(
  xlat({
    SPLICE_F_MOVE: 1,
    SPLICE_F_NONBLOCK: 2,
    SPLICE_F_MORE: 4,
    SPLICE_F_GIFT: 8,
  }),
  "SPLICE_F_",
);

export const INOTIFY_MASK: Xlat = xlat({
  IN_ACCESS: 0x1,
  IN_MODIFY: 0x2,
  IN_ATTRIB: 0x4,
  IN_CLOSE_WRITE: 0x8,
  IN_CLOSE_NOWRITE: 0x10,
  IN_OPEN: 0x20,
  IN_MOVED_FROM: 0x40,
  IN_MOVED_TO: 0x80,
  IN_CREATE: 0x100,
  IN_DELETE: 0x200,
  IN_DELETE_SELF: 0x400,
  IN_MOVE_SELF: 0x800,
  IN_UNMOUNT: 0x2000,
  IN_Q_OVERFLOW: 0x4000,
  IN_IGNORED: 0x8000,
  IN_ONLYDIR: 0x1000000,
  IN_DONT_FOLLOW: 0x2000000,
  IN_EXCL_UNLINK: 0x4000000,
  IN_MASK_CREATE: 0x10000000,
  IN_MASK_ADD: 0x20000000,
  IN_ISDIR: 0x40000000,
  IN_ONESHOT: 0x80000000,
});

export const PERF_FLAGS: Xlat = unknownPrefix(
  xlat({
    PERF_FLAG_FD_NO_GROUP: 1,
    PERF_FLAG_FD_OUTPUT: 2,
    PERF_FLAG_PID_CGROUP: 4,
    PERF_FLAG_FD_CLOEXEC: 8,
  }),
  "PERF_FLAG_",
);

export const IOPRIO_WHO: Xlat = unknownPrefix(
  xlat({
    IOPRIO_WHO_PROCESS: 1,
    IOPRIO_WHO_PGRP: 2,
    IOPRIO_WHO_USER: 3,
  }),
  "IOPRIO_WHO_",
);

export const IOPRIO_CLASS: Xlat = unknownPrefix(
  xlat({
    IOPRIO_CLASS_NONE: 0,
    IOPRIO_CLASS_RT: 1,
    IOPRIO_CLASS_BE: 2,
    IOPRIO_CLASS_IDLE: 3,
  }),
  "IOPRIO_CLASS_",
);

export const CLOSE_RANGE_FLAGS: Xlat = unknownPrefix(
  xlat({ CLOSE_RANGE_UNSHARE: 2, CLOSE_RANGE_CLOEXEC: 4 }),
  "CLOSE_RANGE_",
);

export const FSOPEN_FLAGS: Xlat = xlat({ FSOPEN_CLOEXEC: 1 });

/** mount_setattr's flags: the AT_* flags it takes (its unknown bits: `0x... /* AT_??? *\/`). */
export const MOUNT_SETATTR_FLAGS: Xlat = xlat({
  AT_SYMLINK_NOFOLLOW: 0x100,
  AT_NO_AUTOMOUNT: 0x800,
  AT_EMPTY_PATH: 0x1000,
  AT_RECURSIVE: 0x8000,
});

export const MOVE_MOUNT_FLAGS: Xlat = unknownPrefix(
  xlat({
    MOVE_MOUNT_F_SYMLINKS: 0x1,
    MOVE_MOUNT_F_AUTOMOUNTS: 0x2,
    MOVE_MOUNT_F_EMPTY_PATH: 0x4,
    MOVE_MOUNT_T_SYMLINKS: 0x10,
    MOVE_MOUNT_T_AUTOMOUNTS: 0x20,
    MOVE_MOUNT_T_EMPTY_PATH: 0x40,
    MOVE_MOUNT_SET_GROUP: 0x100,
  }),
  "MOVE_MOUNT_",
);

/** fsmount's attr_flags (strace's fsmount_attr_flags: the atime values as flags). */
export const FSMOUNT_ATTR_FLAGS: Xlat = unknownPrefix(
  xlat({
    MOUNT_ATTR_RDONLY: 0x1,
    MOUNT_ATTR_NOSUID: 0x2,
    MOUNT_ATTR_NODEV: 0x4,
    MOUNT_ATTR_NOEXEC: 0x8,
    MOUNT_ATTR_NOATIME: 0x10,
    MOUNT_ATTR_STRICTATIME: 0x20,
    MOUNT_ATTR_NODIRATIME: 0x80,
  }),
  "MOUNT_ATTR_",
);

/** struct mount_attr's attr_set and attr_clr (strace's mount_attr_attr). */
export const MOUNT_ATTR_FLAGS: Xlat = unknownPrefix(
  [
    ...FSMOUNT_ATTR_FLAGS,
    ...xlat({ MOUNT_ATTR_IDMAP: 0x100000, MOUNT_ATTR_NOSYMFOLLOW: 0x200000 }),
  ],
  "MOUNT_ATTR_",
);

/** struct mount_attr's propagation. */
export const MOUNT_PROPAGATION: Xlat = unknownPrefix(
  xlat({ MS_UNBINDABLE: 1 << 17, MS_PRIVATE: 1 << 18, MS_SLAVE: 1 << 19, MS_SHARED: 1 << 20 }),
  "MS_",
);

/** mount(2)'s flags (include/uapi/linux/mount.h MS_*), MS_MGC_VAL aside. */
export const MS_MOUNT_FLAGS: Xlat = unknownPrefix(
  xlat(
    Object.fromEntries(
      [
        "RDONLY",
        "NOSUID",
        "NODEV",
        "NOEXEC",
        "SYNCHRONOUS",
        "REMOUNT",
        "MANDLOCK",
        "DIRSYNC",
        "NOSYMFOLLOW",
        "",
        "NOATIME",
        "NODIRATIME",
        "BIND",
        "MOVE",
        "REC",
        "SILENT",
        "POSIXACL",
        "UNBINDABLE",
        "PRIVATE",
        "SLAVE",
        "SHARED",
        "RELATIME",
        "KERNMOUNT",
        "I_VERSION",
        "STRICTATIME",
        "LAZYTIME",
        "SUBMOUNT",
        "NOREMOTELOCK",
        "NOSEC",
        "BORN",
        "ACTIVE",
        "NOUSER",
      ].flatMap((n, i) => (n ? [[`MS_${n}`, 2 ** i]] : [])),
    ),
  ),
  "MS_",
);

/** umount2(2)'s flags. */
export const UMOUNT_FLAGS: Xlat = unknownPrefix(
  xlat({ MNT_FORCE: 1, MNT_DETACH: 2, MNT_EXPIRE: 4, UMOUNT_NOFOLLOW: 8 }),
  "MNT_",
);

/** memfd_secret's one flag. */
export const MEMFD_SECRET_FLAGS: Xlat = xlat({ O_CLOEXEC: 0o2000000 });

export const SWAP_FLAGS: Xlat = unknownPrefix(
  xlat({
    SWAP_FLAG_PREFER: 0x8000,
    SWAP_FLAG_DISCARD: 0x10000,
    SWAP_FLAG_DISCARD_ONCE: 0x20000,
    SWAP_FLAG_DISCARD_PAGES: 0x40000,
  }),
  "SWAP_FLAG_",
);
/** swapon's priority bits, shown in decimal after the flags. */
export const SWAP_FLAG_PRIO_MASK = 0x7fff;

export const REBOOT_MAGIC1: Xlat = xlat({ LINUX_REBOOT_MAGIC1: 0xfee1dead });
export const REBOOT_MAGIC2: Xlat = xlat({
  LINUX_REBOOT_MAGIC2: 672274793,
  LINUX_REBOOT_MAGIC2A: 85072278,
  LINUX_REBOOT_MAGIC2B: 369367448,
  LINUX_REBOOT_MAGIC2C: 537993216,
});
export const REBOOT_CMDS: Xlat = xlat({
  LINUX_REBOOT_CMD_RESTART: 0x01234567,
  LINUX_REBOOT_CMD_HALT: 0xcdef0123,
  LINUX_REBOOT_CMD_CAD_ON: 0x89abcdef,
  LINUX_REBOOT_CMD_CAD_OFF: 0,
  LINUX_REBOOT_CMD_POWER_OFF: 0x4321fedc,
  LINUX_REBOOT_CMD_RESTART2: 0xa1b2c3d4,
  LINUX_REBOOT_CMD_SW_SUSPEND: 0xd000fce2,
  LINUX_REBOOT_CMD_KEXEC: 0x45584543,
});

export const SYSLOG_ACTIONS: Xlat = xlat({
  SYSLOG_ACTION_CLOSE: 0,
  SYSLOG_ACTION_OPEN: 1,
  SYSLOG_ACTION_READ: 2,
  SYSLOG_ACTION_READ_ALL: 3,
  SYSLOG_ACTION_READ_CLEAR: 4,
  SYSLOG_ACTION_CLEAR: 5,
  SYSLOG_ACTION_CONSOLE_OFF: 6,
  SYSLOG_ACTION_CONSOLE_ON: 7,
  SYSLOG_ACTION_CONSOLE_LEVEL: 8,
  SYSLOG_ACTION_SIZE_UNREAD: 9,
  SYSLOG_ACTION_SIZE_BUFFER: 10,
});

export const SYSLOG_LEVELS: Xlat = xlat({
  LOGLEVEL_EMERG: 0,
  LOGLEVEL_ALERT: 1,
  LOGLEVEL_CRIT: 2,
  LOGLEVEL_ERR: 3,
  LOGLEVEL_WARNING: 4,
  LOGLEVEL_NOTICE: 5,
  LOGLEVEL_INFO: 6,
  LOGLEVEL_DEBUG: 7,
  "LOGLEVEL_DEBUG+1": 8,
});
