// SPDX-License-Identifier: GPL-2.0
/*
 * sched.c - FSRS-6 and learning steps (see sched.h).
 *
 * Formulas (G: 1 Again .. 4 Easy):
 *   R(t,S) = (1 + factor t/S)^decay, decay = -w20, factor = 0.9^(1/decay)-1
 *   I(r)   = S/factor (r^(1/decay) - 1)
 *   S0 = w[G-1];  D0(G) = w4 - e^(w5 (G-1)) + 1
 *   D' = D - w6 (G-3) (10-D)/9;  D'' = w7 D0(4) + (1-w7) D'
 *   success: S (1 + e^w8 (11-D) S^-w9 (e^((1-R) w10) - 1) [w15 Hard]
 *            [w16 Easy])
 *   lapse:   min(w11 D^-w12 ((S+1)^w13 - 1) e^((1-R) w14), S/e^(w17 w18))
 *   same day: S e^(w17 (G-3+w18)) S^-w19, at least S when G >= 2
 * Stability is computed from the old D, then D is updated.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sched.h"

const double sched_default_w[SCHED_NPARAMS] = {
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,
	1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014,
	1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

int sched_upgrade_params(const double *in, int n, double w[SCHED_NPARAMS])
{
	if (n == 21) {
		memcpy(w, in, 21 * sizeof(*w));
	} else if (n == 19) {
		memcpy(w, in, 19 * sizeof(*w));
		w[19] = 0;
		w[20] = 0.5;
	} else if (n == 17) {
		memcpy(w, in, 17 * sizeof(*w));
		w[4] = in[4] + 2 * in[5];
		w[5] = log(3 * in[5] + 1) / 3;
		w[6] = in[6] + 0.5;
		w[17] = 0;
		w[18] = 0;
		w[19] = 0;
		w[20] = 0.5;
	} else {
		return -1;
	}
	return 0;
}

static double sched_clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/*
 * The last decay's factor and the last retention's power of it: a replay
 * asks for the same ones millions of times (the same numbers, computed
 * once; compared bit for bit, so -0 is not 0).  Not thread-safe;
 * memdrill's core runs on one thread.
 */
static struct {
	double w20, factor, retention, rpow;
	int have_factor, have_rpow;
} sched_memo;

static double sched_factor(const double *w)
{
	if (!sched_memo.have_factor ||
	    memcmp(&sched_memo.w20, &w[20], sizeof(double))) {
		sched_memo.w20 = w[20];
		sched_memo.factor = pow(0.9, 1.0 / -w[20]) - 1;
		sched_memo.have_factor = 1;
		sched_memo.have_rpow = 0;
	}
	return sched_memo.factor;
}

double sched_retrievability(const double *w, double t, double s)
{
	return pow(1 + sched_factor(w) * t / s, -w[20]);
}

double sched_interval_days(const double *w, double s, double retention)
{
	double factor = sched_factor(w);

	if (!sched_memo.have_rpow || memcmp(&sched_memo.retention, &retention,
					      sizeof(double))) {
		sched_memo.retention = retention;
		sched_memo.rpow = pow(retention, 1.0 / -w[20]) - 1;
		sched_memo.have_rpow = 1;
	}
	return s / factor * sched_memo.rpow;
}

int sched_interval(const double *w, double s, double retention, int max_ivl)
{
	double i = round(sched_interval_days(w, s, retention));

	return (int)sched_clamp(i, 1, max_ivl);
}

static double sched_d0(const double *w, int g)
{
	return w[4] - exp(w[5] * (g - 1)) + 1;
}

static double sched_next_d(const double *w, double d, int g)
{
	double dd = -w[6] * (g - 3);
	double d1 = d + dd * (10 - d) / 9;

	return sched_clamp(w[7] * sched_d0(w, 4) + (1 - w[7]) * d1, 1, 10);
}

static double sched_success(const double *w, double d, double s, double r,
			    int g)
{
	double hard = g == SCHED_HARD ? w[15] : 1;
	double easy = g == SCHED_EASY ? w[16] : 1;

	return s * (1 + exp(w[8]) * (11 - d) * pow(s, -w[9]) *
		    (exp((1 - r) * w[10]) - 1) * hard * easy);
}

static double sched_lapse(const double *w, double d, double s, double r)
{
	double f = w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) *
		   exp((1 - r) * w[14]);
	double cap = s / exp(w[17] * w[18]);

	return f < cap ? f : cap;
}

static double sched_short_term(const double *w, double s, int g)
{
	double inc = exp(w[17] * (g - 3 + w[18])) * pow(s, -w[19]);

	if (g >= SCHED_HARD && inc < 1)
		inc = 1;
	return s * inc;
}

void sched_memory_next(const double *w, const struct sched_memory *m,
		       int t, int g, struct sched_memory *out)
{
	double s;

	if (m->s <= 0) {
		out->s = sched_clamp(w[g - 1], SCHED_S_MIN, SCHED_S_MAX);
		out->d = sched_clamp(sched_d0(w, g), 1, 10);
		return;
	}
	if (t <= 0) {
		s = sched_short_term(w, m->s, g);
	} else {
		double r = sched_retrievability(w, t, m->s);

		s = g == SCHED_AGAIN ? sched_lapse(w, m->d, m->s, r) :
				       sched_success(w, m->d, m->s, r, g);
	}
	out->s = sched_clamp(s, SCHED_S_MIN, SCHED_S_MAX);
	out->d = sched_next_d(w, m->d, g);
}

