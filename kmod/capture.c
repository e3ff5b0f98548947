// SPDX-License-Identifier: GPL-2.0
/*
 * What a syscall's arguments point at: paths, execve's argv, I/O data,
 * socket addresses, the fds pipe() returns. One declarative entry per
 * syscall (msd_sc_table, strace's syscallent in spirit), one small copier
 * per kind of argument. Runs on the per-syscall path: user memory is read
 * only with the non-faulting helpers, every copy is bounded, and nothing
 * locks, allocates or sleeps. A copy that faults or is cut short is marked
 * as such in its item (MSD_IF_FAULT, MSD_IF_TRUNC), never dropped silently.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/uaccess.h>
#include <linux/compat.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <asm/unistd.h>
#include "my_sysdig.h"
#include "capture.h"

#define C(op_, a_, b_)	{ .op = MSD_CAP_##op_, .arg = (a_), .arg2 = (b_) }
#define P(a_)		C(PATH, a_, 0)
#define SC(nr_, fl_, ...) [nr_] = { .flags = (fl_), .cap = { __VA_ARGS__ } }

/*
 * Syscall number -> what to capture. Names missing on an architecture
 * (arm64 has no open, stat, fork...) are left out by their #ifdef.
 */
const struct msd_sc msd_sc_table[MSD_NR_MAX] = {
#ifdef __NR_open
	SC(__NR_open, 0, P(0)),
#endif
#ifdef __NR_creat
	SC(__NR_creat, 0, P(0)),
#endif
	SC(__NR_openat, 0, P(1)),
#ifdef __NR_openat2
	SC(__NR_openat2, 0, P(1)),
#endif
#ifdef __NR_stat
	SC(__NR_stat, 0, P(0)),
#endif
#ifdef __NR_lstat
	SC(__NR_lstat, 0, P(0)),
#endif
#ifdef __NR_newfstatat
	SC(__NR_newfstatat, 0, P(1)),
#endif
#ifdef __NR_statx
	SC(__NR_statx, 0, P(1)),
#endif
	SC(__NR_statfs, 0, P(0)),
#ifdef __NR_access
	SC(__NR_access, 0, P(0)),
#endif
	SC(__NR_faccessat, 0, P(1)),
#ifdef __NR_faccessat2
	SC(__NR_faccessat2, 0, P(1)),
#endif
#ifdef __NR_unlink
	SC(__NR_unlink, 0, P(0)),
#endif
	SC(__NR_unlinkat, 0, P(1)),
#ifdef __NR_mkdir
	SC(__NR_mkdir, 0, P(0)),
#endif
	SC(__NR_mkdirat, 0, P(1)),
#ifdef __NR_rmdir
	SC(__NR_rmdir, 0, P(0)),
#endif
#ifdef __NR_mknod
	SC(__NR_mknod, 0, P(0)),
#endif
	SC(__NR_mknodat, 0, P(1)),
#ifdef __NR_rename
	SC(__NR_rename, 0, P(0), P(1)),
#endif
#ifdef __NR_renameat
	SC(__NR_renameat, 0, P(1), P(3)),
#endif
	SC(__NR_renameat2, 0, P(1), P(3)),
#ifdef __NR_link
	SC(__NR_link, 0, P(0), P(1)),
#endif
	SC(__NR_linkat, 0, P(1), P(3)),
#ifdef __NR_symlink
	SC(__NR_symlink, 0, P(0), P(1)),
#endif
	SC(__NR_symlinkat, 0, P(0), P(2)),
#ifdef __NR_readlink
	SC(__NR_readlink, 0, P(0), C(RSTR, 1, 0)),
#endif
	SC(__NR_readlinkat, 0, P(1), C(RSTR, 2, 0)),
	SC(__NR_chdir, 0, P(0)),
	SC(__NR_chroot, 0, P(0)),
#ifdef __NR_chmod
	SC(__NR_chmod, 0, P(0)),
#endif
	SC(__NR_fchmodat, 0, P(1)),
#ifdef __NR_chown
	SC(__NR_chown, 0, P(0)),
#endif
#ifdef __NR_lchown
	SC(__NR_lchown, 0, P(0)),
#endif
	SC(__NR_fchownat, 0, P(1)),
	SC(__NR_truncate, 0, P(0)),
	SC(__NR_mount, 0, P(0), P(1), P(2)),
	SC(__NR_umount2, 0, P(0)),
	SC(__NR_execve, MSD_SC_ENTER, P(0), C(ARGV, 1, 0)),
	SC(__NR_execveat, MSD_SC_ENTER, P(1), C(ARGV, 2, 0)),
	SC(__NR_exit, MSD_SC_NORET),
	SC(__NR_exit_group, MSD_SC_NORET),
	SC(__NR_read, 0, C(RBUF, 1, 0)),
	SC(__NR_pread64, 0, C(RBUF, 1, 0)),
	SC(__NR_write, 0, C(WBUF, 1, 2)),
	SC(__NR_pwrite64, 0, C(WBUF, 1, 2)),
	SC(__NR_readv, 0, C(RIOV, 1, 2)),
	SC(__NR_preadv, 0, C(RIOV, 1, 2)),
	SC(__NR_writev, 0, C(WIOV, 1, 2)),
	SC(__NR_pwritev, 0, C(WIOV, 1, 2)),
	SC(__NR_recvfrom, 0, C(RBUF, 1, 0), C(SADDR_OUT, 4, 5)),
	SC(__NR_sendto, 0, C(WBUF, 1, 2), C(SADDR, 4, 5)),
	SC(__NR_recvmsg, 0, C(RMSG, 1, 0)),
	SC(__NR_sendmsg, 0, C(WMSG, 1, 0)),
	SC(__NR_connect, 0, C(SADDR, 1, 2)),
	SC(__NR_bind, 0, C(SADDR, 1, 2)),
	SC(__NR_accept, 0, C(SADDR_OUT, 1, 2)),
	SC(__NR_accept4, 0, C(SADDR_OUT, 1, 2)),
	SC(__NR_getsockname, 0, C(SADDR_OUT, 1, 2)),
	SC(__NR_getpeername, 0, C(SADDR_OUT, 1, 2)),
#ifdef __NR_pipe
	SC(__NR_pipe, 0, C(FDS, 0, 0)),
#endif
	SC(__NR_pipe2, 0, C(FDS, 0, 0)),
	SC(__NR_socketpair, 0, C(FDS, 3, 0)),
};

