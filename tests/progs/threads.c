// SPDX-License-Identifier: MIT
/*
 * threads N K: N threads, started together, each call getppid K times; the
 * main thread makes none. Exactly N * K getppid calls, for the test that
 * holds the tracer's recorded + dropped to them. Prints "N*K calls".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t start;
static long k;

static void *worker(void *arg)
{
	(void)arg;
	pthread_barrier_wait(&start);
	for (long i = 0; i < k; i++)
		syscall(SYS_getppid);
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[1]) : 64;
	pthread_t *th;

	k = argc > 2 ? atol(argv[2]) : 100;
	if (n < 1 || k < 0)
		return 2;
	th = calloc(n, sizeof(*th));
	pthread_barrier_init(&start, NULL, n);
	for (long i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, worker, NULL)) {
			perror("pthread_create");
			return 1;
		}
	for (long i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	printf("%ld calls\n", n * k);
	return 0;
}
