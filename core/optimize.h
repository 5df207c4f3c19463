/* SPDX-License-Identifier: GPL-2.0 */
/*
 * optimize.h - fit the 21 FSRS-6 parameters to a review log, and measure
 * how well parameters predict it; pure (never prints, exits or reads
 * files; progress goes through a callback).
 *
 * The method is fsrs-rs's (compute_parameters, 6.5), in double precision:
 *  1. Items (optim_items): per card, reviews ordered by time, kept from
 *     the first review of the last run of new/learning reviews (the last
 *     reset; a card with no such review is dropped when states are known);
 *     delta_t is whole days between day numbers (a day starts at the
 *     rollover hour in the local time zone, TZ), 0 for the first; one item
 *     per review after the first with delta_t > 0, its label rating > 1.
 *     Items are ordered by the time of their review.
 *  2. Outlier filter: items whose card has exactly one long-term review
 *     are grouped by (first rating, delta_t); per rating the smallest
 *     groups go until max(20, 5%) of them are gone, and so do groups of
 *     fewer than 6 or delta_t over 100 days (365 for Easy).  Items of a
 *     card whose first long-term review fell in a removed group go too.
 *  3. Fewer than 8 items left: the defaults (OPTIM_DEFAULTS).
 *  4. S0 pretraining per first rating (ternary search of the count-
 *     weighted log loss, Laplace-smoothed recall, L1 pull |S-S0|/16),
 *     then smooth_and_fill for the missing ratings.  When every item is a
 *     first long-term review or fewer than 64 are left: pretrained S0
 *     and default w4-w20 (OPTIM_PRETRAINED).
 *  5. Adam (0.9, 0.999, 1e-8; lr 4e-2 cosine-annealed over
 *     (N/512 + 1) * 5 steps), 5 epochs of batches of at most 512 items
 *     (the items of one card in one batch; cards dealt at random by a
 *     seeded generator each epoch, where fsrs-rs sorts them by length and
 *     shuffles the batch order); after each epoch the parameters with
 *     the least training loss so far are kept (fsrs-rs 6.5); loss:
 *     the recency-weighted (0.25 + 0.75 (i/N)^3) binary cross-entropy
 *     summed over the batch, plus
 *     (batch/N) * sum(((w - w_init) / sigma)^2); gradients analytic
 *     (forward-mode through each card's reviews); parameters clamped after
 *     every step (optim_clamp); items of more than 256 reviews left out.
 *  6. Post-smoothing of w0-w3 by the pretraining's rating counts.
 */
#ifndef MEMDRILL_OPTIMIZE_H
#define MEMDRILL_OPTIMIZE_H

#include <stddef.h>
#include <stdint.h>

#include "util/strmap.h"

/* One review as the optimizer reads it (16 bytes: logs are long). */
struct optim_review {
	int64_t time_ms;	/* ms since the epoch, UTC */
	uint32_t card;		/* dense card index, by first arrival */
	uint8_t rating;		/* 1..4 */
	int8_t state;		/* before: 0 new, 1 learning, 2 review,
				 * 3 relearning, 4 manual; -1 unknown */
};

/* A review log; OPTIM_LOG_INIT is empty. */
struct optim_log {
	struct optim_review *rev;
	size_t n, alloc;
	size_t ncards;
	int have_state;		/* every review carries a state */
	/* review durations: sum (s) and count by state 0..3 and rating */
	double dur_sum[4][4];
	long dur_n[4][4];
	struct strmap ids;	/* CSV card ids (copies in @blocks) */
	char **blocks;
	size_t nblocks, blocks_alloc, block_used;
	int64_t *idkey;		/* optim_log_add()'s card ids -> dense */
	uint32_t *idval;
	size_t idsize;
};

#define OPTIM_LOG_INIT { NULL, 0, 0, 0, 1, { { 0 } }, { { 0 } }, \
			 STRMAP_INIT, NULL, 0, 0, 0, NULL, NULL, 0 }

/*
 * Add a review of card @card (any identity); @state < 0 (or above 4) when
 * unknown; @duration_ms <= 0 when unknown.  A rating outside 1..4 (a
 * foreign database's) is left out.  A log is filled either by this or by
 * optim_log_csv(), not both.
 */
void optim_log_add(struct optim_log *l, int64_t card, int64_t time_ms,
		   int rating, int state, int64_t duration_ms);

