/*
 * The single-file release executable's launcher (make dist: dist/mysysdig-ARCH).
 *
 * Linked statically with libc and libzstd; Deno, the bundled program
 * (mysysdig.js) and the FFI shim follow it in the same file, compressed
 * (tools/release/payload.h, written by tools/release/pack.c). The first run
 * unpacks them into a cache directory; every run checks that copy and runs
 *
 *   deno run -A ... --v8-flags=... mysysdig.js ARGS...
 *
 * in this process (exec), so arguments, signals and the exit status are
 * Deno's own.
 *
 * The cache (MYSYSDIG_CACHE, else /var/cache/mysysdig for root or
 * $XDG_CACHE_HOME/mysysdig, ~/.cache/mysysdig for others, else
 * /tmp/mysysdig-UID) holds one directory per release, named by the hash of
 * the payload's index. What runs as root must be what was packed, so:
 * - the cache directory must belong to this user, mode 0700 (not writable by
 *   others), and so must every file in it; each directory above it belongs
 *   to root or this user and is not writable by others unless sticky (/tmp);
 *   a symbolic link in its place is refused, never followed;
 * - files are created with O_EXCL|O_NOFOLLOW in a fresh private directory,
 *   through its descriptor, and that directory is renamed into place only
 *   when every file has been written, synced and hash-checked;
 * - an unpacked copy is used only when every file has the packed size and
 *   XXH64, so a damaged copy (a full disk, a crash, an edit) is unpacked
 *   again;
 * - a file system mounted noexec is skipped (Deno could not run from it).
 * The launcher reads itself from /proc/self/exe or, without /proc, from the
 * path it was started by (AT_EXECFN); Deno needs /proc, which is said.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <zstd.h>

#include "payload.h"

#define V8_FLAGS                                                                                   \
	"--v8-flags=--max-semi-space-size=4,--smi-string-cache-size=512,"                          \
	"--double-string-cache-size=512,--max-old-space-size=64"

static const uint8_t *self;
static const struct msd_trailer *trailer;
static const struct msd_entry *entries;
static char id_hex[17];
static uid_t euid;

/* Why each cache directory tried could not be used, for the final message. */
static char why[2048];

static void note(const char *dir, const char *fmt, ...)
{
	size_t n = strlen(why);
	va_list ap;
	if (n)
		n += snprintf(why + n, sizeof(why) - n, "; ");
	if (n >= sizeof(why))
		return;
	n += snprintf(why + n, sizeof(why) - n, "%s: ", dir);
	if (n >= sizeof(why))
		return;
	va_start(ap, fmt);
	vsnprintf(why + n, sizeof(why) - n, fmt, ap);
	va_end(ap);
}

