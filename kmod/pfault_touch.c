// SPDX-License-Identifier: GPL-2.0
/*
 * pfault_touch.c - the pfault_lab helper (userland, built static and run
 * inside the lab VM by its init as `pfault_touch pfault_lab touch`):
 * clear the module's fault log (write "reset" to /proc/pfault_lab), map
 * 16 pages of /dev/pfault_lab MAP_SHARED, read-write, touch 8 distinct
 * pages 10 times (page 3 read then written, page 9 written then read),
 * then print /proc/pfault_lab: the driver's own count of the faults.
 *
 * Prints each touch, then how many touches hit how many distinct pages,
 * for the lab to compare with the driver's fault count.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define TOUCH_MAX_PAGES 16
#define TOUCH_PROC "/proc/pfault_lab"

/* The lab's touches: rPAGE reads one byte of PAGE, wPAGE writes one. */
static const char *const touch_list[] = {
	"r0", "w2", "r3", "w3", "r5", "w7", "w9", "r9", "r12", "r15",
};

#define TOUCH_N (int)(sizeof(touch_list) / sizeof(*touch_list))

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

/* Write "reset" to the module's /proc file: a fault log of its own. */
static int touch_reset(void)
{
	int fd = open(TOUCH_PROC, O_WRONLY);
	ssize_t n;

	if (fd < 0) {
		perror("pfault_touch: open " TOUCH_PROC);
		return -1;
	}
	n = write(fd, "reset\n", 6);
	close(fd);
	if (n != 6) {
		perror("pfault_touch: reset " TOUCH_PROC);
		return -1;
	}
	return 0;
}

/* Copy the module's /proc file (count and fault log) to stdout. */
static int touch_show(void)
{
	char buf[4096];
	ssize_t n;
	int fd = open(TOUCH_PROC, O_RDONLY);

	if (fd < 0) {
		perror("pfault_touch: open " TOUCH_PROC);
		return -1;
	}
	fflush(stdout);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(STDOUT_FILENO, buf, (size_t)n) != n)
			break;
	close(fd);
	return n < 0 ? -1 : 0;
}

/* Map @npages pages of /dev/pfault_lab and make the touches; 0 or 1. */
static int touch_run(int npages)
{
	int seen[TOUCH_MAX_PAGES] = { 0 };
	int fd, i, distinct = 0;
	unsigned int sum = 0;
	char *map;
	long psz = sysconf(_SC_PAGESIZE);

	fd = open("/dev/pfault_lab", O_RDWR);
	if (fd < 0) {
		perror("pfault_touch: open /dev/pfault_lab");
		return 1;
	}
	map = mmap(NULL, npages * psz, PROT_READ | PROT_WRITE, MAP_SHARED,
		   fd, 0);
	if (map == MAP_FAILED) {
		perror("pfault_touch: mmap");
		close(fd);
		return 1;
	}
	printf("pfault_touch: mapped %d pages MAP_SHARED read-write\n",
	       npages);
	for (i = 0; i < TOUCH_N; i++) {
		int write, pg = touch_parse(touch_list[i], npages, &write);

		if (pg < 0) {
			fprintf(stderr, "pfault_touch: bad touch '%s'\n",
				touch_list[i]);
			return 1;
		}
		if (write)
			map[pg * psz] = (char)(i + 2);
		else
			sum += (unsigned char)map[pg * psz];
		touch_barrier();
		distinct += !seen[pg];
		printf("pfault_touch: %s page %d%s\n", write ? "write" : "read",
		       pg, seen[pg] ? " (touched before)" : "");
		seen[pg] = 1;
	}
	printf("pfault_touch: %d touches on %d distinct pages\n", TOUCH_N,
	       distinct);
	printf("pfault_touch: the bytes read add up to %u\n", sum);
	munmap(map, npages * psz);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3 || strcmp(argv[1], "pfault_lab") ||
	    strcmp(argv[2], "touch")) {
		fprintf(stderr, "usage: pfault_touch pfault_lab touch\n");
		return 2;
	}
	if (touch_reset() < 0 || touch_run(TOUCH_MAX_PAGES))
		return 1;
	return touch_show() < 0;
}
