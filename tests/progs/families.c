// SPDX-License-Identifier: MIT
/*
 * families: one or more calls of each syscall family the tracer decodes that
 * decodeprog, structs, sigexit, sockaddrs and signals leave out, for the
 * comparison with strace (tests/vm/strace_test.ts): descriptors (dup, fcntl,
 * getdents64), memory (brk, mmap of a file, mremap, madvise, msync), signals
 * (SA_SIGINFO, sigaltstack, a delivered kill, sigpending, sigtimedwait),
 * processes (fork, vfork, a thread, waitid), TCP and UDP on 127.0.0.1 with
 * socket options, message headers (names, two iovecs, SCM_RIGHTS, sendmmsg),
 * select/pselect6/ppoll/epoll, clocks and timers, preadv/pwritev, terminal
 * ioctls on a pty, futex, prctl and arch_prctl, the multiplexed calls' requests
 * and operations (ptrace, keyctl, bpf, kcmp, membarrier, seccomp, NUMA
 * policies, quotactl, io_uring_register, setns, unshare), and failing calls
 * (ENOENT, EFAULT, EBADF, ENOTTY, ECONNREFUSED, EEXIST, ERANGE). Deterministic: the
 * same calls with the same arguments on every run, so that two runs (one
 * under strace, one under mysysdig) can be compared line by line. Run in an
 * empty /tmp/families (the test removes it first). Prints "families: ok".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define DIR_ "/tmp/families"

static int thread_pipe[2];
static volatile sig_atomic_t got;

static void on_info(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	got = sig;
}

static void *worker(void *arg)
{
	(void)arg;
	if (write(thread_pipe[1], "t", 1) != 1)
		_exit(9);
	return NULL;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void fds(void)
{
	char buf[512];
	long fd, d, r;
	off_t off;

	if (mkdir(DIR_, 0755) && errno != EEXIST)
		die(DIR_);
	/* EEXIST, on purpose */
	syscall(SYS_mkdirat, AT_FDCWD, DIR_, 0755);
	fd = syscall(SYS_openat, AT_FDCWD, DIR_ "/a", O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		die("openat");
	syscall(SYS_write, fd, "0123456789", 10);
	d = syscall(SYS_dup, fd);
#ifdef SYS_dup2
	syscall(SYS_dup2, fd, 20);
	syscall(SYS_close, 20);
#endif
	syscall(SYS_dup3, fd, 21, O_CLOEXEC);
	syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 30);
	syscall(SYS_fcntl, fd, F_GETFL);
	syscall(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
	syscall(SYS_fcntl, fd, F_GETFD);
	{
		/* record locks: a process lock, what F_GETLK says of it, an open
		 * file description lock refused by it (EAGAIN), the unlock; owners */
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 4 };
		struct f_owner_ex ow = { .type = F_OWNER_PID, .pid = 0 };

		syscall(SYS_fcntl, fd, F_SETLK, &fl);
		fl.l_type = F_RDLCK;
		syscall(SYS_fcntl, fd, F_GETLK, &fl);
		fl.l_type = F_WRLCK;
		fl.l_pid = 0;
		long o = syscall(SYS_openat, AT_FDCWD, DIR_ "/a", O_RDWR);

		syscall(SYS_fcntl, o, F_OFD_SETLK, &fl);
		syscall(SYS_close, o);
		fl.l_type = F_UNLCK;
		syscall(SYS_fcntl, fd, F_SETLKW, &fl);
		syscall(SYS_fcntl, fd, F_SETOWN_EX, &ow);
		syscall(SYS_fcntl, fd, F_GETOWN_EX, &ow);
	}
	syscall(SYS_ftruncate, fd, 4);
	syscall(SYS_fstat, fd, buf);
	syscall(SYS_fsync, fd);
	syscall(SYS_close, d);
	syscall(SYS_close, 21);
	syscall(SYS_close, 30);
	/* EBADF */
	syscall(SYS_close, 99);
	syscall(SYS_read, 99, buf, 1);
	syscall(SYS_fcntl, 99, F_GETFD);
	/* EFAULT */
	syscall(SYS_write, fd, (void *)16, 4);
	/* ENOENT */
	syscall(SYS_openat, AT_FDCWD, DIR_ "/missing", O_RDONLY);
	syscall(SYS_unlinkat, AT_FDCWD, DIR_ "/missing", 0);
	/* ENOTDIR, ERANGE */
	syscall(SYS_chdir, DIR_ "/a");
	syscall(SYS_getcwd, buf, 1);
	syscall(SYS_getcwd, buf, sizeof(buf));
	/* sendfile: an offset the kernel moves ([0] => [3]), none, one it leaves (EBADF) */
	d = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_WRONLY);
	off = 0;
	syscall(SYS_sendfile, d, fd, &off, 3);
	syscall(SYS_lseek, fd, 0, SEEK_SET);
	syscall(SYS_sendfile, d, fd, NULL, 2);
	syscall(SYS_sendfile, d, 99, &off, 2);
	syscall(SYS_close, d);
	syscall(SYS_close, fd);
	d = syscall(SYS_openat, AT_FDCWD, DIR_, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = syscall(SYS_getdents64, d, buf, sizeof(buf));
	while (r > 0)
		r = syscall(SYS_getdents64, d, buf, sizeof(buf));
	syscall(SYS_close, d);
	syscall(SYS_umask, 022);
	syscall(SYS_renameat2, AT_FDCWD, DIR_ "/a", AT_FDCWD, DIR_ "/b", RENAME_NOREPLACE);
	syscall(SYS_fchmodat, AT_FDCWD, DIR_ "/b", 0644);
}

