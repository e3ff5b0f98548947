/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MY_SYSDIG_CAPTURE_H
#define MY_SYSDIG_CAPTURE_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/build_bug.h>
#include <linux/compat.h>
#include "my_sysdig_abi.h"

/* What to copy for one argument (kmod/capture.c). */
enum msd_cap_op {
	MSD_CAP_NONE,
	MSD_CAP_PATH,		/* in: string at arg */
	MSD_CAP_ARGV,		/* in: NULL-terminated string array at arg */
	MSD_CAP_WBUF,		/* in: buffer at arg, length in arg2, up to snaplen */
	MSD_CAP_WIOV,		/* in: iovec array at arg, count in arg2, up to snaplen */
	MSD_CAP_SADDR,		/* in: sockaddr at arg, length in arg2 */
	MSD_CAP_WMSG,		/* in: user_msghdr at arg: name and data */
	MSD_CAP_RBUF,		/* out: buffer at arg, ret bytes (no more than arg2's
				 * value when arg2 is not 0), up to snaplen */
	MSD_CAP_RSTR,		/* out: string of ret bytes at arg (readlink) */
	MSD_CAP_RIOV,		/* out: iovec array at arg, count in arg2, ret bytes */
	MSD_CAP_SADDR_OUT,	/* out: sockaddr at arg, length through pointer arg2 */
	MSD_CAP_RMSG,		/* out: user_msghdr at arg: name and ret bytes of data */
	MSD_CAP_FDS,		/* out: int[2] at arg when ret is 0 */
	MSD_CAP_ISTRUCT,	/* in: a structure of type st at arg */
	MSD_CAP_IARRAY,		/* in: arg2's count of structures st at arg */
	MSD_CAP_OSTRUCT,	/* out: a structure of type st at arg */
	MSD_CAP_OARRAY,		/* out: ret structures st at arg */
	MSD_CAP_OARRAY_N,	/* out: arg2's count of structures st at arg (poll) */
	MSD_CAP_IOCTL,		/* in or out, as ioctl's command (arg2) says: what it reads
				 * at arg (_IOW, the known older input commands), copied
				 * at entry; what it wrote there (_IOR, _IOWR, the known
				 * older output commands), at exit when it succeeded */
	MSD_CAP_TIMEOUT,	/* in/out: a structure st at arg the kernel rewrites (ppoll's
				 * timeout, sendfile's offset): as it was at entry (kept in
				 * the pairing slot), then at exit when the call succeeded */
	MSD_CAP_IBYTES,		/* in: arg2 bytes at arg (setsockopt's optval), cut at
				 * MSD_STRUCT_MAX, as a STRUCT item */
	MSD_CAP_OSOCKOPT,	/* out: the bytes at arg whose length the kernel wrote
				 * back through pointer arg2 (getsockopt's optval), no
				 * further than the caller's length (the ALEN slot) */
	MSD_CAP_ENVC,		/* in: how many strings a NULL-terminated pointer array at
				 * arg holds (execve's envp, strace's "5 vars" comment), a
				 * u32 STRUCT item; MSD_IF_TRUNC beyond MSD_ENVC_MAX */
	MSD_CAP_SOCKLEN,	/* in/out: the int at arg (a socklen_t pointer), at exit,
				 * success or not: as the caller set it (the ALEN slot)
				 * and as the kernel left it; nothing when arg2 (when
				 * not 0: the address buffer it measures) is NULL */
	MSD_CAP_DENTS,		/* out: how many directory entries the ret bytes at
				 * arg hold (getdents, getdents64: strace's "5 entries"
				 * comment), a u32 STRUCT item; MSD_IF_FAULT when one
				 * could not be read, MSD_IF_TRUNC beyond MSD_DENTS_MAX */
	MSD_CAP_WMMSG,		/* out: sendmmsg's mmsghdr array at arg, count in arg2 */
	MSD_CAP_RMMSG,		/* out: recvmmsg's mmsghdr array at arg, ret messages */
	MSD_CAP_FDSETS,		/* in/out: select's three fd sets at arg, arg + 1, arg + 2,
				 * nfds in arg2 (my_sysdig_abi.h, MSD_FDSET_MAX): at entry,
				 * and at exit when the call returned more than 0; the call
				 * is MSD_SC_ENTER, so the entry's copies are its own record */
	MSD_CAP_IOSTRUCT,	/* in/out: a structure st at arg the kernel rewrites
				 * (select's timeout), copied as FDSETS copies its sets */
	MSD_CAP_SIGSETP,	/* in: pselect6's {sigset_t *, size_t} at arg and the mask */
	MSD_CAP_ISTRN,		/* in: a string at arg read no further than arg2 bytes (a NUL
				 * within them ends it; none: MSD_IF_TRUNC), prctl's name */
	MSD_CAP_OSTRN,		/* out: the same, what the kernel wrote (PR_GET_NAME) */
	MSD_CAP_OBYTES,		/* out: the bytes the call wrote at arg, as many as it
				 * returned but no more than arg2's value (the caller's
				 * buffer: PTRACE_GET_SYSCALL_INFO's size, whose result is
				 * the whole structure's), cut at MSD_STRUCT_MAX, as a
				 * STRUCT item; nothing when that is 0 */
	MSD_CAP_SELECT,		/* what argument arg's value selects: the cases arg2 ..
				 * arg2 + st - 1 of msd_sel_table (struct msd_sel) */
	MSD_CAP_PATH2,		/* in: the strings at arg and at arg2, each as PATH copies
				 * it (mount's type and data, either may be NULL): two
				 * strings in one of the entry's MSD_SC_CAPS slots */
};

