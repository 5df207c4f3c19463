// SPDX-License-Identifier: GPL-2.0
/*
 * oom_hog.c - the oom_lab helper (userland, built static and run inside
 * the lab VM): name itself, set its own oom_score_adj, allocate and touch
 * a number of MiB of anonymous memory, say so, then wait to be killed.
 *
 * Usage: oom_hog NAME MIB ADJ [exit]
 *   NAME  the command name the kernel prints ("Killed process N (NAME)")
 *   MIB   anonymous memory to write, one byte per page
 *   ADJ   written to /proc/self/oom_score_adj (-1000 .. 1000)
 *   exit  exit after touching instead of sleeping
 * Once the memory is touched it prints one line and flushes it: the init
 * script reads that line (through a FIFO) to know the process is at size
 * before it reads oom_score.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Write @adj to /proc/self/oom_score_adj; 0 or -1. */
static int hog_set_adj(const char *adj)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, adj, strlen(adj));
	close(fd);
	return n == (ssize_t)strlen(adj) ? 0 : -1;
}

int main(int argc, char **argv)
{
	long psz = sysconf(_SC_PAGESIZE), mib;
	size_t len, off;
	char *mem;

	mib = argc > 2 ? atol(argv[2]) : 0;
	if (argc < 4 || strlen(argv[1]) > 15 || mib < 1 || mib > 4096) {
		fprintf(stderr, "usage: oom_hog NAME MIB ADJ [exit]\n");
		return 2;
	}
	prctl(PR_SET_NAME, argv[1], 0, 0, 0);
	if (hog_set_adj(argv[3]) < 0) {
		perror("oom_hog: oom_score_adj");
		return 1;
	}
	len = (size_t)mib << 20;
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("oom_hog: mmap");
		return 1;
	}
	for (off = 0; off < len; off += psz)
		mem[off] = 1;
	printf("oom_hog: %s pid %d touched %ld MiB, oom_score_adj %s\n",
	       argv[1], (int)getpid(), mib, argv[3]);
	fflush(stdout);
	if (argc > 4 && !strcmp(argv[4], "exit"))
		return 0;
	for (;;)
		pause();
}
