// SPDX-License-Identifier: GPL-2.0
/*
 * ex_cow.c - memdrill exercise ex-cow-faults: count the faults of
 * copy-on-write between a parent and its child.  The TODOs are yours;
 * `memdrill lab run ex-cow-faults` builds this program and runs it in
 * the lab VM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGES 32

/*
 * Minor faults so far.  getrusage() twice: after fork() the stack page
 * holding ru is write-protected, and the kernel's copy of the result
 * into it is itself a fault, taken after the count was made, so only
 * the second call counts it.
 */
static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* Read one byte of each page; returns their sum so it is not optimised
 * away. */
static long read_pages(volatile char *p, long psz)
{
	long sum = 0;
	int i;

	for (i = 0; i < PAGES; i++)
		sum += p[i * psz];
	return sum;
}

static void write_pages(volatile char *p, long psz, char v)
{
	int i;

	for (i = 0; i < PAGES; i++)
		p[i * psz] = v;
}

/*
 * The child's part.  TODO: measure the minor faults (minflt()) of
 * reading every page, then of writing every page, and print them as
 *   child read: N faults
 *   child write: N faults
 */
static void child(volatile char *p, long psz)
{
	long before;

	before = minflt();
	read_pages(p, psz);
	printf("child read: %ld faults\n", minflt() - before);
	before = minflt();
	write_pages(p, psz, 2);
	printf("child write: %ld faults\n", minflt() - before);
}

int main(void)
{
	long psz = sysconf(_SC_PAGESIZE), before;
	volatile char *p;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	p = mmap(NULL, PAGES * psz, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	write_pages(p, psz, 1);		/* the parent's pages, present */
	minflt();
	read_pages(p, psz);		/* fault in this code before fork */
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		child(p, psz);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	before = minflt();
	write_pages(p, psz, 3);
	printf("parent write after the child exited: %ld faults\n",
	       minflt() - before);
	printf("parent reads its own data: %s\n",
	       read_pages(p, psz) == 3 * PAGES ? "yes" : "no");
	return 0;
}
