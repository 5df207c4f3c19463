// SPDX-License-Identifier: GPL-2.0
/*
 * session-store.c - the drill session's backend over the collection
 * (store.h), the scheduler (sched.h), today's queue (queue.h), the
 * learner's settings (config.h) and the deck loader (deckset.h, for the
 * re-import after an edit).  See session-backend.h for the operations.
 *
 * A grade takes the scheduler's outcome for the rating, adds leech
 * marking (a lapse reaching leech_threshold, then every half of it; with
 * leech_action = suspend the card is also suspended) and commits the
 * review-log row and the new state in one store transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "core/config.h"
#include "core/deckset.h"
#include "core/events.h"
#include "core/queue.h"
#include "core/sched.h"
#include "core/session-backend.h"
#include "core/store.h"
#include "util/paths.h"
#include "util/xalloc.h"

struct sstore {
	struct store *st;
	struct config cfg;
	struct store_card card;	/* the card last loaded (owns strings) */
	int have_card;
	size_t counts[3];	/* today's list: learning, review, new */
};

/* Wall-clock milliseconds: review-log times are UTC ms. */
static int64_t sstore_now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* Backend now(): wall-clock seconds. */
static int64_t sstore_now(void *ctx)
{
	(void)ctx;
	return sstore_now_ms() / 1000;
}

/* Backend day_start(): the day begins at the rollover hour. */
static int64_t sstore_day_start(void *ctx, int64_t now)
{
	struct sstore *b = ctx;
	int h = b->cfg.rollover_hour;

	return sched_day_start(sched_day(now, h), h);
}

/* Copy a stored state into the session's form. */
static void sstore_to_session(const struct store_sched *in,
			      struct session_sched *out)
{
	out->state = in->state;
	out->step = in->step;
	out->due = in->due;
	out->stability = in->stability;
	out->difficulty = in->difficulty;
	out->last_review = in->last_review;
	out->reps = in->reps;
	out->lapses = in->lapses;
	out->queue = in->queue;
	out->buried_until = in->buried_until;
	out->leech = in->leech;
}

/* The scheduler's view of a state. */
static void sstore_to_sched(const struct session_sched *in,
			    struct sched_card *out)
{
	memset(out, 0, sizeof(*out));
	out->state = in->state;
	out->step = in->step;
	out->due = in->due;
	out->last_review = in->last_review;
	out->s = in->stability;
	out->d = in->difficulty;
	out->reps = in->reps;
	out->lapses = in->lapses;
}

/* Backend today(): queue.h's list (checking the deck exists). */
static int sstore_today(void *ctx, const char *deck, int64_t now,
			int64_t **ids, size_t *n, char *err, size_t errsz)
{
	struct sstore *b = ctx;
	struct queue_today q = QUEUE_TODAY_INIT;

	if (deck) {
		int rc = store_deck_exists(b->st, deck, err, errsz);

		if (rc < 0)
			return -1;
		if (!rc) {
			snprintf(err, errsz, "no deck titled '%s' in the "
				 "collection", deck);
			return -1;
		}
	}
	if (queue_today_load(b->st, &b->cfg, deck, now, &q, err, errsz) < 0)
		return -1;
	*n = q.n;
	b->counts[0] = q.nlearn;
	b->counts[1] = q.nreview;
	b->counts[2] = q.nnew;
	*ids = xmalloc((q.n ? q.n : 1) * sizeof(**ids));
	if (q.n)
		memcpy(*ids, q.ids, q.n * sizeof(**ids));
	queue_today_release(&q);
	return 0;
}

/*
 * Backend load(): a card with its state; the previous card's
 * strings are freed only once the new one is read.
 */
static int sstore_load(void *ctx, int64_t id, struct session_loaded *out,
		       char *err, size_t errsz)
{
	struct sstore *b = ctx;
	struct store_card c;

	memset(&c, 0, sizeof(c));
	if (store_card_get(b->st, id, &c, err, errsz) < 0)
		return -1;
	if (b->have_card)
		store_card_release(&b->card);
	b->card = c;
	b->have_card = 1;
	memset(out, 0, sizeof(*out));
	out->card.id = c.id;
	out->card.key = c.key;
	out->card.deck = c.deck;
	out->card.section = c.section;
	out->card.question = c.question ? c.question : "";
	out->card.answer = c.answer ? c.answer : "";
	out->card.lab = c.lab;
	out->card.source = c.source;
	out->card.line = c.line;
	out->card.level = c.level;
	out->card.state = c.sched.state;
	sstore_to_session(&c.sched, &out->sched);
	return 0;
}

/*
 * Backend preview(): the interval each of the four outcomes schedules: a
 * review interval in whole days (what the grade stores as
 * scheduled_days, although the card falls due at the start of that day,
 * less than that many 24-hour days from now), a learning step's delay.
 */