/*
 * Structure types of the STRUCT copiers, each with its size on the traced
 * architecture (msd_struct_size in capture.c). The names are the spec's
 * (src/syscalls/kinds.ts STRUCTS), which generates them into the table.
 */
enum msd_struct {
	MSD_ST_NONE,
	MSD_ST_STAT,
	MSD_ST_STATX,
	MSD_ST_TIMESPEC,
	MSD_ST_TIMEVAL,
	MSD_ST_RLIMIT,
	MSD_ST_UTSNAME,
	MSD_ST_SYSINFO,
	MSD_ST_SIGSET,
	MSD_ST_SIGACTION,
	MSD_ST_INT,
	MSD_ST_POLLFD,
	MSD_ST_EPOLL_EVENT,
	MSD_ST_ITIMERSPEC,
	MSD_ST_LOFF,
	MSD_ST_ITIMERVAL,
	MSD_ST_IOVEC,
	MSD_ST_SIGINFO,
	MSD_ST_RUSAGE,
	MSD_ST_STACK,
	MSD_ST_U64,
	MSD_ST_STATFS,
	/*
	 * Structures by their size alone, for layouts no kernel header
	 * gives this module (user space decodes them): struct sembuf (6),
	 * landlock_path_beneath_attr (12, packed), futex_waitv (24), sigevent
	 * as strace reads it (32), io_uring_buf_reg (40), mq_attr (64),
	 * io_uring_params (120); bytes
	 * (1) for an array of a length argument's bytes (rt_sigpending's set,
	 * NUMA node masks, sched_getattr's struct sched_attr).
	 */
	MSD_ST_B1,
	MSD_ST_B6,
	MSD_ST_B12,
	MSD_ST_B24,
	MSD_ST_B32,
	MSD_ST_B40,
	MSD_ST_B64,
	MSD_ST_B120,
	MSD_ST_COUNT,
};

/* The bytes of the largest structure or array item (arrays are cut there). */
#define MSD_STRUCT_MAX		512

struct msd_cap {
	u8 op;
	u8 arg;
	u8 arg2;
	u8 st;			/* MSD_ST_*: the STRUCT copiers' type */
	u8 flags;		/* MSD_CAPF_* */
};

/*
 * The length argument arg2 has a 32-bit C type (semop's unsigned nsops): the
 * kernel reads its register's low 32 bits, the upper half is not the
 * caller's to set (msd_len() in capture.c).
 */
#define MSD_CAPF_LEN32		0x01

/*
 * A case of a SELECT copier (msd_sel_table, generated from the spec's `select` into
 * syscall_select.h): when the selecting argument, as a u32, is val, cap runs as if
 * it were one of the entry's copiers (prctl's option, arch_prctl's code).
 */
struct msd_sel {
	u32 val;
	struct msd_cap cap;
};

#define MSD_SC_CAPS		3
/* The entry is its own record even when pairing: execve's memory is gone at exit. */
#define MSD_SC_ENTER		(1U << 0)
/* Never returns (exit, exit_group): written at entry. */
#define MSD_SC_NORET		(1U << 1)
/*
 * Reads a length at entry for its exit (a SADDR_OUT, RMSG, OSOCKOPT or
 * SOCKLEN copier): see MSD_ALEN_NONE.
 */
#define MSD_SC_ALEN		(1U << 2)
/* Has a TIMEOUT copier: its structure is kept at entry (struct msd_saved). */
#define MSD_SC_SAVE		(1U << 3)
/* Keeps something in the pairing slot at entry for its exit: one test on the probes' path. */
#define MSD_SC_KEEP		(MSD_SC_ALEN | MSD_SC_SAVE)

