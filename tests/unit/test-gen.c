// SPDX-License-Identifier: GPL-2.0
/*
 * test-gen.c - `sim gen` exercises (sim/scn-gen.c): every seed from 1 to
 * 1000 of every kind gives an exercise the simulator solves, with an
 * answer per question, and the exercise with its answers as expect lines
 * (what `sim gen --solve` prints) passes; the same seed gives the same
 * exercise.
 */
#include <string.h>

#include "sim/scn-gen.h"
#include "sim/scn.h"
#include "test.h"

static int gen_passed, gen_failed;

static void gen_out(void *ctx, enum scn_out_kind kind, const char *text)
{
	(void)ctx;
	(void)text;
	if (kind == SCN_OUT_PASS)
		gen_passed++;
	if (kind == SCN_OUT_FAIL)
		gen_failed++;
}

/* Seed @seed of @kind: solvable, nq answers, and its --solve passes. */
static void gen_one(enum scn_gen_kind kind, unsigned long long seed, int nq)
{
	struct mm_buf text = { 0 }, ans = { 0 }, solved = { 0 };
	char err[300], *line, *nl;
	struct scn s;
	int n = 0, r;

	r = scn_gen(kind, seed, &text, &ans, err, sizeof(err));
	CHECK_MSG(r == 0, "kind %d seed %llu: %s", kind, seed, err);
	if (r)
		goto out;
	mm_buf_printf(&solved, "%s", text.s);
	for (line = ans.s; line && *line; line = nl + 1) {
		char *sp = strchr(line, ' ');

		nl = strchr(line, '\n');
		mm_buf_printf(&solved, "expect %.*s == %.*s\n",
			      (int)(sp - line), line, (int)(nl - sp - 1),
			      sp + 1);
		n++;
	}
	CHECK_INT(n, nq);
	scn_init(&s, "gen.scn");
	s.out = gen_out;
	gen_passed = gen_failed = 0;
	CHECK_INT(scn_run_text(&s, solved.s), 0);
	CHECK_INT(gen_failed, 0);
	CHECK_INT(gen_passed, nq);
	scn_free(&s);
out:
	mm_buf_free(&text);
	mm_buf_free(&ans);
	mm_buf_free(&solved);
}

static void test_every_seed(void)
{
	unsigned long long seed;

	for (seed = 1; seed <= 1000; seed++) {
		gen_one(SCN_GEN_BUDDY, seed, 11);
		gen_one(SCN_GEN_SLAB, seed, 6);
	}
}

static void test_reproducible(void)
{
	struct mm_buf a = { 0 }, b = { 0 }, x = { 0 }, y = { 0 };
	char err[300];

	CHECK_INT(scn_gen(SCN_GEN_SLAB, 42, &a, &x, err, sizeof(err)), 0);
	CHECK_INT(scn_gen(SCN_GEN_SLAB, 42, &b, &y, err, sizeof(err)), 0);
	CHECK_STR(a.s, b.s);
	CHECK_STR(x.s, y.s);
	mm_buf_free(&b);
	CHECK_INT(scn_gen(SCN_GEN_SLAB, 43, &b, &y, err, sizeof(err)), 0);
	CHECK(strcmp(a.s, b.s) != 0);
	mm_buf_free(&a);
	mm_buf_free(&b);
	mm_buf_free(&x);
	mm_buf_free(&y);
}

int main(void)
{
	TEST_RUN(test_every_seed);
	TEST_RUN(test_reproducible);
	return test_done();
}