static void sstore_preview(void *ctx, const struct session_loaded *c,
			   int64_t now, double days[4])
{
	struct sstore *b = ctx;
	struct sched_outcome out[4];
	struct sched_card sc;
	int i;

	sstore_to_sched(&c->sched, &sc);
	sched_preview(&b->cfg, &sc, sched_seed(c->card.key), now, out);
	for (i = 0; i < 4; i++)
		days[i] = out[i].scheduled_days > 0 ? out[i].scheduled_days :
			  out[i].delay / 86400.0;
}

/* Record event @kind for card @c now; its new state into @after. */
static int sstore_event(struct sstore *b, int kind, const char *key,
			int64_t time_ms, struct event *e,
			struct store_sched *after, int *leech, char *err,
			size_t errsz)
{
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->time_ms = time_ms;
	snprintf(e->subject, sizeof(e->subject), "%s", key);
	return store_event_add(b->st, e, after, leech, err, errsz);
}

/*
 * Backend grade(): a review event, which replays the card (the
 * scheduler's outcome and leech marking, events.c) in one transaction.
 * The id for the undo is the event's sequence number.
 */
static int sstore_grade(void *ctx, const struct session_loaded *c,
			int rating, int64_t now, int64_t duration_ms,
			int64_t *revlog_id, struct session_sched *after,
			char *err, size_t errsz)
{
	struct sstore *b = ctx;
	struct store_sched st;
	struct event e;
	int64_t ms = sstore_now_ms();
	int leech = 0;

	/* the review time is now, to the millisecond, in @now's second */
	if (ms / 1000 != now)
		ms = now * 1000;
	memset(&e, 0, sizeof(e));
	e.kind = EVENT_REVIEW;
	e.time_ms = ms;
	e.rating = rating;
	e.duration_ms = duration_ms;
	snprintf(e.subject, sizeof(e.subject), "%s", c->card.key);
	if (store_event_add(b->st, &e, &st, &leech, err, errsz) < 0)
		return -1;
	*revlog_id = e.seq;
	sstore_to_session(&st, after);
	after->marked_leech = leech;
	return 0;
}

/* The key of card @card_id. */
static int sstore_key(struct sstore *b, int64_t card_id, char **key,
		      char *err, size_t errsz)
{
	struct store_card c;

	if (store_card_get(b->st, card_id, &c, err, errsz) < 0)
		return -1;
	*key = c.key;
	c.key = NULL;
	store_card_release(&c);
	return 0;
}

/* An undo event taking back this device's event @seq on @card_id. */
static int sstore_undo(struct sstore *b, int64_t card_id, int64_t seq,
		       char *err, size_t errsz)
{
	struct store_sched st;
	struct event e;
	char *key;
	int rc;

	if (sstore_key(b, card_id, &key, err, errsz) < 0)
		return -1;
	memset(&e, 0, sizeof(e));
	e.kind = EVENT_UNDO;
	e.time_ms = sstore_now_ms();
	e.ref = seq;
	snprintf(e.subject, sizeof(e.subject), "%s", key);
	free(key);
	rc = store_event_add(b->st, &e, &st, NULL, err, errsz);
	return rc;
}

/* Backend ungrade(): an undo event; the replay restores the state. */
static int sstore_ungrade(void *ctx, int64_t card_id, int64_t revlog_id,
			  const struct session_sched *before, char *err,
			  size_t errsz)
{
	(void)before;
	return sstore_undo(ctx, card_id, revlog_id, err, errsz);
}

/* Backend set_sched(): a bury or suspend event, or its undo. */
static int sstore_set(void *ctx, int64_t card_id,
		      const struct session_sched *s, int64_t undo_id,
		      int64_t *id, char *err, size_t errsz)
{
	struct sstore *b = ctx;
	struct store_sched st;
	struct event e;
	char *key;
	int rc;

	if (undo_id)
		return sstore_undo(b, card_id, undo_id, err, errsz);
	if (sstore_key(b, card_id, &key, err, errsz) < 0)
		return -1;
	rc = sstore_event(b, s->queue == STORE_Q_BURIED ? EVENT_BURY :
			  EVENT_SUSPEND, key, sstore_now_ms(), &e, &st, NULL,
			  err, errsz);
	free(key);
	if (!rc && id)
		*id = e.seq;
	return rc;
}

