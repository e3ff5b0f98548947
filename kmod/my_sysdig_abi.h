/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * my_sysdig ABI: the only contract between kmod/my_sysdig.ko and user space
 * (ffi/ shim, src/abi.ts). Fixed-width types only, explicit padding, every
 * size checked at compile time. Any incompatible change bumps MSD_ABI_VERSION;
 * src/abi.ts mirrors this file and tests/abi_test.ts compares the two through
 * the shim's msd_abi_layout().
 *
 * Records returned by read() on /dev/my_sysdig, each 8-byte aligned:
 *
 *   0        2        4                 8
 *   +--------+--------+-----------------+
 *   | size   | kind   | nr (s32)        |   size: whole record in bytes
 *   +--------+--------+-----------------+
 *   | ts (u64, CLOCK_MONOTONIC ns)      |
 *   +-----------------+-----------------+
 *   | tgid            | tid             |
 *   +-----------------+-----------------+
 *   | cpu             | flags           |
 *   +-----------------+-----------------+
 *   | comm[16]                          |
 *   |                                   |
 *   +-----------------------------------+  48: end of header
 *   | kind ENTER:   args[6] (u64 each)  |  fixed part 96, then items
 *   | kind EXIT:    ret (s64)           |  fixed part 56, then items
 *   | kind SYSCALL: args[6], ret,       |  fixed part 112, then items
 *   |               enter_ts            |  (flags MSD_RF_UNFINISHED: no ret)
 *   | kind SCAP:    sysdig events       |  see below
 *   | kind DROP:    lost (u64)          |  size 56, comm/tgid/tid/nr 0
 *   | kind SIGNAL:  si_code, si_errno,  |  size 104, nr the signal
 *   |               handler, sa_flags,  |
 *   |               fields[32]          |
 *   | kind PROCEXIT: exit_code,         |  size 56, nr 0
 *   |               group_dead          |
 *   | kind BATCH:   nothing             |  size 48
 *   +-----------------------------------+
 *   | item: len | arg | type | flags |  |  struct msd_item, 8 bytes
 *   |       len bytes of data, padded   |  to the next multiple of 8
 *   | item ...                          |  until `size`
 *   +-----------------------------------+
 *
 * ENTER and EXIT are the two halves of a syscall (--events both, and the
 * halves the module could not pair). SYSCALL is a completed syscall: written
 * at exit, it carries the arguments (read back from the registers at exit),
 * the return value and the time of the entry (ts is the time of the exit).
 * Items are memory the syscall's arguments point at, copied with the
 * non-faulting helpers and bounded; MSD_IF_FAULT says the copy failed (len
 * is what was copied before), MSD_IF_TRUNC that there was more than len.
 * A socket address the kernel writes back (accept, getsockname, recvfrom,
 * recvmsg, ...) is copied no further than the caller's buffer reached; it
 * is marked MSD_IF_TRUNC when the address was longer, and not copied at
 * all when the call's entry was not seen (its buffer length is not known).
 *
 * A SYSCALL record with MSD_RF_UNFINISHED in its flags is a call that
 * never returned to user space: still blocked when tracing stopped (written
 * at MSD_IOC_STOP, ts the time of the stop, arguments read from the blocked
 * task), or ended by the death of its thread (a fatal signal or an exit
 * inside the call). Its ret is 0 and means nothing.
 *
 * Every byte of a record is written: padding (after an item's data, up to
 * the next multiple of 8) is zero, and so are the unused header fields of
 * DROP and BATCH records.
 *
 * A SCAP record (only with MSD_F_SCAP) is a completed syscall the module
 * wrote as sysdig's capture format itself: after the header, the call's
 * enter and exit events, each a whole EV_V2 block exactly as a capture file
 * holds it (docs/scap-format.md, docs/capture.md): block type, length, CPU,
 * the event header with CLOCK_REALTIME times (monotonic +
 * msd_filter.rt_offset; the enter event has the entry's time, the exit
 * event and the header's ts the exit's), the parameter lengths, then
 * sysdig's parameters (GENERIC_E: ID and nativeID, GENERIC_X: ID; the
 * dedicated events of read, write, close, socket, accept and accept4 as
 * src/scap/plans.ts fills them), `msd` (u32 nr, u32 0, the arguments up to
 * the last non-zero one, or the result) and `items` (the copied memory, all
 * on the enter event, in the capture's unpadded item encoding, at most
 * MSD_SCAP_ITEMS_MAX bytes), padding to 4 and the block's trailing length.
 * The events end at `size`, or 4 bytes before it with MSD_RF_PAD4.
 * kmod/scap_table.h lists the syscalls; the others (open, openat, connect,
 * execve, the clone family), calls of 32-bit tasks (MSD_RF_COMPAT) and
 * unfinished calls stay SYSCALL records.
 *
 * A STRUCT item is the bytes of a structure an argument points at (stat,
 * timespec, rlimit, sigaction, ...), or of an array of them (pollfd,
 * epoll_event), in the traced architecture's layout; user space knows the
 * type from the syscall (and, for ioctl, from its command). Inputs are
 * copied where the call's other inputs are, outputs at exit when the call
 * succeeded (poll's array at exit holds both: fd, events and revents).
 *
 * A SIGNAL record (only with MSD_F_SIGNALS) is a signal delivered to a
 * selected thread (the signal_deliver tracepoint: the thread is about to run
 * its handler, or to take the default action), or one sent to it that its
 * action ignores and the kernel discards at once (signal_generate: SIGCHLD
 * with SIG_DFL, SIG_IGN; written when it is sent, for that thread), which
 * strace shows too since a ptraced task's signals are never ignored. nr is the signal, si_code and
 * si_errno are siginfo's, handler the action's sa_handler (0 SIG_DFL, 1
 * SIG_IGN, else the handler's address), and fields the 32 bytes of siginfo's
 * union as the kernel filled it, which user space reads with siginfo_t's
 * layout for the signal and code (si_pid, si_status, si_addr, ...). The
 * SIGKILL a thread takes when its group is exiting (exit_group, a fatal
 * signal) carries no siginfo and gets no record, as strace shows none.
 *
 * A PROCEXIT record (only with MSD_F_EXITS) is the exit of a selected
 * thread (sched_process_exit). exit_code is the thread's wait status: the
 * exit status << 8, or the signal that killed it | 0x80 when it dumped core;
 * for a thread that ended with its group (exit_group, a fatal signal), the
 * group's. group_dead is 1 when it was the group's last thread. Kernel
 * threads get none.
 *
 * A DROP record stands where records of its CPU were lost: the producer
 * found its buffer full `lost` times since the previous record it wrote.
 * A BATCH record ends every read() that returned records: a read whose
 * buffer faults part-way fails with EFAULT and takes no record from the
 * rings. A blocking read (no O_NONBLOCK) looks at the rings at least every
 * 100 ms while it waits. The BATCH record's ts is a mark:
 * every record with an earlier timestamp has been returned, whether it was
 * committed before the read started or was being written while it ran. On
 * each CPU timestamps are taken with preemption disabled just before the
 * space is reserved, so each CPU's records are in timestamp order; the mark
 * is the read's start time, lowered to the oldest record a read left behind
 * and to the last timestamp of a CPU that was writing a record at the time
 * (kmod/dev.c, msd_read()). User space can merge the per-CPU streams by it
 * exactly, holding no more than one read's records.
 */
#ifndef MY_SYSDIG_ABI_H
#define MY_SYSDIG_ABI_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/ioctl.h>
#else
#include <linux/types.h>
#include <sys/ioctl.h>
#endif

#define MSD_ABI_VERSION		6
#define MSD_DEVICE_NAME		"my_sysdig"

/* record kinds */
#define MSD_REC_ENTER		1
#define MSD_REC_EXIT		2
#define MSD_REC_DROP		3
#define MSD_REC_BATCH		4
#define MSD_REC_SYSCALL		5
#define MSD_REC_SCAP		6
#define MSD_REC_SIGNAL		7
#define MSD_REC_PROCEXIT	8
#define MSD_REC_DATA		9

/* record flags (msd_rec_hdr.flags) */
#define MSD_RF_UNFINISHED	(1U << 0)	/* SYSCALL: the call never returned */
#define MSD_RF_PAD4		(1U << 1)	/* SCAP: the last 4 bytes are padding */
/*
 * A call of a 32-bit task through the compat entry (x86_64: ia32, int 0x80 or
 * sysenter; arm64: AArch32 EABI): nr is the 32-bit ABI's number (i386's,
 * arm's), args are zero-extended 32-bit registers. Set on ENTER, EXIT and
 * SYSCALL records; compat calls are never SCAP records.
 */
#define MSD_RF_COMPAT		(1U << 2)

#define MSD_COMM_LEN		16
#define MSD_NARGS		6

struct msd_rec_hdr {
	__u16 size;
	__u16 kind;
	__s32 nr;
	__u64 ts;
	__u32 tgid;
	__u32 tid;
	__u32 cpu;
	__u32 flags;
	char comm[MSD_COMM_LEN];
};

struct msd_rec_enter {
	struct msd_rec_hdr hdr;
	__u64 args[MSD_NARGS];
};

struct msd_rec_exit {
	struct msd_rec_hdr hdr;
	__s64 ret;
};

struct msd_rec_drop {
	struct msd_rec_hdr hdr;
	__u64 lost;
};

struct msd_rec_signal {
	struct msd_rec_hdr hdr;		/* nr: the signal */
	__s32 code;			/* si_code */
	__s32 si_errno;
	__u64 handler;			/* sa_handler: 0 SIG_DFL, 1 SIG_IGN, else an address */
	__u64 sa_flags;
	__u8 fields[32];		/* siginfo's union, in siginfo_t's layout */
};

struct msd_rec_procexit {
	struct msd_rec_hdr hdr;
	__u32 exit_code;		/* wait status */
	__u32 group_dead;		/* 1: the group's last thread */
};

struct msd_rec_syscall {
	struct msd_rec_hdr hdr;
	__u64 args[MSD_NARGS];
	__s64 ret;
	__u64 enter_ts;			/* CLOCK_MONOTONIC ns of the entry */
};

/*
 * A dump (MSD_IOC_SET_DUMP, strace's -e write=SET / -e read=SET): the whole
 * buffer of a write-like call (write, pwrite64, send, sendto, mq_timedsend:
 * the count argument's bytes, whatever the result) or read-like call (read,
 * pread64, recv, recvfrom, mq_timedreceive: the result's bytes, when it
 * succeeded) on an fd of the call's set. DATA records follow the call's own
 * record (SYSCALL, EXIT or SCAP) on the same ring with the same hdr.ts, hdr.nr,
 * tid and MSD_RF_COMPAT, nothing between them, offsets increasing. They are
 * not events: MSD_IOC_STATS does not count them as recorded.
 *
 * The module reads the buffer as strace's dumpstr() does, 64 KiB at a time
 * (MSD_DUMP_FETCH) from offset 0: each unit it could read whole is one or two
 * records of data (at most MSD_DUMP_CHUNK bytes each); the first unit it
 * could not read ends the dump with a record of no data and MSD_DF_FAULT at
 * that unit's offset. A dump longer than half the ring (rounded down to a
 * unit) or than MSD_DUMP_MAX, which bounds the time the probe copies with
 * preemption disabled, ends with a record of no data and MSD_DF_LIMIT at that
 * offset. A
 * record the ring had no room for is counted as dropped (the next record is
 * preceded by a DROP) and ends the dump.
 */
struct msd_rec_data {
	struct msd_rec_hdr hdr;
	__u64 addr;			/* the buffer */
	__u64 total;			/* the dump's length: the count, or the result */
	__u64 offset;			/* of this record's data in the buffer */
	__u32 len;			/* data bytes after this struct (then zeroes to 8) */
	__u16 flags;			/* MSD_DF_* */
	__u16 reserved;
};

#define MSD_DF_READ		(1U << 0)	/* a read-like call's (else a write-like call's) */
#define MSD_DF_FAULT		(1U << 1)	/* the unit at offset could not be read: the end */
#define MSD_DF_LIMIT		(1U << 2)	/* the dump stops at offset: half the ring */
#define MSD_DUMP_FETCH		65536
#define MSD_DUMP_CHUNK		32768
#define MSD_DUMP_MAX		(16U << 20)

/* item types: what the data is */
#define MSD_IT_STR		1	/* a NUL-terminated string, NUL not included */
#define MSD_IT_BUF		2	/* bytes of a buffer */
#define MSD_IT_IOV		3	/* bytes of an iovec array, gathered */
#define MSD_IT_SOCKADDR		4	/* a socket address as user memory held it */
#define MSD_IT_ARGV		5	/* strings of a NULL-terminated array, each NUL-ended */
#define MSD_IT_FDS		6	/* two ints (pipe, pipe2, socketpair) */
#define MSD_IT_STRUCT		7	/* a structure, or an array of them, as user memory held it */
#define MSD_IT_IOVEC		8	/* an iovec array: struct msd_iovec per element (below) */
#define MSD_IT_MSGHDR		9	/* a message header: struct msd_msghdr (below) */
#define MSD_IT_FDSET		10	/* an fd_set bitmap (select, pselect6): see MSD_FDSET_MAX */

/* item flags */
#define MSD_IF_FAULT		(1U << 0)	/* the memory could not be read */
#define MSD_IF_TRUNC		(1U << 1)	/* there was more than len bytes */
/*
 * Copied at the call's exit, as the kernel left it, where the argument's
 * value at entry is an item of the ENTER record (select's and pselect6's fd
 * sets and timeout: see MSD_FDSET_MAX).
 */
#define MSD_IF_EXIT		(1U << 2)

struct msd_item {
	__u16 len;			/* data bytes after this header */
	__u8 arg;			/* argument (0..5) the data belongs to */
	__u8 type;			/* MSD_IT_* */
	__u16 flags;			/* MSD_IF_* */
	__u16 reserved;
};

/*
 * An IOVEC item holds the elements of an iovec array (readv, writev, preadv,
 * pwritev and their v2 forms; a message header's msg_iov) as the caller
 * passed them, widened to 64 bits (a compat task's struct compat_iovec too),
 * at most MSD_IOV_MAX of them: MSD_IF_TRUNC when the array had more,
 * MSD_IF_FAULT when it could not be read past the elements the item holds.
 * It comes just before the IOV item of the same argument, which holds the
 * bytes of those elements gathered (written, or returned by the call), so
 * user space can split them per element. It is written when the IOV item
 * is not (snaplen 0; readv and recvmsg failed), so the lengths still show.
 */
struct msd_iovec {
	__u64 base;			/* iov_base */
	__u64 len;			/* iov_len */
};

#define MSD_IOV_MAX		64
#define MSD_CMSG_MAX		256
#define MSD_MMSG_MAX		4
#define MSD_MMSG_IOV_MAX	8

/*
 * A MSGHDR item: the fields of sendmsg's and recvmsg's struct user_msghdr
 * (recvmsg's as the kernel left them at exit, also when it failed), before
 * the SOCKADDR (msg_name), IOVEC and IOV items of the same argument.
 * namelen_in is recvmsg's msg_namelen at the call's entry (the caller's
 * buffer; -1: the entry was not seen or msg_name was NULL), sendmsg's
 * msg_namelen. The control messages (msg_control, msg_controllen bytes:
 * recvmsg's as the kernel wrote them) follow as a BUF item of the same
 * argument, at most MSD_CMSG_MAX bytes.
 *
 * sendmmsg's and recvmmsg's messages (struct mmsghdr, at exit: those
 * recvmmsg filled, sendmmsg's vlen) come one after the other, each a MSGHDR
 * item with its msg_len and the items of its own fields, at most
 * MSD_MMSG_MAX messages of at most MSD_MMSG_IOV_MAX iovec elements each
 * (MSD_IF_TRUNC on the last MSGHDR item when there were more messages);
 * their bytes share one snaplen. recvmmsg's names are not copied (the
 * caller's buffer lengths are not kept at entry).
 */
struct msd_msghdr {
	__u64 name;			/* msg_name */
	__u64 iov;			/* msg_iov */
	__u64 iovlen;			/* msg_iovlen */
	__u64 control;			/* msg_control */
	__u64 controllen;		/* msg_controllen */
	__s32 namelen;			/* msg_namelen */
	__u32 flags;			/* msg_flags */
	__s32 namelen_in;
	__u32 msg_len;			/* sendmmsg, recvmmsg: struct mmsghdr's; else 0 */
};

/*
 * select's and pselect6's fd sets (and _newselect's, pselect6_time64's of
 * 32-bit tasks): the entry is an ENTER record of its own even when pairing,
 * with the three sets as the caller passed them, each a FDSET item of its
 * argument (1, 2, 3) holding the first (nfds + 7) / 8 bytes rounded up to
 * the word size (strace's length; nfds above 2^20 counts as 2^20), at most
 * MSD_FDSET_MAX: MSD_IF_TRUNC beyond (the rest was readable), MSD_IF_FAULT
 * when the set, to its last byte, could not be read. No item for a NULL set
 * or nfds <= 0. The timeout (argument 4) follows as a STRUCT item and
 * pselect6's sigset argument (5) as a STRUCT item of the two words
 * {sigset_t *, size_t} and, when the size is 8 and the pointer not NULL, the
 * 8 bytes of the mask (len 16 with MSD_IF_FAULT: the mask could not be
 * read). When the call returned more than 0 the exit record holds the sets
 * and the timeout again, as the kernel left them, with MSD_IF_EXIT.
 */
#define MSD_FDSET_MAX		128
#define MSD_PATH_MAX		4096	/* string bytes kept, NUL excluded */
#define MSD_ARGV_MAX		4096	/* execve argv bytes kept, NULs included */
#define MSD_SOCKADDR_MAX	128	/* sizeof(struct sockaddr_storage) */
#define MSD_SNAPLEN_DEFAULT	80
#define MSD_SNAPLEN_MAX		16384
/* Most bytes of a SCAP record's `items` parameter; more is cut and marked MSD_IF_TRUNC. */
#define MSD_SCAP_ITEMS_MAX	40000
/* Largest record (size is a __u16) and the smallest buffer read() takes. */
#define MSD_REC_MAX		65528
#define MSD_READ_MIN		(2 * 65536)
/*
 * Per-CPU ring sizes (KiB) the module takes; rings are rounded up to a power
 * of two. The smallest holds twice the largest reservation the module makes
 * (kmod/capture.h, MSD_RESERVE_WORST), so an empty ring always takes it.
 */
#define MSD_BUF_KB_MIN		128
#define MSD_BUF_KB_MAX		(256 * 1024)

/* filter: what the module records */
#define MSD_MAX_PIDS		64
#define MSD_NR_MAX		1024	/* syscall numbers 0..1023 */
#define MSD_NR_WORDS		(MSD_NR_MAX / 64)

#define MSD_F_PIDS		(1U << 0)	/* pids[0..npids) select processes */
#define MSD_F_COMM		(1U << 1)	/* comm selects processes */
#define MSD_F_FOLLOW		(1U << 2)	/* children of selected processes too */
#define MSD_F_SYSCALLS		(1U << 3)	/* only syscalls set in the bitmap */
#define MSD_F_CHILDREN		(1U << 4)	/* children of the reader itself */
#define MSD_F_BOTH		(1U << 5)	/* ENTER and EXIT records, never SYSCALL */
#define MSD_F_SCAP		(1U << 6)	/* SCAP records where it can (not with BOTH) */
#define MSD_F_SIGNALS		(1U << 7)	/* SIGNAL records of selected threads */
#define MSD_F_EXITS		(1U << 8)	/* PROCEXIT records of selected threads */
#define MSD_F_COMPAT_SYSCALLS	(1U << 9)	/* compat calls only if set in compat_syscalls */
#define MSD_F_ALL		(MSD_F_PIDS | MSD_F_COMM | MSD_F_FOLLOW | \
				 MSD_F_SYSCALLS | MSD_F_CHILDREN | MSD_F_BOTH | MSD_F_SCAP | \
				 MSD_F_SIGNALS | MSD_F_EXITS | MSD_F_COMPAT_SYSCALLS)

/*
 * With none of PIDS, COMM and CHILDREN set every process is selected. With
 * several, a process selected by any of them is recorded. SIGNALS and EXITS
 * select by process alone: the syscall bitmap does not apply. The reader's own
 * thread group is never recorded.
 *
 * Syscall selection: native calls are selected by `syscalls` when
 * MSD_F_SYSCALLS is set (else all are); calls of 32-bit tasks (MSD_RF_COMPAT)
 * by `compat_syscalls`, indexed by the 32-bit ABI's numbers, when
 * MSD_F_COMPAT_SYSCALLS is set. With MSD_F_SYSCALLS set and
 * MSD_F_COMPAT_SYSCALLS not, no compat call is recorded (the native bitmap's
 * numbers name other calls there); with neither, every compat call is.
 */
struct msd_filter {
	__u32 flags;
	__u32 npids;
	__u32 pids[MSD_MAX_PIDS];	/* thread group ids */
	char comm[MSD_COMM_LEN];	/* NUL-terminated, at most 15 chars */
	__u64 syscalls[MSD_NR_WORDS];	/* bit n set: record syscall n */
	__u32 buf_kb;			/* per-CPU buffer, 0: module default */
	__u32 snaplen;			/* I/O data bytes kept, 0..MSD_SNAPLEN_MAX */
	__s64 rt_offset;		/* SCAP: added to CLOCK_MONOTONIC times */
	__u64 compat_syscalls[MSD_NR_WORDS];	/* bit n set: record compat syscall n */
};

/* MSD_IOC_INFO */
struct msd_info {
	__u32 abi_version;
	__u32 ncpus;			/* nr_cpu_ids: CPU numbers are below it */
	__u32 buf_kb;			/* module default per-CPU buffer */
	__u32 max_pids;
	__u32 nr_max;
	__u32 running;
	__s64 realtime_offset;		/* CLOCK_REALTIME - CLOCK_MONOTONIC, ns */
	struct msd_filter defaults;	/* from the pid= and proc_name= params */
};

/* MSD_IOC_STATS: cpu is an input; MSD_ALL_CPUS sums every CPU */
#define MSD_ALL_CPUS		0xffffffffU

struct msd_stats {
	__u32 cpu;
	__u32 online;			/* output: 1 if this CPU has a buffer */
	__u64 seen;			/* events that matched the filter */
	__u64 recorded;			/* written to the buffer */
	__u64 dropped;			/* lost: buffer full */
	__u64 follow_full;		/* children not followed: table full */
	__u64 unpaired;			/* syscalls not paired: task table full */
};

#define MSD_IOC_MAGIC		'm'
#define MSD_IOC_VERSION		_IOR(MSD_IOC_MAGIC, 1, __u32)
#define MSD_IOC_INFO		_IOR(MSD_IOC_MAGIC, 2, struct msd_info)
#define MSD_IOC_SET_FILTER	_IOW(MSD_IOC_MAGIC, 3, struct msd_filter)
#define MSD_IOC_START		_IO(MSD_IOC_MAGIC, 4)
#define MSD_IOC_STOP		_IO(MSD_IOC_MAGIC, 5)
#define MSD_IOC_STATS		_IOWR(MSD_IOC_MAGIC, 6, struct msd_stats)

/*
 * MSD_IOC_SET_DUMP: the fds whose calls' buffers are dumped (struct
 * msd_rec_data), applied at the next MSD_IOC_START; opening the device clears
 * it. An fd is in a set when its bit is set, or, with the set's NOT flag, when
 * it is not (fds at or above MSD_DUMP_FDS: when NOT is set). A set is used
 * only with its flag (MSD_DUMP_READ, MSD_DUMP_WRITE). -EBUSY while running.
 */
#define MSD_DUMP_FDS		1024
#define MSD_DUMP_READ		(1U << 0)
#define MSD_DUMP_WRITE		(1U << 1)
#define MSD_DUMP_READ_NOT	(1U << 2)
#define MSD_DUMP_WRITE_NOT	(1U << 3)
#define MSD_DUMP_ALL		(MSD_DUMP_READ | MSD_DUMP_WRITE | MSD_DUMP_READ_NOT | \
				 MSD_DUMP_WRITE_NOT)

