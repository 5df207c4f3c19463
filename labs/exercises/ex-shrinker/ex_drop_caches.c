// SPDX-License-Identifier: GPL-2.0
/*
 * ex_drop_caches.c - the driver of memdrill exercise ex-shrinker, run in
 * the lab VM while the learner's module is loaded: write 2 to
 * /proc/sys/vm/drop_caches, which calls every registered shrinker
 * (drop_slab() in mm/vmscan.c) until they free next to nothing.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	if (fd < 0 || write(fd, "2\n", 2) != 2) {
		perror("driver: drop_caches");
		return 1;
	}
	close(fd);
	printf("driver: dropped the slab caches (drop_caches 2)\n");
	return 0;
}
