// SPDX-License-Identifier: MIT
/*
 * forker [SECONDS_BEFORE]: sleeps, then forks a child that calls getppid 3
 * times and exits; the parent waits for it and prints "child <pid>". Lets a
 * test attach to the parent with -p and check whether the child is traced.
 * forker --exec PROG [ARG...]: the child execs PROG instead (a child that
 * becomes another program, for --proc-name -f).
 * forker -: waits for a byte (or the end) on standard input instead of
 * sleeping, so that a test lets it go once its tracer is tracing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	pid_t pid;
	int i;

	int exec = argc > 2 && strcmp(argv[1], "--exec") == 0;

	if (argc > 1 && strcmp(argv[1], "-") == 0) {
		char c;

		if (read(0, &c, 1) < 0)
			return 1;
	} else if (argc > 1 && !exec) {
		usleep((useconds_t)(atof(argv[1]) * 1e6));
	}
	pid = fork();
	if (pid == 0 && exec) {
		execv(argv[2], argv + 2);
		_exit(127);
	}
	if (pid == 0) {
		for (i = 0; i < 3; i++)
			syscall(SYS_getppid);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	printf("child %d\n", pid);
	return 0;
}
