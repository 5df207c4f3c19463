// SPDX-License-Identifier: GPL-2.0
/*
 * test-session.c - the drill session logic over an in-memory backend:
 * order, progress counts, Again cards coming back (learn-ahead), undo of
 * grades, buries and suspends (several steps, state and review log
 * restored), failures leaving counts alone, interval formatting.
 */
#include <stdlib.h>
#include <string.h>

#include "core/session-backend.h"
#include "test.h"

#define T0 1795348800LL		/* 2026-11-22 12:00 UTC */
#define NCARDS 4

struct fake {
	struct session_sched st[NCARDS + 1];
	char key[NCARDS + 1][16];
	int64_t rev[64];	/* card id per revlog row id; 0 deleted */
	int nrev;
	int64_t now;
	int fail_grade;
};

static int fake_today(void *ctx, const char *deck, int64_t now,
		      int64_t **ids, size_t *n, char *err, size_t errsz)
{
	struct fake *f = ctx;
	int i;

	(void)deck;
	(void)err;
	(void)errsz;
	*ids = malloc(NCARDS * sizeof(**ids));
	*n = 0;
	for (i = 1; i <= NCARDS; i++)
		if (f->st[i].queue == 0 && f->st[i].due <= now)
			(*ids)[(*n)++] = i;
	return 0;
}

static int fake_load(void *ctx, int64_t id, struct session_loaded *out,
		     char *err, size_t errsz)
{
	struct fake *f = ctx;

	(void)err;
	(void)errsz;
	memset(out, 0, sizeof(*out));
	out->card.id = id;
	out->card.key = f->key[id];
	out->card.question = "Q?";
	out->card.answer = "A.";
	out->card.source = "deck.md";
	out->sched = f->st[id];
	return 0;
}

static void fake_preview(void *ctx, const struct session_loaded *c,
			 int64_t now, double days[4])
{
	(void)ctx;
	(void)c;
	(void)now;
	days[0] = 1.0 / 1440;
	days[1] = 10.0 / 1440;
	days[2] = 1;
	days[3] = 4;
}

static int fake_grade(void *ctx, const struct session_loaded *c, int rating,
		      int64_t now, int64_t duration_ms, int64_t *revlog_id,
		      struct session_sched *after, char *err, size_t errsz)
{
	static const int64_t secs[] = { 60, 600, 86400, 4 * 86400 };
	struct fake *f = ctx;
	struct session_sched *st = &f->st[c->card.id];

	(void)duration_ms;
	if (f->fail_grade) {
		snprintf(err, errsz, "database is locked");
		return -1;
	}
	st->due = now + secs[rating - 1];
	st->state = rating <= 2 ? 1 : 2;
	st->reps++;
	f->rev[++f->nrev] = c->card.id;
	*revlog_id = f->nrev;
	*after = *st;
	return 0;
}

static int fake_ungrade(void *ctx, int64_t card_id, int64_t revlog_id,
			const struct session_sched *before, char *err,
			size_t errsz)
{
	struct fake *f = ctx;

	(void)err;
	(void)errsz;
	if (f->rev[revlog_id] != card_id)
		return -1;
	f->rev[revlog_id] = 0;
	f->st[card_id] = *before;
	return 0;
}

static int fake_set(void *ctx, int64_t card_id, const struct session_sched *s,
		    int64_t undo_id, int64_t *id, char *err, size_t errsz)
{
	struct fake *f = ctx;

	(void)undo_id;
	if (id)
		*id = 1;
	(void)err;
	(void)errsz;
	f->st[card_id] = *s;
	return 0;
}

static int fake_reimport(void *ctx, const char *path, char *err, size_t errsz)
{
	(void)ctx;
	(void)path;
	snprintf(err, errsz, "not here");
	return -1;
}

static int fake_find(void *ctx, const char *key, const char *path, int line,
		     int64_t *id, char *err, size_t errsz)
{
	(void)ctx;
	(void)key;
	(void)path;
	(void)line;
	(void)id;
	(void)err;
	(void)errsz;
	return -1;
}