/* The zone's UTC offset at @t, from the C library. */
static long sched_gmtoff_at(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	return tm.tm_gmtoff;
}

/*
 * The zone's UTC offset at @t.  localtime_r() was a third of a replay's
 * time (bench/sync.sh), so the offsets at the start and the end of each
 * UTC day are kept (a direct-mapped cache of 1024 days, emptied when TZ
 * changes): when they agree, no transition falls inside the day and that
 * is the offset at every moment of it; when they differ, @t is asked of
 * the C library.  Exact, unless a zone had two transitions in one day.
 * Not thread-safe; memdrill's core runs on one thread.
 */
static long sched_gmtoff(int64_t t)
{
	static struct {
		int64_t day;
		long start, end;
		int valid;
	} cache[1024];
	static char tz[128];
	static const char *tz_ptr;
	static int tz_set;
	const char *env = getenv("TZ");
	int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	size_t i = (size_t)((uint64_t)day & 1023);

	/* setenv() gives TZ a new string: compare only when it moved */
	if (!tz_set || env != tz_ptr) {
		if (!tz_set || (env ? strcmp(env, tz) : tz[0] != '\0') ||
		    (env && strlen(env) >= sizeof(tz)))
			memset(cache, 0, sizeof(cache));
		snprintf(tz, sizeof(tz), "%s", env ? env : "");
		tz_set = !env || strlen(env) < sizeof(tz);
		tz_ptr = env;
	}
	if (!cache[i].valid || cache[i].day != day) {
		cache[i].day = day;
		cache[i].start = sched_gmtoff_at(day * 86400);
		cache[i].end = sched_gmtoff_at(day * 86400 + 86399);
		cache[i].valid = 1;
	}
	if (cache[i].start == cache[i].end)
		return cache[i].start;
	return sched_gmtoff_at(t);
}

int64_t sched_day(int64_t t, int rollover_hour)
{
	int64_t local = t + sched_gmtoff(t) - (int64_t)rollover_hour * 3600;

	return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

int64_t sched_day_start(int64_t day, int rollover_hour)
{
	int64_t guess = day * 86400 + (int64_t)rollover_hour * 3600;
	int i;

	/* Correct for the zone's offset (twice: DST may differ). */
	for (i = 0; i < 2; i++)
		guess = day * 86400 + (int64_t)rollover_hour * 3600 -
			sched_gmtoff(guess);
	return guess;
}

int sched_fuzz(double ivl, double f, int min_ivl, int max_ivl)
{
	static const struct {
		double start, end, factor;
	} ranges[] = {
		{ 2.5, 7.0, 0.15 },
		{ 7.0, 20.0, 0.1 },
		{ 20.0, HUGE_VAL, 0.05 },
	};
	double delta = 1.0;
	int lo, hi, i;

	if (min_ivl > max_ivl)
		min_ivl = max_ivl;
	if (ivl < 2.5)
		return (int)sched_clamp(round(ivl), min_ivl, max_ivl);
	ivl = sched_clamp(ivl, min_ivl, max_ivl);
	for (i = 0; i < 3; i++) {
		double top = ivl < ranges[i].end ? ivl : ranges[i].end;

		if (top > ranges[i].start)
			delta += ranges[i].factor * (top - ranges[i].start);
	}
	lo = (int)round(ivl - delta);
	hi = (int)round(ivl + delta);
	lo = (int)sched_clamp(lo, min_ivl, max_ivl);
	hi = (int)sched_clamp(hi, min_ivl, max_ivl);
	if (lo == hi && hi > 2 && hi == max_ivl)
		lo = hi - 1;
	return (int)floor(lo + f * (hi - lo + 1));
}

/* A deterministic factor in [0, 1) from the card and its review count. */
static double sched_fuzz_factor(uint64_t seed, int reps)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ULL ^
		     ((uint64_t)reps + 1) * 0xbf58476d1ce4e5b9ULL;

	x ^= x >> 31;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 29;
	return (double)(x >> 11) / 9007199254740992.0;
}

uint64_t sched_seed(const char *key)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 0x100000001b3ULL;
	return h;
}

/* Delay in seconds of a Hard on step @step of @steps. */
static int64_t sched_hard_delay(const int *steps, int n, int step)
{
	if (step > 0)
		return steps[step < n ? step : n - 1];
	if (n > 1)
		return (steps[0] + steps[1]) / 2;
	return steps[0] * 3 / 2;
}

/* Graduate or stay in review: interval @days from now's day start. */
static void sched_to_review(const struct config *cfg, int64_t now,
			    int days, struct sched_outcome *o)
{
	int64_t today = sched_day(now, cfg->rollover_hour);

	o->card.state = 2;
	o->card.step = 0;
	o->scheduled_days = days;
	o->card.due = sched_day_start(today + days, cfg->rollover_hour);
	o->delay = o->card.due - now;
}