/*
 * Add the reviews of review-log CSV text (@len bytes), read by
 * core/revlog-csv.h (the `revlog export` schema: card_id, review_time,
 * review_rating, optionally review_state and review_duration).  The log
 * keeps copies of the card ids: @csv may go as soon as this returns.
 * Returns the rows added, or -1 with "LINE: ..." in @err.
 */
long optim_log_csv(struct optim_log *l, const char *csv, size_t len,
		   char *err, size_t errsz);

void optim_log_release(struct optim_log *l);

/* Training items: per card, its reviews since the last reset. */
struct optim_item {
	uint32_t card;		/* index into the set's cards */
	uint32_t pos;		/* the review's index in its card (>= 1) */
	int64_t time_ms;
};

struct optim_set {
	size_t ncards;
	size_t *off;		/* ncards + 1 offsets into rating/dt */
	uint8_t *rating;
	uint32_t *dt;		/* whole days since the previous review */
	struct optim_item *items;	/* in time order */
	size_t nitems;
	size_t nreviews;	/* reviews kept (all of the cards') */
};

/*
 * Build @set from @l with days starting at @rollover_hour local time.
 * Reviews of a card with the same time keep their order in the log.
 * Never fails (allocation aborts).
 */
void optim_items(struct optim_log *l, int rollover_hour,
		 struct optim_set *set);
void optim_set_release(struct optim_set *set);

enum {
	OPTIM_DEFAULTS,		/* too few items: the defaults */
	OPTIM_PRETRAINED,	/* pretrained S0, default w4-w20 */
	OPTIM_TRAINED,		/* the whole fit */
};

struct optim_opts {
	int relearn_steps;	/* relearning steps (clamps of w17, w18) */
	int epochs;		/* 0: 5 */
	int batch_size;		/* items; 0: 512 */
	uint64_t seed;		/* batch shuffling */
	/*
	 * Called after each batch with the items done and the total (over
	 * all epochs, all folds); non-zero aborts.  May be NULL.
	 */
	int (*progress)(void *arg, size_t done, size_t total);
	void *arg;
};

struct optim_result {
	double w[21];
	int status;		/* OPTIM_* */
	size_t ntrain;		/* items after the outlier filter */
	size_t ninit;		/* first long-term items for pretraining */
};

/*
 * Fit the parameters to the first @n items of @set (all: @n =
 * set->nitems).  Returns 0, or -1 when the progress callback aborted.
 */
int optim_fit(const struct optim_set *set, size_t n,
	      const struct optim_opts *o, struct optim_result *res);

struct optim_metrics {
	double log_loss, rmse_bins;
	size_t n;		/* items evaluated */
};

/*
 * Log loss and RMSE(bins) of @w on every item of @set, recency-weighted
 * as fsrs-rs's evaluate().  RMSE(bins) groups items by delta_t, review
 * count and lapse count (fsrs-rs's r_matrix bins).
 */
void optim_evaluate(const struct optim_set *set, const double *w,
		    struct optim_metrics *m);

/*
 * fsrs-rs's time-series split: items in 6 segments; fold i fits on
 * segments 0..i and predicts segment i+1 (the last fold to the end).
 * @fitted gets the metrics of the folds' fits, @current those of @w on
 * the same test items (unweighted).  Returns 0, -1 when aborted, or 1
 * when there are fewer than 6 items.
 */
int optim_evaluate_split(const struct optim_set *set, const double *w,
			 const struct optim_opts *o,
			 struct optim_metrics *fitted,
			 struct optim_metrics *current);

/*
 * Is a new fit worth offering?  1 when the log holds @reviews and the
 * parameters were fitted at @fit_reviews (0: never) and the reviews have
 * doubled since, or, never fitted, there are at least 400; else 0.
 */
int optim_refit_due(long reviews, long fit_reviews);

/*
 * Clamp @w to the optimizer's bounds (fsrs-rs's parameter clipper): the
 * ceiling of w17 and w18 depends on @relearn_steps when above 1.
 */
void optim_clamp(double *w, int relearn_steps);

/*
 * Total weighted loss and its gradient (added to @grad[21]) of the
 * items of one card: @rating/@dt its reviews (@n), @weight[i] > 0 for
 * an item at review i.  Exposed for the unit test's finite differences.
 */
double optim_card_loss(const double *w, const uint8_t *rating,
		       const uint32_t *dt, const float *weight, size_t n,
		       double *grad);

#endif
