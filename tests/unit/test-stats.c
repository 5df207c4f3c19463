// SPDX-License-Identifier: GPL-2.0
/*
 * test-stats.c - the figures of `memdrill stats`: today's counts, the
 * forecast buckets (overdue folded into day 0, suspended left out), true
 * retention counting only the first review of a card a day, young/mature
 * split, leeches, and a report no wider than 80 columns.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/render.h"
#include "core/stats.h"
#include "test.h"
#include "util/utf8.h"

#define DAY 86400
/* 2026-11-22 12:00 UTC, a Sunday */
#define NOW 1795348800LL

static const struct stats_review reviews[] = {
	/* card 1: review state, failed then passed the same day: one fail */
	{ 1, (NOW - 2 * DAY) * 1000, 1, 2, 5, 4000 },
	{ 1, (NOW - 2 * DAY + 600) * 1000, 3, 3, 0, 3000 },
	/* card 2: mature pass, 40 days ago (all time only) */
	{ 2, (NOW - 40 * DAY) * 1000, 3, 2, 30, 2000 },
	/* card 2: mature pass today */
	{ 2, (NOW - 3600) * 1000, 4, 2, 40, 1500 },
	/* card 3: new card learning steps today: not retention */
	{ 3, (NOW - 1800) * 1000, 1, 0, -1, 5000 },
	{ 3, (NOW - 1200) * 1000, 3, 1, 0, 2500 },
};

static const struct stats_card cards[] = {
	{ 1, "k1", "1. Overview", "What is a page?", 1, 2, 0,
	  NOW - 5 * DAY, 0, 0, 0, NULL, 0 },	/* overdue: day 0 */
	{ 2, "k2", "1. Overview", "What is a zone?", 2, 2, 0,
	  NOW + 3 * DAY, 9, 0, 0, NULL, 0 },	/* leech by lapses */
	{ 3, "k3", "2. Buddy", "中文问题很长", 3, 1, 0,
	  NOW + 600, 0, 1, 0, NULL, 0 },	/* flagged leech */
	{ 4, "k4", "2. Buddy", "Suspended?", 2, 2, 2,
	  NOW + DAY, 0, 0, 0, NULL, 0 },	/* suspended: no forecast */
	{ 5, "k5", "2. Buddy", "New one", 1, 0, 0, 0, 0, 0, 0, NULL, 0 },
	{ 6, "k6", "3. Gone", "Retired", 1, 2, 0, NOW, 0, 0, 1, NULL, 0 },
};

static void fill(struct stats_input *in)
{
	memset(in, 0, sizeof(*in));
	in->reviews = reviews;
	in->nreviews = sizeof(reviews) / sizeof(reviews[0]);
	in->cards = cards;
	in->ncards = sizeof(cards) / sizeof(cards[0]);
	in->now = NOW;
	in->width = 80;
}

static void test_figures(void)
{
	struct stats_input in;
	struct stats_figures f;

	fill(&in);
	stats_compute(&in, &f);
	CHECK_INT(f.today_done, 3);
	CHECK_INT(f.today_again, 1);
	CHECK_INT(f.today_ms, 9000);
	CHECK_INT(f.forecast[0], 2);	/* k1 overdue, k3 in 10 minutes */
	CHECK_INT(f.forecast[3], 1);
	CHECK_INT(f.forecast[1], 0);	/* k4 suspended */
	CHECK_INT(f.month[0].total, 1);
	CHECK_INT(f.month[0].pass, 0);
	CHECK_INT(f.month[1].total, 1);
	CHECK_INT(f.month[1].pass, 1);
	CHECK_INT(f.all[1].total, 2);
	CHECK_INT(f.all[1].pass, 2);
	CHECK_INT(f.by_state[2], 3);
	CHECK_INT(f.by_state[0], 1);
	CHECK_INT(f.suspended, 1);
	CHECK_INT(f.by_level[2], 2);
	CHECK_INT(f.leeches, 2);
	stats_figures_release(&f);
}

/* The day boundary follows the rollover hour and the time zone. */
static void test_rollover(void)
{
	struct stats_input in;
	struct stats_figures f;

	fill(&in);
	in.now = NOW + 14 * 3600;	/* 02:00 UTC the next day */
	in.rollover = 4;		/* still the 22nd until 04:00 */
	stats_compute(&in, &f);
	CHECK_INT(f.today_done, 3);
	stats_figures_release(&f);
	in.rollover = 0;
	stats_compute(&in, &f);
	CHECK_INT(f.today_done, 0);
	stats_figures_release(&f);
	in.rollover = 4;
	in.tz = 9 * 3600;		/* 11:00 the 23rd in UTC+9 */
	stats_compute(&in, &f);
	CHECK_INT(f.today_done, 0);
	stats_figures_release(&f);
}

/*
 * The stream (what `stats` feeds from the collection): cards in any
 * order come out in deck order (source, then ord) in the sections and
 * the leech list, which keeps the first 20; reviews in card order give
 * the retention and heatmap of stats_compute().
 */
