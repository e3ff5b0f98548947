// SPDX-License-Identifier: MIT
/*
 * Performs known syscalls with valid, invalid and odd arguments (long paths,
 * unreadable pointers, unknown flag bits, failing calls) and prints, at the
 * end, the exact line mysysdig's default text output must show for each
 * one, without the header and the duration (tests/vm/decode_test.ts
 * compares). strace's tests/openat.c in spirit. Every traced call goes
 * through syscall(2), so that nothing else runs between them; the sequence
 * starts with sched_yield and ends with the failing execve. Architecture-
 * neutral: calls arm64 lacks (open, stat, access, mkdir, pipe...) are made
 * only where they exist.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#define DIR_ "/tmp/decodeprog"

extern char **environ;
static char expect[1 << 17];
static size_t used;

static void line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	used += vsnprintf(expect + used, sizeof(expect) - used, fmt, ap);
	va_end(ap);
	used += snprintf(expect + used, sizeof(expect) - used, "\n");
}

static long raw(long r)
{
	return r == -1 ? -errno : r;
}

/* the result as mysysdig prints it, strace's notation: 3, or -1 ENOENT (No such file or directory) */
static const char *res(long r)
{
	static char bufs[8][64];
	static int n;
	char *b = bufs[n++ % 8];
	const char *name = NULL;

	switch (-r) {
	case ENOENT: name = "ENOENT"; break;
	case EBADF: name = "EBADF"; break;
	case EFAULT: name = "EFAULT"; break;
	case EINVAL: name = "EINVAL"; break;
	case ENAMETOOLONG: name = "ENAMETOOLONG"; break;
	case EEXIST: name = "EEXIST"; break;
	case ENOTDIR: name = "ENOTDIR"; break;
	case EAFNOSUPPORT: name = "EAFNOSUPPORT"; break;
	case EADDRNOTAVAIL: name = "EADDRNOTAVAIL"; break;
	case EPERM: name = "EPERM"; break;
	case EACCES: name = "EACCES"; break;
	}
	if (r < 0 && name)
		snprintf(b, 64, "-1 %s (%s)", name, strerror((int)-r));
	else
		snprintf(b, 64, "%ld", r);
	return b;
}

/* A socklen_t the call rewrote, as strace: [16], or [110 => 2] when it changed. */
static const char *lens(int before, int after)
{
	static char bufs[4][32];
	static int n;
	char *b = bufs[n++ % 4];

	if (before == after)
		snprintf(b, 32, "[%d]", after);
	else
		snprintf(b, 32, "[%d => %d]", before, after);
	return b;
}

static const char *ptr(const void *p);

/* execve's environment, as strace: its address and how many strings it holds */
static const char *envtext(char **env)
{
	static char b[64];
	int n = 0;

	while (env[n])
		n++;
	snprintf(b, sizeof(b), "%s /* %d vars */", ptr(env), n);
	return b;
}

static const char *ptr(const void *p)
{
	static char bufs[8][32];
	static int n;
	char *b = bufs[n++ % 8];

	if (!p)
		return "NULL";
	snprintf(b, 32, "%#lx", (unsigned long)p);
	return b;
}

/* A file mode as strace prints it: S_IFREG|S_ISUID|0755. */
static const char *modestr(unsigned int m)
{
	static char b[64];
	const char *t = S_ISREG(m) ? "S_IFREG|" : S_ISDIR(m) ? "S_IFDIR|" : S_ISCHR(m) ? "S_IFCHR|" :
			S_ISBLK(m) ? "S_IFBLK|" : S_ISFIFO(m) ? "S_IFIFO|" : S_ISLNK(m) ? "S_IFLNK|" :
			S_ISSOCK(m) ? "S_IFSOCK|" : "";

	snprintf(b, sizeof(b), "%s%s%s%s%#03o", t, m & S_ISUID ? "S_ISUID|" : "",
		 m & S_ISGID ? "S_ISGID|" : "", m & S_ISVTX ? "S_ISVTX|" : "", m & 0777);
	return b;
}

/* A struct stat the call filled, as strace abbreviates it; its address when the call failed. */
static const char *stattext(long r, const struct stat *st)
{
	static char b[128];

	if (r < 0)
		return ptr(st);
	snprintf(b, sizeof(b), "{st_mode=%s, st_size=%lld, ...}", modestr(st->st_mode),
		 (long long)st->st_size);
	return b;
}

/* statx's mask as strace prints it: the twelve known bits as STATX_ALL, the eleven basic ones as
 * STATX_BASIC_STATS. */
