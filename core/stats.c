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
#define STATS_WEEKS 53
#define STATS_CHART_ROWS 6
#define STATS_MAX_SECTIONS 40

/* Division rounding toward minus infinity. */
static int64_t stats_floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
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

/*
 * True retention: only the first review of a card each day,
 * only cards in review (learning steps are not recall).
 */
static void stats_retention(const struct stats_input *in,
			    struct stats_figures *f, int64_t today)
{
	size_t *idx = xmalloc((in->nreviews + 1) * sizeof(*idx)), i;
	int64_t last_card = 0, last_day = 0;
	int have = 0;

	for (i = 0; i < in->nreviews; i++)
		idx[i] = i;
	qsort_r(idx, in->nreviews, sizeof(*idx), stats_cmp_review,
		(void *)in->reviews);
	for (i = 0; i < in->nreviews; i++) {
		const struct stats_review *r = &in->reviews[idx[i]];
		int64_t day = stats_day(in, r->time_ms / 1000);
		int mature = r->elapsed_days >= STATS_MATURE;
		int pass = r->rating > 1;

		if (have && r->card_id == last_card && day == last_day)
			continue;	/* not the first review of that day */
		have = 1;
		last_card = r->card_id;
		last_day = day;
		if (r->state != 2)
			continue;	/* learning steps are not recall */
		f->all[mature].total++;
		f->all[mature].pass += pass;
		if (day > today - 30) {
			f->month[mature].total++;
			f->month[mature].pass += pass;
		}
	}
	free(idx);
}

