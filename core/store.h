/* SPDX-License-Identifier: GPL-2.0 */
/*
 * store.h - the collection: the only code that speaks SQL (SQLite).
 *
 * Schema (version in PRAGMA user_version; docs/collection.md):
 * decks, cards (text, level, lab, source file:line, retired flag),
 * card_state (one row per card: FSRS state, due, queue), revlog (one row
 * per grade), lab_runs.  The database runs in WAL mode with foreign keys
 * on and a 5 s busy timeout.  Opening an older version writes a backup
 * copy `PATH.bak-vN` and migrates forward.
 *
 * Conventions: functions returning int give 0 on success and -1 on
 * failure with a message in @err (@errsz bytes; lowercase, subject
 * quoted), and leave the collection as it was (every write is one
 * transaction).  Strings handed out are malloc'ed and owned by the caller
 * through the release functions.  Times: unix seconds, except revlog
 * and lab-run times in milliseconds (the export format).
 */
#ifndef MEMDRILL_STORE_H
#define MEMDRILL_STORE_H

#include <stddef.h>
#include <stdint.h>

struct deck;
struct store;

#define STORE_VERSION 1
/* PRAGMA application_id of a collection: "MDrl" */
#define STORE_APP_ID 0x4d44726c

/* Card states and queues as stored (SCHEMA: card_state). */
enum { STORE_NEW, STORE_LEARNING, STORE_REVIEW, STORE_RELEARNING };
enum { STORE_Q_NORMAL, STORE_Q_BURIED, STORE_Q_SUSPENDED };

enum {
	STORE_CREATE = 1 << 0,	/* create the file (and its folder) */
	STORE_WRITE = 1 << 1,	/* the caller writes: check it first */
};

/*
 * Open the collection at @path.  Without STORE_CREATE a missing file is an
 * error that says to import first.  Returns NULL with a message on
 * failure (not a database, newer schema than this program, busy, ...).
 * Before anything is written the file is identified: a collection has
 * STORE_APP_ID (or, from before it, memdrill's tables and a schema
 * version); anything else, including a zero-length file memdrill did not
 * just create, is refused and left as it was, byte for byte.  With
 * STORE_WRITE (implied by STORE_CREATE) a damaged file (PRAGMA
 * quick_check) is refused too, with how to recover, so nothing is
 * committed into it.
 */
struct store *store_open(const char *path, int flags, char *err,
			 size_t errsz);
void store_close(struct store *s);

/* A card's scheduling state (card_state row). */
struct store_sched {
	int state, step;
	int64_t due;		/* unix seconds; 0 when none (new) */
	double stability, difficulty;
	int64_t last_review;	/* unix seconds; 0 when never */
	int reps, lapses;
	int queue;		/* STORE_Q_* */
	int64_t buried_until;
	int leech;
};

struct store_card {
	int64_t id;
	char *key, *deck, *section, *question, *answer, *lab, *tags;
	char *source;		/* absolute path of the deck file */
	int level, line, ord, retired;
	struct store_sched sched;
};

void store_card_release(struct store_card *c);

/* Counts reported by an import. */
struct store_import_stats {
	int added, updated, unchanged, retired, revived;
};

/*
 * Sync @n parsed decks (no errors among them) into the collection in one
 * transaction.  @sources[i] is the absolute path of decks[i]'s file.
 * Cards are matched by key; a card whose key is gone from a file it came
 * from is retired (hidden, history kept) and comes back when it returns.
 */
int store_import(struct store *s, const struct deck *decks,
		 const char *const *sources, size_t n,
		 struct store_import_stats *st, char *err, size_t errsz);

/*
 * Find a live card by exact key or unique key prefix into @c.  Returns 0,
 * -1 with a message for none or an ambiguous prefix (listing a few).
 */
int store_card_find(struct store *s, const char *key, struct store_card *c,
		    char *err, size_t errsz);
int store_card_get(struct store *s, int64_t id, struct store_card *c,
		   char *err, size_t errsz);

/* Filter for store_cards_each(); NULL / 0 fields do not filter. */
struct store_filter {
	const char *deck;	/* deck title */
	const char *search;	/* substring of question or answer */
	const char *source;	/* absolute deck file path */
	int with_text;		/* fill answer (question is always filled) */
};

/*
 * Call @fn for each live card matching @f in deck order (source, ord).
 * @fn returns 0 to go on; a non-zero return stops and is returned.
 */
