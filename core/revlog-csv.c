// SPDX-License-Identifier: GPL-2.0
/*
 * revlog-csv.c - review-log CSV reader (see revlog-csv.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/revlog-csv.h"

enum { RC_CARD, RC_TIME, RC_RATING, RC_STATE, RC_DURATION, RC_NCOLS };

static const char *const revlog_csv_names[RC_NCOLS] = {
	"card_id", "review_time", "review_rating", "review_state",
	"review_duration",
};

/* Columns beyond this are refused: a header is a handful of names. */
#define REVLOG_CSV_MAXCOLS 64

struct revlog_csv_cols {
	int ncols;
	signed char which[REVLOG_CSV_MAXCOLS];	/* RC_* or -1 (skipped) */
};

/* Parse a decimal integer in [@p, @e); -1 if not all digits. */
static int revlog_csv_int(const char *p, const char *e, int64_t *v)
{
	int64_t x = 0;
	int neg = 0;

	if (p < e && *p == '-') {
		neg = 1;
		p++;
	}
	if (p == e || e - p > 18)
		return -1;
	for (; p < e; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		x = x * 10 + (*p - '0');
	}
	*v = neg ? -x : x;
	return 0;
}

static int revlog_csv_header(struct revlog_csv_cols *c, const char *p,
			     const char *e, char *err, size_t errsz)
{
	int seen[RC_NCOLS] = { 0 }, k;

	c->ncols = 0;
	for (;;) {
		const char *f = memchr(p, ',', (size_t)(e - p));
		const char *fe = f ? f : e;

		if (c->ncols == REVLOG_CSV_MAXCOLS) {
			snprintf(err, errsz, "1: more than %d columns",
				 REVLOG_CSV_MAXCOLS);
			return -1;
		}
		c->which[c->ncols] = -1;
		for (k = 0; k < RC_NCOLS; k++)
			if ((size_t)(fe - p) == strlen(revlog_csv_names[k]) &&
			    !memcmp(p, revlog_csv_names[k], (size_t)(fe - p)))
				break;
		if (k < RC_NCOLS) {
			if (seen[k]++) {
				snprintf(err, errsz, "1: column '%s' twice",
					 revlog_csv_names[k]);
				return -1;
			}
			c->which[c->ncols] = (signed char)k;
		}
		c->ncols++;
		if (!f)
			break;
		p = f + 1;
	}
	for (k = RC_CARD; k <= RC_RATING; k++)
		if (!seen[k]) {
			snprintf(err, errsz, "1: no column '%s' in the header "
				 "(card_id,review_time,review_rating"
				 "[,review_state,review_duration])",
				 revlog_csv_names[k]);
			return -1;
		}
	return 0;
}

static void revlog_csv_bad(char *err, size_t errsz, unsigned line,
			   int k, const char *p, const char *e,
			   const char *range)
{
	snprintf(err, errsz, "%u: bad %s '%.*s'%s", line,
		 revlog_csv_names[k], (int)(e - p > 40 ? 40 : e - p), p,
		 range);
}

static int revlog_csv_row(const struct revlog_csv_cols *c, const char *p,
			  const char *e, struct revlog_csv_row *row,
			  char *err, size_t errsz)
{
	int i;

	row->state = -1;
	row->duration = -1;
	for (i = 0; i < c->ncols; i++) {
		const char *f = memchr(p, ',', (size_t)(e - p));
		const char *fe = f ? f : e;
		int64_t v;

		if ((!f) != (i == c->ncols - 1)) {
			snprintf(err, errsz, "%u: expected %d fields as in "
				 "the header, found %s", row->line, c->ncols,
				 f ? "more" : "fewer");
			return -1;
		}
		switch (c->which[i]) {
		case RC_CARD:
			if (fe == p) {
				snprintf(err, errsz, "%u: empty card_id",
					 row->line);
				return -1;
			}
			row->card = p;
			row->card_len = (size_t)(fe - p);
			break;
		case RC_TIME:
			if (revlog_csv_int(p, fe, &row->time) < 0) {
				revlog_csv_bad(err, errsz, row->line, RC_TIME,
					       p, fe, "");
				return -1;
			}
			break;
		case RC_RATING:
			if (revlog_csv_int(p, fe, &v) < 0 || v < 1 || v > 4) {
				revlog_csv_bad(err, errsz, row->line,
					       RC_RATING, p, fe, " (1 to 4)");
				return -1;
			}
			row->rating = (int)v;
			break;
		case RC_STATE:
			if (revlog_csv_int(p, fe, &v) < 0 || v < 0 || v > 4) {
				revlog_csv_bad(err, errsz, row->line,
					       RC_STATE, p, fe, " (0 to 4)");
				return -1;
			}
			row->state = (int)v;
			break;
		case RC_DURATION:
			if (revlog_csv_int(p, fe, &row->duration) < 0 ||
			    row->duration < 0) {
				revlog_csv_bad(err, errsz, row->line,
					       RC_DURATION, p, fe, "");
				return -1;
			}
			break;
		}
		p = f ? f + 1 : e;
	}
	return 0;
}

long revlog_csv_each(const char *csv, size_t len,
		     int (*fn)(void *arg, const struct revlog_csv_row *row,
			       char *err, size_t errsz),
		     void *arg, char *err, size_t errsz)
{
	struct revlog_csv_cols cols = { .ncols = 0 };
	struct revlog_csv_row row;
	const char *p = csv, *end = csv + len;
	unsigned line = 0;
	long n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		line++;
		if (e > p && e[-1] == '\r')
			e--;
		if (line == 1) {
			if (revlog_csv_header(&cols, p, e, err, errsz) < 0)
				return -1;
		} else if (e > p) {
			row.line = line;
			if (revlog_csv_row(&cols, p, e, &row, err, errsz) < 0 ||
			    fn(arg, &row, err, errsz))
				return -1;
			n++;
		}
		p = nl ? nl + 1 : end;
	}
	if (!line) {
		snprintf(err, errsz, "1: empty input: no header "
			 "(card_id,review_time,review_rating"
			 "[,review_state,review_duration])");
		return -1;
	}
	return n;
}
