// SPDX-License-Identifier: GPL-2.0
/*
 * optimize.c - the FSRS-6 optimizer and evaluator (see optimize.h).
 *
 * Memory stays linear in the reviews: a card's items are the prefixes of
 * its review list, so the set stores each card's reviews once (a rating
 * byte and a day count) and an item is (card, position).  Training runs
 * each card of a batch once, forward, carrying the derivatives of S and
 * D with respect to the 21 parameters (forward-mode differentiation), and
 * scores every item of the card on the way (fsrs-rs's "windowed" batches,
 * the items of one card in one batch).
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>

#include "core/optimize.h"
#include "core/revlog-csv.h"
#include "core/sched.h"
#include "util/xalloc.h"

#define NW SCHED_NPARAMS
#define OPTIM_BATCH 512
#define OPTIM_MAX_SEQ 256
#define OPTIM_S_MIN 0.001
#define OPTIM_S_MAX 36500.0
#define OPTIM_INIT_S_MAX 100.0

static const double optim_stddev[NW] = {
	6.43, 9.66, 17.58, 27.85, 0.57, 0.28, 0.6, 0.12, 0.39, 0.18, 0.33,
	0.3, 0.09, 0.16, 0.57, 0.25, 1.03, 0.31, 0.32, 0.14, 0.27,
};

/* ---- the review log -------------------------------------------------- */

/* Append a review of dense card @card. */
static void optim_log_push(struct optim_log *l, uint32_t card,
			   int64_t time_ms, int rating, int state,
			   int64_t duration_ms)
{
	struct optim_review *r;

	l->rev = xgrow(l->rev, &l->alloc, l->n + 1, sizeof(*l->rev));
	r = &l->rev[l->n];
	r->card = card;
	r->time_ms = time_ms;
	r->rating = (uint8_t)rating;
	r->state = (int8_t)(state < 0 ? -1 : state);
	l->n++;
	if (card >= l->ncards)
		l->ncards = (size_t)card + 1;
	if (state < 0)
		l->have_state = 0;
	if (state >= 0 && state < 4 && rating >= 1 && rating <= 4 &&
	    duration_ms > 0) {
		/* a review left open for over 20 minutes counts 20 */
		double s = duration_ms > 1200000 ? 1200 : duration_ms / 1e3;

		l->dur_sum[state][rating - 1] += s;
		l->dur_n[state][rating - 1]++;
	}
}

static size_t optim_id_hash(int64_t id, size_t size)
{
	return (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull >> 17) &
	       (size - 1);
}

void optim_log_add(struct optim_log *l, int64_t card, int64_t time_ms,
		   int rating, int state, int64_t duration_ms)
{
	size_t h;

	if (rating < 1 || rating > 4)
		return;
	if (state > 4)
		state = -1;

	if ((l->ncards + 1) * 2 > l->idsize) {
		size_t osize = l->idsize, i;
		int64_t *ok = l->idkey;
		uint32_t *ov = l->idval;

		l->idsize = osize ? osize * 2 : 1024;
		l->idkey = xcalloc(l->idsize, sizeof(*l->idkey));
		l->idval = xcalloc(l->idsize, sizeof(*l->idval));
		for (i = 0; i < osize; i++) {
			if (!ov[i])
				continue;
			h = optim_id_hash(ok[i], l->idsize);
			while (l->idval[h])
				h = (h + 1) & (l->idsize - 1);
			l->idkey[h] = ok[i];
			l->idval[h] = ov[i];
		}
		free(ok);
		free(ov);
	}
	h = optim_id_hash(card, l->idsize);
	while (l->idval[h] && l->idkey[h] != card)
		h = (h + 1) & (l->idsize - 1);
	if (!l->idval[h]) {
		l->idkey[h] = card;
		l->idval[h] = (uint32_t)l->ncards + 1;	/* 0: empty */
	}
	optim_log_push(l, l->idval[h] - 1, time_ms, rating, state,
		       duration_ms);
}

/* A lasting copy of the card id @p (@n bytes), in the log's blocks. */
static const char *optim_log_keep(struct optim_log *l, const char *p,
				  size_t n)
{
	enum { BLOCK = 65536 };
	char *q;

	if (n > BLOCK / 4) {
		l->blocks = xgrow(l->blocks, &l->blocks_alloc, l->nblocks + 1,
				  sizeof(*l->blocks));
		q = xmalloc(n);
		/* a block of its own, before the current one */
		if (l->nblocks) {
			l->blocks[l->nblocks] = l->blocks[l->nblocks - 1];
			l->blocks[l->nblocks - 1] = q;
		} else {
			l->blocks[0] = q;
			l->block_used = BLOCK;
		}
		l->nblocks++;
		memcpy(q, p, n);
		return q;
	}
	if (!l->nblocks || l->block_used + n > BLOCK) {
		l->blocks = xgrow(l->blocks, &l->blocks_alloc, l->nblocks + 1,
				  sizeof(*l->blocks));
		l->blocks[l->nblocks++] = xmalloc(BLOCK);
		l->block_used = 0;
	}
	q = l->blocks[l->nblocks - 1] + l->block_used;
	memcpy(q, p, n);
	l->block_used += n;
	return q;
}

void optim_log_release(struct optim_log *l)
{
	size_t i;

	for (i = 0; i < l->nblocks; i++)
		free(l->blocks[i]);
	free(l->blocks);
	free(l->rev);
	free(l->idkey);
	free(l->idval);
	strmap_release(&l->ids);
	memset(l, 0, sizeof(*l));
	l->have_state = 1;
}

