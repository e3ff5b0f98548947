// SPDX-License-Identifier: MIT
/*
 * dumps: calls whose buffers `-e read=0 -e write=1` dump whole, for the
 * comparison with strace (tests/vm/strace_test.ts). Run with standard input
 * a regular file and standard output /dev/null:
 *  - one read of up to 1 MiB from fd 0 (several of strace's 64 KiB units);
 *  - a write of 100000 bytes (the last line of the dump a partial one);
 *  - a write whose second 64 KiB unit runs into an unreadable page: strace
 *    dumps the first unit and says it cannot fetch the second;
 *  - a write from an unreadable page (no dump at all) and one of 0 bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
	size_t big = 1 << 20, ps = sysconf(_SC_PAGESIZE), unit = 65536, i;
	unsigned char *b = malloc(big), *m;

	if (!b || read(0, b, big) <= 0) {
		perror("read");
		return 1;
	}
	for (i = 0; i < big; i++)
		b[i] = (unsigned char)(i * 7 + (i >> 8));
	if (write(1, b, 100000) != 100000) {
		perror("write");
		return 1;
	}
	m = mmap(NULL, unit + 2 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || mprotect(m + unit + ps, ps, PROT_NONE)) {
		perror("mmap");
		return 1;
	}
	memcpy(m, b + 3, unit + ps);
	/* /dev/null takes the count without reading the buffer */
	if (write(1, m, unit + ps + 100) < 0 || write(1, m + unit + ps, 10) < 0 || write(1, b, 0)) {
		perror("write");
		return 1;
	}
	return 0;
}
