/* SPDX-License-Identifier: GPL-2.0 */
/*
 * revlog-csv.h - the one reader of review-log CSV (the schema
 * `memdrill revlog export` writes and `sched replay` reads); pure.
 *
 * The first line is a header naming the columns, in any order:
 * card_id, review_time (ms since the epoch) and review_rating (1-4) are
 * required; review_state (0-4: new, learning, review, relearning, and
 * fsrs-rs's manual) and review_duration (ms, >= 0) are read
 * when present; other columns are skipped.  Every row has as many fields
 * as the header (no quoting: fields hold no commas).  Blank lines are
 * skipped; a trailing CR is dropped.
 */
#ifndef MEMDRILL_REVLOG_CSV_H
#define MEMDRILL_REVLOG_CSV_H

#include <stddef.h>
#include <stdint.h>

struct revlog_csv_row {
	const char *card;	/* card_id: points into the input */
	size_t card_len;
	int64_t time;		/* review_time, ms since the epoch */
	int rating;		/* 1-4 */
	int state;		/* 0-4, or -1 without a review_state column */
	int64_t duration;	/* ms, or -1 without a review_duration column */
	unsigned line;		/* 1-based line number in the input */
};

/*
 * Call @fn for each row of the CSV text @csv (@len bytes), in input
 * order.  Returns the number of rows, or -1 with "N: message" in @err
 * (N the line) for a malformed header or row, or when @fn returns
 * non-zero (then @fn writes @err).
 */
long revlog_csv_each(const char *csv, size_t len,
		     int (*fn)(void *arg, const struct revlog_csv_row *row,
			       char *err, size_t errsz),
		     void *arg, char *err, size_t errsz);

#endif
