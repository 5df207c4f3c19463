// SPDX-License-Identifier: GPL-2.0
/*
 * pfault_touch.c - the pfault_lab helper (userland, built static and run
 * inside the lab VM): map NPAGES pages of /dev/pfault_lab MAP_SHARED,
 * read-write, and touch the pages named on the command line in order.
 *
 * Usage: pfault_touch NPAGES (rPAGE | wPAGE)...
 *   r3  reads one byte of page 3, w3 writes one byte of page 3.
 * Prints each touch, then how many touches hit how many distinct pages,
 * for the lab to compare with the driver's fault count.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define TOUCH_MAX_PAGES 16

/* Keep the compiler from merging, dropping or reordering the touches. */
static inline void touch_barrier(void)
{
	__asm__ __volatile__("" : : : "memory");
}

/* Parse "r3" / "w3"; returns the page or -1. */
static int touch_parse(const char *arg, int npages, int *write)
{
	char *end;
	long pg;

	if (arg[0] != 'r' && arg[0] != 'w')
		return -1;
	*write = arg[0] == 'w';
	pg = strtol(arg + 1, &end, 10);
	if (end == arg + 1 || *end || pg < 0 || pg >= npages)
		return -1;
	return (int)pg;
}

int main(int argc, char **argv)
{
	int seen[TOUCH_MAX_PAGES] = { 0 };
	int npages, fd, i, distinct = 0;
	unsigned int sum = 0;
	char *map;
	long psz = sysconf(_SC_PAGESIZE);

	npages = argc > 1 ? atoi(argv[1]) : 0;
	if (npages < 1 || npages > TOUCH_MAX_PAGES) {
		fprintf(stderr, "usage: pfault_touch NPAGES (rN | wN)...\n");
		return 2;
	}
	fd = open("/dev/pfault_lab", O_RDWR);
	if (fd < 0) {
		perror("pfault_touch: open /dev/pfault_lab");
		return 1;
	}
	map = mmap(NULL, npages * psz, PROT_READ | PROT_WRITE, MAP_SHARED,
		   fd, 0);
	if (map == MAP_FAILED) {
		perror("pfault_touch: mmap");
		return 1;
	}
	printf("pfault_touch: mapped %d pages MAP_SHARED read-write\n",
	       npages);
	for (i = 2; i < argc; i++) {
		int write, pg = touch_parse(argv[i], npages, &write);

		if (pg < 0) {
			fprintf(stderr, "pfault_touch: bad touch '%s'\n",
				argv[i]);
			return 2;
		}
		if (write)
			map[pg * psz] = (char)i;
		else
			sum += (unsigned char)map[pg * psz];
		touch_barrier();
		distinct += !seen[pg];
		printf("pfault_touch: %s page %d%s\n", write ? "write" : "read",
		       pg, seen[pg] ? " (touched before)" : "");
		seen[pg] = 1;
	}
	printf("pfault_touch: %d touches on %d distinct pages\n", argc - 2,
	       distinct);
	printf("pfault_touch: the bytes read add up to %u\n", sum);
	munmap(map, npages * psz);
	close(fd);
	return 0;
}
