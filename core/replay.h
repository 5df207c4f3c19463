/* SPDX-License-Identifier: GPL-2.0 */
/*
 * replay.h - replay a review log through the FSRS-6 memory model; pure.
 *
 * Input is review-log CSV as revlog-csv.h reads it (a header naming at
 * least card_id,review_time,review_rating; rows in any order).  Rows are
 * grouped by card and ordered by time; each card's reviews go through
 * sched_memory_next() only: no learning steps, no fuzz.  Output is CSV
 * `card_id,review_time,review_rating,elapsed_days,stability,difficulty,
 * interval`, cards in order of first appearance, where elapsed_days are
 * whole days between the day numbers (rollover hour, local time zone) of
 * a review and the card's previous one (0 for the first), stability and
 * difficulty are after the review (9 decimals, at least 6 significant
 * digits over S's whole range), and interval = clamp(round(I), 1, 36500)
 * for the retention.
 */
#ifndef MEMDRILL_REPLAY_H
#define MEMDRILL_REPLAY_H

#include <stddef.h>

#include "util/sbuf.h"

struct replay_opts {
	const double *w;	/* 21 FSRS-6 parameters */
	double retention;
	int rollover_hour;
	int max_interval;
};

/*
 * Replay the CSV text @csv (@len bytes) into @out.  Returns the number of
 * reviews replayed, or -1 with a message in @err for malformed input
 * (@out is then unspecified); @err is "N: ..." with the line number N.
 */
long replay_csv(const char *csv, size_t len, const struct replay_opts *o,
		struct sbuf *out, char *err, size_t errsz);

/*
 * The same, but whenever @out holds more than about 1 MiB it is handed to
 * @flush (which writes and empties it; non-zero stops the replay with
 * "output failed" in @err).  Whatever is left stays in @out.
 */
long replay_csv_stream(const char *csv, size_t len,
		       const struct replay_opts *o, struct sbuf *out,
		       int (*flush)(void *arg, struct sbuf *out), void *arg,
		       char *err, size_t errsz);

#endif