/* Copiers whose data comes from memory the kernel fills in run at exit. */
static bool msd_cap_is_output(u8 op)
{
	switch (op) {
	case MSD_CAP_RBUF:
	case MSD_CAP_RSTR:
	case MSD_CAP_RIOV:
	case MSD_CAP_SADDR_OUT:
	case MSD_CAP_RMSG:
	case MSD_CAP_FDS:
		return true;
	}
	return false;
}

/* The most bytes the items of `sc` can take, for the copiers in `which`. */
u32 msd_capture_max(const struct msd_sc *sc, unsigned int which, u32 snaplen)
{
	u32 sz = 0;
	int i;

	for (i = 0; i < MSD_SC_CAPS && sc->cap[i].op; i++) {
		u8 op = sc->cap[i].op;

		if (!(which & (msd_cap_is_output(op) ? MSD_CAPTURE_OUT : MSD_CAPTURE_IN)))
			continue;
		switch (op) {
		case MSD_CAP_PATH:
		case MSD_CAP_RSTR:
			sz += MSD_ITEM_SZ(MSD_PATH_MAX + 1);
			break;
		case MSD_CAP_ARGV:
			sz += MSD_ITEM_SZ(MSD_ARGV_MAX);
			break;
		case MSD_CAP_WBUF:
		case MSD_CAP_RBUF:
		case MSD_CAP_WIOV:
		case MSD_CAP_RIOV:
			sz += MSD_ITEM_SZ(snaplen);
			break;
		case MSD_CAP_SADDR:
		case MSD_CAP_SADDR_OUT:
			sz += MSD_ITEM_SZ(MSD_SOCKADDR_MAX);
			break;
		case MSD_CAP_WMSG:
		case MSD_CAP_RMSG:
			sz += MSD_ITEM_SZ(MSD_SOCKADDR_MAX) + MSD_ITEM_SZ(snaplen);
			break;
		case MSD_CAP_FDS:
			sz += MSD_ITEM_SZ(2 * sizeof(int));
			break;
		}
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

#define MSD_IOV_MAX	64	/* iovecs looked at; more are marked truncated */

/* Gather at most `limit` bytes from an iovec array of `cnt` entries. */
static char *msd_put_iov(char *p, u8 arg, unsigned long uvec, unsigned long cnt, size_t limit,
			 bool exact_trunc, size_t total)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_IOV);
	char *d = (char *)(it + 1);
	size_t got = 0;
	bool fault = false, trunc = false;
	unsigned long i;

	for (i = 0; i < cnt; i++) {
		struct iovec iov;
		size_t take, n;

		if (i == MSD_IOV_MAX || got == limit) {
			trunc = true;
			break;
		}
		if (copy_from_user_nofault(&iov, (const void __user *)(uvec + i * sizeof(iov)),
					   sizeof(iov))) {
			fault = true;
			break;
		}
		take = min_t(size_t, iov.iov_len, limit - got);
		n = msd_copy(d + got, (unsigned long)iov.iov_base, take, &fault);
		got += n;
		if (fault)
			break;
		if (take < iov.iov_len)
			trunc = true;
	}
	if (exact_trunc)
		trunc = total > got && !fault;
	it->len = got;
	it->flags = (fault ? MSD_IF_FAULT : 0) | (trunc && !fault ? MSD_IF_TRUNC : 0);
	return msd_item_end(it);
}