struct msd_dump {
	__u32 flags;			/* MSD_DUMP_* */
	__u32 reserved;			/* 0 */
	__u64 read_fds[MSD_DUMP_FDS / 64];
	__u64 write_fds[MSD_DUMP_FDS / 64];
};

#define MSD_IOC_SET_DUMP	_IOW(MSD_IOC_MAGIC, 7, struct msd_dump)

/*
 * MSD_IOC_SET_BLOCK: backpressure. With timeout_ms above 0, a traced thread
 * whose syscall leaves its CPU's ring more than half full waits on its way
 * back to user space until read() has emptied that ring to a quarter, tracing
 * stops, a signal is pending, or timeout_ms pass; then it goes on (and a full
 * ring drops, as without it). 0, the default: threads never wait. Applied at
 * the next MSD_IOC_START; opening the device clears it. -EBUSY while running,
 * -EINVAL above MSD_BLOCK_MAX_MS or with reserved set. The device's fdinfo
 * counts the waits (msd_blocks) and those that timed out (msd_block_timeouts).
 */
#define MSD_BLOCK_MAX_MS	60000

struct msd_block {
	__u32 timeout_ms;		/* 0: never wait */
	__u32 reserved;			/* 0 */
};

#define MSD_IOC_SET_BLOCK	_IOW(MSD_IOC_MAGIC, 8, struct msd_block)

