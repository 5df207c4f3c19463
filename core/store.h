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
struct sbuf;
struct store;

#define STORE_VERSION 4
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
 * committed into it; a file over 8 MiB is not read whole for that
 * (opening stays flat in the collection's size): a write that meets a
 * damaged page fails and is rolled back.
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
 * The files' deck_files rows are dropped (the next import reads them).
 */
int store_import(struct store *s, const struct deck *decks,
		 const char *const *sources, size_t n,
		 struct store_import_stats *st, char *err, size_t errsz);

/*
 * For each of the @n keys @keys that a live (not retired) card has, call
 * @fn with its index in @keys and that card's source file and line (one
 * indexed lookup per key).  A non-zero return of @fn stops and is
 * returned; -1 with a message on a database error.
 */
int store_keys_home(struct store *s, const char *const *keys, size_t n,
		    int (*fn)(void *arg, size_t i, const char *source,
			      int line),
		    void *arg, char *err, size_t errsz);

/*
 * The same one file at a time, for an import that streams its files and
 * skips the unchanged ones (core/deckset.h's deckset_import):
 * store_import_begin() opens the transaction (NULL with a message on
 * failure); store_import_file() reads what the last import recorded of a
 * file (1, 0 when nothing, -1); store_import_skip() counts a file's cards
 * unchanged without reading them, optionally recording @f anew (a later
 * mtime, same bytes); store_import_deck() syncs one parsed deck and
 * records @f (NULL: drops the record); a card it finds in a file skipped
 * in this import is a duplicate (an error naming both places).
 * store_import_end() retires what no imported file holds any more and
 * commits when @commit, else rolls back (returns 0); it frees the import
 * either way.  After any failure, end with @commit 0.
 */
struct store_file {
	int64_t size;
	int64_t mtime;		/* ns; 0: not to be trusted (hash it) */
	uint64_t hash;		/* 64-bit FNV-1a of the bytes */
	int cards;		/* the file's cards */
};

struct store_import;
struct store_import *store_import_begin(struct store *s,
					struct store_import_stats *st,
					char *err, size_t errsz);
int store_import_file(struct store_import *im, const char *source,
		      struct store_file *f, char *err, size_t errsz);
int store_import_skip(struct store_import *im, const char *source,
		      const struct store_file *f, char *err, size_t errsz);
/*
 * The source file and line (*@source malloc'd) of the live card keyed
 * @key, through the key index: 1, 0 when there is none, -1 on error.
 */
int store_import_holder(struct store_import *im, const char *key,
			char **source, int *line, char *err, size_t errsz);
int store_import_deck(struct store_import *im, const struct deck *d,
		      const char *source, const struct store_file *f,
		      char *err, size_t errsz);
int store_import_end(struct store_import *im, int commit, char *err,
		     size_t errsz);

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
	const char *lab;	/* cards with this Lab: line */
	int unordered;		/* any order (a walk of the table), not
				 * deck order */
	int with_text;		/* fill answer (question is always filled) */
};

/*
 * Call @fn for each live card matching @f in deck order (source, ord).
 * @fn returns 0 to go on; a non-zero return stops and is returned.
 */
int store_cards_each(struct store *s, const struct store_filter *f,
		     int (*fn)(void *arg, const struct store_card *c),
		     void *arg, char *err, size_t errsz);

/*
 * The deck @what names: its title, else the stem of its file's name
 * (cards/03-buddy.md: 03-buddy), else a case-insensitive substring of
 * one title or stem only.  1 with *@title (malloc'd); 0 when none, 2
 * when several match (*@title NULL); @names gets every deck as
 * "TITLE (STEM)" lines; -1 with a message.
 */
int store_deck_resolve(struct store *s, const char *what, char **title,
		       struct sbuf *names, char *err, size_t errsz);

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
 * Call @fn for every review-log row in time order (ties by id), with the
 * card's key.  Non-zero from @fn stops and is returned.
 */
int store_revlog_each(struct store *s,
		      int (*fn)(void *arg, const char *key,
				const struct store_review *r),
		      void *arg, char *err, size_t errsz);

/*
 * Call @fn for every review-log row with time_ms >= @since_ms in card
 * order, then time order within a card (ties in the order of the other
 * columns, then of id: revlog_card's order, whichever way is read), with
 * only card_id, time_ms, rating, state, elapsed_days and duration_ms
 * filled.  With @since_ms
 * INT64_MIN the walk reads the revlog_card index alone and sorts
 * nothing; else it reads the rows since through revlog_time and sorts
 * them.  Non-zero from @fn stops and is returned.
 */
int store_revlog_by_card(struct store *s, int64_t since_ms,
			 int (*fn)(void *arg, const struct store_review *r),
			 void *arg, char *err, size_t errsz);

/* The time of the earliest review-log row (INT64_MAX: none) into *@t. */
int store_revlog_first(struct store *s, int64_t *t, char *err, size_t errsz);

/*
 * The review log summed per day (revlog_days, docs/collection.md): what
 * stats keeps so that it reads only the reviews since the last time.
 * The store does not interpret the figures; @frame (stats.c's) says how
 * the days were cut, and rows before the boundary (the start of a day,
 * in ms, and that day's number) are summed.  Triggers take the boundary
 * back to the start of a row's day, dropping the sums from that day on,
 * when a row before it is added, removed or changed, by memdrill or
 * anything else.
 */
