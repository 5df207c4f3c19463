// SPDX-License-Identifier: GPL-2.0
/*
 * ex_fault_touch.c - the driver of memdrill exercise ex-fault-handler,
 * run in the lab VM after the learner's module is loaded: map the 8
 * pages of /dev/ex_fault shared, write a byte into each, read them all
 * back (twice), and say how far it got.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGES 8

int main(void)
{
	long psz = sysconf(_SC_PAGESIZE);
	volatile char *p;
	int fd, i, round, good = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	fd = open("/dev/ex_fault", O_RDWR);
	if (fd < 0) {
		perror("driver: open /dev/ex_fault");
		return 1;
	}
	p = mmap(NULL, PAGES * psz, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 0);
	if (p == MAP_FAILED) {
		perror("driver: mmap /dev/ex_fault");
		return 1;
	}
	for (i = 0; i < PAGES; i++) {
		p[i * psz] = (char)('a' + i);
		if (p[i * psz] == 'a' + i && !i)
			printf("driver: page 0 written and read back\n");
	}
	for (round = 0; round < 2; round++)
		for (i = 0, good = 0; i < PAGES; i++)
			good += p[i * psz] == 'a' + i;
	printf("driver: %d pages written and read back\n", good);
	munmap((void *)p, PAGES * psz);
	close(fd);
	return good == PAGES ? 0 : 1;
}