static char *msd_put_sockaddr(char *p, u8 arg, unsigned long uaddr, long len)
{
	struct msd_item *it = msd_item_start(p, arg, MSD_IT_SOCKADDR);
	bool fault = false;
	size_t n;

	if (len < 0)
		len = 0;
	n = min_t(size_t, len, MSD_SOCKADDR_MAX);
	it->len = msd_copy((char *)(it + 1), uaddr, n, &fault);
	if (fault)
		it->flags = MSD_IF_FAULT;
	else if ((size_t)len > n)
		it->flags = MSD_IF_TRUNC;
	return msd_item_end(it);
}

/* The address length a syscall wrote back through a pointer. */
static char *msd_put_sockaddr_out(char *p, u8 arg, unsigned long uaddr, unsigned long ulen)
{
	int len;

	if (!ulen || copy_from_user_nofault(&len, (const void __user *)ulen, sizeof(len))) {
		struct msd_item *it = msd_item_start(p, arg, MSD_IT_SOCKADDR);

		it->flags = MSD_IF_FAULT;
		return msd_item_end(it);
	}
	return msd_put_sockaddr(p, arg, uaddr, len);
}

#define MSD_ARGV_ARGS	256	/* strings looked at; more are marked truncated */

static char *msd_put_argv(char *p, u8 arg, unsigned long uargv)
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
		if (copy_from_user_nofault(&s, (const void __user *)(uargv + i * sizeof(s)),
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

/* The parts of struct user_msghdr the copiers read (64-bit layout). */
struct msd_msghdr {
	u64 name;
	s32 namelen;
	u32 pad;
	u64 iov;
	u64 iovlen;
};

static char *msd_put_msg(char *p, u8 arg, unsigned long umsg, long ret, bool out, u32 snaplen)
{
	struct msd_msghdr m;

	if (copy_from_user_nofault(&m, (const void __user *)umsg, sizeof(m))) {
		struct msd_item *it = msd_item_start(p, arg, MSD_IT_IOV);

		it->flags = MSD_IF_FAULT;
		return msd_item_end(it);
	}
	if (m.name && m.namelen > 0)
		p = msd_put_sockaddr(p, arg, m.name, m.namelen);
	if (!snaplen)
		return p;
	if (out)
		return msd_put_iov(p, arg, m.iov, m.iovlen, min_t(size_t, ret, snaplen), true, ret);
	return msd_put_iov(p, arg, m.iov, m.iovlen, snaplen, false, 0);
}

/*
 * Write the items of `sc` for the copiers in `which` at p, within the
 * msd_capture_max() bytes reserved there. args are the syscall's arguments;
 * ret its result (exit only). Returns the end of what was written.
 */
char *msd_capture(char *p, const struct msd_sc *sc, unsigned int which,
		  const unsigned long *args, long ret, u32 snaplen)
{
	int i;

	for (i = 0; i < MSD_SC_CAPS && sc->cap[i].op; i++) {
		const struct msd_cap *c = &sc->cap[i];
		bool out = msd_cap_is_output(c->op);
		unsigned long a = args[c->arg];

		if (!(which & (out ? MSD_CAPTURE_OUT : MSD_CAPTURE_IN)))
			continue;
		/* outputs of a failed call are whatever was there before */
		if (out && ret < 0)
			continue;
		/* NULL is shown from the raw argument; nothing to copy */
		if (!a && c->op != MSD_CAP_FDS)
			continue;
		switch (c->op) {
		case MSD_CAP_PATH:
			p = msd_put_str(p, c->arg, a, MSD_PATH_MAX);
			break;
		case MSD_CAP_RSTR:
			p = msd_put_rstr(p, c->arg, a, ret);
			break;
		case MSD_CAP_ARGV:
			p = msd_put_argv(p, c->arg, a);
			break;
		case MSD_CAP_WBUF:
			if (snaplen)
				p = msd_put_buf(p, c->arg, MSD_IT_BUF, a, args[c->arg2], snaplen);
			break;
		case MSD_CAP_RBUF:
			if (snaplen && ret > 0)
				p = msd_put_buf(p, c->arg, MSD_IT_BUF, a, ret, snaplen);
			break;
		case MSD_CAP_WIOV:
			if (snaplen)
				p = msd_put_iov(p, c->arg, a, args[c->arg2], snaplen, false, 0);
			break;
		case MSD_CAP_RIOV:
			if (snaplen && ret > 0)
				p = msd_put_iov(p, c->arg, a, args[c->arg2],
						min_t(size_t, ret, snaplen), true, ret);
			break;
		case MSD_CAP_SADDR:
			p = msd_put_sockaddr(p, c->arg, a, (int)args[c->arg2]);
			break;
		case MSD_CAP_SADDR_OUT:
			p = msd_put_sockaddr_out(p, c->arg, a, args[c->arg2]);
			break;
		case MSD_CAP_WMSG:
		case MSD_CAP_RMSG:
			p = msd_put_msg(p, c->arg, a, ret, out, snaplen);
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
	}
	return p;
}
