// SPDX-License-Identifier: MIT
/*
 * pump: the least a consumer of /dev/my_sysdig can do. Traces COMMAND (the
 * reader's children, completed syscalls, the module's sysdig events as -w
 * asks for them), and copies what each read() returns to FILE, records
 * and all, without looking at them: the kernel's share of a consumer's
 * cost (read, poll, the file's write), for comparison with ftrace's cats
 * and the CLI. Usage: pump BUF_KB FILE COMMAND [ARGS...], or
 * pump BUF_KB FILE --comm NAME to trace processes by name until SIGINT.
 * BUF_KB 0: the module's default buffer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../kmod/my_sysdig_abi.h"

static char buf[1 << 20];
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static int drain(int dev, int out)
{
	for (;;) {
		ssize_t n = read(dev, buf, sizeof(buf));

		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n < 0) {
			perror("pump: read");
			return -1;
		}
		if (n == 0)
			return 0;
		if (write(out, buf, n) != n) {
			perror("pump: write");
			return -1;
		}
		if ((size_t)n < sizeof(buf) / 2)
			return 0;
	}
}

int main(int argc, char **argv)
{
	struct msd_filter f;
	struct msd_info info;
	int dev, out, status;
	pid_t child = 0;
	bool by_comm;

	if (argc < 4) {
		fprintf(stderr, "usage: pump BUF_KB FILE COMMAND [ARGS...] | --comm NAME\n");
		return 2;
	}
	by_comm = !strcmp(argv[3], "--comm") && argc == 5;
	dev = open("/dev/my_sysdig", O_RDONLY | O_NONBLOCK);
	out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
	if (dev < 0 || out < 0) {
		perror("pump: open");
		return 1;
	}
	if (ioctl(dev, MSD_IOC_INFO, &info)) {
		perror("pump: MSD_IOC_INFO");
		return 1;
	}
	memset(&f, 0, sizeof(f));
	f.flags = (by_comm ? MSD_F_COMM : MSD_F_CHILDREN) | MSD_F_SCAP;
	if (by_comm)
		strncpy(f.comm, argv[4], MSD_COMM_LEN - 1);
	f.buf_kb = atoi(argv[1]);
	f.snaplen = MSD_SNAPLEN_DEFAULT;
	f.rt_offset = info.realtime_offset;
	if (ioctl(dev, MSD_IOC_SET_FILTER, &f) || ioctl(dev, MSD_IOC_START)) {
		perror("pump: start");
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	status = 0;
	if (!by_comm) {
		child = fork();
		if (child == 0) {
			execvp(argv[3], argv + 3);
			_exit(127);
		}
	}
	while (!stop) {
		struct pollfd p = { .fd = dev, .events = POLLIN };

		if (child && waitpid(child, &status, WNOHANG) == child)
			break;
		poll(&p, 1, 100);
		if (drain(dev, out))
			return 1;
	}
	ioctl(dev, MSD_IOC_STOP);
	/* stopped: read() returns what is left, then 0 */
	for (;;) {
		ssize_t n = read(dev, buf, sizeof(buf));

		if (n <= 0)
			break;
		if (write(out, buf, n) != n) {
			perror("pump: write");
			return 1;
		}
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