static void memory(void)
{
	long brk0, fd;
	void *m, *m2;

	brk0 = syscall(SYS_brk, 0);
	syscall(SYS_brk, brk0 + 8192);
	syscall(SYS_brk, brk0);
	fd = syscall(SYS_openat, AT_FDCWD, DIR_ "/b", O_RDWR);
	syscall(SYS_ftruncate, fd, 8192);
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		die("mmap");
	syscall(SYS_msync, m, 4096, MS_SYNC);
	syscall(SYS_madvise, m, 8192, MADV_DONTNEED);
	syscall(SYS_mprotect, m, 4096, PROT_NONE);
	syscall(SYS_munmap, m, 8192);
	syscall(SYS_close, fd);
	/* EBADF: a file mapping of no file */
	mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
		 -1, 0);
	m2 = mremap(m, 4096, 16384, MREMAP_MAYMOVE);
	syscall(SYS_mlock, m2, 4096);
	syscall(SYS_munlock, m2, 4096);
	syscall(SYS_madvise, m2, 16384, MADV_WILLNEED);
	syscall(SYS_munmap, m2, 16384);
	/* EINVAL: not page-aligned */
	syscall(SYS_munmap, (void *)0x1001, 4096);
}

static void signals(void)
{
	struct sigaction sa;
	sigset_t set, old;
	stack_t ss;
	struct timespec zero = { 0, 0 };
	static char altstack[65536];

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaddset(&sa.sa_mask, SIGUSR2);
	syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 8);
	sigaction(SIGUSR1, &sa, NULL);
	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	sigaltstack(NULL, &ss);
	syscall(SYS_kill, getpid(), SIGUSR1);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 8);
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR2);
	syscall(SYS_rt_sigpending, &old, 8);
	syscall(SYS_rt_sigtimedwait, &set, NULL, &zero, 8);
	/* EAGAIN: nothing pending any more */
	syscall(SYS_rt_sigtimedwait, &set, NULL, &zero, 8);
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
	/* EINVAL: no signal 0 action; ESRCH */
	syscall(SYS_rt_sigaction, 0, NULL, NULL, 8);
	syscall(SYS_kill, 999999, 0);
	signal(SIGPIPE, SIG_IGN);
}