/* revlog_csv_each() callback: one row into the log. */
static int optim_log_row(void *arg, const struct revlog_csv_row *row,
			 char *err, size_t errsz)
{
	struct optim_log *l = arg;
	size_t id;

	(void)err;
	(void)errsz;
	if (!strmap_get(&l->ids, row->card, row->card_len, &id))
		id = strmap_put(&l->ids, optim_log_keep(l, row->card,
							row->card_len),
				row->card_len, l->ids.n);
	optim_log_push(l, (uint32_t)id, row->time, row->rating, row->state,
		       row->duration);
	return 0;
}

long optim_log_csv(struct optim_log *l, const char *csv, size_t len,
		   char *err, size_t errsz)
{
	return revlog_csv_each(csv, len, optim_log_row, l, err, errsz);
}

/* ---- items ------------------------------------------------------------ */

/* Reviews (@rev) by time, then by place in the log (qsort_r of indexes). */
static int optim_idx_cmp(const void *a, const void *b, void *rev)
{
	const struct optim_review *r = rev;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int64_t tx = r[x].time_ms, ty = r[y].time_ms;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int optim_item_cmp(const void *a, const void *b)
{
	const struct optim_item *x = a, *y = b;

	if (x->time_ms != y->time_ms)
		return x->time_ms < y->time_ms ? -1 : 1;
	if (x->card != y->card)
		return x->card < y->card ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/*
 * Day numbers with the zone offset cached per quarter hour (every zone
 * changes its offset on a quarter hour), so a million reviews do not
 * cost a million localtime_r() calls.
 */
struct optim_daycache {
	int64_t key[1024];
	long off[1024];
	int valid[1024];
};

static int64_t optim_day(struct optim_daycache *c, int64_t ms, int rollover)
{
	int64_t t = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	int64_t q = t >= 0 ? t / 900 : -((-t + 899) / 900), local;
	unsigned h = (unsigned)((uint64_t)q * 0x9E3779B97F4A7C15ull >> 54);

	if (!c->valid[h] || c->key[h] != q) {
		time_t tt = (time_t)(q * 900);
		struct tm tm;

		c->key[h] = q;
		c->off[h] = localtime_r(&tt, &tm) ? tm.tm_gmtoff : 0;
		c->valid[h] = 1;
	}
	local = t + c->off[h] - (int64_t)rollover * 3600;
	return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

void optim_items(struct optim_log *l, int rollover_hour,
		 struct optim_set *set)
{
	struct optim_daycache *dc = xcalloc(1, sizeof(*dc));
	size_t nitems = 0, ialloc = 0, ralloc = 0, i, c;
	size_t *start = xcalloc(l->ncards + 2, sizeof(*start));
	uint32_t *ord = xcalloc(l->n + 1, sizeof(*ord));

	memset(set, 0, sizeof(*set));
	/* a stable counting sort of review indexes by card, then by time
	 * within each card (qsort only when a card is out of order) */
	for (i = 0; i < l->n; i++)
		start[l->rev[i].card + 1]++;
	for (c = 0; c < l->ncards; c++)
		start[c + 1] += start[c];
	for (i = 0; i < l->n; i++)
		ord[start[l->rev[i].card]++] = (uint32_t)i;
	for (c = l->ncards; c > 0; c--)
		start[c] = start[c - 1];
	start[0] = 0;
	set->off = xcalloc(l->ncards + 1, sizeof(*set->off));
	for (c = 0; c < l->ncards; c++) {
		size_t a = start[c], j = start[c + 1], k, pos, from;
		int64_t prev = 0;

		for (k = a + 1; k < j; k++)
			if (optim_idx_cmp(&ord[k - 1], &ord[k], l->rev) > 0)
				break;
		if (k < j)
			qsort_r(ord + a, j - a, sizeof(*ord), optim_idx_cmp,
				l->rev);
		/* the last run of new/learning reviews */
		from = a;
		if (l->have_state) {
			size_t s = j;

			for (k = j; k-- > a;) {
				int st = l->rev[ord[k]].state;

				if (st == 0 || st == 1)
					s = k;
				else if (s < j)
					break;
			}
			from = s;
		}
		if (from >= j)
			continue;
		set->rating = xgrow(set->rating, &ralloc,
				    set->nreviews + (j - from),
				    sizeof(*set->rating));
		set->dt = xrealloc(set->dt, ralloc * sizeof(*set->dt));
		for (k = from, pos = 0; k < j; k++, pos++) {
			const struct optim_review *r = &l->rev[ord[k]];
			int64_t day = optim_day(dc, r->time_ms, rollover_hour);
			size_t at = set->nreviews + pos;
			int64_t d = pos ? day - prev : 0;

			set->rating[at] = r->rating;
			set->dt[at] = d > 0 ? (uint32_t)(d > 1000000 ?
							 1000000 : d) : 0;
			prev = day;
			if (pos && set->dt[at] > 0) {
				set->items = xgrow(set->items, &ialloc,
						   nitems + 1,
						   sizeof(*set->items));
				set->items[nitems].card =
					(uint32_t)set->ncards;
				set->items[nitems].pos = (uint32_t)pos;
				set->items[nitems].time_ms = r->time_ms;
				nitems++;
			}
		}
		set->nreviews += j - from;
		set->ncards++;
		set->off[set->ncards] = set->nreviews;
	}
	set->nitems = nitems;
	if (nitems)
		qsort(set->items, nitems, sizeof(*set->items),
		      optim_item_cmp);
	free(ord);
	free(start);
	free(dc);
}

void optim_set_release(struct optim_set *set)
{
	free(set->off);
	free(set->rating);
	free(set->dt);
	free(set->items);
	memset(set, 0, sizeof(*set));
}

/* ---- the model and its derivatives ------------------------------------ */

struct optim_rt {
	const double *w;
	double decay, factor, dfactor;	/* dfactor / d decay */
	double easy_d, exp_3w5, exp_w8, floor_div;
};

static void optim_rt_init(struct optim_rt *p, const double *w)
{
	double c = log(0.9);

	p->w = w;
	p->decay = -w[20];
	p->factor = exp(c / p->decay) - 1;
	p->dfactor = exp(c / p->decay) * (-c / (p->decay * p->decay));
	p->exp_3w5 = exp(3 * w[5]);
	p->easy_d = w[4] - p->exp_3w5 + 1;
	p->exp_w8 = exp(w[8]);
	p->floor_div = exp(w[17] * w[18]);
}

static double optim_clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* 1 when @x is inside [lo, hi] (clamp passes the gradient), else 0. */
static double optim_pass(double x, double lo, double hi)
{
	return x >= lo && x <= hi ? 1 : 0;
}

/*
 * Run one card's @n reviews.  For each review i >= 1, R is predicted
 * from the state after review i - 1; when @wt[i] > 0 the weighted BCE
 * is added to the result (and its gradient to @grad unless NULL); when
 * @pred is not NULL, pred[i] = R.
 */
static double optim_card(const struct optim_rt *p, const uint8_t *g,
			 const uint32_t *dt, const float *wt, size_t n,
			 double *grad, double *pred)
{
	const double *w = p->w;
	double s, d, ds[NW], dd[NW], dr[NW], loss = 0;
	size_t i;
	int k, g0;

	if (!n)
		return 0;
	g0 = g[0];
	s = optim_clampd(w[g0 - 1], OPTIM_S_MIN, OPTIM_S_MAX);
	d = w[4] - exp(w[5] * (g0 - 1)) + 1;
	if (grad) {
		double pd = optim_pass(d, 1, 10);

		memset(ds, 0, sizeof(ds));
		memset(dd, 0, sizeof(dd));
		ds[g0 - 1] = optim_pass(w[g0 - 1], OPTIM_S_MIN, OPTIM_S_MAX);
		dd[4] = pd;
		dd[5] = pd * -(g0 - 1) * exp(w[5] * (g0 - 1));
	}
	d = optim_clampd(d, 1, 10);
	for (i = 1; i < n; i++) {
		double t = dt[i], r = 1, ns, nss = 0, nsd = 0, nsr = 0;
		double dir[NW], nd, mean, dmul, sp, dp;
		int gi = g[i], have_dr = 0;

		if (t > 0) {
			double base = 1 + p->factor * t / s, lb = log(base);

			r = exp(p->decay * lb);
			if (grad) {
				double drds = r * p->decay / base *
					      (-p->factor * t / (s * s));

				for (k = 0; k < NW; k++)
					dr[k] = drds * ds[k];
				dr[20] -= r * (lb + p->decay / base * t / s *
					       p->dfactor);
				have_dr = 1;
			}
		}
		if (pred)
			pred[i] = r;
		if (wt && wt[i] > 0) {
			double y = gi > 1, rc = optim_clampd(r, 1e-7,
							     1 - 1e-7);

			loss -= (y > 0 ? log(rc) : log(1 - rc)) * wt[i];
			if (grad && have_dr && r > 1e-7 && r < 1 - 1e-7) {
				double gr = -wt[i] * (y / rc - (1 - y) /
						      (1 - rc));

				for (k = 0; k < NW; k++)
					grad[k] += gr * dr[k];
			}
		}
		if (i + 1 == n)
			break;
		if (grad)
			memset(dir, 0, sizeof(dir));
		if (t == 0) {
			double ls = log(s);
			double raw = exp(w[17] * (gi - 3 + w[18]) - w[19] * ls);
			int active = !(gi >= 2 && raw < 1);

			ns = s * (active ? raw : 1);
			if (grad) {
				nss = active ? raw - w[19] * raw : 1;
				if (active) {
					dir[17] = s * raw * (gi - 3 + w[18]);
					dir[18] = s * raw * w[17];
					dir[19] = s * raw * -ls;
				}
			}
		} else if (gi == 1) {
			double ld = log(d), ls1 = log(s + 1);
			double dpw = exp(-w[12] * ld), spw = exp(w[13] * ls1);
			double ex = exp((1 - r) * w[14]);
			double raw = w[11] * dpw * (spw - 1) * ex;
			double fl = s / p->floor_div;

			if (fl < raw) {
				ns = fl;
				if (grad) {
					nss = 1 / p->floor_div;
					dir[17] = -fl * w[18];
					dir[18] = -fl * w[17];
				}
			} else {
				ns = raw;
				if (grad) {
					nss = w[11] * dpw * w[13] * spw /
					      (s + 1) * ex;
					nsd = raw * -w[12] / d;
					nsr = raw * -w[14];
					dir[11] = dpw * (spw - 1) * ex;
					dir[12] = raw * -ld;
					dir[13] = w[11] * dpw * spw * ls1 * ex;
					dir[14] = raw * (1 - r);
				}
			}
		} else {
			double hp = gi == 2 ? w[15] : 1, eb = gi == 4 ?
							       w[16] : 1;
			double ls = log(s), cs = exp(-w[9] * ls);
			double ex = exp((1 - r) * w[10]), e = ex - 1;
			double b = 11 - d, inc = p->exp_w8 * b * cs * e * hp *
						 eb;

			ns = s * (1 + inc);
			if (grad) {
				double q = s * p->exp_w8 * cs * hp * eb;

				nss = 1 + inc - w[9] * inc;
				nsd = -q * e;
				nsr = q * b * -w[10] * ex;
				dir[8] = s * inc;
				dir[9] = s * inc * -ls;
				dir[10] = q * b * (1 - r) * ex;
				if (gi == 2)
					dir[15] = s * p->exp_w8 * b * cs * e *
						  eb;
				if (gi == 4)
					dir[16] = s * p->exp_w8 * b * cs * e *
						  hp;
			}
		}
		/* difficulty, from the old D */
		dmul = -w[6] * (gi - 3);
		nd = d + (10 - d) * dmul / 9;
		mean = w[7] * (p->easy_d - nd) + nd;
		if (grad) {
			double ndd = 1 - dmul / 9, ddir[NW];

			sp = optim_pass(ns, OPTIM_S_MIN, OPTIM_S_MAX);
			dp = optim_pass(mean, 1, 10);
			memset(ddir, 0, sizeof(ddir));
			ddir[4] = w[7];
			ddir[5] = w[7] * -3 * p->exp_3w5;
			ddir[6] = (1 - w[7]) * (10 - d) * -(gi - 3) / 9.0;
			ddir[7] = p->easy_d - nd;
			for (k = 0; k < NW; k++) {
				double a = nss * ds[k] + nsd * dd[k] + dir[k];

				if (nsr != 0)
					a += nsr * dr[k];
				ds[k] = sp * a;
				dd[k] = dp * ((1 - w[7]) * ndd * dd[k] +
					      ddir[k]);
			}
		}
		s = optim_clampd(ns, OPTIM_S_MIN, OPTIM_S_MAX);
		d = optim_clampd(mean, 1, 10);
	}
	return loss;
}

double optim_card_loss(const double *w, const uint8_t *rating,
		       const uint32_t *dt, const float *weight, size_t n,
		       double *grad)
{
	struct optim_rt p;

	optim_rt_init(&p, w);
	return optim_card(&p, rating, dt, weight, n, grad, NULL);
}

int optim_refit_due(long reviews, long fit_reviews)
{
	return fit_reviews > 0 ? reviews >= 2 * fit_reviews : reviews >= 400;
}

void optim_clamp(double *w, int relearn_steps)
{
	static const double lo[NW] = {
		OPTIM_S_MIN, OPTIM_S_MIN, OPTIM_S_MIN, OPTIM_S_MIN, 1,
		0.001, 0.001, 0.001, 0, 0, 0.001, 0.001, 0.001, 0.001, 0, 0,
		1, 0, 0, 0.01, 0.1,
	};
	static const double hi[NW] = {
		OPTIM_INIT_S_MAX, OPTIM_INIT_S_MAX, OPTIM_INIT_S_MAX,
		OPTIM_INIT_S_MAX, 10, 4, 4, 0.75, 4.5, 0.8, 3.5, 5, 0.25,
		0.9, 4, 1, 6, 2, 2, 0.8, 0.8,
	};
	double ceil = 2;
	int i;

	if (relearn_steps > 1) {
		double c = -(log(w[11]) + log(pow(2, w[13]) - 1) +
			     w[14] * 0.3) / relearn_steps;

		ceil = fmin(2, sqrt(fmax(0.01, c)));
	}
	for (i = 0; i < NW; i++) {
		double h = i == 17 || i == 18 ? ceil : hi[i];

		w[i] = optim_clampd(w[i], lo[i], h);
	}
}

/* ---- outlier filter and S0 pretraining -------------------------------- */

struct optim_group {
	uint32_t rating, dt;
	uint32_t count, pass;
	int removed;
};

static int optim_group_cmp(const void *a, const void *b)
{
	const struct optim_group *x = a, *y = b;

	if (x->rating != y->rating)
		return x->rating < y->rating ? -1 : 1;
	return x->dt < y->dt ? -1 : x->dt > y->dt;
}

/* fsrs-rs's removal order within a rating: count desc, then dt desc. */
static int optim_group_order(const void *a, const void *b)
{
	const struct optim_group *x = *(const struct optim_group *const *)a;
	const struct optim_group *y = *(const struct optim_group *const *)b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->dt > y->dt ? -1 : x->dt < y->dt;
}

static struct optim_group *optim_group_find(struct optim_group *g, size_t n,
					    uint32_t rating, uint32_t dt)
{
	struct optim_group key = { .rating = rating, .dt = dt };

	return n ? bsearch(&key, g, n, sizeof(*g), optim_group_cmp) : NULL;
}

/* The default decay's forgetting curve (pretraining uses it). */
static double optim_pre_curve(double t, double s)
{
	double decay = -sched_default_w[20];
	double factor = pow(0.9, 1 / decay) - 1;

	return pow(t / s * factor + 1, decay);
}

static double optim_pre_loss(const struct optim_group *const *g, size_t n,
			     double avg, double s, double s_default)
{
	double loss = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		double c = g[i]->count, y = optim_pre_curve(g[i]->dt, s);
		double rec = (g[i]->pass + avg) / (c + 1);

		loss += -(rec * log(y) + (1 - rec) * log(1 - y)) * c;
	}
	return loss + fabs(s - s_default) / 16;
}

/*
 * fsrs-rs's smooth_and_fill: @s[r] for the ratings with @count[r] > 0
 * made monotone and the others inferred; clamped to [0.001, 100].
 * Returns -1 when no rating has data.
 */
static int optim_smooth_fill(double s[4], const unsigned long count[4])
{
	static const int pairs[6][2] = {
		{ 0, 1 }, { 1, 2 }, { 2, 3 }, { 0, 2 }, { 1, 3 }, { 0, 3 },
	};
	const double w1 = 0.41, w2 = 0.54;
	int have[4], n = 0, i;
	double r1, r2, r3, r4;

	for (i = 0; i < 4; i++) {
		have[i] = count[i] > 0;
		n += have[i];
	}
	for (i = 0; i < 6; i++) {
		int a = pairs[i][0], b = pairs[i][1];

		if (have[a] && have[b] && s[a] > s[b]) {
			if (count[a] > count[b])
				s[b] = s[a];
			else
				s[a] = s[b];
		}
	}
	r1 = s[0];
	r2 = s[1];
	r3 = s[2];
	r4 = s[3];
	if (n == 0)
		return -1;
	if (n == 1) {
		double f = 1;

		for (i = 0; i < 4; i++)
			if (have[i])
				f = s[i] / sched_default_w[i];
		for (i = 0; i < 4; i++)
			s[i] = sched_default_w[i] * f;
	} else if (n == 2) {
		double den = w1 * -w2 + (w1 + w2);

		if (have[2] && have[3]) {
			r2 = pow(r3, 1 / (1 - w2)) * pow(r4, 1 - 1 / (1 - w2));
			s[1] = r2;
			s[0] = pow(r2, 1 / w1) * pow(r3, 1 - 1 / w1);
		} else if (have[1] && have[3]) {
			r3 = pow(r2, 1 - w2) * pow(r4, w2);
			s[2] = r3;
			s[0] = pow(r2, 1 / w1) * pow(r3, 1 - 1 / w1);
		} else if (have[1] && have[2]) {
			s[3] = pow(r2, 1 - 1 / w2) * pow(r3, 1 / w2);
			s[0] = pow(r2, 1 / w1) * pow(r3, 1 - 1 / w1);
		} else if (have[0] && have[3]) {
			s[1] = pow(r1, w1 / den) * pow(r4, 1 - w1 / den);
			s[2] = pow(r1, 1 - w2 / den) * pow(r4, w2 / den);
		} else if (have[0] && have[2]) {
			r2 = pow(r1, w1) * pow(r3, 1 - w1);
			s[1] = r2;
			s[3] = pow(r2, 1 - 1 / w2) * pow(r3, 1 / w2);
		} else if (have[0] && have[1]) {
			r3 = pow(r1, 1 - 1 / (1 - w1)) * pow(r2, 1 / (1 - w1));
			s[2] = r3;
			s[3] = pow(r2, 1 - 1 / w2) * pow(r3, 1 / w2);
		}
	} else if (n == 3) {
		if (!have[0])
			s[0] = pow(r2, 1 / w1) * pow(r3, 1 - 1 / w1);
		else if (!have[1])
			s[1] = pow(r1, w1) * pow(r3, 1 - w1);
		else if (!have[2])
			s[2] = pow(r2, 1 - w2) * pow(r4, w2);
		else
			s[3] = pow(r2, 1 - 1 / w2) * pow(r3, 1 / w2);
	}
	for (i = 0; i < 4; i++)
		s[i] = optim_clampd(s[i], OPTIM_S_MIN, OPTIM_INIT_S_MAX);
	return 0;
}

/*
 * Ternary search of S0 for each first rating over the kept groups @g
 * (@n, sorted by rating then dt).  Returns -1 when there are none.
 */
static int optim_pretrain(const struct optim_group *g, size_t n, double avg,
			  double s0[4], unsigned long count[4])
{
	const struct optim_group **sel = xcalloc(n ? n : 1, sizeof(*sel));
	int r, rc;

	for (r = 0; r < 4; r++) {
		double lo = OPTIM_S_MIN, hi = OPTIM_INIT_S_MAX;
		double best = sched_default_w[r];
		size_t m = 0, i;
		int iter = 0;

		count[r] = 0;
		for (i = 0; i < n; i++)
			if (!g[i].removed && g[i].rating == (uint32_t)r + 1) {
				sel[m++] = &g[i];
				count[r] += g[i].count;
			}
		s0[r] = sched_default_w[r];
		if (!m)
			continue;
		while (hi - lo > DBL_EPSILON && iter < 1000) {
			double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;

			iter++;
			if (optim_pre_loss(sel, m, avg, m1,
					   sched_default_w[r]) <
			    optim_pre_loss(sel, m, avg, m2,
					   sched_default_w[r]))
				hi = m2;
			else
				lo = m1;
			best = (hi + lo) / 2;
		}
		s0[r] = best;
	}
	free(sel);
	rc = optim_smooth_fill(s0, count);
	if (rc < 0)
		memcpy(s0, sched_default_w, 4 * sizeof(*s0));
	return rc;
}

/* ---- training ---------------------------------------------------------- */

struct optim_lr {
	double t_max, init, step, lr;
};

static double optim_lr_step(struct optim_lr *c)
{
	c->step += 1;
	if (c->step == 0)
		c->lr = c->init;
	else if (fmod(c->step - 1 - c->t_max, 2 * c->t_max) == 0)
		c->lr = c->init * (1 - cos(M_PI / c->t_max)) / 2;
	else
		c->lr = (1 + cos(M_PI * c->step / c->t_max)) /
			(1 + cos(M_PI * (c->step - 1) / c->t_max)) * c->lr;
	return c->lr;
}

/* splitmix64: the batch shuffle's generator. */
static uint64_t optim_rand(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

struct optim_tcard {
	uint32_t card, last;	/* last item position */
	uint32_t nitems;
};

static int optim_tcard_cmp(const void *a, const void *b)
{
	const struct optim_tcard *x = a, *y = b;

	if (x->last != y->last)
		return x->last < y->last ? -1 : 1;
	return x->card < y->card ? -1 : x->card > y->card;
}

struct optim_train {
	const struct optim_set *set;
	float *wt;			/* per review; items > 0 */
	struct optim_tcard *cards;
	size_t ncards;
	size_t *batch;			/* the card each batch starts at */
	size_t *bitems;			/* items per batch */
	size_t nbatches;
	size_t total;			/* items */
	size_t batch_size;
};

/*
 * Deal the cards, shuffled, into batches of at most OPTIM_BATCH items (a
 * card with more is a batch of its own); done anew each epoch.  fsrs-rs
 * orders cards by length for its padded tensors and shuffles the batch
 * order; batches of random cards give unbiased gradient samples and fit
 * as well or better in the same 5 epochs (tests/cli/t-sched-optimize.sh).
 */
static void optim_batches(struct optim_train *tr, uint64_t *rng)
{
	size_t i, bs = tr->batch_size;

	for (i = tr->ncards; i > 1; i--) {
		size_t j = optim_rand(rng) % i;
		struct optim_tcard x = tr->cards[i - 1];

		tr->cards[i - 1] = tr->cards[j];
		tr->cards[j] = x;
	}
	tr->nbatches = 0;
	for (i = 0; i < tr->ncards; i++) {
		if (tr->nbatches && tr->bitems[tr->nbatches - 1] +
		    tr->cards[i].nitems <= bs) {
			tr->bitems[tr->nbatches - 1] += tr->cards[i].nitems;
			continue;
		}
		tr->batch[tr->nbatches] = i;
		tr->bitems[tr->nbatches++] = tr->cards[i].nitems;
	}
	tr->batch[tr->nbatches] = tr->ncards;
}

/* The training loss of @w: weighted BCE plus the L2 pull to @init. */
static double optim_train_loss(const struct optim_train *tr, const double *w,
			       const double *init)
{
	double loss = 0, l2 = 0;
	struct optim_rt p;
	size_t c;
	int k;

	optim_rt_init(&p, w);
	for (c = 0; c < tr->ncards; c++) {
		const struct optim_tcard *tc = &tr->cards[c];
		size_t off = tr->set->off[tc->card];

		loss += optim_card(&p, tr->set->rating + off,
				   tr->set->dt + off, tr->wt + off,
				   (size_t)tc->last + 1, NULL, NULL);
	}
	for (k = 0; k < NW; k++)
		l2 += (w[k] - init[k]) * (w[k] - init[k]) /
		      (optim_stddev[k] * optim_stddev[k]);
	return loss + l2;
}

/*
 * Adam on the batches; @w in: initial, out: fitted (the epoch's with the
 * least training loss, as fsrs-rs 6.5 keeps).
 */
static int optim_adam(struct optim_train *tr, double *w,
		      const struct optim_opts *o, int epochs, size_t done0,
		      size_t total_all)
{
	double init[NW], m[NW] = { 0 }, v[NW] = { 0 }, best[NW], loss;
	double best_loss = HUGE_VAL;
	struct optim_lr lr;
	uint64_t rng = o->seed ? o->seed : 2023;
	int epoch, step = 0, rc = 0;
	size_t b, done = done0;

	memcpy(init, w, sizeof(init));
	memcpy(best, w, sizeof(best));
	lr.t_max = (double)((tr->total / tr->batch_size + 1) *
			    (size_t)epochs);
	lr.init = 4e-2;
	lr.step = -1;
	lr.lr = lr.init;
	for (epoch = 0; epoch < epochs && !rc; epoch++) {
		optim_batches(tr, &rng);
		for (b = 0; b < tr->nbatches; b++) {
			size_t bi = b, c;
			double grad[NW] = { 0 }, rate = optim_lr_step(&lr);
			double scale = (double)tr->bitems[bi] / tr->total;
			double b1, b2;
			struct optim_rt p;
			int k;

			optim_rt_init(&p, w);
			for (c = tr->batch[bi]; c < tr->batch[bi + 1]; c++) {
				const struct optim_tcard *tc = &tr->cards[c];
				size_t off = tr->set->off[tc->card];

				optim_card(&p, tr->set->rating + off,
					   tr->set->dt + off, tr->wt + off,
					   (size_t)tc->last + 1, grad, NULL);
			}
			step++;
			b1 = 1 - pow(0.9, step);
			b2 = 1 - pow(0.999, step);
			for (k = 0; k < NW; k++) {
				double sd = optim_stddev[k];
			double gk = grad[k] + 2 * (w[k] - init[k]) /
				    (sd * sd) * scale;

				m[k] = 0.9 * m[k] + 0.1 * gk;
				v[k] = 0.999 * v[k] + 0.001 * gk * gk;
				w[k] -= rate * (m[k] / b1) /
					(sqrt(v[k] / b2) + 1e-8);
			}
			optim_clamp(w, o->relearn_steps);
			done += tr->bitems[bi];
			if (o->progress && o->progress(o->arg, done,
						       total_all)) {
				rc = -1;
				break;
			}
		}
		/* keep the epoch's parameters with the least training loss */
		loss = optim_train_loss(tr, w, init);
		if (loss < best_loss) {
			best_loss = loss;
			memcpy(best, w, sizeof(best));
		}
	}
	memcpy(w, best, sizeof(best));
	return rc;
}

/*
 * Everything of optim_fit; progress counts from @done0 of @total_all
 * (0: this fit's own total).
 */
static int optim_fit_at(const struct optim_set *set, size_t n,
			const struct optim_opts *o, struct optim_result *res,
			size_t done0, size_t total_all)
{
	struct optim_group *g = NULL;
	size_t ng = 0, galloc = 0, i, j, ntrain = 0, kept_init = 0;
	uint32_t *first_lt = xcalloc(set->ncards + 1, sizeof(*first_lt));
	unsigned char *drop = xcalloc(set->ncards + 1, 1);
	unsigned long count[4];
	double s0[4], passed = 0, avg;
	struct optim_train tr = { .set = set, .batch_size = o->batch_size > 0 ?
				  (size_t)o->batch_size : OPTIM_BATCH };
	int epochs = o->epochs > 0 ? o->epochs : 5, rc = 0, have_init;

	memset(res, 0, sizeof(*res));
	memcpy(res->w, sched_default_w, sizeof(res->w));
	if (n > set->nitems)
		n = set->nitems;

	/* first long-term items, grouped by (first rating, delta_t) */
	for (i = 0; i < set->ncards; i++) {
		size_t k;

		for (k = set->off[i] + 1; k < set->off[i + 1]; k++)
			if (set->dt[k] > 0) {
				first_lt[i] = (uint32_t)(k - set->off[i]);
				break;
			}
	}
	for (i = 0; i < n; i++) {
		const struct optim_item *it = &set->items[i];

		if (it->pos != first_lt[it->card])
			continue;
		g = xgrow(g, &galloc, ng + 1, sizeof(*g));
		g[ng].rating = set->rating[set->off[it->card]];
		g[ng].dt = set->dt[set->off[it->card] + it->pos];
		g[ng].count = 1;
		g[ng].pass = set->rating[set->off[it->card] + it->pos] > 1;
		g[ng].removed = 0;
		ng++;
	}
	if (ng)
		qsort(g, ng, sizeof(*g), optim_group_cmp);
	for (i = 0, j = 0; i < ng; i++) {
		if (j && g[j - 1].rating == g[i].rating &&
		    g[j - 1].dt == g[i].dt) {
			g[j - 1].count++;
			g[j - 1].pass += g[i].pass;
		} else {
			g[j++] = g[i];
		}
	}
	ng = j;
	/* the outlier filter, per first rating */
	for (i = 0; i < ng;) {
		size_t e = i, total = 0, removed = 0, k, lim;
		struct optim_group **ord;

		while (e < ng && g[e].rating == g[i].rating)
			total += g[e++].count;
		ord = xcalloc(e - i, sizeof(*ord));
		for (k = i; k < e; k++)
			ord[k - i] = &g[k];
		qsort(ord, e - i, sizeof(*ord), optim_group_order);
		lim = total / 20 > 20 ? total / 20 : 20;
		for (k = e - i; k-- > 0;) {
			struct optim_group *x = ord[k];

			if (removed + x->count >= lim) {
				if (x->count >= 6 &&
				    x->dt <= (x->rating != 4 ? 100u : 365u))
					kept_init += x->count;
				else
					x->removed = 1;
			} else {
				removed += x->count;
				x->removed = 1;
			}
		}
		free(ord);
		i = e;
	}
	for (i = 0; i < set->ncards; i++) {
		struct optim_group *x;

		if (!first_lt[i])
			continue;
		x = optim_group_find(g, ng, set->rating[set->off[i]],
				     set->dt[set->off[i] + first_lt[i]]);
		drop[i] = x && x->removed;
	}
	for (i = 0; i < n; i++) {
		const struct optim_item *it = &set->items[i];

		if (drop[it->card])
			continue;
		ntrain++;
		passed += set->rating[set->off[it->card] + it->pos] > 1;
	}
	res->ntrain = ntrain;
	res->ninit = kept_init;
	if (ntrain < 8)
		goto out;
	avg = passed / ntrain;
	have_init = optim_pretrain(g, ng, avg, s0, count) == 0;
	memcpy(res->w, s0, sizeof(s0));
	res->status = OPTIM_PRETRAINED;
	if (ntrain == kept_init || ntrain < 64)
		goto out;

	/* recency weights in time order; items of > 256 reviews left out */
	tr.wt = xcalloc(set->nreviews + 1, sizeof(*tr.wt));
	{
		struct optim_tcard *tc = NULL;
		size_t talloc = 0, idx = 0, len = ntrain > 1 ? ntrain - 1 : 1;
		uint32_t *slot = xcalloc(set->ncards + 1, sizeof(*slot));

		for (i = 0; i < n; i++) {
			const struct optim_item *it = &set->items[i];
			double x;

			if (drop[it->card])
				continue;
			x = (double)idx++ / len;
			if (it->pos + 1 > OPTIM_MAX_SEQ)
				continue;
			tr.wt[set->off[it->card] + it->pos] =
				(float)(0.25 + 0.75 * x * x * x);
			tr.total++;
			if (!slot[it->card]) {
				tc = xgrow(tc, &talloc, tr.ncards + 1,
					   sizeof(*tc));
				tc[tr.ncards].card = it->card;
				tc[tr.ncards].last = 0;
				tc[tr.ncards].nitems = 0;
				slot[it->card] = (uint32_t)++tr.ncards;
			}
			j = slot[it->card] - 1;
			tc[j].nitems++;
			if (it->pos > tc[j].last)
				tc[j].last = it->pos;
		}
		free(slot);
		tr.cards = tc;
	}
	if (!tr.total)
		goto out;
	qsort(tr.cards, tr.ncards, sizeof(*tr.cards), optim_tcard_cmp);
	tr.batch = xcalloc(tr.ncards + 2, sizeof(*tr.batch));
	tr.bitems = xcalloc(tr.ncards + 1, sizeof(*tr.bitems));
	memcpy(res->w + 4, sched_default_w + 4, (NW - 4) * sizeof(double));
	if (optim_adam(&tr, res->w, o, epochs, done0,
		       total_all ? total_all : tr.total * (size_t)epochs)) {
		rc = -1;
		goto out;
	}
	res->status = OPTIM_TRAINED;
	if (have_init) {
		double s[4];

		memcpy(s, res->w, sizeof(s));
		if (optim_smooth_fill(s, count) == 0)
			memcpy(res->w, s, sizeof(s));
	}
out:
	free(tr.wt);
	free(tr.cards);
	free(tr.batch);
	free(tr.bitems);
	free(g);
	free(first_lt);
	free(drop);
	return rc;
}

int optim_fit(const struct optim_set *set, size_t n,
	      const struct optim_opts *o, struct optim_result *res)
{
	return optim_fit_at(set, n, o, res, 0, 0);
}

/* ---- evaluation ---------------------------------------------------------- */

struct optim_bin {
	uint64_t key;		/* 0: empty slot */
	double pred, actual, count, weight;
};

struct optim_acc {
	double loss, wsum;
	size_t n;
	struct optim_bin *bins;
	size_t size, used;	/* size: a power of two */
};

static void optim_acc_bin(struct optim_acc *a, uint64_t key, double pred,
			  double y, double wt)
{
	size_t h;

	if ((a->used + 1) * 2 > a->size) {
		struct optim_bin *old = a->bins;
		size_t osize = a->size, i;

		a->size = osize ? osize * 2 : 256;
		a->bins = xcalloc(a->size, sizeof(*a->bins));
		a->used = 0;
		for (i = 0; i < osize; i++) {
			struct optim_bin *b = &old[i];

			if (!b->key)
				continue;
			h = (size_t)(b->key * 0x9E3779B97F4A7C15ull >> 20) &
			    (a->size - 1);
			while (a->bins[h].key)
				h = (h + 1) & (a->size - 1);
			a->bins[h] = *b;
			a->used++;
		}
		free(old);
	}
	h = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) & (a->size - 1);
	while (a->bins[h].key && a->bins[h].key != key)
		h = (h + 1) & (a->size - 1);
	if (!a->bins[h].key) {
		a->bins[h].key = key;
		a->used++;
	}
	a->bins[h].pred += pred;
	a->bins[h].actual += y;
	a->bins[h].count += 1;
	a->bins[h].weight += wt;
}

static void optim_acc_result(const struct optim_acc *a,
			     struct optim_metrics *m)
{
	double num = 0, den = 0;
	size_t i;

	for (i = 0; i < a->size; i++) {
		const struct optim_bin *b = &a->bins[i];
		double d;

		if (!b->key)
			continue;
		d = b->pred / b->count - b->actual / b->count;
		num += d * d * b->weight;
		den += b->weight;
	}
	m->log_loss = a->wsum > 0 ? a->loss / a->wsum : 0;
	m->rmse_bins = den > 0 ? sqrt(num / den) : 0;
	m->n = a->n;
}

/* fsrs-rs's r_matrix bin of an item; never 0 (the empty key). */
static uint64_t optim_bin_key(uint32_t dt, unsigned lt, unsigned lapses)
{
	double t = dt, len = lt + 1.0;
	uint64_t tb = (uint64_t)llround(2.48 * pow(3.62, floor(log(t) /
							      log(3.62))) *
					100);
	uint64_t lb = (uint64_t)llround(1.99 * pow(1.89, floor(log(len) /
							       log(1.89))));
	uint64_t pb = lapses ? (uint64_t)llround(1.65 * pow(1.73,
				floor(log((double)lapses) / log(1.73)))) : 0;

	return (tb << 32 | (lb & 0xffff) << 16 | (pb & 0xffff)) + 1;
}

/*
 * Add the items [@a, @b) of @set predicted by @w to @acc, weighted by
 * recency over that range when @recency, else 1.
 */
static void optim_eval_range(const struct optim_set *set, const double *w,
			     size_t a, size_t b, int recency,
			     struct optim_acc *acc)
{
	float *wt = xcalloc(set->nreviews + 1, sizeof(*wt));
	uint32_t *last = xcalloc(set->ncards + 1, sizeof(*last));
	double *pred = NULL;
	size_t palloc = 0, i, len = b - a > 1 ? b - a - 1 : 1;
	struct optim_rt p;

	optim_rt_init(&p, w);
	for (i = a; i < b; i++) {
		const struct optim_item *it = &set->items[i];
		double x = (double)(i - a) / len;

		wt[set->off[it->card] + it->pos] = recency ?
			(float)(0.25 + 0.75 * x * x * x) : 1;
		if (it->pos > last[it->card])
			last[it->card] = it->pos;
	}
	for (i = 0; i < set->ncards; i++) {
		size_t off = set->off[i], n = (size_t)last[i] + 1, k;
		unsigned lt = 0, lapses = 0;

		if (!last[i])
			continue;
		pred = xgrow(pred, &palloc, n, sizeof(*pred));
		optim_card(&p, set->rating + off, set->dt + off, NULL, n,
			   NULL, pred);
		for (k = 1; k < n; k++) {
			uint32_t t = set->dt[off + k];
			double y = set->rating[off + k] > 1, r = pred[k];
			float q = wt[off + k];

			if (t > 0)
				lt++;
			if (q > 0) {
				acc->loss -= (y > 0 ? log(r) : log(1 - r)) * q;
				acc->wsum += q;
				acc->n++;
				optim_acc_bin(acc, optim_bin_key(t, lt, lapses),
					      r, y, q);
			}
			if (t > 0 && set->rating[off + k] == 1)
				lapses++;
		}
	}
	free(pred);
	free(wt);
	free(last);
}

void optim_evaluate(const struct optim_set *set, const double *w,
		    struct optim_metrics *m)
{
	struct optim_acc acc = { 0 };

	optim_eval_range(set, w, 0, set->nitems, 1, &acc);
	optim_acc_result(&acc, m);
	free(acc.bins);
}

int optim_evaluate_split(const struct optim_set *set, const double *w,
			 const struct optim_opts *o,
			 struct optim_metrics *fitted,
			 struct optim_metrics *current)
{
	struct optim_acc fa = { 0 }, ca = { 0 };
	size_t seg = set->nitems / 6, total = 0, done = 0;
	int i, rc = 0, epochs = o->epochs > 0 ? o->epochs : 5;

	memset(fitted, 0, sizeof(*fitted));
	memset(current, 0, sizeof(*current));
	if (!seg)
		return 1;
	for (i = 0; i < 5; i++)
		total += (size_t)(i + 1) * seg * (size_t)epochs;
	for (i = 0; i < 5 && !rc; i++) {
		size_t start = (size_t)(i + 1) * seg;
		size_t end = i == 4 ? set->nitems : start + seg;
		struct optim_result res;

		if (optim_fit_at(set, start, o, &res, done, total) < 0) {
			rc = -1;
			break;
		}
		done += start * (size_t)epochs;
		optim_eval_range(set, res.w, start, end, 0, &fa);
		optim_eval_range(set, w, start, end, 0, &ca);
	}
	optim_acc_result(&fa, fitted);
	optim_acc_result(&ca, current);
	free(fa.bins);
	free(ca.bins);
	return rc;
}
