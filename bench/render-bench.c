// SPDX-License-Identifier: GPL-2.0
/*
 * render-bench.c - driver for bench/render.sh: parse deck files with the
 * deck parser, render each card's question and answer at a width
 * (Markdown -> lines -> plain text), and print the median, 90th percentile
 * and maximum time per card over @reps repetitions each.
 *
 *	render-bench WIDTH REPS FILE...
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/deck.h"
#include "core/render.h"
#include "core/term.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

static double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Render @md once into @out. */
static void bench_render(const char *md, int width, struct sbuf *out)
{
	struct render_opts o = { width, 0, 0 };
	struct render_doc doc = RENDER_DOC_INIT;

	render_markdown(md, strlen(md), &o, &doc);
	term_doc(out, &doc, 0, width, 0);
	render_doc_release(&doc);
}

/* Time one card (question and answer): mean seconds over @reps. */
static double bench_card(const struct deck_card *c, int width, int reps)
{
	struct sbuf out = SBUF_INIT;
	double t0 = bench_now();
	int i;

	for (i = 0; i < reps; i++) {
		sbuf_reset(&out);
		bench_render(c->question, width, &out);
		bench_render(c->answer, width, &out);
	}
	sbuf_release(&out);
	return (bench_now() - t0) / reps;
}

int main(int argc, char **argv)
{
	double *t = NULL;
	size_t n = 0, alloc = 0;
	int width, reps, f;

	if (argc < 4) {
		fprintf(stderr, "usage: render-bench WIDTH REPS FILE...\n");
		return 2;
	}
	setlocale(LC_ALL, "C.UTF-8");
	width = atoi(argv[1]);
	reps = atoi(argv[2]);
	for (f = 3; f < argc; f++) {
		struct sbuf sb = SBUF_INIT;
		struct deck d = DECK_INIT;
		size_t i;

		if (sbuf_read_file(&sb, argv[f])) {
			perror(argv[f]);
			return 2;
		}
		deck_parse(&d, argv[f], sb.buf, sb.len);
		for (i = 0; i < d.ncards; i++) {
			t = xgrow(t, &alloc, n + 1, sizeof(*t));
			t[n++] = bench_card(&d.cards[i], width, reps);
		}
		deck_release(&d);
		sbuf_release(&sb);
	}
	if (!n)
		return 2;
	qsort(t, n, sizeof(*t), bench_cmp);
	printf("cards %zu width %d reps %d\n", n, width, reps);
	printf("median %.1f us/card, p90 %.1f us, max %.1f us\n",
	       t[n / 2] * 1e6, t[n * 9 / 10] * 1e6, t[n - 1] * 1e6);
	printf("target: median under 1000 us: %s\n",
	       t[n / 2] < 1e-3 ? "met" : "NOT met");
	free(t);
	return 0;
}