/*
 * A TIMEOUT copier's structure as it was at the call's entry, kept in the
 * thread's pairing slot until its exit. len 0 with MSD_IF_FAULT: it could
 * not be read; len 0 and no flags: nothing was kept (the entry was not seen).
 */
#define MSD_SAVED_MAX		16

struct msd_saved {
	u16 len;
	u16 flags;
	u8 data[MSD_SAVED_MAX];
};
/*
 * An entry of the compat table (msd_sc_compat_table): the copiers read
 * 32-bit pointer arrays (argv, iovecs). Message headers of compat calls are
 * not copied (the generator leaves WMSG and RMSG out of that table).
 */
#define MSD_SC_COMPAT		(1U << 4)
/*
 * strace's dumpio() calls (struct msd_rec_data): fd in argument 0, the buffer
 * in 1; a write-like call dumps argument 2's count of bytes, a read-like call
 * its result's.
 */
#define MSD_SC_DUMPW		(1U << 5)
#define MSD_SC_DUMPR		(1U << 6)
#define MSD_SC_DUMP		(MSD_SC_DUMPW | MSD_SC_DUMPR)

struct msd_sc {
	u8 flags;
	struct msd_cap cap[MSD_SC_CAPS];
};

/* Bytes an item of n data bytes takes: its header and the data padded to 8. */
#define MSD_ITEM_SZ(n)		(sizeof(struct msd_item) + ALIGN((n), 8))

/* pselect6's SIGSETP item: the two words and the 8 bytes of the mask. */
#define MSD_SIGSETP_LEN		24

#define MSD_MAX2(a, b)		((a) > (b) ? (a) : (b))
/* An iovec argument's items: the IOVEC item and the IOV item of up to snaplen bytes. */
#define MSD_IOVS_SZ(snaplen)	(MSD_ITEM_SZ(MSD_IOV_MAX * sizeof(struct msd_iovec)) + \
				 MSD_ITEM_SZ(snaplen))
/* sendmmsg's and recvmmsg's: MSD_MMSG_MAX messages, their bytes within one snaplen. */
#define MSD_MMSG_SZ(snaplen)	(MSD_MMSG_MAX * (MSD_ITEM_SZ(sizeof(struct msd_msghdr)) +	\
						 MSD_ITEM_SZ(MSD_SOCKADDR_MAX) +		\
						 MSD_ITEM_SZ(MSD_MMSG_IOV_MAX *		\
							     sizeof(struct msd_iovec)) +	\
						 MSD_ITEM_SZ(0) + 7 +			\
						 MSD_ITEM_SZ(MSD_CMSG_MAX)) + (snaplen))
/* A message header's: the MSGHDR item, its address, iovec and control items. */
#define MSD_MSG_SZ(snaplen)	(MSD_ITEM_SZ(sizeof(struct msd_msghdr)) +		\
				 MSD_ITEM_SZ(MSD_SOCKADDR_MAX) + MSD_IOVS_SZ(snaplen) +	\
				 MSD_ITEM_SZ(MSD_CMSG_MAX))
/*
 * The most bytes one capture entry can write, per kind (msd_capture_max()
 * in capture.c gives the same per entry): two paths (mount's type and data;
 * one is a path, or readlink's result, elsewhere), execve's argv, I/O data
 * at the largest snaplen, an iovec argument's array and data, a socket
 * address, a message header with its address, array and data, pipe()'s two
 * fds, a structure.
 */
#define MSD_CAP_WORST							\
	MSD_MAX2(MSD_MAX2(2 * MSD_ITEM_SZ(MSD_PATH_MAX + 1), MSD_ITEM_SZ(MSD_ARGV_MAX)), \
		 MSD_MAX2(MSD_MAX2(MSD_ITEM_SZ(MSD_SNAPLEN_MAX),		\
				   MSD_MAX2(MSD_IOVS_SZ(MSD_SNAPLEN_MAX),	\
					    MSD_ITEM_SZ(MSD_SOCKADDR_MAX))),	\
			  MSD_MAX2(MSD_MAX2(MSD_MSG_SZ(MSD_SNAPLEN_MAX),	\
					    MSD_MMSG_SZ(MSD_SNAPLEN_MAX)),		\
				   MSD_MAX2(MSD_ITEM_SZ(2 * sizeof(int)),	\
					    MSD_ITEM_SZ(MSD_STRUCT_MAX)))))
