// SPDX-License-Identifier: GPL-2.0
/*
 * What a syscall's arguments point at: paths, execve's argv, I/O data,
 * socket addresses, the fds pipe() returns. One declarative entry per
 * syscall (msd_sc_table: syscall_table.h, generated from the per-syscall
 * spec src/syscalls/spec.ts that also drives the decoder), one small copier
 * per kind of argument. Runs on the per-syscall path: user memory is read
 * only with the non-faulting helpers, every copy is bounded, and nothing
 * locks, allocates or sleeps. A copy that faults or is cut short is marked
 * as such in its item (MSD_IF_FAULT, MSD_IF_TRUNC), never dropped silently.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/uaccess.h>
#include <linux/compat.h>
#include <linux/socket.h>
#include <linux/filter.h>
#include <linux/uio.h>
#include <linux/stat.h>
#include <linux/time_types.h>
#include <linux/resource.h>
#include <linux/utsname.h>
#include <linux/sysinfo.h>
#include <linux/statfs.h>
#include <linux/signal.h>
#include <linux/poll.h>
#include <linux/eventpoll.h>
#include <linux/ioctl.h>
#include <asm/ioctls.h>
#include <linux/termios.h>
#include <asm/unistd.h>
#include "my_sysdig.h"
#include "capture.h"

#define C(op_, a_, b_)	{ .op = MSD_CAP_##op_, .arg = (a_), .arg2 = (b_) }
#define S(op_, a_, b_, st_) { .op = MSD_CAP_##op_, .arg = (a_), .arg2 = (b_), .st = MSD_ST_##st_ }
/* the same with a length argument of a 32-bit C type (MSD_CAPF_LEN32) */
#define C32(op_, a_, b_) { .op = MSD_CAP_##op_, .arg = (a_), .arg2 = (b_), .flags = MSD_CAPF_LEN32 }
#define S32(op_, a_, b_, st_) { .op = MSD_CAP_##op_, .arg = (a_), .arg2 = (b_),	\
				.st = MSD_ST_##st_, .flags = MSD_CAPF_LEN32 }
static_assert(sizeof(struct __kernel_timespec) <= MSD_SAVED_MAX);
#define P(a_)		C(PATH, a_, 0)
/* a SELECT copier: argument a_'s value picks one of the n_ cases from msd_sel_table[first_] */
#define X(a_, first_, n_) { .op = MSD_CAP_SELECT, .arg = (a_), .arg2 = (first_), .st = (n_) }
#define SC(nr_, fl_, ...) [nr_] = { .flags = (fl_), .cap = { __VA_ARGS__ } }

/* Syscall number -> what to capture: generated from src/syscalls/spec.ts. */
const struct msd_sc msd_sc_table[MSD_NR_MAX] = {
#include "syscall_table.h"
};

/* Sizes of the structures the STRUCT copiers read, as user space lays them out here. */
static const u16 msd_struct_size[MSD_ST_COUNT] = {
	[MSD_ST_STAT] = sizeof(struct stat),
	[MSD_ST_STATX] = sizeof(struct statx),
	[MSD_ST_TIMESPEC] = sizeof(struct __kernel_timespec),
	[MSD_ST_TIMEVAL] = sizeof(struct __kernel_old_timeval),
	[MSD_ST_RLIMIT] = sizeof(struct rlimit64),
	[MSD_ST_UTSNAME] = sizeof(struct new_utsname),
	[MSD_ST_SYSINFO] = sizeof(struct sysinfo),
	[MSD_ST_SIGSET] = sizeof(sigset_t),
	[MSD_ST_SIGACTION] = sizeof(struct sigaction),
	[MSD_ST_INT] = sizeof(int),
	[MSD_ST_POLLFD] = sizeof(struct pollfd),
	[MSD_ST_EPOLL_EVENT] = sizeof(struct epoll_event),
	[MSD_ST_ITIMERSPEC] = sizeof(struct __kernel_itimerspec),
	[MSD_ST_LOFF] = sizeof(loff_t),
	/* struct __kernel_old_itimerval: it_interval, it_value */
	[MSD_ST_ITIMERVAL] = 2 * sizeof(struct __kernel_old_timeval),
	[MSD_ST_IOVEC] = sizeof(struct iovec),
	[MSD_ST_SIGINFO] = sizeof(siginfo_t),
	[MSD_ST_RUSAGE] = sizeof(struct rusage),
	[MSD_ST_STACK] = sizeof(stack_t),
	[MSD_ST_U64] = sizeof(u64),
	[MSD_ST_STATFS] = sizeof(struct statfs),
	[MSD_ST_B1] = 1,
	[MSD_ST_B6] = 6,
	[MSD_ST_B12] = 12,
	[MSD_ST_B24] = 24,
	[MSD_ST_B32] = 32,
	[MSD_ST_B40] = 40,
	[MSD_ST_B64] = 64,
	[MSD_ST_B120] = 120,
};
/* user space decodes these layouts (src/decode_struct.ts): a size that differs is a new layout */
#ifdef CONFIG_X86_64
static_assert(sizeof(struct stat) == 144 && sizeof(struct epoll_event) == 12);
#else
static_assert(sizeof(struct stat) == 128 && sizeof(struct epoll_event) == 16);
#endif
static_assert(sizeof(struct statx) == 256 && sizeof(struct new_utsname) == 390 &&
	      sizeof(struct sysinfo) == 112 && sizeof(struct sigaction) == 32 &&
	      sizeof(sigset_t) == 8 && sizeof(struct rlimit64) == 16 && sizeof(siginfo_t) == 128 &&
	      sizeof(struct rusage) == 144 && sizeof(stack_t) == 24);
static_assert(MSD_STRUCT_MAX >= sizeof(struct new_utsname));
static_assert(sizeof(loff_t) == 8 && sizeof(loff_t) <= MSD_SAVED_MAX);
static_assert(sizeof(struct __kernel_old_timeval) == 16 &&
	      sizeof(struct __kernel_itimerspec) == 32);
/*
 * The 32-bit ABI's numbers (i386's on x86_64, arm EABI's on arm64) -> what
 * to capture, from the same spec: calls of compat tasks (capture.h).
 */
#define SCC(nr_, fl_, ...) [nr_] = { .flags = (fl_) | MSD_SC_COMPAT, .cap = { __VA_ARGS__ } }
const struct msd_sc msd_sc_compat_table[MSD_NR_MAX] = {
#include "syscall_table_compat.h"
};

