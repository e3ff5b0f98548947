// SPDX-License-Identifier: MIT
/*
 * Performs known syscalls and prints, afterwards, the exact seed-format
 * lines a tracer must show for them (tests/vm/seed_test.ts compares). The
 * sequence starts with sched_yield, which nothing before it calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static char expect[8192];
static size_t used;
static char comm[17];
static long tid;

static void line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	used += vsnprintf(expect + used, sizeof(expect) - used, fmt, ap);
	va_end(ap);
}

/* what the kernel returned: the syscall() wrapper turns -errno into -1 */
static long raw(long r)
{
	return r == -1 ? -errno : r;
}

/* one syscall: its enter and exit lines */
static long call(long nr, long ret)
{
	line("syscall 0x%lx, with pid=0x%lx, name=%s\n", nr, tid, comm);
	line("exit syscall, regs[0]=0x%lx, with pid=0x%lx, ret=0x%lx, name=%s\n",
	     (unsigned long)ret, tid, (unsigned long)ret, comm);
	return ret;
}

int main(void)
{
	long fd;

	tid = syscall(SYS_gettid);
	prctl(PR_GET_NAME, comm);
	call(SYS_sched_yield, syscall(SYS_sched_yield));
	call(SYS_getppid, syscall(SYS_getppid));
	call(SYS_close, raw(syscall(SYS_close, -1)));
	call(SYS_openat, raw(syscall(SYS_openat, AT_FDCWD, "/nonexistent/seedprog", O_RDONLY)));
	fd = call(SYS_openat, raw(syscall(SYS_openat, AT_FDCWD, "/dev/null", O_WRONLY)));
	call(SYS_write, raw(syscall(SYS_write, fd, "seed", 4)));
	call(SYS_close, raw(syscall(SYS_close, fd)));
	call(SYS_getpid, syscall(SYS_getpid));
	fwrite(expect, 1, used, stdout);
	return 0;
}
