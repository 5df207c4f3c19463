// SPDX-License-Identifier: GPL-2.0
/*
 * ex_minflt.c - memdrill exercise ex-minor-faults: make exactly one minor
 * fault per page of a fresh anonymous mapping, then none with
 * MAP_POPULATE.  The TODOs are yours; `memdrill lab run ex-minor-faults`
 * builds this program and runs it in the lab VM.
 */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#define PAGES 64

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* Write one byte into each of the PAGES pages at @p. */
static void touch(char *p, long psz)
{
	int i;

	for (i = 0; i < PAGES; i++)
		p[i * psz] = 1;
}

/* TODO 1: a private anonymous mapping of PAGES pages, nothing mapped
 * yet (mmap); MAP_FAILED on failure */
static char *map_lazy(long psz)
{
	return mmap(NULL, PAGES * psz, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* TODO 2: the same, with every page mapped by mmap() itself */
static char *map_populated(long psz)
{
	return mmap(NULL, PAGES * psz, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
}

/* Faults taken while touching the mapping @p (warmed up first). */
static void report(const char *what, char *p, long psz)
{
	static char warm[1];
	long before;

	if (p == MAP_FAILED || !p) {
		printf("%s: no mapping\n", what);
		return;
	}
	minflt();
	touch(warm, 0);		/* fault in this code and the stack first */
	before = minflt();
	touch(p, psz);
	printf("%s: %ld minor faults touching %d pages\n", what,
	       minflt() - before, PAGES);
}

int main(void)
{
	long psz = sysconf(_SC_PAGESIZE);

	report("lazy", map_lazy(psz), psz);
	report("populated", map_populated(psz), psz);
	return 0;
}