/*
 * The cases of the SELECT copiers (struct msd_sel), generated from the spec's
 * `select` with the table above.
 */
static const struct msd_sel msd_sel_table[] = {
#include "syscall_select.h"
};

/*
 * The copier a SELECT copier's argument picks: a scan of its few cases (at
 * most 255, a dozen for prctl); NULL when no case has the value.
 */
static const struct msd_cap *msd_select(const struct msd_cap *c, const unsigned long *args)
{
	u32 v = args[c->arg];
	/* the generator keeps every entry's cases within the table; bounded all the same */
	unsigned int i, end = min_t(unsigned int, c->arg2 + c->st, ARRAY_SIZE(msd_sel_table));

	for (i = c->arg2; i < end; i++)
		if (msd_sel_table[i].val == v)
			return &msd_sel_table[i].cap;
	return NULL;
}

/*
 * Whether ioctl command cmd writes what it copies (_IOR, _IOWR and the older
 * output commands) rather than reading it (_IOW, the older input commands).
 */
static bool msd_ioctl_is_output(unsigned int cmd)
{
	switch (cmd) {
	case FIONBIO:
	case FIOASYNC:
	case TIOCSWINSZ:
	case TIOCSPGRP:
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return false;
	}
	return _IOC_DIR(cmd) != _IOC_WRITE;
}

/* Copiers whose data comes from memory the kernel fills in run at exit. */
static bool msd_cap_is_output(u8 op)
{
	switch (op) {
	case MSD_CAP_OSTRN:
	case MSD_CAP_OBYTES:
	case MSD_CAP_RBUF:
	case MSD_CAP_RSTR:
	case MSD_CAP_RIOV:
	case MSD_CAP_SADDR_OUT:
	case MSD_CAP_RMSG:
	case MSD_CAP_FDS:
	case MSD_CAP_OSTRUCT:
	case MSD_CAP_OARRAY:
	case MSD_CAP_OARRAY_N:
	case MSD_CAP_IOCTL:
	case MSD_CAP_OSOCKOPT:
	case MSD_CAP_SOCKLEN:
	case MSD_CAP_WMMSG:
	case MSD_CAP_RMMSG:
	case MSD_CAP_DENTS:
		return true;
	}
	return false;
}

/* Copiers that write at entry and again at exit (MSD_SC_ENTER calls: select, pselect6). */
static bool msd_cap_is_inout(u8 op)
{
	return op == MSD_CAP_FDSETS || op == MSD_CAP_IOSTRUCT;
}

/* The most bytes one phase (entry or exit) of an in/out copier writes. */
static u32 msd_inout_max(const struct msd_cap *c);

/*
 * The bytes an ioctl command says it reads or writes back: _IOR, _IOW and
 * _IOWR commands carry their size; the terminal commands older than that
 * encoding are listed.
 */
static size_t msd_ioctl_size(unsigned int cmd)
{
	switch (cmd) {
	case TIOCGWINSZ:
	case TIOCSWINSZ:
		return sizeof(struct winsize);
	case FIONREAD:
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCOUTQ:
	case FIONBIO:
	case FIOASYNC:
		return sizeof(int);
	case TCGETS:
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return sizeof(struct termios);
	}
	if (_IOC_DIR(cmd) != _IOC_NONE)
		return _IOC_SIZE(cmd);
	return 0;
}

/* The most bytes one copier's items can take (SELECT: its largest case). */
static u32 msd_cap_max(const struct msd_cap *c, unsigned int which, u32 snaplen);

/* The most bytes the items of `sc` can take, for the copiers in `which`. */
u32 msd_capture_max(const struct msd_sc *sc, unsigned int which, u32 snaplen)
{
	u32 sz = 0;
	int i;

	for (i = 0; i < MSD_SC_CAPS && sc->cap[i].op; i++)
		sz += msd_cap_max(&sc->cap[i], which, snaplen);
	return sz;
}

static u32 msd_cap_max(const struct msd_cap *c, unsigned int which, u32 snaplen)
{
	u8 op = c->op;
	u32 sz = 0;

	if (op == MSD_CAP_SELECT) {
		unsigned int i, end = min_t(unsigned int, c->arg2 + c->st,
					    ARRAY_SIZE(msd_sel_table));

		for (i = c->arg2; i < end; i++)
			sz = max(sz, msd_cap_max(&msd_sel_table[i].cap, which, snaplen));
		return sz;
	}
	/* select's sets and timeout: at entry, at exit, or both */
	if (msd_cap_is_inout(op))
		return msd_inout_max(c) * (!!(which & MSD_CAPTURE_IN) + !!(which & MSD_CAPTURE_OUT));
	/* ioctl's copy is an input or an output as its command says: either */
	if (op != MSD_CAP_IOCTL &&
	    !(which & (msd_cap_is_output(op) ? MSD_CAPTURE_OUT : MSD_CAPTURE_IN)))
		return 0;
	switch (op) {
	case MSD_CAP_PATH:
	case MSD_CAP_RSTR:
		return MSD_ITEM_SZ(MSD_PATH_MAX + 1);
	case MSD_CAP_PATH2:
		return 2 * MSD_ITEM_SZ(MSD_PATH_MAX + 1);
	case MSD_CAP_ISTRN:
	case MSD_CAP_OSTRN:
		return MSD_ITEM_SZ(c->arg2);
	case MSD_CAP_ARGV:
		return MSD_ITEM_SZ(MSD_ARGV_MAX);
	case MSD_CAP_WBUF:
	case MSD_CAP_RBUF:
		return MSD_ITEM_SZ(snaplen);
	case MSD_CAP_WIOV:
	case MSD_CAP_RIOV:
		return MSD_IOVS_SZ(snaplen);
	case MSD_CAP_SADDR:
	case MSD_CAP_SADDR_OUT:
		return MSD_ITEM_SZ(MSD_SOCKADDR_MAX);
	case MSD_CAP_WMSG:
	case MSD_CAP_RMSG:
		return MSD_MSG_SZ(snaplen);
	case MSD_CAP_WMMSG:
	case MSD_CAP_RMMSG:
		return MSD_MMSG_SZ(snaplen);
	case MSD_CAP_FDS:
		return MSD_ITEM_SZ(2 * sizeof(int));
	case MSD_CAP_ISTRUCT:
	case MSD_CAP_OSTRUCT:
		return MSD_ITEM_SZ(msd_struct_size[c->st]);
	case MSD_CAP_IARRAY:
	case MSD_CAP_OARRAY:
	case MSD_CAP_OARRAY_N:
	case MSD_CAP_IOCTL:
	case MSD_CAP_IBYTES:
	case MSD_CAP_OBYTES:
	case MSD_CAP_OSOCKOPT:
		return MSD_ITEM_SZ(MSD_STRUCT_MAX);
	case MSD_CAP_SOCKLEN:
		return MSD_SOCKLEN_SZ;
	case MSD_CAP_SIGSETP:
		return MSD_ITEM_SZ(MSD_SIGSETP_LEN);
	case MSD_CAP_ENVC:
	case MSD_CAP_DENTS:
		return MSD_ITEM_SZ(sizeof(u32));
	case MSD_CAP_TIMEOUT:
		return 2 * MSD_ITEM_SZ(msd_struct_size[c->st]);
	}
	return sz;
}

