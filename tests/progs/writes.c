// SPDX-License-Identifier: MIT
/*
 * writes N [BURST USEC]: writes 8 bytes to /dev/null N times, pausing USEC
 * microseconds after every BURST writes. Traced with `-e write`, each call is
 * a record of 128 bytes (112 for the syscall, 16 for its data; reserved at
 * that size with a snaplen of 8), so records
 * end exactly at the end of a power-of-two ring, the case the module's read()
 * must step over without a PAD record. The pauses let the reader drain the
 * ring often, so that reads start mid-ring and cross its end (a drop shifts
 * the records off that alignment until the next PAD, so few drops are best).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	long burst = argc > 2 ? atol(argv[2]) : 0;
	long usec = argc > 3 ? atol(argv[3]) : 0;
	int fd = open("/dev/null", O_WRONLY);
	long i, ok = 0;

	if (fd < 0) {
		perror("/dev/null");
		return 1;
	}
	for (i = 0; i < n; i++) {
		ok += write(fd, "01234567", 8) == 8;
		if (burst > 0 && (i + 1) % burst == 0)
			usleep((useconds_t)usec);
	}
	printf("%ld writes\n", ok);
	return ok == n ? 0 : 1;
}
