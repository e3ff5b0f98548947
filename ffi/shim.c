// SPDX-License-Identifier: MIT
/*
 * The only native user-space code: a thin wrapper over open/ioctl/poll/read
 * on /dev/my_sysdig for Deno.dlopen. Every function returns a value >= 0 on
 * success and -errno on failure; none keeps state.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "../kmod/my_sysdig_abi.h"

#define MSD_EXPORT __attribute__((visibility("default")))

MSD_EXPORT int32_t msd_open(const char *path)
{
	int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

MSD_EXPORT int32_t msd_close(int32_t fd)
{
	return close(fd) < 0 ? -errno : 0;
}

static int32_t msd_ioc(int32_t fd, unsigned long cmd, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, cmd, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

MSD_EXPORT int32_t msd_version(int32_t fd, uint32_t *out)
{
	return msd_ioc(fd, MSD_IOC_VERSION, out);
}

MSD_EXPORT int32_t msd_info(int32_t fd, struct msd_info *out)
{
	return msd_ioc(fd, MSD_IOC_INFO, out);
}

MSD_EXPORT int32_t msd_set_filter(int32_t fd, const struct msd_filter *f)
{
	return msd_ioc(fd, MSD_IOC_SET_FILTER, (void *)f);
}

MSD_EXPORT int32_t msd_set_dump(int32_t fd, const struct msd_dump *d)
{
	return msd_ioc(fd, MSD_IOC_SET_DUMP, (void *)d);
}

/* MSD_IOC_SET_BLOCK: 0 ms, traced threads never wait for the reader */
MSD_EXPORT int32_t msd_set_block(int32_t fd, uint32_t timeout_ms)
{
	struct msd_block b = { .timeout_ms = timeout_ms };

	return msd_ioc(fd, MSD_IOC_SET_BLOCK, &b);
}

MSD_EXPORT int32_t msd_start(int32_t fd)
{
	return msd_ioc(fd, MSD_IOC_START, NULL);
}

MSD_EXPORT int32_t msd_stop(int32_t fd)
{
	return msd_ioc(fd, MSD_IOC_STOP, NULL);
}

MSD_EXPORT int32_t msd_stats(int32_t fd, struct msd_stats *inout)
{
	return msd_ioc(fd, MSD_IOC_STATS, inout);
}

/* Raw ioctl, so that tests can send what the typed calls never would. */
MSD_EXPORT int32_t msd_raw_ioctl(int32_t fd, uint32_t cmd, void *arg)
{
	return msd_ioc(fd, cmd, arg);
}

/* Wait up to timeout_ms for records. 1: readable, 0: timed out. */
MSD_EXPORT int32_t msd_wait(int32_t fd, int32_t timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int ret = poll(&p, 1, timeout_ms);

	if (ret < 0)
		return errno == EINTR ? 0 : -errno;
	return ret > 0;
}

