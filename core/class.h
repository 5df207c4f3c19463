/* SPDX-License-Identifier: GPL-2.0 */
/*
 * class.h - the instructor's view of a class repository: every student's
 * event logs (reviews/STUDENT/DEVICE.tsv, docs/sync.md) replayed per
 * student and card, summed per card, per lab and per student.  Pure
 * apart from reading the files; nothing here prints.
 *
 * True retention is the share of reviews of cards in the review state
 * (not new, not in a learning step) that were not Again; difficulty is a
 * reviewer's FSRS difficulty after their last review of the card.
 */
#ifndef MEMDRILL_CLASS_H
#define MEMDRILL_CLASS_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "util/sbuf.h"

/* Reviews, of which of review-state cards, of which passed. */
struct class_count {
	long reviews, mature, passed;
};

struct class_card {
	char *key;
	int reviewers;		/* students with a review that counts */
	struct class_count n;
	double difficulty;	/* mean over the reviewers */
	long lapses;		/* over all reviewers */
	int last;		/* internal: the last student counted */
	double dsum;
};

struct class_lab {
	char *lab;
	int students;		/* students who ran it */
	long runs, passes;
	int last;
};

struct class_week {
	int64_t monday;		/* unix time of its Monday, 00:00 UTC */
	struct class_count n;
};

struct class_student {
	char *name;
	struct class_count n;
	long lab_runs, lab_passes;
	struct class_week *weeks;	/* in time order */
	size_t nweeks;
};

struct class_report {
	struct class_card *cards;	/* hardest first */
	size_t ncards;
	struct class_lab *labs;		/* lowest pass rate first */
	size_t nlabs;
	struct class_student *students;	/* by name */
	size_t nstudents;
	/* files skipped: "reviews/S/D.tsv:LINE: why" lines */
	struct sbuf skipped;
};

/*
 * Read every reviews/STUDENT/DEVICE.tsv under @dir and fill @r, replaying
 * under @cfg.  Cards are ordered hardest first: lowest true retention
 * (cards without a review-state review last), then highest mean
 * difficulty, then key; labs by pass rate, then id.  A bad file is
 * skipped and named in r->skipped.  Returns 0, or -1 with a message when
 * @dir has no reviews/ folder.
 */
int class_load(const char *dir, const struct config *cfg,
	       struct class_report *r, char *err, size_t errsz);

void class_release(struct class_report *r);

/* 0..100 percent of @a in @b, or -1 when @b is 0. */
int class_pct(long a, long b);

#endif
