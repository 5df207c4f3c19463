// SPDX-License-Identifier: GPL-2.0
/*
 * test-queue.c - today's queue over a real (temporary) collection: order
 * (learning, reviews by due, new in order added), the learn-ahead window,
 * daily limits (the review limit also caps new cards), bury until the next
 * day's rollover, suspend, retrievability order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/config.h"
#include "core/deck.h"
#include "core/queue.h"
#include "core/sched.h"
#include "core/store.h"
#include "test.h"
#include "util/sbuf.h"

#define NCARDS 30
/* 2026-01-10 12:00 UTC; the learner's day began at 04:00. */
#define NOW 1768046400LL
#define DAY 86400LL

static char dbpath[64];
static struct store *st;
static int64_t ids[NCARDS];

static void setup(void)
{
	struct sbuf text = SBUF_INIT;
	struct deck d = DECK_INIT;
	struct store_import_stats is;
	const char *src = "/test/deck.md";
	char err[256];
	int i;

	snprintf(dbpath, sizeof(dbpath), "/tmp/memdrill-queue-%d.db",
		 (int)getpid());
	for (i = 0; i < NCARDS; i++)
		sbuf_addf(&text, "Q: card %d?\nA: yes\n[Basic]\n---\n", i);
	deck_parse(&d, src, text.buf, text.len);
	st = store_open(dbpath, STORE_CREATE, err, sizeof(err));
	CHECK(st != NULL);
	CHECK_INT(store_import(st, &d, &src, 1, &is, err, sizeof(err)), 0);
	CHECK_INT(is.added, NCARDS);
	for (i = 0; i < NCARDS; i++) {
		struct store_card c;

		CHECK_INT(store_card_find(st, d.cards[i].key, &c, err,
					  sizeof(err)), 0);
		ids[i] = c.id;
		store_card_release(&c);
	}
	deck_release(&d);
	sbuf_release(&text);
}

static void set_state(int i, int state, int64_t due, double s, int queue,
		      int64_t buried_until)
{
	struct store_sched ss = {
		.state = state, .due = due, .stability = s, .difficulty = 5,
		.last_review = due - 3 * DAY, .reps = 1, .queue = queue,
		.buried_until = buried_until,
	};
	char err[256];

	CHECK_INT(store_sched_put(st, ids[i], &ss, err, sizeof(err)), 0);
}

static int position(const struct queue_today *q, int i)
{
	size_t k;

	for (k = 0; k < q->n; k++)
		if (q->ids[k] == ids[i])
			return (int)k;
	return -1;
}

static void test_order_and_limits(void)
{
	struct queue_today q;
	struct config cfg;
	char err[256];

	config_defaults(&cfg);
	set_state(0, 2, NOW - 2 * DAY, 5, 0, 0);	/* review, older */
	set_state(1, 2, NOW - 5 * DAY, 5, 0, 0);	/* review, oldest */
	set_state(2, 1, NOW + 10 * 60, 0.5, 0, 0);	/* learning, in window */
	set_state(3, 1, NOW + 40 * 60, 0.5, 0, 0);	/* learning, too late */
	set_state(4, 2, NOW + 2 * DAY, 5, 0, 0);	/* review, not due */
	set_state(5, 2, NOW + 10 * 3600, 5, 0, 0);	/* due before rollover */
	CHECK_INT(queue_today_load(st, &cfg, NULL, NOW, &q, err,
				   sizeof(err)), 0);
	CHECK_INT(q.nlearn, 1);
	CHECK_INT(q.nreview, 3);
	CHECK_INT(q.nnew, 20);			/* new_per_day */
	CHECK_INT(position(&q, 2), 0);		/* learning first */
	CHECK_INT(position(&q, 1), 1);		/* then oldest due */
	CHECK_INT(position(&q, 0), 2);
	CHECK_INT(position(&q, 5), 3);
	CHECK_INT(position(&q, 3), -1);
	CHECK_INT(position(&q, 4), -1);
	CHECK_INT(position(&q, 6), 4);		/* new in order added */
	CHECK_INT(position(&q, 7), 5);
	CHECK_INT(q.day_start, NOW - 8 * 3600);
	queue_today_release(&q);

	cfg.reviews_per_day = 5;		/* caps reviews and new */
	CHECK_INT(queue_today_load(st, &cfg, NULL, NOW, &q, err,
				   sizeof(err)), 0);
	CHECK_INT(q.nreview, 3);
	CHECK_INT(q.nnew, 2);
	queue_today_release(&q);
	cfg.reviews_per_day = 2;
	CHECK_INT(queue_today_load(st, &cfg, NULL, NOW, &q, err,
				   sizeof(err)), 0);
	CHECK_INT(q.nreview, 2);
	CHECK_INT(q.nnew, 0);
	queue_today_release(&q);
}

