/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sched.h - the FSRS-6 scheduler with Anki's learning steps; pure.
 *
 * Two layers:
 *  - the memory model (sched_memory_*): stability S and difficulty D after
 *    a review given the whole days t since the previous one, exactly as
 *    FSRS-6 defines them (docs/scheduler.md; the same numbers as fsrs-rs
 *    and ts-fsrs 5.x);
 *  - the card scheduler (sched_next, sched_preview): learning and
 *    relearning steps, graduation, review intervals for the desired
 *    retention, fuzz.
 * Times are unix seconds; day numbers start at the rollover hour in the
 * local time zone (TZ).  Nothing here prints, exits or reads files.
 */
#ifndef MEMDRILL_SCHED_H
#define MEMDRILL_SCHED_H

#include <stdint.h>

#include "core/config.h"

#define SCHED_NPARAMS 21
#define SCHED_S_MIN 0.001
#define SCHED_S_MAX 36500.0

enum { SCHED_AGAIN = 1, SCHED_HARD, SCHED_GOOD, SCHED_EASY };

extern const double sched_default_w[SCHED_NPARAMS];

/*
 * Upgrade @n parameters (17: FSRS-4.5, 19: FSRS-5, 21: FSRS-6) into
 * @w[21].  Returns 0, or -1 for any other count.
 */
int sched_upgrade_params(const double *in, int n, double w[SCHED_NPARAMS]);

/* A card's memory: S in days, D in [1, 10]; s == 0 means no review yet. */
struct sched_memory {
	double s, d;
};

/* R(t, S) = (1 + factor * t / S) ^ -w20. */
double sched_retrievability(const double *w, double t, double s);

/* The unrounded interval in days at which R falls to @retention. */
double sched_interval_days(const double *w, double s, double retention);

/* clamp(round(interval), 1, @max_ivl). */
int sched_interval(const double *w, double s, double retention,
		   int max_ivl);

/*
 * The memory after a review rated @rating, @t whole days after the
 * previous one: the first review (@m->s == 0) initialises; t == 0 uses
 * the same-day formula; else success or lapse with R(t, S).
 */
void sched_memory_next(const double *w, const struct sched_memory *m,
		       int t, int rating, struct sched_memory *out);

/* The scheduling part of a card (store's card_state). */
struct sched_card {
	int state;		/* 0 new, 1 learning, 2 review, 3 relearning */
	int step;
	int64_t due, last_review;
	double s, d;
	int reps, lapses;
};

/* One possible outcome of a review. */
struct sched_outcome {
	struct sched_card card;
	int elapsed_days;	/* whole days since the last review */
	int scheduled_days;	/* review interval; 0 on a step */
	int64_t delay;		/* seconds until due */
};

/* The day number of @t: days since the epoch, starting at @rollover. */
int64_t sched_day(int64_t t, int rollover_hour);

/* The unix time at which day @day starts. */
int64_t sched_day_start(int64_t day, int rollover_hour);

/*
 * The outcome @o of reviewing @c at @now with rating @rating (1..4) under
 * @cfg; @seed (sched_seed() of the card's key) seeds the fuzz with the
 * review count, so a replay on any device gives the same due dates.  A
 * replay's step: only what @rating needs is computed.
 */
void sched_next(const struct config *cfg, const struct sched_card *c,
		uint64_t seed, int64_t now, int rating,
		struct sched_outcome *o);

/* The four outcomes (index rating - 1): sched_next() of each rating. */
void sched_preview(const struct config *cfg, const struct sched_card *c,
		   uint64_t seed, int64_t now, struct sched_outcome out[4]);

/*
 * The fuzz seed of the card with key @key: its 64-bit FNV-1a hash.  The
 * key, not the collection's row id, so that every device agrees.
 */
uint64_t sched_seed(const char *key);

/*
 * Anki's fuzz: the interval in days for @ivl (unrounded) with factor
 * @f in [0, 1), between @min_ivl and @max_ivl.  No fuzz under 2.5 days.
 */
int sched_fuzz(double ivl, double f, int min_ivl, int max_ivl);

#endif
