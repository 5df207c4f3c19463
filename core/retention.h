/* SPDX-License-Identifier: GPL-2.0 */
/*
 * retention.h - what a desired retention costs: a day-by-day simulation
 * of the learner's collection under FSRS-6 (after fsrs-rs's simulate());
 * pure: never prints or exits.
 *
 * Each day the due cards are reviewed (at most reviews_per_day, the
 * most overdue first when the limit cuts), then new cards are learned (at most new_per_day, and
 * within what the review limit leaves).  A review t days after the last
 * one is recalled with probability R(t, S) (the learner's parameters);
 * a recall is rated Hard, Good or Easy by review_prob, a lapse Again
 * followed by the relearning steps (each rated Good, same day).  A new
 * card's first rating is drawn by first_prob; Again and Hard repeat the
 * learning steps, Good takes the steps after the first, Easy none (each
 * step rated Good, same day).  Memory follows sched_memory_next(); the
 * next review is due after sched_interval() days for the retention (no
 * fuzz).  Time is the sum of the review durations by state and rating
 * (seconds); "remembered" is the sum of R over the cards introduced, at
 * the end of the horizon.  The generator is seeded: the same options
 * give the same figures; every retention uses the same random numbers.
 */
#ifndef MEMDRILL_RETENTION_H
#define MEMDRILL_RETENTION_H

#include <stddef.h>
#include <stdint.h>

struct optim_log;

/* A card already in the collection. */
struct retention_card {
	double s, d;		/* memory; s == 0: new */
	int last_day;		/* days before the start (<= 0) */
	int due_day;		/* days from the start (may be < 0) */
};

struct retention_opts {
	const double *w;	/* 21 FSRS-6 parameters */
	int days;		/* horizon */
	int new_cards;		/* new cards on top of @cards */
	const struct retention_card *cards;
	size_t ncards;
	int new_per_day, reviews_per_day, max_ivl;
	int nlearn, nrelearn;	/* learning and relearning steps */
	double cost[4][4];	/* seconds by state (0 new, 1 learning,
				 * 2 review, 3 relearning) and rating */
	double first_prob[4];	/* first rating 1..4 */
	double review_prob[3];	/* Hard, Good, Easy given a recall */
	uint64_t seed;
};

struct retention_result {
	double retention;
	double minutes_per_day;	/* the average over the horizon */
	double reviews_per_day;
	double remembered;	/* sum of R at the end */
	double seconds_per_remembered;
};

/*
 * Fill @o's durations and rating probabilities from @log (the mean
 * duration of each state and rating seen at least 5 times, fsrs-rs's
 * defaults otherwise; probabilities from first and review ratings when
 * there are at least 20, fsrs-rs's defaults otherwise).
 */
void retention_from_log(const struct optim_log *log,
			struct retention_opts *o);

/* Simulate @o at desired retention @r into @res. */
void retention_simulate(const struct retention_opts *o, double r,
			struct retention_result *res);

#endif