static int fake_done_since(void *ctx, const char *deck, int64_t since,
			   int *n)
{
	(void)ctx;
	(void)since;
	(void)deck;
	*n = 7;
	return 0;
}

static int fake_due_before(void *ctx, int64_t until, int *n)
{
	struct fake *f = ctx;
	int i;

	*n = 0;
	for (i = 1; i <= NCARDS; i++)
		*n += f->st[i].state && f->st[i].queue != 2 &&
			f->st[i].due < until;
	return 0;
}

static int64_t fake_day_start(void *ctx, int64_t now)
{
	(void)ctx;
	return now - now % 86400;
}

static int64_t fake_now(void *ctx)
{
	return ((struct fake *)ctx)->now;
}

static void fake_close(void *ctx)
{
	(void)ctx;
}

static struct fake fk;

static struct session *open_fake(void)
{
	struct session_backend b = {
		&fk, fake_today, fake_load, fake_preview, fake_grade,
		fake_ungrade, fake_set, fake_reimport, fake_find,
		fake_done_since, fake_due_before, fake_day_start, fake_now,
		fake_close, 20 * 60, NULL, NULL,
	};
	char err[128];
	int i;

	memset(&fk, 0, sizeof(fk));
	fk.now = T0;
	for (i = 1; i <= NCARDS; i++)
		snprintf(fk.key[i], sizeof(fk.key[i]), "k%d", i);
	return session_new(&b, NULL, err, sizeof(err));
}

static int64_t next_id(struct session *s)
{
	const struct session_card *c;

	return session_next(s, &c) == 1 ? c->id : 0;
}

static void test_order_progress(void)
{
	struct session *s = open_fake();
	char ivl[4][16];
	int done, left;

	CHECK_INT(next_id(s), 1);
	CHECK_INT(next_id(s), 1);	/* same card until acted on */
	session_progress(s, &done, &left);
	CHECK_INT(done, 7);
	CHECK_INT(left, 4);
	session_preview(s, ivl);
	CHECK_STR(ivl[0], "1m");
	CHECK_STR(ivl[1], "10m");
	CHECK_STR(ivl[2], "1d");
	CHECK_STR(ivl[3], "4d");
	CHECK_INT(session_grade(s, 3, 1500), 0);
	session_progress(s, &done, &left);
	CHECK_INT(done, 8);
	CHECK_INT(left, 3);
	CHECK_INT(next_id(s), 2);
	session_close(s);
}

static void test_again_comes_back(void)
{
	struct session *s = open_fake();
	int done, left;

	CHECK_INT(next_id(s), 1);
	CHECK_INT(session_grade(s, 1, 100), 0);	/* due in 1 minute */
	session_progress(s, &done, &left);
	CHECK_INT(left, 4);			/* still today's */
	CHECK_INT(next_id(s), 2);
	CHECK_INT(session_grade(s, 4, 100), 0);
	fk.now += 120;				/* card 1 is due now */
	CHECK_INT(next_id(s), 1);
	CHECK_INT(session_grade(s, 2, 100), 0);	/* 10 minutes */
	CHECK_INT(next_id(s), 3);
	CHECK_INT(session_grade(s, 3, 100), 0);
	CHECK_INT(next_id(s), 4);
	CHECK_INT(session_grade(s, 3, 100), 0);
	/* only card 1 left, due in < 20 minutes: learn ahead */
	CHECK_INT(next_id(s), 1);
	CHECK_INT(session_grade(s, 3, 100), 0);
	CHECK_INT(next_id(s), 0);
	session_close(s);
}

