// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - the figures and the text report of `memdrill stats`: today,
 * the 30-day forecast as a column chart, true retention (young/mature,
 * first review of a day only, Again = fail), a heatmap of the past year,
 * counts by state, level and section, the leeches and lab runs.  Pure; the
 * contract is in stats.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define STATS_MATURE 21		/* days: an interval this long is mature */
#define STATS_LEECH 8		/* lapses that make a leech */
#define STATS_CHART_ROWS 6
#define STATS_MAX_SECTIONS 40

/* Division rounding toward minus infinity (@b > 0; any @a, INT64_MIN too). */
static int64_t stats_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return q - (a % b < 0);
}

/* The leech threshold in use. */
static int stats_leech(const struct stats_input *in)
{
	return in->leech_threshold > 0 ? in->leech_threshold : STATS_LEECH;
}

/* The learner's day number of unix time @t. */
static int64_t stats_day(const struct stats_input *in, int64_t t)
{
	return stats_floor_div(t + in->tz - in->rollover * 3600, 86400);
}

/* qsort_r order for review indexes: by card, then time. */
static int stats_cmp_review(const void *a, const void *b, void *arg)
{
	const struct stats_review *r = arg;
	const struct stats_review *x = &r[*(const size_t *)a];
	const struct stats_review *y = &r[*(const size_t *)b];

	if (x->card_id != y->card_id)
		return x->card_id < y->card_id ? -1 : 1;
	if (x->time_ms != y->time_ms)
		return x->time_ms < y->time_ms ? -1 : 1;
	return 0;
}

/* Deck order: by source (NULL first), ord, then arrival. */
static int stats_deck_cmp(const char *sa, int oa, size_t qa, const char *sb,
			  int ob, size_t qb)
{
	int c = strcmp(sa ? sa : "", sb ? sb : "");

	if (c)
		return c;
	if (oa != ob)
		return oa < ob ? -1 : 1;
	return (qa > qb) - (qa < qb);
}

/* Public (stats.h). */
void stats_begin(const struct stats_input *in, struct stats_figures *f)
{
	int64_t today = stats_day(in, in->now);
	int weekday = (int)((today % 7 + 7 + 3) % 7);	/* 1970-01-01: Thu */

	memset(f, 0, sizeof(*f));
	f->today = today;
	/* the heatmap grid ends with this week; it starts on a Monday */
	f->heat_first = today - weekday - (STATS_WEEKS - 1) * 7;
}

/* Public (stats.h). */
int64_t stats_day_of(const struct stats_input *in, int64_t t_ms)
{
	return stats_day(in, stats_floor_div(t_ms, 1000));
}

/* Public (stats.h). */
int64_t stats_day_start(const struct stats_input *in, int64_t day)
{
	return (day * 86400 - in->tz + in->rollover * 3600) * 1000;
}

/* Public (stats.h). */
void stats_frame(const struct stats_input *in, char *buf, size_t size)
{
	snprintf(buf, size, "tz=%d rollover=%d mature=%d", in->tz,
		 in->rollover, STATS_MATURE);
}

/* Public (stats.h). */
int stats_track_days(struct stats_figures *f, int64_t first)
{
	free(f->track);
	f->track = NULL;
	f->ntrack = 0;
	if (first > f->today)
		return 0;	/* every review is today or later: none closed */
	if (f->today - first > STATS_TRACK_MAX)
		return -1;
	f->track_first = first;
	f->ntrack = (size_t)(f->today - first);
	f->track = xcalloc(f->ntrack + 1, sizeof(*f->track));
	return 0;
}

/* Count one day's figures into the report's (reviews and sums alike). */
static void stats_count_day(struct stats_figures *f, int64_t day, int n,
			    const struct stats_retention ret[2])
{
	int64_t d = day - f->heat_first;
	int k;

	if (d >= 0 && d < STATS_WEEKS * 7 && day <= f->today)
		f->heat[d] += n;
	for (k = 0; k < 2; k++) {
		f->all[k].total += ret[k].total;
		f->all[k].pass += ret[k].pass;
		if (day > f->today - 30) {
			f->month[k].total += ret[k].total;
			f->month[k].pass += ret[k].pass;
		}
	}
}

/* Public (stats.h). */
void stats_add_day(const struct stats_input *in, struct stats_figures *f,
		   const struct stats_day *d)
{
	(void)in;
	stats_count_day(f, d->day, d->reviews, d->ret);
}

