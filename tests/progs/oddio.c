// SPDX-License-Identifier: MIT
/*
 * oddio N: N rounds of write()s of 1 to 15 bytes of 0xff to /dev/null and
 * failing openat()s of relative paths 1 to 15 characters long, so that items of
 * every length modulo 8 follow each other at shifting ring offsets: what
 * the padding-is-zero test reads back. Records of different sizes make the
 * items land on bytes earlier records held.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	char data[16], path[32];
	int fd = open("/dev/null", O_WRONLY);
	long i;
	int k;

	if (fd < 0) {
		perror("/dev/null");
		return 1;
	}
	memset(data, 0xff, sizeof(data));
	for (i = 0; i < n; i++) {
		for (k = 1; k <= 15; k++) {
			if (write(fd, data, k) != k)
				return 1;
			/* k 'z's: a path of k characters that does not exist */
			memset(path, 'z', sizeof(path));
			path[k] = 0;
			if (open(path, O_RDONLY) >= 0)
				return 1;
		}
	}
	printf("%ld rounds\n", n);
	return 0;
}
