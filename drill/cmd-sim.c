// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-sim.c - `memdrill sim`: run a scenario (optionally step by step,
 * asking the learner for predictions), check every scenario's expect
 * lines, generate buddy exercises, and a hidden micro-benchmark.  The
 * simulator itself (sim/) never prints: this file is its front end.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "msg.h"
#include "paths.h"
#include "scn.h"

/* How the output callback behaves. */
struct sim_ctx {
	int quiet;	/* check: failures only */
	int step;	/* ask the learner at `ask` lines */
	int right, asked;
	int have_guess;
	long long guess;
};

/* Print one piece of scenario output. */
static void sim_out(const struct scn_out *o, void *data)
{
	struct sim_ctx *c = data;
	char answer[64];
	char *end;

	if (c->quiet) {
		if (o->type == SCN_OUT_FAIL)
			printf("%s:%d: %s\n", o->file, o->line, o->text);
		return;
	}
	switch (o->type) {
	case SCN_OUT_SHOW:
		fputs(o->text, stdout);
		break;
	case SCN_OUT_EVENT:
	case SCN_OUT_TRACE:
		printf("  %s\n", o->text);
		break;
	case SCN_OUT_DMESG:
		printf("  dmesg: %s\n", o->text);
		break;
	case SCN_OUT_PASS:
		printf("  %s\n", o->text);
		break;
	case SCN_OUT_FAIL:
		printf("%s:%d: %s\n", o->file, o->line, o->text);
		break;
	case SCN_OUT_ASK:
		printf("? %s\n", o->text);
		if (!c->step)
			break;
		printf("your prediction: ");
		fflush(stdout);
		if (!fgets(answer, sizeof(answer), stdin))
			answer[0] = '\0';
		c->guess = strtoll(answer, &end, 0);
		c->have_guess = end != answer;
		break;
	case SCN_OUT_ANSWER:
		if (!c->step) {
			printf("  answer: %s = %lld\n", o->text, o->value);
			break;
		}
		c->asked++;
		if (c->have_guess && c->guess == o->value) {
			c->right++;
			printf("  right: %s = %lld\n", o->text, o->value);
		} else {
			printf("  not quite: %s = %lld\n", o->text, o->value);
		}
		c->have_guess = 0;
		break;
	}
}

/*
 * Run scenario @path through a fresh interpreter.  Returns 0 when it ran
 * to the end (expects may have failed: see scn_failed), -1 on an error
 * already reported.  *@passed / *@failed get the expect counts.
 */
static int sim_run_file(const char *path, struct sim_ctx *c, int trace,
			int *passed, int *failed)
{
	struct scn *s;
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, ret = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		msg_error("cannot open scenario '%s': %s", path,
			  strerror(errno));
		return -1;
	}
	s = scn_new(path, sim_out, c, trace);
	if (!s) {
		msg_error("cannot run scenario '%s': %s", path,
			  strerror(ENOMEM));
		fclose(f);
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		const char *p = line + strspn(line, " \t");

		lineno++;
		if (!c->quiet && *p && *p != '\n') {
			printf("%s%s", *p == '#' ? "" : "> ", line);
			if (c->step && *p != '#') {
				char dummy[64];

				printf("[Enter] ");
				fflush(stdout);
				if (!fgets(dummy, sizeof(dummy), stdin))
					c->step = 0;
			}
		}
		if (scn_line(s, lineno, line)) {
			fflush(stdout);
			fprintf(stderr, "%s\n", scn_error(s));
			ret = -1;
			break;
		}
	}
	if (!ret && scn_end(s)) {
		fflush(stdout);
		fprintf(stderr, "%s\n", scn_error(s));
		ret = -1;
	}
	*passed = scn_passed(s);
	*failed = scn_failed(s);
	free(line);
	scn_free(s);
	fclose(f);
	return ret;
}

static int sim_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "trace", no_argument, NULL, 't' },
		{ "step", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct sim_ctx c = { 0 };
	int trace = 0, opt, passed, failed;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 't')
			trace = 1;
		else if (opt == 's')
			c.step = 1;
		else
			return cmd_usage(&cmd_sim_entry);
	}
	if (optind != argc - 1)
		return cmd_usage(&cmd_sim_entry);
	if (sim_run_file(argv[optind], &c, trace, &passed, &failed))
		return EXIT_USAGE;
	if (passed + failed)
		printf("%d passed, %d failed\n", passed, failed);
	if (c.asked)
		printf("%d of %d predictions right\n", c.right, c.asked);
	return failed ? EXIT_FINDING : EXIT_OK;
}

static int sim_is_scn(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && !strcmp(d->d_name + n - 4, ".scn");
}

static int sim_check(int argc, char **argv)
{
	struct sim_ctx c = { .quiet = 1 };
	const char *dir;
	struct dirent **list;
	int n, i, passed = 0, failed = 0;
	char path[4096];

	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		return cmd_usage(&cmd_sim_entry);
	dir = argc == 2 ? argv[1] : paths_in_home("labs/scenarios");
	n = scandir(dir, &list, sim_is_scn, alphasort);
	if (n < 0) {
		msg_error("cannot read scenario folder '%s': %s", dir,
			  strerror(errno));
		return EXIT_USAGE;
	}
	for (i = 0; i < n; i++) {
		int p = 0, f = 0;

		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if (sim_run_file(path, &c, 0, &p, &f))
			f++;
		passed += p;
		failed += f;
		free(list[i]);
	}
	free(list);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? EXIT_FINDING : EXIT_OK;
}

static int sim_exec(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage(&cmd_sim_entry);
	if (!strcmp(argv[1], "run"))
		return sim_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "check"))
		return sim_check(argc - 1, argv + 1);
	msg_error("unknown sim subcommand '%s'", argv[1]);
	return cmd_usage(&cmd_sim_entry);
}

const struct cmd_entry cmd_sim_entry = {
	.name = "sim",
	.usage = "sim run FILE [--trace] [--step] | check [DIR]",
	.summary = "run memory-management simulator scenarios",
	.help =
	"  run FILE      run a scenario: show output, events, expect results\n"
	"    --trace     print the kernel call path of every event\n"
	"    --step      wait for Enter before each line; at an ask line,\n"
	"                read a prediction, then show the truth\n"
	"  check [DIR]   run every *.scn in DIR (default labs/scenarios of\n"
	"                the memdrill home), print each failing expect as\n"
	"                file:line, end with \"N passed, N failed\"; exit 1 on\n"
	"                any failure or scenario error\n"
	"See docs/scenario-language.md for the scenario language.\n",
	.exec = sim_exec,
};
