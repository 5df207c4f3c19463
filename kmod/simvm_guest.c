// SPDX-License-Identifier: GPL-2.0
/*
 * simvm_guest.c - the program `sim check --vm` runs inside the lab VM, on
 * Debian's real 6.1 kernel: host mode (engine/simhost*.c, the simulator
 * beside it) over every scenario of a folder, its results written to the
 * console for engine/simvm.c to read back.  Not part of libengine:
 * engine/simvm.c builds it (a static helper, as the others here) with `gcc -static` from the engine, sim and
 * util sources and packs it into the initramfs as /bin/simvm_guest.
 *
 *   simvm_guest check|run DIR   every DIR/NAME.scn in name order, compared
 *                               with the simulator or checked alone
 *
 * Before a scenario the guest is made the machine it asks for where the
 * VM can be: the THP mode of its machine line is written to
 * /sys/kernel/mm/transparent_hugepage/enabled.  The output, one record a
 * line (text escaped: \n and \\):
 *
 *   @@scn NAME
 *   @@item LINE KIND TEXT         (KIND: enum simhost_kind as a number)
 *   @@end VERDICT COMPARED DIFFS KNOWN LINE WHY
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/simhost.h"
#include "sim/scn.h"
#include "util/sbuf.h"

/* Write @s with newlines and backslashes escaped. */
static void simvm_guest_put(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\\')
			fputs("\\\\", stdout);
		else
			putchar(*s);
	}
}

static void simvm_guest_item(void *ctx, const struct simhost_item *it)
{
	(void)ctx;
	printf("@@item %d %d ", it->line, (int)it->kind);
	simvm_guest_put(it->text);
	putchar('\n');
	fflush(stdout);
}

/* The THP mode of the scenario's machine line (never without one). */
static void simvm_guest_thp(const char *path)
{
	static const char *const names[] = {
		[MM_THP_NEVER] = "never", [MM_THP_MADVISE] = "madvise",
		[MM_THP_ALWAYS] = "always",
	};
	struct sbuf text = SBUF_INIT;
	char buf[SCN_LINE_MAX], *argv[SCN_MAX_TOKENS + 1];
	struct mm_config cfg;
	const char *p;
	struct scn s;
	FILE *f;
	int argc;

	mm_config_default(&cfg);
	scn_init(&s, path);
	if (sbuf_read_file(&text, path) >= 0)
		for (p = text.buf; scn_next_line(&s, &p, buf, sizeof(buf)) > 0;)
			if ((argc = scn_tokenize(&s, buf, argv)) > 0 &&
			    !strcmp(argv[0], "machine"))
				scn_machine_parse(&s, argc, argv, &cfg);
	f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "w");
	if (f) {
		fputs(names[cfg.thp], f);
		fclose(f);
	}
	scn_free(&s);
	sbuf_release(&text);
}

static int simvm_guest_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	struct simhost_opts o = { .verbose = 1, .own = 1 };
	struct simhost_result r;
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t n = 0, i;
	FILE *f;
	DIR *d;

	if (argc > 1 && !strcmp(argv[1], SIMHOST_CHILD_ARG))
		return simhost_child_exec(argc, argv);
	if (argc != 3 || (strcmp(argv[1], "check") && strcmp(argv[1], "run")) ||
	    !(d = opendir(argv[2]))) {
		fprintf(stderr, "usage: simvm_guest check|run DIR\n");
		return 2;
	}
	o.check = !strcmp(argv[1], "check");
	/* the OOM killer chooses among the scenario's processes only (the
	 * spawner execs from here and keeps it; host mode writes each
	 * process's own adj) */
	f = fopen("/proc/self/oom_score_adj", "w");
	if (f) {
		fputs("-1000", f);
		fclose(f);
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".scn"))
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names || !(names[n++] = strdup(de->d_name)))
			return 1;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), simvm_guest_cmp);
	o.out = simvm_guest_item;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", argv[2], names[i]);
		printf("@@scn %s\n", names[i]);
		fflush(stdout);
		simvm_guest_thp(path);
		simhost_run(path, &o, &r);
		printf("@@end %d %d %d %d %d ", (int)r.verdict, r.compared,
		       r.diffs, r.known, r.line);
		simvm_guest_put(r.why);
		putchar('\n');
		fflush(stdout);
		simhost_result_release(&r);
		free(names[i]);
	}
	free(names);
	return 0;
}
