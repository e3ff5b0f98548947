// SPDX-License-Identifier: MIT
/*
 * rate R SECONDS: calls getppid() R times a second for SECONDS, in bursts
 * paced every 100 microseconds (busy-waiting on CLOCK_MONOTONIC, so the
 * pacing itself makes no syscalls: clock_gettime is a vDSO call), then prints
 * "<calls> calls in <s> s: <rate>/s" on standard error. Used by bench/ to find
 * the highest syscall rate a tracer sustains without drops.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double rate = argc > 1 ? atof(argv[1]) : 100000;
	double secs = argc > 2 ? atof(argv[2]) : 2;
	double t0 = now(), t;
	long done = 0;

	while ((t = now()) - t0 < secs) {
		long due = (long)((t - t0) * rate);

		while (done < due) {
			syscall(SYS_getppid);
			done++;
		}
	}
	t = now() - t0;
	fprintf(stderr, "%ld calls in %.3f s: %.0f/s\n", done, t, done / t);
	return 0;
}