/* ---- copiers ------------------------------------------------------------- */

static __always_inline struct msd_item *msd_item_start(char *p, u8 arg, u8 type)
{
	struct msd_item *it = (struct msd_item *)p;

	it->len = 0;
	it->arg = arg;
	it->type = type;
	it->flags = 0;
	it->reserved = 0;
	return it;
}

/* Ends an item: its padding is zeroed, so no stale ring byte reaches user space. */
static __always_inline char *msd_item_end(struct msd_item *it)
{
	char *d = (char *)(it + 1);
	u32 len = it->len, end = ALIGN(len, 8);

	if (len != end)
		memset(d + len, 0, end - len);
	return d + end;
}

/* Copy n bytes a page at a time, so that a fault keeps what came before. */
static size_t msd_copy(char *dst, unsigned long src, size_t n, bool *fault)
{
	size_t done = 0;

	while (done < n) {
		unsigned long a = src + done;
		size_t chunk = min_t(size_t, n - done, PAGE_SIZE - (a & ~PAGE_MASK));

		if (copy_from_user_nofault(dst + done, (const void __user *)a, chunk)) {
			*fault = true;
			break;
		}
		done += chunk;
	}
	return done;
}

/*
 * A string of at most max bytes (NUL not stored), from at most max + 1
 * bytes of user memory: strncpy_from_user_nofault() is not exported to
 * modules, so small page-bounded copies look for the NUL. Sets *flags.
 */
#define MSD_STR_CHUNK	128

static long msd_strcpy(char *dst, unsigned long src, long max, u16 *flags)
{
	long done = 0;

	while (done <= max) {
		unsigned long a = src + done;
		long chunk = min3(max + 1 - done, (long)MSD_STR_CHUNK,
				  (long)(PAGE_SIZE - (a & ~PAGE_MASK)));
		char *nul;

		if (copy_from_user_nofault(dst + done, (const void __user *)a, chunk)) {
			*flags |= MSD_IF_FAULT;
			return done;
		}
		nul = memchr(dst + done, 0, chunk);
		if (nul)
			return nul - dst;
		done += chunk;
	}
	*flags |= MSD_IF_TRUNC;
	return max;
}

/* A string item; the reservation holds max + 1 bytes of data. */
static char *msd_put_str(char *p, u8 arg, unsigned long uaddr, long max)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_STR);

	it->len = msd_strcpy((char *)(it + 1), uaddr, max, &it->flags);
	return msd_item_end(it);
}

/*
 * A string of at most n bytes (prctl's names: strace's printstr_ex(..., n,
 * QUOTE_0_TERMINATED) reads no further): a NUL within them ends it; none, all
 * n bytes with MSD_IF_TRUNC. The reservation holds n bytes of data.
 */
static char *msd_put_strn(char *p, u8 arg, unsigned long uaddr, u8 n)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_STR);

	if (n) {
		it->len = msd_strcpy((char *)(it + 1), uaddr, n - 1, &it->flags);
		/* msd_strcpy() read all n bytes, none of them a NUL */
		if (it->flags & MSD_IF_TRUNC)
			it->len = n;
	}
	return msd_item_end(it);
}

/* readlink's result: ret bytes, no NUL. */
static char *msd_put_rstr(char *p, u8 arg, unsigned long uaddr, long ret)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_STR);
	bool fault = false;
	size_t n = min_t(size_t, ret, MSD_PATH_MAX);

	it->len = msd_copy((char *)(it + 1), uaddr, n, &fault);
	if (fault)
		it->flags |= MSD_IF_FAULT;
	else if ((size_t)ret > n)
		it->flags |= MSD_IF_TRUNC;
	return msd_item_end(it);
}

static char *msd_put_buf(char *p, u8 arg, u8 type, unsigned long uaddr, size_t len, u32 snaplen)
{
	struct msd_item *it = msd_item_start(p, arg, type);
	bool fault = false;
	size_t n = min_t(size_t, len, snaplen);

	it->len = msd_copy((char *)(it + 1), uaddr, n, &fault);
	if (fault)
		it->flags |= MSD_IF_FAULT;
	else if (len > n)
		it->flags |= MSD_IF_TRUNC;
	return msd_item_end(it);
}

/*
 * The iovec array of cnt elements at uvec as an IOVEC item: at most
 * max elements (MSD_IOV_MAX, MSD_MMSG_IOV_MAX), read in one copy where struct iovec is already the
 * item's layout, element by element for a compat task's 32-bit pairs.
 */
static char *msd_put_iovec(char *p, u8 arg, unsigned long uvec, unsigned long cnt,
			   unsigned long max, bool compat)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_IOVEC);
	struct msd_iovec *v = (struct msd_iovec *)(it + 1);
	unsigned long i, n = min(cnt, max);
	bool fault = false;

	if (compat) {
		for (i = 0; i < n; i++) {
			/* struct compat_iovec: two 32-bit words */
			u32 w[2];

			if (copy_from_user_nofault(w, (const void __user *)(uvec + i * sizeof(w)),
						   sizeof(w))) {
				fault = true;
				break;
			}
			v[i].base = w[0];
			v[i].len = w[1];
		}
	} else {
		i = msd_copy((char *)v, uvec, n * sizeof(*v), &fault) / sizeof(*v);
	}
	it->len = i * sizeof(*v);
	if (fault)
		it->flags = MSD_IF_FAULT;
	else if (cnt > n)
		it->flags = MSD_IF_TRUNC;
	return msd_item_end(it);
}