static const char *statxmask(unsigned int m)
{
	static const char *names[] = { "STATX_TYPE", "STATX_MODE", "STATX_NLINK", "STATX_UID",
		"STATX_GID", "STATX_ATIME", "STATX_MTIME", "STATX_CTIME", "STATX_INO", "STATX_SIZE",
		"STATX_BLOCKS", "STATX_BTIME", "STATX_MNT_ID", "STATX_DIOALIGN",
		"STATX_MNT_ID_UNIQUE", "STATX_SUBVOL", "STATX_WRITE_ATOMIC" };
	static char b[256];
	size_t n = 0;
	unsigned int i;

	b[0] = 0;
	if ((m & 0xfff) == 0xfff) {
		n += snprintf(b + n, sizeof(b) - n, "STATX_ALL");
		m &= ~0xfffu;
	} else if ((m & 0x7ff) == 0x7ff) {
		n += snprintf(b + n, sizeof(b) - n, "STATX_BASIC_STATS");
		m &= ~0x7ffu;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (m & (1u << i)) {
			n += snprintf(b + n, sizeof(b) - n, "%s%s", n ? "|" : "", names[i]);
			m &= ~(1u << i);
		}
	if (m)
		n += snprintf(b + n, sizeof(b) - n, "%s%#x", n ? "|" : "", m);
	if (!n)
		snprintf(b, sizeof(b), "0");
	return b;
}

/* The struct statx (in buf) the call filled, as strace abbreviates it. */
static const char *statxtext(long r, const void *p)
{
	static char b[384];
	struct statx sx;

	if (r < 0)
		return ptr(p);
	memcpy(&sx, p, sizeof(sx));
	snprintf(b, sizeof(b), "{stx_mask=%s, stx_attributes=%#llx, stx_mode=%s, stx_size=%llu, ...}",
		 statxmask(sx.stx_mask), (unsigned long long)sx.stx_attributes,
		 modestr(sx.stx_mode), (unsigned long long)sx.stx_size);
	return b;
}

/* ---- PTRACE_GET_SYSCALL_INFO ---------------------------------------------- */

/* <linux/ptrace.h>'s, which <sys/ptrace.h> would clash with */
#define PTRACE_TRACEME_		0
#define PTRACE_CONT_		7
#define PTRACE_SYSCALL_		0x18
#define PTRACE_SETOPTIONS_	0x4200
#define PTRACE_GET_SYSCALL_INFO_	0x420e
#define PTRACE_O_TRACESYSGOOD_	1
#define PTRACE_O_TRACESECCOMP_	0x80
#define PTRACE_O_EXITKILL_	0x100000

struct psi {
	uint8_t op;
	uint8_t pad[3];
	uint32_t arch;
	uint64_t ip;
	uint64_t sp;
	union {
		struct {
			uint64_t nr;
			uint64_t args[6];
		} entry;
		struct {
			int64_t rval;
			uint8_t is_error;
		} exit;
		struct {
			uint64_t nr;
			uint64_t args[6];
			uint32_t ret_data;
		} seccomp;
	};
};

#ifdef __x86_64__
#define AUDIT_ARCH_NAME "AUDIT_ARCH_X86_64"
#else
#define AUDIT_ARCH_NAME "AUDIT_ARCH_AARCH64"
#endif

/*
 * The struct as strace's print_ptrace_syscall_info() shows the n bytes the
 * kernel wrote (the lesser of the size passed and the result; at most 84):
 * the fields they cover. name: the syscall entry.nr and seccomp.nr name.
 */
static const char *psitext(const struct psi *p, size_t n, const char *name)
{
	static const char *const ops[] = {
		"PTRACE_SYSCALL_INFO_NONE", "PTRACE_SYSCALL_INFO_ENTRY",
		"PTRACE_SYSCALL_INFO_EXIT", "PTRACE_SYSCALL_INFO_SECCOMP",
	};
	static char b[1024];
	size_t k, nargs, o;

	if (n > 84)
		n = 84;
	o = snprintf(b, sizeof(b), "{op=%s", p->op < 4 ? ops[p->op] : "?");
	if (n >= 8)
		o += snprintf(b + o, sizeof(b) - o, ", arch=%s", AUDIT_ARCH_NAME);
	if (n >= 16)
		o += snprintf(b + o, sizeof(b) - o, ", instruction_pointer=%#llx",
			      (unsigned long long)p->ip);
	if (n >= 24)
		o += snprintf(b + o, sizeof(b) - o, ", stack_pointer=%#llx",
			      (unsigned long long)p->sp);
	if (n >= 32 && (p->op == 1 || p->op == 3)) {
		o += snprintf(b + o, sizeof(b) - o, ", %s={nr=__NR_%s",
			      p->op == 1 ? "entry" : "seccomp", name);
		nargs = (n - 32) / 8;
		for (k = 0; k < nargs; k++) {
			unsigned long long a = p->entry.args[k];

			o += snprintf(b + o, sizeof(b) - o, a ? "%s%#llx" : "%s%llu",
				      k ? ", " : ", args=[", a);
		}
		if (nargs)
			o += snprintf(b + o, sizeof(b) - o, "]");
		if (p->op == 3 && n >= 84)
			o += snprintf(b + o, sizeof(b) - o, ", ret_data=%u", p->seccomp.ret_data);
		o += snprintf(b + o, sizeof(b) - o, "}");
	} else if (n >= 32 && p->op == 2) {
		if (n >= 33 && p->exit.is_error && p->exit.rval == -EBADF)
			o += snprintf(b + o, sizeof(b) - o, ", exit={rval=-EBADF, is_error=1");
		else if (n >= 33)
			o += snprintf(b + o, sizeof(b) - o, ", exit={rval=%lld, is_error=%u",
				      (long long)p->exit.rval, p->exit.is_error);
		else
			o += snprintf(b + o, sizeof(b) - o, ", exit={rval=%lld",
				      (long long)p->exit.rval);
		o += snprintf(b + o, sizeof(b) - o, "}");
	}
	snprintf(b + o, sizeof(b) - o, "}");
	return b;
}

/* A wait status as strace's printstatus() shows these: a stop, a ptrace stop, an exit. */
static const char *statustext(int s)
{
	static char b[128];
	int sig = (s >> 8) & 0xff;

	if ((s & 0xff) == 0x7f)
		snprintf(b, sizeof(b), "[{WIFSTOPPED(s) && WSTOPSIG(s) == %s%s}%s]",
			 (sig & 0x7f) == SIGSTOP ? "SIGSTOP" : (sig & 0x7f) == SIGTRAP ? "SIGTRAP" : "?",
			 sig & 0x80 ? " | 0x80" : "",
			 s >> 16 == 7 ? "|PTRACE_EVENT_SECCOMP<<16" : s >> 16 ? "|?" : "");
	else if ((s & 0x7f) == 0)
		snprintf(b, sizeof(b), "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", sig);
	else
		snprintf(b, sizeof(b), "[%#x]", s);
	return b;
}

static long child_pid;

/* waits for the traced child (wait4, its line) and returns the status; -1 when it failed */
static int ptwait(void)
{
	int status = 0;
	long r = raw(syscall(SYS_wait4, child_pid, &status, 0, NULL));

	line("wait4(%ld, %s, 0, NULL) = %s", child_pid, r < 0 ? "?" : statustext(status), res(r));
	return r < 0 ? -1 : status;
}

static long ptrace4(long req, long addr, long data)
{
	return raw(syscall(SYS_ptrace, req, child_pid, addr, data));
}

/*
 * PTRACE_GET_SYSCALL_INFO of size bytes at p (a buffer that ends where an
 * unmapped page begins, for the short sizes: the module must read no byte
 * beyond what the kernel wrote) and its line.
 */
static void psi(void *p, size_t size, const char *name)
{
	long r;

	memset(p, 0xff, size);
	r = ptrace4(PTRACE_GET_SYSCALL_INFO_, size, (long)p);
	line("ptrace(PTRACE_GET_SYSCALL_INFO, %ld, %zu, %s) = %s", child_pid, size,
	     r < 0 || !size ? ptr(p) : psitext(p, (size_t)r < size ? (size_t)r : size, name),
	     res(r));
}

/*
 * A child created with CLONE_UNTRACED (so that strace -f, which traces this
 * program in tests/vm/strace_test.ts, does not trace it) makes itself this
 * program's tracee, with a seccomp filter that traps close: its stops give
 * PTRACE_GET_SYSCALL_INFO's four ops. SIGCHLD stays blocked (no signal line
 * in either trace: the stops queue it, nothing delivers it).
 */
static void ptrace_info(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_close, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE | 42),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = 4, .filter = f };
	long ps = sysconf(_SC_PAGESIZE), r;
	struct psi info;
	sigset_t chld;
	char *m;
	int s;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	r = raw(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &chld, NULL, 8));
	line("rt_sigprocmask(SIG_BLOCK, [CHLD], NULL, 8) = %s", res(r));
	/* two pages, the second unmapped: the short sizes' buffers end at the first's end */
	m = (char *)syscall(SYS_mmap, NULL, 2 * ps, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	line("mmap(NULL, %ld, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = %s", 2 * ps,
	     ptr(m));
	if (m == MAP_FAILED)
		return;
	r = raw(syscall(SYS_munmap, m + ps, ps));
	line("munmap(%s, %ld) = %s", ptr(m + ps), ps, res(r));

	child_pid = raw(syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0));
	if (child_pid == 0) {
		syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
		if (syscall(SYS_ptrace, PTRACE_TRACEME_, 0, 0, 0) == 0) {
			syscall(SYS_kill, syscall(SYS_getpid), SIGSTOP);
			/* entry, seccomp and exit stops; then an entry and an exit */
			syscall(SYS_close, 0xbad1fed1L, 0xbad2fed2L, 0xbad3fed3L, 0xbad4fed4L,
				0xbad5fed5L, 0xbad6fed6L);
			syscall(SYS_sched_yield, 1L, 2L, 3L, 4L, 5L, 6L);
		}
		syscall(SYS_exit_group, 0);
	}
	line("clone(child_stack=NULL, flags=CLONE_UNTRACED|SIGCHLD) = %s", res(child_pid));
	if (child_pid < 0)
		return;
	s = ptwait();
	if (s < 0 || (s & 0xff) != 0x7f)
		return;
	r = ptrace4(PTRACE_SETOPTIONS_, 0,
		    PTRACE_O_TRACESYSGOOD_ | PTRACE_O_TRACESECCOMP_ | PTRACE_O_EXITKILL_);
	line("ptrace(PTRACE_SETOPTIONS, %ld, NULL, "
	     "PTRACE_O_TRACESYSGOOD|PTRACE_O_TRACESECCOMP|PTRACE_O_EXITKILL) = %s", child_pid, res(r));
	/* the signal stop: PTRACE_SYSCALL_INFO_NONE; NULL, no room, short sizes */
	r = ptrace4(PTRACE_GET_SYSCALL_INFO_, sizeof(info), 0);
	line("ptrace(PTRACE_GET_SYSCALL_INFO, %ld, %zu, NULL) = %s", child_pid, sizeof(info), res(r));
	psi(m + ps, 0, "");
	psi(m + ps - 1, 1, "");
	psi(m + ps - 9, 9, "");
	psi(&info, sizeof(info), "");
	for (int stop = 0; stop < 5; stop++) {
		r = ptrace4(PTRACE_SYSCALL_, 0, 0);
		line("ptrace(PTRACE_SYSCALL, %ld, NULL, 0) = %s", child_pid, res(r));
		s = ptwait();
		if (s < 0 || (s & 0xff) != 0x7f)
			return;
		/* close's entry, its seccomp stop, its exit; sched_yield's entry and exit */
		psi(&info, sizeof(info), stop < 3 ? "close" : "sched_yield");
		if (stop == 0)
			psi(m + ps - 40, 40, "close");
		if (stop == 1)
			psi(m + ps - 83, 83, "close");
		if (stop == 2)
			psi(m + ps - 32, 32, "close");
	}
	r = ptrace4(PTRACE_CONT_, 0, 0);
	line("ptrace(PTRACE_CONT, %ld, NULL, 0) = %s", child_pid, res(r));
	ptwait();
	r = raw(syscall(SYS_munmap, m, ps));
	line("munmap(%s, %ld) = %s", ptr(m), ps, res(r));
}

