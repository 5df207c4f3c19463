/* SPDX-License-Identifier: GPL-2.0 */
/*
 * events.h - the event log: what a learner did, as the source of truth
 * the collection's card states are computed from; pure (no SQL, no I/O).
 *
 * Every review, undo, suspend, unsuspend, bury, reset and lab run is one
 * event.  Its identity is (device, seq): the device that made it and its
 * position (1, 2, ...) in that device's log.  A device writes only its
 * own events, in order, to its own file (reviews/USER/DEVICE.tsv in the
 * sync folder, docs/sync.md), one line each:
 *
 *   SEQ TAB TIME_MS TAB KIND TAB SUBJECT [TAB FIELD...] LF
 *
 *   review    KEY   RATING DURATION_MS     a grade, 1 Again .. 4 Easy
 *   undo      KEY   SEQ                    takes back that event (same
 *                                          device, same card)
 *   suspend / unsuspend / bury / reset   KEY
 *   lab       LAB   MODE VERDICT DURATION_MS
 *
 * Lines starting with '#' are comments.  A card's state is
 * events_replay() of its events ordered by (time, device, seq): the same
 * events and settings give the same state on every device.
 */
#ifndef MEMDRILL_EVENTS_H
#define MEMDRILL_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/store.h"

struct sbuf;

enum event_kind {
	EVENT_REVIEW, EVENT_UNDO, EVENT_SUSPEND, EVENT_UNSUSPEND, EVENT_BURY,
	EVENT_RESET, EVENT_LAB, EVENT_NKINDS,
};

#define EVENT_DEVICE_MAX 32	/* [a-z0-9-], not starting with '-' */
#define EVENT_SUBJECT_MAX 200	/* a card key or a lab id */
#define EVENT_LINE_MAX 512	/* longest line a log may hold */

struct event {
	char device[EVENT_DEVICE_MAX + 1];
	int64_t seq;		/* 1, 2, ... within the device */
	int64_t time_ms;	/* ms since the epoch, UTC */
	int kind;		/* EVENT_* */
	char subject[EVENT_SUBJECT_MAX + 1];
	int rating;		/* review: 1..4 */
	int64_t duration_ms;	/* review, lab */
	int64_t ref;		/* undo: the seq it takes back */
	char mode[8];		/* lab: sim, host, vm */
	char verdict[8];	/* lab: pass, fail, error */
};

/* "review", "undo", ...; NULL for a bad kind. */
const char *event_kind_name(int kind);
/* The kind named @name, or -1. */
int event_kind_parse(const char *name);

/* Is @s a valid device id (1..32 of [a-z0-9-], not starting with '-')? */
int event_device_valid(const char *s);

/*
 * A new random device id (12 hex digits, from /dev/urandom, else the
 * time and pid) into @out.
 */
void event_device_new(char out[EVENT_DEVICE_MAX + 1]);

/* Append @e as one log line (with its LF) to @out. */
void event_format(const struct event *e, struct sbuf *out);

/*
 * Parse the log line @line (@len bytes, no LF) of device @device into @e.
 * Returns 0, or -1 with a message in @err (no place: the caller adds
 * FILE:LINE).  Everything is checked: the kind, a card key's or lab id's
 * characters, the numbers' ranges; nothing is trusted.
 */
int event_parse(const char *line, size_t len, const char *device,
		struct event *e, char *err, size_t errsz);

#define EVENTS_FILE_MAX (512L << 20)	/* the largest log file read */

/*
 * Read the log file @path of device @device: every complete line is
 * parsed and checked (sequence numbers must rise), and @fn is called for
 * each event with seq > @after; a torn last line (no LF yet) is left
 * out.  The file must be a regular file (no symbolic link) of at most
 * EVENTS_FILE_MAX bytes.  Returns 0; -1 for a bad file, with the reason
 * in @err and the line in *@line (0: the file as a whole), and nothing
 * after the bad line passed on; or @fn's non-zero return, which stops
 * the reading.
 */
int events_read_file(const char *path, const char *device, int64_t after,
		     int (*fn)(void *arg, const struct event *e), void *arg,
		     int *line, char *err, size_t errsz);

/* What replaying one card gave, beyond its state. */
struct events_result {
	int reviews;		/* reviews that count (not undone) */
	int last_leech;		/* the last event marked it a leech */
};

/*
 * Replay the @n events @ev of one card (key @key), sorted by (time,
 * device, seq), from a new card under @cfg into @st.  Undone events are
 * skipped.  For each review that counts, @review (when not NULL) gets
 * its review-log row (card_id 0: the caller knows the card).
 */
void events_replay(const struct config *cfg, const char *key,
		   const struct event *ev, size_t n, struct store_sched *st,
		   void (*review)(void *arg, const struct store_review *r),
		   void *arg, struct events_result *res);

/* Order of events_replay(): (time, device, seq); for qsort(). */
int events_cmp(const void *a, const void *b);

#endif
