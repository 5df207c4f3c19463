// SPDX-License-Identifier: GPL-2.0
/*
 * test-retention.c - the retention simulation (core/retention.h): the
 * same seed gives the same figures, more retention costs more time and
 * keeps more cards, the daily limits hold, and durations and rating
 * probabilities come from the log with the defaults where it is thin.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/optimize.h"
#include "core/retention.h"
#include "core/sched.h"
#include "test.h"

static void opts(struct retention_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->w = sched_default_w;
	o->days = 200;
	o->new_cards = 1000;
	o->new_per_day = 20;
	o->reviews_per_day = 9999;
	o->max_ivl = 36500;
	o->nlearn = 2;
	o->nrelearn = 1;
	o->seed = 5;
	retention_from_log(NULL, o);
}

static void test_deterministic(void)
{
	struct retention_opts o;
	struct retention_result a, b, c;

	opts(&o);
	retention_simulate(&o, 0.9, &a);
	retention_simulate(&o, 0.9, &b);
	CHECK(a.minutes_per_day == b.minutes_per_day);
	CHECK(a.remembered == b.remembered);
	o.seed = 6;
	retention_simulate(&o, 0.9, &c);
	CHECK(c.minutes_per_day != a.minutes_per_day);
	CHECK_NEAR(c.minutes_per_day, a.minutes_per_day, 0.1);
}

static void test_monotone(void)
{
	struct retention_opts o;
	struct retention_result lo, hi;

	opts(&o);
	retention_simulate(&o, 0.70, &lo);
	retention_simulate(&o, 0.97, &hi);
	printf("0.70: %.2f min/day %.0f remembered; 0.97: %.2f min/day "
	       "%.0f remembered\n", lo.minutes_per_day, lo.remembered,
	       hi.minutes_per_day, hi.remembered);
	CHECK(hi.minutes_per_day > 1.5 * lo.minutes_per_day);
	CHECK(hi.remembered > lo.remembered);
	/* 200 days x 20 new: all 1000 cards learned, most remembered */
	CHECK(hi.remembered > 900 && hi.remembered <= 1000);
	CHECK_NEAR(hi.seconds_per_remembered, hi.minutes_per_day * 60 *
		   200 / hi.remembered, 1e-9);
}

static void test_limits(void)
{
	struct retention_opts o;
	struct retention_result r;

	opts(&o);
	o.reviews_per_day = 30;
	retention_simulate(&o, 0.95, &r);
	CHECK(r.reviews_per_day <= 30);
	o.new_per_day = 0;
	retention_simulate(&o, 0.95, &r);
	CHECK(r.reviews_per_day == 0);
	CHECK(r.remembered == 0);
}

static void test_from_log(void)
{
	struct optim_log l = OPTIM_LOG_INIT;
	struct retention_opts o;
	int i;

	/* 30 first reviews, all Good in 4 s; review durations unseen */
	for (i = 0; i < 30; i++)
		optim_log_add(&l, i, 0, 3, 0, 4000);
	opts(&o);
	retention_from_log(&l, &o);
	CHECK_NEAR(o.cost[0][2], 4.0, 1e-12);
	CHECK_NEAR(o.cost[2][2], 12.38, 1e-12);
	CHECK_NEAR(o.first_prob[2], 1.0, 1e-12);
	CHECK_NEAR(o.first_prob[0], 0.0, 1e-12);
	CHECK_NEAR(o.review_prob[1], 0.631, 1e-12);
	optim_log_release(&l);
}

int main(void)
{
	TEST_RUN(test_deterministic);
	TEST_RUN(test_monotone);
	TEST_RUN(test_limits);
	TEST_RUN(test_from_log);
	return test_done();
}
