/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - the figures of `memdrill stats`, computed from plain arrays
 * (pure: no I/O).  cmd-stats.c reads the collection into these arrays and
 * prints the report with stats_report().
 *
 * Days are the learner's days: a day index is
 * floor((t + tz - rollover * 3600) / 86400) for a time t in seconds, the
 * local UTC offset tz in seconds and the rollover hour (Anki: 4 a.m.).
 */
#ifndef MEMDRILL_STATS_H
#define MEMDRILL_STATS_H

#include <stdint.h>

#include "util/sbuf.h"
#include "util/strmap.h"

/* One review-log row (SCHEMA.md revlog). */
struct stats_review {
	int64_t card_id;
	int64_t time_ms;	/* ms since the epoch */
	int rating;		/* 1..4 */
	int state;		/* state before the review */
	int elapsed_days;	/* days since the previous review, -1 unknown */
	int duration_ms;
};

/* One card with its scheduling state (SCHEMA.md cards + card_state). */
struct stats_card {
	int64_t id;
	const char *key, *section, *question;
	int level;		/* 1..3, 0 unknown */
	int state;		/* 0 new 1 learning 2 review 3 relearning */
	int queue;		/* 0 normal 1 buried 2 suspended */
	int64_t due;		/* unix seconds, 0 for new cards */
	int lapses;
	int leech;
	int retired;
	const char *source;	/* deck file; with ord, the deck order */
	int ord;
};

/* One lab run (SCHEMA.md lab_runs). */
struct stats_lab_run {
	const char *lab, *mode, *verdict;
	int64_t time;		/* ms since the epoch */
};

struct stats_input {
	const struct stats_review *reviews;	/* in time order */
	size_t nreviews;
	const struct stats_card *cards;
	size_t ncards;
	const struct stats_lab_run *labs;	/* may be NULL */
	size_t nlabs;
	int64_t now;		/* unix seconds */
	int tz;			/* local UTC offset, seconds */
	int rollover;		/* hour a new day starts, 0..23 */
	int width;		/* columns, >= 60 */
	int ascii;		/* ASCII bars instead of block characters */
	int leech_threshold;	/* lapses that make a leech; 0: 8 */
};

/* True retention of one group: passed / total first reviews of a day. */
struct stats_retention {
	int pass, total;
};

#define STATS_WEEKS 53
#define STATS_LEECHES 20	/* leeches listed by name */

/*
 * One closed learner day of the review log, summed: what the collection
 * keeps (store_days_*), so that stats reads only the reviews since.
 */
struct stats_day {
	int64_t day;
	int reviews;
	struct stats_retention ret[2];	/* [0] young, [1] mature */
};

#define STATS_TRACK_MAX 40000	/* days (110 years) a stream may span */

/* A section: its cards and due cards, where it first appears. */
struct stats_section {
	char *name;
	int count, due;
	char *source;		/* (source, ord, seq) of its first card */
	int ord;
	size_t seq;
};

/* A listed leech (strings owned). */
struct stats_leech {
	char *key, *question;	/* question: its first line */
	int lapses;
	char *source;
	int ord;
	size_t seq;
};

/*
 * Figures the report prints, exposed for the tests.  Filled by
 * stats_compute() from arrays, or by stats_begin(), stats_add_review()
 * and stats_add_card() from a stream, then stats_end(); freed by
 * stats_figures_release().
 */
struct stats_figures {
	int today_done, today_again;
	int64_t today_ms;
	int forecast[30];	/* due per day; [0] includes overdue */
	/* [0] young (elapsed < 21 days), [1] mature; month, then all time */
	struct stats_retention month[2], all[2];
	int by_state[4], buried, suspended;
	int by_level[4];	/* [0] unknown */
	int leeches;
	/* the heatmap: reviews a day from day heat_first on */
	int heat[STATS_WEEKS * 7];
	int64_t heat_first;
	/* sections in deck order (after stats_end) */
	struct stats_section *sections;
	size_t nsections, salloc;
	struct strmap section_map;	/* name -> index */
	/* the first STATS_LEECHES leeches in deck order */
	struct stats_leech leech_list[STATS_LEECHES];
	int nleech_list;
	/* the closed days of the reviews streamed (stats_track_days()) */
	struct stats_day *track;
	int64_t track_first;
	size_t ntrack;
	/* streaming state */
	int64_t today, last_card, last_day;
	int have_last;
	size_t seq;
};

/* Compute the figures of @in into @f (release with the function below). */
void stats_compute(const struct stats_input *in, struct stats_figures *f);

/*
 * The same from a stream: reviews in card order, then time order within
 * a card (what true retention needs); cards in any order (sections and
 * leeches are put in deck order, by source and ord); strings are copied
 * as needed.  @in->reviews and @in->cards are not read.
 */
void stats_begin(const struct stats_input *in, struct stats_figures *f);
void stats_add_review(const struct stats_input *in, struct stats_figures *f,
		      const struct stats_review *r);
void stats_add_card(const struct stats_input *in, struct stats_figures *f,
		    const struct stats_card *c);
void stats_end(struct stats_figures *f);

/*
 * Summed days: a stream may start with days summed earlier (in day
 * order or not, each day once, all before the first review streamed:
 * the sums end at the start of a day, see stats_day_start()), then the
 * reviews since, which stats_add_review() takes as usual.
 */
void stats_add_day(const struct stats_input *in, struct stats_figures *f,
		   const struct stats_day *d);

/*
 * Sum the reviews streamed from now on per day, for the days from @first
 * to yesterday, in f->track[0..f->ntrack) (day @first + i at i; today's
 * and later reviews are not summed: the day is not over).  Returns -1
 * and tracks nothing when that spans more than STATS_TRACK_MAX days.
 */
int stats_track_days(struct stats_figures *f, int64_t first);

/* The learner's day of @t_ms (ms since the epoch) under @in. */
int64_t stats_day_of(const struct stats_input *in, int64_t t_ms);

/* The time (ms since the epoch) learner day @day starts at under @in. */
int64_t stats_day_start(const struct stats_input *in, int64_t day);

/*
 * What decides how reviews are summed per day into @buf: the time zone,
 * the rollover hour and the maturity threshold.  Sums made under another
 * frame are not comparable.
 */
void stats_frame(const struct stats_input *in, char *buf, size_t size);

void stats_figures_release(struct stats_figures *f);

/* Append the whole report (plain text, @in->width columns) to @out. */
void stats_report(const struct stats_input *in, struct sbuf *out);

/* The report of figures already computed for @in. */
void stats_report_figures(const struct stats_input *in,
			  const struct stats_figures *f, struct sbuf *out);

#endif
