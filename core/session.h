/* SPDX-License-Identifier: GPL-2.0 */
/*
 * session.h - one drill session over today's queue, for both front ends
 * (the curses screen and the plain line protocol).
 *
 * A session owns the collection handle and the queue.  It hands out one
 * card at a time; grading, burying and suspending commit to the collection
 * before returning (one transaction: the review-log row and the new state),
 * so a grade reported as done survives a SIGKILL.  Every such action is
 * pushed on an undo stack; session_undo() reverts the latest one in the
 * collection and makes its card the next one shown.
 *
 * Nothing here prints or exits: failures return -1 and session_error()
 * says why (lowercase, subject quoted), for the command to report.
 */
#ifndef MEMDRILL_SESSION_H
#define MEMDRILL_SESSION_H

#include <stdint.h>

/* The card being shown; owned by the session, valid until the next call. */
struct session_card {
	int64_t id;
	const char *key, *deck, *section;
	const char *question, *answer;	/* Markdown */
	const char *lab;		/* NULL or "" when none */
	const char *source;		/* deck file, NULL when unknown */
	int line;			/* line of the card in @source */
	int level;		/* 1 Basic, 2 Intermediate, 3 Advanced */
	int state;		/* 0 new 1 learning 2 review 3 relearning */
};

/* What the session did; for the summary screen and the plain protocol. */
struct session_summary {
	int reviewed;		/* grades given (minus undone ones) */
	int again;		/* of which Again */
	int buried, suspended;
	int64_t ms;		/* time spent on graded cards */
	int due_tomorrow;	/* cards due by the end of tomorrow */
	int left;		/* cards left in today's queue */
	int64_t next_due;	/* when the next card falls due (unix
				 * seconds), 0 when none or not known */
};

struct session;

/*
 * Open the collection at @db and build today's queue (optionally only
 * the deck named @deck).  Returns NULL with a message in @err (a buffer of
 * @errsz bytes) on failure.
 */
struct session *session_open(const char *db, const char *deck, char *err,
			     size_t errsz);
void session_close(struct session *s);

/* The reason for the last -1. */
const char *session_error(struct session *s);

/*
 * The card to show now: 1 and *@card set, 0 when nothing is left for
 * today, -1 on failure.  Repeated calls return the same card until it is
 * graded, buried or suspended.
 */
int session_next(struct session *s, const struct session_card **card);

/*
 * The next interval of the current card for each rating 1..4, short
 * human text ("10m", "3d", "1.5mo"), in @ivl[rating - 1].
 */
void session_preview(struct session *s, char ivl[4][16]);

/*
 * Grade the current card (@rating 1 Again .. 4 Easy) after @duration_ms
 * on screen; committed on return 0.  -1 on failure (nothing changed).
 */
int session_grade(struct session *s, int rating, int64_t duration_ms);

/*
 * Did the last successful session_grade() mark the card a leech?
 * 0 no, 1 yes (tagged), 2 yes and suspended (leech_action = suspend).
 */
int session_last_leech(const struct session *s);

/* Bury the current card until tomorrow / suspend it; 0 or -1. */
int session_bury(struct session *s);
int session_suspend(struct session *s);

/*
 * Revert the latest grade, bury or suspend still on the stack.  Returns 1
 * when something was undone (its card is shown next), 0 when the stack is
 * empty, -1 on failure.  @what receives "grade", "bury" or "suspend" and
 * @key the card's key (static storage until the next call).
 */
int session_undo(struct session *s, const char **what, const char **key);

/*
 * Re-import the deck file of the current card (after an edit) and reload
 * the card.  Returns 0, or -1 (deck errors: the message says where; the
 * collection is unchanged).
 */
int session_reload(struct session *s);

/*
 * The line of the deck error that made the last session_reload() fail,
 * or 0 (it succeeded, or the error has no line): where to edit next.
 */
int session_reload_line(const struct session *s);

/* Cards done today (including before this session) and left in the queue. */
void session_progress(struct session *s, int *done, int *left);

/*
 * What is left in the session by kind, the card on screen included:
 * new cards, learning (and relearning) steps, reviews.  -1 when the
 * backend does not say how its list splits.
 */
int session_counts(const struct session *s, int *newc, int *learn,
		   int *review);

void session_summary(struct session *s, struct session_summary *out);

/* Format @days (may be fractional) as "10m", "3d", "2.1mo", "1.4y". */
void session_format_interval(double days, char *buf, size_t size);

/*
 * When @t is, seen at @now (both unix seconds, local time): "now",
 * "today HH:MM", "tomorrow HH:MM" or "YYYY-MM-DD HH:MM"; "none" for 0.
 */
void session_format_when(int64_t t, int64_t now, char *buf, size_t size);

#endif