static void sched_to_step(int state, int step, int64_t delay, int64_t now,
			  struct sched_outcome *o)
{
	o->card.state = state;
	o->card.step = step;
	o->card.due = now + delay;
	o->delay = delay;
	o->scheduled_days = 0;
}

/* The review interval for stability @s: fuzzed with factor @f >= 0. */
static int sched_review_ivl(const struct config *cfg, double f, double s)
{
	double raw = sched_interval_days(cfg->w, s, cfg->retention);

	return f < 0 ? (int)sched_clamp(round(raw), 1, cfg->max_interval) :
		       sched_fuzz(raw, f, 1, cfg->max_interval);
}

/*
 * The review interval of rating @g (Hard, Good or Easy) of the review
 * card @c, the new stability @s for @g: the intervals are ordered as
 * ts-fsrs orders them (Hard <= Good < Easy), so the neighbouring ratings'
 * intervals are computed too, from memory @m after @t days, and only
 * those @g depends on (Easy: all three; Hard and Good: those two).
 */
static int sched_review_ivl_of(const struct config *cfg, double f,
			       const struct sched_memory *m, int t, int g,
			       double s)
{
	struct sched_memory nm;
	int hard, good, easy;

	sched_memory_next(cfg->w, m, t, SCHED_HARD, &nm);
	hard = sched_review_ivl(cfg, f, g == SCHED_HARD ? s : nm.s);
	if (g != SCHED_GOOD)
		sched_memory_next(cfg->w, m, t, SCHED_GOOD, &nm);
	good = sched_review_ivl(cfg, f, g == SCHED_GOOD ? s : nm.s);
	if (hard > good)
		hard = good;
	if (good <= hard && hard + 1 <= cfg->max_interval)
		good = hard + 1;
	if (g == SCHED_HARD)
		return hard;
	if (g == SCHED_GOOD)
		return good;
	easy = sched_review_ivl(cfg, f, s);
	if (easy <= good && good + 1 <= cfg->max_interval)
		easy = good + 1;
	return easy;
}

/*
 * Learning (state 0/1) or relearning (3) transitions for rating @g; a
 * graduation gets the interval for stability @s (fuzz factor @f), an
 * Again 1 day.
 */
static void sched_steps(const struct config *cfg, const struct sched_card *c,
			int64_t now, int g, double f, double s,
			struct sched_outcome *o)
{
	int relearn = c->state == 3;
	const int *steps = relearn ? cfg->relearn_steps : cfg->learn_steps;
	int n = relearn ? cfg->nrelearn : cfg->nlearn;
	int state = relearn ? 3 : 1;
	int step = c->state == 0 ? 0 : c->step;

	if (n == 0 || g == SCHED_EASY || (g == SCHED_GOOD && step + 1 >= n)) {
		sched_to_review(cfg, now, g == SCHED_AGAIN ? 1 :
				sched_review_ivl(cfg, f, s), o);
		return;
	}
	if (g == SCHED_AGAIN)
		sched_to_step(state, 0, steps[0], now, o);
	else if (g == SCHED_HARD)
		sched_to_step(state, step, sched_hard_delay(steps, n, step),
			      now, o);
	else
		sched_to_step(state, step + 1, steps[step + 1], now, o);
}

void sched_next(const struct config *cfg, const struct sched_card *c,
		uint64_t seed, int64_t now, int g, struct sched_outcome *o)
{
	struct sched_memory m = { c->state ? c->s : 0, c->d }, nm;
	double f = cfg->fuzz ? sched_fuzz_factor(seed, c->reps) : -1;
	int t = 0;

	if (c->state && c->last_review)
		t = (int)(sched_day(now, cfg->rollover_hour) -
			  sched_day(c->last_review, cfg->rollover_hour));
	if (t < 0)
		t = 0;
	sched_memory_next(cfg->w, &m, t, g, &nm);
	o->card = *c;
	o->card.s = nm.s;
	o->card.d = nm.d;
	o->card.reps = c->reps + 1;
	o->card.last_review = now;
	o->elapsed_days = t;
	if (c->state != 2) {
		sched_steps(cfg, c, now, g, f, nm.s, o);
		return;
	}
	if (g != SCHED_AGAIN) {
		sched_to_review(cfg, now, sched_review_ivl_of(cfg, f, &m, t, g,
							      nm.s), o);
		return;
	}
	o->card.lapses = c->lapses + 1;
	if (cfg->nrelearn)
		sched_to_step(3, 0, cfg->relearn_steps[0], now, o);
	else
		sched_to_review(cfg, now, sched_interval(cfg->w, o->card.s,
			cfg->retention, cfg->max_interval), o);
}

void sched_preview(const struct config *cfg, const struct sched_card *c,
		   uint64_t seed, int64_t now, struct sched_outcome out[4])
{
	int g;

	for (g = SCHED_AGAIN; g <= SCHED_EASY; g++)
		sched_next(cfg, c, seed, now, g, &out[g - 1]);
}