/*
 * The IOV item after the IOVEC item vit: at most `limit` bytes of its
 * elements, gathered. exact_trunc: marked truncated when fewer than `total`
 * bytes (what the call returned) were copied.
 */
static char *msd_put_iov(char *p, u8 arg, const struct msd_item *vit, size_t limit,
			 bool exact_trunc, size_t total)
{
	const struct msd_iovec *v = (const struct msd_iovec *)(vit + 1);
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_IOV);
	char *d = (char *)(it + 1);
	unsigned int i, cnt = vit->len / sizeof(*v);
	size_t got = 0;
	bool fault = false, trunc = false;

	for (i = 0; i < cnt && !fault; i++) {
		size_t take;

		if (got == limit) {
			trunc = true;
			break;
		}
		take = min_t(u64, v[i].len, limit - got);
		got += msd_copy(d + got, v[i].base, take, &fault);
		if (take < v[i].len)
			trunc = true;
	}
	/* the elements the array held beyond the item: faulted, or more than MSD_IOV_MAX */
	if (i == cnt && !fault) {
		fault = vit->flags & MSD_IF_FAULT;
		trunc |= vit->flags & MSD_IF_TRUNC;
	}
	if (exact_trunc)
		trunc = total > got && !fault;
	it->len = got;
	it->flags = (fault ? MSD_IF_FAULT : 0) | (trunc && !fault ? MSD_IF_TRUNC : 0);
	return msd_item_end(it);
}

/* An IOVEC item and, with a snaplen, the IOV item of its bytes (ret: readv's result, or -1). */
static char *msd_put_iovs(char *p, u8 arg, unsigned long uvec, unsigned long cnt, u32 snaplen,
			  long ret, bool compat)
{
	const struct msd_item *vit = (const struct msd_item *)p;

	p = msd_put_iovec(p, arg, uvec, cnt, MSD_IOV_MAX, compat);
	if (!snaplen || ret < -1)
		return p;
	if (ret >= 0)
		return msd_put_iov(p, arg, vit, min_t(size_t, ret, snaplen), true, ret);
	return msd_put_iov(p, arg, vit, snaplen, false, 0);
}

/*
 * A socket address of len bytes at uaddr, of which at most room bytes are
 * the caller's (an address the kernel wrote back: see MSD_ALEN_NONE).
 */
static char *msd_put_sockaddr(char *p, u8 arg, unsigned long uaddr, long len, long room)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_SOCKADDR);
	bool fault = false;
	size_t n;

	if (len < 0)
		len = 0;
	n = min_t(size_t, len, MSD_SOCKADDR_MAX);
	n = min_t(size_t, n, max(room, 0L));
	it->len = msd_copy((char *)(it + 1), uaddr, n, &fault);
	if (fault)
		it->flags = MSD_IF_FAULT;
	else if ((size_t)len > n)
		it->flags = MSD_IF_TRUNC;
	return msd_item_end(it);
}

/* The address a syscall wrote back, its full length written back through ulen. */
static char *msd_put_sockaddr_out(char *p, u8 arg, unsigned long uaddr, unsigned long ulen,
				  int alen)
{
	int len;

	if (alen == MSD_ALEN_NONE)
		return p;	/* how far the caller's buffer reaches is not known */
	if (!ulen || copy_from_user_nofault(&len, (const void __user *)ulen, sizeof(len))) {
		struct msd_item *it = msd_item_start(p, arg, MSD_IT_SOCKADDR);

		it->flags = MSD_IF_FAULT;
		return msd_item_end(it);
	}
	return msd_put_sockaddr(p, arg, uaddr, len, alen);
}

/* n bytes at uaddr as a STRUCT item, cut at MSD_STRUCT_MAX. */
static char *msd_put_struct(char *p, u8 arg, unsigned long uaddr, size_t n)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_STRUCT);
	bool fault = false;
	size_t take = min_t(size_t, n, MSD_STRUCT_MAX);

	it->len = msd_copy((char *)(it + 1), uaddr, take, &fault);
	if (fault)
		it->flags = MSD_IF_FAULT;
	else if (n > take)
		it->flags = MSD_IF_TRUNC;
	return msd_item_end(it);
}

/*
 * getsockopt's optval: the length the kernel wrote back through ulen, no
 * further than the caller's buffer (alen, read at entry), both in units of
 * unit bytes (SO_GET_FILTER's count instructions), cut at MSD_STRUCT_MAX.
 * Nothing when the length cannot be read or is not positive (strace shows
 * the address then).
 */
static char *msd_put_sockopt_out(char *p, u8 arg, unsigned long uaddr, unsigned long ulen,
				 int alen, unsigned int unit)
{
	struct msd_item *it;
	int len;

	if (!ulen || copy_from_user_nofault(&len, (const void __user *)ulen, sizeof(len)) ||
	    len <= 0)
		return p;
	if (alen != MSD_ALEN_NONE && len > alen) {
		it = (struct msd_item *)p;
		p = msd_put_struct(p, arg, uaddr, (size_t)alen * unit);
		if (!it->flags)
			it->flags = MSD_IF_TRUNC;
		return p;
	}
	return msd_put_struct(p, arg, uaddr, (size_t)len * unit);
}

/*
 * A socklen_t the caller sets and the kernel rewrites (accept's *addrlen,
 * getsockopt's *optlen): as it was at entry (alen, MSD_ALEN_NONE when not
 * known) and as it is now. When it cannot be read now: the entry's value
 * alone, with MSD_IF_FAULT.
 */
struct msd_socklen {
	s32 before;
	s32 after;
};

static char *msd_put_socklen(char *p, u8 arg, unsigned long ulen, int alen)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_STRUCT);
	struct msd_socklen *sl = (struct msd_socklen *)(it + 1);

	sl->before = alen;
	if (copy_from_user_nofault(&sl->after, (const void __user *)ulen, sizeof(sl->after))) {
		sl->after = alen;
		it->flags = MSD_IF_FAULT;
	}
	it->len = sizeof(*sl);
	return msd_item_end(it);
}
static_assert(MSD_ITEM_SZ(sizeof(struct msd_socklen)) == MSD_SOCKLEN_SZ);

#define MSD_ENVC_MAX	4096	/* pointers counted (128 reads at most); more are marked truncated */

/*
 * How many pointers come before the NULL of the array at uvec (execve's envp),
 * read 32 at a time. A fault ends the count with MSD_IF_FAULT.
 */
