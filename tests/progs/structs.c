/*
 * Calls whose arguments are structures, with values known in advance, for the decoding of the
 * STRUCT items: stat (a file of 3 bytes, mode 0640; /dev/null), statx, clock_nanosleep (1 ms),
 * clock_gettime (and one into an unreadable address), rlimits (512 and 4096 fds; core 0 and
 * infinity), uname, sysinfo, sigprocmask (CHLD), sigaction (SIGUSR1, SA_RESTART), wait4 (a
 * child's status 3), poll (a timeout, then POLLIN and POLLOUT), epoll_ctl and epoll_wait (data
 * 3), FIONREAD (1 byte). Prints "structs: ok".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void)sig;
}

int main(void)
{
	struct stat st;
	struct statx sx;
	struct timespec ts = { 0, 1000000 }, now;
	struct rlimit rl = { 512, 4096 }, core = { 0, RLIM_INFINITY };
	struct utsname u;
	struct sysinfo si;
	sigset_t set, old;
	struct sigaction sa, osa;
	struct pollfd pf[2];
	struct epoll_event ev, evs[4];
	int p[2], status, n, ep, fd;

	fd = open("/tmp/structs.dat", O_CREAT | O_TRUNC | O_WRONLY, 0640);
	if (fd < 0 || write(fd, "abc", 3) != 3)
		return 1;
	fchmod(fd, 0640);
	fstat(fd, &st);
	close(fd);
	stat("/tmp/structs.dat", &st);
	stat("/dev/null", &st);
	statx(AT_FDCWD, "/tmp/structs.dat", 0, STATX_BASIC_STATS, &sx);
	nanosleep(&ts, NULL);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)1);
	setrlimit(RLIMIT_NOFILE, &rl);
	getrlimit(RLIMIT_NOFILE, &rl);
	setrlimit(RLIMIT_CORE, &core);
	uname(&u);
	sysinfo(&si);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, &osa);
	if (fork() == 0)
		_exit(3);
	wait4(-1, &status, 0, NULL);
	if (pipe(p))
		return 2;
	pf[0].fd = p[0];
	pf[0].events = POLLIN;
	poll(pf, 1, 10);
	if (write(p[1], "x", 1) != 1)
		return 3;
	pf[1].fd = p[1];
	pf[1].events = POLLOUT;
	poll(pf, 2, 100);
	ep = epoll_create1(0);
	ev.events = EPOLLIN;
	ev.data.u64 = 3;
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	epoll_wait(ep, evs, 4, 100);
	ioctl(p[0], FIONREAD, &n);
	printf("structs: ok\n");
	return 0;
}
