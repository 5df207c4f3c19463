/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test.h - a minimal unit-test harness, header only.
 *
 * A test file defines test functions and a main that calls TEST_RUN(fn) for
 * each, then returns test_done().  CHECK* record a failure with file:line and
 * carry on.  A test passes when it made at least one check and none
 * failed; a test that checks nothing fails (it cannot fail otherwise), and
 * so does a failed check made outside any test.  The run ends with
 * "N passed, N failed (M checks)", counting tests, and exits 1 when any
 * test failed.
 *
 *	static void test_grow(void)
 *	{
 *		CHECK_INT(f(2), 4);
 *	}
 *	int main(void)
 *	{
 *		TEST_RUN(test_grow);
 *		return test_done();
 *	}
 */
#ifndef MEMDRILL_TEST_H
#define MEMDRILL_TEST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_passed, test_failed;	/* tests */
static int test_checks, test_checks_failed, test_outside_failed;
static const char *test_current;

/* Run one test function and count it by the checks it made. */
static inline void test_run(void (*fn)(void), const char *name)
{
	int checks = test_checks, failed = test_checks_failed;

	test_current = name;
	fn();
	test_current = NULL;
	if (test_checks == checks) {
		fprintf(stderr, "%s: made no check\n", name);
		test_failed++;
	} else if (test_checks_failed != failed) {
		test_failed++;
	} else {
		test_passed++;
	}
}

#define TEST_RUN(fn) test_run(fn, #fn)

/*
 * The top of the source tree, for test data files: $TEST_TOP (run.sh sets
 * it), else the current folder.  No build path is compiled in.
 */
static inline const char *test_top(void)
{
	const char *top = getenv("TEST_TOP");

	return top && *top ? top : ".";
}

/*
 * Remove the scratch folder @dir (a mkdtemp() result: no quote in it) and
 * everything in it.  0, or -1 when rm failed.
 */
static inline int test_rmtree(const char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

#define CHECK_MSG(cond, ...) do { \
	test_checks++; \
	if (!(cond)) { \
		test_checks_failed++; \
		test_outside_failed += !test_current; \
		fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, \
			test_current ? test_current : "main"); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
	} \
} while (0)

#define CHECK(cond) CHECK_MSG(cond, "check failed: %s", #cond)

#define CHECK_INT(actual, expected) do { \
	long long a_ = (long long)(actual), e_ = (long long)(expected); \
	CHECK_MSG(a_ == e_, "%s = %lld, expected %lld", #actual, a_, e_); \
} while (0)

#define CHECK_STR(actual, expected) do { \
	const char *a_ = (actual), *e_ = (expected); \
	CHECK_MSG(a_ && e_ && !strcmp(a_, e_), \
		  "%s =\n---\n%s\n---\nexpected\n---\n%s\n---", #actual, \
		  a_ ? a_ : "(null)", e_ ? e_ : "(null)"); \
} while (0)

/* Relative tolerance @rel (absolute when expected is 0). */
#define CHECK_NEAR(actual, expected, rel) do { \
	double a_ = (actual), e_ = (expected); \
	double d_ = fabs(a_ - e_), s_ = fabs(e_) > 0 ? fabs(e_) : 1; \
	CHECK_MSG(d_ <= (rel) * s_, "%s = %.10g, expected %.10g", \
		  #actual, a_, e_); \
} while (0)

static inline int test_done(void)
{
	test_failed += test_outside_failed > 0;
	printf("%d passed, %d failed (%d checks, %d failed)\n", test_passed,
	       test_failed, test_checks, test_checks_failed);
	return test_failed ? 1 : 0;
}

#endif