/* Public (stats.h): every figure of the report. */
void stats_compute(const struct stats_input *in, struct stats_figures *f)
{
	int64_t today = stats_day(in, in->now), d;
	size_t i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < in->nreviews; i++) {
		const struct stats_review *r = &in->reviews[i];

		if (stats_day(in, r->time_ms / 1000) != today)
			continue;
		f->today_done++;
		f->today_again += r->rating == 1;
		f->today_ms += r->duration_ms > 0 ? r->duration_ms : 0;
	}
	for (i = 0; i < in->ncards; i++) {
		const struct stats_card *c = &in->cards[i];

		if (c->retired)
			continue;
		if (c->state >= 0 && c->state < 4)
			f->by_state[c->state]++;
		f->buried += c->queue == 1;
		f->suspended += c->queue == 2;
		f->by_level[c->level >= 1 && c->level <= 3 ? c->level : 0]++;
		f->leeches += c->leech || c->lapses >= stats_leech(in);
		if (c->state == 0 || c->queue == 2 || !c->due)
			continue;
		d = stats_day(in, c->due) - today;
		if (d < 0)
			d = 0;
		if (d < 30)
			f->forecast[d]++;
	}
	stats_retention(in, f, today);
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
static void stats_heatmap(const struct stats_input *in, struct sbuf *out)
{
	static const char *const shades[] = { "·", "░", "▒", "▓", "█" };
	static const char ashades[] = ".:-+#";
	static const char *const days[] = {
		"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
	};
	int counts[STATS_WEEKS * 7];
	int64_t today = stats_day(in, in->now), first, d;
	int weekday = (int)((today % 7 + 7 + 3) % 7);	/* 1970-01-01: Thu */
	int max = 0, w, k, lvl, total = 0;
	size_t i;

	/* the grid ends with this week; it starts on a Monday */
	first = today - weekday - (STATS_WEEKS - 1) * 7;
	memset(counts, 0, sizeof(counts));
	for (i = 0; i < in->nreviews; i++) {
		d = stats_day(in, in->reviews[i].time_ms / 1000) - first;
		if (d < 0 || d >= STATS_WEEKS * 7 || d > today - first)
			continue;
		counts[d]++;
		total++;
	}
	for (k = 0; k < STATS_WEEKS * 7; k++)
		if (counts[k] > max)
			max = counts[k];
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
static void stats_sections(const struct stats_input *in, struct sbuf *out)
{
	const char **name = NULL;
	int *count = NULL, *due = NULL, n = 0, k, namew = 0;
	size_t alloc = 0, calloc_ = 0, dalloc = 0, i;
	int64_t end = in->now;

	for (i = 0; i < in->ncards; i++) {
		const struct stats_card *c = &in->cards[i];
		const char *sec = c->section ? c->section : "";

		if (c->retired)
			continue;
		for (k = n - 1; k >= 0; k--)
			if (!strcmp(name[k], sec))
				break;
		if (k < 0) {
			name = xgrow(name, &alloc, n + 1, sizeof(*name));
			count = xgrow(count, &calloc_, n + 1, sizeof(*count));
			due = xgrow(due, &dalloc, n + 1, sizeof(*due));
			k = n++;
			name[k] = sec;
			count[k] = due[k] = 0;
		}
		count[k]++;
		due[k] += c->state && c->queue != 2 && c->due && c->due <= end;
	}
	for (k = 0; k < n && k < STATS_MAX_SECTIONS; k++) {
		int w = utf8_width(name[k], strlen(name[k]));

		if (w > namew)
			namew = w;
	}
	if (namew > in->width - 28)
		namew = in->width - 28;
	if (namew < 6)
		namew = 6;
	sbuf_addf(out, "By section (%d)\n", n);
	for (k = 0; k < n && k < STATS_MAX_SECTIONS; k++) {
		size_t start;

		sbuf_addstr(out, "  ");
		start = out->len;
		stats_clip(out, *name[k] ? name[k] : "(none)", namew);
		sbuf_addchars(out, ' ', namew - utf8_width(out->buf +
			      start, out->len - start));
		sbuf_addf(out, "  %5d %s %5d due\n", count[k],
			  count[k] == 1 ? "card, " : "cards,", due[k]);
	}
	if (n > STATS_MAX_SECTIONS)
		sbuf_addf(out, "  ... and %d more\n", n - STATS_MAX_SECTIONS);
	sbuf_addch(out, '\n');
	free(name);
	free(count);
	free(due);
}

/* The leech count and the first 20 leeches. */
static void stats_leeches(const struct stats_input *in,
			  const struct stats_figures *f, struct sbuf *out)
{
	size_t i;
	int shown = 0;

	sbuf_addf(out, "Leeches (%d+ lapses or flagged): %d\n",
		  stats_leech(in), f->leeches);
	for (i = 0; i < in->ncards && shown < 20; i++) {
		const struct stats_card *c = &in->cards[i];

		if (c->retired || !(c->leech || c->lapses >= stats_leech(in)))
			continue;
		sbuf_addf(out, "  %-12.12s %3d lapses  ", c->key ? c->key : "?",
			  c->lapses);
		stats_clip(out, c->question ? c->question : "",
			   in->width - 32);
		sbuf_addch(out, '\n');
		shown++;
	}
	if (f->leeches > shown)
		sbuf_addf(out, "  ... and %d more\n", f->leeches - shown);
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

/* Public (stats.h): the whole report. */
void stats_report(const struct stats_input *in, struct sbuf *out)
{
	struct stats_figures f;
	int total = 0, k;

	stats_compute(in, &f);
	stats_today(&f, out);
	stats_forecast(in, &f, out);
	stats_retention_report(&f, out);
	stats_heatmap(in, out);
	for (k = 0; k < 4; k++)
		total += f.by_state[k];
	sbuf_addf(out, "Cards: %d (new %d, learning %d, review %d, "
		  "relearning %d; suspended %d, buried %d)\n", total,
		  f.by_state[0], f.by_state[1], f.by_state[2], f.by_state[3],
		  f.suspended, f.buried);
	sbuf_addf(out, "By level: Basic %d, Intermediate %d, Advanced %d",
		  f.by_level[1], f.by_level[2], f.by_level[3]);
	if (f.by_level[0])
		sbuf_addf(out, ", unknown %d", f.by_level[0]);
	sbuf_addstr(out, "\n\n");
	stats_sections(in, out);
	stats_leeches(in, &f, out);
	stats_labs(in, out);
	sbuf_rtrim(out);
	sbuf_addch(out, '\n');
}