static void processes(void)
{
	pthread_t th;
	siginfo_t si;
	int st;
	pid_t pid;
	char c;

	syscall(SYS_getpid);
	syscall(SYS_getppid);
	syscall(SYS_getuid);
	syscall(SYS_geteuid);
	syscall(SYS_getgid);
	syscall(SYS_getpgid, 0);
	pid = fork();
	if (pid == 0)
		_exit(5);
	wait4(pid, &st, 0, NULL);
	pid = fork();
	if (pid == 0) {
		syscall(SYS_getppid);
		exit(6);
	}
	waitid(P_PID, pid, &si, WEXITED);
	pid = vfork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	/* ECHILD */
	wait4(-1, &st, WNOHANG, NULL);
	if (pipe(thread_pipe))
		die("pipe");
	if (pthread_create(&th, NULL, worker, NULL))
		die("pthread_create");
	if (read(thread_pipe[0], &c, 1) != 1)
		die("read");
	/* the thread has exited when the join starts: no futex wait */
	usleep(200000);
	pthread_join(th, NULL);
	syscall(SYS_setpgid, 0, 0);
	syscall(SYS_getpriority, PRIO_PROCESS, 0);
	syscall(SYS_sched_getscheduler, 0);
}

static void sockets_and_messages(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in b;
	socklen_t len;
	int one = 1, val;
	long l, c, s, u1, u2, r;
	char buf[64];
	struct iovec iov[2];
	struct msghdr mh;
	struct mmsghdr mm[2];
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct cmsghdr *cm;
	int sv[2];
	struct linger lg = { .l_onoff = 0, .l_linger = 5 };
	struct sockaddr_storage ss;

	l = syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	syscall(SYS_setsockopt, l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* 127.0.0.1:1 is closed: ECONNREFUSED below */
	a.sin_port = htons(1);
	c = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	syscall(SYS_connect, c, &a, sizeof(a));
	syscall(SYS_close, c);
	a.sin_port = htons(0);
	syscall(SYS_bind, l, &a, sizeof(a));
	syscall(SYS_listen, l, 8);
	len = sizeof(b);
	syscall(SYS_getsockname, l, &b, &len);
	c = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	syscall(SYS_setsockopt, c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	syscall(SYS_connect, c, &b, sizeof(b));
	s = syscall(SYS_accept4, l, NULL, NULL, SOCK_CLOEXEC);
	len = sizeof(val);
	syscall(SYS_getsockopt, c, SOL_SOCKET, SO_ERROR, &val, &len);
	len = sizeof(val);
	syscall(SYS_getsockopt, c, SOL_SOCKET, SO_TYPE, &val, &len);
	len = sizeof(val);
	syscall(SYS_getsockopt, c, IPPROTO_TCP, TCP_NODELAY, &val, &len);
	/* socket options: a structure, a string, a length the kernel shortens, EBADF */
	syscall(SYS_setsockopt, c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	len = sizeof(lg);
	syscall(SYS_getsockopt, c, SOL_SOCKET, SO_LINGER, &lg, &len);
	syscall(SYS_setsockopt, c, IPPROTO_TCP, TCP_CONGESTION, "reno", 4);
	len = 16;
	syscall(SYS_getsockopt, c, SOL_SOCKET, SO_PEERCRED, &ss, &len);
	len = sizeof(val);
	syscall(SYS_getsockopt, 99, SOL_SOCKET, SO_TYPE, &val, &len);
	/* an address shorter than the buffer: [128 => 16] */
	len = sizeof(ss);
	syscall(SYS_getpeername, s, &ss, &len);
	syscall(SYS_sendto, c, "hello", 5, MSG_NOSIGNAL, NULL, 0);
	syscall(SYS_recvfrom, s, buf, sizeof(buf), 0, NULL, NULL);
	syscall(SYS_shutdown, c, SHUT_WR);
	/* wait for the FIN (a slow guest may not have it yet): the MSG_DONTWAIT read sees 0 */
	syscall(SYS_recvfrom, s, buf, sizeof(buf), MSG_PEEK, NULL, NULL);
	syscall(SYS_recvfrom, s, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL);
	syscall(SYS_close, s);
	syscall(SYS_close, c);
	syscall(SYS_close, l);
	/* EAFNOSUPPORT, ENOTSOCK */
	syscall(SYS_socket, 12345, SOCK_STREAM, 0);
	syscall(SYS_listen, 0, 1);

	/* UDP: addresses on sendto/recvfrom and in message headers */
	u1 = syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
	u2 = syscall(SYS_socket, AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	a.sin_port = htons(7001);
	syscall(SYS_bind, u1, &a, sizeof(a));
	a.sin_port = htons(7002);
	syscall(SYS_bind, u2, &a, sizeof(a));
	a.sin_port = htons(7001);
	syscall(SYS_sendto, u2, "udp1", 4, 0, &a, sizeof(a));
	len = sizeof(b);
	syscall(SYS_recvfrom, u1, buf, sizeof(buf), 0, &b, &len);
	/* MSG_TRUNC: the result (5) is the datagram's length, the buffer holds 2 */
	syscall(SYS_sendto, u2, "trunc", 5, 0, &a, sizeof(a));
	syscall(SYS_recvfrom, u1, buf, 2, MSG_TRUNC, NULL, NULL);
	iov[0].iov_base = "ab";
	iov[0].iov_len = 2;
	iov[1].iov_base = "cde";
	iov[1].iov_len = 3;
	memset(&mh, 0, sizeof(mh));
	mh.msg_name = &a;
	mh.msg_namelen = sizeof(a);
	mh.msg_iov = iov;
	mh.msg_iovlen = 2;
	syscall(SYS_sendmsg, u2, &mh, 0);
	iov[0].iov_base = buf;
	iov[0].iov_len = 3;
	iov[1].iov_base = buf + 8;
	iov[1].iov_len = 8;
	memset(&mh, 0, sizeof(mh));
	mh.msg_name = &b;
	mh.msg_namelen = sizeof(b);
	mh.msg_iov = iov;
	mh.msg_iovlen = 2;
	syscall(SYS_recvmsg, u1, &mh, 0);
	/* EAGAIN */
	r = syscall(SYS_recvmsg, u2, &mh, MSG_DONTWAIT);
	(void)r;
	memset(mm, 0, sizeof(mm));
	iov[0].iov_base = "m1";
	iov[0].iov_len = 2;
	iov[1].iov_base = "m22";
	iov[1].iov_len = 3;
	mm[0].msg_hdr.msg_name = &a;
	mm[0].msg_hdr.msg_namelen = sizeof(a);
	mm[0].msg_hdr.msg_iov = &iov[0];
	mm[0].msg_hdr.msg_iovlen = 1;
	mm[1].msg_hdr.msg_name = &a;
	mm[1].msg_hdr.msg_namelen = sizeof(a);
	mm[1].msg_hdr.msg_iov = &iov[1];
	mm[1].msg_hdr.msg_iovlen = 1;
	syscall(SYS_sendmmsg, u2, mm, 2, 0);
	iov[0].iov_base = buf;
	iov[0].iov_len = 8;
	iov[1].iov_base = buf + 8;
	iov[1].iov_len = 8;
	memset(mm, 0, sizeof(mm));
	mm[0].msg_hdr.msg_iov = &iov[0];
	mm[0].msg_hdr.msg_iovlen = 1;
	mm[1].msg_hdr.msg_iov = &iov[1];
	mm[1].msg_hdr.msg_iovlen = 1;
	/* wait for the datagrams to be there (a slow guest), then take both without blocking */
	syscall(SYS_recvfrom, u1, buf, 1, MSG_PEEK, NULL, NULL);
	syscall(SYS_recvmmsg, u1, mm, 2, MSG_DONTWAIT, NULL);
	syscall(SYS_close, u1);
	syscall(SYS_close, u2);

	/* a descriptor passed with SCM_RIGHTS */
	syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
	memset(&mh, 0, sizeof(mh));
	memset(&ctl, 0, sizeof(ctl));
	iov[0].iov_base = "fd";
	iov[0].iov_len = 2;
	mh.msg_iov = iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.space;
	mh.msg_controllen = sizeof(ctl.space);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &sv[0], sizeof(int));
	syscall(SYS_sendmsg, sv[0], &mh, 0);
	memset(&ctl, 0, sizeof(ctl));
	iov[0].iov_base = buf;
	iov[0].iov_len = 8;
	mh.msg_control = ctl.space;
	mh.msg_controllen = sizeof(ctl.space);
	syscall(SYS_recvmsg, sv[1], &mh, MSG_CMSG_CLOEXEC);
	memcpy(&val, CMSG_DATA(CMSG_FIRSTHDR(&mh)), sizeof(int));
	syscall(SYS_close, val);
	syscall(SYS_close, sv[0]);
	syscall(SYS_close, sv[1]);
}

static void polling(void)
{
	int p[2], ep;
	fd_set rd, wr, ex;
	struct {
		const sigset_t *ss;
		size_t len;
	} sd;
	struct timeval tv = { 0, 10000 };
	struct timespec ts = { 0, 10000000 };
	struct pollfd pf[2];
	struct epoll_event ev, evs[2];
	sigset_t mask;

	if (pipe2(p, O_NONBLOCK))
		die("pipe2");
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
#ifdef SYS_select
	syscall(SYS_select, p[0] + 1, &rd, NULL, NULL, &tv);
#endif
	(void)tv;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	syscall(SYS_pselect6, p[0] + 1, &rd, NULL, NULL, &ts, NULL);
	if (write(p[1], "x", 1) != 1)
		die("write");
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	/* the timed-out call wrote 0 back */
	ts.tv_nsec = 10000000;
	syscall(SYS_pselect6, p[0] + 1, &rd, NULL, NULL, &ts, NULL);
	ts.tv_nsec = 10000000;
	/* a read and a write set, both returned non-empty, no timeout */
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	FD_ZERO(&wr);
	FD_SET(p[1], &wr);
#ifdef SYS_select
	syscall(SYS_select, p[1] + 1, &rd, &wr, NULL, NULL);
#endif
	/* pselect6's sigset argument, an except set, a timeout left */
	FD_ZERO(&wr);
	FD_SET(p[1], &wr);
	FD_ZERO(&ex);
	FD_SET(p[0], &ex);
	FD_SET(p[1], &ex);
	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGINT);
	sd.ss = &mask;
	sd.len = 8;
	ts.tv_sec = 1;
	ts.tv_nsec = 0;
	syscall(SYS_pselect6, p[1] + 1, NULL, &wr, &ex, &ts, &sd);
	/* nfds 0: no set is read */
	ts.tv_sec = 0;
	ts.tv_nsec = 1000000;
	syscall(SYS_pselect6, 0, NULL, NULL, NULL, &ts, NULL);
	ts.tv_nsec = 10000000;
	pf[0].fd = p[0];
	pf[0].events = POLLIN | POLLPRI;
	pf[1].fd = 99;
	pf[1].events = POLLIN;
	sigemptyset(&mask);
	syscall(SYS_ppoll, pf, 2, &ts, &mask, 8);
	ep = syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLET;
	ev.data.fd = p[0];
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, p[0], &ev);
	ev.events = EPOLLIN | EPOLLOUT;
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_MOD, p[0], &ev);
	syscall(SYS_epoll_pwait, ep, evs, 2, 10, NULL, 8);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, p[0], NULL);
	/* EBADF, ENOENT */
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, 99, &ev);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, p[1], NULL);
	syscall(SYS_close, ep);
	syscall(SYS_close, p[0]);
	syscall(SYS_close, p[1]);
}

