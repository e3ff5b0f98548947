// SPDX-License-Identifier: MIT
/*
 * rate R SECONDS: calls getppid() R times a second for SECONDS, then prints
 * "<calls> calls in <s> s: <rate>/s" on standard error. Used by bench/ to
 * find the highest syscall rate a tracer sustains without drops.
 *
 * The pacing must make no syscalls of its own: in a TCG guest the clock
 * source is not one the vDSO can read, so clock_gettime() is a real syscall
 * there. On x86_64 the pacing reads the TSC (calibrated against
 * CLOCK_MONOTONIC over 200 ms first); elsewhere it uses clock_gettime(),
 * which the vDSO serves on ordinary hardware.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double mono(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

#if defined(__x86_64__)
static double tsc_hz;

static unsigned long long rdtsc(void)
{
	unsigned int lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long long)hi << 32) | lo;
}

static void calibrate(void)
{
	double t0 = mono();
	unsigned long long c0 = rdtsc();

	usleep(200000);
	tsc_hz = (rdtsc() - c0) / (mono() - t0);
}

static double now(void)
{
	return rdtsc() / tsc_hz;
}
#else
static void calibrate(void)
{
}

static double now(void)
{
	return mono();
}
#endif

int main(int argc, char **argv)
{
	double rate = argc > 1 ? atof(argv[1]) : 100000;
	double secs = argc > 2 ? atof(argv[2]) : 2;
	double t0, t, m0;
	long done = 0;

	calibrate();
	m0 = mono();
	t0 = now();
	while ((t = now()) - t0 < secs) {
		long due = (long)((t - t0) * rate);

		while (done < due) {
			syscall(SYS_getppid);
			done++;
		}
	}
	t = mono() - m0;
	fprintf(stderr, "%ld calls in %.3f s: %.0f/s\n", done, t, done / t);
	return 0;
}
