/* SPDX-License-Identifier: GPL-2.0 */
/*
 * session-backend.h - what a drill session needs from the collection and
 * the scheduler, as a table of operations.
 *
 * session.c holds the session logic (order of cards within the session,
 * learning cards coming back, the undo stack, counts); a backend supplies
 * the data and the commits.  session-store.c is the real one (store.h,
 * sched.h, queue.h); the unit tests use an in-memory one.  Every operation
 * returns 0 on success or -1 with a message in @err (lowercase, subject
 * quoted) of @errsz bytes.
 */
#ifndef MEMDRILL_SESSION_BACKEND_H
#define MEMDRILL_SESSION_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "core/session.h"

/* A card's scheduling state (SCHEMA.md card_state), copied for undo. */
struct session_sched {
	int state, step;
	int64_t due;		/* unix seconds, 0 when none */
	double stability, difficulty;
	int64_t last_review;
	int reps, lapses;
	int queue;		/* 0 normal, 1 buried, 2 suspended */
	int64_t buried_until;
	int leech;
	/* set by grade() when this grade marked the card a leech (the
	 * threshold, then every half of it); not stored */
	int marked_leech;
};

/* A card as loaded; strings are owned by the backend until next load. */
struct session_loaded {
	struct session_card card;
	struct session_sched sched;
};

struct session_backend {
	void *ctx;
	/*
	 * Today's queue at @now: card ids in the order to show them
	 * (learning due, reviews due, new up to the daily limit), only deck
	 * @deck when not NULL.  *@ids is malloc'ed; the caller frees it.
	 */
	int (*today)(void *ctx, const char *deck, int64_t now, int64_t **ids,
		     size_t *n, char *err, size_t errsz);
	/* Load one card and its state into @out; unchanged on failure. */
	int (*load)(void *ctx, int64_t id, struct session_loaded *out,
		    char *err, size_t errsz);
	/*
	 * The next interval in days for each rating 1..4 at @now: the
	 * scheduled interval (whole days) for a review, the delay for a
	 * learning step.
	 */
	void (*preview)(void *ctx, const struct session_loaded *c,
			int64_t now, double days[4]);
	/*
	 * Grade: compute the new state, append the review-log row and write
	 * the state in one transaction.  Stores the row id in *@revlog_id and
	 * the new state in *@after.
	 */
	int (*grade)(void *ctx, const struct session_loaded *c, int rating,
		     int64_t now, int64_t duration_ms, int64_t *revlog_id,
		     struct session_sched *after, char *err, size_t errsz);
	/*
	 * Undo the grade @revlog_id (what grade() stored, an id the
	 * backend chooses): the card's state becomes @before again.
	 */
	int (*ungrade)(void *ctx, int64_t card_id, int64_t revlog_id,
		       const struct session_sched *before, char *err,
		       size_t errsz);
	/*
	 * Bury or suspend (@undo_id 0): @s is the wanted state (queue 1 or
	 * 2), *@id gets an id for the undo.  Or undo the bury or suspend
	 * @undo_id: the state becomes @s (the one before) again.
	 */
	int (*set_sched)(void *ctx, int64_t card_id,
			 const struct session_sched *s, int64_t undo_id,
			 int64_t *id, char *err, size_t errsz);
	/*
	 * Re-import the deck file @path (after an edit): 0, -1, or the
	 * line (> 0) of the deck's first error.
	 */
	int (*reimport)(void *ctx, const char *path, char *err, size_t errsz);
	/* Find the card now at @path:@line, or by @key; its id in *@id. */
	int (*find)(void *ctx, const char *key, const char *path, int line,
		    int64_t *id, char *err, size_t errsz);
	/* Reviews logged since @since (unix seconds), of deck @deck's
	 * cards when @deck is not NULL. */
	int (*done_since)(void *ctx, const char *deck, int64_t since, int *n);
	/* Cards (not new, not suspended) due before @until. */
	int (*due_before)(void *ctx, int64_t until, int *n);
	/* The start of the learner's day holding @now (rollover applied). */
	int64_t (*day_start)(void *ctx, int64_t now);
	/* Current time (unix seconds); tests fix it. */
	int64_t (*now)(void *ctx);
	void (*close)(void *ctx);
	/* Seconds a learning card may be shown early when nothing else is
	 * left (Anki's learn-ahead limit); 0 means none. */
	int learn_ahead;
	/* When the next card (not new, not suspended) falls due, unix
	 * seconds, 0 for none; NULL: not known. */
	int (*next_due)(void *ctx, int64_t *when);
	/* How today()'s list splits: its first @counts[0] ids are learning
	 * cards, the next @counts[1] reviews, the rest new; NULL: unknown. */
	void (*today_counts)(void *ctx, size_t counts[3]);
};

/*
 * Build a session over @b (taken: closed with the session).  Returns NULL
 * with a message in @err when today's queue cannot be read.
 */
struct session *session_new(const struct session_backend *b,
			    const char *deck, char *err, size_t errsz);

#endif