static void test_bury_suspend(void)
{
	struct queue_today q;
	struct config cfg;
	char err[256];
	int64_t tomorrow = sched_day_start(sched_day(NOW, 4) + 1, 4);

	config_defaults(&cfg);
	set_state(0, 2, NOW - 2 * DAY, 5, STORE_Q_BURIED, tomorrow);
	set_state(1, 2, NOW - 5 * DAY, 5, STORE_Q_SUSPENDED, 0);
	CHECK_INT(queue_today_load(st, &cfg, NULL, NOW, &q, err,
				   sizeof(err)), 0);
	CHECK_INT(position(&q, 0), -1);
	CHECK_INT(position(&q, 1), -1);
	queue_today_release(&q);
	/* The next day, after the rollover: buried is back, suspended not. */
	CHECK_INT(queue_today_load(st, &cfg, NULL, tomorrow + 60, &q, err,
				   sizeof(err)), 0);
	CHECK(position(&q, 0) >= 0);
	CHECK_INT(position(&q, 1), -1);
	queue_today_release(&q);
}

static void test_retrievability_order(void)
{
	struct queue_today q;
	struct config cfg;
	char err[256];

	config_defaults(&cfg);
	cfg.order_retrievability = 1;
	/* Same due day, but card 9 has tiny stability: lowest R first. */
	set_state(8, 2, NOW - DAY, 30, 0, 0);
	set_state(9, 2, NOW - DAY / 2, 0.5, 0, 0);
	CHECK_INT(queue_today_load(st, &cfg, NULL, NOW, &q, err,
				   sizeof(err)), 0);
	CHECK(position(&q, 9) >= 0 && position(&q, 9) < position(&q, 8));
	queue_today_release(&q);
}

/*
 * store_pick_count() (the drill's "due tomorrow") counts what store_pick()
 * returns without a limit: not suspended, buried or retired cards, with
 * and without a deck (the two are different queries).
 */
static void test_pick_count(void)
{
	struct sbuf text = SBUF_INIT;
	struct deck d = DECK_INIT;
	struct store_import_stats is;
	const char *src = "/test/deck.md";
	int64_t *got = NULL, until = NOW + DAY;
	size_t n = 0;
	char err[256];
	int i, c = -1, cd = -1;

	for (i = 20; i < NCARDS; i++)
		set_state(i, 2, NOW - i * 60, 5, 0, 0);	/* 10 due */
	set_state(21, 2, NOW - DAY, 5, STORE_Q_SUSPENDED, 0);
	set_state(22, 2, NOW - DAY, 5, STORE_Q_BURIED, NOW + DAY);
	set_state(23, 2, NOW - DAY, 5, STORE_Q_BURIED, NOW - 60);
	set_state(24, 1, NOW + 60, 1, 0, 0);		/* learning */
	/* retire card 25: import the deck without it */
	for (i = 0; i < NCARDS; i++)
		if (i != 25)
			sbuf_addf(&text, "Q: card %d?\nA: yes\n[Basic]\n"
				  "---\n", i);
	deck_parse(&d, src, text.buf, text.len);
	CHECK_INT(store_import(st, &d, &src, 1, &is, err, sizeof(err)), 0);
	CHECK_INT(is.retired, 1);
	CHECK_INT(store_pick(st, STORE_PICK_REVIEW, NULL, NOW, until, -1,
			     &got, &n, err, sizeof(err)), 0);
	for (i = 20; i < NCARDS; i++) {
		size_t k;
		int in = 0;

		for (k = 0; k < n; k++)
			in |= got[k] == ids[i];
		/* suspended, buried till tomorrow, learning, retired: out */
		CHECK_INT(in, i != 21 && i != 22 && i != 24 && i != 25);
	}
	CHECK_INT(store_pick_count(st, STORE_PICK_REVIEW, NULL, NOW, until,
				   &c, err, sizeof(err)), 0);
	CHECK_INT(store_pick_count(st, STORE_PICK_REVIEW, "deck", NOW, until,
				   &cd, err, sizeof(err)), 0);
	CHECK_INT(c, (int)n);
	CHECK_INT(cd, (int)n);
	CHECK_INT(store_pick_count(st, STORE_PICK_LEARNING, NULL, NOW, until,
				   &c, err, sizeof(err)), 0);
	CHECK(c >= 1);
	free(got);
	deck_release(&d);
	sbuf_release(&text);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	setup();
	TEST_RUN(test_order_and_limits);
	TEST_RUN(test_bury_suspend);
	TEST_RUN(test_retrievability_order);
	TEST_RUN(test_pick_count);
	store_close(st);
	unlink(dbpath);
	{
		char side[80];

		snprintf(side, sizeof(side), "%s-wal", dbpath);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", dbpath);
		unlink(side);
	}
	return test_done();
}
