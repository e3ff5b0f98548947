// SPDX-License-Identifier: MIT
/*
 * hostile: syscalls a tracer must survive and show sanely. Paths that are
 * NULL, unmapped, kernel addresses or 64 KiB long; buffers and socket
 * addresses that are unmapped or in the kernel; execve with bad argv
 * pointers; a path another thread rewrites during the calls; then an
 * execve of itself with 10,000 arguments. Each failing call must fail as
 * the kernel says (EFAULT, ENAMETOOLONG); prints "hostile: ok" once the
 * last program ran ("hostile noop ..." prints nothing).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#define KPTR	((void *)0xffffffff81000000UL)
#define NARGS	10000

static void expect(const char *what, long ret, int err)
{
	if (ret != -1 || errno != err) {
		fprintf(stderr, "hostile: %s returned %ld (%s), not %s\n", what, ret,
			strerror(errno), strerror(err));
		exit(1);
	}
}

static char flip[64];
static volatile int flipping = 1;

static void *flipper(void *arg)
{
	(void)arg;
	while (flipping) {
		memcpy(flip, "/tmp/hostile-flip-a-long-name", 30);
		memcpy(flip, "/nonexistent", 13);
		flip[5] ^= 1;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	char *gone, *edge, *longpath, **args;
	pthread_t th;
	int s;

	if (argc > 1 && !strcmp(argv[1], "noop"))
		return argc == NARGS ? 0 : 3;
	gone = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(gone, page);
	/* a path whose NUL would be on the next, unmapped page */
	edge = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(edge + page, page);
	memset(edge, 'e', page);

	expect("openat(NULL)", syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY), EFAULT);
	expect("openat(unmapped)", syscall(SYS_openat, AT_FDCWD, gone, O_RDONLY), EFAULT);
	expect("openat(kernel)", syscall(SYS_openat, AT_FDCWD, KPTR, O_RDONLY), EFAULT);
	expect("openat(page edge)", syscall(SYS_openat, AT_FDCWD, edge + page - 100, O_RDONLY),
	       EFAULT);
	longpath = malloc(65537);
	memset(longpath, 'a', 65536);
	longpath[0] = '/';
	longpath[65536] = 0;
	expect("openat(64 KiB path)", syscall(SYS_openat, AT_FDCWD, longpath, O_RDONLY),
	       ENAMETOOLONG);
	expect("write(unmapped)", syscall(SYS_write, 1, gone, 100), EFAULT);
	expect("write(kernel)", syscall(SYS_write, 1, KPTR, 100), EFAULT);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0) {
		perror("socket");
		return 1;
	}
	expect("connect(unmapped)", connect(s, (void *)gone, 16), EFAULT);
	expect("sendto(kernel)", sendto(s, "x", 1, 0, KPTR, 16), EFAULT);
	expect("execve(unmapped argv)", syscall(SYS_execve, "/bin/true", gone, NULL), EFAULT);
	{
		char *bad[] = { "true", (char *)KPTR, NULL };

		expect("execve(kernel argv[1])", syscall(SYS_execve, "/bin/true", bad, NULL), EFAULT);
	}
	pthread_create(&th, NULL, flipper, NULL);
	for (int i = 0; i < 2000; i++) {
		int fd = open(flip, O_RDONLY);

		if (fd >= 0)
			close(fd);
	}
	flipping = 0;
	pthread_join(th, NULL);

	args = calloc(NARGS + 1, sizeof(*args));
	args[0] = argv[0];
	args[1] = "noop";
	for (int i = 2; i < NARGS; i++) {
		args[i] = malloc(8);
		snprintf(args[i], 8, "a%d", i);
	}
	printf("hostile: ok\n");
	fflush(stdout);
	execv("/proc/self/exe", args);
	perror("execv");
	return 1;
}