static char *msd_put_envc(char *p, u8 arg, unsigned long uvec, bool compat)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_STRUCT);
	size_t sz = compat ? sizeof(u32) : sizeof(unsigned long);
	unsigned long chunk[32];	/* compat: read as u32[] */
	u32 n = 0, i, k;

	for (;;) {
		if (n >= MSD_ENVC_MAX) {
			it->flags = MSD_IF_TRUNC;
			break;
		}
		k = 32;
		if (copy_from_user_nofault(chunk, (const void __user *)(uvec + n * sz), k * sz)) {
			/* the array may end just before an unmapped page: one pointer at a time */
			k = 1;
			if (copy_from_user_nofault(chunk, (const void __user *)(uvec + n * sz), sz)) {
				it->flags = MSD_IF_FAULT;
				break;
			}
		}
		for (i = 0; i < k; i++) {
			unsigned long s = compat ? ((u32 *)chunk)[i] : ((unsigned long *)chunk)[i];

			if (!s)
				goto done;
			n++;
		}
	}
done:
	*(u32 *)(it + 1) = n;
	it->len = sizeof(u32);
	return msd_item_end(it);
}

#define MSD_DENTS_MAX	4096	/* entries counted; more are marked truncated */
/* d_reclen's offset in struct linux_dirent64 and in the 64-bit struct linux_dirent */
#define MSD_DENT_RECLEN	16
/* the shortest entry: d_ino, d_off, d_reclen and a d_name of one byte at least */
#define MSD_DENT_MIN	(MSD_DENT_RECLEN + sizeof(u16) + 1)

/*
 * How many directory entries getdents or getdents64 returned in the len
 * bytes at ubuf: each entry's d_reclen read in turn, as strace walks them
 * for its "N entries" comment. A fault ends the count with MSD_IF_FAULT
 * (strace's "N+"); so does a d_reclen that cannot be (shorter than an
 * entry, or past the end).
 */
static char *msd_put_dents(char *p, u8 arg, unsigned long ubuf, unsigned long len)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_STRUCT);
	unsigned long pos = 0;
	u32 n = 0;
	u16 reclen;

	while (len - pos >= MSD_DENT_MIN) {
		if (n >= MSD_DENTS_MAX) {
			it->flags = MSD_IF_TRUNC;
			break;
		}
		if (copy_from_user_nofault(&reclen,
					   (const void __user *)(ubuf + pos + MSD_DENT_RECLEN),
					   sizeof(reclen)) ||
		    reclen < MSD_DENT_MIN || reclen > len - pos) {
			it->flags = MSD_IF_FAULT;
			break;
		}
		n++;
		pos += reclen;
	}
	*(u32 *)(it + 1) = n;
	it->len = sizeof(u32);
	return msd_item_end(it);
}

/* count structures of size sz, at most what MSD_STRUCT_MAX holds whole. */
static size_t msd_array_bytes(unsigned long count, size_t sz, bool *trunc)
{
	unsigned long fit = MSD_STRUCT_MAX / sz;

	*trunc = count > fit;
	return min(count, fit) * sz;
}

#define MSD_ARGV_ARGS	256	/* strings looked at; more are marked truncated */

static char *msd_put_argv(char *p, u8 arg, unsigned long uargv, bool compat)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_ARGV);
	char *d = (char *)(it + 1);
	u32 used = 0;
	int i;

	for (i = 0;; i++) {
		unsigned long s;
		long n;

		if (i == MSD_ARGV_ARGS || used == MSD_ARGV_MAX) {
			it->flags = MSD_IF_TRUNC;
			break;
		}
		if (compat) {
			/* an array of 32-bit pointers */
			u32 s32;

			if (copy_from_user_nofault(&s32, (const void __user *)(uargv + i * 4), 4)) {
				it->flags = MSD_IF_FAULT;
				break;
			}
			s = s32;
		} else if (copy_from_user_nofault(&s, (const void __user *)(uargv + i * sizeof(s)),
						  sizeof(s))) {
			it->flags = MSD_IF_FAULT;
			break;
		}
		if (!s)
			break;
		/* each string keeps its NUL: room for MSD_ARGV_MAX - used - 1 chars */
		n = msd_strcpy(d + used, s, MSD_ARGV_MAX - used - 1, &it->flags);
		d[used + n] = 0;
		used += n + 1;
		if (it->flags)
			break;
	}
	it->len = used;
	return msd_item_end(it);
}

/* struct user_msghdr (64-bit layout). */
struct msd_umsghdr {
	u64 name;
	s32 namelen;
	u32 pad;
	u64 iov;
	u64 iovlen;
	u64 control;
	u64 controllen;
	u32 flags;
	u32 pad2;
};

/* A MSGHDR item's fields from the caller's header (every byte written: no padding). */
static void msd_fill_msghdr(struct msd_msghdr *h, const struct msd_umsghdr *m, s32 namelen_in,
			    u32 msg_len)
{
	h->name = m->name;
	h->iov = m->iov;
	h->iovlen = m->iovlen;
	h->control = m->control;
	h->controllen = m->controllen;
	h->namelen = m->namelen;
	h->flags = m->flags;
	h->namelen_in = namelen_in;
	h->msg_len = msg_len;
}

/*
 * A message header at umsg: its MSGHDR item, then (unless a recvmsg failed,
 * ret < 0 with out) its address, iovec array and data, and its control
 * messages as a BUF item. alen is recvmsg's msg_namelen at entry.
 */
static char *msd_put_msg(char *p, u8 arg, unsigned long umsg, long ret, bool out, u32 snaplen,
			 int alen)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_MSGHDR);
	struct msd_msghdr *h = (struct msd_msghdr *)(it + 1);
	struct msd_umsghdr m;

	if (copy_from_user_nofault(&m, (const void __user *)umsg, sizeof(m))) {
		it->flags = MSD_IF_FAULT;
		return msd_item_end(it);
	}
	msd_fill_msghdr(h, &m, out ? (alen == MSD_ALEN_NONE ? -1 : alen) : m.namelen, 0);
	it->len = sizeof(*h);
	p = msd_item_end(it);
	if (out && ret < 0)
		return p;
	/* recvmsg's msg_namelen is now the address's full length, sendmsg's the caller's */
	if (m.name && m.namelen > 0 && (!out || alen != MSD_ALEN_NONE))
		p = msd_put_sockaddr(p, arg, m.name, m.namelen, out ? alen : m.namelen);
	if (m.iov)
		p = msd_put_iovs(p, arg, m.iov, m.iovlen, snaplen, out ? ret : -1, false);
	/* the control messages (recvmsg's: the length the kernel left is what it wrote) */
	if (m.control && m.controllen)
		p = msd_put_buf(p, arg, MSD_IT_BUF, m.control, m.controllen, MSD_CMSG_MAX);
	return p;
}