static void timing(void)
{
	struct timespec ts = { 0, 2000000 }, now;
	struct timeval tv;
	struct itimerspec its = { { 0, 0 }, { 0, 5000000 } };
	struct itimerval itv;
	unsigned long long n;
	long t;

	syscall(SYS_nanosleep, &ts, NULL);
	syscall(SYS_clock_gettime, CLOCK_REALTIME, &now);
	syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &now);
	syscall(SYS_clock_getres, CLOCK_MONOTONIC, &now);
	syscall(SYS_gettimeofday, &tv, NULL);
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, NULL);
	/* EINVAL */
	ts.tv_nsec = 2000000000;
	syscall(SYS_nanosleep, &ts, NULL);
	syscall(SYS_clock_gettime, 1234, &now);
	t = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC);
	syscall(SYS_timerfd_settime, t, 0, &its, NULL);
	syscall(SYS_timerfd_gettime, t, &its);
	if (read(t, &n, sizeof(n)) != sizeof(n))
		die("timerfd");
	syscall(SYS_close, t);
	memset(&itv, 0, sizeof(itv));
	syscall(SYS_getitimer, ITIMER_REAL, &itv);
	syscall(SYS_setitimer, ITIMER_REAL, &itv, NULL);
}

static void vectors(void)
{
	char a[4], b[8];
	struct iovec iov[2] = { { "pre", 3 }, { "adv", 3 } }, w[3];
	long fd = syscall(SYS_openat, AT_FDCWD, DIR_ "/v", O_RDWR | O_CREAT | O_TRUNC, 0644);

	syscall(SYS_pwritev, fd, iov, 2, 0, 0);
	syscall(SYS_pwritev2, fd, iov, 1, 6, 0, RWF_DSYNC);
	iov[0].iov_base = a;
	iov[0].iov_len = sizeof(a);
	iov[1].iov_base = b;
	iov[1].iov_len = sizeof(b);
	syscall(SYS_preadv, fd, iov, 2, 0, 0);
	syscall(SYS_preadv2, fd, iov, 1, 2, 0, 0);
	/* EFAULT: an unreadable vector */
	syscall(SYS_readv, fd, (void *)16, 2);
	/* a failed readv: its elements' addresses */
	syscall(SYS_readv, -1, iov, 2);
	/* an empty element, and one whose memory cannot be read (its address) */
	w[0].iov_base = "ab";
	w[0].iov_len = 2;
	w[1].iov_base = "";
	w[1].iov_len = 0;
	w[2].iov_base = (void *)16;
	w[2].iov_len = 3;
	syscall(SYS_writev, fd, w, 3);
	syscall(SYS_close, fd);
}

