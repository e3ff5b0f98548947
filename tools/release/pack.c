/*
 * pack OUT LAUNCHER NAME:MODE:FILE:FILE.zst ...
 *
 * Writes OUT (mode 0755): LAUNCHER's bytes, then each FILE.zst (a zstd frame
 * of FILE, made by the zstd command with its content size), then the index
 * and the trailer of tools/release/payload.h. Run by tools/dist.sh on the
 * build machine; the board never sees it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "payload.h"

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "pack: %s %s: %s\n", what, arg, errno ? strerror(errno) : "bad input");
	exit(1);
}

static const uint8_t *map(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		die("cannot open", path);
	*len = st.st_size;
	if (*len == 0) {
		close(fd);
		return (const uint8_t *)"";
	}
	void *p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		die("cannot map", path);
	close(fd);
	return p;
}

static void put(FILE *f, const void *p, size_t n, const char *out)
{
	if (fwrite(p, 1, n, f) != n)
		die("cannot write", out);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: pack OUT LAUNCHER NAME:MODE:FILE:FILE.zst ...\n");
		return 2;
	}
	const char *out = argv[1];
	size_t n = argc - 3, len;
	struct msd_entry *idx = calloc(n, sizeof(*idx));
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	unlink(tmp);
	FILE *f = fopen(tmp, "wxe");
	if (!f || !idx)
		die("cannot create", tmp);
	const uint8_t *l = map(argv[2], &len);
	put(f, l, len, tmp);
	uint64_t off = len;
	for (size_t i = 0; i < n; i++) {
		char *spec = strdup(argv[3 + i]);
		char *name = strtok(spec, ":"), *mode = strtok(NULL, ":");
		char *raw = strtok(NULL, ":"), *zst = strtok(NULL, ":");
		errno = 0;
		if (!zst || strlen(name) >= sizeof(idx[i].name))
			die("bad file spec", argv[3 + i]);
		strcpy(idx[i].name, name);
		idx[i].mode = strtoul(mode, NULL, 8);
		const uint8_t *r = map(raw, &len);
		idx[i].usize = len;
		idx[i].hash = msd_xxh64(r, len);
		const uint8_t *z = map(zst, &len);
		idx[i].off = off;
		idx[i].csize = len;
		put(f, z, len, tmp);
		off += len;
	}
	struct msd_trailer t = {.index_off = off, .count = n};
	t.id = msd_xxh64(idx, n * sizeof(*idx));
	memcpy(t.magic, MSD_MAGIC, sizeof(MSD_MAGIC));
	put(f, idx, n * sizeof(*idx), tmp);
	put(f, &t, sizeof(t), tmp);
	if (fflush(f) || fsync(fileno(f)) || fchmod(fileno(f), 0755) || fclose(f) || rename(tmp, out))
		die("cannot write", out);
	return 0;
}
