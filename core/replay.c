// SPDX-License-Identifier: GPL-2.0
/*
 * replay.c - review-log replay through the memory model (see replay.h).
 *
 * Built for millions of rows: one pass parses rows into a flat array and
 * maps each card id (a span of the input) to a dense index through a
 * string map (util/strmap.h); a counting sort groups rows by card in order of
 * first appearance; rows within a card are insertion-sorted by time
 * (logs are nearly sorted already).  Both sorts are stable, so reviews
 * with the same time keep their input order.  Numbers are formatted by hand.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/replay.h"
#include "core/revlog-csv.h"
#include "core/sched.h"
#include "util/strmap.h"
#include "util/xalloc.h"

struct replay_row {
	int64_t time;
	uint32_t card;		/* dense card index */
	uint32_t rating;
};

struct replay_card {
	const char *id;		/* points into the input */
	uint32_t len;
	uint32_t count;
};

struct replay {
	struct replay_row *rows;
	size_t nrows, ralloc;
	struct replay_card *cards;
	size_t ncards, calloc_;
	struct strmap ids;	/* card id -> dense index */
};

/* The dense index of card id @s (@n bytes), adding it when new. */
static uint32_t replay_card_index(struct replay *r, const char *s, size_t n)
{
	size_t i = strmap_put(&r->ids, s, n, r->ncards);

	if (i < r->ncards)
		return (uint32_t)i;
	r->cards = xgrow(r->cards, &r->calloc_, r->ncards + 1,
			 sizeof(*r->cards));
	r->cards[r->ncards].id = s;
	r->cards[r->ncards].len = (uint32_t)n;
	r->cards[r->ncards].count = 0;
	return (uint32_t)r->ncards++;
}

static int replay_add_row(void *arg, const struct revlog_csv_row *row,
			  char *err, size_t errsz)
{
	struct replay *r = arg;

	(void)err;
	(void)errsz;
	r->rows = xgrow(r->rows, &r->ralloc, r->nrows + 1, sizeof(*r->rows));
	r->rows[r->nrows].time = row->time;
	r->rows[r->nrows].rating = (uint32_t)row->rating;
	r->rows[r->nrows].card = replay_card_index(r, row->card,
						   row->card_len);
	r->cards[r->rows[r->nrows].card].count++;
	r->nrows++;
	return 0;
}

static int replay_parse(struct replay *r, const char *csv, size_t len,
			char *err, size_t errsz)
{
	const char *q = csv, *end = csv + len;
	size_t lines = 1;

	while ((q = memchr(q, '\n', (size_t)(end - q)))) {
		lines++;
		q++;
	}
	r->rows = xgrow(r->rows, &r->ralloc, lines, sizeof(*r->rows));
	return revlog_csv_each(csv, len, replay_add_row, r, err, errsz) < 0 ?
	       -1 : 0;
}

/* Write @v with 9 decimals (values 0 .. 1e9) at @q; returns the end. */
static char *replay_fixed(char *q, double v)
{
	uint64_t x = (uint64_t)(v * 1e9 + 0.5);
	char buf[32], *b = buf + sizeof(buf);
	int i;

	for (i = 0; i < 9; i++) {
		*--b = (char)('0' + x % 10);
		x /= 10;
	}
	*--b = '.';
	do {
		*--b = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	i = (int)(buf + sizeof(buf) - b);
	memcpy(q, b, (size_t)i);
	return q + i;
}

/* Write @v in decimal at @q; returns the end. */
static char *replay_long(char *q, int64_t v)
{
	char buf[24], *b = buf + sizeof(buf);
	uint64_t x = v < 0 ? -(uint64_t)v : (uint64_t)v;
	int n;

	do {
		*--b = (char)('0' + x % 10);
		x /= 10;
	} while (x);
	if (v < 0)
		*--b = '-';
	n = (int)(buf + sizeof(buf) - b);
	memcpy(q, b, (size_t)n);
	return q + n;
}

/* Append one output row to @out. */
static void replay_line(struct sbuf *out, const struct replay_card *c,
			const struct replay_row *row, int t,
			const struct sched_memory *m, int64_t ivl)
{
	char *q;

	sbuf_grow(out, c->len + 96);
	q = out->buf + out->len;
	memcpy(q, c->id, c->len);
	q += c->len;
	*q++ = ',';
	q = replay_long(q, row->time);
	*q++ = ',';
	*q++ = (char)('0' + row->rating);
	*q++ = ',';
	q = replay_long(q, t);
	*q++ = ',';
	q = replay_fixed(q, m->s);
	*q++ = ',';
	q = replay_fixed(q, m->d);
	*q++ = ',';
	q = replay_long(q, ivl);
	*q++ = '\n';
	sbuf_setlen(out, (size_t)(q - out->buf));
}

/* Replay one card's rows (sorted by time) and append the output rows. */
static void replay_card(const struct replay *r, const struct replay_row *rows,
			size_t n, const struct replay_opts *o,
			struct sbuf *out)
{
	const struct replay_card *c = &r->cards[rows[0].card];
	struct sched_memory m = { 0, 0 };
	int64_t prev_day = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int64_t day = sched_day(rows[i].time / 1000, o->rollover_hour);
		int t = i ? (int)(day - prev_day) : 0;
		double ivl;

		sched_memory_next(o->w, &m, t > 0 ? t : 0,
				  (int)rows[i].rating, &m);
		prev_day = day;
		ivl = sched_interval(o->w, m.s, o->retention,
				     o->max_interval);
		replay_line(out, c, &rows[i], t > 0 ? t : 0, &m, (int64_t)ivl);
	}
}

static void replay_sort_times(struct replay_row *rows, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct replay_row x = rows[i];

		for (j = i; j > 0 && rows[j - 1].time > x.time; j--)
			rows[j] = rows[j - 1];
		rows[j] = x;
	}
}

long replay_csv(const char *csv, size_t len, const struct replay_opts *o,
		struct sbuf *out, char *err, size_t errsz)
{
	return replay_csv_stream(csv, len, o, out, NULL, NULL, err, errsz);
}

long replay_csv_stream(const char *csv, size_t len,
		       const struct replay_opts *o, struct sbuf *out,
		       int (*flush)(void *arg, struct sbuf *out), void *arg,
		       char *err, size_t errsz)
{
	struct replay r = { 0 };
	struct replay_row *sorted = NULL;
	size_t *start = NULL, i;
	long n = -1;

	if (replay_parse(&r, csv, len, err, errsz) < 0)
		goto out;
	start = xcalloc(r.ncards + 1, sizeof(*start));
	for (i = 0; i < r.ncards; i++)
		start[i + 1] = start[i] + r.cards[i].count;
	sorted = xcalloc(r.nrows ? r.nrows : 1, sizeof(*sorted));
	for (i = 0; i < r.nrows; i++)
		sorted[start[r.rows[i].card]++] = r.rows[i];
	sbuf_addstr(out, "card_id,review_time,review_rating,elapsed_days,"
		    "stability,difficulty,interval\n");
	for (i = 0; i < r.ncards; i++) {
		size_t first = start[i] - r.cards[i].count;

		replay_sort_times(sorted + first, r.cards[i].count);
		replay_card(&r, sorted + first, r.cards[i].count, o, out);
		if (flush && out->len > (1 << 20) && flush(arg, out)) {
			snprintf(err, errsz, "0: output failed");
			goto out;
		}
	}
	n = (long)r.nrows;
out:
	free(sorted);
	free(start);
	free(r.rows);
	free(r.cards);
	strmap_release(&r.ids);
	return n;
}