static void ioctls(void)
{
	struct termios t;
	struct winsize ws = { 24, 80, 0, 0 };
	int n, zero = 0, p[2];
	long m, nul;

	m = syscall(SYS_openat, AT_FDCWD, "/dev/ptmx", O_RDWR | O_NOCTTY);
	syscall(SYS_ioctl, m, TCGETS, &t);
	syscall(SYS_ioctl, m, TCSETS, &t);
	syscall(SYS_ioctl, m, TIOCSWINSZ, &ws);
	syscall(SYS_ioctl, m, TIOCGWINSZ, &ws);
	syscall(SYS_ioctl, m, TIOCGPTN, &n);
	syscall(SYS_ioctl, m, TIOCSPTLCK, &zero);
	syscall(SYS_ioctl, m, FIONBIO, &zero);
	syscall(SYS_close, m);
	nul = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
	/* ENOTTY, EBADF */
	syscall(SYS_ioctl, nul, TCGETS, &t);
	syscall(SYS_ioctl, nul, TIOCGWINSZ, &ws);
	syscall(SYS_ioctl, 99, FIONREAD, &n);
	syscall(SYS_close, nul);
	if (pipe(p))
		die("pipe");
	if (write(p[1], "abc", 3) != 3)
		die("write");
	syscall(SYS_ioctl, p[0], FIONREAD, &n);
	syscall(SYS_close, p[0]);
	syscall(SYS_close, p[1]);
}