static void fail(const char *fmt, ...)
{
	va_list ap;
	fputs("mysysdig: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* The executable's own bytes, mapped. */
static void read_self(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0) {
		const char *fn = (const char *)getauxval(AT_EXECFN);
		if (fn)
			fd = open(fn, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			fail("cannot read this executable (neither /proc/self/exe nor %s): %s; mount "
			     "/proc (mount -t proc proc /proc)",
			     fn ? fn : "its path", strerror(errno));
	}
	if (fstat(fd, &st) < 0 || (size_t)st.st_size < sizeof(*trailer))
		fail("this executable is truncated: copy it again");
	self = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (self == MAP_FAILED)
		fail("cannot map this executable: %s", strerror(errno));
	close(fd);
	trailer = (const void *)(self + st.st_size - sizeof(*trailer));
	if (memcmp(trailer->magic, MSD_MAGIC, sizeof(MSD_MAGIC)) != 0 || trailer->count == 0 ||
	    trailer->count > 16 ||
	    trailer->index_off + trailer->count * sizeof(*entries) !=
		    st.st_size - sizeof(*trailer))
		fail("this executable has no payload (truncated or not built by make dist): copy "
		     "it again");
	entries = (const void *)(self + trailer->index_off);
	if (msd_xxh64(entries, trailer->count * sizeof(*entries)) != trailer->id)
		fail("this executable's payload index is damaged: copy it again");
	for (uint32_t i = 0; i < trailer->count; i++)
		if (entries[i].off + entries[i].csize > trailer->index_off ||
		    memchr(entries[i].name, 0, sizeof(entries[i].name)) == NULL)
			fail("this executable's payload is damaged: copy it again");
	snprintf(id_hex, sizeof(id_hex), "%016llx", (unsigned long long)trailer->id);
}

/* Removes NAME under DIRFD and everything below it, never following a link. */
static void rm_tree(int at, const char *name)
{
	int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		DIR *d = fdopendir(fd);
		struct dirent *e;
		if (d) {
			while ((e = readdir(d)) != NULL)
				if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
					rm_tree(dirfd(d), e->d_name);
			closedir(d);
		} else {
			close(fd);
		}
		unlinkat(at, name, AT_REMOVEDIR);
	} else {
		unlinkat(at, name, 0);
	}
}

/* NAME under BASE is another release's directory: it holds our files. */
static int ours(int base, const char *name)
{
	char p[64];
	struct stat st;
	snprintf(p, sizeof(p), "%s/mysysdig.js", name);
	if (fstatat(base, p, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
		return 0;
	snprintf(p, sizeof(p), "%s/deno", name);
	return fstatat(base, p, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

/* The unpacked copy under IDFD is complete, ours, and has the packed content. */
static int intact(int idfd)
{
	for (uint32_t i = 0; i < trailer->count; i++) {
		const struct msd_entry *e = &entries[i];
		struct stat st;
		int fd = openat(idfd, e->name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		int ok = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
			 st.st_uid == euid && (st.st_mode & 022) == 0 &&
			 (uint64_t)st.st_size == e->usize;
		if (ok && e->usize) {
			void *p = mmap(NULL, e->usize, PROT_READ, MAP_PRIVATE, fd, 0);
			ok = p != MAP_FAILED && msd_xxh64(p, e->usize) == e->hash;
			if (p != MAP_FAILED)
				munmap(p, e->usize);
		}
		if (fd >= 0)
			close(fd);
		if (!ok)
			return 0;
	}
	return 1;
}

/* Unpacks every file into the empty directory TFD; 0, or an errno. */
static int unpack(int tfd)
{
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	if (!dctx)
		return ENOMEM;
	for (uint32_t i = 0; i < trailer->count; i++) {
		const struct msd_entry *e = &entries[i];
		int fd = openat(tfd, e->name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		int err = 0;
		void *p = MAP_FAILED;
		if (fd < 0)
			return errno;
		if (e->usize) {
			err = posix_fallocate(fd, 0, e->usize);
			if (!err) {
				p = mmap(NULL, e->usize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
				if (p == MAP_FAILED)
					err = errno;
			}
			if (!err) {
				size_t r = ZSTD_decompressDCtx(dctx, p, e->usize, self + e->off, e->csize);
				if (ZSTD_isError(r) || r != e->usize || msd_xxh64(p, e->usize) != e->hash)
					err = EBADMSG;
				else if (msync(p, e->usize, MS_SYNC) < 0)
					err = errno;
			}
			if (p != MAP_FAILED)
				munmap(p, e->usize);
		}
		if (!err && (fchmod(fd, e->mode & 0700) < 0 || fsync(fd) < 0))
			err = errno;
		close(fd);
		if (err) {
			ZSTD_freeDCtx(dctx);
			return err;
		}
	}
	ZSTD_freeDCtx(dctx);
	if (mkdirat(tfd, "deno-dir", 0700) < 0 || fsync(tfd) < 0)
		return errno;
	return 0;
}

/* Every directory above PATH (absolute, resolved) belongs to root or us and is not writable by others unless sticky. */
static int chain_ok(const char *dir, char *bad, size_t badlen)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s", dir);
	for (;;) {
		char *slash = strrchr(p, '/');
		if (!slash)
			return 1;
		if (slash == p)
			slash[1] = 0;
		else
			*slash = 0;
		struct stat st;
		if (stat(p, &st) < 0)
			return 1;
		if ((st.st_uid != 0 && st.st_uid != euid) ||
		    ((st.st_mode & 022) && !(st.st_mode & S_ISVTX))) {
			snprintf(bad, badlen, "%s", p);
			return 0;
		}
		if (slash == p)
			return 1;
	}
}

static const char *reason(int err)
{
	switch (err) {
	case EROFS:
		return "read-only file system";
	case ENOSPC:
	case EDQUOT:
		return "no space left (Deno needs about 100 MB)";
	default:
		return strerror(err);
	}
}

/*
 * Makes DIR/ID a usable, intact copy; returns a descriptor of DIR (the cache)
 * or -1 after noting why not.
 */
static int try_cache(const char *dir)
{
	char real[PATH_MAX], bad[PATH_MAX], tmp[64];
	struct stat st;
	struct statvfs sv;
	int base, idfd, err;

	if (dir[0] != '/') {
		note(dir, "not an absolute path");
		return -1;
	}
	/* The parents, as mkdir -p would (0755), and the cache itself 0700. */
	snprintf(real, sizeof(real), "%s", dir);
	for (char *s = real + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = 0;
		mkdir(real, 0755);
		*s = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		note(dir, "%s", reason(errno));
		return -1;
	}
	base = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (base < 0) {
		note(dir, errno == ELOOP || errno == ENOTDIR ? "a symbolic link or not a directory, refused"
							      : "%s",
		     strerror(errno));
		return -1;
	}
	if (fstat(base, &st) < 0 || st.st_uid != euid) {
		note(dir, "owned by uid %u, not by this user (uid %u): refused", (unsigned)st.st_uid,
		     (unsigned)euid);
		goto out;
	}
	if (st.st_mode & 022) {
		note(dir, "writable by others (mode %04o): refused; remove it", st.st_mode & 07777);
		goto out;
	}
	/* Never chmod a directory we did not make (MYSYSDIG_CACHE=/ must not change /). */
	if (st.st_mode & 077) {
		note(dir, "mode %04o, not 0700: refused; chmod 700 it, or pick an empty directory",
		     st.st_mode & 07777);
		goto out;
	}
	if (!realpath(dir, real) || !chain_ok(real, bad, sizeof(bad))) {
		note(dir, "%s is writable by another user: refused", bad);
		goto out;
	}
	if (fstatvfs(base, &sv) == 0 && (sv.f_flag & ST_NOEXEC)) {
		note(dir, "mounted noexec");
		goto out;
	}
	idfd = openat(base, id_hex, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (idfd >= 0) {
		int ok = fstat(idfd, &st) == 0 && st.st_uid == euid && (st.st_mode & 077) == 0 &&
			 intact(idfd);
		close(idfd);
		if (ok)
			return base;
		if (sv.f_flag & ST_RDONLY) {
			note(dir, "the unpacked copy is damaged and the file system is read-only");
			goto out;
		}
		fprintf(stderr, "mysysdig: %s/%s is damaged or incomplete: unpacking again\n", dir,
			id_hex);
		snprintf(tmp, sizeof(tmp), ".bad-%s-%d", id_hex, (int)getpid());
		if (renameat(base, id_hex, base, tmp) == 0)
			rm_tree(base, tmp);
		else
			rm_tree(base, id_hex);
	} else if (errno != ENOENT) {
		note(dir, errno == ENOTDIR || errno == ELOOP ? "%s/%s is not a directory: refused" : "%s/%s: %s",
		     dir, id_hex, strerror(errno));
		goto out;
	}
	if (sv.f_flag & ST_RDONLY) {
		note(dir, "read-only file system");
		goto out;
	}

	/* Leftovers: other releases, and unpacking runs that died. */
	DIR *d = fdopendir(dup(base));
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			int pid = 0;
			if (e->d_name[0] != '.' && strlen(e->d_name) == 16 &&
			    strspn(e->d_name, "0123456789abcdef") == 16 && strcmp(e->d_name, id_hex) &&
			    ours(base, e->d_name))
				rm_tree(base, e->d_name);
			else if ((sscanf(e->d_name, ".tmp-%*16[0-9a-f]-%d", &pid) == 1 ||
				  sscanf(e->d_name, ".bad-%*16[0-9a-f]-%d", &pid) == 1) &&
				 kill(pid, 0) < 0 && errno == ESRCH)
				rm_tree(base, e->d_name);
		}
		closedir(d);
	}

	snprintf(tmp, sizeof(tmp), ".tmp-%s-%d", id_hex, (int)getpid());
	rm_tree(base, tmp);
	if (mkdirat(base, tmp, 0700) < 0) {
		note(dir, "%s", reason(errno));
		goto out;
	}
	int tfd = openat(base, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	err = tfd < 0 ? errno : unpack(tfd);
	if (tfd >= 0)
		close(tfd);
	if (!err && renameat(base, tmp, base, id_hex) < 0) {
		err = errno;
		if (err == EEXIST || err == ENOTEMPTY) {
			/* Another run unpacked it first: use theirs if intact. */
			rm_tree(base, tmp);
			idfd = openat(base, id_hex, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (idfd >= 0 && intact(idfd)) {
				close(idfd);
				return base;
			}
			if (idfd >= 0)
				close(idfd);
		}
	}
	if (err) {
		rm_tree(base, tmp);
		note(dir, "%s", err == EBADMSG ? "this executable's payload is damaged: copy it again"
					       : reason(err));
		goto out;
	}
	fsync(base);
	return base;
out:
	close(base);
	return -1;
}

int main(int argc, char **argv)
{
	char dflt[3][PATH_MAX], path[PATH_MAX];
	const char *env = getenv("MYSYSDIG_CACHE"), *dirs[3] = {0};
	int n = 0, base = -1;

	euid = geteuid();
	umask(077);
	read_self();
	if (env && *env) {
		dirs[n++] = env;
	} else {
		const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
		if (euid == 0)
			snprintf(dflt[n], PATH_MAX, "/var/cache/mysysdig");
		else if (xdg && xdg[0] == '/')
			snprintf(dflt[n], PATH_MAX, "%s/mysysdig", xdg);
		else if (home && home[0] == '/')
			snprintf(dflt[n], PATH_MAX, "%s/.cache/mysysdig", home);
		else
			n--;
		n++;
		snprintf(dflt[n++], PATH_MAX, "/tmp/mysysdig-%u", (unsigned)euid);
		for (int i = 0; i < n; i++)
			dirs[i] = dflt[i];
	}
	for (int i = 0; i < n && base < 0; i++)
		if ((base = try_cache(dirs[i])) >= 0)
			env = dirs[i];
	if (base < 0)
		fail("cannot unpack Deno and the program (%s): set MYSYSDIG_CACHE to a directory "
		     "on a writable file system that allows executables, e.g. `mkdir -p "
		     "/mnt/msd && mount -t tmpfs -o mode=0700 tmpfs /mnt/msd && "
		     "MYSYSDIG_CACHE=/mnt/msd %s ...`",
		     why, argv[0]);

	if (access("/proc/self/exe", F_OK) < 0)
		fail("/proc is not mounted: Deno and the tracer read it (Deno its own executable, "
		     "the tracer process names and ids); mount it: mount -t proc proc /proc");

	char deno[PATH_MAX], js[PATH_MAX], ddir[PATH_MAX], shim[PATH_MAX];
	snprintf(deno, sizeof(deno), "%s/%s/deno", env, id_hex);
	snprintf(js, sizeof(js), "%s/%s/mysysdig.js", env, id_hex);
	snprintf(ddir, sizeof(ddir), "%s/%s/deno-dir", env, id_hex);
	snprintf(shim, sizeof(shim), "%s/%s/libmysysdig.so", env, id_hex);
	snprintf(path, sizeof(path), "%s/deno-dir", id_hex);
	mkdirat(base, path, 0700);
	setenv("DENO_DIR", ddir, 1);
	setenv("DENO_NO_UPDATE_CHECK", "1", 1);
	setenv("DENO_NO_PROMPT", "1", 1);
	setenv("MYSYSDIG_SHIM", shim, 0);
	close(base);

	/* V8 flags: see tools/launcher.sh. */
	char **av = calloc(argc + 10, sizeof(*av));
	int k = 0;
	if (!av)
		fail("out of memory");
	av[k++] = "deno";
	av[k++] = "run";
	av[k++] = "-A";
	av[k++] = "--no-config";
	av[k++] = "--no-lock";
	av[k++] = "--no-check";
	av[k++] = "--quiet";
	av[k++] = V8_FLAGS;
	av[k++] = js;
	for (int i = 1; i < argc; i++)
		av[k++] = argv[i];
	av[k] = NULL;
	execv(deno, av);
	fail("cannot run %s: %s%s", deno, strerror(errno),
	     errno == EACCES ? " (a noexec mount? set MYSYSDIG_CACHE to a directory that allows "
			       "executables)"
			     : "");
	return 1;
}
