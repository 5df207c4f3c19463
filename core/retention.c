// SPDX-License-Identifier: GPL-2.0
/* retention.c - the workload of a desired retention (see retention.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/optimize.h"
#include "core/retention.h"
#include "core/sched.h"
#include "util/xalloc.h"

/* fsrs-rs's SimulatorConfig defaults. */
static const double retention_def_cost[4][4] = {
	{ 19.58, 18.79, 13.78, 10.71 },	/* new: learning costs */
	{ 19.58, 18.79, 13.78, 10.71 },	/* learning */
	{ 19.38, 17.59, 12.38, 8.94 },	/* review */
	{ 16.44, 15.25, 12.32, 8.03 },	/* relearning */
};
static const double retention_def_first[4] = { 0.24, 0.094, 0.495, 0.171 };
static const double retention_def_review[3] = { 0.224, 0.631, 0.145 };

void retention_from_log(const struct optim_log *log,
			struct retention_opts *o)
{
	long first[4] = { 0 }, review[3] = { 0 }, nf = 0, nr = 0;
	size_t i;
	int s, g;

	for (s = 0; s < 4; s++)
		for (g = 0; g < 4; g++)
			o->cost[s][g] = log && log->dur_n[s][g] >= 5 ?
				log->dur_sum[s][g] / log->dur_n[s][g] :
				retention_def_cost[s][g];
	for (i = 0; log && i < log->n; i++) {
		const struct optim_review *r = &log->rev[i];

		if (r->state == 0) {
			first[r->rating - 1]++;
			nf++;
		} else if (r->state == 2 && r->rating > 1) {
			review[r->rating - 2]++;
			nr++;
		}
	}
	for (g = 0; g < 4; g++)
		o->first_prob[g] = nf >= 20 ? (double)first[g] / nf :
				   retention_def_first[g];
	for (g = 0; g < 3; g++)
		o->review_prob[g] = nr >= 20 ? (double)review[g] / nr :
				    retention_def_review[g];
}

struct retention_sim {
	double s, d;
	int last, due;		/* days */
	int live;
};

static double retention_rand(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

/* Due cards (indexes into @arg's cards) by due day, then index. */
static int retention_due_cmp(const void *a, const void *b, void *arg)
{
	const struct retention_sim *c = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (c[x].due != c[y].due)
		return c[x].due < c[y].due ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Same-day steps rated Good: memory and time. */
static double retention_steps(const struct retention_opts *o,
			      struct sched_memory *m, int n, int state)
{
	double cost = 0;
	int i;

	for (i = 0; i < n; i++) {
		sched_memory_next(o->w, m, 0, SCHED_GOOD, m);
		cost += o->cost[state][SCHED_GOOD - 1];
	}
	return cost;
}

void retention_simulate(const struct retention_opts *o, double r,
			struct retention_result *res)
{
	size_t n = o->ncards + (size_t)(o->new_cards > 0 ? o->new_cards : 0);
	struct retention_sim *c = xcalloc(n + 1, sizeof(*c));
	uint32_t *due = xcalloc(n + 1, sizeof(*due));
	uint64_t rng = o->seed ? o->seed : 1;
	double cost = 0, remembered = 0;
	long reviews = 0;
	size_t i, next_new = 0;
	int day;

	for (i = 0; i < o->ncards; i++) {
		c[i].s = o->cards[i].s;
		c[i].d = o->cards[i].d;
		c[i].last = o->cards[i].last_day;
		c[i].due = o->cards[i].due_day;
		c[i].live = c[i].s > 0;
	}
	for (day = 0; day < o->days; day++) {
		int done = 0, learned = 0;
		size_t ndue = 0, q;

		/* today's due cards; the most overdue first when the limit
		 * cuts */
		for (i = 0; i < n; i++)
			if (c[i].live && c[i].due <= day)
				due[ndue++] = (uint32_t)i;
		if (o->reviews_per_day >= 0 &&
		    ndue > (size_t)o->reviews_per_day)
			qsort_r(due, ndue, sizeof(*due), retention_due_cmp, c);
		for (q = 0; q < ndue; q++) {
			struct sched_memory m;
			double u, rr;
			int g, t;

			i = due[q];
			if (o->reviews_per_day >= 0 &&
			    done >= o->reviews_per_day)
				break;
			t = day - c[i].last;
			m.s = c[i].s;
			m.d = c[i].d;
			rr = sched_retrievability(o->w, t, m.s);
			u = retention_rand(&rng);
			if (retention_rand(&rng) < rr)
				g = u < o->review_prob[0] ? SCHED_HARD :
				    u < o->review_prob[0] + o->review_prob[1] ?
				    SCHED_GOOD : SCHED_EASY;
			else
				g = SCHED_AGAIN;
			cost += o->cost[2][g - 1];
			sched_memory_next(o->w, &m, t, g, &m);
			if (g == SCHED_AGAIN)
				cost += retention_steps(o, &m, o->nrelearn, 3);
			c[i].s = m.s;
			c[i].d = m.d;
			c[i].last = day;
			c[i].due = day + sched_interval(o->w, m.s, r,
							o->max_ivl);
			done++;
			reviews++;
		}
		while (next_new < n && learned < o->new_per_day &&
		       (o->reviews_per_day < 0 ||
			done < o->reviews_per_day)) {
			struct sched_memory m = { 0, 0 };
			double u = retention_rand(&rng), acc = 0;
			int g = SCHED_EASY, k, steps;

			while (next_new < n && c[next_new].live)
				next_new++;
			if (next_new >= n)
				break;
			for (k = 0; k < 4; k++) {
				acc += o->first_prob[k];
				if (u < acc) {
					g = k + 1;
					break;
				}
			}
			cost += o->cost[0][g - 1];
			sched_memory_next(o->w, &m, 0, g, &m);
			steps = g == SCHED_EASY ? 0 : g == SCHED_GOOD ?
				(o->nlearn > 0 ? o->nlearn - 1 : 0) :
				o->nlearn;
			cost += retention_steps(o, &m, steps, 1);
			i = next_new++;
			c[i].s = m.s;
			c[i].d = m.d;
			c[i].last = day;
			c[i].due = day + sched_interval(o->w, m.s, r,
							o->max_ivl);
			c[i].live = 1;
			learned++;
			done++;
			reviews++;
		}
	}
	for (i = 0; i < n; i++)
		if (c[i].live)
			remembered += sched_retrievability(o->w,
							   o->days - c[i].last,
							   c[i].s);
	res->retention = r;
	res->minutes_per_day = o->days > 0 ? cost / 60 / o->days : 0;
	res->reviews_per_day = o->days > 0 ? (double)reviews / o->days : 0;
	res->remembered = remembered;
	res->seconds_per_remembered = remembered > 0 ? cost / remembered : 0;
	free(due);
	free(c);
}
