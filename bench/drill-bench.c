// SPDX-License-Identifier: GPL-2.0
/*
 * drill-bench.c - driver for bench/drill.sh: run `memdrill --db DB drill
 * --plain` as a child on pipes, time the first question (from fork to the
 * first "grade?" line), then answer GRADES prompts one at a time with a
 * rating, timing each from writing the grade to the next prompt (the grade
 * committed and the next card printed); report the median, 90th percentile
 * and the child's peak RSS (wait4).
 *
 *	drill-bench MEMDRILL DB GRADES
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Read lines from @f until one starts with "grade?"; 0, or -1 at EOF. */
static int bench_wait_prompt(FILE *f)
{
	char line[4096];

	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "grade?", 6))
			return 0;
	return -1;
}

int main(int argc, char **argv)
{
	int in[2], out[2], n, i, status, done = 0;
	double t0, first, *t;
	struct rusage ru;
	FILE *to, *from;
	pid_t pid;

	if (argc != 4) {
		fprintf(stderr, "usage: drill-bench MEMDRILL DB GRADES\n");
		return 2;
	}
	n = atoi(argv[3]);
	t = calloc(n + 1, sizeof(*t));
	if (!t || pipe(in) || pipe(out))
		return 2;
	signal(SIGPIPE, SIG_IGN);
	t0 = bench_now();
	pid = fork();
	if (!pid) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execl(argv[1], "memdrill", "--db", argv[2], "drill", "--plain",
		      (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	to = fdopen(in[1], "w");
	from = fdopen(out[0], "r");
	if (bench_wait_prompt(from)) {
		fprintf(stderr, "drill-bench: no first question\n");
		return 1;
	}
	first = bench_now() - t0;
	for (i = 0; i < n; i++) {
		double s = bench_now();

		/* rotate the ratings so cards go every way through sched */
		fprintf(to, "%d\n", i % 10 == 0 ? 1 : i % 7 == 0 ? 2 : 3);
		fflush(to);
		if (bench_wait_prompt(from))
			break;
		t[done++] = bench_now() - s;
	}
	fprintf(to, "q\n");
	fclose(to);
	while (fgetc(from) != EOF)
		;
	if (wait4(pid, &status, 0, &ru) < 0)
		return 2;
	qsort(t, done, sizeof(*t), bench_cmp);
	printf("first question: %.1f ms (target < 50 ms)\n", first * 1e3);
	if (done)
		printf("grades: %d, median %.3f ms, p90 %.3f ms, max %.3f ms "
		       "(target median < 2 ms)\n", done, t[done / 2] * 1e3,
		       t[done * 9 / 10] * 1e3, t[done - 1] * 1e3);
	printf("peak RSS: %.1f MB (target < 20 MB)\n", ru.ru_maxrss / 1024.0);
	free(t);
	return done == n ? 0 : 1;
}