/* struct mmsghdr (64-bit layout): a user_msghdr, msg_len, padding. */
#define MSD_MMSGHDR_SZ	64
static_assert(sizeof(struct msd_umsghdr) == 56);

/*
 * sendmmsg's (send) or recvmmsg's array of cnt messages at uvec, at exit:
 * per message a MSGHDR item with its msg_len, its address (sendmmsg's),
 * iovec array, bytes and control messages, the bytes of all within one
 * snaplen (recvmmsg's: what each message received). At most MSD_MMSG_MAX
 * messages; the last MSGHDR item is marked MSD_IF_TRUNC when there were more.
 */
static char *msd_put_mmsg(char *p, u8 arg, unsigned long uvec, unsigned long cnt, bool recv,
			  u32 snaplen)
{
	unsigned long k, n = min_t(unsigned long, cnt, MSD_MMSG_MAX);
	struct msd_item *it = NULL;
	u32 left = snaplen;

	for (k = 0; k < n; k++) {
		unsigned long um = uvec + k * MSD_MMSGHDR_SZ;
		const struct msd_item *vit;
		struct msd_umsghdr m;
		struct msd_msghdr *h;
		u32 len;

		it = msd_item_start(p, arg, MSD_IT_MSGHDR);
		if (copy_from_user_nofault(&m, (const void __user *)um, sizeof(m)) ||
		    copy_from_user_nofault(&len, (const void __user *)(um + sizeof(m)), sizeof(len))) {
			it->flags = MSD_IF_FAULT;
			return msd_item_end(it);
		}
		h = (struct msd_msghdr *)(it + 1);
		msd_fill_msghdr(h, &m, recv ? -1 : m.namelen, len);
		it->len = sizeof(*h);
		p = msd_item_end(it);
		/* recvmmsg's name buffers' lengths are not known: not copied */
		if (!recv && m.name && m.namelen > 0)
			p = msd_put_sockaddr(p, arg, m.name, m.namelen, m.namelen);
		if (m.iov) {
			vit = (const struct msd_item *)p;
			p = msd_put_iovec(p, arg, m.iov, m.iovlen, MSD_MMSG_IOV_MAX, false);
			if (snaplen) {
				const struct msd_item *dit = (const struct msd_item *)p;

				p = recv ? msd_put_iov(p, arg, vit, min(len, left), true, len)
					 : msd_put_iov(p, arg, vit, left, false, 0);
				left -= dit->len;
			}
		}
		if (m.control && m.controllen)
			p = msd_put_buf(p, arg, MSD_IT_BUF, m.control, m.controllen, MSD_CMSG_MAX);
	}
	if (cnt > n && it)
		it->flags |= MSD_IF_TRUNC;
	return p;
}

/* strace's bound on select's nfds: more counts as this many */
#define MSD_FDSET_NFDS_MAX	(1024 * 1024)

/*
 * One of select's fd sets at uaddr, nfds (> 0) bits: the bytes strace reads,
 * (nfds + 7) / 8 rounded up to the word size of the caller's ABI, at most
 * MSD_FDSET_MAX of them. Beyond that, its last byte is read too: a set that
 * cannot be read to its end is flagged MSD_IF_FAULT (strace shows its
 * address), one that can MSD_IF_TRUNC.
 */
static char *msd_put_fdset(char *p, u8 arg, unsigned long uaddr, int nfds, bool compat, u16 fl)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_FDSET);
	size_t word = compat ? sizeof(u32) : sizeof(unsigned long);
	size_t size, n;
	bool fault = false;

	nfds = min(nfds, MSD_FDSET_NFDS_MAX);
	size = ALIGN(DIV_ROUND_UP((size_t)nfds, 8), word);
	n = min_t(size_t, size, MSD_FDSET_MAX);
	it->len = msd_copy((char *)(it + 1), uaddr, n, &fault);
	it->flags = fl;
	if (fault) {
		it->flags |= MSD_IF_FAULT;
	} else if (size > n) {
		u8 last;

		if (copy_from_user_nofault(&last, (const void __user *)(uaddr + size - 1), 1))
			it->flags |= MSD_IF_FAULT;
		else
			it->flags |= MSD_IF_TRUNC;
	}
	return msd_item_end(it);
}

static u32 msd_inout_max(const struct msd_cap *c)
{
	if (c->op == MSD_CAP_FDSETS)
		return 3 * MSD_ITEM_SZ(MSD_FDSET_MAX);
	return MSD_ITEM_SZ(msd_struct_size[c->st]);
}

/*
 * An in/out copier (msd_cap_is_inout()): at entry (MSD_CAPTURE_IN) what the
 * caller passed; at exit (MSD_CAPTURE_OUT), when the call returned more than
 * 0, what the kernel left, flagged MSD_IF_EXIT.
 */
static char *msd_put_inout(char *p, const struct msd_cap *c, unsigned int which,
			   const unsigned long *args, long ret, bool compat)
{
	unsigned int phase;

	for (phase = MSD_CAPTURE_IN; phase <= MSD_CAPTURE_OUT; phase <<= 1) {
		u16 fl = phase == MSD_CAPTURE_OUT ? MSD_IF_EXIT : 0;

		if (!(which & phase) || (phase == MSD_CAPTURE_OUT && ret <= 0))
			continue;
		if (c->op == MSD_CAP_FDSETS) {
			/* the kernel takes nfds as an int and rejects a negative one */
			int nfds = (int)args[c->arg2], k;

			if (nfds <= 0)
				continue;
			for (k = 0; k < 3; k++)
				if (args[c->arg + k])
					p = msd_put_fdset(p, c->arg + k, args[c->arg + k], nfds,
							  compat, fl);
		} else if (args[c->arg]) {
			struct msd_item *it = (struct msd_item *)p;

			p = msd_put_struct(p, c->arg, args[c->arg], msd_struct_size[c->st]);
			it->flags |= fl;
		}
	}
	return p;
}

/*
 * pselect6's sixth argument: the two words {const sigset_t *ss; size_t
 * ss_len} and, when ss is not NULL and ss_len is a sigset's 8 bytes (what
 * strace decodes), the mask (MSD_IF_FAULT with len 16: it could not be read).
 */