static void futexes(void)
{
	static int word = 1;
	struct timespec ts = { 0, 1000000 };

	syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	/* EAGAIN: the word is not 0 */
	syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	/* ETIMEDOUT */
	syscall(SYS_futex, &word, FUTEX_WAIT, 1, &ts, NULL, 0);
	syscall(SYS_futex, &word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, NULL, NULL,
		FUTEX_BITSET_MATCH_ANY);
	/* EFAULT */
	syscall(SYS_futex, (void *)16, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static void prctls(void)
{
	char name[16];
	int sig;
#ifdef SYS_arch_prctl
	unsigned long fs;
#endif

	syscall(SYS_prctl, PR_SET_NAME, "fam-renamed", 0, 0, 0);
	syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_PDEATHSIG, &sig, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_CHILD_SUBREAPER, &sig, 0, 0, 0);
	/* EFAULT: nothing written, shown as the address */
	syscall(SYS_prctl, PR_GET_NAME, 1, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	/* EINVAL */
	syscall(SYS_prctl, 0x7fff, 0, 0, 0, 0);
#ifdef SYS_arch_prctl
	syscall(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, &fs);
	syscall(SYS_arch_prctl, 0x1011 /* ARCH_GET_CPUID */, 0);
	syscall(SYS_arch_prctl, 0x9999, 0);
#endif
}

/*
 * Requests and operations strace names, with arguments that fail the same
 * way on every run (a pid no task has, fd -1, NULL) or succeed without
 * effect. The constants are the kernel's (its uapi headers), spelled out.
 */
static void multiplexed(void)
{
	const long nopid = 0x7fffffff;

	syscall(SYS_ptrace, 0x10 /* PTRACE_ATTACH */, nopid, 0, 0);
	syscall(SYS_ptrace, 7 /* PTRACE_CONT */, nopid, 0, SIGUSR1);
	syscall(SYS_ptrace, 0x4200 /* PTRACE_SETOPTIONS */, nopid, 0,
		1 /* PTRACE_O_TRACESYSGOOD */ | 0x100000 /* PTRACE_O_EXITKILL */);
	syscall(SYS_ptrace, 0x4204 /* PTRACE_GETREGSET */, nopid, 1 /* NT_PRSTATUS */, NULL);
	syscall(SYS_ptrace, 2 /* PTRACE_PEEKDATA */, nopid, 0x1000, 0);
	syscall(SYS_add_key, "user", NULL, NULL, 0, -1 /* KEY_SPEC_THREAD_KEYRING */);
	syscall(SYS_keyctl, 3 /* KEYCTL_REVOKE */, -6 /* KEY_SPEC_GROUP_KEYRING */, 0, 0, 0);
	syscall(SYS_keyctl, 0x7fff, 1, 2, 3, 4);
	syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, NULL, 256);
	syscall(SYS_kcmp, -1, -1, 1 /* KCMP_VM */, 0, 0);
	syscall(SYS_membarrier, 0 /* MEMBARRIER_CMD_QUERY */, 0, 0);
	syscall(SYS_seccomp, 2 /* SECCOMP_GET_ACTION_AVAIL */, 0, NULL);
	syscall(SYS_set_mempolicy, 0 /* MPOL_DEFAULT */, NULL, 0);
	syscall(SYS_get_mempolicy, NULL, NULL, 0, NULL, 0);
	syscall(SYS_quotactl, 0x80000300 /* QCMD(Q_QUOTAOFF, USRQUOTA) */, NULL, 0, NULL);
	syscall(SYS_io_uring_register, -1, 1 /* IORING_UNREGISTER_BUFFERS */, NULL, 0);
	syscall(SYS_setns, -1, 0x40000000 /* CLONE_NEWNET */);
	syscall(SYS_unshare, 0);
}

int main(void)
{
	char rnd[8];

	fds();
	memory();
	signals();
	processes();
	sockets_and_messages();
	polling();
	timing();
	vectors();
	ioctls();
	futexes();
	prctls();
	multiplexed();
	syscall(SYS_getrandom, rnd, sizeof(rnd), GRND_NONBLOCK);
	syscall(SYS_sched_yield);
	if (got != SIGUSR1)
		return 2;
	printf("families: ok\n");
	return 0;
}
