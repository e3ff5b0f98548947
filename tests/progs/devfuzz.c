// SPDX-License-Identifier: MIT
/*
 * devfuzz MODE ...: /dev/my_sysdig with hostile and racy input, for
 * tests/vm/fault_test.ts. Every mode prints one line "ok: ..." and exits 0,
 * or prints what went wrong (with the PRNG seed, where one is used) and
 * exits 1; DEVFUZZ_TRACE=1 prints every fuzzed call on stderr. The kernel
 * log is the harness's to check.
 *
 *   fuzz SEED N      N random and boundary ioctls and reads (commands,
 *                    sizes, directions; pointers NULL, unmapped, read-only,
 *                    kernel, straddling a page; filters mutated from a
 *                    valid one), each result checked against what the
 *                    module may answer; then the device must still work
 *   reads            reads of 0, 1, 7 bytes and into bad buffers take no
 *                    record; a buffer that faults part-way (two CPUs'
 *                    records) gets EFAULT, never records without their
 *                    BATCH mark; every record arrives once
 *   opens ROUNDS T   T threads open at once: exactly one wins, the others
 *                    get EBUSY
 *   reopen N SEED    N times: open, a few fuzzed ioctls, START, something
 *                    still holding the file (a thread asleep in a blocking
 *                    read, a thread in ioctls, a child asleep in read), close,
 *                    and open again at once: every open must succeed
 *   cycles N         N START/STOP cycles while two busy children run, every
 *                    record read, recorded + dropped == seen each time
 *   blockread        a blocking read() returns records that arrive after it
 *                    went to sleep, below the ring's wake mark
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "../../kmod/my_sysdig_abi.h"

#define DEV "/dev/my_sysdig"

static unsigned long long seed;
static const char *mode = "?";

#define FAIL(...)                                                              \
	do {                                                                   \
		fprintf(stderr, "devfuzz %s: ", mode);                         \
		fprintf(stderr, __VA_ARGS__);                                  \
		fprintf(stderr, " (seed %llu)\n", seed);                       \
		exit(1);                                                       \
	} while (0)

static unsigned long long rng_state;

static unsigned long long rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static unsigned int rnd_below(unsigned int n)
{
	return n ? (unsigned int)(rnd() % n) : 0;
}

static long page;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int dev_open(int nonblock)
{
	return open(DEV, O_RDWR | O_CLOEXEC | (nonblock ? O_NONBLOCK : 0));
}

/* ioctl returning 0 or -errno */
static int ioc(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

static long rd(int fd, void *buf, size_t len)
{
	ssize_t n = read(fd, buf, len);

	return n < 0 ? -errno : n;
}

static void *map(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		FAIL("mmap: %s", strerror(errno));
	return p;
}

/* A filter that selects this process's children, only getppid. */
static void filter_children(struct msd_filter *f, int nr)
{
	memset(f, 0, sizeof(*f));
	f->flags = MSD_F_CHILDREN | MSD_F_SYSCALLS;
	f->syscalls[nr / 64] = 1ULL << (nr % 64);
}

static pid_t spawn_getppid(int cpu, long n, int delay_ms)
{
	pid_t pid = fork();

	if (pid < 0)
		FAIL("fork: %s", strerror(errno));
	if (pid == 0) {
		if (cpu >= 0) {
			cpu_set_t set;

			CPU_ZERO(&set);
			CPU_SET(cpu, &set);
			if (sched_setaffinity(0, sizeof(set), &set) < 0)
				_exit(2);
		}
		if (delay_ms)
			msleep(delay_ms);
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
		_exit(0);
	}
	return pid;
}

/* A child that lives until killed: it dies with us too, so a failing mode never leaves it. */
static pid_t spawn_forever(int busy)
{
	pid_t pid = fork();

	if (pid < 0)
		FAIL("fork: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(0);
		for (;;) {
			if (busy)
				syscall(SYS_getppid);
			else
				pause();
		}
	}
	return pid;
}

static void reap(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		FAIL("child %d failed (status 0x%x)", pid, st);
}

/*
 * Walks the records of one read: whole records, sane sizes, a BATCH last.
 * Returns the number of SYSCALL records of syscall nr (-1: any kind but
 * BATCH and DROP).
 */
static long check_records(const unsigned char *b, long n, int nr)
{
	long pos = 0, count = 0;
	const struct msd_rec_hdr *h = NULL;

	while (pos < n) {
		h = (const struct msd_rec_hdr *)(b + pos);
		if (h->size < sizeof(*h) || h->size % 8 || pos + h->size > n)
			FAIL("record of size %u at %ld of %ld bytes", h->size, pos, n);
		if (nr < 0 ? h->kind != MSD_REC_BATCH && h->kind != MSD_REC_DROP :
			     h->kind == MSD_REC_SYSCALL && h->nr == nr)
			count++;
		pos += h->size;
	}
	if (n > 0 && h->kind != MSD_REC_BATCH)
		FAIL("a read of %ld bytes ends in a record of kind %u, not BATCH", n, h->kind);
	return count;
}

static void stats_all(int fd, struct msd_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->cpu = MSD_ALL_CPUS;
	if (ioc(fd, MSD_IOC_STATS, st))
		FAIL("STATS: %s", strerror(errno));
}

/* ---- fuzz ----------------------------------------------------------------- */

struct ptrs {
	unsigned char *good;	/* 2 pages, read-write */
	unsigned char *ro;	/* a read-only page */
	unsigned char *none;	/* PROT_NONE */
	unsigned char *edge;	/* the last bytes of a read-write page before a PROT_NONE one */
	unsigned char *gone;	/* never mapped */
};

enum pkind { P_GOOD, P_NULL, P_ONE, P_RO, P_NONE, P_EDGE, P_GONE, P_KERN, P_TOP, P_NKINDS };
static const char *pkind_name[] = { "good", "NULL", "1", "read-only", "PROT_NONE",
				     "page-edge", "unmapped", "kernel", "top" };

static struct ptrs P;

static void ptrs_init(void)
{
	P.good = map(2 * page, PROT_READ | PROT_WRITE);
	P.ro = map(page, PROT_READ);
	P.none = map(page, PROT_NONE);
	P.edge = map(2 * page, PROT_READ | PROT_WRITE);
	mprotect(P.edge + page, page, PROT_NONE);
	P.edge += page - 8;
	/* below mmap_min_addr: never mapped, whatever the fuzzer maps and unmaps meanwhile */
	P.gone = (unsigned char *)0x3000;
}

static void *ptr_of(enum pkind k)
{
	static const unsigned long kern[] = {
		0xffffffff81000000UL, 0xffff800000000000UL, 0xffff000000000000UL,
		0xffff888000000000UL, 0x8000000000000000UL,
	};

	switch (k) {
	case P_GOOD:
		return P.good;
	case P_NULL:
		return NULL;
	case P_ONE:
		return (void *)1;
	case P_RO:
		return P.ro;
	case P_NONE:
		return P.none;
	case P_EDGE:
		return P.edge;
	case P_GONE:
		return P.gone;
	case P_KERN:
		return (void *)kern[rnd_below(sizeof(kern) / sizeof(kern[0]))];
	default:
		return (void *)(~0UL - rnd_below(4096));
	}
}

static const unsigned long cmds[] = {
	MSD_IOC_VERSION, MSD_IOC_INFO, MSD_IOC_SET_FILTER, MSD_IOC_START, MSD_IOC_STOP,
	MSD_IOC_STATS,
};

/* A filter in the good buffer: a valid one, then a few mutations. */
static void fuzz_filter(void)
{
	struct msd_filter *f = (struct msd_filter *)P.good;
	static const uint32_t edges[] = { 0, 1, 64, 65, 127, 128, 129, 16384, 16385,
					  MSD_BUF_KB_MAX, MSD_BUF_KB_MAX + 1, 0x7fffffff,
					  0x80000000U, 0xffffffffU };
	unsigned int i, n = rnd_below(4);

	filter_children(f, (int)rnd_below(MSD_NR_MAX));
	if (rnd_below(2))
		f->flags |= 1U << rnd_below(8);
	for (i = 0; i < n; i++) {
		uint32_t v = rnd_below(2) ? edges[rnd_below(sizeof(edges) / sizeof(edges[0]))] :
					    (uint32_t)rnd();
		unsigned int at = rnd_below(sizeof(*f) / 4) * 4;

		memcpy(P.good + at, &v, 4);
	}
	/* big valid rings cost the guest seconds to zero: keep them small */
	if (f->buf_kb > 4096 && f->buf_kb <= MSD_BUF_KB_MAX)
		f->buf_kb = MSD_BUF_KB_MIN + f->buf_kb % 1024;
	/* a filter that selects every process traces the whole guest: now and then only */
	if (!(f->flags & (MSD_F_PIDS | MSD_F_COMM | MSD_F_CHILDREN)) && rnd_below(4))
		f->flags |= MSD_F_CHILDREN;
}

static int in(int v, const int *ok, int n)
{
	for (int i = 0; i < n; i++)
		if (v == ok[i])
			return 1;
	return 0;
}

#define EXPECT(v, ...)                                                          \
	do {                                                                    \
		const int ok_[] = { __VA_ARGS__ };                              \
		if (!in((v), ok_, sizeof(ok_) / sizeof(ok_[0])))                \
			FAIL("call %ld: cmd 0x%lx arg %s %p returned %d (%s)", i, cmd, \
			     pkind_name[k], arg, (v), (v) < 0 ? strerror(-(v)) : "ok"); \
	} while (0)

/* n calls on fd; running tracks whether tracing is on. Returns running. */
static int fuzz_calls(int fd, long n, int running)
{
	for (long i = 0; i < n; i++) {
		enum pkind k = rnd_below(3) ? P_GOOD : (enum pkind)rnd_below(P_NKINDS);
		void *arg = ptr_of(k);
		unsigned long cmd;
		int r, pick = rnd_below(20);
		int bad = k != P_GOOD && k != P_RO && k != P_EDGE;

		if (pick < 12) {
			cmd = cmds[rnd_below(6)];
		} else if (pick < 15) {
			/* a real number with another size or direction */
			cmd = _IOC(rnd_below(4), MSD_IOC_MAGIC, 1 + rnd_below(6),
				   rnd_below(2) ? rnd_below(1024) : sizeof(struct msd_filter) + 1);
		} else if (pick < 17) {
			cmd = _IOC(rnd_below(4), MSD_IOC_MAGIC, rnd_below(256), rnd_below(16384));
		} else if (pick < 19) {
			cmd = (uint32_t)rnd();
		} else {
			/* a read: bad lengths and buffers */
			static const size_t lens[] = { 0, 1, 7, 48, MSD_READ_MIN - 1, MSD_READ_MIN };
			size_t len = lens[rnd_below(6)];
			unsigned char *buf = k == P_GOOD ? map(MSD_READ_MIN, PROT_READ | PROT_WRITE) :
							   arg;
			long got = rd(fd, buf, len);

			cmd = 0;
			if (getenv("DEVFUZZ_TRACE"))
				fprintf(stderr, "call %ld read %zu %s\n", i, len, pkind_name[k]);
			if (len < MSD_READ_MIN) {
				/* the VFS refuses a kernel address before the module sees the length */
				if (k == P_GOOD || k == P_RO || k == P_EDGE)
					EXPECT((int)got, -EINVAL);
				else
					EXPECT((int)got, -EINVAL, -EFAULT);
			} else if (k == P_GOOD) {
				if (got < 0)
					EXPECT((int)got, -EAGAIN, -EINVAL);
				if (got > 0)
					check_records(buf, got, -1);
			} else {
				if (got > 0)
					FAIL("call %ld: read into %s buffer %p returned %ld", i,
					     pkind_name[k], arg, got);
			}
			if (k == P_GOOD)
				munmap(buf, MSD_READ_MIN);
			continue;
		}
		if (cmd == MSD_IOC_SET_FILTER && k == P_GOOD)
			fuzz_filter();
		if (getenv("DEVFUZZ_TRACE"))
			fprintf(stderr, "call %ld cmd 0x%lx %s flags 0x%x\n", i, cmd, pkind_name[k],
				((struct msd_filter *)P.good)->flags);

		if (cmd == MSD_IOC_STATS && (k == P_GOOD || k == P_EDGE))
			((struct msd_stats *)arg)->cpu = rnd_below(2) ? MSD_ALL_CPUS : rnd_below(4096);
		r = ioc(fd, cmd, arg);
		switch (cmd) {
		case MSD_IOC_VERSION:
			if (bad || k == P_RO)
				EXPECT(r, -EFAULT);
			else
				EXPECT(r, 0, -EFAULT);
			break;
		case MSD_IOC_INFO:
			if (k == P_GOOD)
				EXPECT(r, 0);
			else
				EXPECT(r, -EFAULT);
			break;
		case MSD_IOC_SET_FILTER:
			if (running)
				EXPECT(r, -EBUSY);
			else if (bad)
				EXPECT(r, -EFAULT);
			else
				EXPECT(r, 0, -EINVAL, -EFAULT);
			break;
		case MSD_IOC_START:
			if (running)
				EXPECT(r, -EBUSY);
			else
				EXPECT(r, 0, -E2BIG, -ENOMEM);
			running |= r == 0;
			break;
		case MSD_IOC_STOP:
			EXPECT(r, 0);
			running = 0;
			break;
		case MSD_IOC_STATS:
			if (bad)
				EXPECT(r, -EFAULT);
			else
				EXPECT(r, 0, -EINVAL, -EFAULT);
			break;
		default:
			EXPECT(r, -ENOTTY);
		}
	}
	return running;
}

static int do_fuzz(long n)
{
	struct msd_stats st;
	uint32_t v = 0;
	int fd = dev_open(1);

	if (fd < 0)
		FAIL("open: %s", strerror(errno));
	ptrs_init();
	fuzz_calls(fd, n, 0);
	if (ioc(fd, MSD_IOC_STOP, NULL))
		FAIL("STOP after the fuzz: %s", strerror(errno));
	if (ioc(fd, MSD_IOC_VERSION, &v) || v != MSD_ABI_VERSION)
		FAIL("VERSION after the fuzz: %u", v);
	stats_all(fd, &st);
	if (st.seen != st.recorded + st.dropped)
		FAIL("seen %llu != recorded %llu + dropped %llu", (unsigned long long)st.seen,
		     (unsigned long long)st.recorded, (unsigned long long)st.dropped);
	close(fd);
	printf("ok: %ld fuzzed calls\n", n);
	return 0;
}

/* ---- reads ---------------------------------------------------------------- */

static long drain_count(int fd, unsigned char *buf, int nr)
{
	long total = 0, n;

	while ((n = rd(fd, buf, MSD_READ_MIN)) > 0)
		total += check_records(buf, n, nr);
	if (n < 0 && n != -EAGAIN)
		FAIL("read: %s", strerror((int)-n));
	return total;
}

static int do_reads(void)
{
	unsigned char *buf = map(MSD_READ_MIN, PROT_READ | PROT_WRITE);
	unsigned char *ro = map(MSD_READ_MIN, PROT_READ);
	unsigned char *half = map(MSD_READ_MIN, PROT_READ | PROT_WRITE);
	int nr = SYS_getppid, two = sysconf(_SC_NPROCESSORS_ONLN) >= 2;
	struct msd_filter f;
	struct msd_stats st;
	long n, got;
	int fd = dev_open(1);

	if (fd < 0)
		FAIL("open: %s", strerror(errno));
	ptrs_init();
	if ((n = rd(fd, buf, MSD_READ_MIN)) != -EINVAL)
		FAIL("read before START returned %ld", n);
	filter_children(&f, nr);
	if (ioc(fd, MSD_IOC_SET_FILTER, &f) || ioc(fd, MSD_IOC_START, NULL))
		FAIL("START: %s", strerror(errno));
	/* one CPU's records all older than the other's: a read takes them in two runs */
	reap(spawn_getppid(0, 50, 0));
	reap(spawn_getppid(two ? 1 : 0, 500, 0));
	for (size_t len = 0; len < 8; len++)
		if ((n = rd(fd, buf, len)) != -EINVAL)
			FAIL("read of %zu bytes returned %ld", len, n);
	if ((n = rd(fd, buf, MSD_READ_MIN - 1)) != -EINVAL)
		FAIL("read of MSD_READ_MIN - 1 bytes returned %ld", n);
	if ((n = rd(fd, NULL, MSD_READ_MIN)) != -EFAULT)
		FAIL("read into NULL returned %ld", n);
	if ((n = rd(fd, P.gone, MSD_READ_MIN)) != -EFAULT)
		FAIL("read into unmapped memory returned %ld", n);
	if ((n = rd(fd, (void *)0xffffffff81000000UL, MSD_READ_MIN)) != -EFAULT)
		FAIL("read into a kernel address returned %ld", n);
	if ((n = rd(fd, ro, MSD_READ_MIN)) != -EFAULT)
		FAIL("read into read-only memory returned %ld", n);
	/* 16 KiB writable, then PROT_NONE: room for the first CPU's 50 records only */
	mprotect(half + 16384, MSD_READ_MIN - 16384, PROT_NONE);
	n = rd(fd, half, MSD_READ_MIN);
	if (n != -EFAULT) {
		if (n > 0)
			check_records(half, n, nr);	/* fails without a BATCH at the end */
		FAIL("read into a buffer that faults part-way returned %ld", n);
	}
	got = drain_count(fd, buf, nr);
	if (got != 550)
		FAIL("%ld getppid records read after the failed reads, not 550", got);
	if (ioc(fd, MSD_IOC_STOP, NULL))
		FAIL("STOP: %s", strerror(errno));
	stats_all(fd, &st);
	if (st.recorded != 550 || st.dropped || st.seen != 550)
		FAIL("stats: seen %llu recorded %llu dropped %llu", (unsigned long long)st.seen,
		     (unsigned long long)st.recorded, (unsigned long long)st.dropped);
	if ((n = rd(fd, buf, MSD_READ_MIN)) != 0)
		FAIL("read after STOP at empty returned %ld", n);
	close(fd);
	printf("ok: bad reads took nothing, 550 records read once (%s)\n",
	       two ? "two CPUs" : "one CPU");
	return 0;
}

/* ---- opens ---------------------------------------------------------------- */

static pthread_barrier_t open_barrier;
static int open_fd[64], open_err[64];

static void *opener(void *arg)
{
	long i = (long)arg;

	pthread_barrier_wait(&open_barrier);
	open_fd[i] = dev_open(1);
	open_err[i] = open_fd[i] < 0 ? errno : 0;
	return NULL;
}

static int do_opens(long rounds, long nthreads)
{
	pthread_t th[64];

	if (nthreads < 2 || nthreads > 64)
		FAIL("2..64 threads");
	for (long r = 0; r < rounds; r++) {
		int wins = 0;

		pthread_barrier_init(&open_barrier, NULL, nthreads);
		for (long i = 0; i < nthreads; i++)
			pthread_create(&th[i], NULL, opener, (void *)i);
		for (long i = 0; i < nthreads; i++)
			pthread_join(th[i], NULL);
		pthread_barrier_destroy(&open_barrier);
		for (long i = 0; i < nthreads; i++) {
			if (open_fd[i] >= 0)
				wins++;
			else if (open_err[i] != EBUSY)
				FAIL("round %ld: open failed with %s", r, strerror(open_err[i]));
		}
		if (wins != 1)
			FAIL("round %ld: %d of %ld concurrent opens succeeded", r, wins, nthreads);
		for (long i = 0; i < nthreads; i++)
			if (open_fd[i] >= 0)
				close(open_fd[i]);
	}
	printf("ok: %ld rounds of %ld concurrent opens, one winner each\n", rounds, nthreads);
	return 0;
}

/* ---- reopen --------------------------------------------------------------- */

struct holder {
	int fd;
	volatile int stop;
	volatile int done;
	long ret;
};

static void *blocked_reader(void *arg)
{
	struct holder *h = arg;
	unsigned char *buf = map(MSD_READ_MIN, PROT_READ | PROT_WRITE);

	h->ret = rd(h->fd, buf, MSD_READ_MIN);
	h->done = 1;
	munmap(buf, MSD_READ_MIN);
	return NULL;
}

static void *ioctl_spinner(void *arg)
{
	struct holder *h = arg;
	struct msd_stats st;
	uint32_t v;

	while (!h->stop) {
		ioctl(h->fd, MSD_IOC_VERSION, &v);
		st.cpu = MSD_ALL_CPUS;
		ioctl(h->fd, MSD_IOC_STATS, &st);
	}
	h->done = 1;
	return NULL;
}

/* Waits up to ms for *flag. */
static int wait_flag(volatile int *flag, int ms)
{
	double end = now_ms() + ms;

	while (!*flag && now_ms() < end)
		msleep(5);
	return *flag;
}

static int do_reopen(long n)
{
	struct msd_filter f;
	uint32_t v;
	int fd, fd2, dupfd;

	ptrs_init();
	/* a child that makes no syscalls: tracing it gives a reader nothing to read */
	pid_t idle = spawn_forever(0);

	for (long c = 0; c < n; c++) {
		struct holder h = { 0 };
		pthread_t th;
		pid_t child = 0;
		int variant = c % 4;

		fd = dev_open(1);
		if (fd < 0)
			FAIL("cycle %ld: open: %s", c, strerror(errno));
		if (getenv("DEVFUZZ_TRACE"))
			fprintf(stderr, "cycle %ld\n", c);
		fuzz_calls(fd, 20, 0);
		if (getenv("DEVFUZZ_TRACE"))
			fprintf(stderr, "stop\n");
		ioctl(fd, MSD_IOC_STOP, NULL);
		/* the readers below block */
		if (variant && fcntl(fd, F_SETFL, 0) < 0)
			FAIL("fcntl: %s", strerror(errno));
		memset(&f, 0, sizeof(f));
		f.flags = MSD_F_PIDS;
		f.npids = 1;
		f.pids[0] = idle;
		if (ioc(fd, MSD_IOC_SET_FILTER, &f) || ioc(fd, MSD_IOC_START, NULL))
			FAIL("cycle %ld: START: %s", c, strerror(errno));
		h.fd = fd;
		if (variant == 1) {
			pthread_create(&th, NULL, blocked_reader, &h);
			msleep(150);	/* asleep in read() by now */
		} else if (variant == 2) {
			pthread_create(&th, NULL, ioctl_spinner, &h);
			msleep(20);
		} else if (variant == 3) {
			child = fork();
			if (child == 0) {
				blocked_reader(&h);
				_exit(h.ret == 0 ? 0 : 3);
			}
			msleep(150);
		}
		close(fd);
		fd2 = dev_open(1);
		if (fd2 < 0)
			FAIL("cycle %ld (%s): open right after close: %s", c,
			     (const char *[]){ "plain", "a thread asleep in read()",
					       "a thread in ioctl()", "a child asleep in read()" }[variant],
			     strerror(errno));
		if (variant == 1) {
			if (!wait_flag(&h.done, 5000))
				FAIL("cycle %ld: a read() asleep on the closed file never returned", c);
			pthread_join(th, NULL);
			if (h.ret != 0)
				FAIL("cycle %ld: the read() on the closed file returned %ld", c, h.ret);
		} else if (variant == 2) {
			h.stop = 1;
			pthread_join(th, NULL);
		} else if (variant == 3) {
			int st;

			alarm(10);
			if (waitpid(child, &st, 0) != child || !WIFEXITED(st) || WEXITSTATUS(st))
				FAIL("cycle %ld: the child's read() on the closed file: status 0x%x", c,
				     st);
			alarm(0);
		}
		/* the new file works; the old one is gone */
		if (ioc(fd2, MSD_IOC_VERSION, &v) || v != MSD_ABI_VERSION)
			FAIL("cycle %ld: VERSION on the new file", c);
		close(fd2);
	}
	/* a child closing its copy, and a dup closed, leave the owner's file alone */
	fd = dev_open(1);
	if (fd < 0)
		FAIL("open: %s", strerror(errno));
	pid_t child = fork();

	if (child == 0) {
		close(fd);
		_exit(0);
	}
	reap(child);
	dupfd = dup(fd);
	close(fd);
	if (ioc(dupfd, MSD_IOC_VERSION, &v) || v != MSD_ABI_VERSION)
		FAIL("the device lost its reader when a child or a dup was closed");
	if ((fd2 = dev_open(1)) >= 0 || errno != EBUSY)
		FAIL("a second reader while a dup is open: %d %s", fd2, strerror(errno));
	close(dupfd);
	if ((fd2 = dev_open(1)) < 0)
		FAIL("open after the last descriptor was closed: %s", strerror(errno));
	close(fd2);
	kill(idle, SIGKILL);
	waitpid(idle, NULL, 0);
	printf("ok: %ld open/fuzz/close/open cycles, every open succeeded\n", n);
	return 0;
}

/* ---- cycles --------------------------------------------------------------- */

static int do_cycles(long n)
{
	unsigned char *buf = map(MSD_READ_MIN, PROT_READ | PROT_WRITE);
	pid_t busy[2];
	struct msd_filter f;
	struct msd_stats st;
	int fd;

	for (int i = 0; i < 2; i++)
		busy[i] = spawn_forever(1);
	fd = dev_open(1);
	if (fd < 0)
		FAIL("open: %s", strerror(errno));
	for (long c = 0; c < n; c++) {
		long records = 0, r;
		double end;

		memset(&f, 0, sizeof(f));
		f.flags = MSD_F_PIDS | (c % 3 == 1 ? MSD_F_BOTH : 0);
		f.npids = 2;
		f.pids[0] = busy[0];
		f.pids[1] = busy[1];
		f.buf_kb = c % 2 ? MSD_BUF_KB_MIN : 0;
		f.snaplen = (uint32_t)(c * 997 % (MSD_SNAPLEN_MAX + 1));
		if (ioc(fd, MSD_IOC_SET_FILTER, &f) || ioc(fd, MSD_IOC_START, NULL))
			FAIL("cycle %ld: START: %s", c, strerror(errno));
		end = now_ms() + 100;
		while (now_ms() < end) {
			if ((r = rd(fd, buf, MSD_READ_MIN)) > 0)
				records += check_records(buf, r, -1);
			else
				msleep(10);
		}
		if (ioc(fd, MSD_IOC_STOP, NULL))
			FAIL("cycle %ld: STOP: %s", c, strerror(errno));
		while ((r = rd(fd, buf, MSD_READ_MIN)) > 0)
			records += check_records(buf, r, -1);
		if (r < 0)
			FAIL("cycle %ld: read after STOP: %s", c, strerror((int)-r));
		stats_all(fd, &st);
		if (st.seen != st.recorded + st.dropped)
			FAIL("cycle %ld: seen %llu != recorded %llu + dropped %llu", c,
			     (unsigned long long)st.seen, (unsigned long long)st.recorded,
			     (unsigned long long)st.dropped);
		if ((unsigned long long)records != st.recorded)
			FAIL("cycle %ld: %ld records read, %llu recorded", c, records,
			     (unsigned long long)st.recorded);
		if (!st.recorded)
			FAIL("cycle %ld: nothing recorded from two busy processes", c);
	}
	close(fd);
	for (int i = 0; i < 2; i++) {
		kill(busy[i], SIGKILL);
		waitpid(busy[i], NULL, 0);
	}
	printf("ok: %ld START/STOP cycles under load, every record accounted for\n", n);
	return 0;
}

/* ---- blockread ------------------------------------------------------------ */

static int do_blockread(void)
{
	unsigned char *buf = map(MSD_READ_MIN, PROT_READ | PROT_WRITE);
	struct msd_filter f;
	double t0;
	pid_t reader, child;
	int st = 0, fd = dev_open(0);

	if (fd < 0)
		FAIL("open: %s", strerror(errno));
	filter_children(&f, SYS_getppid);
	if (ioc(fd, MSD_IOC_SET_FILTER, &f) || ioc(fd, MSD_IOC_START, NULL))
		FAIL("START: %s", strerror(errno));
	/*
	 * The reader is a process of its own, so that nothing wakes its read()
	 * but the module: a signal to stop it would also end its sleep.
	 */
	reader = fork();
	if (reader == 0) {
		long got = 0, n;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		while (got < 5) {
			n = rd(fd, buf, MSD_READ_MIN);
			if (n <= 0)
				_exit(3);
			got += check_records(buf, n, SYS_getppid);
		}
		_exit(0);
	}
	msleep(300);	/* the reader is asleep in read() */
	/* 5 records, far below a ring's wake mark */
	t0 = now_ms();
	child = spawn_getppid(-1, 5, 0);
	while (waitpid(reader, &st, WNOHANG) == 0) {
		if (now_ms() - t0 > 3000) {
			kill(reader, SIGKILL);
			waitpid(reader, NULL, 0);
			FAIL("a blocking read() slept 3 s with 5 records waiting");
		}
		msleep(20);
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		FAIL("the reader failed (status 0x%x)", st);
	reap(child);
	close(fd);
	printf("ok: a blocking read() returned 5 records %.0f ms after they were written\n",
	       now_ms() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	page = sysconf(_SC_PAGESIZE);
	if (argc < 2)
		goto usage;
	mode = argv[1];
	if (!strcmp(mode, "fuzz") && argc == 4) {
		seed = strtoull(argv[2], NULL, 0);
		rng_state = seed ? seed : 1;
		return do_fuzz(atol(argv[3]));
	}
	if (!strcmp(mode, "reads"))
		return do_reads();
	if (!strcmp(mode, "opens") && argc == 4)
		return do_opens(atol(argv[2]), atol(argv[3]));
	if (!strcmp(mode, "reopen") && argc == 4) {
		seed = strtoull(argv[3], NULL, 0);
		rng_state = seed ? seed : 1;
		return do_reopen(atol(argv[2]));
	}
	if (!strcmp(mode, "cycles") && argc == 3)
		return do_cycles(atol(argv[2]));
	if (!strcmp(mode, "blockread"))
		return do_blockread();
usage:
	fprintf(stderr, "usage: devfuzz fuzz SEED N | reads | opens ROUNDS THREADS | "
			"reopen N SEED | cycles N | blockread\n");
	return 2;
}