static char *msd_put_sigsetp(char *p, u8 arg, unsigned long uaddr)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_STRUCT);
	u64 *d = (u64 *)(it + 1);
	u64 w[2];

	BUILD_BUG_ON(MSD_SIGSETP_LEN != 2 * sizeof(u64) + sizeof(sigset_t));
	if (copy_from_user_nofault(w, (const void __user *)uaddr, sizeof(w))) {
		it->flags = MSD_IF_FAULT;
		return msd_item_end(it);
	}
	d[0] = w[0];
	d[1] = w[1];
	it->len = sizeof(w);
	if (w[0] && w[1] == sizeof(sigset_t)) {
		if (copy_from_user_nofault(&d[2], (const void __user *)(unsigned long)w[0],
					   sizeof(sigset_t)))
			it->flags = MSD_IF_FAULT;
		else
			it->len = MSD_SIGSETP_LEN;
	}
	return msd_item_end(it);
}

/*
 * The length of the caller's buffer for the socket address sc's call writes
 * back, read at entry (capture.h, MSD_ALEN_NONE).
 */
int msd_capture_alen(const struct msd_sc *sc, const unsigned long *args)
{
	int i, len;

	for (i = 0; i < MSD_SC_CAPS && sc->cap[i].op; i++) {
		const struct msd_cap *c = &sc->cap[i];
		struct msd_umsghdr m;

		/*
		 * The int through the pointer in arg2: accept's *addrlen (with
		 * its address buffer in arg), getsockopt's *optlen
		 */
		if (c->op == MSD_CAP_SADDR_OUT || c->op == MSD_CAP_OSOCKOPT) {
			if ((c->op == MSD_CAP_SADDR_OUT && !args[c->arg]) || !args[c->arg2] ||
			    copy_from_user_nofault(&len, (const void __user *)args[c->arg2],
						   sizeof(len)))
				return MSD_ALEN_NONE;
			return len < 0 ? MSD_ALEN_NONE : len;
		}
		if (c->op == MSD_CAP_RMSG) {
			if (!args[c->arg] ||
			    copy_from_user_nofault(&m, (const void __user *)args[c->arg], sizeof(m)) ||
			    !m.name || m.namelen < 0)
				return MSD_ALEN_NONE;
			return m.namelen;
		}
	}
	return MSD_ALEN_NONE;
}

/* At the entry of a call with a TIMEOUT copier: its structure as the caller passed it. */
void msd_capture_save(const struct msd_sc *sc, const unsigned long *args, struct msd_saved *sv)
{
	int i;

	sv->len = 0;
	sv->flags = 0;
	for (i = 0; i < MSD_SC_CAPS && sc->cap[i].op; i++) {
		const struct msd_cap *c = &sc->cap[i];
		size_t n = min_t(size_t, msd_struct_size[c->st], MSD_SAVED_MAX);

		if (c->op != MSD_CAP_TIMEOUT || !args[c->arg])
			continue;
		if (copy_from_user_nofault(sv->data, (const void __user *)args[c->arg], n))
			sv->flags = MSD_IF_FAULT;
		else
			sv->len = n;
		return;
	}
}

/* A STRUCT item of what msd_capture_save() (or probe.c's msd_sigmask_keep()) kept. */
char *msd_put_saved(char *p, u8 arg, const struct msd_saved *sv)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_STRUCT);

	it->len = sv->len;
	it->flags = sv->flags;
	memcpy(it + 1, sv->data, sv->len);
	return msd_item_end(it);
}

/*
 * Whether an output copier runs after the call failed with ret. Outputs of a
 * failed call are whatever was there before; readv's iovec array, recvmsg's
 * header and sendmmsg's messages are the caller's, shown all the same, a
 * socklen_t the caller's length, and an interrupted sleep wrote the time it
 * had left (nanosleep's rem: the one TIMESPEC output that fails with EINTR).
 */
static bool msd_out_after_failure(const struct msd_cap *c, long ret)
{
	switch (c->op) {
	case MSD_CAP_RIOV:
	case MSD_CAP_RMSG:
	case MSD_CAP_SOCKLEN:
	case MSD_CAP_WMMSG:
		return true;
	case MSD_CAP_OSTRUCT:
		return c->st == MSD_ST_TIMESPEC && (ret == -EINTR || ret == -ERESTART_RESTARTBLOCK);
	}
	return false;
}

/* The value of a copier's length argument, as the kernel reads it (MSD_CAPF_LEN32). */
static __always_inline unsigned long msd_len(const struct msd_cap *c, const unsigned long *args)
{
	unsigned long v = args[c->arg2];

	return c->flags & MSD_CAPF_LEN32 ? (u32)v : v;
}

