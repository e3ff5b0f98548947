// SPDX-License-Identifier: MIT
/*
 * blocker: sleeps 50 ms at a time until SIGUSR1 arrives, then blocks in
 * read() on a pipe nobody writes to, for good. A tracer attached with -p
 * sees that read start and never finish: the unfinished-call tests stop the
 * trace or SIGKILL the process while it waits. Prints "blocking" on stdout
 * just before the read.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

int main(void)
{
	struct sigaction sa;
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	char buf[7];
	int p[2];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;	/* no SA_RESTART: the sleep ends at once */
	sigaction(SIGUSR1, &sa, NULL);
	if (pipe(p) < 0) {
		perror("pipe");
		return 1;
	}
	while (!go)
		nanosleep(&ts, NULL);
	printf("blocking\n");
	fflush(stdout);
	return read(p[0], buf, sizeof(buf)) < 0;
}