/*
 * Public (stats.h).  True retention counts only the first review of a
 * card each day and only cards in review (learning steps are not recall):
 * in card then time order, a review is a first one when the card or the
 * day changed since the previous one.
 */
void stats_add_review(const struct stats_input *in, struct stats_figures *f,
		      const struct stats_review *r)
{
	int64_t day = stats_day_of(in, r->time_ms);
	int mature = r->elapsed_days >= STATS_MATURE;
	struct stats_retention ret[2] = { { 0, 0 }, { 0, 0 } };
	struct stats_day *t = NULL;
	int first;

	if (day == f->today) {
		f->today_done++;
		f->today_again += r->rating == 1;
		f->today_ms += r->duration_ms > 0 ? r->duration_ms : 0;
	}
	first = !f->have_last || r->card_id != f->last_card ||
		day != f->last_day;
	f->have_last = 1;
	f->last_card = r->card_id;
	f->last_day = day;
	/* learning steps are not recall */
	if (first && r->state == 2) {
		ret[mature].total = 1;
		ret[mature].pass = r->rating > 1;
	}
	stats_count_day(f, day, 1, ret);
	if (f->track && day >= f->track_first &&
	    (size_t)(day - f->track_first) < f->ntrack)
		t = &f->track[day - f->track_first];
	if (t) {
		t->reviews++;
		t->ret[mature].total += ret[mature].total;
		t->ret[mature].pass += ret[mature].pass;
	}
}

/* Count @c in its section (added at its first card). */
static void stats_add_section(const struct stats_input *in,
			      struct stats_figures *f,
			      const struct stats_card *c)
{
	const char *sec = c->section ? c->section : "";
	struct stats_section *x;
	size_t k;

	if (!strmap_get(&f->section_map, sec, strlen(sec), &k)) {
		f->sections = xgrow(f->sections, &f->salloc,
				    f->nsections + 1, sizeof(*f->sections));
		k = f->nsections++;
		x = &f->sections[k];
		memset(x, 0, sizeof(*x));
		x->name = xstrdup(sec);
		x->source = c->source ? xstrdup(c->source) : NULL;
		x->ord = c->ord;
		x->seq = f->seq;
		strmap_put(&f->section_map, x->name, strlen(x->name), k);
	}
	x = &f->sections[k];
	if (stats_deck_cmp(c->source, c->ord, f->seq, x->source, x->ord,
			   x->seq) < 0) {
		free(x->source);
		x->source = c->source ? xstrdup(c->source) : NULL;
		x->ord = c->ord;
		x->seq = f->seq;
	}
	x->count++;
	x->due += c->state && c->queue != 2 && c->due && c->due <= in->now;
}

/* Keep @c among the first STATS_LEECHES leeches in deck order. */
static void stats_add_leech(struct stats_figures *f,
			    const struct stats_card *c)
{
	struct stats_leech *l = f->leech_list;
	int n = f->nleech_list, i;
	const char *q = c->question ? c->question : "";

	if (n == STATS_LEECHES &&
	    stats_deck_cmp(c->source, c->ord, f->seq, l[n - 1].source,
			   l[n - 1].ord, l[n - 1].seq) >= 0)
		return;
	if (n == STATS_LEECHES) {	/* drop the last one */
		n--;
		free(l[n].key);
		free(l[n].question);
		free(l[n].source);
	}
	for (i = n; i > 0 && stats_deck_cmp(c->source, c->ord, f->seq,
					    l[i - 1].source, l[i - 1].ord,
					    l[i - 1].seq) < 0; i--)
		l[i] = l[i - 1];
	l[i].key = xstrdup(c->key ? c->key : "?");
	l[i].question = xstrndup(q, strcspn(q, "\n"));
	l[i].lapses = c->lapses;
	l[i].source = c->source ? xstrdup(c->source) : NULL;
	l[i].ord = c->ord;
	l[i].seq = f->seq;
	f->nleech_list = n + 1;
}

/* Public (stats.h). */
void stats_add_card(const struct stats_input *in, struct stats_figures *f,
		    const struct stats_card *c)
{
	int64_t d;

	if (c->retired)
		return;
	f->seq++;
	if (c->state >= 0 && c->state < 4)
		f->by_state[c->state]++;
	f->buried += c->queue == 1;
	f->suspended += c->queue == 2;
	f->by_level[c->level >= 1 && c->level <= 3 ? c->level : 0]++;
	if (c->leech || c->lapses >= stats_leech(in)) {
		f->leeches++;
		stats_add_leech(f, c);
	}
	stats_add_section(in, f, c);
	if (c->state == 0 || c->queue == 2 || !c->due)
		return;
	d = stats_day(in, c->due) - f->today;
	if (d < 0)
		d = 0;
	if (d < 30)
		f->forecast[d]++;
}

