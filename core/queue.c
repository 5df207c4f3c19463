// SPDX-License-Identifier: GPL-2.0
/* queue.c - today's queue from the collection (see queue.h). */
#include <stdlib.h>
#include <string.h>

#include "core/queue.h"
#include "core/sched.h"
#include "core/store.h"
#include "util/xalloc.h"

struct queue_r {
	int64_t id;
	double r;
};

static int queue_r_cmp(const void *a, const void *b)
{
	const struct queue_r *x = a, *y = b;

	if (x->r != y->r)
		return x->r < y->r ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Reorder the review ids [from, q->n) by retrievability at @now. */
static int queue_by_retrievability(struct store *s, const struct config *cfg,
				   struct queue_today *q, size_t from,
				   int64_t now, char *err, size_t errsz)
{
	size_t n = q->n - from, i;
	struct queue_r *rs = xcalloc(n, sizeof(*rs));

	for (i = 0; i < n; i++) {
		struct store_sched st;
		double t;

		if (store_sched_get(s, q->ids[from + i], &st, err,
				    errsz) < 0) {
			free(rs);
			return -1;
		}
		t = (double)(now - st.last_review) / 86400.0;
		rs[i].id = q->ids[from + i];
		rs[i].r = st.stability > 0 ?
			sched_retrievability(cfg->w, t > 0 ? t : 0,
					     st.stability) : 0;
	}
	qsort(rs, n, sizeof(*rs), queue_r_cmp);
	for (i = 0; i < n; i++)
		q->ids[from + i] = rs[i].id;
	free(rs);
	return 0;
}

int queue_today_load(struct store *s, const struct config *cfg,
		     const char *deck, int64_t now, struct queue_today *q,
		     char *err, size_t errsz)
{
	int64_t day = sched_day(now, cfg->rollover_hour);
	int done, new_done, rev_left, new_left;
	size_t mark;

	memset(q, 0, sizeof(*q));
	q->day_start = sched_day_start(day, cfg->rollover_hour);
	q->day_end = sched_day_start(day + 1, cfg->rollover_hour);
	/* the daily limits are for the whole collection, not per deck */
	if (store_reviews_since(s, NULL, q->day_start * 1000, -1, &done, err,
				errsz) < 0 ||
	    store_reviews_since(s, NULL, q->day_start * 1000, STORE_NEW,
				&new_done, err, errsz) < 0)
		return -1;
	if (store_pick(s, STORE_PICK_LEARNING, deck, now,
		       now + cfg->learn_ahead, -1, &q->ids, &q->n, err,
		       errsz) < 0)
		goto fail;
	q->nlearn = q->n;
	rev_left = cfg->reviews_per_day - done;
	if (rev_left < 0)
		rev_left = 0;
	mark = q->n;
	if (store_pick(s, STORE_PICK_REVIEW, deck, now, q->day_end,
		       cfg->order_retrievability ? -1 : rev_left, &q->ids,
		       &q->n, err, errsz) < 0)
		goto fail;
	if (cfg->order_retrievability) {
		if (queue_by_retrievability(s, cfg, q, mark, now, err,
					    errsz) < 0)
			goto fail;
		if (q->n - mark > (size_t)rev_left)
			q->n = mark + (size_t)rev_left;
	}
	q->nreview = q->n - mark;
	new_left = cfg->new_per_day - new_done;
	if (new_left > rev_left - (int)q->nreview)
		new_left = rev_left - (int)q->nreview;
	if (new_left > 0 && store_pick(s, STORE_PICK_NEW, deck, now, 0,
				       new_left, &q->ids, &q->n, err,
				       errsz) < 0)
		goto fail;
	q->nnew = q->n - q->nlearn - q->nreview;
	return 0;
fail:
	queue_today_release(q);
	return -1;
}

void queue_today_release(struct queue_today *q)
{
	free(q->ids);
	memset(q, 0, sizeof(*q));
}