static char longpath[5001];
static char buf[256];

int main(void)
{
	const char *file = DIR_ "/file";
	struct stat st;
	long fd, fd2, r, dfd, s, c, a, u, uid;
	int fds[2], sv[2];
	struct iovec iov[2];
	struct msghdr mh;
	struct sockaddr_un sun;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	socklen_t alen;
	socklen_t ulen = offsetof(struct sockaddr_un, sun_path) + strlen(DIR_ "/sock") + 1;
	sigset_t set;
	char sa_old[64];
	void *m;
	char *argv_[] = { "prog", "a b", "", NULL };
	int pid = getpid();

	mkdir(DIR_, 0755);
	unlink(DIR_ "/sock");
	unlink(DIR_ "/link");
	unlink(DIR_ "/link2");
	unlink(DIR_ "/hard2");
	rmdir(DIR_ "/sub");
	memset(longpath, 'a', sizeof(longpath) - 1);

	line("sched_yield() = %s", res(syscall(SYS_sched_yield)));

	/* the open family, with odd flags and bad pointers */
	fd = raw(syscall(SYS_openat, AT_FDCWD, file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
	line("openat(AT_FDCWD, \"%s\", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644) = %s", file, res(fd));
	r = raw(syscall(SYS_write, fd, "hello\n\0\377world", 13));
	line("write(%ld, \"hello\\n\\0\\377world\", 13) = %s", fd, res(r));
	memset(buf, 'a', 200);
	r = raw(syscall(SYS_write, fd, buf, 200));
	line("write(%ld, \"%.80s\"..., 200) = %s", fd, buf, res(r));
	r = raw(syscall(SYS_write, fd, (void *)1, 5));
	line("write(%ld, 0x1, 5) = %s", fd, res(r));
	r = raw(syscall(SYS_pwrite64, fd, "xyz", 3, 100));
	line("pwrite64(%ld, \"xyz\", 3, 100) = %s", fd, res(r));
	r = raw(syscall(SYS_close, fd));
	line("close(%ld) = %s", fd, res(r));
	fd = raw(syscall(SYS_openat, AT_FDCWD, file, O_RDONLY));
	line("openat(AT_FDCWD, \"%s\", O_RDONLY) = %s", file, res(fd));
	r = raw(syscall(SYS_read, fd, buf, 5));
	line("read(%ld, \"hello\", 5) = %s", fd, res(r));
	r = raw(syscall(SYS_pread64, fd, buf, 3, 100));
	line("pread64(%ld, \"xyz\", 3, 100) = %s", fd, res(r));
	r = raw(syscall(SYS_read, fd, (void *)1, 5));
	line("read(%ld, 0x1, 5) = %s", fd, res(r));
	r = raw(syscall(SYS_lseek, fd, 0, SEEK_END));
	line("lseek(%ld, 0, SEEK_END) = %s", fd, res(r));
	r = raw(syscall(SYS_fcntl, fd, F_GETFD));
	line("fcntl(%ld, F_GETFD) = %s", fd, res(r));
	r = raw(syscall(SYS_fcntl, fd, F_SETFL, O_NONBLOCK));
	line("fcntl(%ld, F_SETFL, O_RDONLY|O_NONBLOCK) = %s", fd, res(r));
	fd2 = raw(syscall(SYS_openat, AT_FDCWD, file, O_RDONLY | 0x40000000));
	line("openat(AT_FDCWD, \"%s\", O_RDONLY|0x40000000) = %s", file, res(fd2));
	r = raw(syscall(SYS_close, fd2));
	line("close(%ld) = %s", fd2, res(r));
	r = raw(syscall(SYS_openat, AT_FDCWD, "/nonexistent/decodeprog", O_RDONLY));
	line("openat(AT_FDCWD, \"/nonexistent/decodeprog\", O_RDONLY) = %s", res(r));
	r = raw(syscall(SYS_openat, AT_FDCWD, longpath, O_RDONLY));
	line("openat(AT_FDCWD, \"%.4095s\"..., O_RDONLY) = %s", longpath, res(r));
	r = raw(syscall(SYS_openat, AT_FDCWD, (void *)1, O_RDONLY));
	line("openat(AT_FDCWD, 0x1, O_RDONLY) = %s", res(r));
	r = raw(syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY));
	line("openat(AT_FDCWD, NULL, O_RDONLY) = %s", res(r));
	dfd = raw(syscall(SYS_openat, AT_FDCWD, DIR_, O_RDONLY | O_DIRECTORY));
	line("openat(AT_FDCWD, \"%s\", O_RDONLY|O_DIRECTORY) = %s", DIR_, res(dfd));
	fd2 = raw(syscall(SYS_openat, dfd, "file", O_RDONLY));
	line("openat(%ld, \"file\", O_RDONLY) = %s", dfd, res(fd2));
	r = raw(syscall(SYS_close, -1));
	line("close(-1) = %s", res(r));
#ifdef SYS_open
	r = raw(syscall(SYS_open, file, O_RDONLY | O_CLOEXEC));
	line("open(\"%s\", O_RDONLY|O_CLOEXEC) = %s", file, res(r));
	syscall(SYS_close, r);
	line("close(%ld) = 0", r);
#endif

	/* the stat family, access, directories, links */
	r = raw(syscall(SYS_newfstatat, AT_FDCWD, file, &st, 0));
	line("newfstatat(AT_FDCWD, \"%s\", %s, 0) = %s", file, stattext(r, &st), res(r));
	r = raw(syscall(SYS_newfstatat, AT_FDCWD, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
	line("newfstatat(AT_FDCWD, \"\", %s, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH) = %s",
	     stattext(r, &st), res(r));
	r = raw(syscall(SYS_statx, AT_FDCWD, file, 0, 0xfff, buf));
	line("statx(AT_FDCWD, \"%s\", AT_STATX_SYNC_AS_STAT, STATX_ALL, %s) = %s",
	     file, statxtext(r, buf), res(r));
	/* an output structure the kernel could not write: its address, as strace */
	r = raw(syscall(SYS_newfstatat, AT_FDCWD, file, (void *)1, 0));
	line("newfstatat(AT_FDCWD, \"%s\", 0x1, 0) = %s", file, res(r));
#ifdef SYS_stat
	r = raw(syscall(SYS_stat, file, &st));
	line("stat(\"%s\", %s) = %s", file, stattext(r, &st), res(r));
#endif
	r = raw(syscall(SYS_faccessat, AT_FDCWD, file, R_OK | W_OK));
	line("faccessat(AT_FDCWD, \"%s\", R_OK|W_OK) = %s", file, res(r));
	r = raw(syscall(SYS_faccessat, AT_FDCWD, file, F_OK));
	line("faccessat(AT_FDCWD, \"%s\", F_OK) = %s", file, res(r));
#ifdef SYS_access
	r = raw(syscall(SYS_access, "/nonexistent", X_OK));
	line("access(\"/nonexistent\", X_OK) = %s", res(r));
#endif
	r = raw(syscall(SYS_mkdirat, AT_FDCWD, DIR_ "/sub", 0755));
	line("mkdirat(AT_FDCWD, \"%s/sub\", 0755) = %s", DIR_, res(r));
	r = raw(syscall(SYS_symlinkat, "target", AT_FDCWD, DIR_ "/link"));
	line("symlinkat(\"target\", AT_FDCWD, \"%s/link\") = %s", DIR_, res(r));
	r = raw(syscall(SYS_readlinkat, AT_FDCWD, DIR_ "/link", buf, 64));
	line("readlinkat(AT_FDCWD, \"%s/link\", \"target\", 64) = %s", DIR_, res(r));
#ifdef SYS_symlink
	r = raw(syscall(SYS_symlink, "target", DIR_ "/link2"));
	line("symlink(\"target\", \"%s/link2\") = %s", DIR_, res(r));
	r = raw(syscall(SYS_unlinkat, AT_FDCWD, DIR_ "/link2", 0));
	line("unlinkat(AT_FDCWD, \"%s/link2\", 0) = %s", DIR_, res(r));
#endif
	r = raw(syscall(SYS_utimensat, AT_FDCWD, file, NULL, AT_SYMLINK_NOFOLLOW));
	line("utimensat(AT_FDCWD, \"%s\", NULL, AT_SYMLINK_NOFOLLOW) = %s", file, res(r));
	/* a NULL filename with AT_FDCWD: nothing to copy, EFAULT */
	r = raw(syscall(SYS_utimensat, AT_FDCWD, NULL, NULL, 0));
	line("utimensat(AT_FDCWD, NULL, NULL, 0) = %s", res(r));
	r = raw(syscall(SYS_linkat, AT_FDCWD, file, AT_FDCWD, DIR_ "/hard", 0));
	line("linkat(AT_FDCWD, \"%s\", AT_FDCWD, \"%s/hard\", 0) = %s", file, DIR_, res(r));
	r = raw(syscall(SYS_renameat, AT_FDCWD, DIR_ "/hard", AT_FDCWD, DIR_ "/hard2"));
	line("renameat(AT_FDCWD, \"%s/hard\", AT_FDCWD, \"%s/hard2\") = %s", DIR_, DIR_, res(r));
	r = raw(syscall(SYS_fchmodat, AT_FDCWD, file, 0600));
	line("fchmodat(AT_FDCWD, \"%s\", 0600) = %s", file, res(r));
	r = raw(syscall(SYS_fchownat, AT_FDCWD, file, 0, 0, 0));
	line("fchownat(AT_FDCWD, \"%s\", 0, 0, 0) = %s", file, res(r));
	/* ids are unsigned, -1 ("unchanged") is -1; a mode is the 16 bits of umode_t */
	r = raw(syscall(SYS_fchownat, AT_FDCWD, file, -1, 4000000000U, 0));
	line("fchownat(AT_FDCWD, \"%s\", -1, 4000000000, 0) = %s", file, res(r));
	r = raw(syscall(SYS_fchmodat, AT_FDCWD, file, 0xffff0180UL));
	line("fchmodat(AT_FDCWD, \"%s\", 0600) = %s", file, res(r));
	r = raw(syscall(SYS_truncate, file, 10));
	line("truncate(\"%s\", 10) = %s", file, res(r));
	r = raw(syscall(SYS_chdir, DIR_));
	line("chdir(\"%s\") = %s", DIR_, res(r));
	r = raw(syscall(SYS_mount, "none", DIR_ "/sub", "tmpfs", 0, NULL));
	line("mount(\"none\", \"%s/sub\", \"tmpfs\", 0, NULL) = %s", DIR_, res(r));
	r = raw(syscall(SYS_umount2, DIR_ "/sub", 0));
	line("umount2(\"%s/sub\", 0) = %s", DIR_, res(r));
	/* the data string (read with the type by one copier); 2 is MS_NOSUID */
	r = raw(syscall(SYS_mount, "none", DIR_ "/sub", "tmpfs", 2UL, "size=1m,mode=0755"));
	line("mount(\"none\", \"%s/sub\", \"tmpfs\", MS_NOSUID, \"size=1m,mode=0755\") = %s", DIR_,
	     res(r));
	r = raw(syscall(SYS_umount2, DIR_ "/sub", 0));
	line("umount2(\"%s/sub\", 0) = %s", DIR_, res(r));
	r = raw(syscall(SYS_unlinkat, AT_FDCWD, DIR_ "/link", 0));
	line("unlinkat(AT_FDCWD, \"%s/link\", 0) = %s", DIR_, res(r));
	r = raw(syscall(SYS_unlinkat, AT_FDCWD, DIR_ "/sub", AT_REMOVEDIR));
	line("unlinkat(AT_FDCWD, \"%s/sub\", AT_REMOVEDIR) = %s", DIR_, res(r));

	/* SysV semaphores: nsops is an unsigned int, whatever the register's upper half holds */
	{
		struct sembuf sb = { 0, 1, SEM_UNDO };
		long id = syscall(SYS_semget, IPC_PRIVATE, 1, IPC_CREAT | 0600);

		line("semget(IPC_PRIVATE, 1, IPC_CREAT|0600) = %s", res(id));
		r = raw(syscall(SYS_semop, id, &sb, 0xdefaced00000001UL));
		line("semop(%ld, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}], 1) = %s", id, res(r));
		r = raw(syscall(SYS_semctl, id, 0, IPC_RMID, 0));
		line("semctl(%ld, 0, IPC_RMID, NULL) = %s", id, res(r));
	}

	/* pipes, vectors */
	r = raw(syscall(SYS_pipe2, fds, O_CLOEXEC));
	line("pipe2([%d, %d], O_CLOEXEC) = %s", fds[0], fds[1], res(r));
	iov[0].iov_base = "ab";
	iov[0].iov_len = 2;
	iov[1].iov_base = "cd";
	iov[1].iov_len = 2;
	r = raw(syscall(SYS_writev, fds[1], iov, 2));
	line("writev(%d, [{iov_base=\"ab\", iov_len=2}, {iov_base=\"cd\", iov_len=2}], 2) = %s",
	     fds[1], res(r));
	iov[0].iov_base = buf;
	iov[1].iov_base = buf + 100;
	iov[0].iov_len = iov[1].iov_len = 2;
	r = raw(syscall(SYS_readv, fds[0], iov, 2));
	line("readv(%d, [{iov_base=\"ab\", iov_len=2}, {iov_base=\"cd\", iov_len=2}], 2) = %s",
	     fds[0], res(r));
#ifdef SYS_pipe
	r = raw(syscall(SYS_pipe, sv));
	line("pipe([%d, %d]) = %s", sv[0], sv[1], res(r));
#endif
	r = raw(syscall(SYS_dup3, fds[0], 40, O_CLOEXEC));
	line("dup3(%d, 40, O_CLOEXEC) = %s", fds[0], res(r));

	/* sockets: unix, IPv4 and IPv6 addresses */
	s = raw(syscall(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
	line("socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = %s", res(s));
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, DIR_ "/sock");
	r = raw(syscall(SYS_bind, s, &sun, ulen));
	line("bind(%ld, {sa_family=AF_UNIX, sun_path=\"%s/sock\"}, %u) = %s", s, DIR_, ulen, res(r));
	r = raw(syscall(SYS_listen, s, 5));
	line("listen(%ld, 5) = %s", s, res(r));
	c = raw(syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0));
	line("socket(AF_UNIX, SOCK_STREAM, 0) = %s", res(c));
	r = raw(syscall(SYS_connect, c, &sun, ulen));
	line("connect(%ld, {sa_family=AF_UNIX, sun_path=\"%s/sock\"}, %u) = %s", c, DIR_, ulen, res(r));
	alen = sizeof(sun);
	a = raw(syscall(SYS_accept4, s, &sun, &alen, SOCK_CLOEXEC | SOCK_NONBLOCK));
	line("accept4(%ld, {sa_family=AF_UNIX}, %s, SOCK_CLOEXEC|SOCK_NONBLOCK) = %s", s,
	     lens(sizeof(sun), alen), res(a));
	r = raw(syscall(SYS_sendto, c, "ping", 4, MSG_DONTWAIT, NULL, 0));
	line("sendto(%ld, \"ping\", 4, MSG_DONTWAIT, NULL, 0) = %s", c, res(r));
	r = raw(syscall(SYS_recvfrom, a, buf, 64, 0, NULL, NULL));
	line("recvfrom(%ld, \"ping\", 64, 0, NULL, NULL) = %s", a, res(r));
	memset(&mh, 0, sizeof(mh));
	iov[0].iov_base = "hello";
	iov[0].iov_len = 5;
	mh.msg_iov = iov;
	mh.msg_iovlen = 1;
	r = raw(syscall(SYS_sendmsg, c, &mh, 0));
	line("sendmsg(%ld, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hello\", iov_len=5}], "
	     "msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = %s", c, res(r));
	iov[0].iov_base = buf;
	iov[0].iov_len = 64;
	r = raw(syscall(SYS_recvmsg, a, &mh, 0));
	line("recvmsg(%ld, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hello\", iov_len=64}], "
	     "msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = %s", a, res(r));
	alen = sizeof(sun);
	r = raw(syscall(SYS_getsockname, s, &sun, &alen));
	line("getsockname(%ld, {sa_family=AF_UNIX, sun_path=\"%s/sock\"}, %s) = %s", s, DIR_,
	     lens(sizeof(sun), alen), res(r));
	alen = sizeof(sun);
	r = raw(syscall(SYS_getpeername, c, &sun, &alen));
	line("getpeername(%ld, {sa_family=AF_UNIX, sun_path=\"%s/sock\"}, %s) = %s", c, DIR_,
	     lens(sizeof(sun), alen), res(r));
	r = raw(syscall(SYS_connect, c, (void *)1, 16));
	line("connect(%ld, 0x1, 16) = %s", c, res(r));
	r = raw(syscall(SYS_socketpair, AF_UNIX, SOCK_DGRAM, 0, sv));
	line("socketpair(AF_UNIX, SOCK_DGRAM, 0, [%d, %d]) = %s", sv[0], sv[1], res(r));
	u = raw(syscall(SYS_socket, AF_INET, SOCK_DGRAM, IPPROTO_UDP));
	line("socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) = %s", res(u));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	r = raw(syscall(SYS_bind, u, &sin, sizeof(sin)));
	line("bind(%ld, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"0.0.0.0\")}, 16) = %s",
	     u, res(r));
	alen = sizeof(sin);
	r = raw(syscall(SYS_getsockname, u, &sin, &alen));
	line("getsockname(%ld, {sa_family=AF_INET, sin_port=htons(%u), sin_addr=inet_addr(\"0.0.0.0\")}, %s) = %s",
	     u, ntohs(sin.sin_port), lens(sizeof(sin), alen), res(r));
	u = raw(syscall(SYS_socket, AF_INET6, SOCK_DGRAM, 0));
	line("socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = %s", res(u));
	if (u >= 0) {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		r = raw(syscall(SYS_bind, u, &sin6, sizeof(sin6)));
		line("bind(%ld, {sa_family=AF_INET6, sin6_port=htons(0), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::\", &sin6_addr), sin6_scope_id=0}, 28) = %s",
		     u, res(r));
	}

	/* memory */
	m = (void *)syscall(SYS_mmap, NULL, 4096, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | 0x200000, -1, 0);
	line("mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|0x200000, -1, 0) = %s",
	     ptr(m));
	r = raw(syscall(SYS_mprotect, m, 4096, PROT_READ));
	line("mprotect(%s, 4096, PROT_READ) = %s", ptr(m), res(r));
	r = raw(syscall(SYS_munmap, m, 4096));
	line("munmap(%s, 4096) = %s", ptr(m), res(r));

	/* signals */
	/* SIGUSR1's action, never set: the default; an empty set */
	r = raw(syscall(SYS_rt_sigaction, SIGUSR1, NULL, sa_old, 8));
	line("rt_sigaction(SIGUSR1, NULL, %s, 8) = %s",
	     r < 0 ? ptr(sa_old) : "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}", res(r));
	sigemptyset(&set);
	r = raw(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8));
	line("rt_sigprocmask(SIG_BLOCK, [], NULL, 8) = %s", res(r));
	r = raw(syscall(SYS_kill, pid, 0));
	line("kill(%d, 0) = %s", pid, res(r));
	uid = syscall(SYS_getuid);
	line("getuid() = %ld", uid);
	r = raw(syscall(SYS_kill, pid, SIGCONT));
	/*
	 * SIGCONT's default action ignores it: the kernel discards it as it is sent, inside kill,
	 * so mysysdig's line comes before kill's (strace shows it after, when it would be delivered)
	 */
	if (r == 0)
		line("--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=%d, si_uid=%ld} ---", pid,
		     uid);
	line("kill(%d, SIGCONT) = %s", pid, res(r));

	ptrace_info();

	/* execve: a failing one, and one with an unreadable argv */
	r = raw(syscall(SYS_execve, "/nonexistent/prog", argv_, environ));
	line("execve(\"/nonexistent/prog\", [\"prog\", \"a b\", \"\"], %s) = %s", envtext(environ),
	     res(r));
	r = raw(syscall(SYS_execve, "/nonexistent/prog", (void *)1, NULL));
	line("execve(\"/nonexistent/prog\", 0x1, NULL) = %s", res(r));

	fwrite(expect, 1, used, stdout);
	fflush(stdout);
	/* a successful execve ends the program: the test looks for its line */
	execl("/bin/true", "true", "after", (char *)NULL);
	return 1;
}
