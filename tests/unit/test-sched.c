// SPDX-License-Identifier: GPL-2.0
/*
 * test-sched.c - FSRS-6 against every test vector of the reference
 * (shared/reference/fsrs.md), the parameter upgrade, fuzz ranges (Anki's
 * table), the learning-step transitions, and a differential test of the
 * memory model against ts-fsrs 5.x next_state / next_interval (data made
 * once by tests/data/ts-fsrs/gen.js and committed; node is not needed).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/sched.h"
#include "test.h"

/* Replay (rating, days since previous) pairs through the memory model. */
static struct sched_memory replay(const double *w, const int *g,
				  const int *t, int n)
{
	struct sched_memory m = { 0, 0 };
	int i;

	for (i = 0; i < n; i++)
		sched_memory_next(w, &m, t[i], g[i], &m);
	return m;
}

static void test_vector1(void)
{
	static const int g[] = { 1, 3, 3, 3, 3, 3 };
	static const int t[] = { 0, 0, 1, 3, 8, 21 };
	double w[21];
	struct sched_memory m = replay(sched_default_w, g, t, 6);

	CHECK_NEAR(m.s, 53.62691, 1e-4 / 53.6);
	CHECK_NEAR(m.d, 6.3574867, 1e-4 / 6.36);
	memcpy(w, sched_default_w, sizeof(w));
	w[17] = w[18] = w[19] = 0;
	m = replay(w, g, t, 6);
	CHECK_NEAR(m.s, 53.335106, 1e-4 / 53.3);
	CHECK_NEAR(m.d, 6.3574867, 1e-4 / 6.36);
}

static void test_vector2_first_review(void)
{
	static const double s0[] = { 0.212, 1.2931, 2.3065, 8.2956 };
	static const double d0[] = { 6.4133, 5.11217071, 2.11810397, 1 };
	struct sched_memory none = { 0, 0 }, m;
	int g;

	for (g = 1; g <= 4; g++) {
		sched_memory_next(sched_default_w, &none, 0, g, &m);
		CHECK_NEAR(m.s, s0[g - 1], 1e-7);
		CHECK_NEAR(m.d, d0[g - 1], 1e-7);
	}
}

static void test_vector3_intervals(void)
{
	static const int want[] = { 34793, 2508, 387, 90, 27, 9, 3, 1, 1 };
	int i;

	/* retention 0.1 gives 3116769 days in float64, capped here. */
	CHECK_NEAR(sched_interval_days(sched_default_w, 1, 0.1), 3116769,
		   1e-6);
	CHECK_INT(sched_interval(sched_default_w, 1, 0.1, 36500), 36500);
	for (i = 0; i < 9; i++)
		CHECK_INT(sched_interval(sched_default_w, 1, 0.2 + 0.1 * i,
					 36500), want[i]);
}

static void test_vector4_retrievability(void)
{
	static const double want[] = { 1.0, 0.9, 0.84028935, 0.7985001 };
	double w[21];
	int t;

	memcpy(w, sched_default_w, sizeof(w));
	w[20] = 0.2;
	for (t = 0; t < 4; t++)
		CHECK_NEAR(sched_retrievability(w, t, 1), want[t], 1e-7);
}

static void test_vector5_fsrs5(void)
{
	static const double w19[19] = {
		0.6845422, 1.6790825, 4.7349424, 10.042885, 7.4410233,
		0.64219797, 1.071918, 0.0025195254, 1.432437, 0.1544,
		0.8692766, 2.0696752, 0.0953, 0.2975, 2.4691248,
		0.19542035, 3.201072, 0.18046261, 0.121442534,
	};
	static const double s[] = { 2.9691455, 17.091452, 31.722992,
				    71.7502 };
	static const double d[] = { 8.000659, 7.6913934, 7.382128,
				    7.0728626 };
	static const int g[] = { 1, 3, 3, 3 };
	static const int t[] = { 0, 1, 3, 8 };
	struct sched_memory m, n;
	double w[21];
	int r;

	CHECK_INT(sched_upgrade_params(w19, 19, w), 0);
	CHECK_NEAR(w[19], 0, 0);
	CHECK_NEAR(w[20], 0.5, 0);
	m = replay(w, g, t, 4);
	for (r = 1; r <= 4; r++) {
		sched_memory_next(w, &m, 21, r, &n);
		CHECK_NEAR(n.s, s[r - 1], 1e-5);
		CHECK_NEAR(n.d, d[r - 1], 1e-5);
	}
}