static void test_stream(void)
{
	static const char *const src[] = { "/d/b.md", "/d/a.md" };
	struct stats_input in;
	struct stats_figures f, g;
	struct stats_card c;
	char key[16], sec[16];
	int i, k;

	fill(&in);
	stats_begin(&in, &f);
	/* 30 leeches, fed from the last card in deck order to the first */
	for (i = 29; i >= 0; i--) {
		memset(&c, 0, sizeof(c));
		snprintf(key, sizeof(key), "k%02d", i);
		snprintf(sec, sizeof(sec), "S%d", i / 10);
		c.id = i + 1;
		c.key = key;
		c.section = sec;
		c.question = "Q?\nsecond line";
		c.state = 2;
		c.lapses = 9;
		c.source = src[i < 15];	/* 0..14 in a.md, 15..29 in b.md */
		c.ord = i % 15;
		stats_add_card(&in, &f, &c);
	}
	for (i = 0; i < 6; i++)		/* reviews are sorted by card */
		stats_add_review(&in, &f, &reviews[i]);
	stats_end(&f);
	CHECK_INT(f.leeches, 30);
	CHECK_INT(f.nleech_list, 20);
	for (k = 0; k < 20; k++) {
		snprintf(key, sizeof(key), "k%02d", k);
		CHECK_STR(f.leech_list[k].key, key);
	}
	CHECK_STR(f.leech_list[0].question, "Q?");
	CHECK_INT((int)f.nsections, 3);
	CHECK_STR(f.sections[0].name, "S0");
	CHECK_STR(f.sections[1].name, "S1");
	CHECK_STR(f.sections[2].name, "S2");
	CHECK_INT(f.sections[1].count, 10);
	stats_compute(&in, &g);
	CHECK_INT(f.today_done, g.today_done);
	CHECK_INT(f.month[0].total, g.month[0].total);
	CHECK_INT(f.all[1].pass, g.all[1].pass);
	CHECK(!memcmp(f.heat, g.heat, sizeof(f.heat)));
	stats_figures_release(&f);
	stats_figures_release(&g);
}

/*
 * Summed days (what the collection keeps): the reviews before a day
 * boundary streamed once with stats_track_days(), their sums fed to a
 * second stream with stats_add_day() before the reviews since, give
 * every figure of a stream reading all the reviews, at each boundary.
 */
static void test_days(void)
{
	struct stats_review r[200];
	struct stats_input in;
	struct stats_figures all, a, b;
	int64_t upto, first;
	size_t n = 0, i, k;
	int cut, c, j;

	fill(&in);
	in.tz = 5 * 3600 + 45 * 60;	/* Kathmandu: a day is not UTC's */
	in.rollover = 4;
	/* 5 cards, 40 reviews each, some twice a day, over 90 days */
	for (c = 1; c <= 5; c++)
		for (j = 0; j < 40; j++) {
			r[n].card_id = c;
			r[n].time_ms = (NOW - (int64_t)(90 - j * 9 / 4) * DAY +
					c * 3000 + j * 700) * 1000;
			r[n].rating = 1 + (c * 3 + j) % 4;
			r[n].state = j % 5 ? 2 : 1;
			r[n].elapsed_days = (c * 7 + j * 3) % 45;
			r[n].duration_ms = 1000;
			n++;
		}
	stats_begin(&in, &all);
	for (i = 0; i < n; i++)
		stats_add_review(&in, &all, &r[i]);
	for (cut = 0; cut <= 95; cut += 19) {
		upto = stats_day_start(&in, all.today - cut);
		first = stats_day_of(&in, r[0].time_ms);
		stats_begin(&in, &a);
		CHECK_INT(stats_track_days(&a, first), 0);
		/* the first stats: every review, the closed days tracked */
		for (i = 0; i < n; i++)
			stats_add_review(&in, &a, &r[i]);
		stats_begin(&in, &b);
		for (k = 0; k < a.ntrack; k++) {
			struct stats_day d = a.track[k];

			d.day = a.track_first + (int64_t)k;
			if (d.day < stats_day_of(&in, upto))
				stats_add_day(&in, &b, &d);
		}
		for (i = 0; i < n; i++)
			if (r[i].time_ms >= upto)
				stats_add_review(&in, &b, &r[i]);
		CHECK_MSG(!memcmp(all.heat, b.heat, sizeof(b.heat)),
			  "heatmap differs at cut %d", cut);
		CHECK_MSG(!memcmp(all.all, b.all, sizeof(b.all)) &&
			  !memcmp(all.month, b.month, sizeof(b.month)),
			  "retention differs at cut %d", cut);
		CHECK_INT(all.today_done, b.today_done);
		stats_figures_release(&a);
		stats_figures_release(&b);
	}
	CHECK(all.all[1].total > 0 && all.all[0].total > 0);
	/* a span too long to track is refused, nothing allocated */
	stats_begin(&in, &a);
	CHECK_INT(stats_track_days(&a, a.today - STATS_TRACK_MAX - 1), -1);
	CHECK(!a.track && !a.ntrack);
	stats_figures_release(&a);
	stats_figures_release(&all);
}

static void test_report_width(void)
{
	struct stats_input in;
	struct sbuf out = SBUF_INIT;
	const char *p, *e;
	int ascii;

	for (ascii = 0; ascii < 2; ascii++) {
		fill(&in);
		in.ascii = ascii;
		sbuf_reset(&out);
		stats_report(&in, &out);
		CHECK(strstr(out.buf, "Leeches (8+ lapses or flagged): 2"));
		CHECK(strstr(out.buf, "3 reviewed, 1 again (33%)"));
		CHECK(strstr(out.buf, "2. Buddy         3 cards,     0 due"));
		CHECK(!strstr(out.buf, "Gone"));
		for (p = out.buf; *p; p = e + 1) {
			e = strchr(p, '\n');
			CHECK_MSG(utf8_width(p, e - p) <= 80,
				  "wider than 80: %.*s", (int)(e - p), p);
		}
	}
	sbuf_release(&out);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
	TEST_RUN(test_figures);
	TEST_RUN(test_rollover);
	TEST_RUN(test_stream);
	TEST_RUN(test_days);
	TEST_RUN(test_report_width);
	return test_done();
}
