// SPDX-License-Identifier: MIT
/*
 * loop N: calls getppid() N times as fast as it can and prints the cost per
 * call on standard error ("<N> calls <ns> ns/call"), so that standard output
 * stays free for a tracer's output. Used by bench/tracefs_cost.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	struct timespec a, b;
	long i;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);	/* not cached by libc: always a real syscall */
	clock_gettime(CLOCK_MONOTONIC, &b);
	fprintf(stderr, "%ld calls %.1f ns/call\n", n,
		((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / (double)(n ? n : 1));
	return 0;
}