#define MSD_ABI_ASSERT(c) _Static_assert(c, #c)
MSD_ABI_ASSERT(sizeof(struct msd_rec_hdr) == 48);
MSD_ABI_ASSERT(sizeof(struct msd_rec_enter) == 96);
MSD_ABI_ASSERT(sizeof(struct msd_rec_exit) == 56);
MSD_ABI_ASSERT(sizeof(struct msd_rec_drop) == 56);
MSD_ABI_ASSERT(sizeof(struct msd_block) == 8);
MSD_ABI_ASSERT(sizeof(struct msd_filter) == 552);
MSD_ABI_ASSERT(sizeof(struct msd_info) == 584);
MSD_ABI_ASSERT(sizeof(struct msd_stats) == 48);
MSD_ABI_ASSERT(sizeof(struct msd_rec_syscall) == 112);
MSD_ABI_ASSERT(sizeof(struct msd_item) == 8);
MSD_ABI_ASSERT(sizeof(struct msd_rec_signal) == 104);
MSD_ABI_ASSERT(sizeof(struct msd_rec_procexit) == 56);
MSD_ABI_ASSERT(sizeof(struct msd_iovec) == 16);
MSD_ABI_ASSERT(sizeof(struct msd_msghdr) == 56);
MSD_ABI_ASSERT(sizeof(struct msd_rec_data) == 80);
MSD_ABI_ASSERT(sizeof(struct msd_dump) == 264);

#endif /* MY_SYSDIG_ABI_H */
