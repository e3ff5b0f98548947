// SPDX-License-Identifier: MIT
/*
 * sockaddrs: the calls whose socket address the kernel writes back (accept,
 * accept4, getsockname, getpeername, recvfrom, recvmsg), each given an
 * 8-byte address buffer with "CANARY" bytes right behind it, on AF_UNIX
 * sockets bound to long paths. The kernel copies 8 bytes and writes the
 * address's full length back; a tracer that trusted that length would show
 * the canary as part of the path. Then getsockname with a buffer that fits,
 * for contrast. Prints one line per call: "NAME CALLER_LEN -> KERNEL_LEN".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#define SERVER	"/tmp/msd-sockaddrs-server-0123456789"
#define CLIENT	"/tmp/msd-sockaddrs-client-0123456789"
#define DGRAM_A	"/tmp/msd-sockaddrs-dgram-a-0123456789"
#define DGRAM_B	"/tmp/msd-sockaddrs-dgram-b-0123456789"

/* An 8-byte address buffer and what lies behind it in memory. */
struct shortaddr {
	char sa[8];
	char canary[120];
};

static struct shortaddr fresh(void)
{
	struct shortaddr s;

	memset(s.sa, 0, sizeof(s.sa));
	for (size_t i = 0; i < sizeof(s.canary); i++)
		s.canary[i] = "CANARY"[i % 6];
	return s;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int bound(int type, const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, type, 0);

	if (fd < 0)
		die("socket");
	unlink(path);
	strcpy(a.sun_path, path);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		die(path);
	return fd;
}

static int connected_client(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = bound(SOCK_STREAM, path);

	strcpy(a.sun_path, SERVER);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("connect");
	return fd;
}

/* Called after the call: its length is what the kernel wrote back. */
static void report(const char *name, long ret, socklen_t len)
{
	if (ret < 0)
		die(name);
	printf("%s 8 -> %u\n", name, (unsigned)len);
}

int main(void)
{
	struct shortaddr s;
	struct sockaddr_un full;
	socklen_t len;
	long ret;
	int srv, c1, c2, a1, a2, da, db;
	char byte = 'x', rbuf[4];
	struct iovec iov = { rbuf, sizeof(rbuf) };
	struct msghdr m;

	srv = bound(SOCK_STREAM, SERVER);
	if (listen(srv, 4) < 0)
		die("listen");
	c1 = connected_client(CLIENT);
	c2 = connected_client(CLIENT "-2");

	s = fresh();
	len = sizeof(s.sa);
	a1 = accept(srv, (struct sockaddr *)s.sa, &len);
	report("accept", a1, len);

	s = fresh();
	len = sizeof(s.sa);
	a2 = accept4(srv, (struct sockaddr *)s.sa, &len, SOCK_CLOEXEC);
	report("accept4", a2, len);

	s = fresh();
	len = sizeof(s.sa);
	ret = getsockname(c1, (struct sockaddr *)s.sa, &len);
	report("getsockname", ret, len);

	s = fresh();
	len = sizeof(s.sa);
	ret = getpeername(c1, (struct sockaddr *)s.sa, &len);
	report("getpeername", ret, len);

	da = bound(SOCK_DGRAM, DGRAM_A);
	db = bound(SOCK_DGRAM, DGRAM_B);
	memset(&full, 0, sizeof(full));
	full.sun_family = AF_UNIX;
	strcpy(full.sun_path, DGRAM_B);
	for (int i = 0; i < 2; i++)
		if (sendto(da, &byte, 1, 0, (struct sockaddr *)&full, sizeof(full)) != 1)
			die("sendto");

	s = fresh();
	len = sizeof(s.sa);
	ret = recvfrom(db, rbuf, sizeof(rbuf), 0, (struct sockaddr *)s.sa, &len);
	report("recvfrom", ret, len);

	s = fresh();
	memset(&m, 0, sizeof(m));
	m.msg_name = s.sa;
	m.msg_namelen = sizeof(s.sa);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	ret = recvmsg(db, &m, 0);
	report("recvmsg", ret, m.msg_namelen);

	/* a buffer that holds the whole address */
	len = sizeof(full);
	if (getsockname(db, (struct sockaddr *)&full, &len) < 0)
		die("getsockname");
	printf("getsockname %zu -> %u\n", sizeof(full), (unsigned)len);

	close(c2);
	unlink(SERVER);
	unlink(CLIENT);
	unlink(CLIENT "-2");
	unlink(DGRAM_A);
	unlink(DGRAM_B);
	return 0;
}
