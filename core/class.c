// SPDX-License-Identifier: GPL-2.0
/*
 * class.c - a class repository's logs summed per card, lab and student
 * (see class.h).  Each student's events are replayed per card with
 * events_replay(), the same replay every device uses, so a student's
 * difficulty here is the one their own collection shows.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/class.h"
#include "core/events.h"
#include "util/dir.h"
#include "util/strmap.h"
#include "util/xalloc.h"

struct class_ctx {
	struct class_report *r;
	const struct config *cfg;
	struct strmap cards, labs;
	size_t calloc_, lalloc, walloc;
	int student;		/* index in r->students */
	struct event *ev;	/* the student's card events */
	size_t n, alloc;
	struct class_card *card;	/* the card being replayed */
};

int class_pct(long a, long b)
{
	if (b <= 0)
		return -1;
	return (int)((a * 100 + b / 2) / b);
}

static void class_count_add(struct class_count *c, int mature, int passed)
{
	c->reviews++;
	c->mature += mature;
	c->passed += mature && passed;
}

static struct class_card *class_card_get(struct class_ctx *x,
					 const char *key)
{
	struct class_report *r = x->r;
	size_t i;

	if (strmap_get(&x->cards, key, strlen(key), &i))
		return &r->cards[i];
	r->cards = xgrow(r->cards, &x->calloc_, r->ncards + 1,
			 sizeof(*r->cards));
	memset(&r->cards[r->ncards], 0, sizeof(*r->cards));
	r->cards[r->ncards].key = xstrdup(key);
	r->cards[r->ncards].last = -1;
	strmap_put(&x->cards, r->cards[r->ncards].key, strlen(key),
		   r->ncards);
	return &r->cards[r->ncards++];
}

static void class_lab_add(struct class_ctx *x, const struct event *e)
{
	struct class_report *r = x->r;
	struct class_student *st = &r->students[x->student];
	struct class_lab *l;
	size_t i;
	int pass = !strcmp(e->verdict, "pass");

	if (!strmap_get(&x->labs, e->subject, strlen(e->subject), &i)) {
		r->labs = xgrow(r->labs, &x->lalloc, r->nlabs + 1,
				sizeof(*r->labs));
		memset(&r->labs[r->nlabs], 0, sizeof(*r->labs));
		r->labs[r->nlabs].lab = xstrdup(e->subject);
		r->labs[r->nlabs].last = -1;
		i = r->nlabs++;
		strmap_put(&x->labs, r->labs[i].lab, strlen(e->subject), i);
	}
	l = &r->labs[i];
	if (l->last != x->student) {
		l->last = x->student;
		l->students++;
	}
	l->runs++;
	l->passes += pass;
	st->lab_runs++;
	st->lab_passes += pass;
}

/* events_read_file's callback: labs counted, card events kept. */
static int class_collect(void *arg, const struct event *e)
{
	struct class_ctx *x = arg;

	if (e->kind == EVENT_LAB) {
		class_lab_add(x, e);
		return 0;
	}
	x->ev = xgrow(x->ev, &x->alloc, x->n + 1, sizeof(*x->ev));
	x->ev[x->n++] = *e;
	return 0;
}

/* events_replay's callback: one review that counts. */
static void class_review(void *arg, const struct store_review *rv)
{
	struct class_ctx *x = arg;
	struct class_student *st = &x->r->students[x->student];
	int mature = rv->state == STORE_REVIEW, passed = rv->rating > 1;
	int64_t day = rv->time_ms / 1000 / 86400, monday;
	size_t i;

	monday = (day - (day + 3) % 7) * 86400;
	class_count_add(&x->card->n, mature, passed);
	class_count_add(&st->n, mature, passed);
	for (i = 0; i < st->nweeks; i++)
		if (st->weeks[i].monday == monday)
			break;
	if (i == st->nweeks) {
		size_t alloc = st->nweeks;

		st->weeks = xgrow(st->weeks, &alloc, st->nweeks + 1,
				  sizeof(*st->weeks));
		memset(&st->weeks[i], 0, sizeof(*st->weeks));
		st->weeks[i].monday = monday;
		st->nweeks++;
	}
	class_count_add(&st->weeks[i].n, mature, passed);
}

static int class_ev_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	int c = strcmp(x->subject, y->subject);

	return c ? c : events_cmp(a, b);
}

/* Replay the student's card events, card by card. */
static void class_replay(struct class_ctx *x)
{
	size_t i = 0, j;

	if (x->n)
		qsort(x->ev, x->n, sizeof(*x->ev), class_ev_cmp);
	while (i < x->n) {
		struct events_result res;
		struct store_sched ss;

		for (j = i + 1; j < x->n &&
		     !strcmp(x->ev[j].subject, x->ev[i].subject); j++)
			;
		x->card = class_card_get(x, x->ev[i].subject);
		events_replay(x->cfg, x->ev[i].subject, x->ev + i, j - i, &ss,
			      class_review, x, &res);
		if (res.reviews && x->card->last != x->student) {
			x->card->last = x->student;
			x->card->reviewers++;
			x->card->dsum += ss.difficulty;
			x->card->lapses += ss.lapses;
		}
		i = j;
	}
	x->n = 0;
}

static int class_week_cmp(const void *a, const void *b)
{
	const struct class_week *x = a, *y = b;

	return (x->monday > y->monday) - (x->monday < y->monday);
}

