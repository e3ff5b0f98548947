// SPDX-License-Identifier: GPL-2.0
/*
 * A 32-bit program (i386 on x86_64, armhf on arm64) whose calls go through the
 * kernel's compat entry: the module flags them MSD_RF_COMPAT and user space names
 * them from the i386 or arm table (tests/vm/module_test.ts, "32-bit program").
 *
 *   prog32            openat("/prog32/first"), write "prog32 one", then execve
 *                     itself (argv[0]) as `prog32 again /prog32/second`
 *   prog32 again P    openat(P), write "prog32 two", _newselect(2, NULL, [1], NULL, NULL),
 *                     exit_group(0)
 *
 * The calls are made with syscall() so that the numbers are the ones named here
 * whatever the libc prefers (glibc's open() is openat, but its exit is exit_group).
 */
#include <fcntl.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int second = argc > 2 && strcmp(argv[1], "again") == 0;
	const char *path = second ? argv[2] : "/prog32/first";
	const char *msg = second ? "prog32 two\n" : "prog32 one\n";

	if (sizeof(long) != 4)
		return 2;	/* not a 32-bit build */
	syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
	syscall(SYS_write, 1, msg, strlen(msg));
	if (!second) {
		char *const args[] = { argv[0], "again", "/prog32/second", NULL };
		char *const env[] = { NULL };

		syscall(SYS_execve, argv[0], args, env);
		return 3;	/* execve failed */
	}
	{
		/* the compat select: its set (32-bit words) as passed and as returned */
		fd_set w;

		FD_ZERO(&w);
		FD_SET(1, &w);
		syscall(SYS__newselect, 2, NULL, &w, NULL, NULL);
	}
	syscall(SYS_exit_group, 0);
	return 4;
}
