/* SPDX-License-Identifier: GPL-2.0 */
/*
 * queue.h - today's queue: which cards a drill shows, in which order.
 *
 * A day starts at the rollover hour (local time).  Order: learning and
 * relearning cards due within the learn-ahead window, then reviews due
 * today (oldest due first, or lowest retrievability first), then new
 * cards in the order they were added (deck order for an import).  Reviews are capped by reviews_per_day less the
 * reviews done today; new cards by new_per_day less the new cards seen
 * today, and by what the review cap leaves.  Buried cards come back the
 * next day; suspended and retired cards never appear.
 */
#ifndef MEMDRILL_QUEUE_H
#define MEMDRILL_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"

struct store;

struct queue_today {
	int64_t *ids;		/* in the order to show them */
	size_t n;
	size_t nlearn, nreview, nnew;
	int64_t day_start, day_end;	/* unix seconds */
};

#define QUEUE_TODAY_INIT { 0 }

/*
 * Build today's queue at @now for deck @deck (NULL: all).  Returns 0, or
 * -1 with a message in @err.
 */
int queue_today_load(struct store *s, const struct config *cfg,
		     const char *deck, int64_t now, struct queue_today *q,
		     char *err, size_t errsz);

void queue_today_release(struct queue_today *q);

#endif