MSD_EXPORT int64_t msd_read(int32_t fd, void *buf, uint64_t len)
{
	ssize_t n;

	do {
		n = read(fd, buf, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	return n;
}

/*
 * Layout of the ABI structures as this compiler sees them, for the test that
 * compares them with src/abi.ts. Unknown names give -1.
 */
#define MSD_L(s, f) { #s "." #f, offsetof(struct s, f) }
#define MSD_S(s) { "sizeof " #s, sizeof(struct s) }
static const struct { const char *name; int64_t value; } msd_layout[] = {
	MSD_S(msd_rec_hdr), MSD_S(msd_rec_enter), MSD_S(msd_rec_exit), MSD_S(msd_rec_drop),
	MSD_S(msd_rec_syscall), MSD_S(msd_item), MSD_S(msd_rec_signal), MSD_S(msd_rec_procexit),
	MSD_S(msd_filter), MSD_S(msd_info), MSD_S(msd_stats), MSD_S(msd_iovec), MSD_S(msd_msghdr),
	MSD_L(msd_iovec, base), MSD_L(msd_iovec, len),
	MSD_L(msd_msghdr, name), MSD_L(msd_msghdr, iov), MSD_L(msd_msghdr, iovlen),
	MSD_L(msd_msghdr, control), MSD_L(msd_msghdr, controllen), MSD_L(msd_msghdr, namelen),
	MSD_L(msd_msghdr, flags), MSD_L(msd_msghdr, namelen_in), MSD_L(msd_msghdr, msg_len),
	MSD_L(msd_rec_hdr, size), MSD_L(msd_rec_hdr, kind), MSD_L(msd_rec_hdr, nr),
	MSD_L(msd_rec_hdr, ts), MSD_L(msd_rec_hdr, tgid), MSD_L(msd_rec_hdr, tid),
	MSD_L(msd_rec_hdr, cpu), MSD_L(msd_rec_hdr, flags), MSD_L(msd_rec_hdr, comm),
	MSD_L(msd_rec_enter, args), MSD_L(msd_rec_exit, ret), MSD_L(msd_rec_drop, lost),
	MSD_L(msd_rec_syscall, args), MSD_L(msd_rec_syscall, ret), MSD_L(msd_rec_syscall, enter_ts),
	MSD_L(msd_rec_signal, code), MSD_L(msd_rec_signal, si_errno),
	MSD_L(msd_rec_signal, handler), MSD_L(msd_rec_signal, sa_flags),
	MSD_L(msd_rec_signal, fields), MSD_L(msd_rec_procexit, exit_code),
	MSD_L(msd_rec_procexit, group_dead),
	MSD_L(msd_item, len), MSD_L(msd_item, arg), MSD_L(msd_item, type), MSD_L(msd_item, flags),
	MSD_L(msd_filter, flags), MSD_L(msd_filter, npids), MSD_L(msd_filter, pids),
	MSD_L(msd_filter, comm), MSD_L(msd_filter, syscalls), MSD_L(msd_filter, buf_kb),
	MSD_L(msd_filter, snaplen), MSD_L(msd_filter, rt_offset),
	MSD_L(msd_filter, compat_syscalls),
	MSD_L(msd_info, abi_version), MSD_L(msd_info, ncpus), MSD_L(msd_info, buf_kb),
	MSD_L(msd_info, max_pids), MSD_L(msd_info, nr_max), MSD_L(msd_info, running),
	MSD_L(msd_info, realtime_offset), MSD_L(msd_info, defaults),
	MSD_L(msd_stats, cpu), MSD_L(msd_stats, online), MSD_L(msd_stats, seen),
	MSD_L(msd_stats, recorded), MSD_L(msd_stats, dropped), MSD_L(msd_stats, follow_full),
	MSD_L(msd_stats, unpaired),
	MSD_S(msd_rec_data), MSD_L(msd_rec_data, addr), MSD_L(msd_rec_data, total),
	MSD_L(msd_rec_data, offset), MSD_L(msd_rec_data, len), MSD_L(msd_rec_data, flags),
	MSD_S(msd_dump), MSD_L(msd_dump, flags), MSD_L(msd_dump, read_fds),
	MSD_L(msd_dump, write_fds),
	{ "MSD_REC_DATA", MSD_REC_DATA }, { "MSD_DF_READ", MSD_DF_READ },
	{ "MSD_DF_FAULT", MSD_DF_FAULT }, { "MSD_DF_LIMIT", MSD_DF_LIMIT },
	{ "MSD_DUMP_FETCH", MSD_DUMP_FETCH }, { "MSD_DUMP_FDS", MSD_DUMP_FDS },
	{ "MSD_DUMP_READ", MSD_DUMP_READ }, { "MSD_DUMP_WRITE", MSD_DUMP_WRITE },
	{ "MSD_DUMP_READ_NOT", MSD_DUMP_READ_NOT }, { "MSD_DUMP_WRITE_NOT", MSD_DUMP_WRITE_NOT },
	{ "MSD_IOC_SET_DUMP", MSD_IOC_SET_DUMP },
	MSD_S(msd_block), MSD_L(msd_block, timeout_ms), MSD_L(msd_block, reserved),
	{ "MSD_BLOCK_MAX_MS", MSD_BLOCK_MAX_MS }, { "MSD_IOC_SET_BLOCK", MSD_IOC_SET_BLOCK },
	{ "MSD_ABI_VERSION", MSD_ABI_VERSION },
	{ "MSD_REC_SYSCALL", MSD_REC_SYSCALL }, { "MSD_F_BOTH", MSD_F_BOTH },
	{ "MSD_F_SCAP", MSD_F_SCAP }, { "MSD_REC_SCAP", MSD_REC_SCAP }, { "MSD_RF_PAD4", MSD_RF_PAD4 },
	{ "MSD_SCAP_ITEMS_MAX", MSD_SCAP_ITEMS_MAX },
	{ "MSD_RF_COMPAT", MSD_RF_COMPAT }, { "MSD_F_COMPAT_SYSCALLS", MSD_F_COMPAT_SYSCALLS },
	{ "MSD_IT_STR", MSD_IT_STR }, { "MSD_IT_BUF", MSD_IT_BUF }, { "MSD_IT_IOV", MSD_IT_IOV },
	{ "MSD_IT_SOCKADDR", MSD_IT_SOCKADDR }, { "MSD_IT_ARGV", MSD_IT_ARGV },
	{ "MSD_IT_FDS", MSD_IT_FDS }, { "MSD_IT_STRUCT", MSD_IT_STRUCT },
	{ "MSD_IT_IOVEC", MSD_IT_IOVEC }, { "MSD_IT_MSGHDR", MSD_IT_MSGHDR },
	{ "MSD_IT_FDSET", MSD_IT_FDSET }, { "MSD_FDSET_MAX", MSD_FDSET_MAX }, { "MSD_IF_EXIT", MSD_IF_EXIT },
	{ "MSD_IOV_MAX", MSD_IOV_MAX }, { "MSD_CMSG_MAX", MSD_CMSG_MAX },
	{ "MSD_MMSG_MAX", MSD_MMSG_MAX }, { "MSD_MMSG_IOV_MAX", MSD_MMSG_IOV_MAX }, { "MSD_IF_FAULT", MSD_IF_FAULT }, { "MSD_IF_TRUNC", MSD_IF_TRUNC },
	{ "MSD_PATH_MAX", MSD_PATH_MAX }, { "MSD_ARGV_MAX", MSD_ARGV_MAX },
	{ "MSD_SOCKADDR_MAX", MSD_SOCKADDR_MAX }, { "MSD_SNAPLEN_DEFAULT", MSD_SNAPLEN_DEFAULT },
	{ "MSD_SNAPLEN_MAX", MSD_SNAPLEN_MAX }, { "MSD_READ_MIN", MSD_READ_MIN },
	{ "MSD_BUF_KB_MIN", MSD_BUF_KB_MIN }, { "MSD_BUF_KB_MAX", MSD_BUF_KB_MAX },
	{ "MSD_RF_UNFINISHED", MSD_RF_UNFINISHED },
	{ "MSD_F_SIGNALS", MSD_F_SIGNALS }, { "MSD_F_EXITS", MSD_F_EXITS },
	{ "MSD_REC_SIGNAL", MSD_REC_SIGNAL }, { "MSD_REC_PROCEXIT", MSD_REC_PROCEXIT },
	{ "MSD_IOC_VERSION", MSD_IOC_VERSION }, { "MSD_IOC_INFO", MSD_IOC_INFO },
	{ "MSD_IOC_SET_FILTER", MSD_IOC_SET_FILTER }, { "MSD_IOC_START", MSD_IOC_START },
	{ "MSD_IOC_STOP", MSD_IOC_STOP }, { "MSD_IOC_STATS", MSD_IOC_STATS },
};

MSD_EXPORT int64_t msd_abi_layout(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(msd_layout) / sizeof(msd_layout[0]); i++)
		if (!strcmp(msd_layout[i].name, name))
			return msd_layout[i].value;
	return -1;
}

/* Raw read with any address, so that tests can hand the device bad pointers. */
MSD_EXPORT int64_t msd_raw_read(int32_t fd, void *buf, uint64_t len)
{
	ssize_t n = read(fd, buf, len);

	return n < 0 ? -errno : n;
}
