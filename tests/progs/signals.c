/*
 * Calls a signal interrupts, for the restart codes and the number -1 as strace names them:
 * pause() (ERESTARTNOHAND), nanosleep() (ERESTART_RESTARTBLOCK), a read() restarted under
 * SA_RESTART (ERESTARTSYS), each followed by rt_sigreturn, whose exit has the number -1; and
 * syscall(-1) itself (ENOSYS). Prints "signals: ok".
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int pipefd[2];
static volatile sig_atomic_t feed;

static void on_alarm(int sig)
{
	(void)sig;
	if (feed && write(pipefd[1], "x", 1) != 1)
		_exit(3);
}

/* SIGALRM in 50 ms */
static void arm(void)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 50000;
	setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
	struct sigaction sa;
	struct timespec ts = { 5, 0 };
	char c;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	if (pipe(pipefd))
		return 1;
	arm();
	pause();
	arm();
	nanosleep(&ts, NULL);
	feed = 1;
	arm();
	if (read(pipefd[0], &c, 1) != 1)
		return 2;
	syscall(-1L);
	printf("signals: ok\n");
	return 0;
}