static int stats_section_cmp(const void *a, const void *b)
{
	const struct stats_section *x = a, *y = b;

	return stats_deck_cmp(x->source, x->ord, x->seq, y->source, y->ord,
			      y->seq);
}

/* Public (stats.h): sections in deck order. */
void stats_end(struct stats_figures *f)
{
	if (f->nsections > 1)
		qsort(f->sections, f->nsections, sizeof(*f->sections),
		      stats_section_cmp);
	/* the map's indexes are stale now; nothing is added after the end */
	strmap_release(&f->section_map);
}

/* Public (stats.h). */
void stats_figures_release(struct stats_figures *f)
{
	size_t i;
	int k;

	for (i = 0; i < f->nsections; i++) {
		free(f->sections[i].name);
		free(f->sections[i].source);
	}
	free(f->sections);
	free(f->track);
	strmap_release(&f->section_map);
	for (k = 0; k < f->nleech_list; k++) {
		free(f->leech_list[k].key);
		free(f->leech_list[k].question);
		free(f->leech_list[k].source);
	}
	memset(f, 0, sizeof(*f));
}

/* Public (stats.h): every figure of the report, from arrays. */
void stats_compute(const struct stats_input *in, struct stats_figures *f)
{
	size_t *idx = xmalloc((in->nreviews + 1) * sizeof(*idx)), i;

	stats_begin(in, f);
	for (i = 0; i < in->nreviews; i++)
		idx[i] = i;
	qsort_r(idx, in->nreviews, sizeof(*idx), stats_cmp_review,
		(void *)in->reviews);
	for (i = 0; i < in->nreviews; i++)
		stats_add_review(in, f, &in->reviews[idx[i]]);
	free(idx);
	for (i = 0; i < in->ncards; i++)
		stats_add_card(in, f, &in->cards[i]);
	stats_end(f);
}

/* ---- the report ---- */

static void stats_pct(struct sbuf *out, const struct stats_retention *r)
{
	char buf[32];

	if (r->total)
		snprintf(buf, sizeof(buf), "%5.1f%% (%d)",
			 100.0 * r->pass / r->total, r->total);
	else
		snprintf(buf, sizeof(buf), "    - (0)");
	sbuf_addf(out, "  %-14s", buf);
}

/* The "Today" block. */
static void stats_today(const struct stats_figures *f, struct sbuf *out)
{
	long secs = (long)(f->today_ms / 1000);

	sbuf_addf(out, "Today\n  %d reviewed, %d again (%d%%), %ldm %02lds\n\n",
		  f->today_done, f->today_again,
		  f->today_done ? f->today_again * 100 / f->today_done : 0,
		  secs / 60, secs % 60);
}

/* The forecast as columns, two screen columns a day, eighth blocks. */
static void stats_forecast(const struct stats_input *in,
			   const struct stats_figures *f, struct sbuf *out)
{
	static const char *const eighths[] = {
		" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"
	};
	int max = 0, total = 0, row, d, units, lvl;

	for (d = 0; d < 30; d++) {
		total += f->forecast[d];
		if (f->forecast[d] > max)
			max = f->forecast[d];
	}
	sbuf_addf(out, "Forecast: %d due in the next 30 days (day 0 includes "
		  "overdue)\n", total);
	for (row = STATS_CHART_ROWS - 1; row >= 0; row--) {
		if (row == STATS_CHART_ROWS - 1)
			sbuf_addf(out, "%6d |", max);
		else
			sbuf_addstr(out, "       |");
		for (d = 0; d < 30; d++) {
			units = max ? (int)((long)f->forecast[d] * 8 *
					    STATS_CHART_ROWS / max) : 0;
			if (f->forecast[d] && !units)
				units = 1;
			lvl = units - row * 8;
			lvl = lvl < 0 ? 0 : lvl > 8 ? 8 : lvl;
			if (in->ascii)
				sbuf_addch(out, lvl >= 4 ? '#' :
					   lvl > 0 && row == 0 ? '.' : ' ');
			else
				sbuf_addstr(out, eighths[lvl]);
			sbuf_addch(out, ' ');
		}
		sbuf_rtrim(out);
		sbuf_addch(out, '\n');
	}
	sbuf_addstr(out, "     0 +");
	for (d = 0; d < 60; d++)
		sbuf_addch(out, '-');
	sbuf_addstr(out, "\n        0         5         10        15        "
		    "20        25\n\n");
}

