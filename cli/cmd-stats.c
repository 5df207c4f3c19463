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

/* What the store callbacks feed: stats.h's stream. */
struct stats_load {
	const struct stats_input *in;
	struct stats_figures *f;
	size_t nreviews;	/* counted for the offer to re-optimise */
};

/* store_revlog_by_card() callback: one review, in card order. */
static int stats_load_review(void *arg, const struct store_review *r)
{
	struct stats_load *l = arg;
	struct stats_review o = {
		.card_id = r->card_id,
		.time_ms = r->time_ms,
		.rating = r->rating,
		.state = r->state,
		.elapsed_days = r->elapsed_days,
		.duration_ms = (int)r->duration_ms,
	};

	stats_add_review(l->in, l->f, &o);
	l->nreviews++;
	return 0;
}

/* store_days_read() callback: the reviews of one day, summed earlier. */
static int stats_load_day(void *arg, const struct store_day *d)
{
	struct stats_load *l = arg;
	struct stats_day o = {
		.day = d->day,
		.reviews = d->reviews,
		.ret = { { d->young_pass, d->young_total },
			 { d->mature_pass, d->mature_total } },
	};

	stats_add_day(l->in, l->f, &o);
	l->nreviews += (size_t)(d->reviews > 0 ? d->reviews : 0);
	return 0;
}

/* store_cards_each() callback: one card (stats copies what it keeps). */
static int stats_load_card(void *arg, const struct store_card *c)
{
	struct stats_load *l = arg;
	struct stats_card o = {
		.id = c->id,
		.key = c->key,
		.section = c->section,
		.question = c->question,
		.level = c->level,
		.state = c->sched.state,
		.queue = c->sched.queue,
		.due = c->sched.due,
		.lapses = c->sched.lapses,
		.leech = c->sched.leech,
		.retired = c->retired,
		.source = c->source,
		.ord = c->ord,
	};

	stats_add_card(l->in, l->f, &o);
	return 0;
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
			fputs("\033[1m", stdout);
		msg_write(stdout, p, (size_t)(e - p));
		fputs(ansi && start && *p && *p != ' ' ? "\033[0m\n" : "\n",
		      stdout);
		start = p == e;
		if (!*e)
			break;
	}
}

/*
 * Store the days the reviews just read closed (f->track), so that the
 * next stats starts from today.  Only a cache: skipped when another
 * memdrill wrote in between or holds the collection.
 */
static void stats_keep_days(struct store *s, const struct stats_input *in,
			    const struct stats_figures *f, const char *frame,
			    int64_t upto, int64_t version)
{
	struct store_day *d = xcalloc(f->ntrack + 1, sizeof(*d));
	size_t i, n = 0;
	char err[512];

	for (i = 0; i < f->ntrack; i++) {
		const struct stats_day *t = &f->track[i];

		if (!t->reviews)
			continue;
		d[n].day = f->track_first + (int64_t)i;
		d[n].reviews = t->reviews;
		d[n].young_pass = t->ret[0].pass;
		d[n].young_total = t->ret[0].total;
		d[n].mature_pass = t->ret[1].pass;
		d[n].mature_total = t->ret[1].total;
		n++;
	}
	if (store_days_write(s, frame, upto, stats_day_start(in, f->today),
			     f->today, version, d, n, err, sizeof(err)) < 0)
		msg_warn("%s (the report above is complete)", err);
	free(d);
}

/* Read the collection, print the report. */
static int cmd_stats_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	struct store_filter all = { .unordered = 1 };
	struct stats_figures f;
	struct stats_load l = { .f = &f };
	struct stats_input in;
	struct sbuf out = SBUF_INIT;
	struct config cfg;
	struct store *s;
	struct tm tm;
	char err[512];
	time_t now = time(NULL);
	int64_t upto, upto_day, version, first;
	char frame[64];
	int rc = EXIT_USAGE, c, track;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		return cmd_usage(&cmd_stats_entry);
	if (optind < argc)
		return cmd_usage(&cmd_stats_entry);
	s = cmd_open_store(&cfg, 0);
	if (!s)
		return EXIT_USAGE;
	memset(&in, 0, sizeof(in));
	in.now = now;
	localtime_r(&now, &tm);
	in.tz = (int)tm.tm_gmtoff;
	in.rollover = cfg.rollover_hour;
	in.leech_threshold = cfg.leech_threshold;
	in.width = 80;
	in.ascii = term_ascii_wanted();
	l.in = &in;
	/*
	 * Streamed, nothing kept per card or review: the days summed by an
	 * earlier stats (revlog_days), then the reviews since in card order
	 * (all of them, straight from the revlog_card index, when nothing
	 * is summed), the cards in table order (stats puts sections and
	 * leeches in deck order itself).  The days the reviews close are
	 * summed for the next time.
	 */
	stats_begin(&in, &f);
	stats_frame(&in, frame, sizeof(frame));
	if (store_read_begin(s, err, sizeof(err)) < 0)
		goto fail;
	if (store_days_read(s, frame, &upto, &upto_day, &version,
			    stats_load_day, &l, err, sizeof(err)))
		goto fail_read;
	/*
	 * Summed past today's start (the clock went back), or a boundary
	 * that is not the start of its day (edited by hand): read it all.
	 */
	if (upto != INT64_MIN && (upto_day > f.today ||
				  upto_day < f.today - STATS_TRACK_MAX ||
				  upto != stats_day_start(&in, upto_day))) {
		stats_figures_release(&f);
		stats_begin(&in, &f);
		l.nreviews = 0;
		upto = INT64_MIN;
	}
	first = upto;
	if (upto == INT64_MIN &&
	    store_revlog_first(s, &first, err, sizeof(err)) < 0)
		goto fail_read;
	track = first == INT64_MAX ||
		!stats_track_days(&f, stats_day_of(&in, first));
	if (store_revlog_by_card(s, upto, stats_load_review, &l, err,
				 sizeof(err)) ||
	    store_cards_each(s, &all, stats_load_card, &l, err, sizeof(err)))
		goto fail_read;
	store_read_end(s);
	if (track)
		stats_keep_days(s, &in, &f, frame, upto, version);
	stats_end(&f);
	stats_report_figures(&in, &f, &out);
	stats_print(out.buf, term_color_wanted(1));
	if (optim_refit_due((long)l.nreviews, cfg.fit_reviews))
		printf("\nYour %zu reviews are %s: `memdrill sched optimize "
		       "--save` fits\nthe memory model to them.\n",
		       l.nreviews, cfg.fit_reviews ? "twice those the "
		       "parameters were fitted to" : "enough to fit your own "
		       "parameters");
	rc = EXIT_OK;
	goto out;
fail_read:
	store_read_end(s);
fail:
	msg_error("%s", err);
out:
	sbuf_release(&out);
	stats_figures_release(&f);
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
	"(fsrs_fit_reviews in the config), or reach 400 when they never were.\n"
	"The days before today are kept summed in the collection, so stats\n"
	"reads only the reviews since its last run; an older review added,\n"
	"changed or removed (a sync bringing another device's) makes the\n"
	"next one read from that review's day on, and a rebuild or another\n"
	"time zone or rollover hour makes it read them all once.\n",
	.exec = cmd_stats_exec,
};
