// SPDX-License-Identifier: MIT
/*
 * loop N [SECONDS_BEFORE]: calls getppid N times as fast as it can, then
 * prints "<N> calls <ns> ns/call". With SECONDS_BEFORE it first sleeps, so a
 * tracer can attach with -p. Used by the drop tests and the benchmarks.
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

	if (argc > 2)
		usleep((useconds_t)(atof(argv[2]) * 1e6));
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%ld calls %.1f ns/call\n", n,
	       ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / (double)(n ? n : 1));
	return 0;
}