/* The retention table: month and all time by maturity. */
static void stats_retention_report(const struct stats_figures *f,
				   struct sbuf *out)
{
	struct stats_retention m = { f->month[0].pass + f->month[1].pass,
				     f->month[0].total + f->month[1].total };
	struct stats_retention a = { f->all[0].pass + f->all[1].pass,
				     f->all[0].total + f->all[1].total };

	sbuf_addstr(out, "True retention (review cards, first review of a "
		    "day, Again = fail)\n");
	sbuf_addf(out, "  %-12s  %-14s  %-14s  %s\n", "", "young (<21d)",
		  "mature", "all");
	sbuf_addf(out, "  %-12s", "past month");
	stats_pct(out, &f->month[0]);
	stats_pct(out, &f->month[1]);
	stats_pct(out, &m);
	sbuf_rtrim(out);
	sbuf_addf(out, "\n  %-12s", "all time");
	stats_pct(out, &f->all[0]);
	stats_pct(out, &f->all[1]);
	stats_pct(out, &a);
	sbuf_rtrim(out);
	sbuf_addstr(out, "\n\n");
}

/* The month (0..11) of day index @day (days since 1970-01-01). */
static int stats_month(int64_t day)
{
	/* Howard Hinnant's civil_from_days */
	int64_t z = day + 719468, era = stats_floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	return (int)(mp < 10 ? mp + 2 : mp - 10);
}

/* A row of month names over the week columns of the heatmap. */
static void stats_months(struct sbuf *out, int64_t first)
{
	static const char *const names[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec"
	};
	char row[STATS_WEEKS + 4];
	int w, m, prev = -1, free_from = 0;

	memset(row, ' ', sizeof(row));
	for (w = 0; w < STATS_WEEKS; w++) {
		m = stats_month(first + w * 7);
		/* a label needs room: not over the previous one */
		if (m != prev && w >= free_from && w + 3 <= STATS_WEEKS &&
		    (w || stats_month(first + 4 * 7) == m)) {
			memcpy(row + w, names[m], 3);
			free_from = w + 4;
		}
		prev = m;
	}
	row[STATS_WEEKS] = '\0';
	sbuf_addf(out, "      %s", row);
	sbuf_rtrim(out);
	sbuf_addch(out, '\n');
}

/* Reviews per day over the past year: 7 rows (Mon..Sun), a week a column. */
static void stats_heatmap(const struct stats_input *in,
			  const struct stats_figures *f, struct sbuf *out)
{
	static const char *const shades[] = { "·", "░", "▒", "▓", "█" };
	static const char ashades[] = ".:-+#";
	static const char *const days[] = {
		"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
	};
	const int *counts = f->heat;
	int64_t today = f->today, first = f->heat_first, d;
	int max = 0, w, k, lvl, total = 0;

	for (k = 0; k < STATS_WEEKS * 7; k++) {
		total += counts[k];
		if (counts[k] > max)
			max = counts[k];
	}
	sbuf_addf(out, "Reviews, past year: %d (max %d a day; %s)\n", total,
		  max, in->ascii ? ". none, :-+# more" : "· none, ░▒▓█ more");
	stats_months(out, first);
	for (k = 0; k < 7; k++) {
		sbuf_addf(out, "  %s ", days[k]);
		for (w = 0; w < STATS_WEEKS; w++) {
			d = w * 7 + k;
			if (first + d > today)
				break;
			lvl = !counts[d] ? 0 :
				1 + (int)((long)(counts[d] - 1) * 4 / max);
			if (lvl > 4)
				lvl = 4;
			if (in->ascii)
				sbuf_addch(out, ashades[lvl]);
			else
				sbuf_addstr(out, shades[lvl]);
		}
		sbuf_addch(out, '\n');
	}
	sbuf_addch(out, '\n');
}

/* One line of at most @width columns: @s cut at a character boundary. */
static void stats_clip(struct sbuf *out, const char *s, int width)
{
	sbuf_add(out, s, utf8_fit(s, strcspn(s, "\n"), width, NULL));
}

