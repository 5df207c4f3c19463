// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-stats.c - `memdrill stats`: read the review log and the cards from
 * the collection into stats.h's arrays and print the report.  Section
 * titles are bold on a terminal (NO_COLOR unset); piped output is plain.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/config.h"
#include "core/optimize.h"
#include "core/stats.h"
#include "core/store.h"
#include "core/term.h"
#include "util/paths.h"
#include "util/xalloc.h"

struct stats_load {
	struct stats_review *reviews;
	size_t nreviews, ralloc;
	struct stats_card *cards;
	size_t ncards, calloc_;
};

/* store_revlog_each() callback: keep one review. */
static int stats_load_review(void *arg, const char *key,
			     const struct store_review *r)
{
	struct stats_load *l = arg;
	struct stats_review *o;

	(void)key;
	l->reviews = xgrow(l->reviews, &l->ralloc, l->nreviews + 1,
			   sizeof(*l->reviews));
	o = &l->reviews[l->nreviews++];
	o->card_id = r->card_id;
	o->time_ms = r->time_ms;
	o->rating = r->rating;
	o->state = r->state;
	o->elapsed_days = r->elapsed_days;
	o->duration_ms = (int)r->duration_ms;
	return 0;
}

/* The first line of @s, copied. */
static char *stats_first_line(const char *s)
{
	return xstrndup(s ? s : "", s ? strcspn(s, "\n") : 0);
}

/* store_cards_each() callback: keep one card (strings copied). */
static int stats_load_card(void *arg, const struct store_card *c)
{
	struct stats_load *l = arg;
	struct stats_card *o;

	l->cards = xgrow(l->cards, &l->calloc_, l->ncards + 1,
			 sizeof(*l->cards));
	o = &l->cards[l->ncards++];
	memset(o, 0, sizeof(*o));
	o->id = c->id;
	o->key = xstrdup(c->key ? c->key : "");
	o->section = xstrdup(c->section ? c->section : "");
	o->question = stats_first_line(c->question);
	o->level = c->level;
	o->state = c->sched.state;
	o->queue = c->sched.queue;
	o->due = c->sched.due;
	o->lapses = c->sched.lapses;
	o->leech = c->sched.leech;
	o->retired = c->retired;
	return 0;
}

/* Free what the callbacks kept. */
static void stats_load_release(struct stats_load *l)
{
	size_t i;

	for (i = 0; i < l->ncards; i++) {
		free((char *)l->cards[i].key);
		free((char *)l->cards[i].section);
		free((char *)l->cards[i].question);
	}
	free(l->cards);
	free(l->reviews);
}

/* Print @text, section titles (lines starting a block) in bold if @ansi. */
static void stats_print(const char *text, int ansi)
{
	const char *p = text, *e;
	int start = 1;

	for (; *p; p = e + 1) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		if (ansi && start && *p && *p != ' ')
			printf("\033[1m%.*s\033[0m\n", (int)(e - p), p);
		else
			printf("%.*s\n", (int)(e - p), p);
		start = p == e;
		if (!*e)
			break;
	}
}

/* Read the collection, print the report. */
static int cmd_stats_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	struct stats_load l = { 0 };
	struct stats_input in;
	struct sbuf out = SBUF_INIT;
	struct config cfg;
	struct store *s;
	struct tm tm;
	char err[512];
	time_t now = time(NULL);
	int rc = EXIT_USAGE, c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		return cmd_usage(&cmd_stats_entry);
	if (optind < argc)
		return cmd_usage(&cmd_stats_entry);
	s = cmd_open_store(&cfg, 0);
	if (!s)
		return EXIT_USAGE;
	if (store_revlog_each(s, stats_load_review, &l, err, sizeof(err)) ||
	    store_cards_each(s, NULL, stats_load_card, &l, err,
			     sizeof(err))) {
		msg_error("%s", err);
		goto out;
	}
	memset(&in, 0, sizeof(in));
	in.reviews = l.reviews;
	in.nreviews = l.nreviews;
	in.cards = l.cards;
	in.ncards = l.ncards;
	in.now = now;
	localtime_r(&now, &tm);
	in.tz = (int)tm.tm_gmtoff;
	in.rollover = cfg.rollover_hour;
	in.leech_threshold = cfg.leech_threshold;
	in.width = 80;
	in.ascii = term_ascii_wanted();
	stats_report(&in, &out);
	stats_print(out.buf, term_color_wanted(1));
	if (optim_refit_due((long)l.nreviews, cfg.fit_reviews))
		printf("\nYour %zu reviews are %s: `memdrill sched optimize "
		       "--save` fits\nthe memory model to them.\n",
		       l.nreviews, cfg.fit_reviews ? "twice those the "
		       "parameters were fitted to" : "enough to fit your own "
		       "parameters");
	rc = EXIT_OK;
out:
	sbuf_release(&out);
	stats_load_release(&l);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_stats_entry = {
	.name = "stats",
	.usage = "stats",
	.summary = "today, forecast, retention, heatmap, leeches",
	.help =
	"Prints, in 80 columns: today's reviews (done, again rate, time);\n"
	"the next 30 days' due cards as a column chart (day 0 includes\n"
	"overdue cards); true retention over the past month and all time,\n"
	"young (last interval under 21 days) and mature, counting only the\n"
	"first review of a card each day, Again = fail; a heatmap of\n"
	"reviews per day over the past year; cards by state, level and\n"
	"section; the leeches (leech_threshold lapses, default 8, or\n"
	"flagged when graded).\n"
	"Days start at the rollover hour of the settings file.  Section\n"
	"titles are bold on a terminal unless NO_COLOR is set; piped output\n"
	"is plain text.  MEMDRILL_ASCII=1: ASCII bars.\n"
	"Ends with an offer to fit the memory model (sched optimize) when\n"
	"the reviews have doubled since the parameters were fitted\n"
	"(fsrs_fit_reviews in the config), or reach 400 when they never were.\n",
	.exec = cmd_stats_exec,
};
