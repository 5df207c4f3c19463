// SPDX-License-Identifier: GPL-2.0
/*
 * ex_insmod.c - load one module with finit_module(2) and nothing else:
 * the lab VM's loader for exercises (engine/exercise.c, guest-helpers'
 * helper_exercise).  busybox insmod retries a failed finit_module() with
 * init_module(), which runs a learner's failing init function a second
 * time; this loader reports the first failure and stops.
 * Usage: ex_insmod FILE.ko
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: ex_insmod FILE.ko\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0) != 0) {
		printf("insmod: can't insert '%s': %s\n", argv[1],
		       strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}