static void test_upgrade_17(void)
{
	double in[17], w[21];
	int i;

	for (i = 0; i < 17; i++)
		in[i] = 1 + i;
	CHECK_INT(sched_upgrade_params(in, 17, w), 0);
	CHECK_NEAR(w[4], 5 + 2 * 6, 1e-12);
	CHECK_NEAR(w[5], log(3 * 6 + 1) / 3, 1e-12);
	CHECK_NEAR(w[6], 7.5, 1e-12);
	CHECK_NEAR(w[20], 0.5, 0);
	CHECK_INT(sched_upgrade_params(in, 18, w), -1);
}

static void test_fuzz_anki_table(void)
{
	/* ivl -> results at fuzz factor 0, 0.5 and 0.99 (Anki's table). */
	static const struct {
		double ivl;
		int min, max, want[3];
	} rows[] = {
		{ 2.5, 1, 36500, { 2, 3, 4 } },
		{ 7, 1, 36500, { 5, 7, 9 } },
		{ 17, 1, 36500, { 14, 17, 20 } },
		{ 37, 1, 36500, { 33, 37, 41 } },
		{ 100, 1, 99, { 92, 96, 99 } },
		{ 100, 101, 36500, { 101, 105, 108 } },
	};
	static const double f[] = { 0, 0.5, 0.99 };
	size_t i, j;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		for (j = 0; j < 3; j++)
			CHECK_MSG(sched_fuzz(rows[i].ivl, f[j], rows[i].min,
					     rows[i].max) == rows[i].want[j],
				  "fuzz(%g, %g) = %d, want %d", rows[i].ivl,
				  f[j], sched_fuzz(rows[i].ivl, f[j],
						   rows[i].min, rows[i].max),
				  rows[i].want[j]);
	CHECK_INT(sched_fuzz(2.4, 0.99, 1, 36500), 2);
}

static void test_learning_steps(void)
{
	struct config cfg;
	struct sched_card c = { 0 };
	struct sched_outcome o[4];
	int64_t now = 1700000000;

	setenv("TZ", "UTC", 1);
	config_defaults(&cfg);
	cfg.fuzz = 0;
	sched_preview(&cfg, &c, 1, now, o);
	CHECK_INT(o[0].card.state, 1);		/* Again: step 0, 1m */
	CHECK_INT(o[0].delay, 60);
	CHECK_INT(o[1].delay, 330);		/* Hard: avg of 1m, 10m */
	CHECK_INT(o[2].card.step, 1);		/* Good: step 1, 10m */
	CHECK_INT(o[2].delay, 600);
	CHECK_INT(o[3].card.state, 2);		/* Easy graduates */
	CHECK_INT(o[3].scheduled_days, 8);	/* S0(Easy) 8.2956 -> 8 */
	CHECK_NEAR(o[3].card.s, 8.2956, 1e-9);
	/* Good on the last step graduates with the FSRS interval. */
	c = o[2].card;
	sched_preview(&cfg, &c, 1, now + 600, o);
	CHECK_INT(o[2].card.state, 2);
	CHECK(o[2].scheduled_days >= 1);
	CHECK_INT(o[1].card.step, 1);		/* Hard repeats the step */
	CHECK_INT(o[1].delay, 600);
	/* Again in review -> relearning, lapse counted. */
	c = o[2].card;
	sched_preview(&cfg, &c, 1, c.due + 86400 * 3, o);
	CHECK_INT(o[0].card.state, 3);
	CHECK_INT(o[0].card.lapses, 1);
	CHECK_INT(o[0].delay, 600);
	CHECK(o[1].scheduled_days <= o[2].scheduled_days);
	CHECK(o[2].scheduled_days < o[3].scheduled_days);
	CHECK(o[0].card.s < c.s);		/* a lapse lowers S */
}

static void test_day_rollover(void)
{
	setenv("TZ", "UTC", 1);
	/* 03:59 belongs to the previous day with rollover 4. */
	CHECK_INT(sched_day(86400 * 10 + 3 * 3600 + 3599, 4), 9);
	CHECK_INT(sched_day(86400 * 10 + 4 * 3600, 4), 10);
	CHECK_INT(sched_day_start(10, 4), 86400 * 10 + 4 * 3600);
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	CHECK_INT(sched_day_start(10, 0), 86400 * 10 - 8 * 3600);
	CHECK_INT(sched_day(86400 * 10 - 8 * 3600, 0), 10);
	CHECK_INT(sched_day(86400 * 10 - 8 * 3600 - 1, 0), 9);
}