/* Cards and due counts per section, in deck order. */
static void stats_sections(const struct stats_input *in,
			   const struct stats_figures *f, struct sbuf *out)
{
	size_t n = f->nsections, k;
	int namew = 0;

	for (k = 0; k < n && k < STATS_MAX_SECTIONS; k++) {
		const char *name = f->sections[k].name;
		int w = utf8_width(name, strlen(name));

		if (w > namew)
			namew = w;
	}
	if (namew > in->width - 28)
		namew = in->width - 28;
	if (namew < 6)
		namew = 6;
	sbuf_addf(out, "By section (%zu)\n", n);
	for (k = 0; k < n && k < STATS_MAX_SECTIONS; k++) {
		const struct stats_section *x = &f->sections[k];
		size_t start;

		sbuf_addstr(out, "  ");
		start = out->len;
		stats_clip(out, *x->name ? x->name : "(none)", namew);
		sbuf_addchars(out, ' ', namew - utf8_width(out->buf +
			      start, out->len - start));
		sbuf_addf(out, "  %5d %s %5d due\n", x->count,
			  x->count == 1 ? "card, " : "cards,", x->due);
	}
	if (n > STATS_MAX_SECTIONS)
		sbuf_addf(out, "  ... and %zu more\n", n - STATS_MAX_SECTIONS);
	sbuf_addch(out, '\n');
}

/* The leech count and the first STATS_LEECHES leeches. */
static void stats_leeches(const struct stats_input *in,
			  const struct stats_figures *f, struct sbuf *out)
{
	int k;

	sbuf_addf(out, "Leeches (%d+ lapses or flagged): %d\n",
		  stats_leech(in), f->leeches);
	for (k = 0; k < f->nleech_list; k++) {
		const struct stats_leech *l = &f->leech_list[k];

		sbuf_addf(out, "  %-12.12s %3d lapses  ", l->key, l->lapses);
		stats_clip(out, l->question, in->width - 32);
		sbuf_addch(out, '\n');
	}
	if (f->leeches > f->nleech_list)
		sbuf_addf(out, "  ... and %d more\n",
			  f->leeches - f->nleech_list);
	sbuf_addch(out, '\n');
}

/* Lab runs, when the caller supplied them. */
static void stats_labs(const struct stats_input *in, struct sbuf *out)
{
	size_t i, pass = 0;

	if (!in->nlabs)
		return;
	for (i = 0; i < in->nlabs; i++)
		pass += in->labs[i].verdict &&
			!strcmp(in->labs[i].verdict, "pass");
	sbuf_addf(out, "Lab runs: %zu, %zu passed\n", in->nlabs, pass);
	for (i = in->nlabs > 5 ? in->nlabs - 5 : 0; i < in->nlabs; i++)
		sbuf_addf(out, "  %-24.24s %-6.6s %s\n", in->labs[i].lab,
			  in->labs[i].mode ? in->labs[i].mode : "",
			  in->labs[i].verdict ? in->labs[i].verdict : "");
	sbuf_addch(out, '\n');
}

/* Public (stats.h): the report of computed figures. */
void stats_report_figures(const struct stats_input *in,
			  const struct stats_figures *f, struct sbuf *out)
{
	int total = 0, k;

	stats_today(f, out);
	stats_forecast(in, f, out);
	stats_retention_report(f, out);
	stats_heatmap(in, f, out);
	for (k = 0; k < 4; k++)
		total += f->by_state[k];
	sbuf_addf(out, "Cards: %d (new %d, learning %d, review %d, "
		  "relearning %d; suspended %d, buried %d)\n", total,
		  f->by_state[0], f->by_state[1], f->by_state[2],
		  f->by_state[3], f->suspended, f->buried);
	sbuf_addf(out, "By level: Basic %d, Intermediate %d, Advanced %d",
		  f->by_level[1], f->by_level[2], f->by_level[3]);
	if (f->by_level[0])
		sbuf_addf(out, ", unknown %d", f->by_level[0]);
	sbuf_addstr(out, "\n\n");
	stats_sections(in, f, out);
	stats_leeches(in, f, out);
	stats_labs(in, out);
	sbuf_rtrim(out);
	sbuf_addch(out, '\n');
}

/* Public (stats.h): the whole report. */
void stats_report(const struct stats_input *in, struct sbuf *out)
{
	struct stats_figures f;

	stats_compute(in, &f);
	stats_report_figures(in, &f, out);
	stats_figures_release(&f);
}