int store_cards_each(struct store *s, const struct store_filter *f,
		     int (*fn)(void *arg, const struct store_card *c),
		     void *arg, char *err, size_t errsz);

/* Is there a deck titled @deck?  1 yes, 0 no, -1 error. */
int store_deck_exists(struct store *s, const char *deck, char *err,
		      size_t errsz);

/* One review-log row. */
struct store_review {
	int64_t id;		/* set by the store */
	int64_t card_id;
	int64_t time_ms;	/* ms since the epoch, UTC */
	int rating;		/* 1..4 */
	int state;		/* state before the review */
	int elapsed_days, scheduled_days;
	double stability, difficulty;	/* after the review */
	int64_t duration_ms;
};

int store_sched_get(struct store *s, int64_t card_id, struct store_sched *st,
		    char *err, size_t errsz);
int store_sched_put(struct store *s, int64_t card_id,
		    const struct store_sched *st, char *err, size_t errsz);

/*
 * Grade card r->card_id in one write transaction: read its state as it is
 * now (another memdrill may have graded it since this one showed it) into
 * *@before, let @next fill the rest of @r and the new state *@after from
 * it, append @r (its id is set) and write *@after.  A grade is either
 * fully stored or not at all, and the state always follows the log.
 */
int store_review_commit(struct store *s, struct store_review *r,
			void (*next)(void *arg,
				     const struct store_sched *before,
				     struct store_review *r,
				     struct store_sched *after),
			void *arg, struct store_sched *before,
			struct store_sched *after, char *err, size_t errsz);

/*
 * Undo a grade: delete revlog row @revlog_id and restore @before, in one
 * transaction; refused (nothing changes) when the row is gone or the card
 * was graded again since (by another memdrill), so that the state keeps
 * following the log.
 */
int store_review_undo(struct store *s, int64_t card_id, int64_t revlog_id,
		      const struct store_sched *before, char *err,
		      size_t errsz);

/*
 * Call @fn for every review-log row in time order (ties by id), with the
 * card's key.  Non-zero from @fn stops and is returned.
 */
int store_revlog_each(struct store *s,
		      int (*fn)(void *arg, const char *key,
				const struct store_review *r),
		      void *arg, char *err, size_t errsz);

/*
 * Number of review-log rows with time_ms >= @since_ms, only those whose
 * state before the review was @state when @state >= 0, and only of deck
 * @deck's cards when @deck is not NULL.
 */
int store_reviews_since(struct store *s, const char *deck, int64_t since_ms,
			int state, int *n, char *err, size_t errsz);

/*
 * Candidate ids for today's queue, only deck @deck when not NULL, never
 * retired or suspended, and buried only when buried_until <= @now:
 *  - STORE_PICK_LEARNING: learning/relearning with due <= @until, by due;
 *  - STORE_PICK_REVIEW: review cards with due < @until, oldest due first;
 *  - STORE_PICK_NEW: new cards in the order they were added (an import
 *    adds files by name and cards by position, so: deck order).
 * At most @limit ids (< 0: no limit) are appended to *@ids (malloc'ed,
 * grown; *@n counts them).
 */
enum { STORE_PICK_LEARNING, STORE_PICK_REVIEW, STORE_PICK_NEW };
int store_pick(struct store *s, int kind, const char *deck, int64_t now,
	       int64_t until, int limit, int64_t **ids, size_t *n,
	       char *err, size_t errsz);

/* Count what store_pick would return without a limit. */
int store_pick_count(struct store *s, int kind, const char *deck,
		     int64_t now, int64_t until, int *n, char *err,
		     size_t errsz);

/* Record a lab run; read the last verdict for @lab ("" when none). */
int store_lab_run_add(struct store *s, const char *lab, int64_t time,
		      const char *mode, const char *verdict,
		      int64_t duration_ms, char *err, size_t errsz);
int store_lab_run_last(struct store *s, const char *lab, char *verdict,
		       size_t vsz, int64_t *time, char *err, size_t errsz);

/* ---- sched helper's additions ---------------------------------------- */

/*
 * Open (store_read_begin) and end (store_read_end) one read transaction
 * around many reads, so they see one snapshot and take the file lock and
 * check the WAL once instead of once per statement (cards --due reads
 * hundreds of cards).  Nest with no write in between.  Returns 0, or -1
 * with a message; store_read_end never fails.
 */
int store_read_begin(struct store *s, char *err, size_t errsz);
void store_read_end(struct store *s);

#endif