static void test_undo(void)
{
	struct session *s = open_fake();
	struct session_summary sum;
	const char *what, *key;

	CHECK_INT(session_undo(s, &what, &key), 0);
	CHECK_INT(next_id(s), 1);
	CHECK_INT(session_grade(s, 1, 1000), 0);
	CHECK_INT(next_id(s), 2);
	CHECK_INT(session_bury(s), 0);
	CHECK_INT(fk.st[2].queue, 1);
	CHECK(fk.st[2].buried_until == T0 - T0 % 86400 + 86400);
	CHECK_INT(next_id(s), 3);
	CHECK_INT(session_suspend(s), 0);
	CHECK_INT(fk.st[3].queue, 2);
	CHECK_INT(next_id(s), 4);
	/* three steps back, newest first */
	CHECK_INT(session_undo(s, &what, &key), 1);
	CHECK_STR(what, "suspend");
	CHECK_STR(key, "k3");
	CHECK_INT(fk.st[3].queue, 0);
	CHECK_INT(next_id(s), 3);
	CHECK_INT(session_undo(s, &what, &key), 1);
	CHECK_STR(what, "bury");
	CHECK_INT(fk.st[2].queue, 0);
	CHECK_INT(next_id(s), 2);
	CHECK_INT(session_undo(s, &what, &key), 1);
	CHECK_STR(what, "grade");
	CHECK_STR(key, "k1");
	CHECK_INT(fk.rev[1], 0);	/* review-log row gone */
	CHECK_INT(fk.st[1].reps, 0);	/* state restored */
	CHECK_INT(fk.st[1].due, 0);
	CHECK_INT(next_id(s), 1);
	session_summary(s, &sum);
	CHECK_INT(sum.reviewed, 0);
	CHECK_INT(sum.again, 0);
	CHECK_INT(sum.buried, 0);
	CHECK_INT(sum.suspended, 0);
	CHECK_INT(sum.ms, 0);
	CHECK_INT(sum.left, 4);
	/* the undone Again card is not also waiting in the learning list */
	CHECK_INT(session_grade(s, 4, 10), 0);
	CHECK_INT(next_id(s), 2);
	CHECK_INT(session_grade(s, 4, 10), 0);
	CHECK_INT(next_id(s), 3);
	CHECK_INT(session_grade(s, 4, 10), 0);
	CHECK_INT(next_id(s), 4);
	CHECK_INT(session_grade(s, 4, 10), 0);
	fk.now += 3600;
	CHECK_INT(next_id(s), 0);
	session_summary(s, &sum);
	CHECK_INT(sum.reviewed, 4);
	CHECK_INT(sum.due_tomorrow, 0);
	session_close(s);
}

static void test_failure(void)
{
	struct session *s = open_fake();
	struct session_summary sum;

	CHECK_INT(next_id(s), 1);
	fk.fail_grade = 1;
	CHECK_INT(session_grade(s, 3, 10), -1);
	CHECK_STR(session_error(s), "database is locked");
	session_summary(s, &sum);
	CHECK_INT(sum.reviewed, 0);
	fk.fail_grade = 0;
	CHECK_INT(next_id(s), 1);	/* still the same card */
	CHECK_INT(session_reload(s), -1);
	CHECK_STR(session_error(s), "not here");
	CHECK_INT(next_id(s), 1);
	session_close(s);
}

static void test_format(void)
{
	char b[16];

	session_format_interval(0.0001, b, sizeof(b));
	CHECK_STR(b, "<1m");
	session_format_interval(10.0 / 1440, b, sizeof(b));
	CHECK_STR(b, "10m");
	session_format_interval(0.5, b, sizeof(b));
	CHECK_STR(b, "12h");
	session_format_interval(3, b, sizeof(b));
	CHECK_STR(b, "3d");
	session_format_interval(45, b, sizeof(b));
	CHECK_STR(b, "1.5mo");
	session_format_interval(730.5, b, sizeof(b));
	CHECK_STR(b, "2.0y");
}

int main(void)
{
	TEST_RUN(test_order_progress);
	TEST_RUN(test_again_comes_back);
	TEST_RUN(test_undo);
	TEST_RUN(test_failure);
	TEST_RUN(test_format);
	return test_done();
}