/* Re-import one deck file, all or nothing, as `memdrill import` does. */
static int sstore_reimport(void *ctx, const char *path, char *err,
			   size_t errsz)
{
	struct sstore *b = ctx;
	struct deckset set = DECKSET_INIT;
	struct store_import_stats st;
	char *paths[] = { (char *)path };
	const char *base;
	size_t i, k;
	int rc = -1;

	if (deckset_load(&set, paths, 1, err, errsz) < 0)
		return -1;
	if (deckset_check_store(&set, b->st, err, errsz) < 0)
		goto out;
	if (set.nerrors) {
		for (i = 0; i < set.n; i++)
			for (k = 0; k < set.decks[i].ndiags; k++)
				if (set.decks[i].diags[k].error)
					goto found;
		snprintf(err, errsz, "cannot re-import '%s': errors in the "
			 "deck", path);
		goto out;
found:
		base = strrchr(path, '/');
		snprintf(err, errsz, "not re-imported: %s:%d: %s",
			 base ? base + 1 : path, set.decks[i].diags[k].line,
			 set.decks[i].diags[k].msg);
		rc = set.decks[i].diags[k].line > 0 ?
		     set.decks[i].diags[k].line : -1;
		goto out;
	}
	rc = store_import(b->st, set.decks, (const char *const *)set.sources,
			  set.n, &st, err, errsz);
out:
	deckset_release(&set);
	return rc;
}

struct sstore_near {
	const char *source;
	int line;
	int64_t id;
	int best;
};

/* store_cards_each callback: the card starting nearest before @line. */
static int sstore_near_fn(void *arg, const struct store_card *c)
{
	struct sstore_near *n = arg;
	int d = n->line - c->line;

	if (d < 0)
		d = -d * 4;	/* prefer the card the line is in */
	if (n->best < 0 || d < n->best) {
		n->best = d;
		n->id = c->id;
	}
	return 0;
}

/*
 * Backend find(): by key, else (the question changed) the
 * live card of that file nearest the line.
 */
static int sstore_find(void *ctx, const char *key, const char *path,
		       int line, int64_t *id, char *err, size_t errsz)
{
	struct sstore *b = ctx;
	struct store_filter f = { .source = path };
	struct sstore_near near = { path, line, 0, -1 };
	struct store_card c;

	memset(&c, 0, sizeof(c));
	if (!store_card_find(b->st, key, &c, err, errsz) && !c.retired) {
		*id = c.id;
		store_card_release(&c);
		return 0;
	}
	store_card_release(&c);
	/* the question changed (new key): the card at the same place */
	if (store_cards_each(b->st, &f, sstore_near_fn, &near, err,
			     errsz) < 0)
		return -1;
	if (near.best < 0) {
		snprintf(err, errsz, "card '%s' is gone from '%s'", key, path);
		return -1;
	}
	*id = near.id;
	return 0;
}

/* Backend done_since(): review-log rows since @since (of @deck). */
static int sstore_done_since(void *ctx, const char *deck, int64_t since,
			     int *n)
{
	struct sstore *b = ctx;
	char err[256];

	return store_reviews_since(b->st, deck, since * 1000, -1, n, err,
				   sizeof(err));
}

/* Backend due_before(): learning and review cards due then. */
static int sstore_due_before(void *ctx, int64_t until, int *n)
{
	struct sstore *b = ctx;
	int64_t now = sstore_now(ctx);
	char err[256];
	int a = 0, r = 0;

	if (store_pick_count(b->st, STORE_PICK_LEARNING, NULL, now, until - 1,
			     &a, err, sizeof(err)) < 0 ||
	    store_pick_count(b->st, STORE_PICK_REVIEW, NULL, now, until, &r,
			     err, sizeof(err)) < 0)
		return -1;
	*n = a + r;
	return 0;
}

/* Backend today_counts(). */
static void sstore_today_counts(void *ctx, size_t counts[3])
{
	struct sstore *b = ctx;

	memcpy(counts, b->counts, sizeof(b->counts));
}

/* Backend next_due(). */
static int sstore_next_due(void *ctx, int64_t *when)
{
	struct sstore *b = ctx;
	char err[256];

	return store_next_due(b->st, when, err, sizeof(err));
}

/* Backend close(): free the loaded card, close the store. */
static void sstore_close(void *ctx)
{
	struct sstore *b = ctx;

	if (b->have_card)
		store_card_release(&b->card);
	store_close(b->st);
	free(b);
}

/* Public (session.h): settings, the collection, the queue. */
struct session *session_open(const char *db, const char *deck, char *err,
			     size_t errsz)
{
	struct session_backend ops = {
		NULL, sstore_today, sstore_load, sstore_preview, sstore_grade,
		sstore_ungrade, sstore_set, sstore_reimport, sstore_find,
		sstore_done_since, sstore_due_before, sstore_day_start,
		sstore_now, sstore_close, 0, sstore_next_due,
		sstore_today_counts,
	};
	struct sstore *b = xcalloc(1, sizeof(*b));

	if (config_load(&b->cfg, paths_config(), err, errsz) < 0) {
		free(b);
		return NULL;
	}
	b->st = store_open(db, STORE_WRITE, err, errsz);
	if (!b->st) {
		free(b);
		return NULL;
	}
	store_set_config(b->st, &b->cfg);
	ops.ctx = b;
	ops.learn_ahead = b->cfg.learn_ahead;
	return session_new(&ops, deck, err, errsz);
}
