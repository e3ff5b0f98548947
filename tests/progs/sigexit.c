/*
 * Signal deliveries and process exits, for the module's SIGNAL and PROCEXIT records and their
 * strace lines. In order:
 *  - a child exits with 3: SIGCHLD, CLD_EXITED, si_status=3;
 *  - a child is killed by SIGKILL: SIGCHLD, CLD_KILLED, si_status=SIGKILL (no SIGKILL line);
 *  - a child dereferences NULL: SIGSEGV, SEGV_MAPERR, si_addr=NULL, killed by SIGSEGV;
 *  - tgkill(SIGUSR1) to itself: SI_TKILL with its pid and uid;
 *  - sigqueue(SIGUSR2, 42): SI_QUEUE, si_int=42;
 *  - exit status 7.
 * Prints each child's pid as "child N PID" and exits with 7.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_signal(int sig)
{
	got = sig;
}

static pid_t child(int how)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (how == 0)
			_exit(3);
		if (how == 1)
			pause();
		/* no core file: the exit status has no 0x80 */
		struct rlimit rl = { 0, 0 };
		setrlimit(RLIMIT_CORE, &rl);
		*(volatile int *)0 = 1;
		_exit(4);
	}
	return pid;
}

int main(void)
{
	struct sigaction sa;
	union sigval v;
	int st, i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	for (i = 0; i < 3; i++) {
		pid_t pid = child(i);

		printf("child %d %d\n", i, (int)pid);
		fflush(stdout);
		if (i == 1) {
			usleep(100000);
			kill(pid, SIGKILL);
		}
		while (waitpid(pid, &st, 0) < 0)
			;
	}
	syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), SIGUSR1);
	v.sival_int = 42;
	sigqueue(getpid(), SIGUSR2, v);
	return 7;
}