/* Hardest first: retention up (none last), difficulty down, key. */
static int class_card_cmp(const void *a, const void *b)
{
	const struct class_card *x = a, *y = b;
	int px = class_pct(x->n.passed, x->n.mature);
	int py = class_pct(y->n.passed, y->n.mature);

	if ((px < 0) != (py < 0))
		return px < 0 ? 1 : -1;
	if (px != py)
		return px < py ? -1 : 1;
	if (x->difficulty != y->difficulty)
		return x->difficulty > y->difficulty ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int class_lab_cmp(const void *a, const void *b)
{
	const struct class_lab *x = a, *y = b;
	int px = class_pct(x->passes, x->runs);
	int py = class_pct(y->passes, y->runs);

	if (px != py)
		return px < py ? -1 : 1;
	return strcmp(x->lab, y->lab);
}

static int class_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The student folders of @dir, sorted; count returned, -1 on error. */
static int class_students(const char *dir, char ***names)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct sbuf path = SBUF_INIT;
	size_t n = 0, alloc = 0;

	*names = NULL;
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		sbuf_reset(&path);
		sbuf_addf(&path, "%s/%s", dir, de->d_name);
		if (lstat(path.buf, &sb) < 0 || !S_ISDIR(sb.st_mode))
			continue;
		*names = xgrow(*names, &alloc, n + 1, sizeof(**names));
		(*names)[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	sbuf_release(&path);
	if (n)
		qsort(*names, n, sizeof(**names), class_name_cmp);
	return (int)n;
}

/* One student's files. */
static void class_student(struct class_ctx *x, const char *reviews,
			  const char *name)
{
	struct class_report *r = x->r;
	struct sbuf dir = SBUF_INIT, path = SBUF_INIT;
	char why[256];
	char **files = NULL;
	int i, n, line;

	sbuf_addf(&dir, "%s/%s", reviews, name);
	n = dir_list(dir.buf, ".tsv", &files);
	for (i = 0; i < n; i++) {
		size_t keep = x->n, len = strlen(files[i]) - 4;

		files[i][len] = '\0';
		if (!event_device_valid(files[i])) {
			sbuf_addf(&r->skipped, "reviews/%s/%s.tsv: not "
				  "DEVICE.tsv\n", name, files[i]);
			continue;
		}
		sbuf_reset(&path);
		sbuf_addf(&path, "%s/%s.tsv", dir.buf, files[i]);
		if (events_read_file(path.buf, files[i], 0, class_collect, x,
				     &line, why, sizeof(why))) {
			x->n = keep;
			if (line)
				sbuf_addf(&r->skipped, "reviews/%s/%s.tsv:%d:"
					  " %s\n", name, files[i], line, why);
			else
				sbuf_addf(&r->skipped, "reviews/%s/%s.tsv: "
					  "%s\n", name, files[i], why);
		}
	}
	dir_list_free(files);
	sbuf_release(&dir);
	sbuf_release(&path);
	class_replay(x);
}

int class_load(const char *dir, const struct config *cfg,
	       struct class_report *r, char *err, size_t errsz)
{
	struct class_ctx x = { .r = r, .cfg = cfg, .cards = STRMAP_INIT,
			       .labs = STRMAP_INIT };
	struct sbuf reviews = SBUF_INIT;
	char **names;
	size_t i, salloc = 0;
	int n, k;

	memset(r, 0, sizeof(*r));
	sbuf_init(&r->skipped);
	sbuf_addf(&reviews, "%s/reviews", dir);
	n = class_students(reviews.buf, &names);
	if (n < 0) {
		sbuf_release(&reviews);
		snprintf(err, errsz, "no class repository at '%s': it has no "
			 "reviews/ folder", dir);
		return -1;
	}
	for (k = 0; k < n; k++) {
		struct class_student *st;

		if (!event_device_valid(names[k])) {
			sbuf_addf(&r->skipped, "reviews/%s: not a student "
				  "name\n", names[k]);
			free(names[k]);
			continue;
		}
		r->students = xgrow(r->students, &salloc, r->nstudents + 1,
				    sizeof(*r->students));
		st = &r->students[r->nstudents];
		memset(st, 0, sizeof(*st));
		st->name = names[k];
		x.student = (int)r->nstudents++;
		class_student(&x, reviews.buf, st->name);
		if (st->nweeks)
			qsort(st->weeks, st->nweeks, sizeof(*st->weeks),
			      class_week_cmp);
	}
	free(names);
	free(x.ev);
	sbuf_release(&reviews);
	strmap_release(&x.cards);
	strmap_release(&x.labs);
	for (i = 0; i < r->ncards; i++)
		if (r->cards[i].reviewers)
			r->cards[i].difficulty = r->cards[i].dsum /
				r->cards[i].reviewers;
	if (r->ncards)
		qsort(r->cards, r->ncards, sizeof(*r->cards), class_card_cmp);
	if (r->nlabs)
		qsort(r->labs, r->nlabs, sizeof(*r->labs), class_lab_cmp);
	return 0;
}

void class_release(struct class_report *r)
{
	size_t i;

	for (i = 0; i < r->ncards; i++)
		free(r->cards[i].key);
	for (i = 0; i < r->nlabs; i++)
		free(r->labs[i].lab);
	for (i = 0; i < r->nstudents; i++) {
		free(r->students[i].name);
		free(r->students[i].weeks);
	}
	free(r->cards);
	free(r->labs);
	free(r->students);
	sbuf_release(&r->skipped);
	memset(r, 0, sizeof(*r));
}