/* The SOCKLEN item: the caller's length and the kernel's (struct msd_socklen). */
#define MSD_SOCKLEN_SZ		MSD_ITEM_SZ(2 * sizeof(s32))
/*
 * A SCAP record beyond its items (kmod/scap.c): the header; the enter block
 * up to its items (block type, length and CPU 10, event header 26, four
 * parameter lengths 8, ID and nativeID 4, the longest msd 56), its padding
 * (3) and trailer (4); the exit block (64); the padding to 8 (4). Its items
 * take no more than the module's own encoding of them.
 */
#define MSD_SCAP_FIXED		(sizeof(struct msd_rec_hdr) + 10 + 26 + 8 + 4 + 56 + 3 + 4 + 64 + 4)
/* The largest record: the largest fixed part and MSD_SC_CAPS of the largest items. */
#define MSD_REC_WORST		(MSD_MAX2(sizeof(struct msd_rec_syscall), MSD_SCAP_FIXED) + \
				 MSD_SC_CAPS * MSD_CAP_WORST)
/* The largest reservation: a DROP record goes in the same one as the record after it. */
#define MSD_RESERVE_WORST	(sizeof(struct msd_rec_drop) + MSD_REC_WORST)

static_assert(sizeof(struct msd_rec_enter) <= sizeof(struct msd_rec_syscall) &&
	      sizeof(struct msd_rec_exit) <= sizeof(struct msd_rec_syscall));
_Static_assert(MSD_REC_WORST <= MSD_REC_MAX, "largest record exceeds MSD_REC_MAX");
_Static_assert(MSD_REC_WORST <= MSD_READ_MIN - sizeof(struct msd_rec_hdr),
	       "largest record and a BATCH exceed MSD_READ_MIN");
/*
 * A reservation of at most half the ring fits an empty ring wherever its
 * head is: either before the end, or (after a PAD) from offset 0.
 */
_Static_assert(2 * MSD_RESERVE_WORST <= MSD_BUF_KB_MIN * 1024,
	       "MSD_BUF_KB_MIN cannot hold twice the largest reservation");

#define MSD_CAPTURE_IN		(1U << 0)	/* copiers of input arguments */
#define MSD_CAPTURE_OUT		(1U << 1)	/* copiers of what the kernel filled in */

extern const struct msd_sc msd_sc_table[];
extern const struct msd_sc msd_sc_compat_table[];

/*
 * The capture entry of syscall nr, or NULL when it has none; a compat call's
 * (compat.h, msd_compat_call()) from the compat table, generated from the
 * same spec for the 32-bit ABI (i386's on x86_64, arm EABI's on arm64).
 * Inline: both probes call it on every traced syscall.
 */
static __always_inline const struct msd_sc *msd_sc_of(long nr, bool compat)
{
	const struct msd_sc *sc;

	if ((unsigned long)nr >= MSD_NR_MAX)
		return NULL;
	sc = unlikely(compat) ? &msd_sc_compat_table[nr] : &msd_sc_table[nr];
	return sc->flags || sc->cap[0].op ? sc : NULL;
}
/*
 * A socket address the kernel writes back (accept's, getsockname's and
 * recvfrom's through *addrlen, recvmsg's through msg_namelen) is copied no
 * further than the caller's buffer, whose length the kernel replaces with the
 * address's full length: the probes read it at entry (msd_capture_alen())
 * and hand it to msd_capture() at exit. MSD_ALEN_NONE: not known (the
 * entry was not seen), the address is not copied. getsockopt's *optlen is
 * kept the same way: its optval is copied no further, and the SOCKLEN item
 * shows both lengths (strace's `[16 => 8]`).
 */
#define MSD_ALEN_NONE		(-1)

/* Whether sc's call writes back a socket address (a flag of the generated table). */
static __always_inline bool msd_sc_alen(const struct msd_sc *sc)
{
	return sc->flags & MSD_SC_ALEN;
}

u32 msd_capture_max(const struct msd_sc *sc, unsigned int which, u32 snaplen);
int msd_capture_alen(const struct msd_sc *sc, const unsigned long *args);
void msd_capture_save(const struct msd_sc *sc, const unsigned long *args, struct msd_saved *sv);
char *msd_put_saved(char *p, u8 arg, const struct msd_saved *sv);
char *msd_capture(char *p, const struct msd_sc *sc, unsigned int which,
		  const unsigned long *args, long ret, u32 snaplen, int alen,
		  const struct msd_saved *sv);

#endif /* MY_SYSDIG_CAPTURE_H */