/*
 * Check every row of tests/data/ts-fsrs/@set.expected.csv (grouped by
 * card, in time order; elapsed days as ts-fsrs saw them) against
 * sched_memory_next() and sched_interval() at a relative 1e-5.
 */
static void test_ts_fsrs_set(const char *set)
{
	char path[512], line[1024], prev[64] = "", id[64];
	double w[SCHED_NPARAMS], s, d;
	struct sched_memory m = { 0, 0 };
	long long time;
	int g, t, ivl, rows = 0;
	FILE *f;

	memcpy(w, sched_default_w, sizeof(w));
	snprintf(path, sizeof(path), "%s/tests/data/ts-fsrs/%s.params",
		 test_top(), set);
	f = fopen(path, "r");
	CHECK_MSG(f, "cannot open '%s'", path);
	if (!f)
		return;
	if (fgets(line, sizeof(line), f) && line[0] != '\n') {
		char err[128];

		line[strcspn(line, "\n")] = '\0';
		CHECK_INT(config_parse_params(line, w, err, sizeof(err)), 0);
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/tests/data/ts-fsrs/%s.expected.csv",
		 test_top(), set);
	f = fopen(path, "r");
	CHECK_MSG(f, "cannot open '%s'", path);
	if (!f)
		return;
	CHECK(fgets(line, sizeof(line), f) != NULL);	/* header */
	while (fgets(line, sizeof(line), f)) {
		CHECK_INT(sscanf(line, "%63[^,],%lld,%d,%d,%lf,%lf,%d", id,
				 &time, &g, &t, &s, &d, &ivl), 7);
		if (strcmp(id, prev)) {
			m.s = 0;
			m.d = 0;
			snprintf(prev, sizeof(prev), "%s", id);
		}
		sched_memory_next(w, &m, t, g, &m);
		CHECK_NEAR(m.s, s, 1e-5);
		CHECK_NEAR(m.d, d, 1e-5);
		CHECK_INT(sched_interval(w, m.s, 0.9, 36500), ivl);
		rows++;
	}
	fclose(f);
	CHECK_MSG(rows > 500, "%s: only %d rows", set, rows);
}

static void test_ts_fsrs(void)
{
	test_ts_fsrs_set("fsrs6");
	test_ts_fsrs_set("custom1");
	test_ts_fsrs_set("custom2");
}

/*
 * sched_day() keeps each UTC day's offsets; it must give what localtime_r
 * gives at every moment, around DST changes too, in zones whose changes
 * fall on the half hour (St John's, Lord Howe) or at :45 (Chatham).
 */
static void test_day_zone_cache(void)
{
	static const char *const zones[] = {
		"UTC", "Europe/Berlin", "America/St_Johns",
		"Australia/Lord_Howe", "Pacific/Chatham", "America/New_York",
	};
	uint64_t x = 88172645463325252ULL;
	size_t z;
	int i, bad;

	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		bad = 0;
		setenv("TZ", zones[z], 1);
		tzset();
		for (i = 0; i < 200000; i++) {
			time_t tt;
			struct tm tm;
			int64_t t, local, want;

			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* 2000 .. 2038, and every 15 minutes of a few years */
			t = i % 2 ? 946684800 + (int64_t)(x % 1200000000ULL) :
				1700000000 + (int64_t)(i / 2) * 900;
			tt = (time_t)t;
			localtime_r(&tt, &tm);
			local = t + tm.tm_gmtoff - 4 * 3600;
			want = local >= 0 ? local / 86400 :
				-((-local + 86399) / 86400);
			bad += sched_day(t, 4) != want;
		}
		CHECK_MSG(!bad, "%s: %d days differ", zones[z], bad);
	}
	setenv("TZ", "UTC", 1);
	tzset();
}

int main(void)
{
	TEST_RUN(test_vector1);
	TEST_RUN(test_vector2_first_review);
	TEST_RUN(test_vector3_intervals);
	TEST_RUN(test_vector4_retrievability);
	TEST_RUN(test_vector5_fsrs5);
	TEST_RUN(test_upgrade_17);
	TEST_RUN(test_fuzz_anki_table);
	TEST_RUN(test_learning_steps);
	TEST_RUN(test_day_rollover);
	TEST_RUN(test_day_zone_cache);
	TEST_RUN(test_ts_fsrs);
	return test_done();
}
