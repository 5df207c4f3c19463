// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-class.c - `memdrill class report DIR`: the instructor's view of a
 * class repository (core/class.h, docs/sync.md "A class").
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/class.h"
#include "core/config.h"
#include "util/paths.h"

/* "87%" or "-" into @buf. */
static const char *cmd_class_pct(long a, long b, char *buf, size_t size)
{
	int p = class_pct(a, b);

	if (p < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%d%%", p);
	return buf;
}

static void cmd_class_cards(const struct class_report *r, int limit)
{
	size_t i;
	char p[16];

	printf("\ncards, hardest first (retention: share of review-state "
	       "reviews not Again):\n");
	printf("%-28s %9s %8s %9s %10s %6s\n", "card", "reviewers",
	       "reviews", "retention", "difficulty", "lapses");
	for (i = 0; i < r->ncards && (limit < 0 || (int)i < limit); i++) {
		const struct class_card *c = &r->cards[i];

		printf("%-28s %9d %8ld %9s %10.2f %6ld\n", c->key,
		       c->reviewers, c->n.reviews,
		       cmd_class_pct(c->n.passed, c->n.mature, p, sizeof(p)),
		       c->difficulty, c->lapses);
	}
}

static void cmd_class_labs(const struct class_report *r)
{
	size_t i;
	char p[16];

	printf("\nlabs, lowest pass rate first:\n");
	printf("%-28s %9s %8s %9s\n", "lab", "students", "runs", "pass rate");
	for (i = 0; i < r->nlabs; i++) {
		const struct class_lab *l = &r->labs[i];

		printf("%-28s %9d %8ld %9s\n", l->lab, l->students, l->runs,
		       cmd_class_pct(l->passes, l->runs, p, sizeof(p)));
	}
}

static void cmd_class_students(const struct class_report *r, int weeks)
{
	size_t i, w;
	char p[16];

	printf("\nstudents (by week from Monday, UTC: reviews/retention):\n");
	printf("%-20s %8s %9s %9s  %s\n", "student", "reviews", "retention",
	       "labs", "weeks");
	for (i = 0; i < r->nstudents; i++) {
		const struct class_student *s = &r->students[i];
		char labs[32];

		snprintf(labs, sizeof(labs), "%ld/%ld", s->lab_passes,
			 s->lab_runs);
		printf("%-20s %8ld %9s %9s ", s->name, s->n.reviews,
		       cmd_class_pct(s->n.passed, s->n.mature, p, sizeof(p)),
		       labs);
		w = weeks >= 0 && s->nweeks > (size_t)weeks ?
			s->nweeks - (size_t)weeks : 0;
		for (; w < s->nweeks; w++) {
			time_t t = (time_t)s->weeks[w].monday;
			struct tm tm;
			char day[16];

			gmtime_r(&t, &tm);
			strftime(day, sizeof(day), "%Y-%m-%d", &tm);
			printf(" %s %ld/%s", day, s->weeks[w].n.reviews,
			       cmd_class_pct(s->weeks[w].n.passed,
					     s->weeks[w].n.mature, p,
					     sizeof(p)));
		}
		printf("\n");
	}
}

static int cmd_class_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cards", required_argument, NULL, 'c' },
		{ "weeks", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct class_report r;
	struct config cfg;
	char err[1024], *end;
	const char *sk;
	long reviews = 0;
	size_t i;
	int c, limit = -1, weeks = 8;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		long v;

		if (c != 'c' && c != 'w')
			return cmd_usage(&cmd_class_entry);
		v = strtol(optarg, &end, 10);
		if (*end || end == optarg || v < 0 || v > 1000000) {
			msg_error("bad number '%s'", optarg);
			return EXIT_USAGE;
		}
		if (c == 'c')
			limit = (int)v;
		else
			weeks = (int)v;
	}
	if (optind != argc - 1)
		return cmd_usage(&cmd_class_entry);
	if (config_load(&cfg, paths_config(), err, sizeof(err)) < 0 ||
	    class_load(argv[optind], &cfg, &r, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_USAGE;
	}
	for (i = 0; i < r.nstudents; i++)
		reviews += r.students[i].n.reviews;
	printf("class: %zu students, %zu cards, %zu labs, %ld reviews\n",
	       r.nstudents, r.ncards, r.nlabs, reviews);
	cmd_class_cards(&r, limit);
	cmd_class_labs(&r);
	cmd_class_students(&r, weeks);
	fflush(stdout);
	for (sk = r.skipped.buf ? r.skipped.buf : ""; *sk;) {
		size_t n = strcspn(sk, "\n");

		msg_warn("skipped %.*s", (int)n, sk);
		sk += n + (sk[n] == '\n');
	}
	c = r.skipped.len ? EXIT_FINDING : EXIT_OK;
	class_release(&r);
	return c;
}

static const struct cmd_sub cmd_class_subs[] = {
	{ "report", "[--cards N] [--weeks N] DIR",
	  "per card, lab and student, from a checkout DIR of\n"
	  "the class repository", cmd_class_report },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd_entry cmd_class_entry = {
	.name = "class",
	.summary = "report on a class repository (instructor)",
	.help =
	"Students sync to one repository, each into reviews/STUDENT/\n"
	"(memdrill sync --init URL --user STUDENT).  class report reads a\n"
	"checkout of it and replays every student's events under your\n"
	"settings, then prints:\n"
	"  cards, hardest first: reviewers, reviews, true retention (the\n"
	"    share of reviews of review-state cards not graded Again),\n"
	"    mean difficulty after each reviewer's last review, lapses;\n"
	"  labs, lowest pass rate first: students, runs, pass rate;\n"
	"  students: reviews, retention, lab passes/runs, and reviews and\n"
	"    retention for each of the last weeks.\n"
	"\n"
	"  --cards N   list only the N hardest cards\n"
	"  --weeks N   show the last N weeks per student (default 8)\n"
	"\n"
	"Exit status 1 when a file was skipped for a bad line (named as\n"
	"FILE:LINE).\n",
	.subs = cmd_class_subs,
};