struct store_day {
	int64_t day;
	int reviews;
	int young_pass, young_total, mature_pass, mature_total;
};

/*
 * Inside store_read_begin(): if the stored sums were cut in @frame, call
 * @fn for each day (in day order) and set *@upto to the time (ms) they
 * end at and *@upto_day to the number of the day that starts then, else
 * set *@upto to INT64_MIN and call nothing.  *@version identifies the
 * snapshot for store_days_write().  Non-zero from @fn stops and is
 * returned.
 */
int store_days_read(struct store *s, const char *frame, int64_t *upto,
		    int64_t *upto_day, int64_t *version,
		    int (*fn)(void *arg, const struct store_day *d), void *arg,
		    char *err, size_t errsz);

/*
 * After the read: add @d[0..@n) to the sums read at @upto (INT64_MIN:
 * replace whatever is stored) and let them end at @new_upto, the start
 * of day @new_day, in one
 * transaction, unless anything was committed since the snapshot
 * @version or the collection is busy: then nothing is written (the sums
 * are a cache; the next stats tries again).  Returns 0 written, 1
 * skipped, -1 error.
 */
int store_days_write(struct store *s, const char *frame, int64_t upto,
		     int64_t new_upto, int64_t new_day, int64_t version,
		     const struct store_day *d, size_t n, char *err,
		     size_t errsz);

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

/*
 * When the next card falls due: the earliest due time (a bury's end when
 * later) of the live cards that are not new and not suspended, in *@due
 * (0 when there is none).  0, or -1 with a message.
 */
int store_next_due(struct store *s, int64_t *due, char *err, size_t errsz);

/* Count what store_pick would return without a limit. */
int store_pick_count(struct store *s, int kind, const char *deck,
		     int64_t now, int64_t until, int *n, char *err,
		     size_t errsz);

/* The last verdict recorded for @lab ("" when none); store_event_add()
 * records a run. */
int store_lab_run_last(struct store *s, const char *lab, char *verdict,
		       size_t vsz, int64_t *time, char *err, size_t errsz);
/*
 * The last result of @lab in each mode it ran in, as "mode:verdict"
 * joined by ',' in mode order ("" when it never ran): the latest pass or
 * fail of the mode, an error (could not run) only when the mode has no
 * verdict.
 */
int store_lab_run_modes(struct store *s, const char *lab, char *out,
			size_t outsz, char *err, size_t errsz);

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

/* ---- the event log (events.h, docs/sync.md) --------------------------- */

struct config;
struct event;

/*
 * The settings replays use (copied; the defaults until set).  Every
 * command that may write events or import cards sets the learner's.
 */
void store_set_config(struct store *s, const struct config *cfg);

/* This collection's own facts (table local): *@val NULL when unset. */
int store_local_get(struct store *s, const char *key, char **val, char *err,
		    size_t errsz);
int store_local_set(struct store *s, const char *key, const char *val,
		    char *err, size_t errsz);

/* This collection's device id, made once when the collection was. */
int store_device(struct store *s, char out[33], char *err, size_t errsz);

/*
 * Record the local event @e (kind, subject, fields and a wall-clock
 * time_ms filled in) in one transaction with its effect: e->device and
 * e->seq are set (this device, the next number), e->time_ms is raised to
 * 1 ms after the newest event of the card if it is not later (so a slow
 * clock never orders an action before what it acted on); then the card
 * is replayed (its new state in *@after and whether this event marked it
 * a leech in *@leech, either may be NULL), or the lab run recorded.
 */
int store_event_add(struct store *s, struct event *e,
		    struct store_sched *after, int *leech, char *err,
		    size_t errsz);

/* The highest seq of @device's events held (0: none). */
int store_events_last(struct store *s, const char *device, int64_t *seq,
		      char *err, size_t errsz);

/*
 * Call @fn for each event of @device (all devices when NULL) with seq >
 * @after, by device then seq.  Non-zero from @fn stops and is returned.
 */
int store_events_each(struct store *s, const char *device, int64_t after,
		      int (*fn)(void *arg, const struct event *e),
		      void *arg, char *err, size_t errsz);

/*
 * Import events of any device, in one transaction: store_events_begin(),
 * then per file store_events_mark(), store_events_put() for each event
 * (*@added 0 when its (device, seq) was there already) and
 * store_events_unmark() (@keep 0 drops that file's events), then
 * store_events_end(): with @commit, the cards whose events came in are
 * replayed (their count in *@cards) and all is committed; without, all
 * is rolled back.
 */
int store_events_begin(struct store *s, char *err, size_t errsz);
int store_events_mark(struct store *s, char *err, size_t errsz);
void store_events_unmark(struct store *s, int keep);
int store_events_put(struct store *s, const struct event *e, int *added,
		     char *err, size_t errsz);
int store_events_end(struct store *s, int commit, int *cards, char *err,
		     size_t errsz);

struct store_rebuild_stats {
	long events, reviews;	/* card events replayed; reviews counted */
	int cards, labs;	/* cards with events; lab runs */
};

/*
 * Recompute every card's state, the review log and the lab runs from
 * the events alone, in one transaction (memdrill rebuild).
 */
int store_rebuild(struct store *s, struct store_rebuild_stats *st,
		  char *err, size_t errsz);

#endif