/* One copier's items (msd_capture()); c is not SELECT. */
static char *msd_capture_one(char *p, const struct msd_cap *c, unsigned int which,
			     const unsigned long *args, long ret, u32 snaplen, int alen,
			     const struct msd_saved *sv, bool compat)
{
	bool out = c->op == MSD_CAP_IOCTL ? msd_ioctl_is_output(args[c->arg2])
					  : msd_cap_is_output(c->op);
	unsigned long a = args[c->arg];

	/* select's sets and timeout: at entry, at exit, or both */
	if (msd_cap_is_inout(c->op))
		return msd_put_inout(p, c, which, args, ret, compat);
	if (!(which & (out ? MSD_CAPTURE_OUT : MSD_CAPTURE_IN)))
		return p;
	if (out && ret < 0 && !msd_out_after_failure(c, ret))
		return p;
	/* NULL is shown from the raw argument; nothing to copy */
	if (!a && c->op != MSD_CAP_FDS && c->op != MSD_CAP_PATH2)
		return p;
	switch (c->op) {
	case MSD_CAP_PATH:
		p = msd_put_str(p, c->arg, a, MSD_PATH_MAX);
		break;
	case MSD_CAP_PATH2:
		if (a)
			p = msd_put_str(p, c->arg, a, MSD_PATH_MAX);
		if (args[c->arg2])
			p = msd_put_str(p, c->arg2, args[c->arg2], MSD_PATH_MAX);
		break;
	case MSD_CAP_ISTRN:
	case MSD_CAP_OSTRN:
		p = msd_put_strn(p, c->arg, a, c->arg2);
		break;
	case MSD_CAP_RSTR:
		p = msd_put_rstr(p, c->arg, a, ret);
		break;
	case MSD_CAP_ARGV:
		p = msd_put_argv(p, c->arg, a, compat);
		break;
	case MSD_CAP_WBUF:
		if (snaplen)
			p = msd_put_buf(p, c->arg, MSD_IT_BUF, a, msd_len(c, args), snaplen);
		break;
	case MSD_CAP_RBUF:
		/*
		 * 0 bytes read (end of file) is strace's ""; no further than the
		 * buffer's length argument, where there is one (recvfrom's
		 * MSG_TRUNC returns the datagram's length)
		 */
		if (snaplen && ret >= 0)
			p = msd_put_buf(p, c->arg, MSD_IT_BUF, a,
					c->arg2 ? min_t(unsigned long, ret, msd_len(c, args)) : ret,
					snaplen);
		break;
	case MSD_CAP_WIOV:
		p = msd_put_iovs(p, c->arg, a, msd_len(c, args), snaplen, -1, compat);
		break;
	case MSD_CAP_RIOV:
		/* a failed call: the array alone (ret < -1 writes no IOV item) */
		p = msd_put_iovs(p, c->arg, a, msd_len(c, args), snaplen,
				 ret < 0 ? -2 : ret, compat);
		break;
	case MSD_CAP_SADDR:
		p = msd_put_sockaddr(p, c->arg, a, (int)args[c->arg2], (int)args[c->arg2]);
		break;
	case MSD_CAP_SADDR_OUT:
		p = msd_put_sockaddr_out(p, c->arg, a, args[c->arg2], alen);
		break;
	case MSD_CAP_WMSG:
	case MSD_CAP_RMSG:
		p = msd_put_msg(p, c->arg, a, ret, out, snaplen, alen);
		break;
	case MSD_CAP_WMMSG:
		p = msd_put_mmsg(p, c->arg, a, (u32)args[c->arg2], false, snaplen);
		break;
	case MSD_CAP_RMMSG:
		if (ret > 0)
			p = msd_put_mmsg(p, c->arg, a, ret, true, snaplen);
		break;
	case MSD_CAP_ISTRUCT:
	case MSD_CAP_OSTRUCT:
		p = msd_put_struct(p, c->arg, a, msd_struct_size[c->st]);
		break;
	case MSD_CAP_IARRAY:
	case MSD_CAP_OARRAY:
	case MSD_CAP_OARRAY_N: {
		unsigned long n = c->op == MSD_CAP_OARRAY ? ret : msd_len(c, args);
		size_t sz = msd_struct_size[c->st];
		struct msd_item *it;
		bool trunc;

		if (!n || !sz)
			break;
		it = (struct msd_item *)p;
		p = msd_put_struct(p, c->arg, a, msd_array_bytes(n, sz, &trunc));
		if (trunc && !it->flags)
			it->flags = MSD_IF_TRUNC;
		break;
	}
	case MSD_CAP_TIMEOUT:
		/* at entry (sv NULL): as it is; at exit: as it was, then as it is now */
		if (!sv) {
			p = msd_put_struct(p, c->arg, a, msd_struct_size[c->st]);
		} else if (sv->len || sv->flags) {
			p = msd_put_saved(p, c->arg, sv);
			if (ret >= 0)
				p = msd_put_struct(p, c->arg, a, msd_struct_size[c->st]);
		}
		break;
	case MSD_CAP_IOCTL: {
		size_t n = msd_ioctl_size(args[c->arg2]);

		if (n)
			p = msd_put_struct(p, c->arg, a, n);
		break;
	}
	case MSD_CAP_ENVC:
		p = msd_put_envc(p, c->arg, a, compat);
		break;
	case MSD_CAP_DENTS:
		p = msd_put_dents(p, c->arg, a, ret);
		break;
	case MSD_CAP_SIGSETP:
		/* the generator leaves it out of the compat table (32-bit words) */
		if (!compat)
			p = msd_put_sigsetp(p, c->arg, a);
		break;
	case MSD_CAP_IBYTES:
		if ((int)args[c->arg2] > 0)
			p = msd_put_struct(p, c->arg, a, (int)args[c->arg2]);
		break;
	case MSD_CAP_OBYTES: {
		/*
		 * the call succeeded (ret >= 0): it wrote the lesser of its result
		 * and the caller's length, no byte beyond them is read
		 */
		unsigned long n = min_t(unsigned long, ret, msd_len(c, args));

		if (n)
			p = msd_put_struct(p, c->arg, a, n);
		break;
	}
	case MSD_CAP_OSOCKOPT:
		/* SO_GET_FILTER's lengths count struct sock_filter blocks, not bytes */
		p = msd_put_sockopt_out(p, c->arg, a, args[c->arg2], alen,
					args[1] == SOL_SOCKET && args[2] == SO_GET_FILTER ?
					sizeof(struct sock_filter) : 1);
		break;
	case MSD_CAP_SOCKLEN:
		/* strace shows the length of a NULL address buffer as a pointer */
		if (!c->arg2 || args[c->arg2])
			p = msd_put_socklen(p, c->arg, a, alen);
		break;
	case MSD_CAP_FDS:
		if (ret == 0 && a) {
			struct msd_item *it = msd_item_start(p, c->arg, MSD_IT_FDS);
			bool fault = false;

			it->len = msd_copy((char *)(it + 1), a, 2 * sizeof(int), &fault);
			if (fault)
				it->flags = MSD_IF_FAULT;
			p = msd_item_end(it);
		}
		break;
	}
	return p;
}

/*
 * Write the items of `sc` for the copiers in `which` at p, within the
 * msd_capture_max() bytes reserved there. args are the syscall's arguments;
 * ret its result (exit only); alen the caller's socket address length from
 * msd_capture_alen() at entry (exit only). Returns the end of what was
 * written.
 */
char *msd_capture(char *p, const struct msd_sc *sc, unsigned int which,
		  const unsigned long *args, long ret, u32 snaplen, int alen,
		  const struct msd_saved *sv)
{
	bool compat = sc->flags & MSD_SC_COMPAT;
	int i;

	for (i = 0; i < MSD_SC_CAPS && sc->cap[i].op; i++) {
		const struct msd_cap *c = &sc->cap[i];

		/* the copier the argument's value picks (prctl's option), if any */
		if (c->op == MSD_CAP_SELECT) {
			c = msd_select(c, args);
			if (!c)
				continue;
		}
		p = msd_capture_one(p, c, which, args, ret, snaplen, alen, sv, compat);
	}
	return p;
}
