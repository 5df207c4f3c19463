// SPDX-License-Identifier: GPL-2.0
/*
 * zero-probe.c [huge] - what the host kernel does on a read fault of
 * untouched private anonymous memory, for the host-mode tests: prints
 * "maps" when it maps the shared zero page (6.1's do_anonymous_page;
 * with "huge": the huge zero page of a 2 MiB MADV_HUGEPAGE range,
 * do_huge_pmd_anonymous_page), "allocates" when it allocates, "unknown"
 * when pagemap says nothing (or THP is off).  A test that expects exact
 * fault and RSS counts after a read must know, independently of
 * memdrill's own probe, which kind of kernel it runs on.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HUGE (2UL << 20)

int main(int argc, char **argv)
{
	int huge = argc > 1 && !strcmp(argv[1], "huge");
	volatile char *p;
	char *m;
	uint64_t e[2];
	int fd;

	m = mmap(NULL, 2 * HUGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return 1;
	p = (volatile char *)(((uintptr_t)m + HUGE - 1) & ~(HUGE - 1));
	madvise((void *)p, HUGE, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	(void)p[0];
	if (!huge)
		(void)p[4096];
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0 || pread(fd, e, sizeof(e),
			    (off_t)((uintptr_t)p / 4096 * 8)) != sizeof(e)) {
		puts("unknown");
		return 0;
	}
	/* bit 63 present, bit 56 mapped exclusively: never a zero page;
	 * huge: the second page is present only when a PMD maps both */
	if (!(e[0] >> 63) || !(e[1] >> 63))
		puts("unknown");
	else if ((e[0] >> 56 & 1) && (e[1] >> 56 & 1))
		puts("allocates");
	else
		puts("maps");
	return 0;
}
